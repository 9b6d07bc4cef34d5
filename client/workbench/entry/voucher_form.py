"""凭证录入: a voucher typed line by line from the keyboard.

Enter moves through summary, account, debit, credit; Enter after the last line's
credit adds a line (with the previous summary). "=" in an amount field fills the
amount that balances the voucher. Running totals show under the grid, the
difference in red until it is zero, with the total in Chinese capitals.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from client.shell.page_context import PageContext
from client.widgets.code_picker import CodePicker
from client.widgets.look import set_look, set_state
from client.widgets.money_edit import MoneyEdit
from client.widgets.print_preview import PrintPreview
from client.workbench.entry.form_base import EntryForm
from common.enums import VoucherType
from common.money import format_money, to_capitals
from common.schemas.documents import DraftIn, VoucherIn, VoucherLineIn

ZERO = Decimal("0.00")


class LineRow:
    """The four editors of one line."""

    def __init__(self, index: int) -> None:
        self.summary = QLineEdit()
        self.summary.setObjectName(f"line{index}_summary")
        self.summary.setMaxLength(200)
        self.account = CodePicker()
        self.account.setObjectName(f"line{index}_account")
        self.debit = MoneyEdit(allow_negative=True)
        self.debit.setObjectName(f"line{index}_debit")
        self.credit = MoneyEdit(allow_negative=True)
        self.credit.setObjectName(f"line{index}_credit")

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.summary, self.account, self.debit, self.credit)

    def is_blank(self) -> bool:
        return not (
            self.summary.text().strip()
            or self.account.current_id
            or self.debit.value()
            or self.credit.value()
        )

    def line(self) -> VoucherLineIn:
        return VoucherLineIn(
            summary=self.summary.text().strip(),
            account_id=self.account.current_id,
            debit=self.debit.value() or ZERO,
            credit=self.credit.value() or ZERO,
        )


class VoucherForm(EntryForm):
    FORM_KEY = "voucher"

    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.setObjectName("voucherForm")
        self.rows: list[LineRow] = []
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("voucherType")
        for voucher_type in VoucherType:
            self.type_combo.addItem("", voucher_type)
        self.attachments = QSpinBox()
        self.attachments.setObjectName("attachments")
        self.attachments.setRange(0, 999)
        self.heading = QLabel()
        self.heading.setObjectName("formHeading")
        set_look(self.heading, "title")
        self.number_label = QLabel()
        self.number_label.setObjectName("voucherNumber")
        self.header_labels = [QLabel() for _ in range(5)]
        header = QFormLayout()
        for label, (field, widget) in zip(
            self.header_labels[:4],
            (
                ("doc_date", self.date_edit),
                ("unit_id", self.unit_picker),
                ("voucher_type", self.type_combo),
                ("attachment_count", self.attachments),
            ),
            strict=True,
        ):
            self.add_field(header, field, label, widget)
        self.add_paper_reason(header, self.header_labels[4])
        self.column_titles = [QLabel() for _ in range(4)]
        self.grid = QGridLayout()
        for column, title in enumerate(self.column_titles):
            set_look(title, "strong")
            self.grid.addWidget(title, 0, column)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 2)
        self.grid.setColumnStretch(3, 2)
        grid_box = QWidget()
        grid_outer = QVBoxLayout(grid_box)
        grid_outer.addLayout(self.grid)
        grid_outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_box)
        self.lines_error = QLabel()
        self.lines_error.setObjectName("error_lines")
        set_state(self.lines_error, "error")
        self.field_errors["lines"] = self.lines_error
        self.debit_total = QLabel()
        self.debit_total.setObjectName("debitTotal")
        self.credit_total = QLabel()
        self.credit_total.setObjectName("creditTotal")
        self.difference = QLabel()
        self.difference.setObjectName("difference")
        self.capitals = QLabel()
        self.capitals.setObjectName("totalCapitals")
        totals = QHBoxLayout()
        for label in (self.debit_total, self.credit_total, self.difference):
            totals.addWidget(label)
        totals.addStretch(1)
        self.add_line_button = QPushButton()
        self.add_line_button.setObjectName("addLine")
        self.add_line_button.setProperty("ownTip", True)  # says the Enter shortcut itself
        self.add_line_button.clicked.connect(self._add_line_clicked)
        self.remove_line_button = QPushButton()
        self.remove_line_button.setObjectName("removeLine")
        self.remove_line_button.setProperty("ownTip", True)
        self.remove_line_button.clicked.connect(self.remove_current_line)
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.add_line_button)
        line_buttons.addWidget(self.remove_line_button)
        line_buttons.addStretch(1)
        self.current_line = 0  # the line last typed in: what 删除分录 removes
        self.preview_dialog: PrintPreview | None = None
        self.print_button = QPushButton()
        self.print_button.setObjectName("printPreview")
        self.print_button.clicked.connect(self.print_preview)
        bar = self.button_bar()
        bar.insertWidget(3, self.print_button)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.number_label)
        layout.addLayout(top)
        header_box = QWidget()
        header_box.setLayout(header)
        header_box.setMaximumWidth(560)
        layout.addWidget(header_box)
        layout.addWidget(scroll, 1)
        layout.addLayout(line_buttons)
        layout.addWidget(self.lines_error)
        layout.addLayout(totals)
        layout.addWidget(self.capitals)
        layout.addWidget(self.attachment_panel.strip)
        layout.addWidget(self.message)
        layout.addLayout(bar)
        remove = QShortcut(QKeySequence("Ctrl+Delete"), self)
        remove.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove.activated.connect(self.remove_current_line)
        for _ in range(2):
            self.add_line()
        self.retranslate()
        self.update_totals()

    # -- lines ------------------------------------------------------------
    def add_line(self) -> LineRow:
        row = LineRow(len(self.rows))
        if self.reference.data is not None:
            row.account.set_entries(self.reference.accounts())
        self.rows.append(row)
        for column, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, len(self.rows), column)
            widget.show()  # at once, so the new line can take the focus
            self.watch(widget)
        for edit in (row.debit, row.credit):
            edit.textChanged.connect(self.update_totals)
        row.account.unknown.connect(self.lines_error.setText)
        return row

    def _add_line_clicked(self) -> None:
        row = self.add_line()
        row.summary.setFocus()

    def remove_current_line(self) -> None:
        """删除分录 (Ctrl+Delete): the line last typed in; a voucher keeps two lines."""
        if len(self.rows) <= 2 or not 0 <= self.current_line < len(self.rows):
            return
        lines = [r.line() for r in self.rows]
        del lines[self.current_line]
        self._set_lines(lines)
        self.current_line = min(self.current_line, len(self.rows) - 1)
        self.rows[self.current_line].summary.setFocus()
        self.dirty = True

    def _set_lines(self, lines: list[VoucherLineIn]) -> None:
        while len(self.rows) > max(2, len(lines)):
            row = self.rows.pop()
            for widget in row.widgets():
                self.grid.removeWidget(widget)
                widget.deleteLater()
        while len(self.rows) < max(2, len(lines)):
            self.add_line()
        for index, row in enumerate(self.rows):
            line = lines[index] if index < len(lines) else None
            row.summary.setText(line.summary if line else "")
            row.account.set_current(line.account_id if line else None)
            row.debit.set_value(line.debit if line else None)
            row.credit.set_value(line.credit if line else None)
        self.update_totals()

    def totals(self) -> tuple[Decimal, Decimal]:
        debit = sum((row.debit.value() or ZERO for row in self.rows), ZERO)
        credit = sum((row.credit.value() or ZERO for row in self.rows), ZERO)
        return debit, credit

    def update_totals(self) -> None:
        debit, credit = self.totals()
        self.debit_total.setText(self.tr("借方合计:{amount}").format(amount=format_money(debit)))
        self.credit_total.setText(self.tr("贷方合计:{amount}").format(amount=format_money(credit)))
        gap = debit - credit
        self.difference.setText(self.tr("差额:{amount}").format(amount=format_money(gap)))
        set_state(self.difference, "error" if gap else "ok")
        self.capitals.setText(
            self.tr("合计(大写):{capitals}").format(capitals=to_capitals(debit))
            if debit and not gap
            else ""
        )

    def fill_balance(self, edit: MoneyEdit) -> None:
        """Put into ``edit`` the amount that makes debit equal credit."""
        edit.clear()
        debit, credit = self.totals()
        is_debit = any(edit is row.debit for row in self.rows)
        amount = credit - debit if is_debit else debit - credit
        if amount > 0:
            edit.set_value(amount)
            self.dirty = True

    def _carry_summary(self, summary: QLineEdit) -> None:
        """An empty summary takes the line above's, selected so typing replaces it."""
        index = next((i for i, r in enumerate(self.rows) if r.summary is summary), 0)
        if index and not summary.text():
            summary.setText(self.rows[index - 1].summary.text())
            summary.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        focus_in = event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit)
        if focus_in:
            for index, row in enumerate(self.rows):
                if watched in row.widgets():
                    self.current_line = index
        if focus_in and any(watched is row.summary for row in self.rows):
            self._carry_summary(watched)  # type: ignore[arg-type]
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if isinstance(watched, MoneyEdit) and event.text() == "=":
                self.fill_balance(watched)
                return True
            is_enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if is_enter and plain and self.rows and watched is self.rows[-1].credit:
                row = self.add_line()
                row.summary.setFocus()
                return True
        return super().eventFilter(watched, event)

    # -- the form contract -------------------------------------------------
    def title(self) -> str:
        return self.tr("凭证录入")

    def fill_pickers(self) -> None:
        accounts = self.reference.accounts()
        for row in self.rows:
            row.account.set_entries(accounts)

    def draft(self) -> DraftIn:
        return VoucherIn(
            doc_date=self.doc_date(),
            unit_id=self.unit_picker.current_id or 0,
            voucher_type=self.type_combo.currentData(),
            attachment_count=self.attachments.value(),
            paper_reason=self.paper_reason_edit.text().strip(),
            lines=[row.line() for row in self.rows if not row.is_blank()],
        )

    def show_draft(self, draft: DraftIn) -> None:
        assert isinstance(draft, VoucherIn)
        self.date_edit.setDate(QDate(draft.doc_date.year, draft.doc_date.month, draft.doc_date.day))
        self.unit_picker.set_current(draft.unit_id)
        self.type_combo.setCurrentIndex(self.type_combo.findData(draft.voucher_type))
        self.attachments.setValue(draft.attachment_count)
        self.paper_reason_edit.setText(draft.paper_reason)
        self.show_paper_reason()
        self._set_lines(list(draft.lines))

    def clear(self) -> None:
        self._set_lines([])
        self.attachments.setValue(0)
        self.paper_reason_edit.clear()
        self.show_paper_reason()
        self.number_label.clear()
        if self.rows:
            self.rows[0].summary.setFocus()

    def mark_field(self, field: str) -> None:
        """``lines[2].debit`` marks that cell; ``lines[2]`` the whole line."""
        if not field.startswith("lines["):
            super().mark_field(field)
            return
        index_text, _, part = field[len("lines[") :].partition("]")
        if not index_text.isdigit():
            return
        lines = [row for row in self.rows if not row.is_blank()]
        if int(index_text) >= len(lines):
            return
        row = lines[int(index_text)]
        part = part.lstrip(".")
        columns = {"summary": row.summary, "account_id": row.account, "debit": row.debit}
        columns["credit"] = row.credit
        targets = [columns[part]] if part in columns else list(row.widgets())
        for widget in targets:
            set_state(widget, "marked")
        if not self.lines_error.text():
            self.lines_error.setText(self.message.text())

    def clear_errors(self) -> None:
        super().clear_errors()
        for row in self.rows:
            for widget in row.widgets():
                set_state(widget, None)

    def print_preview(self) -> None:
        from client.workbench.entry.voucher_print import preview

        self.preview_dialog = preview(self, self.print_data())

    def print_data(self) -> dict[str, object]:
        """What the printed voucher shows, taken from the screen."""
        unit = self.unit_picker.text()
        return {
            "type": self.type_combo.currentText(),
            "number": self.document.number if self.document and self.document.number else "",
            "date": self.doc_date().isoformat(),
            "unit": unit.partition(" ")[2] or unit,
            "attachments": self.attachments.value(),
            "lines": [
                (row.summary.text(), row.account.text(), row.debit.value(), row.credit.value())
                for row in self.rows
                if not row.is_blank()
            ],
            "maker": self._login.auth.me.display_name if self._login.auth.me else "",
        }

    def retranslate(self) -> None:
        self.new_button.setText(self.tr("新建"))
        self.add_line_button.setText(self.tr("增加分录"))
        self.add_line_button.setToolTip(self.tr("在最后增加一行(最后一行贷方按回车也可)"))
        self.remove_line_button.setText(self.tr("删除分录"))
        self.remove_line_button.setToolTip(self.tr("删除光标所在的分录行 (Ctrl+Delete)"))
        self.retranslate_batch()
        self.save_button.setText(self.tr("保存草稿 (Ctrl+S)"))
        self.submit_button.setText(self.tr("提交 (Ctrl+Enter)"))
        self.print_button.setText(self.tr("打印预览"))
        self.heading.setText(self.title())
        for label, text in zip(
            self.header_labels,
            (
                self.tr("日期:"),
                self.tr("预算单位:"),
                self.tr("凭证字:"),
                self.tr("附件张数:"),
                self.tr("纸质附件说明:"),
            ),
            strict=True,
        ):
            label.setText(text)
        for label, text in zip(
            self.column_titles,
            (self.tr("摘要"), self.tr("会计科目"), self.tr("借方金额"), self.tr("贷方金额")),
            strict=True,
        ):
            label.setText(text)
        names = {
            VoucherType.GENERAL: self.tr("记账凭证(记)"),
            VoucherType.RECEIPT: self.tr("收款凭证(收)"),
            VoucherType.PAYMENT: self.tr("付款凭证(付)"),
            VoucherType.TRANSFER: self.tr("转账凭证(转)"),
        }
        for index in range(self.type_combo.count()):
            self.type_combo.setItemText(index, names[self.type_combo.itemData(index)])
        for row in self.rows:
            for edit in (row.debit, row.credit):
                edit.setToolTip(self.tr("按 = 填入使借贷平衡的金额"))
        self.update_totals()

"""收入录入 and 支出录入: one form each, fields in the order a clerk reads the slip."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from client.shell.page_context import PageContext
from client.widgets.code_picker import CodePicker
from client.widgets.look import set_look
from client.widgets.money_edit import MoneyEdit
from client.workbench.entry.form_base import EntryForm
from common.enums import ItemKind, PaymentMethod
from common.money import to_capitals
from common.schemas.documents import DraftIn, ExpenditureIn, IncomeIn


def _text(name: str, max_length: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setMaxLength(max_length)
    return edit


class RecordForm(EntryForm):
    """The fields income and expenditure share; subclasses add theirs in between."""

    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.amount_edit = MoneyEdit()
        self.amount_edit.setObjectName("amount")
        self.capitals = QLabel()
        self.capitals.setObjectName("amountCapitals")
        self.amount_edit.textChanged.connect(self._show_capitals)
        self.summary_edit = _text("summary", 200)
        self.attachments = QSpinBox()
        self.attachments.setObjectName("attachments")
        self.attachments.setRange(0, 999)
        self.heading = QLabel()
        self.heading.setObjectName("formHeading")
        set_look(self.heading, "title")
        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}

    def row(self, field: str, widget: QWidget) -> None:
        label = QLabel()
        self.labels[field] = label
        self.add_field(self.form, field, label, widget)

    def finish_layout(self) -> None:
        self.labels["paper_reason"] = label = QLabel()
        self.add_paper_reason(self.form, label)
        self.form.addRow("", self.capitals)
        fields = QWidget()
        fields.setLayout(self.form)
        fields.setMaximumWidth(760)  # a slip is read down one column, not across the screen
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(fields)
        layout.addWidget(self.attachment_panel.strip)
        layout.addWidget(self.message)
        layout.addLayout(self.button_bar())
        layout.addStretch(1)
        self.retranslate()

    def _show_capitals(self) -> None:
        amount = self.amount_edit.value()
        self.capitals.setText(to_capitals(amount) if amount else "")

    def amount(self) -> Decimal:
        return self.amount_edit.value() or Decimal("0.00")

    def clear(self) -> None:
        """Ready for the next slip: date and unit stay, the rest is emptied."""
        for widget in self.field_widgets.values():
            if isinstance(widget, CodePicker) and widget is not self.unit_picker:
                widget.set_current(None)
            elif isinstance(widget, QLineEdit) and widget is not self.unit_picker:
                widget.clear()
        self.attachments.setValue(0)
        self.paper_reason_edit.clear()
        self.show_paper_reason()
        self.capitals.clear()

    def retranslate(self) -> None:
        self.new_button.setText(self.tr("新建"))
        self.retranslate_batch()
        self.save_button.setText(self.tr("保存草稿 (Ctrl+S)"))
        self.submit_button.setText(self.tr("提交 (Ctrl+Enter)"))
        names = {
            "doc_date": self.tr("日期"),
            "unit_id": self.tr("预算单位"),
            "income_item_id": self.tr("收入项目"),
            "functional_item_id": self.tr("功能分类"),
            "economic_item_id": self.tr("经济分类"),
            "amount": self.tr("金额"),
            "payer": self.tr("缴款人"),
            "payee": self.tr("收款人"),
            "payee_account": self.tr("收款账号"),
            "payee_bank": self.tr("开户银行"),
            "payment_method": self.tr("支付方式"),
            "summary": self.tr("摘要"),
            "attachment_count": self.tr("附件张数"),
            "paper_reason": self.tr("纸质附件说明"),
        }
        for field, label in self.labels.items():
            label.setText(names.get(field, field) + ":")
        self.heading.setText(self.title())


class IncomeForm(RecordForm):
    FORM_KEY = "income"

    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.setObjectName("incomeForm")
        self.item_picker = CodePicker()
        self.item_picker.setObjectName("incomeItem")
        self.payer_edit = _text("payer", 100)
        for field, widget in (
            ("doc_date", self.date_edit),
            ("unit_id", self.unit_picker),
            ("income_item_id", self.item_picker),
            ("payer", self.payer_edit),
            ("amount", self.amount_edit),
            ("summary", self.summary_edit),
            ("attachment_count", self.attachments),
        ):
            self.row(field, widget)
        self.finish_layout()

    def title(self) -> str:
        return self.tr("收入录入")

    def fill_pickers(self) -> None:
        self.item_picker.set_entries(self.reference.items(ItemKind.INCOME))

    def draft(self) -> DraftIn:
        return IncomeIn(
            doc_date=self.doc_date(),
            unit_id=self.unit_picker.current_id or 0,
            income_item_id=self.item_picker.current_id,
            amount=self.amount(),
            payer=self.payer_edit.text().strip(),
            summary=self.summary_edit.text().strip(),
            attachment_count=self.attachments.value(),
            paper_reason=self.paper_reason_edit.text().strip(),
        )

    def show_draft(self, draft: DraftIn) -> None:
        assert isinstance(draft, IncomeIn)
        self.date_edit.setDate(QDate(draft.doc_date.year, draft.doc_date.month, draft.doc_date.day))
        self.unit_picker.set_current(draft.unit_id)
        self.item_picker.set_current(draft.income_item_id)
        self.amount_edit.set_value(draft.amount)
        self.payer_edit.setText(draft.payer)
        self.summary_edit.setText(draft.summary)
        self.attachments.setValue(draft.attachment_count)
        self.paper_reason_edit.setText(draft.paper_reason)
        self.show_paper_reason()


class ExpenditureForm(RecordForm):
    FORM_KEY = "expenditure"

    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.setObjectName("expenditureForm")
        self.functional_picker = CodePicker()
        self.functional_picker.setObjectName("functionalItem")
        self.economic_picker = CodePicker()
        self.economic_picker.setObjectName("economicItem")
        self.payee_edit = _text("payee", 100)
        self.account_edit = _text("payeeAccount", 64)
        self.bank_edit = _text("payeeBank", 100)
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("paymentMethod")
        for method in PaymentMethod:
            self.method_combo.addItem("", method)
        for field, widget in (
            ("doc_date", self.date_edit),
            ("unit_id", self.unit_picker),
            ("functional_item_id", self.functional_picker),
            ("economic_item_id", self.economic_picker),
            ("payee", self.payee_edit),
            ("payee_account", self.account_edit),
            ("payee_bank", self.bank_edit),
            ("payment_method", self.method_combo),
            ("amount", self.amount_edit),
            ("summary", self.summary_edit),
            ("attachment_count", self.attachments),
        ):
            self.row(field, widget)
        self.finish_layout()

    def title(self) -> str:
        return self.tr("支出录入")

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "method_combo"):
            self.method_combo.setItemText(0, self.tr("直接支付"))
            self.method_combo.setItemText(1, self.tr("授权支付"))

    def fill_pickers(self) -> None:
        self.functional_picker.set_entries(self.reference.items(ItemKind.FUNCTIONAL))
        self.economic_picker.set_entries(self.reference.items(ItemKind.ECONOMIC))

    def draft(self) -> DraftIn:
        return ExpenditureIn(
            doc_date=self.doc_date(),
            unit_id=self.unit_picker.current_id or 0,
            functional_item_id=self.functional_picker.current_id,
            economic_item_id=self.economic_picker.current_id,
            amount=self.amount(),
            payee=self.payee_edit.text().strip(),
            payee_account=self.account_edit.text().strip(),
            payee_bank=self.bank_edit.text().strip(),
            payment_method=self.method_combo.currentData(),
            summary=self.summary_edit.text().strip(),
            attachment_count=self.attachments.value(),
            paper_reason=self.paper_reason_edit.text().strip(),
        )

    def show_draft(self, draft: DraftIn) -> None:
        assert isinstance(draft, ExpenditureIn)
        self.date_edit.setDate(QDate(draft.doc_date.year, draft.doc_date.month, draft.doc_date.day))
        self.unit_picker.set_current(draft.unit_id)
        self.functional_picker.set_current(draft.functional_item_id)
        self.economic_picker.set_current(draft.economic_item_id)
        self.amount_edit.set_value(draft.amount)
        self.payee_edit.setText(draft.payee)
        self.account_edit.setText(draft.payee_account)
        self.bank_edit.setText(draft.payee_bank)
        self.method_combo.setCurrentIndex(self.method_combo.findData(draft.payment_method))
        self.summary_edit.setText(draft.summary)
        self.attachments.setValue(draft.attachment_count)
        self.paper_reason_edit.setText(draft.paper_reason)
        self.show_paper_reason()

"""新增 / 修改 of one reference row, and the dry run's report before 确认导入.

Both stay open while the server decides: a refusal is shown in the dialog with
the field it names marked, so the administrator corrects it there.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.admin.page_base import list_table
from client.admin.reference_data.model import ChangesModel, ProblemsModel
from client.admin.reference_data.names import choice_names, column_title, kind_name
from client.widgets.look import set_state
from common.enums import Language
from common.reference_admin import COLUMNS, NAME_MAX, RefKind
from common.schemas.reference_admin import RefImportReportOut, RefRowOut


class RowDialog(QDialog):
    """Every column of the kind; when changing, the columns that name the row (and
    a unit's parent) are shown but cannot be edited."""

    submitted = Signal(dict)  # column key -> canonical value

    def __init__(self, kind: RefKind, row: RefRowOut | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referenceRowDialog")
        self.kind, self.row = kind, row
        what = kind_name(kind)
        self.setWindowTitle(
            self.tr("新增{what}").format(what=what)
            if row is None
            else self.tr("修改{what}").format(what=what)
        )
        self.setMinimumWidth(460)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        form = QFormLayout()
        for column in COLUMNS[kind]:
            if column.read_only:
                continue
            current = row.values.get(column.key, "") if row is not None else ""
            words = choice_names(column.key)
            field: QLineEdit | QComboBox
            if words:
                box = QComboBox()
                for value, word in words.items():
                    box.addItem(word, value)
                if current or column.key == "payment_method":
                    box.setCurrentIndex(max(box.findData(current), 0))
                field = box
            else:
                edit = QLineEdit(current)
                edit.setMaxLength(NAME_MAX)
                field = edit
            field.setObjectName(f"field_{column.key}")
            fixed = row is not None and (column.key_part or column.key == "parent_code")
            field.setEnabled(not fixed)
            self.fields[column.key] = field
            form.addRow(column_title(column.key) + ":", field)
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        set_state(self.error_label, "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def values(self) -> dict[str, str]:
        found = {}
        for key, field in self.fields.items():
            if not field.isEnabled():
                continue  # unchanged: the server keeps it
            if isinstance(field, QComboBox):
                found[key] = str(field.currentData())
            else:
                found[key] = field.text().strip()
        return found

    def _submit(self) -> None:
        for field in self.fields.values():
            set_state(field, None)
        self.error_label.clear()
        self.buttons.setEnabled(False)
        self.submitted.emit(self.values())

    def refused(self, message: str, field: str | None) -> None:
        """The server said no: its message here, the field it names marked."""
        self.buttons.setEnabled(True)
        self.error_label.setText(message)
        target = self.fields.get(field or "")
        if target is not None:
            set_state(target, "marked")
            target.setFocus()


class ImportReportDialog(QDialog):
    """What the file would change, or why it cannot be imported; 确认导入 applies it."""

    confirmed = Signal()

    def __init__(
        self,
        kind: RefKind,
        file_name: str,
        report: RefImportReportOut,
        language: Language,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referenceImportDialog")
        self.setWindowTitle(self.tr("导入{what}:检查结果").format(what=kind_name(kind)))
        self.resize(760, 520)
        self.report = report
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.changes = ChangesModel()
        self.changes.set_rows(list(report.to_add) + list(report.to_change))
        self.problems = ProblemsModel()
        self.problems.language = language
        self.problems.set_rows(list(report.problems))
        self.changes_table: QTableView = list_table(self.changes, "importChanges")
        self.problems_table: QTableView = list_table(self.problems, "importProblems")
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        set_state(self.error_label, "error")
        self.confirm_button = QPushButton(self.tr("确认导入"))
        self.confirm_button.setObjectName("confirmImport")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.clicked.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(file_name))
        layout.addWidget(self.summary)
        layout.addWidget(self.problems_table, 1)
        layout.addWidget(self.changes_table, 2)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._show()

    def _show(self) -> None:
        report = self.report
        counts = self.tr("共 {rows} 行:新增 {add} 条,修改 {change} 条,不变 {same} 条。").format(
            rows=report.rows,
            add=len(report.to_add),
            change=len(report.to_change),
            same=report.unchanged,
        )
        if report.problems:
            rows = len({p.row for p in report.problems})
            counts += self.tr("有 {rows} 行共 {count} 处错误,不能导入;改正后请重新导入。").format(
                rows=rows, count=len(report.problems)
            )
            set_state(self.summary, "error")
        elif not report.to_add and not report.to_change:
            counts += self.tr("文件与现有数据一致,没有需要导入的内容。")
        else:
            counts += self.tr("确认后全部保存;任何一行出错则都不保存。")
        self.summary.setText(counts)
        self.problems_table.setVisible(bool(report.problems))
        can_apply = report.token is not None and bool(report.to_add or report.to_change)
        self.confirm_button.setEnabled(can_apply)

    def _confirm(self) -> None:
        self.error_label.clear()
        self.confirm_button.setEnabled(False)
        self.confirmed.emit()

    def refused(self, message: str) -> None:
        self.error_label.setText(message)

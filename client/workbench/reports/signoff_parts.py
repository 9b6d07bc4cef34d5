"""The parts of the 报表审核 page: the list of versions and the reason dialog of 退回."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFormLayout, QPlainTextEdit, QWidget

from client.widgets import look
from client.widgets.fields_dialog import FieldsDialog
from client.widgets.local_time import local_time
from client.widgets.rows_model import RowsModel
from common.schemas.report_versions import ReportVersionOut, VersionState


class VersionsModel(RowsModel[ReportVersionOut]):
    COLUMNS = ("id", "report", "unit", "period", "state", "prepared", "decided", "outdated")

    def __init__(self, titles: dict[str, str]) -> None:
        super().__init__()
        self.report_titles = titles

    def titles(self) -> dict[str, str]:
        return {
            "id": self.tr("版本号"),
            "report": self.tr("报表"),
            "unit": self.tr("单位"),
            "period": self.tr("期间"),
            "state": self.tr("状态"),
            "prepared": self.tr("编制"),
            "decided": self.tr("审核"),
            "outdated": self.tr("账簿变动"),
        }

    def state_text(self, state: VersionState) -> str:
        return {
            VersionState.PREPARED: self.tr("待审核"),
            VersionState.SIGNED: self.tr("已审核"),
            VersionState.RETURNED: self.tr("已退回"),
        }[state]

    def text(self, row: ReportVersionOut, column: str) -> str:
        if column == "id":
            return str(row.id)
        if column == "report":
            return self.report_titles.get(row.report.value, row.report.value)
        if column == "unit":
            return f"{row.unit_code} {row.unit_name}"
        if column == "period":
            return row.period
        if column == "state":
            return self.state_text(row.state)
        if column == "prepared":
            return f"{row.prepared_by} {local_time(row.prepared_at)}"
        if column == "decided":
            return f"{row.decided_by} {local_time(row.decided_at)}".strip()
        return self.tr("已过期") if row.outdated else ""

    def colour(self, row: ReportVersionOut, column: str) -> QColor | None:
        return look.ERROR if column == "outdated" and row.outdated else None


class ReturnDialog(FieldsDialog):
    """退回: the reason, required (the server says so too)."""

    reason_given = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__("returnVersionDialog", parent)
        self.setWindowTitle(self.tr("退回报表版本"))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("returnReason")
        form = QFormLayout(self)
        form.addRow(self.tr("退回原因"), self.reason)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self._given)

    def fields(self) -> dict[str, QWidget]:
        return {"reason": self.reason}

    def _given(self) -> None:
        self.clear_errors()
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.show_error(self.tr("请填写退回原因"), "reason")
            return
        self.set_busy(True)
        self.reason_given.emit(reason)

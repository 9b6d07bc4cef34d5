"""Table models of the period and request pages (immutable rows from the server)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from client.admin.periods.names import (
    action_name,
    month_name,
    problem_name,
    state_name,
    target_name,
    this_month,
    when,
)
from client.core.labels import kind_name, status_name
from client.widgets import look
from client.widgets.rows_model import RowsModel
from common.money import format_money
from common.schemas.admin_requests import AdminRequestOut, RequestState
from common.schemas.periods import PeriodOut, PeriodProblemOut


@dataclass(frozen=True)
class MonthRow:
    year: int
    month: int
    period: PeriodOut | None  # None until the server answered for it

    @property
    def ended(self) -> bool:
        """After the month's last day (here; the server checks with its own clock)."""
        return (self.year, self.month) < this_month()


class MonthsModel(RowsModel[MonthRow]):
    COLUMNS = ("month", "state", "open", "closed_by", "closed_at")

    def titles(self) -> dict[str, str]:
        return {
            "month": self.tr("月份"),
            "state": self.tr("状态"),
            "closed_by": self.tr("结账人"),
            "closed_at": self.tr("结账时间"),
            "open": self.tr("待处理"),
        }

    def state_text(self, row: MonthRow) -> str:
        period = row.period
        if period is None:
            return "…"
        if period.is_closed and period.reopen_request is not None:
            return self.tr("已结账(反结账待审批)")
        if period.is_closed:
            return self.tr("已结账")
        return self.tr("未结账") if row.ended else self.tr("未结账(本月未结束)")

    def text(self, row: MonthRow, column: str) -> str:
        period = row.period
        if column == "month":
            return month_name(row.year, row.month)
        if column == "state":
            return self.state_text(row)
        if period is None or not period.is_closed:
            if column == "open" and period is not None and period.problems:
                return str(len(period.problems))
            return ""
        if column == "closed_by":
            return period.closed_by or ""
        if column == "closed_at":
            return when(period.closed_at)
        return ""

    def colour(self, row: MonthRow, column: str) -> QColor | None:
        period = row.period
        if period is None:
            return None
        if column == "state":
            if period.is_closed:
                return look.WARN if period.reopen_request is not None else look.OK
            return None
        if column == "open" and period.problems:
            return look.ERROR
        return None

    def find(self, year: int, month: int) -> int:
        for number, row in enumerate(self.rows):
            if (row.year, row.month) == (year, month):
                return number
        return -1

    def replace(self, period: PeriodOut) -> None:
        number = self.find(period.year, period.month)
        if number >= 0:
            self.rows[number] = MonthRow(period.year, period.month, period)
            self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.COLUMNS) - 1))


class ProblemsModel(RowsModel[PeriodProblemOut]):
    COLUMNS = ("number", "kind", "status", "date", "problem", "debit", "credit")

    def titles(self) -> dict[str, str]:
        return {
            "number": self.tr("单据号"),
            "kind": self.tr("类型"),
            "status": self.tr("状态"),
            "date": self.tr("日期"),
            "problem": self.tr("问题"),
            "debit": self.tr("借方合计"),
            "credit": self.tr("贷方合计"),
        }

    def text(self, row: PeriodProblemOut, column: str) -> str:
        if column == "number":  # a draft has no number yet: its id finds it
            return row.number or self.tr("(未编号,ID {id})").format(id=row.document_id)
        if column == "kind":
            return kind_name(row.kind)
        if column == "status":
            return status_name(row.status)
        if column == "date":
            return row.doc_date.isoformat()
        if column == "problem":
            return problem_name(row.problem)
        if column == "debit":
            return format_money(row.debit) if row.debit is not None else ""
        if column == "credit":
            return format_money(row.credit) if row.credit is not None else ""
        return ""

    def colour(self, row: PeriodProblemOut, column: str) -> QColor | None:
        return look.ERROR if column == "problem" else None


def pending_first(requests: list[AdminRequestOut]) -> list[AdminRequestOut]:
    """Waiting requests on top, each group newest first."""
    return sorted(requests, key=lambda r: (r.state is not RequestState.PENDING, -r.id))


class RequestsModel(RowsModel[AdminRequestOut]):
    COLUMNS = ("id", "action", "target", "requested_by", "requested_at", "state", "reason")

    def titles(self) -> dict[str, str]:
        return {
            "id": self.tr("编号"),
            "action": self.tr("事项"),
            "target": self.tr("对象"),
            "requested_by": self.tr("申请人"),
            "requested_at": self.tr("申请时间"),
            "state": self.tr("状态"),
            "reason": self.tr("原因"),
        }

    def text(self, row: AdminRequestOut, column: str) -> str:
        if column == "id":
            return str(row.id)
        if column == "action":
            return action_name(row.action)
        if column == "target":
            return target_name(row)
        if column == "requested_by":
            return row.requested_by
        if column == "requested_at":
            return when(row.requested_at)
        if column == "state":
            return state_name(row.state)
        if column == "reason":
            return row.reason
        return ""

    def colour(self, row: AdminRequestOut, column: str) -> QColor | None:
        if column != "state":
            return None
        return {RequestState.PENDING: look.WARN, RequestState.APPROVED: look.OK}.get(row.state)

    def find(self, request_id: int) -> int:
        for number, row in enumerate(self.rows):
            if row.id == request_id:
                return number
        return -1

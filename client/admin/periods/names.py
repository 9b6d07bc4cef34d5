"""Words for periods and four-eyes requests in the user's language (the server
sends codes: 'unfinished', 'period.reopen', '2026-10', 'pending')."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from common.schemas.admin_requests import AdminRequestOut, RequestState

REOPEN = "period.reopen"


def month_name(year: int, month: int) -> str:
    return QCoreApplication.translate("Periods", "{year} 年 {month} 月").format(
        year=year, month=month
    )


def problem_name(problem: str) -> str:
    names = {
        "unfinished": QCoreApplication.translate("Periods", "未处理完毕"),
        "unbalanced": QCoreApplication.translate("Periods", "借贷不平"),
    }
    return names.get(problem, problem)


def action_name(action: str) -> str:
    names = {REOPEN: QCoreApplication.translate("Periods", "反结账")}
    return names.get(action, action)


def target_name(request: AdminRequestOut) -> str:
    """'2026-10' of a reopening reads as a month; other targets as sent."""
    if request.action == REOPEN:
        year, _, month = request.target.partition("-")
        if year.isdigit() and month.isdigit():
            return month_name(int(year), int(month))
    return request.target


def state_name(state: RequestState) -> str:
    return {
        RequestState.PENDING: QCoreApplication.translate("Periods", "待审批"),
        RequestState.APPROVED: QCoreApplication.translate("Periods", "已批准"),
        RequestState.REFUSED: QCoreApplication.translate("Periods", "已拒绝"),
        RequestState.WITHDRAWN: QCoreApplication.translate("Periods", "已撤回"),
    }[state]


def this_month() -> tuple[int, int]:
    """Here and now (the server decides with its own clock)."""
    today = dt.datetime.now().astimezone().date()
    return today.year, today.month


def when(moment: dt.datetime | None) -> str:
    """Local time on screen (the server keeps UTC)."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"

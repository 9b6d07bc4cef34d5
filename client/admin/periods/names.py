"""Words for periods and four-eyes requests in the user's language (the server
sends codes: 'unfinished', 'period.reopen', '2026-10', 'pending')."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from client.admin.parameters.names import parameter_name
from client.core.labels import shown
from client.widgets.roles import role_name
from common.enums import Role
from common.schemas.admin_requests import AdminRequestOut, RequestAction, RequestState

REOPEN = RequestAction.PERIOD_REOPEN
GRANT = RequestAction.USER_GRANT
RESET_SECOND_FACTOR = RequestAction.USER_RESET_SECOND_FACTOR
RESTORE_PLAN = RequestAction.RESTORE_PLAN
PARAMETERS = RequestAction.PARAMETERS_CHANGE


def month_name(year: int, month: int) -> str:
    return QCoreApplication.translate("Periods", "{year} 年 {month} 月").format(
        year=year, month=month
    )


def problem_name(problem: str) -> str:
    names = {
        "unfinished": QCoreApplication.translate("Periods", "未处理完毕"),
        "unbalanced": QCoreApplication.translate("Periods", "借贷不平"),
        "unposted": QCoreApplication.translate("Periods", "已审核未记账"),
    }
    return names.get(problem, problem)


def action_name(action: str) -> str:
    """A request's act in words (common/labels.py); one a newer server knows and
    this version does not keeps its code."""
    known = action in RequestAction._value2member_map_
    return shown(RequestAction(action)) if known else action


def target_name(request: AdminRequestOut) -> str:
    """'2026-10' of a reopening reads as a month; other targets as sent."""
    if request.action == REOPEN:
        year, _, month = request.target.partition("-")
        if year.isdigit() and month.isdigit():
            return month_name(int(year), int(month))
    if request.action in (GRANT, RESET_SECOND_FACTOR):
        return _account_target(request)
    if request.action == RESTORE_PLAN:
        return restore_target_name(request.target)
    if request.action == PARAMETERS:
        return _parameters_target(request)
    return request.target


def _parameters_target(request: AdminRequestOut) -> str:
    """'敏感操作重新验证间隔(分钟) 5 → 60、…': each asked value with the one it replaces."""
    after = request.payload.get("values") or {}
    before = request.payload.get("before") or {}
    return "、".join(
        f"{parameter_name(key)} {_shown(before.get(key))} → {_shown(value)}"
        for key, value in after.items()
    )


def _shown(value: object) -> str:
    if isinstance(value, bool):
        yes = QCoreApplication.translate("Periods", "是")
        return yes if value else QCoreApplication.translate("Periods", "否")
    return str(value)


def restore_target_name(target: str) -> str:
    """A restore plan's target as filed ('backup:NAME', 'point_in_time:ISO',
    'point_in_time:latest'): '备份 NAME', '时间点 <local time>', '最新时间点'."""
    kind, _, rest = target.partition(":")
    if kind == "backup":
        return QCoreApplication.translate("Periods", "备份 {name}").format(name=rest)
    if kind != "point_in_time":
        return target
    if rest == "latest":
        return QCoreApplication.translate("Periods", "最新时间点")
    try:
        moment = dt.datetime.fromisoformat(rest)
    except ValueError:
        return target
    if moment.tzinfo is None:  # the server files aware times; a bare one is UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return QCoreApplication.translate("Periods", "时间点 {moment}").format(
        moment=when_exact(moment)
    )


def _account_target(request: AdminRequestOut) -> str:
    """'张三(zhang.san)', and for a grant the roles it adds: the approver sees who
    gets what without looking the account up."""
    payload = request.payload
    who = str(payload.get("display_name") or request.target)
    if payload.get("username"):
        who += f"({payload['username']})"
    if request.action != GRANT:
        return who
    known = {role.value: role for role in Role}
    added = [role_name(known[role]) for role in payload.get("added_roles", []) if role in known]
    return QCoreApplication.translate("Periods", "{who}:新增岗位 {roles}").format(
        who=who, roles="、".join(added)
    )


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


def when_exact(moment: dt.datetime | None) -> str:
    """Local time to the second (a restore's point in time is chosen so)."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else "—"

"""Account administration and the operation log (admin console)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import TypeAdapter

from client.api.transport import Transport
from common.enums import DocumentKind, Role
from common.export_rights import ExportScope
from common.schemas.admin import (
    AuditVerifyOut,
    PasswordResetOut,
    SecondFactorResetIn,
    SessionInfoOut,
    UnitOut,
    UserAccessIn,
    UserCreatedOut,
    UserCreateIn,
    UserOut,
)
from common.schemas.admin_requests import AdminRequestOut, DecisionIn, RequestState
from common.schemas.alerts import AlertOut
from common.schemas.approval_admin import (
    ApprovalRuleIn,
    ApprovalRuleOut,
    CalendarDayIn,
    CalendarDayOut,
    CalendarYearIn,
    DeadlinePreviewOut,
    ReviewerPostIn,
    ReviewerPostOut,
    RoutePreviewOut,
)
from common.schemas.backups import BackupRunOut, BackupsOut
from common.schemas.export_rights import ExportRightIn, ExportRightsOut
from common.schemas.handover import PendingWorkOut, TransferIn, TransferOut
from common.schemas.periods import PeriodOut, ReopenIn
from common.schemas.roles import RolesMatrixOut

_USERS = TypeAdapter(list[UserOut])
_SESSIONS = TypeAdapter(list[SessionInfoOut])
_UNITS = TypeAdapter(list[UnitOut])
_RULES = TypeAdapter(list[ApprovalRuleOut])
_POSTS = TypeAdapter(list[ReviewerPostOut])
_DAYS = TypeAdapter(list[CalendarDayOut])
_REQUESTS = TypeAdapter(list[AdminRequestOut])
_ALERTS = TypeAdapter(list[AlertOut])
_POSTS_IN = TypeAdapter(list[ReviewerPostIn])
_USER_OR_REQUEST: TypeAdapter[UserOut | AdminRequestOut] = TypeAdapter(UserOut | AdminRequestOut)


class AdminApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def units(self) -> list[UnitOut]:
        return _UNITS.validate_python(self._t.request("GET", "/admin/units"))

    def users(self) -> list[UserOut]:
        return _USERS.validate_python(self._t.request("GET", "/admin/users"))

    def create_user(
        self,
        username: str,
        display_name: str,
        roles: list[Role],
        unit_ids: list[int],
        *,
        reason: str = "",
    ) -> UserCreatedOut:
        """The account and its initial password; with the administrator or auditor
        role under four eyes, ``request`` is that role's grant, waiting for a
        second administrator (the account exists without it meanwhile)."""
        body = UserCreateIn(
            username=username,
            display_name=display_name,
            roles=roles,
            unit_ids=unit_ids,
            reason=reason,
        )
        return UserCreatedOut.model_validate(
            self._t.request("POST", "/admin/users", json=body.model_dump(mode="json"))
        )

    def set_access(
        self,
        user_id: int,
        *,
        roles: list[Role],
        unit_ids: list[int],
        version: int,
        reason: str = "",
    ) -> UserOut | AdminRequestOut:
        """The account as changed, or — a grant of the administrator or auditor role
        under four eyes — the request waiting for a second administrator."""
        body = UserAccessIn(roles=roles, unit_ids=unit_ids, version=version, reason=reason)
        answer = self._t.request(
            "PUT", f"/admin/users/{user_id}/access", json=body.model_dump(mode="json")
        )
        return _USER_OR_REQUEST.validate_python(answer)

    def disable(self, user_id: int) -> UserOut:
        return UserOut.model_validate(self._t.request("POST", f"/admin/users/{user_id}/disable"))

    def enable(self, user_id: int) -> UserOut:
        return UserOut.model_validate(self._t.request("POST", f"/admin/users/{user_id}/enable"))

    def unlock(self, user_id: int) -> UserOut:
        return UserOut.model_validate(self._t.request("POST", f"/admin/users/{user_id}/unlock"))

    def reset_second_factor(self, user_id: int, reason: str = "") -> UserOut | AdminRequestOut:
        """Done, or under four eyes the request waiting for a second administrator."""
        body = SecondFactorResetIn(reason=reason).model_dump(mode="json")
        answer = self._t.request("POST", f"/admin/users/{user_id}/reset-second-factor", json=body)
        return _USER_OR_REQUEST.validate_python(answer)

    # -- hand-over of a leaver's work (离职交接) --------------------------------------
    def pending_work(self, user_id: int, successor_id: int | None = None) -> PendingWorkOut:
        params = {"successor_id": successor_id} if successor_id is not None else None
        answer = self._t.request("GET", f"/admin/users/{user_id}/pending-work", params=params)
        return PendingWorkOut.model_validate(answer)

    def transfer_work(
        self, user_id: int, successor_id: int, *, disable: bool = False
    ) -> TransferOut:
        body = TransferIn(successor_id=successor_id, disable=disable).model_dump(mode="json")
        answer = self._t.request("POST", f"/admin/users/{user_id}/transfer", json=body)
        return TransferOut.model_validate(answer)

    def reset_password(self, user_id: int) -> str:
        body = self._t.request("POST", f"/admin/users/{user_id}/reset-password")
        return PasswordResetOut.model_validate(body).initial_password

    def sessions(self, user_id: int | None = None) -> list[SessionInfoOut]:
        params = {"user_id": user_id} if user_id is not None else None
        return _SESSIONS.validate_python(self._t.request("GET", "/admin/sessions", params=params))

    def revoke_session(self, session_id: int) -> None:
        self._t.request("DELETE", f"/admin/sessions/{session_id}")

    def verify_audit(self) -> AuditVerifyOut:
        """The whole chain is recomputed: about 10 s per 100,000 records."""
        answer = self._t.request("POST", "/audit/verify", read_timeout_s=1800)
        return AuditVerifyOut.model_validate(answer)

    # -- approval settings (审批流程设置) ----------------------------------------
    def approval_rules(self) -> list[ApprovalRuleOut]:
        return _RULES.validate_python(self._t.request("GET", "/admin/approval-rules"))

    def save_approval_rule(
        self, rule: ApprovalRuleIn, *, rule_id: int | None = None
    ) -> ApprovalRuleOut:
        body = rule.model_dump(mode="json")
        if rule_id is None:
            answer = self._t.request("POST", "/admin/approval-rules", json=body)
        else:
            answer = self._t.request("PUT", f"/admin/approval-rules/{rule_id}", json=body)
        return ApprovalRuleOut.model_validate(answer)

    def preview_route(self, kind: DocumentKind, amount: Decimal, unit_id: int) -> RoutePreviewOut:
        params = {"kind": kind.value, "amount": str(amount), "unit_id": unit_id}
        answer = self._t.request("GET", "/admin/approval-rules/preview", params=params)
        return RoutePreviewOut.model_validate(answer)

    def reviewer_posts(self) -> list[ReviewerPostOut]:
        return _POSTS.validate_python(self._t.request("GET", "/admin/reviewer-posts"))

    def set_reviewer_posts(
        self, user_id: int, posts: list[ReviewerPostIn]
    ) -> list[ReviewerPostOut]:
        body = _POSTS_IN.dump_python(posts, mode="json")
        answer = self._t.request("PUT", f"/admin/users/{user_id}/reviewer-posts", json=body)
        return _POSTS.validate_python(answer)

    # -- 导出权限 ------------------------------------------------------------------
    def export_rights(self) -> ExportRightsOut:
        return ExportRightsOut.model_validate(self._t.request("GET", "/admin/export-rights"))

    def set_role_export_right(self, role: Role, scope: ExportScope | None) -> ExportRightsOut:
        body = ExportRightIn(scope=scope).model_dump(mode="json")
        answer = self._t.request("PUT", f"/admin/export-rights/roles/{role.value}", json=body)
        return ExportRightsOut.model_validate(answer)

    def set_person_export_right(self, user_id: int, scope: ExportScope | None) -> ExportRightsOut:
        body = ExportRightIn(scope=scope).model_dump(mode="json")
        answer = self._t.request("PUT", f"/admin/export-rights/users/{user_id}", json=body)
        return ExportRightsOut.model_validate(answer)

    def calendar(self, year: int) -> list[CalendarDayOut]:
        return _DAYS.validate_python(
            self._t.request("GET", "/admin/calendar", params={"year": year})
        )

    def replace_calendar_year(self, year: int, days: list[CalendarDayOut]) -> list[CalendarDayOut]:
        """The year's holidays and exchanged working days at once (an imported list)."""
        body = CalendarYearIn(days=days).model_dump(mode="json")
        return _DAYS.validate_python(
            self._t.request("PUT", f"/admin/calendar/years/{year}", json=body)
        )

    def preview_deadline(self, start: dt.datetime, working_days: int) -> DeadlinePreviewOut:
        params = {"start": start.isoformat(), "working_days": working_days}
        answer = self._t.request("GET", "/admin/calendar/preview", params=params)
        return DeadlinePreviewOut.model_validate(answer)

    def set_calendar_day(self, day: dt.date, entry: CalendarDayIn | None) -> None:
        """A holiday or exchanged working day; None makes the day ordinary again."""
        if entry is None:
            self._t.request("DELETE", f"/admin/calendar/{day.isoformat()}")
        else:
            body = entry.model_dump(mode="json")
            self._t.request("PUT", f"/admin/calendar/{day.isoformat()}", json=body)

    # -- period close (结账) ----------------------------------------------------
    def period(self, year: int, month: int) -> PeriodOut:
        return PeriodOut.model_validate(self._t.request("GET", f"/admin/periods/{year}/{month}"))

    def close_period(self, year: int, month: int) -> PeriodOut:
        answer = self._t.request("POST", f"/admin/periods/{year}/{month}/close")
        return PeriodOut.model_validate(answer)

    def reopen_period(self, year: int, month: int, reason: str) -> PeriodOut:
        body = ReopenIn(reason=reason).model_dump(mode="json")
        answer = self._t.request("POST", f"/admin/periods/{year}/{month}/reopen", json=body)
        return PeriodOut.model_validate(answer)

    # -- four eyes (双人复核) -----------------------------------------------------
    def requests(self, state: RequestState | None = None) -> list[AdminRequestOut]:
        params = {"state": state.value} if state else None
        answer = self._t.request("GET", "/admin/requests", params=params)
        return _REQUESTS.validate_python(answer)

    def approve_request(self, request_id: int, note: str = "") -> AdminRequestOut:
        body = DecisionIn(note=note).model_dump(mode="json")
        answer = self._t.request("POST", f"/admin/requests/{request_id}/approve", json=body)
        return AdminRequestOut.model_validate(answer)

    def refuse_request(self, request_id: int, note: str) -> AdminRequestOut:
        body = DecisionIn(note=note).model_dump(mode="json")
        answer = self._t.request("POST", f"/admin/requests/{request_id}/refuse", json=body)
        return AdminRequestOut.model_validate(answer)

    def withdraw_request(self, request_id: int) -> AdminRequestOut:
        answer = self._t.request("POST", f"/admin/requests/{request_id}/withdraw")
        return AdminRequestOut.model_validate(answer)

    # -- backups (数据备份) ---------------------------------------------------------
    def backups(self) -> BackupsOut:
        """The backups with their state, and the run in progress (or the last one)."""
        return BackupsOut.model_validate(self._t.request("GET", "/admin/backups"))

    def back_up_now(self) -> BackupRunOut:
        return BackupRunOut.model_validate(self._t.request("POST", "/admin/backups"))

    # -- alerts (告警) ---------------------------------------------------------------
    def alerts(self, days: int = 7) -> list[AlertOut]:
        """The last ``days`` days' alerts, newest first (auditors and administrators)."""
        return _ALERTS.validate_python(
            self._t.request("GET", "/admin/alerts", params={"days": str(days)})
        )

    # -- roles matrix (角色权限) ------------------------------------------------------
    def roles(self) -> RolesMatrixOut:
        """Which role has which permission, as enforced, and each role's holders."""
        return RolesMatrixOut.model_validate(self._t.request("GET", "/admin/roles"))

"""Account administration and the operation log (admin console)."""

from __future__ import annotations

from pydantic import TypeAdapter

from client.api.transport import Transport
from common.enums import Role
from common.schemas.admin import (
    AuditVerifyOut,
    PasswordResetOut,
    SessionInfoOut,
    UnitOut,
    UserAccessIn,
    UserCreatedOut,
    UserCreateIn,
    UserOut,
)

_USERS = TypeAdapter(list[UserOut])
_SESSIONS = TypeAdapter(list[SessionInfoOut])
_UNITS = TypeAdapter(list[UnitOut])


class AdminApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def units(self) -> list[UnitOut]:
        return _UNITS.validate_python(self._t.request("GET", "/admin/units"))

    def users(self) -> list[UserOut]:
        return _USERS.validate_python(self._t.request("GET", "/admin/users"))

    def create_user(
        self, username: str, display_name: str, roles: list[Role], unit_ids: list[int]
    ) -> UserCreatedOut:
        body = UserCreateIn(
            username=username, display_name=display_name, roles=roles, unit_ids=unit_ids
        )
        return UserCreatedOut.model_validate(
            self._t.request("POST", "/admin/users", json=body.model_dump(mode="json"))
        )

    def set_access(
        self, user_id: int, *, roles: list[Role], unit_ids: list[int], version: int
    ) -> UserOut:
        body = UserAccessIn(roles=roles, unit_ids=unit_ids, version=version)
        return UserOut.model_validate(
            self._t.request(
                "PUT", f"/admin/users/{user_id}/access", json=body.model_dump(mode="json")
            )
        )

    def _user_action(self, user_id: int, action: str) -> UserOut:
        return UserOut.model_validate(self._t.request("POST", f"/admin/users/{user_id}/{action}"))

    def disable(self, user_id: int) -> UserOut:
        return self._user_action(user_id, "disable")

    def enable(self, user_id: int) -> UserOut:
        return self._user_action(user_id, "enable")

    def unlock(self, user_id: int) -> UserOut:
        return self._user_action(user_id, "unlock")

    def reset_second_factor(self, user_id: int) -> UserOut:
        return self._user_action(user_id, "reset-second-factor")

    def reset_password(self, user_id: int) -> str:
        body = self._t.request("POST", f"/admin/users/{user_id}/reset-password")
        return PasswordResetOut.model_validate(body).initial_password

    def sessions(self, user_id: int | None = None) -> list[SessionInfoOut]:
        params = {"user_id": user_id} if user_id is not None else None
        return _SESSIONS.validate_python(self._t.request("GET", "/admin/sessions", params=params))

    def revoke_session(self, session_id: int) -> None:
        self._t.request("DELETE", f"/admin/sessions/{session_id}")

    def verify_audit(self) -> AuditVerifyOut:
        return AuditVerifyOut.model_validate(self._t.request("POST", "/audit/verify"))

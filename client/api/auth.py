"""Login steps and the caller's own account."""

from __future__ import annotations

from client.api.client_versions import this_platform
from client.api.transport import Transport
from common.schemas.auth import (
    CodeIn,
    EnrolmentOut,
    InitialPasswordIn,
    LoginIn,
    LoginProgressOut,
    MeOut,
    PasswordChangeIn,
    ReverifyIn,
    SessionOut,
    TicketIn,
    TicketOut,
    UnlockIn,
)
from common.schemas.client_versions import ClientPlatform
from common.version import __version__


class AuthApi:
    """``client_version`` and ``client_platform`` are what the login states (this
    program's own; a test sets others to play an older client)."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport
        self.client_version: str | None = __version__
        self.client_platform: ClientPlatform | None = this_platform()

    def _post(self, path: str, body: object) -> object:
        assert hasattr(body, "model_dump")
        return self._t.request("POST", path, json=body.model_dump(mode="json"))

    def login(self, username: str, password: str) -> TicketOut:
        """The password step; a client too old for the server is refused with
        ApiError ``auth.client_too_old`` whose params carry the installer."""
        body = self._post(
            "/auth/login",
            LoginIn(
                username=username,
                password=password,
                client_version=self.client_version,
                client_platform=self.client_platform,
            ),
        )
        return TicketOut.model_validate(body)

    def set_initial_password(self, ticket: str, new_password: str) -> LoginProgressOut:
        """The next step's ticket, or the session for an enrolled user."""
        body = self._post(
            "/auth/initial-password", InitialPasswordIn(ticket=ticket, new_password=new_password)
        )
        return self._progress(LoginProgressOut.model_validate(body))

    def start_enrolment(self, ticket: str) -> EnrolmentOut:
        return EnrolmentOut.model_validate(self._post("/auth/enrolment", TicketIn(ticket=ticket)))

    def confirm_enrolment(self, ticket: str, code: str) -> SessionOut:
        body = self._post("/auth/enrolment/confirm", CodeIn(ticket=ticket, code=code))
        return self._logged_in(SessionOut.model_validate(body))

    def submit_code(self, ticket: str, code: str) -> LoginProgressOut:
        """A TOTP code, or a recovery code instead; the session, or a ticket for
        the forced password change that follows the code."""
        body = self._post("/auth/code", CodeIn(ticket=ticket, code=code))
        return self._progress(LoginProgressOut.model_validate(body))

    def _progress(self, progress: LoginProgressOut) -> LoginProgressOut:
        if progress.session is not None:
            self._logged_in(progress.session)
        return progress

    def _logged_in(self, session: SessionOut) -> SessionOut:
        self._t.token = session.token
        return session

    def resume(self, token: str) -> MeOut:
        """Use a token kept from earlier (the keyring); raises if it is no longer valid."""
        self._t.token = token
        try:
            return self.me()
        except Exception:
            self._t.token = None
            raise

    def me(self) -> MeOut:
        return MeOut.model_validate(self._t.request("GET", "/auth/me"))

    def change_password(self, current: str, new: str) -> None:
        self._post("/auth/password", PasswordChangeIn(current_password=current, new_password=new))

    def lock_screen(self) -> None:
        """The idle lock came on (the server logs it)."""
        self._t.request("POST", "/auth/lock")

    def unlock_screen(self, password: str) -> None:
        """Prove it is still the same person after the idle lock."""
        self._post("/auth/unlock", UnlockIn(password=password))

    def reverify(self, code: str) -> None:
        self._post("/auth/reverify", ReverifyIn(code=code))

    def logout(self) -> None:
        if self._t.token is None:
            return
        try:
            self._t.request("POST", "/auth/logout")
        finally:
            self._t.token = None

    @property
    def logged_in(self) -> bool:
        return self._t.token is not None

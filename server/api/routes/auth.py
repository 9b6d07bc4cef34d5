"""Login steps, logout, the caller's own account."""

from __future__ import annotations

from fastapi import Response

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
from server.api.deps import Box, CurrentAuth, Now, RequestOrigin, Throttled, Transaction
from server.api.retrying_route import api_router
from server.services.accounts import auth, own_account, sessions

router = api_router(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=TicketOut, dependencies=[Throttled])
def login(body: LoginIn, session: Transaction, origin: RequestOrigin, now: Now) -> TicketOut:
    """The password step; a client older than the minimum version is refused
    (426 ``auth.client_too_old``, with the installer to download)."""
    return auth.login_password(
        session,
        username=body.username,
        password=body.password,
        origin=origin,
        now=now,
        client_version=body.client_version,
        client_platform=body.client_platform,
    )


@router.post("/initial-password", response_model=LoginProgressOut, dependencies=[Throttled])
def initial_password(
    body: InitialPasswordIn, session: Transaction, origin: RequestOrigin, now: Now
) -> LoginProgressOut:
    return auth.change_initial_password(
        session, ticket_token=body.ticket, new_password=body.new_password, origin=origin, now=now
    )


@router.post("/enrolment", response_model=EnrolmentOut, dependencies=[Throttled])
def start_enrolment(body: TicketIn, session: Transaction, box: Box, now: Now) -> EnrolmentOut:
    return auth.start_enrolment(session, ticket_token=body.ticket, box=box, now=now)


@router.post("/enrolment/confirm", response_model=SessionOut, dependencies=[Throttled])
def confirm_enrolment(
    body: CodeIn, session: Transaction, box: Box, origin: RequestOrigin, now: Now
) -> SessionOut:
    return auth.confirm_enrolment(
        session, ticket_token=body.ticket, code=body.code, box=box, origin=origin, now=now
    )


@router.post("/code", response_model=LoginProgressOut, dependencies=[Throttled])
def code(
    body: CodeIn, session: Transaction, box: Box, origin: RequestOrigin, now: Now
) -> LoginProgressOut:
    return auth.login_code(
        session, ticket_token=body.ticket, code=body.code, box=box, origin=origin, now=now
    )


@router.post("/logout", status_code=204)
def logout(caller: CurrentAuth, session: Transaction, origin: RequestOrigin, now: Now) -> Response:
    sessions.logout(session, caller, origin=origin, now=now)
    return Response(status_code=204)


@router.get("/me", response_model=MeOut)
def me(caller: CurrentAuth, session: Transaction) -> MeOut:
    return own_account.me(session, caller.user)


@router.post("/password", status_code=204, dependencies=[Throttled])
def change_password(
    body: PasswordChangeIn,
    caller: CurrentAuth,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> Response:
    own_account.change_own_password(
        session,
        caller,
        current=body.current_password,
        new=body.new_password,
        origin=origin,
        now=now,
    )
    return Response(status_code=204)


@router.post("/reverify", status_code=204, dependencies=[Throttled])
def reverify(
    body: ReverifyIn,
    caller: CurrentAuth,
    session: Transaction,
    box: Box,
    origin: RequestOrigin,
    now: Now,
) -> Response:
    own_account.reverify(session, caller, body.code, box=box, origin=origin, now=now)
    return Response(status_code=204)


@router.post("/lock", status_code=204)
def lock_screen(
    caller: CurrentAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> Response:
    """The client's idle lock came on; it asks for the password again (/unlock)."""
    sessions.screen_locked(session, caller, origin=origin, now=now)
    return Response(status_code=204)


@router.post("/unlock", status_code=204, dependencies=[Throttled])
def unlock_screen(
    body: UnlockIn, caller: CurrentAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> Response:
    own_account.unlock_screen(session, caller, password=body.password, origin=origin, now=now)
    return Response(status_code=204)

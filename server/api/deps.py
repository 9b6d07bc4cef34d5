"""Request-scoped dependencies: unit of work, language, caller, permissions."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from common.enums import Language, parse_accept_language
from common.errors import DomainError
from common.permissions import PERMISSIONS, Permission, granted
from server.api.read_only import reads_only
from server.clock import Clock
from server.crypto import SecretBox
from server.db.uow import UnitOfWork, is_read_only
from server.services.accounts import login_throttle as throttle
from server.services.accounts import sessions
from server.services.accounts.sessions import Authenticated
from server.services.core import idempotency
from server.services.core.audit import Origin
from server.services.core.params import auth_parameters
from server.services.core.roles import roles_of

CLIENT_HOST_HEADER = "x-countersign-client-host"


def _transaction(request: Request) -> Iterator[Session]:
    """The request's transaction; READ ONLY for a read (server/api/read_only.py)."""
    uow: UnitOfWork = request.app.state.uow
    with uow.transaction(read_only=reads_only(request)) as session:
        yield session


def _replica_read(request: Request) -> Iterator[Session]:
    uow: UnitOfWork = request.app.state.uow
    with uow.reading() as session:
        yield session


def request_language(request: Request) -> Language:
    header = request.headers.get("accept-language")
    if header is None:
        default: Language = request.app.state.settings.default_language
        return default
    return parse_accept_language(header)


def client_address(request: Request) -> str:
    """The client's address, the one the login throttle counts and the operation
    log records: the connecting peer, or what a proxy listed in the setting
    ``trusted_proxies`` forwarded (uvicorn resolves it, server/serve.py); a
    client's own X-Forwarded-For is never believed."""
    return request.client.host if request.client else ""


async def request_origin(request: Request) -> Origin:
    host = request.headers.get(CLIENT_HOST_HEADER, "")[:255]
    return Origin(host=host, address=client_address(request))


async def request_now(request: Request) -> dt.datetime:
    clock: Clock = request.app.state.clock
    return clock.now()


def secret_box(request: Request) -> SecretBox:
    box: SecretBox = request.app.state.secret_box
    return box


def login_throttle(request: Request) -> None:
    """Counted in the database, in a transaction of its own (it counts even
    when the login is then refused): every server process sees every attempt."""
    state = request.app.state
    throttle.check(state.uow, client_address(request), state.settings.login_attempts_per_minute)


# scope="function": commit happens when the route returns, before the response is
# sent, so a failed commit becomes an error answer instead of a false success.
Transaction = Annotated[Session, Depends(_transaction, scope="function")]
# A read-only transaction on the read replica (the primary without one): for
# queries, reports and exports, never for a read that must see the caller's own
# write just made (a standby replays the primary's changes a moment later).
ReplicaRead = Annotated[Session, Depends(_replica_read, scope="function")]
RequestLanguage = Annotated[Language, Depends(request_language)]
RequestOrigin = Annotated[Origin, Depends(request_origin)]
Now = Annotated[dt.datetime, Depends(request_now)]
Box = Annotated[SecretBox, Depends(secret_box)]
Throttled = Depends(login_throttle)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_auth(request: Request, session: Transaction, now: Now) -> Authenticated:
    """The caller's live session. Login tickets are not sessions: a half-logged-in
    user is refused here on every route. A read's transaction is read-only, so
    its check (which may touch last-seen or record an expiry) runs in a short
    transaction of its own."""
    if not is_read_only(session):
        return sessions.authenticate(
            session, _bearer(request), now=now, params=auth_parameters(session)
        )
    with request.app.state.uow.transaction() as own:
        return sessions.authenticate(own, _bearer(request), now=now, params=auth_parameters(own))


CurrentAuth = Annotated[Authenticated, Depends(current_auth)]


def require_permission(permission: Permission) -> Callable[[Session, Authenticated], Authenticated]:
    """403 unless the caller's roles give ``permission`` in common/permissions.py,
    the table the admin console's roles matrix shows."""
    grant = PERMISSIONS[permission]

    def check(session: Transaction, auth: CurrentAuth) -> Authenticated:
        roles = auth.roles if auth.roles is not None else roles_of(session, auth.user.id)
        if not granted(roles, permission):
            raise DomainError(
                "auth.forbidden", status=403, roles=", ".join(r.value for r in grant.roles)
            )
        return auth

    return check


AdminAuth = Annotated[Authenticated, Depends(require_permission(Permission.ADMINISTER))]
AuditorAuth = Annotated[Authenticated, Depends(require_permission(Permission.MONITOR))]
ClerkAuth = Annotated[Authenticated, Depends(require_permission(Permission.ENTER_DOCUMENTS))]
PosterAuth = Annotated[Authenticated, Depends(require_permission(Permission.POST_VOUCHERS))]
CashierAuth = Annotated[Authenticated, Depends(require_permission(Permission.CASHIER_SIGN))]
LayoutAuth = Annotated[Authenticated, Depends(require_permission(Permission.STATEMENT_LAYOUT))]
ReportSignAuth = Annotated[Authenticated, Depends(require_permission(Permission.REPORT_SIGN))]


def fresh_admin(session: Transaction, auth: AdminAuth, now: Now) -> Authenticated:
    """An administrator whose last authenticator code is at most ``fresh_code_minutes``
    old (the value in force before this request: a change of it cannot vouch for
    itself). Every administrative change depends on this, so a stolen or forgotten
    session cannot act; tests/server/test_admin_hardening.py checks that each
    changing /admin route uses it unless listed in WITHOUT_FRESH_CODE."""
    sessions.require_fresh_code(auth, now=now, params=auth_parameters(session))
    return auth


FreshAdmin = Annotated[Authenticated, Depends(fresh_admin)]

# The changing /admin routes that need no fresh code, and why: each only stops an
# act or a session, and a suspected intrusion must be stoppable at once.
WITHOUT_FRESH_CODE: dict[tuple[str, str], str] = {
    ("POST", "/admin/requests/{request_id}/refuse"): "refusing only stops an act",
    ("POST", "/admin/requests/{request_id}/withdraw"): "withdrawing only stops an act",
    ("DELETE", "/admin/sessions/{session_id}"): "ending a session only takes access away",
}


class Idempotent:
    """The request's idempotency key bound to its caller and content.

    ``run(call)`` does the work once; a retry with the same key and the same
    request gets the stored first answer, a different request with a used key
    is refused.
    """

    def __init__(self, session: Session, user_id: int, key: str, fingerprint: bytes) -> None:
        self._session, self._user_id = session, user_id
        self._key, self._fingerprint = key, fingerprint

    def run(self, call: Callable[[], BaseModel]) -> BaseModel | dict[str, Any]:
        return idempotency.run(
            self._session,
            user_id=self._user_id,
            key=self._key,
            fingerprint=self._fingerprint,
            call=call,
        )


async def _request_fingerprint(request: Request) -> bytes:
    body = await request.body()
    digest = hashlib.sha256(f"{request.method} {request.url.path}\n".encode())
    digest.update(body)
    return digest.digest()


def bind_key(
    session: Session, auth: Authenticated, key: str | None, fingerprint: bytes
) -> Idempotent:
    """The request's Idempotency-Key (required) bound to its caller and content."""
    if not key or not key.strip():
        raise DomainError("idempotency.key_required", status=400)
    return Idempotent(session, auth.user.id, key.strip(), fingerprint)


IdempotencyHeader = Annotated[str | None, Header(alias="Idempotency-Key", max_length=64)]


async def idempotent(
    session: Transaction,
    auth: CurrentAuth,
    fingerprint: Annotated[bytes, Depends(_request_fingerprint)],
    key: IdempotencyHeader = None,
) -> Idempotent:
    return bind_key(session, auth, key, fingerprint)


IdempotencyKey = Annotated[Idempotent, Depends(idempotent)]


@dataclass(frozen=True)
class DocumentCall:
    """What every changing document route needs: the caller, the request's
    transaction, where and when it came, and its idempotency key. One bundle, so
    a route states only its path, its body and the one service call it makes;
    ``run(call)`` does that call once per key (see :class:`Idempotent`)."""

    caller: Authenticated
    session: Session
    origin: Origin
    now: dt.datetime
    once: Idempotent

    def run(self, call: Callable[[], BaseModel]) -> BaseModel | dict[str, Any]:
        return self.once.run(call)


# The order of the parameters is the order FastAPI checks them in, as in the
# routes before: permission first, then the idempotency key. The dependencies
# that do no I/O are async: FastAPI runs them on the event loop instead of
# handing each to the thread pool (a thread hop per dependency per request).
async def _clerk_call(
    caller: ClerkAuth, session: Transaction, once: IdempotencyKey, origin: RequestOrigin, now: Now
) -> DocumentCall:
    return DocumentCall(caller=caller, session=session, origin=origin, now=now, once=once)


async def _signed_in_call(
    caller: CurrentAuth,
    session: Transaction,
    once: IdempotencyKey,
    origin: RequestOrigin,
    now: Now,
) -> DocumentCall:
    return DocumentCall(caller=caller, session=session, origin=origin, now=now, once=once)


async def _poster_call(
    caller: PosterAuth, session: Transaction, once: IdempotencyKey, origin: RequestOrigin, now: Now
) -> DocumentCall:
    return DocumentCall(caller=caller, session=session, origin=origin, now=now, once=once)


async def _cashier_call(
    caller: CashierAuth, session: Transaction, once: IdempotencyKey, origin: RequestOrigin, now: Now
) -> DocumentCall:
    return DocumentCall(caller=caller, session=session, origin=origin, now=now, once=once)


# A maker's change (entering documents is a permission); a reviewer's decision,
# open to any signed-in user because the review service names the rule it breaks.
ClerkCall = Annotated[DocumentCall, Depends(_clerk_call)]
ReviewCall = Annotated[DocumentCall, Depends(_signed_in_call)]
# 记账 and 出纳签字: permissions of their own; the service names the per-voucher rule
PosterCall = Annotated[DocumentCall, Depends(_poster_call)]
CashierCall = Annotated[DocumentCall, Depends(_cashier_call)]

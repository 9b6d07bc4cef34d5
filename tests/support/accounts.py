"""Users, authenticator codes and logged-in API clients for tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pyotp
import pytest
from sqlalchemy import select

from client.api import ApiClient, ApiError, ServerAddress
from common.enums import Role
from server.db.models import BudgetUnit, User
from server.db.uow import UnitOfWork
from server.services.accounts.users import create_user
from tests.support.live_server import LiveServer

PASSWORD = "Correct-Horse-42!"


@dataclass
class Account:
    id: int
    username: str
    password: str
    totp_secret: str | None


def api_for(server: LiveServer) -> ApiClient:
    """A client pinned to the server's certificate (as after a trusted first use)."""
    pem = server.identity.cert_file.read_text()
    return ApiClient(
        ServerAddress.parse(server.url), pinned_pem=pem, pinned_fingerprint=server.fingerprint
    )


def add_user(
    server: LiveServer,
    username: str,
    roles: list[Role],
    *,
    password: str = PASSWORD,
    must_change_password: bool = False,
    enrolled: bool = True,
    unit_codes: tuple[str, ...] = (),
) -> Account:
    """Create a user directly (as the CLI would), optionally already enrolled."""
    secret = pyotp.random_base32() if enrolled else None
    with UnitOfWork(server.engine).transaction() as session:
        unit_ids = list(
            session.scalars(select(BudgetUnit.id).where(BudgetUnit.code.in_(unit_codes)))
        )
        created = create_user(
            session,
            username=username,
            display_name=username,
            roles=roles,
            unit_ids=unit_ids,
            password=password,
            must_change_password=must_change_password,
        )
        if secret is not None:
            user = session.get(User, created.id)
            assert user is not None
            user.totp_secret = server.app.state.secret_box.seal(secret.encode(), user_id=user.id)
    return Account(created.id, username, password, secret)


def code_now(server: LiveServer, secret: str, *, offset_steps: int = 0) -> str:
    moment = server.clock.now() + dt.timedelta(seconds=30 * offset_steps)
    return pyotp.TOTP(secret).at(moment)


def next_step(server: LiveServer) -> None:
    """Move the server's clock to the next TOTP step, so a fresh code exists."""
    server.clock.advance(dt.timedelta(seconds=30))


def log_in(server: LiveServer, user: Account, api: ApiClient | None = None) -> ApiClient:
    """A client logged in as ``user`` with password and a fresh code."""
    assert user.totp_secret is not None
    api = api or api_for(server)
    next_step(server)
    ticket = api.auth.login(user.username, user.password)
    assert ticket.next_step == "totp", ticket.next_step
    session = api.auth.submit_code(ticket.ticket, code_now(server, user.totp_secret)).session
    assert session is not None and session.token
    return api


def refused(call: Callable[..., object], *args: object, **kwargs: object) -> ApiError:
    """The error a call that must fail fails with."""
    with pytest.raises(ApiError) as caught:
        call(*args, **kwargs)
    return caught.value

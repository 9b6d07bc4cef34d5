"""An authenticator secret copied onto another account's row (issue 15 item 8).

Someone who can write to the database copies user B's encrypted TOTP secret into
user A's row and logs in as A with B's code. The secret was sealed with B's id,
so it does not open for A: the step is refused cleanly (401, not a 500), the
operation log names A and the tampering, and the alerts show it.
"""

from __future__ import annotations

from itertools import count

from sqlalchemy import select, text

from client.api import ApiClient
from common.enums import Role
from common.schemas.alerts import AlertKind
from server.db.models import AuditRecord, User
from server.db.uow import UnitOfWork
from tests.support.accounts import Account, add_user, api_for, code_now, log_in, next_step, refused
from tests.support.live_server import LiveServer

_names = count(1)
COPY = (
    "UPDATE users SET {field} = (SELECT {field} FROM users WHERE id = :source) WHERE id = :target"
)


def fresh(server: LiveServer, **kwargs: object) -> Account:
    return add_user(server, f"tamper{next(_names)}", [Role.CLERK], **kwargs)  # type: ignore[arg-type]


def copy_secret(server: LiveServer, *, field: str, source: int, target: int) -> None:
    """What an intruder with database access does, behind the server's back."""
    with server.engine.begin() as connection:
        connection.execute(text(COPY.format(field=field)), {"source": source, "target": target})


def tamper_rows(server: LiveServer, user: Account) -> list[AuditRecord]:
    with UnitOfWork(server.engine).transaction() as session:
        rows = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "auth.secret_tampered", AuditRecord.actor_id == user.id)
            .order_by(AuditRecord.id)
        ).all()
        session.expunge_all()
        return list(rows)


def failed_attempts(server: LiveServer, user: Account) -> int:
    with UnitOfWork(server.engine).transaction() as session:
        found = session.get(User, user.id)
        assert found is not None
        return found.failed_attempts


def test_a_secret_copied_from_another_account_refuses_the_login_and_is_alerted(
    live_server: LiveServer,
) -> None:
    victim, owner = fresh(live_server), fresh(live_server)
    assert owner.totp_secret is not None
    copy_secret(live_server, field="totp_secret", source=owner.id, target=victim.id)

    api = api_for(live_server)
    next_step(live_server)
    ticket = api.auth.login(victim.username, victim.password)
    assert ticket.next_step == "totp"
    error = refused(api.auth.submit_code, ticket.ticket, code_now(live_server, owner.totp_secret))
    assert (error.status, error.code) == (401, "auth.second_factor_unusable")
    assert "管理员" in error.message and not api.auth.logged_in
    assert failed_attempts(live_server, victim) == 0  # not the user's mistake

    [row] = tamper_rows(live_server, victim)
    assert (row.actor_name, row.target_type, row.target_id) == (
        victim.username,
        "user",
        str(victim.id),
    )
    assert row.after == {"field": "totp_secret", "step": "code"}
    assert row.client_address == "127.0.0.1"

    admin = log_in(live_server, add_user(live_server, f"tamper.admin{next(_names)}", [Role.ADMIN]))
    # this test's two accounts: the other tests of the module alert on their own
    ours = {victim.username, owner.username}
    alerts = [
        a
        for a in admin.admin.alerts(days=1)
        if a.kind is AlertKind.SECRET_TAMPERED and a.subject in ours
    ]
    assert [a.subject for a in alerts] == [victim.username]  # once, and not the owner
    assert alerts[0].details["field"] == "totp_secret"


def test_reverify_with_a_copied_secret_is_refused_not_a_server_error(
    live_server: LiveServer,
) -> None:
    victim, owner = fresh(live_server), fresh(live_server)
    assert owner.totp_secret is not None
    api: ApiClient = log_in(live_server, victim)
    copy_secret(live_server, field="totp_secret", source=owner.id, target=victim.id)
    next_step(live_server)
    error = refused(api.auth.reverify, code_now(live_server, owner.totp_secret))
    assert (error.status, error.code) == (401, "auth.second_factor_unusable")
    assert [r.after for r in tamper_rows(live_server, victim)] == [
        {"field": "totp_secret", "step": "reverify"}
    ]


def test_an_enrolment_with_a_copied_pending_secret_is_refused(live_server: LiveServer) -> None:
    victim, owner = fresh(live_server, enrolled=False), fresh(live_server, enrolled=False)
    victim_api, owner_api = api_for(live_server), api_for(live_server)
    victim_ticket = victim_api.auth.login(victim.username, victim.password).ticket
    victim_api.auth.start_enrolment(victim_ticket)
    owner_ticket = owner_api.auth.login(owner.username, owner.password).ticket
    secret = owner_api.auth.start_enrolment(owner_ticket).secret
    copy_secret(live_server, field="totp_pending", source=owner.id, target=victim.id)

    error = refused(victim_api.auth.confirm_enrolment, victim_ticket, code_now(live_server, secret))
    assert (error.status, error.code) == (401, "auth.second_factor_unusable")
    assert [r.after for r in tamper_rows(live_server, victim)] == [
        {"field": "totp_pending", "step": "enroll"}
    ]
    # the owner's own enrolment is untouched
    assert owner_api.auth.confirm_enrolment(owner_ticket, code_now(live_server, secret)).token

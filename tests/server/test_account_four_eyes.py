"""Four eyes on account administration, through client/api: granting the
administrator or auditor role and resetting a second factor take effect only when
a second administrator approves (parameter four_eyes, on by default); other
changes of roles and scope stay immediate; every step is in the operation log."""

from __future__ import annotations

from itertools import count

from sqlalchemy import select

from client.api import ApiClient
from common.enums import Role
from common.schemas.admin import UserOut
from common.schemas.admin_requests import AdminRequestOut, RequestState
from server.db.models import AuditRecord
from server.db.uow import UnitOfWork
from tests.support.accounts import Account, add_user, api_for, code_now, log_in, refused
from tests.support.documents import run_sql
from tests.support.live_server import LiveServer

_names = count(1)


def person(server: LiveServer, roles: list[Role]) -> Account:
    return add_user(server, f"fe{next(_names)}.{roles[0].value}", roles)


def listed(api: ApiClient, user_id: int) -> UserOut:
    return next(u for u in api.admin.users() if u.id == user_id)


def four_eyes(server: LiveServer, on: bool) -> None:
    run_sql(
        server,
        "INSERT INTO system_parameters (key, value) VALUES ('four_eyes', CAST(:v AS jsonb))"
        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        v="true" if on else "false",
    )


def logged_actions(server: LiveServer, since: int) -> list[str]:
    with UnitOfWork(server.engine).transaction() as session:
        return list(
            session.scalars(
                select(AuditRecord.action).where(AuditRecord.id > since).order_by(AuditRecord.id)
            )
        )


def last_log_id(server: LiveServer) -> int:
    with UnitOfWork(server.engine).transaction() as session:
        return max(session.scalars(select(AuditRecord.id)), default=0)


def test_an_auditor_grant_waits_for_a_second_administrator_who_is_not_the_requester(
    live_server: LiveServer,
) -> None:
    first = log_in(live_server, person(live_server, [Role.ADMIN]))
    second = log_in(live_server, person(live_server, [Role.ADMIN]))
    target = person(live_server, [Role.CLERK])
    target_api = log_in(live_server, target)
    before = listed(first, target.id)
    since = last_log_id(live_server)

    asked = first.admin.set_access(
        target.id,
        roles=[Role.CLERK, Role.AUDITOR],
        unit_ids=[],
        version=before.version,
        reason="年度审计需要",
    )
    assert isinstance(asked, AdminRequestOut)
    assert (asked.action, asked.target, asked.state) == ("user.grant", str(target.id), "pending")
    assert asked.payload["added_roles"] == ["auditor"] and asked.reason == "年度审计需要"
    unchanged = listed(first, target.id)
    assert unchanged.roles == [Role.CLERK] and unchanged.version == before.version
    assert refused(target_api.admin.verify_audit).status == 403  # not an auditor yet

    own = refused(first.admin.approve_request, asked.id)
    assert (own.status, own.code) == (403, "admin_request.own")
    again = refused(
        first.admin.set_access,
        target.id,
        roles=[Role.CLERK, Role.AUDITOR],
        unit_ids=[],
        version=before.version,
    )
    assert (again.code, again.params["id"]) == ("admin_request.pending_exists", asked.id)

    approved = second.admin.approve_request(asked.id, "已核实")
    assert approved.state is RequestState.APPROVED and approved.decided_by is not None
    granted = listed(first, target.id)
    assert granted.roles == [Role.AUDITOR, Role.CLERK]
    # privileged credentials come from the approver: password and factor reset with it
    assert granted.version == before.version + 3 and not granted.second_factor_enrolled
    assert approved.initial_password is not None
    steps = [a for a in logged_actions(live_server, since) if a.startswith(("admin_", "user."))]
    assert steps == [
        "admin_request.submitted",
        "admin_request.approved",
        "user.access_changed",
        "user.password_reset",
        "user.second_factor_reset",
    ]
    with UnitOfWork(live_server.engine).transaction() as session:
        asked_record = session.scalars(
            select(AuditRecord).where(
                AuditRecord.action == "admin_request.submitted",
                AuditRecord.target_id == str(asked.id),
            )
        ).one()
        assert asked_record.after is not None  # what was asked is in the log with the request
        assert asked_record.after["payload"]["roles"] == ["auditor", "clerk"]
    target_api = api_for(live_server)
    ticket = target_api.auth.login(target.username, approved.initial_password)
    progress = target_api.auth.set_initial_password(ticket.ticket, "Auditor-Own-Pass-8")
    assert progress.ticket is not None
    enrolment = target_api.auth.start_enrolment(progress.ticket.ticket)
    target_api.auth.confirm_enrolment(
        progress.ticket.ticket, code_now(live_server, enrolment.secret)
    )
    assert target_api.admin.verify_audit().ok


def test_a_refused_grant_changes_nothing_and_an_outdated_one_cannot_be_approved(
    live_server: LiveServer,
) -> None:
    first = log_in(live_server, person(live_server, [Role.ADMIN]))
    second = log_in(live_server, person(live_server, [Role.ADMIN]))
    target = person(live_server, [Role.CLERK])
    version = listed(first, target.id).version

    asked = first.admin.set_access(target.id, roles=[Role.ADMIN], unit_ids=[], version=version)
    assert isinstance(asked, AdminRequestOut)
    assert refused(second.admin.refuse_request, asked.id, "").code == "admin_request.note_required"
    refused_request = second.admin.refuse_request(asked.id, "无相关审批单")
    assert refused_request.state is RequestState.REFUSED
    after = listed(first, target.id)
    assert after.roles == [Role.CLERK] and after.version == version
    assert refused(second.admin.approve_request, asked.id).code == "admin_request.decided"

    # asked again; meanwhile another change of the account makes the request outdated
    asked = first.admin.set_access(target.id, roles=[Role.ADMIN], unit_ids=[], version=version)
    assert isinstance(asked, AdminRequestOut)
    changed = first.admin.set_access(
        target.id, roles=[Role.CLERK, Role.ANALYST], unit_ids=[], version=version
    )
    assert isinstance(changed, UserOut)  # an analyst grant is not guarded: at once
    outdated = refused(second.admin.approve_request, asked.id)
    assert (outdated.status, outdated.code) == (409, "access_request.outdated")
    assert target.username in outdated.message
    assert listed(first, target.id).roles == [Role.ANALYST, Role.CLERK]
    (still,) = [r for r in second.admin.requests(RequestState.PENDING) if r.id == asked.id]
    assert still.state is RequestState.PENDING  # the failed approval left no decision
    second.admin.refuse_request(asked.id, "账号已变更,申请作废")


def test_removing_roles_is_immediate_and_without_four_eyes_a_grant_is_too(
    live_server: LiveServer,
) -> None:
    first = log_in(live_server, person(live_server, [Role.ADMIN]))
    target = person(live_server, [Role.AUDITOR, Role.CLERK])
    version = listed(first, target.id).version
    removed = first.admin.set_access(target.id, roles=[Role.CLERK], unit_ids=[], version=version)
    assert isinstance(removed, UserOut) and removed.roles == [Role.CLERK]
    four_eyes(live_server, on=False)
    try:
        granted = first.admin.set_access(
            target.id, roles=[Role.CLERK, Role.ADMIN], unit_ids=[], version=removed.version
        )
        reset = first.admin.reset_second_factor(target.id)
    finally:
        four_eyes(live_server, on=True)
    assert isinstance(granted, UserOut) and granted.roles == [Role.ADMIN, Role.CLERK]
    assert isinstance(reset, UserOut) and not reset.second_factor_enrolled


def test_a_second_factor_reset_takes_effect_only_when_another_administrator_approves(
    live_server: LiveServer,
) -> None:
    first_account = person(live_server, [Role.ADMIN])
    first = log_in(live_server, first_account)
    second = log_in(live_server, person(live_server, [Role.ADMIN]))
    target = person(live_server, [Role.CLERK])
    target_api = log_in(live_server, target)

    transport = first.transport  # the status itself: 202, accepted but not done
    answer = transport._http.post(
        f"/admin/users/{target.id}/reset-second-factor",
        json={"reason": "手机丢失"},
        headers=transport._headers(None),
    )
    assert answer.status_code == 202
    asked = AdminRequestOut.model_validate(answer.json())
    assert asked.action == "user.reset_second_factor" and asked.reason == "手机丢失"
    assert listed(first, target.id).second_factor_enrolled
    assert target_api.auth.me().username == target.username  # still signed in
    assert api_for(live_server).auth.login(target.username, target.password).next_step == "totp"

    second.admin.approve_request(asked.id)
    assert not listed(first, target.id).second_factor_enrolled
    assert refused(target_api.auth.me).code == "auth.not_authenticated"
    assert api_for(live_server).auth.login(target.username, target.password).next_step == "enroll"

    # the administrator whose factor it is cannot be the one who approves
    second_id = second.auth.me().id
    about_second = first.admin.reset_second_factor(second_id, "更换手机")
    assert isinstance(about_second, AdminRequestOut)
    own_account = refused(second.admin.approve_request, about_second.id)
    assert (own_account.status, own_account.code) == (403, "access_request.own_account")
    assert listed(first, second_id).second_factor_enrolled
    third = log_in(live_server, person(live_server, [Role.ADMIN]))
    third.admin.approve_request(about_second.id)
    assert not listed(first, second_id).second_factor_enrolled

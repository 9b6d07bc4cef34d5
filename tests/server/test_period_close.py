"""Period close (结账) through client/api: a month closes only when nothing in it is
unfinished; closing posts its approved documents and refuses new entries dated in
it; only an administrator reopens, with a reason; both are logged."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from common.enums import DocumentStatus, ReviewLevel, Role
from server.db.uow import UnitOfWork
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, income, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer


def last_month(server: LiveServer) -> dt.date:
    return today(server).replace(day=1) - dt.timedelta(days=1)


def test_a_month_closes_when_finished_and_reopens_with_a_reason(
    live_server: LiveServer, codes: Codes
) -> None:
    day = last_month(live_server)
    year, month = day.year, day.month
    maker = log_in(live_server, clerk(live_server, "close.clerk", unit="001001"))
    checker = log_in(
        live_server, reviewer(live_server, "close.checker", (ReviewLevel.SUPERVISOR, "001001"))
    )
    admin = log_in(live_server, add_user(live_server, "close.admin", [Role.ADMIN]))
    approved = maker.documents.create_and_submit(income(codes, day, amount="510.00", payer="甲"))
    checker.reviews.approve(approved.id, version=approved.version)
    waiting = maker.documents.create_and_submit(income(codes, day, amount="520.00", payer="乙"))
    draft = maker.documents.create(income(codes, day, amount="530.00", payer="丙"))

    state = admin.admin.period(year, month)
    assert not state.is_closed
    assert {(p.document_id, p.problem) for p in state.problems} == {
        (waiting.id, "unfinished"),
        (draft.id, "unfinished"),
    }
    blocked = refused(admin.admin.close_period, year, month)
    assert (blocked.status, blocked.code, blocked.params["count"]) == (409, "period.not_ready", 2)
    assert refused(maker.admin.close_period, year, month).status == 403

    checker.reviews.reject(waiting.id, version=waiting.version, reason="重复录入,已于上月入账")
    maker.documents.delete(draft.id, version=draft.version, reason="录错月份")
    closed = admin.admin.close_period(year, month)
    assert closed.is_closed and closed.closed_by == "close.admin" and closed.problems == []
    assert maker.documents.get(approved.id).status is DocumentStatus.POSTED
    assert maker.documents.get(waiting.id).status is DocumentStatus.REJECTED
    late = refused(maker.documents.create, income(codes, day, amount="540.00", payer="丁"))
    assert (late.code, late.params["field"]) == ("period.closed", "doc_date")
    assert refused(admin.admin.close_period, year, month).code == "period.already_closed"

    with pytest.raises(ValueError):
        admin.admin.reopen_period(year, month, "")
    blank = refused(admin.admin.reopen_period, year, month, "   ")
    assert (blank.code, blank.params["field"]) == ("period.reason_required", "reason")
    reopened = admin.admin.reopen_period(year, month, "补录上月漏记的收入")
    assert not reopened.is_closed
    again = maker.documents.create(income(codes, day, amount="540.00", payer="丁"))
    assert again.status is DocumentStatus.DRAFT
    assert maker.documents.get(approved.id).status is DocumentStatus.POSTED  # stays posted
    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.execute(
            text(
                "SELECT action, after->>'reason' FROM audit_log"
                " WHERE target_type = 'period' ORDER BY id"
            )
        ).all()
    assert [tuple(row) for row in logged] == [
        ("period.closed", None),
        ("period.reopened", "补录上月漏记的收入"),
    ]

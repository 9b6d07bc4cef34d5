"""Period close (结账) through client/api: a month closes only after it ended, in
order, when nothing in it is unfinished; closing posts its approved documents and
refuses new entries dated in it or before it; only an administrator reopens the
latest closed month, with a reason, and a second administrator approves (four
eyes, on by default); every step is logged; the balance table is the same from
the closed months' totals as from their lines."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from common.enums import DocumentStatus, ReviewLevel, Role
from common.schemas.admin_requests import RequestState
from common.schemas.posting import SignOffWay
from server.db.uow import UnitOfWork
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, income, run_sql, set_parameter, today, voucher
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer


def last_month(server: LiveServer) -> dt.date:
    return today(server).replace(day=1) - dt.timedelta(days=1)


def months_back(server: LiveServer, count: int) -> dt.date:
    """The 10th of the month ``count`` months before this one."""
    day = today(server).replace(day=1)
    for _ in range(count):
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return day.replace(day=10)


def four_eyes(server: LiveServer, on: bool) -> None:
    run_sql(
        server,
        "INSERT INTO system_parameters (key, value) VALUES ('four_eyes', CAST(:v AS jsonb))"
        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        v="true" if on else "false",
    )


def test_months_close_in_order_and_the_balance_table_reads_their_totals(
    live_server: LiveServer, codes: Codes
) -> None:
    first, second = months_back(live_server, 3), months_back(live_server, 2)
    maker = log_in(live_server, clerk(live_server, "order.clerk", unit="001001"))
    checker = log_in(
        live_server, reviewer(live_server, "order.checker", (ReviewLevel.SUPERVISOR, "001001"))
    )
    admin = log_in(live_server, add_user(live_server, "order.admin", [Role.ADMIN]))
    for day, amount in ((first, "1200.40"), (second, "830.25"), (second + dt.timedelta(9), "7.05")):
        made = maker.documents.create_and_submit(
            voucher(codes, day, ("500102", amount, "0"), ("100201", "0", amount))
        )
        checker.reviews.approve(made.id, version=made.version)
        record = maker.documents.create_and_submit(income(codes, day, amount=amount, payer="乙"))
        checker.reviews.approve(record.id, version=record.version)
    ranges = [
        (first.replace(day=1), second.replace(day=28)),  # whole months
        (first, second),  # mid-month to mid-month
        (second.replace(day=1), second.replace(day=28)),  # opening from the first month
    ]
    from_lines = [admin.reports.balances(*span) for span in ranges]

    now = today(live_server)
    ahead = refused(admin.admin.close_period, now.year, now.month)
    assert (ahead.status, ahead.code) == (409, "period.not_ended")
    skipped = refused(admin.admin.close_period, second.year, second.month)
    assert skipped.code == "period.earlier_open"
    assert (skipped.params["year"], skipped.params["month"]) == (first.year, first.month)
    admin.admin.close_period(first.year, first.month)
    admin.admin.close_period(second.year, second.month)
    with UnitOfWork(live_server.engine).transaction() as session:
        kept = session.scalar(text("SELECT count(*) FROM ledger_month_totals"))
    assert kept and kept >= 4  # two accounts of each kind of entry, two months
    assert [admin.reports.balances(*span) for span in ranges] == from_lines

    inside = refused(maker.documents.create, income(codes, first, amount="1.00", payer="丙"))
    assert (inside.code, inside.params["field"]) == ("period.closed", "doc_date")
    before = refused(
        maker.documents.create,
        income(codes, months_back(live_server, 4), amount="1.00", payer="丙"),
    )
    assert (before.code, before.params["month"]) == ("period.closed_after", first.month)

    not_latest = refused(admin.admin.reopen_period, first.year, first.month, "补记上上月")
    assert (not_latest.code, not_latest.params["month"]) == ("period.later_closed", second.month)
    four_eyes(live_server, on=False)
    try:
        reopened = admin.admin.reopen_period(second.year, second.month, "补记漏记凭证")
    finally:
        four_eyes(live_server, on=True)
    assert not reopened.is_closed and reopened.reopen_request is None
    assert [admin.reports.balances(*span) for span in ranges] == from_lines
    admin.admin.close_period(second.year, second.month)
    assert [admin.reports.balances(*span) for span in ranges] == from_lines

    asked = admin.admin.reopen_period(second.year, second.month, "再核对一次")
    assert asked.reopen_request is not None
    later = last_month(live_server)  # closing it would make the request unapprovable
    waiting = refused(admin.admin.close_period, later.year, later.month)
    assert waiting.code == "period.reopen_pending"
    admin.admin.withdraw_request(asked.reopen_request.id)


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
    with UnitOfWork(live_server.engine).transaction() as session:
        since = session.scalar(text("SELECT coalesce(max(id), 0) FROM audit_log"))
    approved = maker.documents.create_and_submit(income(codes, day, amount="510.00", payer="甲"))
    # approved while posting was a step of its own, then the office went back to
    # posting at approval: the close posts what was left approved
    set_parameter(live_server, "separate_posting", True)
    checker.reviews.approve(approved.id, version=approved.version)
    set_parameter(live_server, "separate_posting", False)
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
    posted = maker.documents.get(approved.id)
    assert posted.status is DocumentStatus.POSTED
    assert posted.posting is not None and posted.posting.way is SignOffWay.CLOSE
    assert maker.documents.get(waiting.id).status is DocumentStatus.REJECTED
    late = refused(maker.documents.create, income(codes, day, amount="540.00", payer="丁"))
    assert (late.code, late.params["field"]) == ("period.closed", "doc_date")
    assert refused(admin.admin.close_period, year, month).code == "period.already_closed"

    with pytest.raises(ValueError):
        admin.admin.reopen_period(year, month, "")
    blank = refused(admin.admin.reopen_period, year, month, "   ")
    assert (blank.code, blank.params["field"]) == ("period.reason_required", "reason")
    asked = admin.admin.reopen_period(year, month, "补录上月漏记的收入")
    assert asked.is_closed and asked.reopen_request is not None  # waits for a second admin
    request = asked.reopen_request
    assert (request.state, request.requested_by) == (RequestState.PENDING, "close.admin")
    still = refused(maker.documents.create, income(codes, day, amount="540.00", payer="丁"))
    assert still.code == "period.closed"
    twice = refused(admin.admin.reopen_period, year, month, "再次申请")
    assert (twice.code, twice.params["id"]) == ("admin_request.pending_exists", request.id)
    own = refused(admin.admin.approve_request, request.id)
    assert (own.status, own.code) == (403, "admin_request.own")
    assert refused(maker.admin.approve_request, request.id).status == 403
    second = log_in(live_server, add_user(live_server, "close.admin2", [Role.ADMIN]))
    why = refused(second.admin.refuse_request, request.id, " ")
    assert (why.code, why.params["field"]) == ("admin_request.note_required", "note")
    assert [r.id for r in second.admin.requests(RequestState.PENDING)] == [request.id]
    decision = second.admin.approve_request(request.id, "核实无误")
    assert (decision.state, decision.decided_by) == (RequestState.APPROVED, "close.admin2")
    assert refused(second.admin.approve_request, request.id).code == "admin_request.decided"
    reopened = admin.admin.period(year, month)
    assert not reopened.is_closed and reopened.reopen_request is None
    again = maker.documents.create(income(codes, day, amount="540.00", payer="丁"))
    assert again.status is DocumentStatus.DRAFT
    assert maker.documents.get(approved.id).status is DocumentStatus.POSTED  # stays posted
    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.execute(
            text(
                "SELECT actor_name, action, after->>'reason' FROM audit_log"
                " WHERE target_type IN ('period', 'admin_request') AND id > :since ORDER BY id"
            ),
            {"since": since},
        ).all()
        posted = session.execute(
            text(
                "SELECT (after->>'posted')::int, (after->>'posted_first_id')::bigint,"
                " (after->>'posted_last_id')::bigint FROM audit_log WHERE id > :since"
                " AND action = 'period.closed'"
            ),
            {"since": since},
        ).one()
    assert [tuple(row) for row in logged] == [
        ("close.admin", "period.closed", None),
        ("close.admin", "admin_request.submitted", "补录上月漏记的收入"),
        ("close.admin2", "admin_request.approved", "补录上月漏记的收入"),
        ("close.admin2", "period.reopened", "补录上月漏记的收入"),
    ]
    count, first_id, last_id = posted
    assert count == 2 and first_id <= approved.id <= last_id  # the record and its voucher

"""A total the books cannot hold is a clear refusal, never a 500 (issue 15).

Each amount is at most 9,999,999,999,999.99, but a month's totals per account
(ledger_month_totals, written at period close) hold 18 digits: about a thousand
items at the maximum in one account and month pass that. Here two vouchers'
lines are raised to the column's own maximum directly in the database (a busy
month adds up the same way, only slower), then the month is closed through the
API: PostgreSQL's numeric overflow answers 422 ``amount.total_out_of_range`` in both languages, and
nothing of the close is saved."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from common.enums import Language, ReviewLevel, Role
from common.errors import render_message
from server.db.uow import UnitOfWork
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, today, voucher
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

HUGE = "9999999999999999.99"  # the most a Numeric(18, 2) holds: two of them overflow


def test_closing_a_month_whose_totals_overflow_is_refused_and_saves_nothing(
    live_server: LiveServer, codes: Codes
) -> None:
    month = today(live_server).replace(day=1) - dt.timedelta(days=1)  # last month
    maker = log_in(live_server, clerk(live_server, "huge.clerk", unit="001001"))
    checker = log_in(
        live_server, reviewer(live_server, "huge.checker", (ReviewLevel.SUPERVISOR, "001001"))
    )
    admin = log_in(live_server, add_user(live_server, "huge.admin", [Role.ADMIN]))
    made = []
    for _ in range(2):
        draft = voucher(codes, month, ("500102", "1.00", "0"), ("100201", "0", "1.00"))
        document = maker.documents.create_and_submit(draft)
        checker.reviews.approve(document.id, version=document.version)
        made.append(document.id)
    with UnitOfWork(live_server.engine).transaction() as session:
        # as the superuser, around the guard that keeps approved lines as they are
        session.execute(text("SET LOCAL session_replication_role = replica"))
        for column in ("debit", "credit"):
            session.execute(
                text(
                    f"UPDATE voucher_lines SET {column} = CAST(:huge AS numeric)"
                    f" WHERE document_id = ANY(:ids) AND {column} > 0"
                ),
                {"huge": HUGE, "ids": made},
            )

    answer = refused(admin.admin.close_period, month.year, month.month)
    assert (answer.status, answer.code) == (422, "amount.total_out_of_range")
    assert "超过了账簿能保存的最大金额" in answer.message  # the caller's language (zh_CN)
    english = render_message(answer.code, {}, Language.EN)
    assert "passed the largest amount the books hold" in english
    with UnitOfWork(live_server.engine).transaction() as session:
        kept = session.scalar(text("SELECT count(*) FROM ledger_month_totals"))
        statuses = set(
            session.scalars(
                text("SELECT status FROM documents WHERE id = ANY(:ids)"), {"ids": made}
            )
        )
        closed = session.scalar(
            text("SELECT count(*) FROM fiscal_periods WHERE is_closed"),
        )
        by_close = session.scalar(text("SELECT count(*) FROM ledger_sign_offs WHERE way = 'close'"))
    assert kept == 0 and closed == 0 and by_close == 0  # the close rolled back whole
    assert statuses == {"posted"}  # as approval left them

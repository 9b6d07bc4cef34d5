"""Reports through client/api, checked against totals computed here from the
documents themselves: the balance table rolled up the account tree, the income
and expenditure summary, approval efficiency — each exact, each within scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import text

from client.api import ApiClient
from common.enums import DocumentKind, DocumentStatus, ReviewLevel, Role
from common.schemas.documents import DocumentOut
from common.schemas.reports import EfficiencyBy, SummaryBy
from common.schemas.search import DocumentQuery
from server.db.uow import UnitOfWork
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, expenditure, income, run_sql, today, voucher
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

ZERO = Decimal("0.00")
OFFICE = dt.timezone(dt.timedelta(hours=8))


class Books:
    """Two bureaus' approved records and vouchers over two months."""

    def __init__(self, server: LiveServer, codes: Codes) -> None:
        self.day = today(server)
        self.earlier = self.day.replace(day=1) - dt.timedelta(days=3)
        self.education = log_in(server, clerk(server, "r.edu", unit="001001"))
        self.health = log_in(server, clerk(server, "r.health", unit="001002"))
        self.checker_account = reviewer(server, "r.checker", (ReviewLevel.SUPERVISOR, "001"))
        self.checker = log_in(server, self.checker_account)
        self.records: list[DocumentOut] = []
        for n, (api, unit) in enumerate(
            [(self.education, "001001001"), (self.health, "001002")] * 3
        ):
            day = self.earlier if n < 2 else self.day
            unit_id = codes.units[unit]
            made = [
                income(codes, day, amount=f"{1000 + n * 11}.10", payer=f"缴款{n}", unit_id=unit_id),
                expenditure(
                    codes, day, amount=f"{300 + n * 7}.35", payee=f"收款{n}", unit_id=unit_id
                ),
            ]
            for draft in made:
                doc = api.documents.create_and_submit(draft)
                self.checker.reviews.approve(doc.id, version=doc.version)
                self.records.append(api.documents.get(doc.id))
        manual = self.education.documents.create_and_submit(
            voucher(codes, self.day, ("500102", "250.55", "0"), ("100201", "0", "250.55"))
        )
        self.checker.reviews.approve(manual.id, version=manual.version)
        pending = self.education.documents.create_and_submit(  # not in the ledger
            income(codes, self.day, amount="999.99", payer="未审", unit_id=codes.units["001001"])
        )
        self.pending = pending


@pytest.fixture(scope="module")
def books(live_server: LiveServer, codes: Codes) -> Books:
    return Books(live_server, codes)


def ledger_vouchers(api: ApiClient) -> list[DocumentOut]:
    query = DocumentQuery(
        kind=DocumentKind.VOUCHER, statuses=[DocumentStatus.APPROVED, DocumentStatus.POSTED]
    )
    rows = api.search.documents(query, limit=500).rows
    return [api.documents.get(row.id) for row in rows]


def test_the_balance_table_matches_the_vouchers_line_by_line(books: Books) -> None:
    api = books.education
    accounts = {a.id: a for a in api.documents.reference().accounts}
    start = books.day.replace(day=1)
    expected: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: {"opening": ZERO, "debit": ZERO, "credit": ZERO}
    )
    for doc in ledger_vouchers(api):
        for line in doc.lines:
            assert line.account_id is not None
            account_id: int | None = line.account_id
            while account_id is not None:  # the line counts for every account above it
                row = expected[account_id]
                if doc.doc_date < start:
                    row["opening"] += line.debit - line.credit
                else:
                    row["debit"] += line.debit
                    row["credit"] += line.credit
                account_id = accounts[account_id].parent_id
    report = api.reports.balances(start, books.day)
    assert {row.account_id for row in report} == set(expected)
    for row in report:
        want = expected[row.account_id]
        sign = 1 if row.normal_side == "debit" else -1
        assert (row.debit, row.credit) == (want["debit"], want["credit"]), row.code
        assert row.opening == want["opening"] * sign, row.code
        assert row.closing == row.opening + (row.debit - row.credit) * sign, row.code
    # the ledger balances: debit = credit over every top-level account
    top = [row for row in report if row.parent_id is None]
    assert sum(r.debit for r in top) == sum(r.credit for r in top) > 0


def test_the_summary_adds_up_to_the_records_and_stays_in_scope(books: Books) -> None:
    education_unit = books.records[0].unit_id
    mine = [r for r in books.records if r.unit_id == education_unit]
    by_month: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {"income": ZERO, "expenditure": ZERO}
    )
    for record in mine:
        by_month[record.doc_date.strftime("%Y-%m")][record.kind.value] += record.amount
    report = books.education.reports.summary(books.earlier, books.day, SummaryBy.MONTH)
    assert {row.key: {"income": row.income, "expenditure": row.expenditure} for row in report} == (
        by_month
    )
    assert sum(row.count for row in report) == len(mine)
    by_unit = books.education.reports.summary(books.earlier, books.day, SummaryBy.UNIT)
    assert [row.key for row in by_unit] == ["001001001"]  # never the health bureau's
    city = books.checker.reports.summary(books.earlier, books.day, SummaryBy.UNIT)
    assert sum(r.income for r in city) == sum(
        (r.amount for r in books.records if r.kind is DocumentKind.INCOME), ZERO
    )
    backwards = refused(books.education.reports.summary, books.day, books.earlier, SummaryBy.UNIT)
    assert (backwards.code, backwards.params["field"]) == ("report.date_range", "date_to")


def test_approval_efficiency_counts_decisions_and_lateness(
    books: Books, live_server: LiveServer
) -> None:
    late = books.records[-1]
    with UnitOfWork(live_server.engine).transaction() as session:
        was = session.execute(
            text("SELECT id, deadline_at FROM approval_steps WHERE document_id = :id"),
            {"id": late.id},
        ).all()
    run_sql(
        live_server,
        "UPDATE approval_steps SET deadline_at = acted_at - interval '1 hour'"
        " WHERE document_id = :id",
        id=late.id,
    )
    try:
        rows = books.checker.reports.efficiency(books.earlier, books.day, EfficiencyBy.REVIEWER)
        [mine] = [row for row in rows if row.key == books.checker_account.username]
        decided = len(books.records) + 1  # every record and the manual voucher
        assert mine.decided == decided
        assert mine.overdue_ratio == round(1 / decided, 4)
        assert 0 <= mine.average_hours <= mine.p90_hours + 1e-9
    finally:
        for step_id, deadline_at in was:
            run_sql(
                live_server,
                "UPDATE approval_steps SET deadline_at = :at WHERE id = :id",
                at=deadline_at,
                id=step_id,
            )


def test_approval_efficiency_by_month_counts_each_decision_in_the_office_month(
    books: Books, live_server: LiveServer
) -> None:
    """A decision at 00:30 Beijing time on the 1st belongs to that month, not the
    previous one (the database runs in UTC)."""
    first_of_month = books.day.replace(day=1)
    moved = books.records[0]
    with UnitOfWork(live_server.engine).transaction() as session:
        was = session.execute(
            text("SELECT id, acted_at, started_at FROM approval_steps WHERE document_id = :id"),
            {"id": moved.id},
        ).all()
    run_sql(
        live_server,
        "UPDATE approval_steps SET acted_at = :at, started_at = :at - interval '2 hours'"
        " WHERE document_id = :id",
        at=dt.datetime.combine(first_of_month, dt.time(0, 30), tzinfo=OFFICE),
        id=moved.id,
    )
    try:
        with UnitOfWork(live_server.engine).transaction() as session:
            acted = session.scalars(
                text(
                    "SELECT s.acted_at FROM approval_steps s JOIN users u ON u.id = s.actor_id"
                    " WHERE u.username = :name AND s.acted_at IS NOT NULL"
                ),
                {"name": books.checker_account.username},
            ).all()
        expected: dict[str, int] = defaultdict(int)
        for at in acted:
            expected[at.astimezone(OFFICE).strftime("%Y-%m")] += 1
        rows = books.checker.reports.efficiency(books.earlier, books.day, EfficiencyBy.MONTH)
        assert {row.key: row.decided for row in rows} == expected
        assert expected[first_of_month.strftime("%Y-%m")] >= 1
    finally:  # the decision goes back to today, where the daily operations count it
        for step_id, acted_at, started_at in was:
            run_sql(
                live_server,
                "UPDATE approval_steps SET acted_at = :acted, started_at = :started WHERE id = :id",
                acted=acted_at,
                started=started_at,
                id=step_id,
            )


def _subtree_lines(
    books: Books, account_code: str
) -> tuple[int, list[tuple[DocumentOut, Decimal, Decimal]]]:
    """The account's id and every ledger line on it or below it, as the clerk sees them."""
    api = books.education
    accounts = {a.id: a for a in api.documents.reference().accounts}
    [root] = [a.id for a in accounts.values() if a.code == account_code]

    def under(account_id: int | None) -> bool:
        while account_id is not None:
            if account_id == root:
                return True
            account_id = accounts[account_id].parent_id
        return False

    lines = [
        (doc, line.debit, line.credit)
        for doc in ledger_vouchers(api)
        for line in doc.lines
        if under(line.account_id)
    ]
    return root, lines


def test_the_general_and_detail_ledgers_match_the_lines(books: Books) -> None:
    """总账 month by month and 明细账 line by line for the bank account (借方科目)."""
    root, lines = _subtree_lines(books, "1002")
    assert {doc.doc_date.month for doc, _, _ in lines} == {books.earlier.month, books.day.month}
    year = books.day.year
    general = books.education.reports.general_ledger(root, year)
    assert general.code == "1002" and [m.month for m in general.months] == list(
        range(1, books.day.month + 1)
    )
    assert general.opening == sum((d - c for doc, d, c in lines if doc.doc_date.year < year), ZERO)
    balance, year_debit = general.opening, ZERO
    for month in general.months:
        debit = sum(
            (
                d
                for doc, d, _ in lines
                if (doc.doc_date.year, doc.doc_date.month) == (year, month.month)
            ),
            ZERO,
        )
        credit = sum(
            (
                c
                for doc, _, c in lines
                if (doc.doc_date.year, doc.doc_date.month) == (year, month.month)
            ),
            ZERO,
        )
        balance += debit - credit
        year_debit += debit
        assert (month.debit, month.credit, month.closing) == (debit, credit, balance), month
        assert month.year_debit == year_debit
    assert any(m.debit or m.credit for m in general.months)

    detail = books.education.reports.detail_ledger(root, books.earlier, books.day)
    assert detail.opening == sum(
        (d - c for doc, d, c in lines if doc.doc_date < books.earlier), ZERO
    )
    shown = sorted((line.document_id, line.debit, line.credit) for line in detail.lines)
    assert shown == sorted((doc.id, d, c) for doc, d, c in lines if doc.doc_date >= books.earlier)
    assert [line.doc_date for line in detail.lines] == sorted(
        line.doc_date for line in detail.lines
    )
    running = detail.opening
    for line in detail.lines:
        running += line.debit - line.credit
        assert line.balance == running
    assert detail.closing == running and not detail.truncated
    assert (detail.debit, detail.credit) == (
        sum((line.debit for line in detail.lines), ZERO),
        sum((line.credit for line in detail.lines), ZERO),
    )
    health_only = books.health.reports.detail_ledger(root, books.earlier, books.day)
    assert {line.document_id for line in health_only.lines}.isdisjoint(
        {line.document_id for line in detail.lines}
    )
    unknown = refused(books.education.reports.general_ledger, 999999, year)
    assert (unknown.code, unknown.params["field"]) == ("reference.unknown", "account")


def test_daily_operations_and_system_usage(books: Books, live_server: LiveServer) -> None:
    rows = books.education.reports.daily_operations(books.day, books.day)
    mine = [r for r in rows if r.person == "r.edu"]
    made = 3 * 2 + 2  # three pairs of records, the manual voucher, the pending record
    assert sum(r.entered for r in mine) == made and sum(r.submitted for r in mine) == made
    decided = [r for r in rows if r.person == books.checker_account.username]
    assert sum(r.decided for r in decided) == 3 * 2 + 1  # the education bureau's, not health's
    assert all(r.unit.startswith("001001") for r in rows)  # never the health bureau's

    refused_usage = refused(books.education.reports.usage, books.day, books.day)
    assert refused_usage.status == 403
    auditor = log_in(live_server, add_user(live_server, "r.auditor", [Role.AUDITOR]))
    [usage] = auditor.reports.usage(books.day, books.day)
    with UnitOfWork(live_server.engine).transaction() as session:
        logins = session.execute(
            text(
                "SELECT count(*), count(DISTINCT actor_id) FROM audit_log"
                " WHERE action = 'login.succeeded'"
            )
        ).one()
    assert (usage.logins, usage.active_users) == tuple(logins) and usage.active_users >= 4


def test_a_report_saved_as_pdf_is_logged_with_its_rows(
    books: Books, live_server: LiveServer
) -> None:
    books.education.reports.log_export("科目余额表", "2026-11-01 至 2026-11-30", 12)
    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.execute(
            text(
                "SELECT actor_name, after->>'report', (after->>'rows')::int FROM audit_log"
                " WHERE action = 'export.report' ORDER BY id DESC LIMIT 1"
            )
        ).one()
    assert tuple(logged) == ("r.edu", "科目余额表", 12)
    with pytest.raises(ValueError):
        books.education.reports.log_export("", "", 1)

"""Reports through client/api, checked against totals computed here from the
documents themselves: the balance table rolled up the account tree, the income
and expenditure summary, approval efficiency — each exact, each within scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest

from client.api import ApiClient
from common.enums import DocumentKind, DocumentStatus, ReviewLevel
from common.schemas.documents import DocumentOut
from common.schemas.reports import EfficiencyBy, SummaryBy
from common.schemas.search import DocumentQuery
from tests.support.accounts import log_in, refused
from tests.support.documents import Codes, clerk, expenditure, income, run_sql, today, voucher
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

ZERO = Decimal("0.00")


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
    run_sql(
        live_server,
        "UPDATE approval_steps SET deadline_at = acted_at - interval '1 hour'"
        " WHERE document_id = :id",
        id=late.id,
    )
    rows = books.checker.reports.efficiency(books.earlier, books.day, EfficiencyBy.REVIEWER)
    [mine] = [row for row in rows if row.key == books.checker_account.username]
    decided = len(books.records) + 1  # every record and the manual voucher
    assert mine.decided == decided
    assert mine.overdue_ratio == round(1 / decided, 4)
    assert 0 <= mine.average_hours <= mine.p90_hours + 1e-9

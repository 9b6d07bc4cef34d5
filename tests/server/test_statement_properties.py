"""Statements recomputed independently from the documents (Hypothesis): random
balanced vouchers in a unit of their own over three months, approved through
the API; at every month end the balance sheet balances and its total assets are
the class-1 balances, the income statement's 本期盈余 is the month's income less
its expenses, and the budget difference is budget income less expenditure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from client.api import ApiClient
from common.enums import ReviewLevel, Role
from common.schemas.statements import StatementKind
from tests.support.accounts import add_user, log_in
from tests.support.documents import Codes, clerk, office, today, unit_of_its_own, voucher
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

FINANCIAL = (
    "1001", "100201", "1011", "120101", "160101", "1602", "220101", "2302",
    "3001", "400101", "4609", "500102", "510101",
)  # fmt: skip
BUDGET = ("6001", "6101", "7101", "7201", "800101", "8101", "8201")
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000.00"), places=2)


def pair(pool: tuple[str, ...]) -> st.SearchStrategy[tuple[str, str, Decimal]]:
    """A debit account, a different credit account and the amount between them."""
    return st.tuples(st.sampled_from(pool), st.sampled_from(pool), amounts).filter(
        lambda p: p[0] != p[1]
    )


@dataclass(frozen=True)
class Drawn:
    month: int  # 0: two months ago, 1: last month, 2: this month
    day: int
    financial: tuple[str, str, Decimal]
    budget: tuple[str, str, Decimal] | None


vouchers = st.lists(
    st.builds(
        Drawn,
        st.integers(0, 2),
        st.integers(1, 28),
        pair(FINANCIAL),
        st.none() | pair(BUDGET),
    ),
    min_size=1,
    max_size=5,
)


@dataclass
class Office:
    server: LiveServer
    codes: Codes
    maker: ApiClient
    checker: ApiClient
    units: Iterator[int]


@pytest.fixture(scope="module")
def books(live_server: LiveServer) -> Office:
    codes = office(live_server)
    maker = log_in(live_server, clerk(live_server, "prop.clerk", unit="001"))
    checker = log_in(
        live_server, reviewer(live_server, "prop.checker", (ReviewLevel.SUPERVISOR, "001"))
    )
    return Office(live_server, codes, maker, checker, count(1))


def month_starts(server: LiveServer) -> list[dt.date]:
    first = today(server).replace(day=1)
    last = (first - dt.timedelta(days=1)).replace(day=1)
    before = (last - dt.timedelta(days=1)).replace(day=1)
    return [before, last, first]


def month_end(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=vouchers)
def test_statements_agree_with_the_documents_at_every_month_end(
    books: Office, drawn: list[Drawn]
) -> None:
    server = books.server
    code = f"00107{next(books.units):03d}"
    unit = unit_of_its_own(server, code, f"性质测试{code}").units[code]
    starts = month_starts(server)
    lines: list[tuple[dt.date, str, Decimal]] = []  # (date, account, debit minus credit)
    for d in drawn:
        day = starts[d.month] if d.month == 2 else starts[d.month].replace(day=d.day)
        rows = [(d.financial[0], d.financial[2], "0"), (d.financial[1], "0", d.financial[2])]
        if d.budget is not None:
            rows += [(d.budget[0], d.budget[2], "0"), (d.budget[1], "0", d.budget[2])]
        draft = voucher(
            books.codes, day, *((a, str(debit), str(credit)) for a, debit, credit in rows)
        )
        made = books.maker.documents.create_and_submit(draft.model_copy(update={"unit_id": unit}))
        books.checker.reviews.approve(made.id, version=made.version)
        lines += [(day, d.financial[0], d.financial[2]), (day, d.financial[1], -d.financial[2])]
        if d.budget is not None:
            lines += [(day, d.budget[0], d.budget[2]), (day, d.budget[1], -d.budget[2])]

    analyst = log_in(
        server, add_user(server, f"prop.analyst{code}", [Role.ANALYST], unit_codes=(code,))
    )
    for first in starts:
        period, last = f"{first:%Y-%m}", month_end(first)

        def net(classes: str, since: dt.date, last: dt.date = last) -> Decimal:
            """Debit minus credit of the accounts of ``classes`` from ``since`` to ``last``."""
            return sum(
                (amount for day, account, amount in lines
                 if account[:1] in classes and since <= day <= last),
                Decimal("0.00"),
            )  # fmt: skip

        def amount_of(kind: StatementKind, line: str, period: str = period) -> Decimal:
            found = analyst.statements.statement(kind, unit, period)
            if kind is StatementKind.BALANCE_SHEET:
                assert found.balanced and found.difference == 0, (period, found.difference)
                assert found.unmapped == []
            return next(item.amount for item in found.lines if item.code == line)

        assert amount_of(StatementKind.BALANCE_SHEET, "A26") == net("1", dt.date.min)
        surplus = -net("4", first) - net("5", first)  # income is a credit, expense a debit
        assert amount_of(StatementKind.INCOME_EXPENSE, "S01") == surplus
        assert amount_of(StatementKind.BUDGET_EXECUTION, "D01") == -net("6", first) - net(
            "7", first
        )

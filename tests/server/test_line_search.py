"""Voucher line queries (分录查询) through client/api: lines of the caller's units
only, under every filter and page token; an account takes its sub-accounts; pages
cover the lines once, newest first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from client.api import ApiClient
from common.schemas.search import LineQuery, LineRowOut
from tests.support.accounts import log_in, refused
from tests.support.documents import Codes, clerk, run_sql, today, voucher
from tests.support.live_server import LiveServer


class Ledger:
    def __init__(self, server: LiveServer, codes: Codes) -> None:
        day = today(server)
        self.education = log_in(server, clerk(server, "l.edu", unit="001001"))
        self.health = log_in(server, clerk(server, "l.health", unit="001002"))
        self.mine = [
            self.education.documents.create_and_submit(
                voucher(
                    codes,
                    day - dt.timedelta(days=n % 4),
                    ("500102", f"{100 + n}.10", "0"),
                    ("100201", "0", f"{100 + n}.10"),
                )
            )
            for n in range(7)
        ]
        theirs = voucher(codes, day, ("500102", "333.33", "0"), ("100201", "0", "333.33"))
        self.theirs = self.health.documents.create_and_submit(
            theirs.model_copy(update={"unit_id": codes.units["001002"]})
        )
        run_sql(  # a line summary of its own on one of mine
            server,
            "UPDATE voucher_lines SET summary = '购置 打印机 硒鼓' WHERE document_id = :id"
            " AND line_no = 1",
            id=self.mine[3].id,
        )


@pytest.fixture(scope="module")
def ledger(live_server: LiveServer, codes: Codes) -> Ledger:
    return Ledger(live_server, codes)


def every_line(api: ApiClient, query: LineQuery, limit: int = 3) -> list[LineRowOut]:
    found, after = [], None
    while True:
        page = api.search.lines(query, limit=limit, after=after)
        found += page.rows
        if page.next is None:
            return found
        after = page.next


def test_lines_are_mine_only_and_pages_cover_them_once_newest_first(
    ledger: Ledger, codes: Codes
) -> None:
    lines = every_line(ledger.education, LineQuery())
    mine = {doc.id for doc in ledger.mine}
    assert {row.document_id for row in lines} == mine  # never the health bureau's
    assert len(lines) == len({(r.document_id, r.line_no) for r in lines}) == 2 * len(mine)
    keys = [(r.doc_date, r.document_id, r.line_no) for r in lines]
    assert keys == sorted(keys, reverse=True)
    theirs = LineQuery(unit_id=codes.units["001002"])
    assert ledger.education.search.lines(theirs).rows == []
    assert {r.document_id for r in every_line(ledger.health, LineQuery())} == {ledger.theirs.id}


def test_an_account_takes_its_sub_accounts_and_amounts_filter_by_side(
    ledger: Ledger, codes: Codes
) -> None:
    bank = every_line(ledger.education, LineQuery(account_id=codes.account("1002")))
    assert {r.account_code for r in bank} == {"100201"} and len(bank) == len(ledger.mine)
    assert all(r.credit > 0 and r.debit == 0 for r in bank)
    credits = every_line(ledger.education, LineQuery(side="credit", amount_min=Decimal("104")))
    assert sorted(r.credit for r in credits) == [Decimal(f"{100 + n}.10") for n in range(4, 7)]
    debits = every_line(ledger.education, LineQuery(side="debit", amount_max=Decimal("101")))
    assert [(r.account_code, r.debit) for r in debits] == [("500102", Decimal("100.10"))]


def test_words_in_the_line_summary_and_tokens_stay_with_their_filters(ledger: Ledger) -> None:
    [found] = ledger.education.search.lines(LineQuery(text="硒鼓 打印机")).rows
    assert (found.document_id, found.line_no) == (ledger.mine[3].id, 1)
    token = ledger.education.search.lines(LineQuery(), limit=2).next
    assert token is not None
    moved = refused(ledger.education.search.lines, LineQuery(side="debit"), limit=2, after=token)
    assert (moved.code, moved.params["field"]) == ("search.bad_token", "after")

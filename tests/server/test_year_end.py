"""Year-end (年结) through client/api: the closing entries are shown before they
are made, made once after December closes, close income and expense into
3301 → 3302 → 3001 and budget accounts into 8101/8201, leave the year's income
statement as it was, and go when December is reopened (four eyes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from client.api import ApiClient
from common.enums import ReviewLevel, Role
from common.schemas.openings import OpeningBalancesIn, OpeningRowIn
from common.schemas.statements import StatementKind
from common.schemas.year_end import YearEndOut, YearEndStep
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, today, unit_of_its_own, voucher
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

UNIT = "001080"


def lines_of(out: YearEndOut, step: YearEndStep) -> dict[str, tuple[Decimal, Decimal]]:
    [entry] = [e for e in out.entries if e.unit_code == UNIT and e.step is step]
    return {line.account_code: (line.debit, line.credit) for line in entry.lines}


class Year:
    """Last year's December of this module's unit: openings, income, an expense
    and budget income and expenditure, all approved."""

    def __init__(self, server: LiveServer) -> None:
        self.codes: Codes = unit_of_its_own(server, UNIT, "年结测试单位")
        self.year = today(server).year - 1
        self.december = dt.date(self.year, 12, 10)
        self.admin = log_in(server, add_user(server, "ye.admin", [Role.ADMIN]))
        self.admin.openings.save(
            self.codes.units[UNIT],
            OpeningBalancesIn(
                start_month=dt.date(self.year, 12, 1),
                version=0,
                rows=[
                    OpeningRowIn(account_code="100201", debit=Decimal("1000.00")),
                    OpeningRowIn(account_code="3001", credit=Decimal("1000.00")),
                ],
            ),
        )
        maker = log_in(server, clerk(server, "ye.clerk", unit=UNIT))
        checker = log_in(
            server, reviewer(server, "ye.checker", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT)
        )
        for lines in (
            (("100201", "500.00", "0"), ("400101", "0", "500.00")),
            (("500102", "200.00", "0"), ("100201", "0", "200.00")),
            (("800101", "1000.00", "0"), ("6001", "0", "1000.00")),
            (("7201", "150.00", "0"), ("800101", "0", "150.00")),
        ):
            draft = voucher(self.codes, self.december, *lines)
            made = maker.documents.create_and_submit(
                draft.model_copy(update={"unit_id": self.codes.units[UNIT]})
            )
            checker.reviews.approve(made.id, version=made.version)
        self.analyst: ApiClient = log_in(
            server, add_user(server, "ye.analyst", [Role.ANALYST], unit_codes=(UNIT,))
        )

    def statement(self, kind: StatementKind) -> dict[str, Decimal]:
        found = self.analyst.statements.statement(kind, self.codes.units[UNIT], str(self.year))
        return {line.code: line.amount for line in found.lines}


@pytest.fixture(scope="module")
def year(live_server: LiveServer) -> Year:
    return Year(live_server)


def test_year_end_is_shown_made_once_after_december_and_undone_by_reopening_it(
    live_server: LiveServer, year: Year
) -> None:
    admin = year.admin
    preview = admin.year_end.show(year.year)
    assert (preview.done, preview.december_closed) == (False, False)
    assert lines_of(preview, YearEndStep.SURPLUS) == {
        "400101": (Decimal("500.00"), Decimal("0.00")),
        "500102": (Decimal("0.00"), Decimal("200.00")),
        "3301": (Decimal("0.00"), Decimal("300.00")),
    }
    assert lines_of(preview, YearEndStep.DISTRIBUTION) == {
        "3301": (Decimal("300.00"), Decimal("0.00")),
        "3302": (Decimal("0.00"), Decimal("300.00")),
    }
    assert lines_of(preview, YearEndStep.ACCUMULATED) == {
        "3302": (Decimal("300.00"), Decimal("0.00")),
        "3001": (Decimal("0.00"), Decimal("300.00")),
    }
    # fiscal budget income 1000 carried to 8101, less the 150 spent against it
    assert lines_of(preview, YearEndStep.BUDGET) == {
        "6001": (Decimal("1000.00"), Decimal("0.00")),
        "7201": (Decimal("0.00"), Decimal("150.00")),
        "8101": (Decimal("0.00"), Decimal("850.00")),
    }
    early = refused(admin.year_end.close, year.year)
    assert (early.status, early.code) == (409, "year_end.december_open")
    assert year.statement(StatementKind.BALANCE_SHEET)["N05"] == Decimal("300.00")

    admin.admin.close_period(year.year, 12)
    made = admin.year_end.close(year.year)
    assert made.done and made.done_by == "ye.admin"
    mine = [e for e in made.entries if e.unit_code == UNIT]
    assert [e.step for e in mine] == list(YearEndStep)
    assert all(e.number.startswith("结-") for e in mine)
    again = refused(admin.year_end.close, year.year)
    assert (again.status, again.code) == (409, "year_end.done")

    sheet = year.statement(StatementKind.BALANCE_SHEET)
    assert (sheet["N01"], sheet["N05"]) == (Decimal("1300.00"), Decimal("0.00"))
    assert sheet["A26"] == sheet["N07"] == Decimal("1300.00")
    # the year's income statement shows its income and expense, not their closing
    assert year.statement(StatementKind.INCOME_EXPENSE)["S01"] == Decimal("300.00")
    assert year.statement(StatementKind.BUDGET_EXECUTION)["D01"] == Decimal("850.00")
    balances = {
        row.code: row
        for row in year.analyst.reports.balances(
            dt.date(year.year, 12, 1), dt.date(year.year, 12, 31)
        )
    }
    assert balances["400101"].closing == 0 and balances["8101"].closing == Decimal("850.00")
    assert {code: row.closing for code, row in balances.items() if code[:1] in "4567"} == {
        code: Decimal("0.00") for code, row in balances.items() if code[:1] in "4567"
    }
    january = year.analyst.reports.balances(
        dt.date(year.year + 1, 1, 1), dt.date(year.year + 1, 1, 31)
    )
    assert {row.code: row.opening for row in january if row.opening} == {
        code: row.closing for code, row in balances.items() if row.closing
    }
    detail = year.analyst.reports.detail_ledger(
        year.codes.account("3001"), dt.date(year.year, 12, 1), dt.date(year.year, 12, 31)
    )
    [closing] = detail.lines
    assert (closing.document_id, closing.credit, closing.balance) == (
        None,
        Decimal("300.00"),
        Decimal("1300.00"),
    )
    assert closing.number is not None and closing.number.startswith("结-")
    # the next year opens with last year's closing balances
    ledger = year.analyst.reports.general_ledger(year.codes.account("3001"), year.year + 1)
    assert ledger.opening == Decimal("1300.00")

    asked = admin.admin.reopen_period(year.year, 12, "补记漏记的费用")
    if asked.reopen_request is not None:  # four eyes: a second administrator approves
        second = log_in(live_server, add_user(live_server, "ye.admin2", [Role.ADMIN]))
        second.admin.approve_request(asked.reopen_request.id, "同意")
    undone = admin.year_end.show(year.year)
    assert (undone.done, undone.december_closed) == (False, False)
    assert year.statement(StatementKind.BALANCE_SHEET)["N05"] == Decimal("300.00")


def reopen_december(server: LiveServer, admin: ApiClient, year: int) -> None:
    asked = admin.admin.reopen_period(year, 12, "重做年结")
    if asked.reopen_request is not None:  # four eyes: a second administrator approves
        second = log_in(server, add_user(server, f"ye.second{year}", [Role.ADMIN]))
        second.admin.approve_request(asked.reopen_request.id, "同意")


def test_years_close_in_order_and_before_any_later_month(
    live_server: LiveServer, year: Year
) -> None:
    """After the test above (December reopened, nothing made), books a year earlier."""
    older, admin = year.year - 1, year.admin
    maker = log_in(live_server, clerk(live_server, "ye.clerk.older", unit=UNIT))
    checker = log_in(
        live_server,
        reviewer(live_server, "ye.checker.older", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT),
    )
    draft = voucher(
        year.codes, dt.date(older, 11, 3), ("100201", "10.00", "0"), ("4609", "0", "10.00")
    )
    made = maker.documents.create_and_submit(
        draft.model_copy(update={"unit_id": year.codes.units[UNIT]})
    )
    checker.reviews.approve(made.id, version=made.version)
    for month in ((older, 11), (older, 12), (year.year, 12)):
        admin.admin.close_period(*month)

    first = refused(admin.year_end.close, year.year)
    assert (first.code, first.params["earlier"]) == ("year_end.earlier_open", older)
    late = refused(admin.year_end.close, older)  # December of the later year is closed
    assert (late.code, late.params["later"]) == ("year_end.later_closed", year.year)

    reopen_december(live_server, admin, year.year)
    assert admin.year_end.close(older).done
    admin.admin.close_period(year.year, 12)
    done = admin.year_end.close(year.year)
    assert done.done and done.entries[0].number == "结-0001"  # afresh each year

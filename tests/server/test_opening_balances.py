"""Opening balances (期初余额) through client/api: an administrator enters a unit's
sheet (on the screen or from Excel), it opens that unit's balance table and
ledgers from its start month on, it must balance (financial 1–5 and budget 6–8
each on their own) before that month closes, and it is frozen once it has."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from common.enums import Role
from common.schemas.openings import OpeningBalancesIn, OpeningRowIn
from common.schemas.reports import BalanceRowOut
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, today, unit_of_its_own
from tests.support.live_server import LiveServer

UNIT = "001087"  # this module's own units
CLOSING_UNIT = "001086"
EXCEL_UNIT = "001085"


def sheet(start: dt.date, *rows: tuple[str, str, str], version: int = 0) -> OpeningBalancesIn:
    return OpeningBalancesIn(
        start_month=start,
        version=version,
        rows=[
            OpeningRowIn(account_code=code, debit=Decimal(debit), credit=Decimal(credit))
            for code, debit, credit in rows
        ],
    )


BALANCED = (
    ("100201", "50000.00", "0"),  # 基本户存款
    ("220101", "0", "20000.00"),  # 应付职工薪酬 / 基本工资
    ("3001", "0", "30000.00"),  # 累计盈余
    ("800101", "50000.00", "0"),  # 资金结存 / 零余额账户用款额度
    ("8101", "0", "50000.00"),  # 财政拨款结转
)


def next_month(server: LiveServer) -> dt.date:
    return (today(server).replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def month_end(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def by_code(rows: list[BalanceRowOut]) -> dict[str, BalanceRowOut]:
    return {row.code: row for row in rows}


@pytest.fixture(scope="module")
def codes(live_server: LiveServer) -> Codes:
    unit_of_its_own(live_server, CLOSING_UNIT, "期初结账测试所")
    unit_of_its_own(live_server, EXCEL_UNIT, "期初导入测试所")
    return unit_of_its_own(live_server, UNIT, "期初测试所")


def test_balanced_openings_open_the_units_balance_table_and_ledgers(
    live_server: LiveServer, codes: Codes
) -> None:
    admin = log_in(live_server, add_user(live_server, "open.admin", [Role.ADMIN]))
    unit = codes.units[UNIT]
    empty = admin.openings.get(unit)
    assert (empty.start_month, empty.version, empty.rows, empty.editable) == (None, 0, [], True)

    start = next_month(live_server)
    saved = admin.openings.save(unit, sheet(start, *BALANCED))
    assert (saved.start_month, saved.version, saved.updated_by) == (start, 1, "open.admin")
    assert [row.code for row in saved.rows] == ["100201", "220101", "3001", "800101", "8101"]
    assert (saved.financial.debit, saved.financial.credit) == (Decimal("50000.00"),) * 2
    assert saved.financial.balanced and saved.budget.balanced

    analyst = log_in(
        live_server, add_user(live_server, "open.analyst", [Role.ANALYST], unit_codes=(UNIT,))
    )
    rows = by_code(analyst.reports.balances(start, month_end(start)))
    assert (rows["1002"].opening, rows["1002"].debit, rows["1002"].closing) == (
        Decimal("50000.00"),
        Decimal("0.00"),
        Decimal("50000.00"),
    )
    assert rows["3001"].opening == Decimal("30000.00")  # on its normal (credit) side
    assert rows["8101"].closing == Decimal("50000.00")
    # a range ending before the books start has no openings
    before = by_code(
        analyst.reports.balances(start - dt.timedelta(days=31), start - dt.timedelta(1))
    )
    assert "100201" not in before or before["100201"].opening == 0
    # nor does another unit's clerk see them
    other = log_in(live_server, clerk(live_server, "open.other", unit="001001"))
    assert "3001" not in by_code(other.reports.balances(start, month_end(start)))

    ledger = analyst.reports.general_ledger(codes.account("1002"), start.year)
    assert ledger.opening == Decimal("50000.00")
    detail = analyst.reports.detail_ledger(codes.account("220101"), start, month_end(start))
    assert (detail.opening, detail.closing, detail.lines) == (
        Decimal("20000.00"),
        Decimal("20000.00"),
        [],
    )


def test_a_wrong_sheet_is_refused_naming_the_row_and_nothing_is_lost(
    live_server: LiveServer, codes: Codes
) -> None:
    admin = log_in(live_server, add_user(live_server, "open.admin2", [Role.ADMIN]))
    unit = codes.units[UNIT]
    start = next_month(live_server)
    kept = admin.openings.save(
        unit, sheet(start, *BALANCED, version=admin.openings.get(unit).version)
    )
    wrong = {
        "opening.not_leaf": sheet(start, ("1002", "1.00", "0"), version=kept.version),
        "opening.unknown_account": sheet(start, ("9999", "1.00", "0"), version=kept.version),
        "opening.both_sides": sheet(
            start, ("100201", "1.00", "0"), ("100202", "2.00", "2.00"), version=kept.version
        ),
        "opening.duplicate": sheet(
            start, ("100201", "1.00", "0"), ("100201", "0", "1.00"), version=kept.version
        ),
        "opening.start_not_first": sheet(start.replace(day=2), version=kept.version),
        "opening.changed": sheet(start, ("100201", "1.00", "0"), version=kept.version + 5),
    }
    for code, body in wrong.items():
        answer = refused(admin.openings.save, unit, body)
        assert answer.code == code, (code, answer.code, answer.message)
    both = refused(admin.openings.save, unit, wrong["opening.both_sides"])
    assert (both.status, both.params["row"], both.params["code"]) == (422, 2, "100202")
    assert "第 2 行" in both.message and "100202" in both.message
    clerk_api = log_in(live_server, clerk(live_server, "open.clerk", unit=UNIT))
    assert refused(clerk_api.openings.save, unit, sheet(start, version=kept.version)).status == 403
    assert admin.openings.get(unit) == kept


def test_the_month_cannot_close_unbalanced_and_its_openings_freeze_when_it_has(
    live_server: LiveServer, codes: Codes
) -> None:
    admin = log_in(live_server, add_user(live_server, "open.closer", [Role.ADMIN]))
    unit = codes.units[CLOSING_UNIT]
    start = today(live_server).replace(day=1) - dt.timedelta(days=1)
    start = start.replace(day=1)  # last month: it has ended, so it may close
    admin.openings.save(unit, sheet(start, ("100201", "100.00", "0"), ("3001", "0", "90.00")))

    answer = refused(admin.admin.close_period, start.year, start.month)
    assert (answer.status, answer.code) == (409, "opening.unbalanced")
    assert CLOSING_UNIT in answer.message and "100.00" in answer.message
    assert "90.00" in answer.message and "财务会计科目" in answer.message
    assert not admin.admin.period(start.year, start.month).is_closed

    fixed = admin.openings.save(
        unit, sheet(start, ("100201", "100.00", "0"), ("3001", "0", "100.00"), version=1)
    )
    assert fixed.financial.balanced
    admin.admin.close_period(start.year, start.month)

    frozen = admin.openings.get(unit)
    assert not frozen.editable
    late = refused(
        admin.openings.save, unit, sheet(start, ("100201", "1.00", "0"), version=frozen.version)
    )
    assert (late.status, late.code) == (409, "opening.closed")
    assert admin.openings.get(unit) == frozen
    # a closed month's kept totals and the openings are both read, each once
    analyst = log_in(
        live_server,
        add_user(live_server, "open.analyst2", [Role.ANALYST], unit_codes=(CLOSING_UNIT,)),
    )
    rows = by_code(analyst.reports.balances(start, month_end(start)))
    assert rows["100201"].opening == Decimal("100.00")
    assert rows["3001"].closing >= Decimal("100.00")


def test_openings_go_to_excel_and_come_back_checked(
    live_server: LiveServer, codes: Codes, tmp_path: Path
) -> None:
    admin = log_in(live_server, add_user(live_server, "open.excel", [Role.ADMIN]))
    unit = codes.units[EXCEL_UNIT]
    saved = admin.openings.save(unit, sheet(next_month(live_server), *BALANCED))
    target = tmp_path / "template.xlsx"
    admin.openings.template(unit, target)
    book = load_workbook(target)
    page = book.active
    assert page is not None
    header = [cell.value for cell in page[1]]
    assert header == ["科目编码", "科目名称", "借方余额", "贷方余额"]
    filled = {row[0].value: (row[2].value, row[3].value) for row in page.iter_rows(min_row=2)}
    assert "1002" not in filled and "100201" in filled  # leaf accounts only
    assert filled["100201"] == (50000, None) and filled["3001"] == (None, 30000)

    page["C2"] = None
    for row in page.iter_rows(min_row=2):
        if row[0].value == "100202":
            row[2].value = 1234.5  # a number, as Excel keeps it
    book.save(target)
    read = admin.openings.read_file(unit, target)
    amounts = {row.account_code: (row.debit, row.credit) for row in read.rows}
    assert amounts["100202"] == (Decimal("1234.50"), Decimal("0.00"))
    assert amounts["3001"] == (Decimal("0.00"), Decimal("30000.00"))
    assert admin.openings.get(unit) == saved  # reading saved nothing

    bad = Workbook()
    bad_page = bad.active
    assert bad_page is not None
    bad_page.append(["科目编码", "借方余额", "贷方余额"])
    bad_page.append(["100201", "12.345", None])
    data = io.BytesIO()
    bad.save(data)
    source = tmp_path / "bad.xlsx"
    source.write_bytes(data.getvalue())
    answer = refused(admin.openings.read_file, unit, source)
    assert (answer.status, answer.code, answer.params["row"]) == (422, "opening.bad_amount", 2)
    assert "借方余额" in answer.message

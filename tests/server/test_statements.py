"""Statements (会计报表) through client/api: a unit's 资产负债表, 收入费用表 and
预算收入支出表 from its opening balances and approved vouchers, with its subtree
or without, beside the same period a year earlier; assets = liabilities + net
assets with the surplus inside net assets; an analyst adjusts a layout as data."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from client.api import ApiClient
from common.enums import ReviewLevel, Role
from common.schemas.openings import OpeningBalancesIn, OpeningRowIn
from common.schemas.report_exports import ReportName
from common.schemas.statements import LayoutIn, StatementKind, StatementOut
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, today, unit_of_its_own, voucher
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

UNIT, CHILD = "001082", "001082001"


def amounts(statement: StatementOut) -> dict[str, tuple[Decimal, Decimal]]:
    return {line.code: (line.amount, line.prior_amount) for line in statement.lines}


class Books:
    """This module's unit and its child, with openings from a year ago and a few
    approved vouchers this month and a year earlier."""

    def __init__(self, server: LiveServer) -> None:
        unit_of_its_own(server, UNIT, "报表测试单位")
        self.codes: Codes = unit_of_its_own(server, CHILD, "报表测试下级", parent=UNIT)
        self.unit, self.child = self.codes.units[UNIT], self.codes.units[CHILD]
        self.today = today(server)
        self.period = f"{self.today:%Y-%m}"
        self.year_ago = self.today.replace(year=self.today.year - 1, day=1)
        admin = log_in(server, add_user(server, "st.admin", [Role.ADMIN]))
        admin.openings.save(
            self.unit,
            OpeningBalancesIn(
                start_month=self.year_ago,
                version=0,
                rows=[
                    OpeningRowIn(account_code="100201", debit=Decimal("1000.00")),
                    OpeningRowIn(account_code="3001", credit=Decimal("1000.00")),
                    OpeningRowIn(account_code="800101", debit=Decimal("300.00")),
                    OpeningRowIn(account_code="8101", credit=Decimal("300.00")),
                ],
            ),
        )
        maker = log_in(server, clerk(server, "st.clerk", unit=UNIT))
        checker = log_in(
            server, reviewer(server, "st.checker", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT)
        )
        for unit, day, lines in (
            (self.unit, self.today, (("500102", "200.00", "0"), ("100201", "0", "200.00"))),
            (self.unit, self.today, (("100201", "500.00", "0"), ("400101", "0", "500.00"))),
            (self.unit, self.today, (("7201", "150.00", "0"), ("800101", "0", "150.00"))),
            (self.child, self.today, (("100201", "50.00", "0"), ("4609", "0", "50.00"))),
            (self.unit, self.year_ago, (("100201", "70.00", "0"), ("4609", "0", "70.00"))),
        ):
            draft = voucher(self.codes, day, *lines).model_copy(update={"unit_id": unit})
            made = maker.documents.create_and_submit(draft)
            checker.reviews.approve(made.id, version=made.version)
        self.analyst = log_in(
            server, add_user(server, "st.analyst", [Role.ANALYST], unit_codes=(UNIT,))
        )


@pytest.fixture(scope="module")
def books(live_server: LiveServer) -> Books:
    return Books(live_server)


def test_the_balance_sheet_balances_with_the_surplus_inside_net_assets(books: Books) -> None:
    sheet = books.analyst.statements.statement(
        StatementKind.BALANCE_SHEET, books.unit, books.period
    )
    found = amounts(sheet)
    # cash: opening 1000, -200 paid, +500 received, +70 a year ago
    assert found["A01"] == (Decimal("1370.00"), Decimal("1070.00"))
    assert found["N01"] == (Decimal("1000.00"), Decimal("1000.00"))  # 累计盈余 from openings
    assert found["N05"] == (Decimal("370.00"), Decimal("70.00"))  # income less expenses so far
    assert found["A26"] == found["N07"] == (Decimal("1370.00"), Decimal("1070.00"))
    assert (sheet.balanced, sheet.difference, sheet.unmapped) == (True, Decimal("0.00"), [])
    assert sheet.prior_period == f"{books.today.year - 1}-{books.today.month:02d}"
    labels = {line.code: line.label for line in sheet.lines}
    assert labels["A26"] == "资产总计" and labels["N07"] == "负债和净资产总计"

    whole = books.analyst.statements.statement(
        StatementKind.BALANCE_SHEET, books.unit, books.period, subtree=True
    )
    assert amounts(whole)["A01"][0] == Decimal("1420.00")  # the child's 50 too
    assert whole.balanced


def test_income_expense_and_budget_execution_take_the_periods_movements(books: Books) -> None:
    api = books.analyst.statements
    month = amounts(api.statement(StatementKind.INCOME_EXPENSE, books.unit, books.period))
    assert month["I01"] == (Decimal("500.00"), Decimal("0.00"))
    assert month["I11"] == (Decimal("0.00"), Decimal("70.00"))  # 其他收入 a year ago
    assert month["E01"] == (Decimal("200.00"), Decimal("0.00"))
    assert month["S01"] == (Decimal("300.00"), Decimal("70.00"))
    whole = amounts(
        api.statement(StatementKind.INCOME_EXPENSE, books.unit, books.period, subtree=True)
    )
    assert whole["I11"][0] == Decimal("50.00") and whole["S01"][0] == Decimal("350.00")
    quarter = f"{books.today.year}-Q{(books.today.month - 1) // 3 + 1}"
    for period in (quarter, str(books.today.year)):
        assert amounts(api.statement(StatementKind.INCOME_EXPENSE, books.unit, period))["S01"][
            0
        ] == Decimal("300.00")

    budget = amounts(api.statement(StatementKind.BUDGET_EXECUTION, books.unit, books.period))
    assert budget["X02"] == (Decimal("150.00"), Decimal("0.00"))  # 事业支出
    assert budget["D01"] == (Decimal("-150.00"), Decimal("0.00"))


def test_statements_stay_within_the_callers_units_and_periods_are_checked(
    live_server: LiveServer, books: Books
) -> None:
    other = log_in(live_server, clerk(live_server, "st.other", unit="001001"))
    answer = refused(
        other.statements.statement, StatementKind.BALANCE_SHEET, books.unit, books.period
    )
    assert (answer.status, answer.code) == (403, "statement.unit_out_of_scope")
    assert "不在您的查询范围内" in answer.message and UNIT not in answer.message  # nothing told
    bad = refused(
        books.analyst.statements.statement, StatementKind.BALANCE_SHEET, books.unit, "2026-13"
    )
    assert bad.status == 422


def _with(layout: LayoutIn, line_code: str, **changes: str) -> LayoutIn:
    return LayoutIn(
        lines=[
            line.model_copy(update=changes) if line.code == line_code else line
            for line in layout.lines
        ]
    )


def test_an_analyst_adjusts_a_layout_and_a_broken_one_is_refused(
    live_server: LiveServer, books: Books
) -> None:
    api: ApiClient = books.analyst
    shipped = api.statements.layout(StatementKind.BALANCE_SHEET)
    base = LayoutIn(lines=[line.model_dump(exclude={"line_no"}) for line in shipped.lines])
    for changed, code in (
        (_with(base, "A01", accounts="1001 9"), "layout.bad_account"),
        (_with(base, "A10", total_of="A01 A26"), "layout.cycle"),
        (_with(base, "A10", total_of="A01 Z99"), "layout.unknown_line"),
        (_with(base, "A01", total_of="A02"), "layout.both"),
        (_with(base, "A02", code="A01"), "layout.duplicate_code"),
        (_with(base, "A02", accounts="100201"), "layout.overlap"),  # A01 takes 1002
    ):
        answer = refused(api.statements.change_layout, StatementKind.BALANCE_SHEET, changed)
        assert (answer.status, answer.code) == (422, code), answer.message
    clerk_api = log_in(live_server, clerk(live_server, "st.clerk2", unit=UNIT))
    assert (
        refused(clerk_api.statements.change_layout, StatementKind.BALANCE_SHEET, base).status == 403
    )

    # cash without 1002: the bank account falls out and the sheet says so
    api.statements.change_layout(
        StatementKind.BALANCE_SHEET, _with(base, "A01", accounts="1001 1011 1021")
    )
    sheet = api.statements.statement(StatementKind.BALANCE_SHEET, books.unit, books.period)
    assert amounts(sheet)["A01"][0] == Decimal("0.00")
    assert sheet.unmapped == ["100201"] and sheet.balanced is False
    assert sheet.difference == Decimal("-1370.00")

    restored = api.statements.change_layout(StatementKind.BALANCE_SHEET, base)
    assert [line.code for line in restored.lines] == [line.code for line in shipped.lines]
    assert restored.updated_by == "st.analyst"
    assert api.statements.statement(StatementKind.BALANCE_SHEET, books.unit, books.period).balanced


def test_a_statement_exports_to_excel_with_its_numbers_and_check(
    books: Books, tmp_path: Path
) -> None:
    target = tmp_path / "资产负债表.xlsx"
    params = {"unit": books.unit, "period": books.period}
    rows = books.analyst.reports.export_excel(
        ReportName.BALANCE_SHEET, params, target, poll_seconds=0.05
    )
    on_screen = books.analyst.statements.statement(
        StatementKind.BALANCE_SHEET, books.unit, books.period
    )
    assert rows == len(on_screen.lines)
    sheet = load_workbook(target).worksheets[0]
    cells = [[cell for cell in row] for row in sheet.iter_rows()]
    assert cells[0][0].value == "资产负债表"
    heading = " ".join(str(row[0].value) for row in cells[:8])
    assert f"单位:{UNIT} 报表测试单位" in heading and "资产 = 负债 + 净资产:平衡" in heading
    header_at = next(n for n, row in enumerate(cells) if row[0].value == "项目")
    assert [c.value for c in cells[header_at]] == ["项目", "行次", "期末余额", "上年同期"]
    body = {row[0].value.strip(): row for row in cells[header_at + 1 :] if row[0].value}
    total = body["资产总计"]
    assert (total[2].data_type, total[2].value) == ("n", 1370)
    assert total[3].value == 1070
    assert [row[0].value.strip() for row in cells[header_at + 1 :] if row[0].value] == [
        line.label for line in on_screen.lines
    ]

"""会计报表 on the reports screen: an analyst picks a statement, the unit of
her scope, its subtree or not, and a month, quarter or year; the lines show the
server's layout with this period and a year earlier, and the balance sheet's
two totals agree."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.workbench.main_window import WorkbenchWindow
from client.workbench.reports.period_edit import PeriodEdit
from client.workbench.reports.reports_page import ReportsPage
from common.enums import ReviewLevel, Role
from common.schemas.openings import OpeningBalancesIn, OpeningRowIn
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, log_in
from tests.support.documents import clerk, today, unit_of_its_own, voucher
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window
from tests.support.reviews import reviewer

UNIT, CHILD = "001081", "001081001"


def run_statement(
    qtbot: QtBot, page: ReportsPage, key: str, unit: int, period: str, *, subtree: bool
) -> dict[str, list[str]]:
    page.choose(key)
    unit_box = page.panel.editors["unit"]
    qtbot.waitUntil(lambda: unit_box.findData(unit) >= 0, timeout=WAIT_MS)
    unit_box.setCurrentIndex(unit_box.findData(unit))
    scope = page.panel.editors["subtree"]
    scope.setCurrentIndex(scope.findData("true" if subtree else "false"))
    period_edit = page.panel.editors["period"]
    assert isinstance(period_edit, PeriodEdit)
    period_edit.set_period(period)
    assert period_edit.period() == period
    generation = page.generation
    page.run_button.click()
    qtbot.waitUntil(lambda: page.generation > generation and not page.busy, timeout=WAIT_MS)
    model = page.model
    rows = [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    return {row[0].strip(): row for row in rows}


def test_an_analyst_runs_the_balance_sheet_and_the_income_statement(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    unit_of_its_own(live_server, UNIT, "报表界面单位")
    codes = unit_of_its_own(live_server, CHILD, "报表界面下级", parent=UNIT)
    day = today(live_server)
    admin = log_in(live_server, add_user(live_server, "sts.admin", [Role.ADMIN]))
    admin.openings.save(
        codes.units[UNIT],
        OpeningBalancesIn(
            start_month=day.replace(day=1),
            version=0,
            rows=[
                OpeningRowIn(account_code="100201", debit=Decimal("2000.00")),
                OpeningRowIn(account_code="3001", credit=Decimal("2000.00")),
            ],
        ),
    )
    maker = log_in(live_server, clerk(live_server, "sts.clerk", unit=UNIT))
    checker = log_in(
        live_server,
        reviewer(live_server, "sts.checker", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT),
    )
    for unit, amount in ((UNIT, "300.00"), (CHILD, "40.00")):
        draft = voucher(codes, day, ("100201", amount, "0"), ("4609", "0", amount))
        made = maker.documents.create_and_submit(
            draft.model_copy(update={"unit_id": codes.units[unit]})
        )
        checker.reviews.approve(made.id, version=made.version)

    analyst = add_user(live_server, "sts.analyst", [Role.ANALYST], unit_codes=(UNIT,))
    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, live_server, analyst)
    window.show_page("reports")
    page = window.reports
    assert {"balance_sheet", "income_expense", "budget_execution"} <= set(page.offered())

    month = f"{day:%Y-%m}"
    sheet = run_statement(qtbot, page, "balance_sheet", codes.units[UNIT], month, subtree=False)
    assert sheet["货币资金"][2:] == ["2,300.00", "0.00"]
    assert sheet["本期盈余(未结转)"][2] == "300.00"
    assert sheet["资产总计"][2] == sheet["负债和净资产总计"][2] == "2,300.00"
    titles = [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    assert titles == ["项目", "行次", "期末余额", "上年同期"]

    whole = run_statement(
        qtbot, page, "income_expense", codes.units[UNIT], str(day.year), subtree=True
    )
    assert whole["其他收入"][2] == "340.00"  # the child's 40 too
    assert whole["本期盈余"][2] == "340.00"

"""导出 Excel on the reports screen against a real server: an analyst runs a
report, presses the button, chooses where to save in the file dialog, and the
server's export job lands there while the page goes on; the workbook opens and
holds the table's very figures as numbers, with the title, the filters and the
exporter. Dates are the server's office day, the data made here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from client.workbench.reports.report_excel import export_parameters
from client.workbench.reports.reports_page import ReportsPage
from common.enums import ReviewLevel, Role
from common.money import format_money
from common.schemas.report_exports import ReportName
from server.db.uow import UnitOfWork
from tests.client.test_reports_screen import open_reports, run, table
from tests.support.accounts import Account, add_user, log_in
from tests.support.documents import clerk, expenditure, income, office, today
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS
from tests.support.reviews import reviewer


class Books:
    """Approved income and expenditure in two months, in the education bureau."""

    def __init__(self, server: LiveServer) -> None:
        codes = office(server)
        self.day = today(server)
        self.earlier = self.day.replace(day=1) - dt.timedelta(days=3)
        maker = log_in(server, clerk(server, "xl.clerk", unit="001001"))
        checker = log_in(server, reviewer(server, "xl.checker", (ReviewLevel.SUPERVISOR, "001")))
        made = ((self.earlier, "1200.10", "345.67"), (self.day, "2000.01", "0.99"))
        for day, coming, going in made:
            for draft in (
                income(codes, day, amount=coming),
                expenditure(codes, day, amount=going),
            ):
                doc = maker.documents.create_and_submit(draft)
                checker.reviews.approve(doc.id, version=doc.version)
        self.analyst: Account = add_user(server, "xl.analyst", [Role.ANALYST], unit_codes=("001",))


@pytest.fixture(scope="module")
def books(live_server: LiveServer) -> Books:
    return Books(live_server)


def save_through_the_dialog(qtbot: QtBot, page: ReportsPage, target: Path) -> None:
    """Press 导出 Excel…, choose the file in the dialog, wait for the file."""
    assert page.excel_button.isVisible() and page.excel_button.isEnabled()
    page.excel_button.click()
    dialog = page.excel_dialog
    assert dialog is not None and dialog.isVisible()  # shown, not executed: the test goes on
    dialog.selectFile(str(target))
    dialog.accept()
    assert page.excel_progress is not None  # the job's progress, while the page goes on
    qtbot.waitUntil(lambda: "已导出到" in page.message.text(), timeout=WAIT_MS)
    assert target.is_file()


def cell_text(cell: Any) -> str:
    """A cell as the screen writes it: money two places with separators."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, int | float) and cell.number_format.startswith("#,##0.00"):
        return format_money(Decimal(str(cell.value)).quantize(Decimal("0.01")))
    return str(cell.value)


def test_the_summary_and_a_ledger_save_as_excel_with_the_screens_figures(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    books: Books,
    tmp_path: Path,
) -> None:
    page = open_reports(qtbot, live_server, books.analyst)
    assert not page.excel_button.isEnabled()  # nothing shown yet
    run(qtbot, page, "summary", date_from=books.earlier, date_to=books.day, by="month")
    shown = table(page)
    target = tmp_path / "收支汇总表.xlsx"
    save_through_the_dialog(qtbot, page, target)

    sheet = load_workbook(target).worksheets[0]
    grid = [list(row) for row in sheet.iter_rows()]
    assert grid[0][0].value == "收支汇总表"
    assert "按月份" in grid[1][0].value and f"开始日期:{books.earlier}" in grid[1][0].value
    assert "导出人:xl.analyst(xl.analyst)" in grid[2][0].value
    assert [c.value for c in grid[3]] == ["月份", "收入", "支出", "笔数"]
    rows = grid[4:]
    assert [[cell_text(c) for c in row] for row in rows] == shown  # 合计 line and all
    for row in rows:
        assert all(c.data_type == "n" for c in row[1:])  # numbers, never text

    # 总账: the account picked on screen is the export's account_id
    run(qtbot, page, "general_ledger", account="1002", year=books.day.year)
    report, params = export_parameters(page.shown) if page.shown else (None, {})
    assert report is ReportName.GENERAL_LEDGER and params["year"] == books.day.year
    shown = table(page)
    target = tmp_path / "总账.xlsx"
    save_through_the_dialog(qtbot, page, target)
    grid = [list(row) for row in load_workbook(target).worksheets[0].iter_rows()]
    assert grid[0][0].value == "总账" and "会计科目:1002 " in grid[1][0].value
    header = next(n for n, row in enumerate(grid) if row[1].value is not None)
    assert [[cell_text(c) for c in row] for row in grid[header + 1 :]] == shown

    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.execute(
            text(
                "SELECT after->>'report', after->>'format' FROM audit_log"
                " WHERE action = 'export.report' AND actor_name = 'xl.analyst' ORDER BY id"
            )
        ).all()
    assert [tuple(row) for row in logged] == [("summary", "xlsx"), ("general_ledger", "xlsx")]

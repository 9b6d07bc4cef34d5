"""The query screen against a real server: filter, scroll a page at a time, see
the totals, open an item, export with a progress dialog, remember the filters."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from client.workbench.main_window import WorkbenchWindow
from client.workbench.query import saved_filters
from client.workbench.query.query_page import PRINT_CAP
from client.workbench.query.results_model import PAGE
from client.workbench.query.results_print import PrintedList, list_document
from tests.client.test_shell import make_context
from tests.support.documents import Codes, clerk, office, run_sql
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window

ITEMS = 450

_MANY = """
WITH period AS (
    INSERT INTO fiscal_periods (year, month) VALUES (2026, 10)
    ON CONFLICT (year, month) DO UPDATE SET month = EXCLUDED.month RETURNING id
)
INSERT INTO documents (kind, status, unit_id, doc_date, series, period_id, number, amount,
                       summary, counterparty, income_item_id, maker_id, version, updated_at,
                       submitted_at)
SELECT 'income', 'submitted', :unit, DATE '2026-10-01' + (n % 28), '收入', period.id,
       1000 + n, 100 + n, '批量学费 ' || n, '缴款人' || n, :item, :maker, 1, now(), now()
  FROM generate_series(1, :n) AS n, period
"""


@pytest.fixture(scope="module")
def codes(live_server: LiveServer) -> Codes:
    return office(live_server)


def test_a_clerk_filters_scrolls_opens_and_exports(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
    tmp_path: Path,
) -> None:
    account = clerk(live_server, "query.clerk", unit="001001")
    run_sql(
        live_server,
        _MANY,
        unit=codes.units["001001001"],
        item=codes.item("income", "1030412"),
        maker=account.id,
        n=ITEMS,
    )
    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, live_server, account)
    window.show_page("query")
    page = window.query
    qtbot.waitUntil(lambda: page.username == "query.clerk", timeout=WAIT_MS)
    page.filters.text.setText("批量学费")
    page.filters.search_button.click()
    qtbot.waitUntil(lambda: len(page.model.rows) == PAGE, timeout=WAIT_MS)
    expected_total = sum(Decimal(100 + n) for n in range(1, ITEMS + 1))
    qtbot.waitUntil(lambda: "共 450 笔" in page.totals.text(), timeout=WAIT_MS)
    assert f"{expected_total:,.2f}" in page.totals.text()
    assert page.model.canFetchMore()

    printed: list[PrintedList] = []
    page.print_cap = 300  # printing fetches the pages it lacks, in the background, up to a cap
    page.prepare_print(printed.append)
    assert not page.filters.print_button.isEnabled()  # the GUI goes on; the button waits
    qtbot.waitUntil(lambda: bool(printed), timeout=WAIT_MS)
    assert len(page.model.rows) == 2 * PAGE  # enough pages for the cap, not all of them
    assert printed[0].capped and len(printed[0].rows) == 300 and printed[0].total_count == ITEMS
    assert "本表只列出前 300 笔" in list_document(printed[0]).toPlainText()
    page.print_cap = PRINT_CAP
    printed.clear()
    page.prepare_print(printed.append)
    qtbot.waitUntil(lambda: bool(printed), timeout=WAIT_MS)
    assert len(printed[0].rows) == ITEMS and not printed[0].capped
    assert len({row.id for row in printed[0].rows}) == ITEMS

    page.filters.search_button.click()  # from the top again, to scroll a page at a time
    qtbot.waitUntil(lambda: len(page.model.rows) == PAGE, timeout=WAIT_MS)
    page.table.scrollToBottom()  # the view asks for the next page as it nears the end
    qtbot.waitUntil(lambda: len(page.model.rows) >= 2 * PAGE, timeout=WAIT_MS)
    while page.model.canFetchMore() or page.model.loading:
        page.table.scrollToBottom()
        qtbot.wait(50)
    assert len(page.model.rows) == ITEMS
    assert len({row.id for row in page.model.rows}) == ITEMS  # each once

    page.open_row(0)
    qtbot.waitUntil(lambda: page.detail_dialog is not None, timeout=WAIT_MS)
    dialog = page.detail_dialog
    assert dialog is not None and dialog.windowTitle() == page.model.rows[0].number
    dialog.close()

    target = tmp_path / "学费.xlsx"
    page.export_to(target)
    assert page.progress is not None and page.progress.isVisible()
    qtbot.waitUntil(lambda: "已导出到" in page.message.text(), timeout=WAIT_MS * 2)
    sheet = load_workbook(target).active
    assert sheet is not None and sheet.max_row == ITEMS + 2
    assert saved_filters.load("query.clerk").text == "批量学费"  # remembered for next time
    window.login.logout()  # a shared desk: nothing of this clerk's list stays behind
    qtbot.waitUntil(lambda: len(page.model.rows) == 0, timeout=WAIT_MS)
    assert page.model.rowCount() == 0 and page.totals.text() == ""

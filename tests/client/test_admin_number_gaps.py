"""断号检查 on screen: an auditor opens the console, sees every period's series
numbered without a gap, then — after numbers were skipped behind the server's
back — the gap in red with its cause, and saves the report as Excel."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from common.enums import Role
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, log_in
from tests.support.documents import clerk, income, office, run_sql, today
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window


def test_an_auditor_sees_the_gap_report_and_exports_it(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    codes = office(live_server)
    maker = log_in(live_server, clerk(live_server, "gaps.maker", unit="001001"))
    doc = maker.documents.create_and_submit(income(codes, today(live_server), amount="66.00"))
    assert doc.number is not None
    auditor = add_user(live_server, "gaps.auditor", [Role.AUDITOR])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, auditor)
    assert "number_gaps" in window.offered_pages()
    window.show_page("number_gaps")
    page = window.gaps_page
    page.year.setValue(doc.doc_date.year)
    qtbot.waitUntil(lambda: any(r.series == "收入" for r in page.model.rows), timeout=WAIT_MS)
    assert page.summary.text().startswith("没有断号")
    row = next(i for i, r in enumerate(page.model.rows) if r.series == "收入")
    assert page.model.data(page.model.index(row, 1)) == "收入"
    assert page.model.data(page.model.index(row, 3)) == "无断号"

    # two numbers skipped behind the server's back: the report shows them in red
    run_sql(
        live_server,
        "UPDATE number_sequences SET last_number = last_number + 2 WHERE series = '收入'",
    )
    page.refresh()
    qtbot.waitUntil(lambda: page.summary.text().startswith("发现断号"), timeout=WAIT_MS)
    gap = next(r for r in page.model.rows if r.missing)
    at = page.model.rows.index(gap)
    missing = page.model.data(page.model.index(at, 3))
    assert missing == "、".join(f"收入-{n:04d}" for n in gap.missing) and len(gap.missing) == 2
    assert page.model.data(page.model.index(at, 4)).startswith("编号已发出但没有对应单据")
    assert page.summary.property("state") == "error"

    target = tmp_path / "断号检查.xlsx"
    page.export(target)
    qtbot.waitUntil(lambda: page.message.text().startswith("已导出到"), timeout=WAIT_MS)
    sheet = load_workbook(target).active
    assert sheet is not None
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert values[0] == ["期间", "编号类别", "已编至", "缺号", "原因"]
    assert [missing] in [[line[3]] for line in values[1:]]

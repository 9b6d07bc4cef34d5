"""Lists of any length: 我的单据 and 审核审批 bring in all 3,000 of 3,000 items,
say how many there are, and the last item can be found and opened — nothing is
cut off at 200 without a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.workbench.main_window import WorkbenchWindow
from common.enums import ReviewLevel
from tests.client.test_shell import make_context
from tests.support.accounts import log_in
from tests.support.documents import Codes, clerk, income, office, run_sql, today
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window
from tests.support.reviews import reviewer

MANY = 3_000
LOAD_MS = 60_000

_COPIES = """
INSERT INTO documents (kind, status, unit_id, doc_date, series, period_id, number, amount,
                       summary, counterparty, income_item_id, maker_id, version, created_at,
                       updated_at, submitted_at, review_round)
SELECT kind, status, unit_id, doc_date, series, period_id, number + n, amount + n,
       summary || ' ' || n, counterparty, income_item_id, maker_id, version,
       created_at, updated_at - make_interval(secs => n), submitted_at, review_round
  FROM documents, generate_series(1, :copies) AS n
 WHERE id = :template
"""
_STEPS = """
INSERT INTO approval_steps (document_id, round, step_no, rule_id, level, queue_level, unit_id,
                            status, started_at, yellow_from, deadline_at, deadline)
SELECT d.id, s.round, s.step_no, s.rule_id, s.level, s.queue_level, s.unit_id, s.status,
       s.started_at, s.yellow_from, s.deadline_at + make_interval(secs => d.number), s.deadline
  FROM approval_steps s, documents d
 WHERE s.document_id = :template AND s.status = 'active'
   AND d.maker_id = :maker AND d.id <> :template
"""


@pytest.fixture(scope="module")
def many(live_server: LiveServer) -> tuple[object, object]:
    """A clerk with 3,000 submitted items, all waiting for one supervisor."""
    codes: Codes = office(live_server)
    maker_account = clerk(live_server, "long.maker", unit="001001001")
    boss_account = reviewer(live_server, "long.boss", (ReviewLevel.SUPERVISOR, "001001"))
    maker: ApiClient = log_in(live_server, maker_account)
    template = maker.documents.create_and_submit(
        income(codes, today(live_server), amount="10.00", summary="长列表")
    )
    run_sql(live_server, _COPIES, copies=MANY - 1, template=template.id)
    run_sql(live_server, _STEPS, template=template.id, maker=maker_account.id)
    return maker_account, boss_account


def workbench(qtbot: QtBot, server: LiveServer, account: object) -> WorkbenchWindow:
    window = open_window(qtbot, WorkbenchWindow, make_context(server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, server, account)  # type: ignore[arg-type]
    return window


def test_my_documents_bring_in_all_3000_and_say_so(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    many: tuple[object, object],
) -> None:
    window = workbench(qtbot, live_server, many[0])
    window.show_page("documents")
    view = window.my_documents
    qtbot.waitUntil(lambda: len(view.model.rows) == MANY, timeout=LOAD_MS)
    assert view.table.total == MANY
    qtbot.waitUntil(lambda: view.count_label.text() == "共 3,000 条", timeout=WAIT_MS)
    numbers = [row.number for row in view.model.rows]
    assert len(set(numbers)) == MANY  # each once: the pages neither overlap nor skip
    oldest = view.model.rows[-1]
    view.select_id(oldest.id)
    assert view.selected() == oldest and view.buttons["recall"].isEnabled()
    assert not view.buttons["edit"].isEnabled() and not view.buttons["reverse"].isEnabled()

    view.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # 金额, largest first
    top = view.table.view.index(0, 3).data()
    assert top == "3,009.00"  # as money: as text "999.00" would come first
    assert view.selected() == oldest  # the selection follows the row, not the place
    view.filter_edit.setText("长列表 2999")
    assert view.table.view.rowCount() == 1
    assert view.count_label.text() == "筛选出 1 条 / 共 3,000 条"
    view.table.selectRow(0)
    chosen = view.selected()
    assert chosen is not None and chosen.summary == "长列表 2999"


def test_the_review_queue_brings_in_all_3000_and_filters_them_all(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    many: tuple[object, object],
) -> None:
    window = workbench(qtbot, live_server, many[1])
    window.show_page("review")
    page = window.review
    qtbot.waitUntil(lambda: len(page.model.rows) == MANY, timeout=LOAD_MS)
    qtbot.waitUntil(lambda: page.count_label.text() == "共 3,000 条", timeout=WAIT_MS)
    assert len({row.document_id for row in page.model.rows}) == MANY
    model = page.model
    assert model.headerData(8, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "预算单位"
    qtbot.waitUntil(lambda: window.reference.data is not None, timeout=WAIT_MS)
    assert model.data(model.index(0, 8), Qt.ItemDataRole.DisplayRole) == "市第一中学"
    page.filter_edit.setText("长列表 2999")  # the summary of one item near the end
    assert page.table.view.rowCount() == 1
    assert page.count_label.text() == "筛选出 1 条 / 共 3,000 条"

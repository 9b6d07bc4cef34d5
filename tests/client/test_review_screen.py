"""The reviewer's screen, worked from the keyboard against a real server."""

from __future__ import annotations

from itertools import count
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.workbench.main_window import WorkbenchWindow
from common.enums import DocumentStatus, ReviewLevel
from common.schemas.documents import DocumentOut
from tests.client.test_shell import make_context
from tests.support.accounts import log_in
from tests.support.documents import Codes, clerk, income, office, today, voucher
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window
from tests.support.reviews import reviewer

_names = count(1)


@pytest.fixture(scope="module")
def codes(live_server: LiveServer) -> Codes:
    return office(live_server)


@pytest.fixture
def maker(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, clerk(live_server, f"queue.maker{next(_names)}"))


@pytest.fixture
def window(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
) -> WorkbenchWindow:
    shell = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(shell, WorkbenchWindow)
    user = reviewer(live_server, f"queue.super{next(_names)}", (ReviewLevel.SUPERVISOR, "001001"))
    log_in_through_dialog(qtbot, shell, live_server, user)
    qtbot.waitUntil(lambda: shell.reference.data is not None, timeout=WAIT_MS)
    shell.activateWindow()
    qtbot.waitUntil(shell.isActiveWindow, timeout=WAIT_MS)
    return shell


def test_a_reviewer_approves_and_returns_a_queue_with_the_keyboard(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    day = today(live_server)
    queue: list[DocumentOut] = [
        maker.documents.create_and_submit(
            income(codes, day, amount=f"{amount}.00", payer=f"排队缴款人{amount}")
        )
        for amount in (910, 920)
    ]
    page = window.review
    window.show_page("review")
    page.refresh()
    qtbot.waitUntil(
        lambda: {doc.id for doc in queue} <= {row.document_id for row in page.model.rows},
        timeout=WAIT_MS,
    )
    mine = [row for row in page.model.rows if row.document_id in {doc.id for doc in queue}]
    assert all(row.deadline_state == "green" for row in mine)
    assert page.model.data(page.model.index(0, 0), Qt.ItemDataRole.DisplayRole) == "● 正常"
    page.filter_edit.setText("排队缴款人")  # only this test's items
    assert page.table.view.rowCount() == 2
    page.table.setFocus()
    page.select_row(0)
    first = page.selected_item()
    assert first is not None
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.id == first.document_id, timeout=WAIT_MS
    )
    assert page.detail.values["capitals"].text().endswith("元整")
    assert "提交" in page.detail.timeline.item(0).text()

    notifier = window.notifier
    notifier.timer.stop()  # no 30-second poll: only the decision's announcement can move it
    qtbot.waitUntil(lambda: not notifier.polling, timeout=WAIT_MS)
    notifier.poll()  # the figures with this test's two items in
    qtbot.waitUntil(
        lambda: not notifier.polling and notifier.counts is not None and notifier.counts.todo >= 2,
        timeout=WAIT_MS,
    )
    assert notifier.counts is not None
    before = notifier.counts.todo
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "已审核通过" in page.message.text(), timeout=WAIT_MS)
    # the home tiles follow the decision at once (the window hears Changed.REVIEWS)
    qtbot.waitUntil(
        lambda: notifier.counts is not None and notifier.counts.todo == before - 1,
        timeout=WAIT_MS,
    )
    assert window.home.tiles["todo"].text().endswith(str(before - 1))
    assert (
        maker.documents.get(first.document_id).status is DocumentStatus.POSTED
    )  # posted at approval
    qtbot.waitUntil(lambda: page.table.view.rowCount() == 1, timeout=WAIT_MS)
    second = page.selected_item()  # the next item is in hand
    assert second is not None and second.document_id != first.document_id
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.id == second.document_id, timeout=WAIT_MS
    )

    qtbot.keyClick(page.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "必须写明具体原因" in page.message.text(), timeout=WAIT_MS)
    assert page.opinion.hasFocus()  # straight to where the reason goes
    qtbot.keyClicks(page.opinion, "amount differs from the receipt")
    qtbot.keyClick(page.opinion, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "已退回" in page.message.text(), timeout=WAIT_MS)
    returned = maker.documents.get(second.document_id)
    assert returned.status is DocumentStatus.RETURNED
    timeline = maker.reviews.timeline(second.document_id)
    assert timeline.entries[-1].opinion == "amount differs from the receipt"
    qtbot.waitUntil(lambda: page.table.view.rowCount() == 0, timeout=WAIT_MS)


def test_a_vouchers_lines_show_their_amounts_lined_up_on_the_right(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    sent = maker.documents.create_and_submit(
        voucher(codes, today(live_server), ("500102", "1234.50", "0"), ("100201", "0", "1234.50"))
    )
    page = window.review
    window.show_page("review")
    page.show_list("todo", sent.id)
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.id == sent.id, timeout=WAIT_MS
    )
    lines = page.detail.lines
    assert lines.rowCount() == 2 and lines.item(0, 2).text() == "1,234.50"
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert Qt.AlignmentFlag(lines.item(0, 2).textAlignment()) == right
    assert Qt.AlignmentFlag(lines.item(1, 3).textAlignment()) == right

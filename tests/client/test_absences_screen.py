"""休假委托 on screen: a reviewer going on leave names a stand-in in the
workbench; the stand-in then finds the item on their list marked 代办 for whom,
and approves it; the absence is ended from the same dialog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from client.workbench.main_window import WorkbenchWindow
from common.enums import DocumentStatus, ReviewLevel
from tests.client.test_shell import make_context
from tests.support.accounts import log_in
from tests.support.documents import clerk, income, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into
from tests.support.reviews import reviewer

UNIT = "001079"


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def test_a_stand_in_set_in_the_workbench_approves_as_dai_ban(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = unit_of_its_own(live_server, UNIT, "委托测试所")
    away = reviewer(live_server, "abs.away", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT)
    stand = reviewer(live_server, "abs.stand", (ReviewLevel.MANAGER, UNIT), scope=UNIT)
    maker = log_in(live_server, clerk(live_server, "abs.maker", unit=UNIT))
    doc = maker.documents.create_and_submit(
        income(codes, today(live_server), amount="900.00", unit_id=codes.units[UNIT])
    )
    assert doc.id not in [i.document_id for i in log_in(live_server, stand).reviews.todo()]

    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, live_server, away)
    window.show_page("review")
    dialog = window.review.open_absences()
    qtbot.waitUntil(lambda: dialog.stand_in.count() > 0, timeout=WAIT_MS)
    assert dialog.stand_in.findData(stand.id) >= 0
    dialog.stand_in.setCurrentIndex(dialog.stand_in.findData(stand.id))
    first = today(live_server)
    dialog.starts.setDate(qdate(first))
    dialog.ends.setDate(qdate(first - dt.timedelta(days=1)))  # backwards: the server says so
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.property("state") == "error", timeout=WAIT_MS)
    assert dialog.ends.property("state") == "marked"
    dialog.ends.setDate(qdate(first + dt.timedelta(days=3)))
    type_into(qtbot, dialog.reason, "年休假", enter=False)
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("已设置"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 1, timeout=WAIT_MS)
    mine = dialog.model.rows[0]
    assert (mine.delegate_id, mine.reason) == (stand.id, "年休假")
    assert dialog.model.data(dialog.model.index(0, 1)) == "由 abs.stand 代我审批"
    dialog.reject()

    # the stand-in logs in: the item is on their list, 代办 for abs.away, and approved
    window.login.logout()
    qtbot.waitUntil(lambda: window.login.auth.me is None, timeout=WAIT_MS)
    assert window.review.model.rows == [] and window.review.current is None  # nothing left
    log_in_through_dialog(qtbot, window, live_server, stand)
    page = window.review
    qtbot.waitUntil(lambda: any(r.document_id == doc.id for r in page.model.rows), timeout=WAIT_MS)
    row = next(i for i, r in enumerate(page.model.rows) if r.document_id == doc.id)
    assert page.model.data(page.model.index(row, 6)) == "1/1 业务主管(代 abs.away)"
    page.select_document(doc.id)
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == doc.id, timeout=WAIT_MS)
    qtbot.mouseClick(page.buttons["approve"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已审核通过" in page.message.text(), timeout=WAIT_MS)
    assert maker.documents.get(doc.id).status is DocumentStatus.POSTED  # posted at approval

    # back as the reviewer on leave: the absence is ended from the dialog
    window.login.logout()
    qtbot.waitUntil(lambda: window.login.auth.me is None, timeout=WAIT_MS)
    log_in_through_dialog(qtbot, window, live_server, away)
    dialog = window.review.open_absences()
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 1, timeout=WAIT_MS)
    dialog.table.select_shown(0)
    assert dialog.end_button.isEnabled()
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("已结束委托"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.model.rows and dialog.model.rows[0].cancelled, timeout=WAIT_MS)
    assert dialog.model.data(dialog.model.index(0, 3)) == "已结束"

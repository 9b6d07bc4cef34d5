"""交接工作 in the admin console, against a real server: the administrator picks a
leaver and a successor, sees what would move and what could not, confirms, and
reads the result; the successor then has the work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.admin.users.handover import HandoverDialog
from common.enums import ReviewLevel, Role
from tests.client.test_admin_users import admin_console
from tests.support.accounts import log_in
from tests.support.documents import clerk, income, office, today
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS
from tests.support.reviews import reviewer


def verdicts(dialog: HandoverDialog) -> dict[str, str]:
    """The list's 事项 column -> its 能否移交 column."""
    table = dialog.items
    return {table.item(row, 0).text(): table.item(row, 5).text() for row in range(table.rowCount())}


def test_hand_over_a_leavers_work_and_see_what_moved_and_what_could_not(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = office(live_server)
    day = today(live_server)
    maker = log_in(live_server, clerk(live_server, "hq.maker", unit="001001"))
    leaver = reviewer(
        live_server,
        "hq.leaver",
        (ReviewLevel.SUPERVISOR, "001001"),
        roles=(Role.REVIEWER, Role.CLERK),
    )
    leaver_api = log_in(live_server, leaver)
    successor = reviewer(live_server, "hq.successor", (ReviewLevel.MANAGER, "001"))
    item = maker.documents.create_and_submit(income(codes, day, amount="1500.00", payer="甲"))
    draft = leaver_api.documents.create(income(codes, day, amount="60.00", payer="乙"))

    window, admin = admin_console(qtbot, live_server, "h1")
    view = window.users_page
    view.select_username("hq.leaver")
    qtbot.waitUntil(lambda: view.buttons["handover"].isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(view.buttons["handover"], Qt.MouseButton.LeftButton)
    dialog = view.handover_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.work is not None, timeout=WAIT_MS)
    assert dialog.counts.text() == "待办审批 1 项,草稿和退回单据 1 张。"
    assert not dialog.transfer_button.isEnabled()  # no successor chosen yet

    dialog.successor.setCurrentIndex(dialog.successor.findData(successor.id))
    qtbot.waitUntil(
        lambda: dialog.work is not None and dialog.work.successor_id == successor.id,
        timeout=WAIT_MS,
    )
    assert verdicts(dialog) == {
        "审批事项(第 1 步)": "可移交",
        "单据": "接手人没有业务操作员岗位,不能接手单据",
    }
    assert "可移交 1 项,不能移交 1 项" in dialog.counts.text()
    assert dialog.disable_box.isChecked()
    qtbot.waitUntil(dialog.transfer_button.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(dialog.transfer_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT_MS)
    assert dialog.result_label.text() == "已移交 1 项,未能移交 1 项。账号已停用。"
    assert verdicts(dialog)["审批事项(第 1 步)"] == "已移交"
    assert not dialog.transfer_button.isEnabled()
    qtbot.waitUntil(
        lambda: any(u.username == "hq.leaver" and not u.is_active for u in view.model.rows),
        timeout=WAIT_MS,
    )
    successor_api = log_in(live_server, successor)
    assert item.id in {i.document_id for i in successor_api.reviews.todo()}
    assert maker.documents.get(item.id).maker_name == "hq.maker"
    dialog.reject()
    qtbot.waitUntil(lambda: view.handover_dialog is None, timeout=WAIT_MS)
    left = log_in(live_server, admin).admin.pending_work(leaver.id)
    assert [i.document_id for i in left.items] == [draft.id]  # it stayed the leaver's

"""收回审批 and 督办 on screen: a reviewer takes back an approval from 进行中 while
the next step has not acted, and is told it is too late once it has; a maker urges
an overdue item from 我的单据 and the reviewer's home screen shows it in red."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from client.widgets import look
from client.workbench.main_window import WorkbenchWindow
from common.enums import DocumentStatus, NotificationKind, ReviewAction, ReviewLevel
from tests.client.test_shell import make_context
from tests.support.accounts import log_in
from tests.support.documents import clerk, income, run_sql, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window
from tests.support.reviews import reviewer

UNIT = "001083"


def workbench(qtbot: QtBot, server: LiveServer) -> WorkbenchWindow:
    window = open_window(qtbot, WorkbenchWindow, make_context(server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    return window


def test_a_reviewer_takes_back_an_approval_before_the_next_step_and_not_after(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = unit_of_its_own(live_server, UNIT, "收回界面测试所")
    maker = log_in(live_server, clerk(live_server, "tb.maker", unit=UNIT))
    first_account = reviewer(live_server, "tb.first", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT)
    first = log_in(live_server, first_account)
    final = log_in(live_server, reviewer(live_server, "tb.final", (ReviewLevel.LEADER, "001")))
    amount = Decimal("1800000.00")  # 重大事项: supervisor, then leader
    draft = income(codes, today(live_server), amount=str(amount), unit_id=codes.units[UNIT])
    doc = maker.documents.create_and_submit(draft, confirmed_amounts=[amount])
    approved = first.reviews.approve(doc.id, version=doc.version, opinion="同意")

    window = workbench(qtbot, live_server)
    log_in_through_dialog(qtbot, window, live_server, first_account)
    window.show_page("review")
    page = window.review
    assert page.take_back_button.isHidden()  # the to-do list decides, it takes nothing back
    page.tabs.setCurrentIndex(1)  # 进行中
    assert not page.take_back_button.isHidden() and page.buttons["approve"].isHidden()
    qtbot.waitUntil(lambda: any(r.document_id == doc.id for r in page.model.rows), timeout=WAIT_MS)
    page.select_document(doc.id)
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == doc.id, timeout=WAIT_MS)
    page.opinion.setPlainText("金额需再核")
    qtbot.mouseClick(page.take_back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text().startswith("已收回对"), timeout=WAIT_MS)
    entries = maker.reviews.timeline(doc.id).entries
    assert (entries[-1].action, entries[-1].opinion) == (ReviewAction.TAKEN_BACK, "金额需再核")
    page.tabs.setCurrentIndex(0)  # back on my to-do list
    qtbot.waitUntil(lambda: any(r.document_id == doc.id for r in page.model.rows), timeout=WAIT_MS)

    # approved again; the leader acts while the reviewer still has it on screen
    again = first.reviews.approve(doc.id, version=approved.version + 1, opinion="已核")
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: any(r.document_id == doc.id for r in page.model.rows), timeout=WAIT_MS)
    page.select_document(doc.id)
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.version == again.version,
        timeout=WAIT_MS,
    )
    final.reviews.approve(doc.id, version=again.version, opinion="同意")
    qtbot.mouseClick(page.take_back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.message.text() == "下一级已处理或单据已审批完毕,不能再收回审批",
        timeout=WAIT_MS,
    )
    assert maker.documents.get(doc.id).status is DocumentStatus.POSTED  # posted at approval


def test_a_maker_urges_an_overdue_item_and_the_reviewer_sees_it_in_red(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = unit_of_its_own(live_server, "001084", "督办界面测试所")
    maker_account = clerk(live_server, "urge.maker", unit="001084")
    slow_account = reviewer(
        live_server, "urge.slow", (ReviewLevel.SUPERVISOR, "001084"), scope="001084"
    )
    maker = log_in(live_server, maker_account)
    draft = income(codes, today(live_server), amount="700.00", unit_id=codes.units["001084"])
    doc = maker.documents.create_and_submit(draft)
    run_sql(
        live_server,
        "UPDATE approval_steps SET deadline_at = :t - interval '2 hours',"
        " yellow_from = :t - interval '1 day' WHERE document_id = :id AND status = 'active'",
        t=live_server.clock.now(),
        id=doc.id,
    )

    window = workbench(qtbot, live_server)
    log_in_through_dialog(qtbot, window, live_server, maker_account)
    window.show_page("documents")
    view = window.my_documents
    qtbot.waitUntil(lambda: any(r.id == doc.id for r in view.model.rows), timeout=WAIT_MS)
    view.select_id(doc.id)
    assert view.buttons["urge"].isEnabled()
    qtbot.mouseClick(view.buttons["urge"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.objectName() == "urgeDialog"
    dialog.setTextValue("月底结账前请处理")
    dialog.done(QDialog.DialogCode.Accepted)
    qtbot.waitUntil(lambda: view.message.text().startswith("已督办"), timeout=WAIT_MS)

    window.login.logout()
    qtbot.waitUntil(lambda: window.login.auth.me is None, timeout=WAIT_MS)
    log_in_through_dialog(qtbot, window, live_server, slow_account)
    window.show_page("home")
    home = window.home

    def urged_row() -> int | None:
        for row in range(home.notices.count()):
            notice = home.notices.item(row).data(Qt.ItemDataRole.UserRole)
            if notice and notice.kind is NotificationKind.URGED and notice.document_id == doc.id:
                return row
        return None

    window.notifier.poll()
    qtbot.waitUntil(lambda: urged_row() is not None, timeout=WAIT_MS)
    item = home.notices.item(urged_row() or 0)
    assert "督办" in item.text() and "月底结账前请处理" in item.text()
    assert item.foreground().color() == look.ERROR


def test_a_higher_post_urges_an_overdue_item_from_its_detail_window(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = unit_of_its_own(live_server, "001086", "上级督办测试所")
    maker = log_in(live_server, clerk(live_server, "urge2.maker", unit="001086"))
    slow = log_in(
        live_server,
        reviewer(live_server, "urge2.slow", (ReviewLevel.SUPERVISOR, "001086"), scope="001086"),
    )
    boss_account = reviewer(live_server, "urge2.boss", (ReviewLevel.MANAGER, "001086"))
    draft = income(codes, today(live_server), amount="650.00", unit_id=codes.units["001086"])
    doc = maker.documents.create_and_submit(draft)
    window = workbench(qtbot, live_server)
    log_in_through_dialog(qtbot, window, live_server, boss_account)

    window.show_document(doc.id)  # on time: nothing to urge
    qtbot.waitUntil(lambda: window.detail_dialog is not None, timeout=WAIT_MS)
    assert window.detail_dialog.urge_button.isHidden()
    window.detail_dialog.close()
    window.detail_dialog = None
    run_sql(
        live_server,
        "UPDATE approval_steps SET deadline_at = :t - interval '1 hour',"
        " yellow_from = :t - interval '1 day' WHERE document_id = :id AND status = 'active'",
        t=live_server.clock.now(),
        id=doc.id,
    )
    window.show_document(doc.id)
    qtbot.waitUntil(lambda: window.detail_dialog is not None, timeout=WAIT_MS)
    dialog = window.detail_dialog
    assert not dialog.urge_button.isHidden()
    qtbot.mouseClick(dialog.urge_button, Qt.MouseButton.LeftButton)
    note = dialog.note_dialog
    assert note is not None
    note.setTextValue("请今天处理")
    note.done(QDialog.DialogCode.Accepted)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("已督办"), timeout=WAIT_MS)
    told = [n for n in slow.notifications.poll().items if n.kind is NotificationKind.URGED]
    assert told and "urge2.boss" in told[-1].text and "请今天处理" in told[-1].text

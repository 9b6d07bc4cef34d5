"""审批岗位 on screen: an administrator creates a reviewer in the console, is told
the new reviewer can approve nothing yet, gives them a 业务主管 post at a unit, and
the reviewer then approves an item of that unit in the workbench."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from client.admin.approval_rules.dialog import select_data
from client.admin.main_window import AdminWindow
from client.workbench.main_window import WorkbenchWindow
from common.enums import DocumentStatus, ReviewLevel, Role
from tests.client.test_admin_users import admin_console
from tests.client.test_shell import make_context
from tests.support.accounts import Account, api_for, code_now, log_in, next_step
from tests.support.documents import clerk, income, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into

UNIT = "001077"  # a unit of this test alone, so its review queue holds only this test's item
NEW_PASSWORD = "Posts-Reviewer-2026!x"


def first_login(server: LiveServer, username: str, initial: str) -> Account:
    """The new reviewer's first login (password change and authenticator), done
    through the API: the screens for it have their own tests."""
    api = api_for(server)
    ticket = api.auth.login(username, initial)
    progress = api.auth.set_initial_password(ticket.ticket, NEW_PASSWORD)
    assert progress.ticket is not None
    secret = api.auth.start_enrolment(progress.ticket.ticket).secret
    session = api.auth.confirm_enrolment(progress.ticket.ticket, code_now(server, secret))
    me = api.auth.me()
    assert session.token and me.username == username
    return Account(me.id, username, NEW_PASSWORD, secret)


def test_a_reviewer_made_in_the_console_approves_once_given_a_post(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = unit_of_its_own(live_server, UNIT, "岗位测试所")
    maker = log_in(live_server, clerk(live_server, "posts.maker", unit=UNIT))
    window, _admin = admin_console(qtbot, live_server, "posts")
    assert isinstance(window, AdminWindow)
    view = window.users_page

    # the administrator creates a reviewer for the unit
    qtbot.mouseClick(view.buttons["create"], Qt.MouseButton.LeftButton)
    dialog = view.findChild(object, "createUserDialog")
    assert dialog is not None
    type_into(qtbot, dialog.username_edit, "zhao.reviewer", enter=False)
    type_into(qtbot, dialog.name_edit, "赵审核", enter=False)
    dialog.access.role_boxes[Role.REVIEWER].setChecked(True)
    units = dialog.access.units_list
    ours = next(units.item(i) for i in range(units.count()) if UNIT in units.item(i).text())
    ours.setCheckState(Qt.CheckState.Checked)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: view.shown_password is not None, timeout=WAIT_MS)
    initial = view.shown_password.text().split("\n\n")[-1].strip()
    view.shown_password.accept()

    # … and is told this reviewer approves nothing yet, and offered a post
    qtbot.waitUntil(
        lambda: view.pending_confirm is not None and view.pending_confirm.isVisible(),
        timeout=WAIT_MS,
    )
    question = view.pending_confirm
    assert question.objectName() == "addPostQuestion"
    assert "赵审核(zhao.reviewer)是审核员,但还没有审批岗位" in question.text()
    question.done(QMessageBox.StandardButton.Yes)
    posts = window.posts_page
    assert window.stack.currentWidget() is posts
    qtbot.waitUntil(lambda: posts.dialog is not None, timeout=WAIT_MS)
    post_dialog = posts.dialog
    assert post_dialog.person.currentText() == "赵审核(zhao.reviewer)"
    assert "赵审核(zhao.reviewer)" in posts.without_post.text()

    # a limit that is not money is refused in the dialog, naming the field
    select_data(post_dialog.level, ReviewLevel.SUPERVISOR)
    select_data(post_dialog.unit, codes.units[UNIT])
    type_into(qtbot, post_dialog.limit, "很多", enter=False)
    post_dialog.buttons.accepted.emit()
    assert post_dialog.isVisible() and "金额" in post_dialog.error.text()
    post_dialog.limit.clear()
    post_dialog.buttons.accepted.emit()
    qtbot.waitUntil(
        lambda: any(p.username == "zhao.reviewer" for p in posts.model.rows), timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: posts.dialog is None, timeout=WAIT_MS)
    held = next(p for p in posts.model.rows if p.username == "zhao.reviewer")
    assert (held.level, held.unit_id, held.monthly_limit) == (
        ReviewLevel.SUPERVISOR,
        codes.units[UNIT],
        None,
    )
    row = posts.model.rows.index(held)
    reach = posts.model.data(posts.model.index(row, posts.model.COLUMNS.index("reach")))
    assert reach == "至 100,000.00,及重大事项的审批步骤"  # DOMAIN.md's default rules
    assert "zhao.reviewer" not in posts.without_post.text()
    assert "已保存审批岗位" in posts.message.text()

    # the reviewer logs in to the workbench (on this computer, once the
    # administrator has logged out) and approves an item of that unit
    window.login.logout()
    qtbot.waitUntil(lambda: window.login.auth.me is None, timeout=WAIT_MS)
    account = first_login(live_server, "zhao.reviewer", initial)
    doc = maker.documents.create_and_submit(
        income(
            codes,
            today(live_server),
            amount="3000.00",
            payer="岗位测试缴款人",
            unit_id=codes.units[UNIT],
        )
    )
    bench = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(bench, WorkbenchWindow)
    next_step(live_server)
    log_in_through_dialog(qtbot, bench, live_server, account)
    bench.show_page("review")
    page = bench.review
    qtbot.waitUntil(
        lambda: any(row.document_id == doc.id for row in page.model.rows), timeout=WAIT_MS
    )
    page.select_document(doc.id)
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == doc.id, timeout=WAIT_MS)
    qtbot.mouseClick(page.buttons["approve"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已审核通过" in page.message.text(), timeout=WAIT_MS)
    assert maker.documents.get(doc.id).status is DocumentStatus.POSTED  # posted at approval

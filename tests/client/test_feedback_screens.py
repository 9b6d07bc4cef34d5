"""问题反馈 on screen: a clerk on 凭证录入 reports a problem from the Help menu
with a picture of the window and the log (shown cleaned before sending); an
administrator sees both on the console's 问题反馈 page and answers; the answer
reaches the clerk's messages. An unexpected error's dialog offers the same."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.core.log_redaction import HIDDEN
from client.feedback.crash_dialog import show_crash
from client.feedback.feedback_dialog import FeedbackDialog
from client.workbench.main_window import WorkbenchWindow
from common.enums import Role
from tests.client.test_shell import make_context
from tests.support.accounts import add_user
from tests.support.documents import clerk
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window

TOKEN = "Zq8Xv2kLw9ZpR4tYb7NcD1mFh"


def test_a_report_with_a_screenshot_reaches_the_console_and_the_answer_comes_back(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    reporter = clerk(live_server, "fbui.clerk")
    workbench = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(workbench, WorkbenchWindow)
    log_in_through_dialog(qtbot, workbench, live_server, reporter)
    assert workbench.show_page("voucher")
    logging.getLogger("client.api").warning("retrying with Authorization: Bearer %s", TOKEN)

    workbench.feedback_action.trigger()  # 帮助 → 问题反馈
    dialog = workbench.feedback_dialog
    assert isinstance(dialog, FeedbackDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.with_screenshot.isChecked() and dialog.preview.pixmap() is not None
    assert "retrying with Authorization: Bearer" in dialog.log.toPlainText()
    assert TOKEN not in dialog.log.toPlainText() and HIDDEN in dialog.log.toPlainText()
    send = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.description.setPlainText("太")
    send.click()  # too short: said here, nothing sent
    assert "至少 5 个字" in dialog.error.text() and dialog.isVisible()
    dialog.description.setPlainText("凭证录入时借方合计不刷新,要切换一下页面才对。")
    dialog.with_log.setChecked(True)
    send.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert dialog.sent is not None and dialog.sent.screen == "voucher"
    assert "问题反馈已发送" in workbench.statusBar().currentMessage()
    width = workbench.grab().width()
    workbench.login.logout()
    workbench.close()

    admin = add_user(live_server, "fbui.admin", [Role.ADMIN])
    console = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(console, AdminWindow)
    log_in_through_dialog(qtbot, console, live_server, admin)
    assert console.show_page("feedback")
    page = console.feedback_page
    qtbot.waitUntil(lambda: len(page.model.rows) >= 1, timeout=WAIT_MS)
    assert page.table.select_where(lambda row: row.id == dialog.sent.id)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=WAIT_MS)
    assert page.description.toPlainText().startswith("凭证录入时借方合计不刷新")
    assert page.original.width() == width  # the whole window, as it was
    assert not page.picture.pixmap().isNull()  # shown scaled beside the list
    page.full_size.click()
    assert page.full_view is not None and page.full_view.isVisible()
    page.full_view.close()
    assert HIDDEN in page.log.toPlainText() and TOKEN not in page.log.toPlainText()
    row = [page.model.text(page.model.rows[0], c) for c in page.model.COLUMNS]
    assert row[1:4] == ["待处理", "fbui.clerk(fbui.clerk)", "凭证录入"]  # the screen's name
    assert row[-1] == "截图、日志"

    page.answer_edit.setPlainText("已修复,将在 1.3 版发布;目前切换页面即可。")
    page.buttons["answer"].click()
    qtbot.waitUntil(lambda: page.message.text().startswith("已答复问题反馈"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "已修复" in page.replies.toPlainText(), timeout=WAIT_MS)

    console.login.logout()
    console.close()

    # the clerk, next time in: the answer is among their messages
    workbench = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(workbench, WorkbenchWindow)
    log_in_through_dialog(qtbot, workbench, live_server, reporter)
    home = workbench.home
    qtbot.waitUntil(
        lambda: any(
            "已修复,将在 1.3 版发布" in home.notices.item(i).text()
            for i in range(home.notices.count())
        ),
        timeout=WAIT_MS,
    )


def test_an_unexpected_error_offers_a_problem_report(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    workbench = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(workbench, WorkbenchWindow)
    log_in_through_dialog(qtbot, workbench, live_server, clerk(live_server, "fbui.crash"))
    crash = show_crash(workbench, RuntimeError("表格模型下标越界"))
    qtbot.waitUntil(crash.isVisible, timeout=WAIT_MS)
    assert "表格模型下标越界" in crash.detailedText()
    crash.report_button.click()
    qtbot.waitUntil(
        lambda: workbench.feedback_dialog is not None and workbench.feedback_dialog.isVisible(),
        timeout=WAIT_MS,
    )

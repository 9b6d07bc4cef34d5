"""邮件通知 on screen, real widgets against a real server and a real SMTP server:
the console's 邮件通知 page sets the mail server up, sends a test e-mail and
retries a failed one; a reviewer sets their own e-mail notifications in the
workbench's 设置 → 邮件通知; and the tray speaks of the notices that arrive
while the window is minimised (the decision tested with real notices; the
tray icon itself only where the desktop has one)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.shell.tray import TrayDecision, tray_available
from client.workbench.main_window import WorkbenchWindow
from common.enums import NotificationKind, ReviewLevel, Role
from common.schemas.mail import MailSecurity, MailSettingsIn
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, log_in
from tests.support.documents import clerk, income, run_sql, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window
from tests.support.reviews import reviewer
from tests.support.smtp import SENDER, SMTP_PASSWORD, SMTP_USER, Smtp, smtp_server

_names = count(1)


def name(prefix: str) -> str:
    return f"mailui.{prefix}{next(_names)}"


@pytest.fixture(scope="module")
def smtp() -> Iterator[Smtp]:
    with smtp_server() as server:
        yield server


def test_the_console_sets_the_mail_server_up_sends_a_test_and_retries_a_failed_one(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    smtp: Smtp,
) -> None:
    admin = add_user(live_server, name("admin"), [Role.ADMIN])
    console = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(console, AdminWindow)
    log_in_through_dialog(qtbot, console, live_server, admin)
    assert console.show_page("mail")
    page = console.mail_page
    qtbot.waitUntil(lambda: page.settings is not None, timeout=WAIT_MS)
    assert page.password.placeholderText() == "无需登录时留空"
    page.host.setText("127.0.0.1")
    page.security.setCurrentIndex(page.security.findData(MailSecurity.STARTTLS.value))
    page.security.activated.emit(page.security.currentIndex())
    assert page.port.value() == 587  # the usual port of the choice
    page.security.setCurrentIndex(page.security.findData(MailSecurity.NONE.value))
    page.port.setValue(smtp.port)
    page.username.setText(SMTP_USER)
    page.password.setText(SMTP_PASSWORD)
    page.from_edit.setText(SENDER)
    page.enabled.setChecked(True)
    page.buttons["save"].click()
    qtbot.waitUntil(lambda: page.message.text() == "邮件服务器设置已保存", timeout=WAIT_MS)
    assert page.password.text() == "" and page.password.placeholderText() == "已保存,留空则不变"
    assert page.settings is not None and page.settings.password_set

    page.test_to.setText("console.test@office.example")
    page.buttons["test"].click()
    qtbot.waitUntil(lambda: bool(smtp.inbox.to("console.test@office.example")), timeout=WAIT_MS)
    (letter,) = smtp.inbox.to("console.test@office.example")
    assert letter["Subject"] == "[Countersign] 测试邮件"

    def wait_state(recipient: str, wanted: str) -> None:
        """Refresh the list until the recipient's row reads ``wanted``."""
        for _ in range(50):
            loads = page.loads
            page.refresh()
            qtbot.waitUntil(lambda n=loads: page.loads > n, timeout=WAIT_MS)  # type: ignore[misc]
            rows = [r for r in page.model.rows if r.recipient == recipient]
            if rows and page.model.text(rows[0], "state") == wanted:
                return
            qtbot.wait(100)
        raise AssertionError(f"{recipient} never {wanted}")

    wait_state("console.test@office.example", "已发送")

    # a test to an address the server gave up on (as after its last attempt)
    page.test_to.setText("given.up@office.example")
    page.buttons["test"].click()
    qtbot.waitUntil(lambda: bool(smtp.inbox.to("given.up@office.example")), timeout=WAIT_MS)
    wait_state("given.up@office.example", "已发送")  # recorded: the worker is done with it
    run_sql(
        live_server,
        "UPDATE mail_outbox SET sent_at = NULL, failed_at = now(), attempts = 6,"
        " last_error = 'SMTPDataError: (451, b''try later'')'"
        " WHERE recipient = 'given.up@office.example'",
    )
    wait_state("given.up@office.example", "发送失败")
    row = next(r for r in page.model.rows if r.recipient == "given.up@office.example")
    assert "451" in page.model.text(row, "error")
    assert page.table.select_where(lambda r: r.id == row.id)
    page.buttons["retry"].click()
    qtbot.waitUntil(
        lambda: page.message.text() == "已重新排队:given.up@office.example", timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: len(smtp.inbox.to("given.up@office.example")) == 2, timeout=WAIT_MS)
    wait_state("given.up@office.example", "已发送")

    # 用户管理 → 邮件通知…: an administrator sets a clerk's e-mail notifications
    someone = clerk(live_server, name("clerk"))
    assert console.show_page("users")
    users = console.users_page
    users.refresh()
    qtbot.waitUntil(
        lambda: users.table.select_where(lambda u: u.username == someone.username), timeout=WAIT_MS
    )
    users.buttons["mail"].click()
    dialog = users.mail_dialog
    assert dialog is not None and dialog.windowTitle() == f"邮件通知:{someone.username}"
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.waitUntil(lambda: dialog.loaded is not None and save.isEnabled(), timeout=WAIT_MS)
    assert dialog.loaded is not None and dialog.loaded.mail_available
    dialog.email.setText("clerk.by.admin@office.example")
    dialog.enabled.setChecked(True)
    dialog.kinds[NotificationKind.NEW_WORK].setChecked(False)
    save.click()
    qtbot.waitUntil(lambda: users.mail_dialog is None, timeout=WAIT_MS)
    theirs = log_in(live_server, someone).mail.my_settings()
    assert (theirs.email, theirs.enabled) == ("clerk.by.admin@office.example", True)
    assert NotificationKind.NEW_WORK not in theirs.kinds


def test_a_reviewer_sets_their_own_mail_notifications_in_the_workbench(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    smtp: Smtp,
) -> None:
    admin = log_in(live_server, add_user(live_server, name("adm"), [Role.ADMIN]))
    admin.mail.save_settings(
        MailSettingsIn(
            enabled=True,
            host="127.0.0.1",
            port=smtp.port,
            username=SMTP_USER,
            password=SMTP_PASSWORD,
            from_address=SENDER,
        )
    )
    codes = unit_of_its_own(live_server, "001061", "邮件界面局")
    account = reviewer(live_server, name("rev"), (ReviewLevel.SUPERVISOR, "001061"))
    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, live_server, account)
    assert window.mail_action.isEnabled() and window.mail_action.text() == "邮件通知(&M)…"
    dialog = window.edit_mail_settings()
    assert dialog is not None
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.waitUntil(lambda: dialog.loaded is not None and save.isEnabled(), timeout=WAIT_MS)
    assert not dialog.enabled.isChecked() and not dialog.unavailable.isVisibleTo(dialog)
    assert all(box.isChecked() for box in dialog.kinds.values())  # every kind, at first
    assert not dialog.kinds_box.isEnabled()  # follows the switch

    dialog.enabled.setChecked(True)
    assert dialog.kinds_box.isEnabled()
    dialog.email.setText("not-an-address")
    save.click()
    qtbot.waitUntil(lambda: "格式不正确" in dialog.message.text(), timeout=WAIT_MS)
    assert "电子邮件地址" in dialog.message.text() and window.mail_dialog is dialog
    assert window.edit_mail_settings() is dialog  # one at a time
    dialog.email.setText("reviewer.ui@office.example")
    dialog.kinds[NotificationKind.DUE_SOON].setChecked(False)
    save.click()
    qtbot.waitUntil(lambda: window.mail_dialog is None, timeout=WAIT_MS)  # saved and closed
    assert window.statusBar().currentMessage() == "邮件通知设置已保存"
    mine = log_in(live_server, account).mail.my_settings()
    assert mine.enabled and mine.email == "reviewer.ui@office.example"
    assert NotificationKind.DUE_SOON not in mine.kinds and NotificationKind.NEW_WORK in mine.kinds

    # the choice at work: the item the reviewer is told of reaches their mailbox
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001061"))
    maker.documents.create_and_submit(
        income(codes, today(live_server), amount="66.00", unit_id=codes.units["001061"])
    )
    qtbot.waitUntil(lambda: bool(smtp.inbox.to("reviewer.ui@office.example")), timeout=WAIT_MS)
    (letter,) = smtp.inbox.to("reviewer.ui@office.example")
    assert letter["Subject"].startswith("[Countersign] 新待办:")


def test_the_tray_speaks_of_new_notices_only_while_the_window_is_out_of_view(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
) -> None:
    codes = unit_of_its_own(live_server, "001062", "托盘局")
    account = reviewer(live_server, name("tray"), (ReviewLevel.SUPERVISOR, "001062"))
    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, live_server, account)
    qtbot.waitUntil(lambda: window.notifier.cursor is not None, timeout=WAIT_MS)
    window.notifier.timer.stop()  # polled here on demand: the arrivals come as the test says
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001062"))

    def submit(amount: str) -> None:
        maker.documents.create_and_submit(
            income(codes, today(live_server), amount=amount, unit_id=codes.units["001062"])
        )

    # in view: the window shows it, the tray says nothing
    submit("11.00")
    with qtbot.waitSignal(window.notifier.arrived, timeout=WAIT_MS) as in_view:
        window.notifier.poll()
    assert window.tray.last is None
    assert len(in_view.args[0]) == 1

    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=WAIT_MS)
    submit("22.00")
    submit("33.00")
    with qtbot.waitSignal(window.notifier.arrived, timeout=WAIT_MS) as arrived:
        window.notifier.poll()
    notices = arrived.args[0]
    assert len(notices) == 2
    said = window.tray.last
    assert said is not None and said.title == "Countersign:2 条新消息"
    assert said.text == notices[-1].text and "33.00" in said.text

    decision = TrayDecision()  # the same real notices, one at a time and in view
    one = decision.message(notices[:1], window_in_view=False)
    assert one is not None and (one.title, one.text) == ("Countersign 新消息", notices[0].text)
    assert decision.message(notices, window_in_view=True) is None
    assert decision.message([], window_in_view=False) is None

    window.tray.restore()  # what a click on the icon or the message does
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=WAIT_MS)
    assert window.isVisible()

    if not tray_available():
        pytest.skip("no system tray on this desktop (offscreen): the icon itself is not shown")
    assert window.tray.icon is not None and window.tray.icon.isVisible()

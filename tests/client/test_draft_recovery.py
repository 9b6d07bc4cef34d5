"""DOMAIN.md "Nothing typed is ever lost: drafts survive a client crash". What is
typed into an entry form is kept on disk; the client dies (no logout, no clean
close, every Qt object gone); a new client started with the same client home
offers the typing back in a fresh form, field for field."""

from __future__ import annotations

import gc
from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from client.workbench.main_window import WorkbenchWindow
from tests.client.test_shell import make_context
from tests.support.accounts import Account
from tests.support.documents import Codes, clerk, office
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window


def start_client(qtbot: QtBot, server: LiveServer) -> WorkbenchWindow:
    """A client as at a new start: new settings read from the client home."""
    shell = open_window(qtbot, WorkbenchWindow, make_context(server.url, trusted=True))
    assert isinstance(shell, WorkbenchWindow)
    return shell


def start_doomed_client(server: LiveServer) -> WorkbenchWindow:
    """The same, left out of qtbot's care: the test itself destroys it."""
    context = make_context(server.url, trusted=True)
    shell = WorkbenchWindow(context)
    shell.show()
    context.monitor.start()
    return shell


def wait_ready(qtbot: QtBot, shell: WorkbenchWindow, user: Account) -> None:
    qtbot.waitUntil(
        lambda: shell.login.auth.me is not None and shell.reference.data is not None,
        timeout=WAIT_MS,
    )
    assert shell.login.auth.me is not None and shell.login.auth.me.username == user.username


def crash(qtbot: QtBot, shell: WorkbenchWindow) -> None:
    """The process dies: no close event (which would log out), no logout; the
    window and every object under it are destroyed."""
    form = shell.income_form
    shell.monitor.stop()
    shell.login.idle.stop()
    with qtbot.waitSignal(shell.destroyed, timeout=WAIT_MS):
        shell.deleteLater()
    assert not Shiboken.isValid(form) and not Shiboken.isValid(shell)
    gc.collect()


def test_typing_survives_a_crash_and_is_offered_by_the_next_client(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
) -> None:
    codes: Codes = office(live_server)
    user = clerk(live_server, "recover.typist", unit="001001001")
    first = start_doomed_client(live_server)
    log_in_through_dialog(qtbot, first, live_server, user)
    wait_ready(qtbot, first, user)
    first.show_page("income")
    form = first.income_form
    form.item_picker.set_current(codes.item("income", "1030416"))
    form.payer_edit.setText("崩溃前输入的缴款人")
    form.amount_edit.set_value(Decimal("4321.09"))
    form.summary_edit.setText("断电前没来得及保存")
    form.attachments.setValue(3)
    form.dirty = True
    form.keep_locally()  # what the autosave timer does every few seconds
    typed = form.draft()
    kept = form.store().path
    assert kept.exists() and kept.is_relative_to(client_home)
    crash(qtbot, first)
    del first, form

    second = start_client(qtbot, live_server)
    wait_ready(qtbot, second, user)  # the session kept in the keyring is resumed
    second.show_page("income")
    offered = second.income_form
    qtbot.waitUntil(lambda: offered.payer_edit.text() == "崩溃前输入的缴款人", timeout=WAIT_MS)
    assert offered.draft() == typed
    assert offered.document is None and offered.dirty  # still to be saved, as it was
    assert "已恢复" in offered.message.text()

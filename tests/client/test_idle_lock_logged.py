"""DOMAIN.md audit: "lock" is one of the actions the operation log records. The
workbench's idle lock (锁屏) coming on after the idle time is written to the log
with the user, the session, the client's host and address; unlocking it too."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from client.api.transport import CLIENT_HOST
from client.workbench.main_window import WorkbenchWindow
from server.db.models import AuditRecord
from server.db.uow import UnitOfWork
from tests.client.test_shell import make_context
from tests.support.documents import clerk, office
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into


def logged(server: LiveServer, username: str) -> list[tuple[str, str, str, str]]:
    with UnitOfWork(server.engine).transaction() as session:
        rows = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.actor_name == username, AuditRecord.action.like("screen.%"))
            .order_by(AuditRecord.id)
        ).all()
        return [(r.action, r.target_type, r.client_host, r.client_address) for r in rows]


def test_the_idle_lock_and_its_unlock_are_in_the_operation_log(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    office(live_server)
    user = clerk(live_server, "lock.leaver", unit="001001")
    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    log_in_through_dialog(qtbot, window, live_server, user)
    assert logged(live_server, user.username) == []

    window.login.idle.start(0.01)  # 0.6 s instead of 10 minutes: the user walks away
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.lock_screen, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(logged(live_server, user.username)) == 1, timeout=WAIT_MS)
    locked = ("screen.locked", "session", CLIENT_HOST, "127.0.0.1")
    assert logged(live_server, user.username) == [locked]

    window.login.idle.stop()
    type_into(qtbot, window.lock_screen.password_edit, user.password)
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.work_area, timeout=WAIT_MS)
    unlocked = ("screen.unlocked", "user", CLIENT_HOST, "127.0.0.1")
    assert logged(live_server, user.username) == [locked, unlocked]

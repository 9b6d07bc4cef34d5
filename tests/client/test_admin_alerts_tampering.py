"""告警: an authenticator secret copied from another account shows in red, in
words, for the account it was found on (issue 15 item 8), against a real server."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from client.admin.main_window import AdminWindow
from common.enums import Role
from common.schemas.alerts import AlertKind
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, api_for, code_now, next_step, refused
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window

RED = QColor("#c0392b")


def test_a_tampered_secret_is_a_red_alert_naming_the_account(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    victim = add_user(live_server, "tampered.clerk", [Role.CLERK])
    owner = add_user(live_server, "tamper.source", [Role.CLERK])
    assert owner.totp_secret is not None
    with live_server.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE users SET totp_secret = (SELECT totp_secret FROM users WHERE id = :s) "
                "WHERE id = :t"
            ),
            {"s": owner.id, "t": victim.id},
        )
    intruder = api_for(live_server)
    next_step(live_server)
    ticket = intruder.auth.login(victim.username, victim.password).ticket
    code = code_now(live_server, owner.totp_secret)
    assert refused(intruder.auth.submit_code, ticket, code).code == "auth.second_factor_unusable"

    admin = add_user(live_server, "tamper.admin", [Role.ADMIN])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, admin)
    window.show_page("alerts")
    page = window.alerts_page
    model = page.model
    qtbot.waitUntil(lambda: page.loaded, timeout=WAIT_MS)
    row = model.find(AlertKind.SECRET_TAMPERED, "tampered.clerk")
    assert row >= 0
    cells = [str(model.data(model.index(row, c))) for c in range(model.columnCount())]
    assert cells[1:3] == ["动态口令密钥被篡改", "tampered.clerk"]
    assert "登录已拒绝" in cells[3] and "重置其动态口令" in cells[3]
    for column in range(model.columnCount()):
        assert model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole) == RED
    assert "动态口令密钥被篡改 1 条" in page.counts.text()

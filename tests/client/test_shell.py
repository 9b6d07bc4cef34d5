"""The workbench and admin console windows against a real HTTPS server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.api import ServerAddress, fetch_presented_certificate
from client.core.connection import ConnectionMonitor, ConnectionState
from client.core.i18n import install_language
from client.core.settings import SettingsStore
from client.shell.main_window import ClientContext
from client.shell.server_page import ServerInfoPanel
from client.workbench.main_window import WorkbenchWindow
from common.enums import Language
from server.db.migrate import head_revision
from tests.support.live_server import LiveServer
from tests.support.postgres import PostgresForTests

WAIT_MS = 15_000


def make_context(url: str, *, trusted: bool) -> ClientContext:
    store = SettingsStore()
    settings = store.load()
    settings.server_url = url
    if trusted:
        address = ServerAddress.parse(url)
        settings.trust(address, fetch_presented_certificate(address))
    store.save(settings)
    monitor = ConnectionMonitor(settings, store, interval_ms=200, max_retry_ms=300)
    return ClientContext(settings=settings, store=store, monitor=monitor)


def open_workbench(qtbot: QtBot, context: ClientContext) -> WorkbenchWindow:
    window = WorkbenchWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.monitor.start()
    return window


def wait_for_state(qtbot: QtBot, monitor: ConnectionMonitor, state: ConnectionState) -> None:
    qtbot.waitUntil(lambda: monitor.state is state, timeout=WAIT_MS)


@pytest.fixture
def own_server(postgres: PostgresForTests, tmp_path: Path) -> Iterator[LiveServer]:
    """A server this test may stop, restart or give a new certificate."""
    server = LiveServer(postgres.create_database(), tmp_path / "tls").start()
    yield server
    server.close()


def test_first_connection_asks_to_trust_the_fingerprint_then_pins_it(
    qtbot: QtBot, client_home: Path, live_server: LiveServer
) -> None:
    context = make_context(live_server.url, trusted=False)
    window = open_workbench(qtbot, context)
    qtbot.waitUntil(lambda: window.trust_dialog is not None, timeout=WAIT_MS)
    dialog = window.trust_dialog
    assert dialog is not None and dialog.isVisible()
    shown = dialog.fingerprint_view.toPlainText().replace("\n", ":")
    assert shown == live_server.fingerprint
    assert window.connection_status.state_label.text() == "● 未信任服务器证书"

    qtbot.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
    wait_for_state(qtbot, context.monitor, ConnectionState.CONNECTED)
    assert window.connection_status.state_label.text() == "● 已连接"
    assert window.connection_status.server_label.text() == f"服务器:{live_server.url}"
    assert not window.home.findChildren(ServerInfoPanel)  # not on a clerk's home screen
    window.show_server_info()  # 帮助 → 服务器信息
    assert window.server_info is not None and window.server_dialog is not None
    assert window.server_info.value("schema") == head_revision()
    assert window.server_info.value("database") == "正常"
    window.server_dialog.close()

    saved = SettingsStore().load().pin_for(ServerAddress.parse(live_server.url))
    assert saved is not None and saved.fingerprint == live_server.fingerprint


def test_declining_trust_does_not_connect(
    qtbot: QtBot, client_home: Path, live_server: LiveServer
) -> None:
    context = make_context(live_server.url, trusted=False)
    window = open_workbench(qtbot, context)
    qtbot.waitUntil(lambda: window.trust_dialog is not None, timeout=WAIT_MS)
    assert window.trust_dialog is not None
    qtbot.mouseClick(window.trust_dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.wait(500)
    assert context.monitor.state is ConnectionState.UNTRUSTED
    assert context.monitor.last_health is None
    assert SettingsStore().load().pins == {}


def test_status_bar_follows_the_server_away_and_back(
    qtbot: QtBot, client_home: Path, own_server: LiveServer
) -> None:
    context = make_context(own_server.url, trusted=True)
    window = open_workbench(qtbot, context)
    wait_for_state(qtbot, context.monitor, ConnectionState.CONNECTED)

    own_server.stop()
    wait_for_state(qtbot, context.monitor, ConnectionState.DISCONNECTED)
    assert window.connection_status.state_label.text() == "● 连接中断,正在自动重连…"

    own_server.start()
    wait_for_state(qtbot, context.monitor, ConnectionState.CONNECTED)
    assert window.connection_status.state_label.text() == "● 已连接"


def test_a_changed_certificate_is_refused_and_explained(
    qtbot: QtBot, client_home: Path, own_server: LiveServer, tmp_path: Path
) -> None:
    context = make_context(own_server.url, trusted=True)
    genuine = own_server.fingerprint
    own_server.stop()
    own_server.use_new_certificate(tmp_path / "impostor")
    own_server.start()

    window = open_workbench(qtbot, context)
    wait_for_state(qtbot, context.monitor, ConnectionState.CERTIFICATE_CHANGED)
    alert = window.certificate_alert
    assert alert is not None and alert.isVisible()
    assert genuine in alert.text() and own_server.fingerprint in alert.text()
    assert window.connection_status.state_label.text() == "● 服务器证书已变化,已拒绝连接"
    assert context.monitor.last_health is None
    qtbot.wait(600)  # polling has stopped: an impostor is not retried by itself
    assert context.monitor.state is ConnectionState.CERTIFICATE_CHANGED
    saved = SettingsStore().load().pin_for(ServerAddress.parse(own_server.url))
    assert saved is not None and saved.fingerprint == genuine  # the pin was not replaced


def test_switching_to_english_translates_the_window_and_the_server_messages(
    qtbot: QtBot, client_home: Path, live_server: LiveServer
) -> None:
    context = make_context(live_server.url, trusted=True)
    window = open_workbench(qtbot, context)
    wait_for_state(qtbot, context.monitor, ConnectionState.CONNECTED)
    try:
        window.language_actions[Language.EN].trigger()
        qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=WAIT_MS)
        assert window.windowTitle() == "Workbench — Countersign"
        assert window.navigation.item(0).text() == "Home"
        assert window.home.title.text() == "Home"
        wait_for_state(qtbot, context.monitor, ConnectionState.CONNECTED)
        qtbot.waitUntil(
            lambda: window.connection_status.state_label.text() == "● Connected", timeout=WAIT_MS
        )
        window.show_server_info()
        assert window.server_info is not None
        assert window.server_info.value("database") == "OK"
        assert context.monitor.api is not None
        assert context.monitor.api.transport.language is Language.EN
        assert SettingsStore().load().language is Language.EN
    finally:
        install_language(Language.ZH_CN)
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=WAIT_MS)


def test_admin_console_opens_on_system_status(
    qtbot: QtBot, client_home: Path, live_server: LiveServer
) -> None:
    context = make_context(live_server.url, trusted=True)
    window = AdminWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.monitor.start()
    wait_for_state(qtbot, context.monitor, ConnectionState.CONNECTED)
    assert window.windowTitle() == "系统管理后台 — Countersign"
    assert window.navigation.item(0).text() == "系统状态"
    qtbot.waitUntil(
        lambda: window.status_page.info.value("schema") == head_revision(), timeout=WAIT_MS
    )

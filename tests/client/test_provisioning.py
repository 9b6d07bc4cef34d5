"""The machine-wide provisioning file of a silent install: it beats the user's
own settings, connects without the trust prompt, pins the provisioned certificate
and refuses any other."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from client.api.tls import ServerAddress, fetch_presented_certificate
from client.core.connection import ConnectionMonitor, ConnectionState
from client.core.provisioning import (
    load_provisioning,
    machine_config_dir,
    normalized_fingerprint,
)
from client.core.settings import SettingsStore
from client.shell.main_window import ClientContext
from client.workbench.main_window import WorkbenchWindow
from tests.support.live_server import LiveServer
from tests.support.qt import WAIT_MS


def provision(url: str, fingerprint: str) -> None:
    folder = machine_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "provisioning.ini").write_text(
        f"[server]\nurl = {url}\nfingerprint = {fingerprint}\n", encoding="utf-8"
    )


def test_the_file_is_read_and_a_damaged_one_ignored(client_home: Path) -> None:
    assert load_provisioning() is None  # no file: the user is asked, as always
    spaced = " ".join(["ab"] * 32)
    provision("https://finance:8443", spaced)
    found = load_provisioning()
    assert found is not None
    assert found.address.url == "https://finance:8443"
    assert found.fingerprint == normalized_fingerprint(spaced) == ":".join(["AB"] * 32)
    provision("https://finance:8443", "AB:CD")  # not a SHA-256: ignored, never trusted
    assert load_provisioning() is None


def monitor_for(user_url: str) -> ConnectionMonitor:
    store = SettingsStore()
    settings = store.load()
    settings.server_url = user_url  # the user's own choice, overridden below
    store.save(settings)
    return ConnectionMonitor(settings, store, interval_ms=200, max_retry_ms=300)


def test_a_provisioned_client_connects_without_asking_and_pins_the_certificate(
    qtbot: QtBot, client_home: Path, live_server: LiveServer
) -> None:
    provision(live_server.url, live_server.fingerprint.lower())
    monitor = monitor_for("https://127.0.0.1:1")
    asked: list[object] = []
    monitor.trust_required.connect(asked.append)
    assert monitor.settings.server_url == ServerAddress.parse(live_server.url).url
    monitor.start()
    qtbot.waitUntil(lambda: monitor.state is ConnectionState.CONNECTED, timeout=WAIT_MS)
    assert asked == []  # no trust prompt
    pin = SettingsStore().load().pin_for(ServerAddress.parse(live_server.url))
    assert pin is not None and pin.fingerprint == live_server.fingerprint
    with pytest.raises(ValueError, match="set up for"):
        monitor.change_server("https://127.0.0.1:2", forget_pin=False)
    monitor.stop()


def test_a_provisioned_client_refuses_any_other_certificate(
    qtbot: QtBot, client_home: Path, live_server: LiveServer
) -> None:
    address = ServerAddress.parse(live_server.url)
    # the user had once trusted the certificate presented here; IT provisions another
    store = SettingsStore()
    settings = store.load()
    settings.server_url = address.url
    settings.trust(address, fetch_presented_certificate(address))
    store.save(settings)
    provision(live_server.url, ":".join(["AB"] * 32))
    monitor = monitor_for(address.url)
    asked: list[object] = []
    monitor.trust_required.connect(asked.append)
    assert monitor.settings.pin_for(address) is None  # the old pin is not the provisioned one
    window = WorkbenchWindow(ClientContext(settings=monitor.settings, store=store, monitor=monitor))
    qtbot.addWidget(window)
    monitor.start()
    qtbot.waitUntil(lambda: monitor.state is ConnectionState.CERTIFICATE_CHANGED, timeout=WAIT_MS)
    assert asked == [] and monitor.api is None
    alert = window.certificate_alert
    assert alert is not None and "由系统管理员统一配置" in alert.text()  # not "forget it"
    assert "连接设置" not in alert.text()
    monitor.stop()

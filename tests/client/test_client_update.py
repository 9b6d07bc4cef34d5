"""客户端版本 on screen, against a live server: a client older than the minimum is
refused in the login dialog and offered the download, which is checked against
its SHA-256 before the installer is started (a tampered one is deleted, never
run); a merely older client logs in and is told in the status bar; and an
administrator uploads an installer in the console, sees it listed and makes its
version the minimum. No installer is ever run: the launcher is replaced."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.api import ApiClient
from client.login.login_dialog import LoginDialog
from client.workbench.main_window import WorkbenchWindow
from common.enums import Role
from common.schemas.client_versions import ClientPlatform, InstallerOut, InstallerUploadIn
from tests.client.test_admin_users import admin_console
from tests.client.test_shell import make_context
from tests.support.accounts import Account, add_user, log_in
from tests.support.documents import run_sql
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, login_dialog, open_window, type_into

_names = itertools.count(1)
INSTALLER = b"MZ" + bytes(range(256)) * 9_000  # > 2 MB: progress is reported on the way


@pytest.fixture
def clean(live_server: LiveServer) -> Iterator[None]:
    yield
    run_sql(live_server, "DELETE FROM client_installers")
    run_sql(live_server, "DELETE FROM system_parameters")


def publish(server: LiveServer, version: str, *, minimum: str | None = None) -> InstallerOut:
    """An administrator uploads a Windows installer (and sets the minimum) by API."""
    admin = log_in(server, add_user(server, f"cu.admin{next(_names)}", [Role.ADMIN]))
    meta = InstallerUploadIn(
        version=version, platform=ClientPlatform.WINDOWS, file_name=f"countersign-{version}.exe"
    )
    made = admin.client_versions.upload_installer(INSTALLER, meta)
    if minimum is not None:
        admin.admin_system.save_parameters({"min_client_version": minimum})
    return made


def workbench_as(
    qtbot: QtBot, server: LiveServer, version: str
) -> tuple[WorkbenchWindow, LoginDialog]:
    """The workbench playing a Windows client of ``version``, at its login dialog."""
    window = open_window(qtbot, WorkbenchWindow, make_context(server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    dialog = login_dialog(qtbot, window)
    api = window.monitor.api
    assert isinstance(api, ApiClient)
    api.auth.client_version = version
    api.auth.client_platform = ClientPlatform.WINDOWS
    return window, dialog


def try_login(qtbot: QtBot, dialog: LoginDialog, user: Account) -> None:
    type_into(qtbot, dialog.username_edit, user.username)
    type_into(qtbot, dialog.password_edit, user.password)


def test_a_too_old_client_is_refused_with_the_download_offered_checked_and_started(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    clean: None,
) -> None:
    made = publish(live_server, "2.1.0", minimum="2.0")
    user = add_user(live_server, f"cu.clerk{next(_names)}", [Role.CLERK])
    window, dialog = workbench_as(qtbot, live_server, "1.0.0")
    offer = dialog.update_offer
    assert not offer.isVisible()

    try_login(qtbot, dialog, user)
    qtbot.waitUntil(offer.isVisible, timeout=WAIT_MS)
    refusal = dialog.error_label.text()
    assert "1.0.0" in refusal and "2.0" in refusal and "下载并安装新版本" in refusal
    assert "新版本 2.1.0" in offer.text.text()
    assert offer.button.isVisible() and offer.button.text() == "下载新版本"
    assert window.login.auth.me is None

    launched: list[Path] = []
    offer.download.launcher = launched.append
    qtbot.mouseClick(offer.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(launched), timeout=WAIT_MS)
    (started,) = launched
    assert started == client_home / "updates" / "countersign-2.1.0.exe"
    assert hashlib.sha256(started.read_bytes()).hexdigest() == made.sha256
    assert [p.name for p in started.parent.iterdir()] == [started.name]
    assert "核对无误" in offer.text.text() and "安装程序已启动" in offer.text.text()
    assert window.login.auth.me is None  # still refused: the new version must be installed


def test_a_tampered_download_is_refused_deleted_and_not_started(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    clean: None,
) -> None:
    made = publish(live_server, "2.2.0", minimum="2.2")
    run_sql(
        live_server,
        "UPDATE client_installers SET data = overlay(data placing 'XX'::bytea from 100)"
        " WHERE id = :id",
        id=made.id,
    )
    user = add_user(live_server, f"cu.clerk{next(_names)}", [Role.CLERK])
    _window, dialog = workbench_as(qtbot, live_server, "2.1.9")
    offer = dialog.update_offer
    try_login(qtbot, dialog, user)
    qtbot.waitUntil(offer.isVisible, timeout=WAIT_MS)

    launched: list[Path] = []
    offer.download.launcher = launched.append
    qtbot.mouseClick(offer.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "不符" in offer.text.text(), timeout=WAIT_MS)
    assert "已删除,没有运行" in offer.text.text()
    assert offer.text.property("state") == "error"
    assert launched == []
    assert list((client_home / "updates").iterdir()) == []
    assert offer.button.isEnabled()  # it may be tried again


def test_a_merely_older_client_logs_in_and_is_told_in_the_status_bar(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    clean: None,
) -> None:
    publish(live_server, "3.0.0", minimum="2.0")
    user = add_user(live_server, f"cu.clerk{next(_names)}", [Role.CLERK])
    window, _dialog = workbench_as(qtbot, live_server, "2.5.0")
    notice = window.newer_client
    assert not notice.isVisible()
    log_in_through_dialog(qtbot, window, live_server, user)  # not refused: logged in
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)
    assert notice.label.text() == "有新版本 3.0.0 可用,请在方便时安装"

    launched: list[Path] = []
    notice.download.launcher = launched.append
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(launched), timeout=WAIT_MS)
    assert launched[0].read_bytes() == INSTALLER
    assert notice.label.text() == "安装包已下载并核对无误,安装程序已启动"


def test_the_console_uploads_an_installer_lists_it_and_makes_it_the_minimum(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    clean: None,
    tmp_path: Path,
) -> None:
    window, _admin = admin_console(qtbot, live_server, f"cv{next(_names)}")
    assert isinstance(window, AdminWindow)
    assert "client_versions" in window.offered_pages()
    assert window.show_page("client_versions")
    page = window.client_versions_page
    qtbot.waitUntil(lambda: bool(page.minimum_label.text()), timeout=WAIT_MS)
    assert page.minimum_label.text() == "最低客户端版本:未设定(任何版本都可以登录)"
    assert page.model.rowCount() == 0

    installer = tmp_path / "countersign-4.2.0-setup.exe"
    installer.write_bytes(INSTALLER)
    qtbot.mouseClick(page.buttons["upload"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.version_edit.setText("not a version")
    dialog.version_edit.setModified(True)
    dialog.file_edit.setText(str(installer))
    assert dialog.platform.currentData() == "windows"  # from the file's name
    dialog.buttons.accepted.emit()
    assert "版本号须为有效的版本号" in dialog.error.text()
    assert dialog.version_edit.property("state") == "marked"

    dialog.version_edit.setText("4.2.0")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    assert page.dialog is None
    row = page.model.rows[0]
    assert (row.version, row.platform, row.size) == ("4.2.0", "windows", len(INSTALLER))
    assert row.sha256 == hashlib.sha256(INSTALLER).hexdigest()
    assert [page.model.text(row, c) for c in ("version", "platform", "file_name", "size")] == [
        "4.2.0",
        "Windows 版",
        "countersign-4.2.0-setup.exe",
        "2.2 MB",
    ]
    assert page.model.text(row, "uploaded_by") == _admin.username  # type: ignore[attr-defined]
    assert row.sha256 in page.message.text()
    assert page.table.selected() == row

    # the same version again: the server refuses it, named in the dialog
    qtbot.mouseClick(page.buttons["upload"], Qt.MouseButton.LeftButton)
    again = page.dialog
    assert again is not None
    again.file_edit.setText(str(installer))
    again.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "已上传过" in again.error.text(), timeout=WAIT_MS)
    assert again.version_edit.property("state") == "marked"
    again.reject()

    # its version becomes the minimum, after a question
    assert page.buttons["minimum"].isEnabled()
    qtbot.mouseClick(page.buttons["minimum"], Qt.MouseButton.LeftButton)
    question = page.pending_confirm
    assert question is not None and "设 4.2.0 为最低客户端版本" in question.text()
    question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "4.2.0" in page.minimum_label.text(), timeout=WAIT_MS)
    assert page.message.text() == "最低客户端版本已设为 4.2.0"
    assert not page.buttons["minimum"].isEnabled()  # it is the minimum already
    window.show_page("parameters")
    field = window.parameters_page
    qtbot.waitUntil(lambda: "min_client_version" in field.fields, timeout=WAIT_MS)
    assert field.fields["min_client_version"].value() == "4.2.0"

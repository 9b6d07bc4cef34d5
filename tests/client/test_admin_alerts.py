"""告警 in the admin console, against a real server: five wrong passwords for a
clerk show as 多次登录失败 and 账号被锁定 for that clerk, in red, next to the
备份异常 of a server with no verified backup; the count line sums them up and
the days selector asks again. A clerk who opens the console is refused."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from client.admin.alerts.model import AlertsModel
from client.admin.main_window import AdminWindow
from client.api import ApiError
from common.enums import Role
from common.schemas.alerts import AlertKind
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, api_for
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window

RED = QColor("#c0392b")


def cells(model: AlertsModel, row: int) -> list[str]:
    return [str(model.data(model.index(row, c))) for c in range(model.columnCount())]


def test_wrong_passwords_and_no_backup_are_shown_in_red(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    add_user(live_server, "alerts.clerk", [Role.CLERK])
    stranger = api_for(live_server)
    for _ in range(5):
        with contextlib.suppress(ApiError):
            stranger.auth.login("alerts.clerk", "not-the-password-1")
    admin = add_user(live_server, "alerts.admin", [Role.ADMIN])

    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, admin)
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles.index("告警") == titles.index("数据备份") + 1
    assert titles[-2:] == ["结账管理", "双人复核"]
    window.show_page("alerts")
    page = window.alerts_page
    model = page.model
    assert page.days == 7 and page.days_box.currentText() == "最近 7 天"

    qtbot.waitUntil(lambda: page.loaded, timeout=WAIT_MS)
    failed = model.find(AlertKind.FAILED_LOGINS, "alerts.clerk")
    locked = model.find(AlertKind.ACCOUNT_LOCKED, "alerts.clerk")
    backup = model.find(AlertKind.BACKUP, "")
    assert failed >= 0 and locked >= 0 and backup >= 0, [
        cells(model, r) for r in range(len(model.rows))
    ]

    at, kind, subject, details = cells(model, failed)
    assert (kind, subject, details) == ("多次登录失败", "alerts.clerk", "15 分钟内登录失败 5 次")
    assert at == model.rows[failed].at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert cells(model, locked)[1:] == ["账号被锁定", "alerts.clerk", "连续 5 次登录失败后被锁定"]
    assert cells(model, backup)[1:] == ["备份异常", "—", "36 小时内没有验证通过的备份"]
    for row in (failed, locked, backup):
        for column in range(model.columnCount()):
            assert model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole) == RED
    moments = [alert.at for alert in model.rows]
    assert moments == sorted(moments, reverse=True)  # newest first
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "时间",
        "类别",
        "对象",
        "说明",
    ]

    counts = page.counts.text()
    assert counts.startswith(f"共 {len(model.rows)} 条:"), counts
    assert "多次登录失败 1 条" in counts and "账号被锁定 1 条" in counts
    assert "备份异常 1 条" in counts and page.counts.isVisible()
    assert page.message.text() == ""

    # another range asks the server again, with the same alerts still in it
    before = page._generation
    page.select_days(1)
    assert page._generation == before + 1
    qtbot.waitUntil(lambda: page.loaded and model.find(AlertKind.BACKUP, "") >= 0, timeout=WAIT_MS)
    assert model.find(AlertKind.ACCOUNT_LOCKED, "alerts.clerk") >= 0

    # logging out leaves nothing on screen
    window.login.logout()
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=WAIT_MS)
    assert not page.loaded and not page.counts.isVisible()


def test_a_clerk_is_refused(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    clerk = add_user(live_server, "alerts.refused", [Role.CLERK])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, clerk)
    window.show_page("alerts")
    page = window.alerts_page
    qtbot.waitUntil(lambda: "无权执行此操作" in page.message.text(), timeout=WAIT_MS)
    assert page.model.rowCount() == 0 and not page.loaded and not page.counts.isVisible()

"""数据备份 in the admin console, against a real server with real pg_dump and
pg_restore: with no verified backup the page warns; 立即备份 runs a backup that
the page follows (backing up, verifying, done) until the table shows it verified
and the warning is gone. A clerk who opens the console is refused by the server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import server.__main__ as cli
from client.admin.backups.model import BackupsModel
from client.admin.main_window import AdminWindow
from common.enums import Role
from common.schemas.backups import RunState
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, log_in, refused
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window

BACKUP_MS = 90_000  # a real dump, a test restore and the comparison


def cells(model: BackupsModel, row: int) -> list[str]:
    return [str(model.data(model.index(row, c))) for c in range(model.columnCount())]


def test_back_up_now_is_followed_until_verified(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    admin = add_user(live_server, "backups.admin", [Role.ADMIN])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, admin)
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert "数据备份" in titles
    window.show_page("backups")
    page = window.backups_page

    # nothing verified yet: a warning, and nothing has run since the server started
    qtbot.waitUntil(lambda: page.run_status is not None, timeout=WAIT_MS)
    assert page.model.rowCount() == 0
    assert page.stale and page.freshness.isVisible()
    assert "没有验证通过的备份" in page.freshness.text()
    assert page.run_values["state"].text() == "服务器启动以来尚未备份"
    assert page.back_up_button.isEnabled() and not page.poll_timer.isActive()

    # back up now: the page follows the run in the background until it is done
    qtbot.mouseClick(page.back_up_button, Qt.MouseButton.LeftButton)
    assert not page.back_up_button.isEnabled()
    qtbot.waitUntil(lambda: page.message.text() == "备份已开始", timeout=WAIT_MS)
    assert page.run_box.title() == "正在进行的备份"
    assert page.run_values["trigger"].text() == "手动"
    assert page.poll_timer.isActive() and page.progress.isVisible()
    seen: list[str] = []
    wrong: list[str] = []

    def finished() -> bool:
        text = page.run_values["state"].text()
        if not seen or seen[-1] != text:
            seen.append(text)
        running = page.run_status.state is RunState.RUNNING
        if page.back_up_button.isEnabled() is running:
            wrong.append(text)  # the button must be off exactly while running
        return not running

    qtbot.waitUntil(finished, timeout=BACKUP_MS)
    assert seen[0] == "正在备份…" and seen[-1] == "已完成,验证通过", seen
    assert set(seen) <= {"正在备份…", "正在验证…", "已完成,验证通过"}, seen
    assert not wrong, wrong
    assert page.run_box.title() == "最近一次备份"
    assert page.run_values["removed"].text() == "无"
    assert page.run_values["problems"].isHidden()
    assert not page.poll_timer.isActive() and not page.progress.isVisible()
    assert page.message.text() == f"备份完成,验证通过:{page.run_status.backup}"

    # the table gains the verified backup, and the warning is gone
    assert page.model.rowCount() == 1
    backup = page.model.rows[0]
    assert backup.name == page.run_status.backup and backup.bytes > 0
    taken, name, size, state = cells(page.model, 0)
    assert state == "已验证" and name == backup.name
    assert size == "< 0.01" or float(size) > 0
    assert taken == backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert not page.stale and page.freshness.text().startswith("最近一次验证通过的备份")
    # the verification report, on the state cell
    report = page.model.data(page.model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert report == (
        f"{backup.verified_at.astimezone().strftime('%Y-%m-%d %H:%M')} 验证:"
        "校验和、试恢复、行数、账务合计与日志链均一致"
    )

    # 36 hours on, that backup is too old
    page.show_freshness(now=backup.taken_at + dt.timedelta(hours=37))
    assert page.stale and "已超过 36 小时" in page.freshness.text()

    # polling stops when the page is left, and the page catches up when shown again;
    # retention keeps the newest backup of each day, so the first one goes
    qtbot.mouseClick(page.back_up_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.poll_timer.isActive(), timeout=WAIT_MS)
    window.show_page("users")
    assert not page.poll_timer.isActive()
    live_server.app.state.backup_runner.wait(BACKUP_MS / 1000)
    window.show_page("backups")
    qtbot.waitUntil(lambda: page.run_status.state is RunState.DONE, timeout=WAIT_MS)
    second = page.run_status.backup
    assert second != backup.name and page.model.rows[0].name == second
    assert page.back_up_button.isEnabled() and not page.poll_timer.isActive()
    removed = page.run_values["removed"].text()
    if removed == backup.name:
        assert [r.name for r in page.model.rows] == [second]
    else:  # the two straddled midnight: both stay
        assert removed == "无" and page.model.rowCount() == 2
    assert cells(page.model, 0)[3] == "已验证"

    # logging out leaves nothing on screen
    window.login.logout()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=WAIT_MS)
    assert page.run_status is None and not page.back_up_button.isEnabled()


def test_a_clerk_is_refused(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    clerk = add_user(live_server, "backups.clerk", [Role.CLERK])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, clerk)
    window.show_page("backups")
    page = window.backups_page
    qtbot.waitUntil(lambda: "无权执行此操作" in page.message.text(), timeout=WAIT_MS)
    assert page.model.rowCount() == 0 and page.run_status is None
    assert not page.back_up_button.isEnabled() and not page.freshness.isVisible()
    assert refused(log_in(live_server, clerk).admin.back_up_now).code == "auth.forbidden"


def test_the_key_warning_stays_until_the_export_is_confirmed(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    """Backups are encrypted: 数据备份 and 系统状态 warn until an administrator
    confirms that the key exported on the server is kept offline."""
    admin = add_user(live_server, "backups.keeper", [Role.ADMIN])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, admin)
    window.show_page("status")
    status = window.status_page
    qtbot.waitUntil(lambda: status.status is not None, timeout=WAIT_MS)
    assert status.value("backup_key").startswith("警告:备份密钥尚未确认导出")
    assert status.value("offsite").startswith("警告:未设置第二存放位置")

    window.show_page("backups")
    page = window.backups_page
    box = page.key_box
    qtbot.waitUntil(lambda: box.state is not None, timeout=WAIT_MS)
    assert box.isVisible() and box.warning
    assert "尚未导出" in box.label.text() and box.state is not None
    assert box.state.key_id in box.label.text()
    assert not box.confirm_button.isEnabled()  # nothing to confirm before an export

    kit = tmp_path / "backup-key.json"
    data_dir = str(live_server.settings.data_dir)
    assert cli.main(["export-backup-key", str(kit), "--data-dir", data_dir]) == 0
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.state is not None and box.state.exported_at is not None)
    assert box.warning and "尚未确认离线保存" in box.label.text() and str(kit) in box.label.text()
    assert box.confirm_button.isEnabled()

    qtbot.mouseClick(box.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.warning, timeout=WAIT_MS)
    assert "backups.keeper 于" in box.label.text() and "确认离线保存" in box.label.text()
    assert box.confirm_button.isHidden()
    assert page.message.text() == "已确认备份密钥离线保存"
    window.show_page("status")
    qtbot.waitUntil(lambda: status.value("backup_key").startswith("已导出并确认"), timeout=WAIT_MS)

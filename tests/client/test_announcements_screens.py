"""公告 on screen: an administrator publishes a maintenance announcement on the
console's 公告 page; a clerk who logs in sees it on the home page, and no longer
once it has ended."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QDateTime
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.workbench.main_window import WorkbenchWindow
from common.enums import Role
from tests.client.test_shell import make_context
from tests.support.accounts import add_user
from tests.support.documents import clerk
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window


def at(moment: dt.datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def test_a_published_announcement_reaches_the_clerks_home_until_it_ends(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    admin = add_user(live_server, "annui.admin", [Role.ADMIN])
    console = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(console, AdminWindow)
    log_in_through_dialog(qtbot, console, live_server, admin)
    assert console.show_page("announcements")
    page = console.announcements_page
    now = live_server.clock.now()
    page.kind.setCurrentIndex(page.kind.findData("maintenance"))
    page.headline.setText("周六 20:00 系统维护")
    page.body.setPlainText("维护约一小时,请在此前保存并提交。")
    page.starts.setDateTime(at(now - dt.timedelta(minutes=5)))
    page.ends.setDateTime(at(now + dt.timedelta(hours=3)))
    page.begins.setDateTime(at(now + dt.timedelta(minutes=40)))
    page.buttons["publish"].click()
    qtbot.waitUntil(lambda: page.message.text() == "已发布:周六 20:00 系统维护", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(page.model.rows) == 1, timeout=WAIT_MS)
    row = [page.model.text(page.model.rows[0], c) for c in page.model.COLUMNS]
    assert row[:2] == ["系统维护", "周六 20:00 系统维护"] and row[-1] == "annui.admin"

    console.login.logout()
    console.close()
    reader = clerk(live_server, "annui.clerk")
    workbench = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(workbench, WorkbenchWindow)
    log_in_through_dialog(qtbot, workbench, live_server, reader)
    home = workbench.home
    qtbot.waitUntil(lambda: "周六 20:00 系统维护" in home.announcements.text(), timeout=WAIT_MS)
    assert home.announcements.text().startswith("【系统维护】周六 20:00 系统维护(至 ")
    assert "请在此前保存并提交" in home.announcements.text()
    assert home.announcements.property("state") == "warn"

    # the users online see a band at the top counting down to when the work begins
    banner = workbench.maintenance_banner
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    first = remaining(banner.text())
    assert 38 * 60 < first <= 40 * 60, banner.text()
    assert "周六 20:00 系统维护" in banner.text() and "请提前保存" in banner.text()
    qtbot.waitUntil(lambda: remaining(banner.text()) < first, timeout=WAIT_MS)  # it ticks
    ticks = banner.clock
    banner.clock = lambda: ticks() + 41 * 60  # past the start: under way, and until when
    qtbot.waitUntil(lambda: "系统维护进行中" in banner.text(), timeout=WAIT_MS)

    # after its end (the server's clock moved on; this module keeps it): gone
    live_server.clock.advance(dt.timedelta(hours=4))
    workbench.login.logout()
    log_in_through_dialog(qtbot, workbench, live_server, reader)
    qtbot.waitUntil(lambda: home.counts is not None, timeout=WAIT_MS)
    assert home.announcements.text() == "" and not home.announcements.isVisibleTo(workbench)
    assert not banner.isVisibleTo(workbench)


def remaining(text: str) -> int:
    """The countdown's seconds in the banner's words (还有 39:58)."""
    found = re.search(r"还有 (?:(\d+):)?(\d+):(\d\d)", text)
    assert found is not None, text
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    return hours * 3600 + minutes * 60 + seconds

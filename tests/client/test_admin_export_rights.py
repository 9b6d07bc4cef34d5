"""导出权限 on screen: an administrator takes a clerk's export right away in the
console; the clerk's 查询 and 统计报表 then offer no export, and the server
refuses the export the button would have started."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.workbench.main_window import WorkbenchWindow
from common.enums import Role
from common.export_rights import ExportScope
from common.schemas.search import DocumentQuery
from tests.client.test_admin_users import admin_console
from tests.client.test_shell import make_context
from tests.support.accounts import Account, add_user, log_in, refused
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window


def test_a_clerk_whose_export_right_is_taken_away_has_no_export_button(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    clerk = add_user(live_server, "noexport.clerk", [Role.CLERK], unit_codes=("001",))
    window, admin = admin_console(qtbot, live_server, "exports")
    assert isinstance(window, AdminWindow)
    window.show_page("export_rights")
    page = window.export_rights_page
    qtbot.waitUntil(lambda: bool(page.users), timeout=WAIT_MS)
    clerk_box = page.role_boxes[Role.CLERK]
    assert clerk_box.currentData() == ExportScope.OWN.value  # DOMAIN.md's default
    assert page.roles_table.item(0, 1).text() == "本人录入的单据"

    qtbot.mouseClick(page.set_person_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    dialog.person.setCurrentIndex(dialog.person.findData(clerk.id))
    dialog.scope.setCurrentIndex(dialog.scope.findData(ExportScope.NONE.value))
    dialog.accept()
    qtbot.waitUntil(
        lambda: [p.username for p in page.people.rows] == ["noexport.clerk"], timeout=WAIT_MS
    )
    assert page.people.data(page.people.index(0, 1)) == "不可导出"
    assert page.message.text().startswith("已设置")

    window.login.logout()
    qtbot.waitUntil(lambda: window.login.auth.me is None, timeout=WAIT_MS)
    bench = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(bench, WorkbenchWindow)
    log_in_through_dialog(qtbot, bench, live_server, clerk)
    assert bench.query.filters.export_button.isHidden()
    assert bench.reports.pdf_button.isHidden()
    api = log_in(live_server, clerk)
    assert refused(api.search.start_export, DocumentQuery()).code == "export.not_allowed"

    # given back (to what the clerk role gives), the button is offered again
    log_in(live_server, cast(Account, admin)).admin.set_person_export_right(clerk.id, None)
    bench.login.logout()
    qtbot.waitUntil(lambda: bench.login.auth.me is None, timeout=WAIT_MS)
    log_in_through_dialog(qtbot, bench, live_server, clerk)
    assert not bench.query.filters.export_button.isHidden()

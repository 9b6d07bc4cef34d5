"""操作日志 in the admin console, against a real server: an administrator finds a
clerk's failed logins by part of the name, pages through a long result with
加载更多, exports what is on screen to Excel (the file holds those rows), and
verifies the chain — whole in green, then, after someone alters a record behind
the server's back, broken in red at that record. Bad filters are refused before
anything is sent, naming the field. A clerk who opens the page is refused."""

from __future__ import annotations

import contextlib
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from client.admin.audit_log.audit_log_page import AuditLogPage
from client.admin.audit_log.model import AuditLogModel
from client.admin.main_window import AdminWindow
from client.api import ApiError
from client.widgets.look import state_of
from common.enums import Role
from server.db.models import AuditRecord
from server.db.uow import UnitOfWork
from server.services.core import audit
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, api_for
from tests.support.documents import run_sql
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into


def cells(model: AuditLogModel, row: int) -> list[str]:
    return [str(model.data(model.index(row, c))) for c in range(model.columnCount())]


def log_size(server: LiveServer) -> int:
    with UnitOfWork(server.engine).transaction() as session:
        return int(session.scalar(select(func.count()).select_from(AuditRecord)) or 0)


def search_for(qtbot: QtBot, page: AuditLogPage, actor: str) -> None:
    page.actor_edit.clear()
    type_into(qtbot, page.actor_edit, actor)  # Enter asks
    qtbot.waitUntil(
        lambda: (
            page.loaded and not page.busy and page.shown is not None and page.shown.actor == actor
        ),
        timeout=WAIT_MS,
    )


def test_an_admin_filters_pages_exports_and_verifies_the_chain(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    add_user(live_server, "alogui.clerk", [Role.CLERK])
    stranger = api_for(live_server)
    for _ in range(2):
        with contextlib.suppress(ApiError):
            stranger.auth.login("alogui.clerk", "not-the-password-1")
    with UnitOfWork(live_server.engine).transaction() as session:
        for n in range(105):
            audit.record(
                session,
                audit.Actor(None, "alogui.bulk"),
                "bulk.step",
                origin=audit.Origin("BATCH-PC", "10.0.0.9"),
                at=live_server.clock.now(),
                after={"n": n},
            )
    admin = add_user(live_server, "alogui.admin", [Role.ADMIN])

    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, admin)
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles.index("操作日志") == titles.index("告警") + 1
    assert titles[-2:] == ["结账管理", "双人复核"]
    window.show_page("audit_log")
    page = window.audit_log_page
    model = page.model
    assert page.title.text() == "操作日志"
    qtbot.waitUntil(lambda: page.loaded and not page.busy, timeout=WAIT_MS)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "时间",
        "操作人",
        "操作",
        "对象",
        "来源/IP",
        "详情",
    ]

    # part of the name finds the clerk's two failed logins, newest first
    search_for(qtbot, page, "alogui.cl")
    assert len(model.rows) == 2, [cells(model, r) for r in range(len(model.rows))]
    clerk_ids = [row.id for row in model.rows]
    assert clerk_ids == sorted(clerk_ids, reverse=True)
    for row in range(2):
        at, actor, action, target, source, details = cells(model, row)
        assert (actor, action) == ("alogui.clerk", "登录失败")  # words, never login.failed
        assert target.startswith("用户 ") and source.endswith("127.0.0.1")
        assert "连续失败次数: " in details and "{" not in details
        assert at == model.rows[row].at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert page.count_label.text() == "共 2 条" and not page.more_button.isEnabled()

    # the file holds the rows on screen
    exported = tmp_path / "clerk.xlsx"
    page.export_to(exported)
    qtbot.waitUntil(lambda: "已导出到" in page.message.text(), timeout=WAIT_MS)
    sheet = load_workbook(exported, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("编号", "时间(北京时间)", "操作人", "操作")
    assert [row[0] for row in rows[2:]] == clerk_ids
    assert {(row[2], row[3]) for row in rows[2:]} == {("alogui.clerk", "login.failed")}

    # a long result comes a hundred rows at a time
    search_for(qtbot, page, "alogui.bulk")
    assert len(model.rows) == 100 and page.count_label.text() == "已显示 100 条,还有更多"
    assert page.more_button.isEnabled()
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(model.rows) == 105 and not page.busy, timeout=WAIT_MS)
    assert [row.after for row in model.rows] == [{"n": n} for n in range(104, -1, -1)]
    assert page.count_label.text() == "共 105 条" and not page.more_button.isEnabled()

    # the chain is whole ...
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.chain_label.text().startswith("日志链完整"), timeout=WAIT_MS)
    assert page.chain_label.text() == f"日志链完整,共 {log_size(live_server):,} 条记录"
    assert state_of(page.chain_label) == "ok"

    # ... until someone with the database owner's rights alters a record
    victim = clerk_ids[-1]
    with UnitOfWork(live_server.engine).transaction() as session:
        address = session.scalar(select(AuditRecord.client_address).where(AuditRecord.id == victim))
    set_client_address(live_server, victim, "10.9.9.9")
    try:
        qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.chain_label.text().startswith("日志链在"), timeout=WAIT_MS)
        assert page.chain_label.text() == (
            f"日志链在第 {victim} 条记录处断裂:记录内容与其哈希值不符,记录已被改动"
        )
        assert state_of(page.chain_label) == "error"
    finally:  # put back, so the module's other tests find the chain whole
        set_client_address(live_server, victim, str(address))
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.chain_label.text().startswith("日志链完整"), timeout=WAIT_MS)


def set_client_address(server: LiveServer, record_id: int, address: str) -> None:
    """As someone with the owner's rights could: the append-only trigger off around it."""
    run_sql(server, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete")
    try:
        run_sql(
            server,
            "UPDATE audit_log SET client_address = :a WHERE id = :id",
            a=address,
            id=record_id,
        )
    finally:
        run_sql(server, "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete")


def test_bad_filters_are_refused_before_asking(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    admin = add_user(live_server, "alogui.filters", [Role.ADMIN])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, admin)
    window.show_page("audit_log")
    page = window.audit_log_page
    qtbot.waitUntil(lambda: page.loaded and not page.busy, timeout=WAIT_MS)

    asked = page._generation
    page.from_check.setChecked(True)
    page.to_check.setChecked(True)
    page.from_edit.setDate(QDate(2024, 5, 2))
    page.to_edit.setDate(QDate(2024, 5, 1))
    qtbot.mouseClick(page.query_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "结束日期(date_to)2024-05-01早于开始日期(date_from)2024-05-02"
    assert state_of(page.to_edit) == "marked" and state_of(page.from_edit) is None
    assert page._generation == asked  # nothing was sent

    page.to_edit.setDate(QDate(2024, 5, 3))
    type_into(qtbot, page.action_edit, "user;x")
    assert "操作(action)“user;x”不符合规则" in page.message.text()
    assert state_of(page.action_edit) == "marked" and state_of(page.to_edit) is None
    assert page._generation == asked

    page.action_edit.clear()
    type_into(qtbot, page.action_edit, "login.")
    qtbot.waitUntil(lambda: page._generation > asked and not page.busy, timeout=WAIT_MS)
    assert page.message.text() == "" and state_of(page.action_edit) is None
    assert page.shown is not None and page.shown.action == "login."


def test_a_clerk_is_refused(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    clerk = add_user(live_server, "alogui.refused", [Role.CLERK])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, clerk)
    window.show_page("audit_log")
    page = window.audit_log_page
    qtbot.waitUntil(lambda: "无权执行此操作" in page.message.text(), timeout=WAIT_MS)
    assert page.model.rowCount() == 0 and not page.loaded

    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    page.export_to(tmp_path / "no.xlsx")
    assert page.exporting and page.message.text() == "正在导出…"
    qtbot.waitUntil(lambda: not page.exporting, timeout=WAIT_MS)
    assert "无权执行此操作" in page.message.text()
    assert not (tmp_path / "no.xlsx").exists() and page.export_button.isEnabled()

    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.verifying and page.chain_label.text() == "正在校验日志链…"
    qtbot.waitUntil(lambda: not page.verifying, timeout=WAIT_MS)
    assert "无权执行此操作" in page.message.text()
    assert page.chain_label.text() == "" and page.verify_button.isEnabled()

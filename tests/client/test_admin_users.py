"""User administration in the admin console, against a real server."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.api import ApiError
from common.enums import Role
from common.schemas.admin_requests import RequestState
from server.db.models import BudgetUnit
from server.db.uow import UnitOfWork
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, api_for, code_now, log_in, next_step
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into


def admin_console(qtbot: QtBot, server: LiveServer, suffix: str) -> tuple[AdminWindow, object]:
    admin = add_user(server, f"console.admin{suffix}", [Role.ADMIN])
    window = open_window(qtbot, AdminWindow, make_context(server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, server, admin)
    window.show_page("users")
    view = window.users_page
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=WAIT_MS)
    return window, admin


def test_create_a_user_see_the_initial_password_once_and_unlock_another(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    with UnitOfWork(live_server.engine).transaction() as session:
        session.add(BudgetUnit(code="900", name="测试财政局"))
    locked = add_user(live_server, "locked.clerk", [Role.CLERK])
    api = api_for(live_server)
    for _ in range(5):
        with contextlib.suppress(ApiError):
            api.auth.login(locked.username, "Wrong-Password-1")
    window, _admin = admin_console(qtbot, live_server, "1")
    view = window.users_page
    assert window.navigation.item(1).text() == "用户管理"

    # create
    qtbot.mouseClick(view.buttons["create"], Qt.MouseButton.LeftButton)
    dialog = view.findChild(object, "createUserDialog")
    assert dialog is not None
    type_into(qtbot, dialog.username_edit, "qian.clerk", enter=False)
    type_into(qtbot, dialog.name_edit, "钱出纳", enter=False)
    dialog.access.role_boxes[Role.REVIEWER].setChecked(True)
    dialog.access.units_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: view.shown_password is not None, timeout=WAIT_MS)
    password = re.search(r"\n\n(\S+)$", view.shown_password.text())
    assert password is not None
    qtbot.waitUntil(lambda: "qian.clerk" in [u.username for u in view.model.rows], timeout=WAIT_MS)
    created = next(u for u in view.model.rows if u.username == "qian.clerk")
    assert created.roles == [Role.CLERK, Role.REVIEWER] and created.must_change_password
    assert api_for(live_server).auth.login("qian.clerk", password.group(1)).next_step == (
        "change_password"
    )

    # unlock
    view.select_username("locked.clerk")
    row = next(i for i, u in enumerate(view.model.rows) if u.username == "locked.clerk")
    assert view.model.data(view.model.index(row, 4)) == "已锁定"
    qtbot.waitUntil(lambda: view.buttons["unlock"].isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(view.buttons["unlock"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(u.username == "locked.clerk" and not u.locked for u in view.model.rows),
        timeout=WAIT_MS,
    )
    assert log_in(live_server, locked).auth.me().username == "locked.clerk"

    # disabling is asked first: cancelled, the user stays; confirmed, disabled
    view.select_username("locked.clerk")
    qtbot.waitUntil(lambda: view.buttons["disable"].isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(view.buttons["disable"], Qt.MouseButton.LeftButton)
    box = view.pending_confirm
    assert box is not None and "停用 locked.clerk(locked.clerk)?" in box.text()
    box.reject()
    qtbot.wait(200)
    assert all(u.is_active for u in view.model.rows if u.username == "locked.clerk")
    qtbot.mouseClick(view.buttons["disable"], Qt.MouseButton.LeftButton)
    box = view.pending_confirm
    assert box is not None
    box.done(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(
        lambda: any(u.username == "locked.clerk" and not u.is_active for u in view.model.rows),
        timeout=WAIT_MS,
    )


def test_role_change_asks_for_a_fresh_code_and_sessions_can_be_ended(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    target = add_user(live_server, "sun.target", [Role.CLERK])
    target_api = log_in(live_server, target)
    window, admin = admin_console(qtbot, live_server, "2")
    view = window.users_page

    view.select_username("sun.target")
    qtbot.waitUntil(lambda: view.sessions_table.rowCount() == 1, timeout=WAIT_MS)
    assert view.sessions_table.item(0, 3).text() == "127.0.0.1"
    view.sessions_table.selectRow(0)
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.sessions_table.rowCount() == 0, timeout=WAIT_MS)
    try:
        target_api.auth.me()
        raise AssertionError("the revoked session still works")
    except ApiError as error:
        assert error.code == "auth.not_authenticated"

    live_server.clock.advance(dt.timedelta(minutes=6))  # the login code is no longer fresh
    view.select_username("sun.target")
    qtbot.mouseClick(view.buttons["access"], Qt.MouseButton.LeftButton)
    dialog = view.findChild(object, "accessDialog")
    assert dialog is not None
    dialog.access.role_boxes[Role.ANALYST].setChecked(True)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: view.pending_prompt is not None, timeout=WAIT_MS)
    next_step(live_server)
    type_into(
        qtbot, view.pending_prompt.code_edit, code_now(live_server, admin.totp_secret), enter=False
    )
    view.pending_prompt.accept()
    qtbot.waitUntil(
        lambda: any(
            u.username == "sun.target" and u.roles == [Role.ANALYST, Role.CLERK]
            for u in view.model.rows
        ),
        timeout=WAIT_MS,
    )
    assert "已保存" in view.message.text()


def test_an_auditor_grant_says_it_waits_and_takes_effect_when_another_admin_approves(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    target = add_user(live_server, "zhou.target", [Role.CLERK])
    second = log_in(live_server, add_user(live_server, "zhou.second", [Role.ADMIN]))
    window, _admin = admin_console(qtbot, live_server, "3")
    view = window.users_page

    view.select_username("zhou.target")
    qtbot.mouseClick(view.buttons["access"], Qt.MouseButton.LeftButton)
    dialog = view.findChild(object, "accessDialog")
    assert dialog is not None
    dialog.access.role_boxes[Role.AUDITOR].setChecked(True)
    type_into(qtbot, dialog.reason_edit, "年度内部审计", enter=False)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "等待另一位管理员审批" in view.message.text(), timeout=WAIT_MS)
    (request,) = [r for r in second.admin.requests() if r.target == str(target.id)]
    assert view.message.text() == f"已提交,等待另一位管理员审批 (申请编号 {request.id})"
    listed = next(u for u in view.model.rows if u.username == "zhou.target")
    assert listed.roles == [Role.CLERK]  # nothing changed yet

    # the 双人复核 page names the act and the account in words
    window.show_page("requests")
    page = window.requests_page
    qtbot.waitUntil(lambda: page.model.find(request.id) >= 0, timeout=WAIT_MS)
    page.select_request(request.id)
    assert page.detail_values["action"].text() == "授予管理员/审计员岗位"
    assert page.detail_values["target"].text() == "zhou.target(zhou.target):新增岗位 审计员"
    assert page.detail_values["reason"].text() == "年度内部审计"

    second.admin.approve_request(request.id)
    window.show_page("users")
    view.refresh()
    qtbot.waitUntil(
        lambda: any(
            u.username == "zhou.target" and u.roles == [Role.AUDITOR, Role.CLERK]
            for u in view.model.rows
        ),
        timeout=WAIT_MS,
    )

    # a second-factor reset waits the same way
    view.select_username("zhou.target")
    qtbot.waitUntil(lambda: view.buttons["reset_factor"].isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(view.buttons["reset_factor"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(
            r.action == "user.reset_second_factor" and r.target == str(target.id)
            for r in second.admin.requests()
        ),
        timeout=WAIT_MS,
    )
    (reset,) = [r for r in second.admin.requests() if r.action == "user.reset_second_factor"]
    qtbot.waitUntil(lambda: f"(申请编号 {reset.id})" in view.message.text(), timeout=WAIT_MS)
    assert view.message.text() == f"已提交,等待另一位管理员审批 (申请编号 {reset.id})"
    assert reset.state is RequestState.PENDING


def test_a_new_administrator_asks_a_fresh_code_then_waits_for_a_second_administrator(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    """Issue 15: creating an account is no way around four eyes. The console asks
    for a fresh code, shows the initial password once and says the administrator
    role waits; the account is listed without it until another administrator
    approves."""
    window, admin = admin_console(qtbot, live_server, "4")
    view = window.users_page
    live_server.clock.advance(dt.timedelta(minutes=6))  # the login code is no longer fresh

    qtbot.mouseClick(view.buttons["create"], Qt.MouseButton.LeftButton)
    dialog = view.findChild(object, "createUserDialog")
    assert dialog is not None
    type_into(qtbot, dialog.username_edit, "wu.admin", enter=False)
    type_into(qtbot, dialog.name_edit, "吴管理员", enter=False)
    dialog.access.role_boxes[Role.CLERK].setChecked(False)
    dialog.access.role_boxes[Role.ADMIN].setChecked(True)
    type_into(qtbot, dialog.reason_edit, "新任信息科长", enter=False)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: view.pending_prompt is not None, timeout=WAIT_MS)
    assert "wu.admin" not in [u.username for u in view.model.rows]
    next_step(live_server)
    type_into(
        qtbot, view.pending_prompt.code_edit, code_now(live_server, admin.totp_secret), enter=False
    )
    view.pending_prompt.accept()
    qtbot.waitUntil(lambda: view.shown_password is not None, timeout=WAIT_MS)
    assert "wu.admin" in view.shown_password.text()
    second = log_in(live_server, add_user(live_server, "wu.second", [Role.ADMIN]))
    (request,) = [r for r in second.admin.requests() if r.payload.get("username") == "wu.admin"]
    assert (request.action, request.reason) == ("user.grant", "新任信息科长")
    assert view.message.text() == (
        f"账号已创建;管理员/审计员岗位等待另一位管理员审批 (申请编号 {request.id})"
    )
    qtbot.waitUntil(lambda: "wu.admin" in [u.username for u in view.model.rows], timeout=WAIT_MS)
    assert next(u for u in view.model.rows if u.username == "wu.admin").roles == []

    second.admin.approve_request(request.id)
    view.refresh()
    qtbot.waitUntil(
        lambda: any(u.username == "wu.admin" and u.roles == [Role.ADMIN] for u in view.model.rows),
        timeout=WAIT_MS,
    )


def test_the_approver_of_an_administrator_sees_its_new_initial_password_once(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    """Privileged credentials come from the approver: approving the grant on the
    双人复核 page shows the account's new initial password, which works; the one
    the creator was shown does not."""
    creator = log_in(live_server, add_user(live_server, "feng.creator", [Role.ADMIN]))
    created = creator.admin.create_user("feng.admin", "冯管理员", [Role.ADMIN], [], reason="新任")
    assert created.request is not None
    window, _admin = admin_console(qtbot, live_server, "5")
    window.show_page("requests")
    page = window.requests_page
    qtbot.waitUntil(lambda: page.model.find(created.request.id) >= 0, timeout=WAIT_MS)
    page.select_request(created.request.id)
    qtbot.mouseClick(page.buttons["approve"], Qt.MouseButton.LeftButton)
    assert page.pending_dialog is not None
    page.pending_dialog.buttons.accepted.emit()

    qtbot.waitUntil(lambda: page.shown_password is not None, timeout=WAIT_MS)
    text = page.shown_password.text()
    assert "feng.admin" in text and "只显示这一次" in text
    password = re.search(r"\n\n(\S+)$", text)
    assert password is not None and password.group(1) != created.initial_password
    assert page.message.text().startswith("已批准")
    assert api_for(live_server).auth.login("feng.admin", password.group(1)).next_step == (
        "change_password"
    )
    with pytest.raises(ApiError) as old:
        api_for(live_server).auth.login("feng.admin", created.initial_password)
    assert old.value.code == "auth.invalid_credentials"

"""审批规则 and 角色权限 in the admin console, against a real server.

An administrator previews a 300,000 expenditure of 市卫生健康委员会 (the manager
under the default rules), adds a rule for that unit through the dialog, sees it
in the table and the preview change to its two steps while another unit keeps the
default; an amount that is not money is refused in the dialog in either language,
naming the field, and a rule the server refuses (a priority in use) shows the
server's message there. The roles matrix shows ✓ exactly where the server's table
gives the permission, and each role's count of enabled holders."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from client.admin.approval_rules.dialog import RuleDialog
from client.admin.main_window import AdminWindow
from client.admin.roles.model import YES
from client.widgets.look import state_of
from common.enums import DocumentKind, Language, ReviewLevel, Role
from server.db.uow import UnitOfWork
from tests.client.test_shell import make_context
from tests.support.accounts import add_user
from tests.support.documents import office
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into

HEALTH, TRANSPORT = "001002", "001003"
RULE = "卫健委大额支出"


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(box: QComboBox, value: object) -> None:
    """Pick the entry carrying ``value`` in a combo box, as a user's click would."""
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def table_text(window: AdminWindow) -> list[list[str]]:
    model = window.rules_page.model
    return [
        [str(model.data(model.index(r, c))) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def preview(qtbot: QtBot, window: AdminWindow, unit_id: int, amount: str) -> list[str]:
    page = window.rules_page
    choose(page.preview_kind, DocumentKind.EXPENDITURE)
    choose(page.preview_unit, unit_id)
    page.preview_amount.clear()
    type_into(qtbot, page.preview_amount, amount, enter=False)
    click(qtbot, page.preview_button)  # a local refusal at once, else "正在查询…" first
    qtbot.waitUntil(lambda: page.preview_result.text() != "正在查询…", timeout=WAIT_MS)
    return page.preview_result.text().splitlines()


def open_add_dialog(qtbot: QtBot, window: AdminWindow) -> RuleDialog:
    click(qtbot, window.rules_page.add_button)
    dialog = window.rules_page.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


def press_ok(qtbot: QtBot, dialog: RuleDialog) -> None:
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))


def test_add_a_rule_preview_it_and_read_the_roles_matrix(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = office(live_server)
    health, transport = codes.units[HEALTH], codes.units[TRANSPORT]
    admin = add_user(live_server, "rules.admin", [Role.ADMIN], unit_codes=("001",))
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, admin)
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    alerts, rules, roles = titles.index("告警"), titles.index("审批规则"), titles.index("角色权限")
    assert alerts < rules < roles < titles.index("结账管理")
    assert titles[-2:] == ["结账管理", "双人复核"]

    window.show_page("approval_rules")
    page = window.rules_page
    qtbot.waitUntil(lambda: page.loaded and page.preview_unit.count() > 0, timeout=WAIT_MS)
    rows = table_text(window)
    assert [row[1] for row in rows] == [
        "重大事项快速通道",
        "业务主管审批",
        "管理岗审批",
        "分管领导审批",
    ]
    assert rows[2][2:6] == [
        "全部类型",
        "全部单位",
        "100,000.01 – 500,000.00",
        "管理岗(2 个工作日)",
    ]
    assert rows[0][4:7] == [
        "1,000,000.01 以上",
        "业务主管(24 小时) → 分管领导(24 小时)",
        "是",
    ]

    # what a 300,000 expenditure of the health commission would take today
    assert preview(qtbot, window, health, "300,000") == [
        "适用规则:管理岗审批",
        "第 1 步:管理岗,期限 2 个工作日",
    ]

    # the administrator adds a rule for that unit through the dialog
    dialog = open_add_dialog(qtbot, window)
    assert dialog.priority.value() == 9  # just before the defaults: tried first
    type_into(qtbot, dialog.name, RULE, enter=False)
    choose(dialog.kind, DocumentKind.EXPENDITURE)
    choose(dialog.unit, health)
    type_into(qtbot, dialog.min_amount, "200,000", enter=False)
    type_into(qtbot, dialog.max_amount, "400000.00", enter=False)
    first = dialog.step_rows[0]
    choose(first.level, ReviewLevel.MANAGER)
    first.amount.setValue(1)
    click(qtbot, dialog.add_step_button)
    second = dialog.step_rows[1]
    choose(second.level, ReviewLevel.LEADER)
    choose(second.unit, "hours")
    second.amount.setValue(48)
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any(row[1] == RULE for row in table_text(window)), timeout=WAIT_MS)
    added = next(row for row in table_text(window) if row[1] == RULE)
    assert added == [
        "9",
        RULE,
        "支出",
        "001002 市卫生健康委员会",
        "200,000.00 – 400,000.00",
        "管理岗(1 个工作日) → 分管领导(48 小时)",
        "",
        "启用",
    ]
    assert table_text(window)[0][1] == RULE  # tried first
    assert "已保存审批规则“卫健委大额支出”" in page.message.text()
    selected = page.selected()
    assert selected is not None and selected.name == RULE

    # the preview follows the new rule for that unit only
    assert preview(qtbot, window, health, "300,000.00") == [
        "适用规则:卫健委大额支出",
        "第 1 步:管理岗,期限 1 个工作日",
        "第 2 步:分管领导,期限 48 小时",
    ]
    assert preview(qtbot, window, transport, "300000") == [
        "适用规则:管理岗审批",
        "第 1 步:管理岗,期限 2 个工作日",
    ]
    # not money: refused before asking the server
    assert preview(qtbot, window, health, "三十万") == ["金额必须是金额,最多两位小数"]


def test_bad_amounts_and_refused_rules_are_shown_in_the_dialog(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    office(live_server)
    admin = add_user(live_server, "rules.admin2", [Role.ADMIN], unit_codes=("001",))
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, admin)
    window.show_page("approval_rules")
    page = window.rules_page
    qtbot.waitUntil(lambda: page.loaded, timeout=WAIT_MS)
    count = page.model.rowCount()

    dialog = open_add_dialog(qtbot, window)
    type_into(qtbot, dialog.name, "三位小数", enter=False)
    type_into(qtbot, dialog.min_amount, "12.345", enter=False)
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error.text() == "金额下限必须是金额,最多两位小数"
    assert state_of(dialog.min_amount) == "marked"
    api = window.monitor.api
    assert api is not None
    api.transport.language = Language.EN
    try:
        press_ok(qtbot, dialog)
        assert dialog.error.text() == (
            "Minimum amount must be an amount of money with at most two decimals"
        )
    finally:
        api.transport.language = Language.ZH_CN

    dialog.min_amount.clear()
    type_into(qtbot, dialog.min_amount, "500", enter=False)
    type_into(qtbot, dialog.max_amount, "100", enter=False)
    press_ok(qtbot, dialog)
    assert dialog.error.text() == "金额上限不能小于金额下限"
    assert state_of(dialog.max_amount) == "marked"
    assert state_of(dialog.min_amount) != "marked"

    # the server decides: a priority another rule holds is its refusal, shown here
    dialog.max_amount.clear()
    dialog.priority.setValue(20)
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT_MS)
    assert dialog.error.text() == "优先顺序已被另一条规则使用,请换一个"
    assert state_of(dialog.priority) == "marked" and dialog.isVisible()
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel))
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
    page.refresh()
    qtbot.waitUntil(lambda: page.loaded, timeout=WAIT_MS)
    assert page.model.rowCount() == count  # nothing was added


def test_roles_matrix_shows_the_enforced_table_and_the_holders(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    add_user(live_server, "roles.analyst", [Role.ANALYST])
    add_user(live_server, "roles.both", [Role.CLERK, Role.REVIEWER])
    auditor = add_user(live_server, "roles.auditor", [Role.AUDITOR])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, auditor)  # auditors read it too
    window.show_page("roles")
    page = window.roles_page
    qtbot.waitUntil(lambda: page.loaded, timeout=WAIT_MS)
    model = page.model

    with UnitOfWork(live_server.engine).transaction() as session:
        held: dict[str, int] = dict(
            session.execute(
                text(
                    "SELECT r.role, count(*) FROM user_roles r JOIN users u ON u.id = r.user_id"
                    " WHERE u.is_active GROUP BY r.role"
                )
            ).all()
        )
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    names = ["业务操作员", "审核员", "统计分析员", "系统管理员", "审计员", "记账员", "出纳"]
    assert headers == [
        f"{name}\n{held.get(role.value, 0)} 人" for name, role in zip(names, Role, strict=True)
    ]
    assert held[Role.ANALYST.value] >= 1 and held[Role.CLERK.value] >= 1

    permissions = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert permissions == [
        "录入与提交单据",
        "审核审批",
        "休假委托",
        "查询与导出",
        "统计报表",
        "审计与监控",
        "系统管理",
        "记账",
        "出纳签字",
        "报表格式",
        "报表审核",
    ]
    grid = {
        permission: "".join(
            "✓" if model.data(model.index(r, c)) == YES else "·" for c in range(model.columnCount())
        )
        for r, permission in enumerate(permissions)
    }
    # columns: clerk, reviewer, analyst, admin, auditor, poster, cashier
    assert grid == {
        "录入与提交单据": "✓······",
        "审核审批": "·✓·····",
        "休假委托": "·✓·····",
        "查询与导出": "✓✓✓✓✓✓✓",
        "统计报表": "✓✓✓✓✓✓✓",
        "审计与监控": "···✓✓··",
        "系统管理": "···✓···",
        "记账": "·····✓·",
        "出纳签字": "······✓",
        "报表格式": "··✓····",
        "报表审核": "·✓·····",
    }
    assert page.notes.text().splitlines() == [
        "录入与提交单据:兼任系统管理员、审计员的用户不具备此权限(职责分离)",
        "审核审批:兼任系统管理员、审计员的用户不具备此权限(职责分离)",
        "记账:兼任系统管理员、审计员的用户不具备此权限(职责分离)",
        "出纳签字:兼任系统管理员、审计员的用户不具备此权限(职责分离)",
        "报表审核:兼任系统管理员、审计员的用户不具备此权限(职责分离)",
    ]
    admin_column = [holders.role for holders in (model.matrix.roles if model.matrix else [])]
    tip = model.data(
        model.index(permissions.index("审核审批"), admin_column.index(Role.ADMIN)),
        Qt.ItemDataRole.ToolTipRole,
    )
    assert "职责分离" in str(tip)

    # logging out leaves nothing on screen
    window.login.logout()
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=WAIT_MS)

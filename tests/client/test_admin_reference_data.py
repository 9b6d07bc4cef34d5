"""基础数据 in the admin console, against a real server: a unit added through the
新增 dialog appears in the list (a duplicate is refused in the dialog with the
field marked), 停用 greys it; an exported file with an added row is checked
(the report shows the row to add) and appears after 确认导入; a file with a bad
row shows the row, the column and the rule, and cannot be confirmed."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.admin.reference_data.dialogs import RowDialog
from client.admin.reference_data.model import GREY, RefRowsModel
from client.admin.reference_data.page import ReferenceDataPage
from client.widgets.look import state_of
from common.enums import Role
from common.reference_admin import RefKind
from tests.client.test_shell import make_context
from tests.support.accounts import add_user
from tests.support.documents import office
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into


def cells(model: RefRowsModel, row: int) -> list[str]:
    return [str(model.data(model.index(row, c))) for c in range(model.columnCount())]


def line(dialog: RowDialog, key: str) -> QLineEdit:
    field = dialog.fields[key]
    assert isinstance(field, QLineEdit)
    return field


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def console(qtbot: QtBot, server: LiveServer, name: str) -> tuple[AdminWindow, ReferenceDataPage]:
    office(server)
    admin = add_user(server, name, [Role.ADMIN])
    window = open_window(qtbot, AdminWindow, make_context(server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, server, admin)
    window.show_page("reference_data")
    page = window.reference_page
    qtbot.waitUntil(lambda: page.loaded and page.model.find("001") >= 0, timeout=WAIT_MS)
    return window, page


def test_add_a_unit_through_the_dialog_and_deactivate_it(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    window, page = console(qtbot, live_server, "refpage.admin")
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles.index("告警") < titles.index("基础数据") < titles.index("结账管理")
    assert titles[-2:] == ["结账管理", "双人复核"]
    assert page.title.text() == "基础数据" and page.kind is RefKind.UNITS
    assert [page.kind_box.itemText(i) for i in range(page.kind_box.count())] == [
        "预算单位",
        "收支项目",
        "会计科目",
        "入账规则",
    ]
    model = page.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "编码",
        "名称",
        "上级单位编码",
        "状态",
    ]

    click(qtbot, page.add_button)
    dialog = page.dialog
    assert dialog is not None and dialog.windowTitle() == "新增预算单位"
    type_into(qtbot, line(dialog, "code"), "001077", enter=False)
    type_into(qtbot, line(dialog, "name"), "第七十七中学", enter=False)
    type_into(qtbot, line(dialog, "parent_code"), "001", enter=False)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: model.find("001077") >= 0, timeout=WAIT_MS)
    row = model.find("001077")
    assert cells(model, row) == ["001077", "第七十七中学", "001", "在用"]
    assert page.message.text() == "已新增:001077"
    assert page.dialog is None and page.selected() is not None

    # the same code again: refused in the dialog, which stays open with the field marked
    click(qtbot, page.add_button)
    again = page.dialog
    assert again is not None
    type_into(qtbot, line(again, "code"), "001077", enter=False)
    type_into(qtbot, line(again, "name"), "重复", enter=False)
    click(qtbot, again.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: again.error_label.text() != "", timeout=WAIT_MS)
    assert again.error_label.text() == "“编码”001077 已存在,不能重复新增"
    assert state_of(again.fields["code"]) == "marked" and again.isVisible()
    again.reject()

    # 停用: the row greys and the button offers 启用
    page.select_key("001077")
    assert page.toggle_button.text() == "停用"
    click(qtbot, page.toggle_button)
    qtbot.waitUntil(
        lambda: (
            page.message.text() == "已停用:001077"
            and cells(model, model.find("001077"))[3] == "停用"
        ),
        timeout=WAIT_MS,
    )
    number = model.find("001077")
    assert model.data(model.index(number, 1), Qt.ItemDataRole.ForegroundRole) == GREY
    qtbot.waitUntil(lambda: page.toggle_button.text() == "启用", timeout=WAIT_MS)


def test_export_then_import_a_file_with_an_added_row(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    _window, page = console(qtbot, live_server, "refimport.admin")
    page.select_kind(RefKind.ACCOUNTS)
    model = page.model
    qtbot.waitUntil(lambda: page.loaded and model.find("1001") >= 0, timeout=WAIT_MS)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "余额方向"

    exported = tmp_path / "会计科目.xlsx"
    page.export_to(exported)
    qtbot.waitUntil(lambda: page.message.text().startswith("已导出到"), timeout=WAIT_MS)
    book = load_workbook(exported)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["编码", "名称", "余额方向", "状态"]
    sheet.append(["100291", "导入专户", "借", "在用"])
    added = sheet.max_row
    with_row = tmp_path / "会计科目-新增.xlsx"
    book.save(with_row)

    page.check_import(with_row)
    qtbot.waitUntil(lambda: page.import_dialog is not None, timeout=WAIT_MS)
    report = page.import_dialog
    assert report is not None
    assert report.summary.text().startswith(f"共 {added - 1} 行:新增 1 条,修改 0 条")
    changes = report.changes
    assert [changes.text(changes.rows[0], c) for c in changes.COLUMNS] == [
        str(added),
        "新增",
        "100291",
        "编码=100291;名称=导入专户;余额方向=借;状态=在用",
    ]
    assert not report.problems_table.isVisible()
    assert model.find("100291") < 0  # nothing saved before 确认导入
    assert report.confirm_button.isEnabled()
    click(qtbot, report.confirm_button)
    qtbot.waitUntil(lambda: model.find("100291") >= 0, timeout=WAIT_MS)
    assert page.import_dialog is None
    assert page.message.text() == "已导入会计科目:新增 1 条,修改 0 条"
    assert cells(model, model.find("100291")) == ["100291", "导入专户", "借", "在用"]

    # a bad row: the report names the row, the column and the rule; nothing to confirm
    sheet.append(["10029", "坏编码", "借", "在用"])
    bad = sheet.max_row
    with_bad = tmp_path / "会计科目-有错.xlsx"
    book.save(with_bad)
    page.check_import(with_bad)
    qtbot.waitUntil(lambda: page.import_dialog is not None, timeout=WAIT_MS)
    refused = page.import_dialog
    assert refused is not None
    problems = refused.problems
    assert [problems.text(problems.rows[0], c) for c in problems.COLUMNS] == [
        str(bad),
        "编码",
        "“编码”10029 不符合规则:4 位数字,每下一级加 2 位(如 1002、100201),最长 16 位",
    ]
    assert "有 1 行共 1 处错误,不能导入" in refused.summary.text()
    assert refused.problems_table.isVisible() and not refused.confirm_button.isEnabled()
    refused.reject()
    assert model.find("10029") < 0

"""基础数据 in the admin console, against a real server: a unit added through the
新增 dialog appears in the tree under its parent (a duplicate is refused in the
dialog with the field marked), 停用 greys it; units, items and accounts show as
trees (入账规则 flat) and a filter keeps a match's path visible; an exported file
with an added row is checked (the report shows the row to add) and appears after
确认导入; a file with a bad row shows the row, the column and the rule, and
cannot be confirmed."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QTreeView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.admin.reference_data.dialogs import RowDialog
from client.admin.reference_data.model import GREY, RefFilter, RefTreeModel, build_tree
from client.admin.reference_data.page import ReferenceDataPage
from client.widgets.look import state_of
from common.enums import Role
from common.reference_admin import RefKind
from common.schemas.reference_admin import RefRowOut
from tests.client.test_shell import make_context
from tests.support.accounts import add_user
from tests.support.documents import office
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into


def cells(model: RefTreeModel, key: str) -> list[str]:
    index = model.index_of(key)
    return [str(model.data(index.siblingAtColumn(c))) for c in range(model.columnCount())]


def shown(model: RefTreeModel, key: str) -> bool:
    return model.index_of(key).isValid()


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
    qtbot.waitUntil(lambda: page.loaded and shown(page.model, "001"), timeout=WAIT_MS)
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
    qtbot.waitUntil(lambda: shown(model, "001077"), timeout=WAIT_MS)
    assert cells(model, "001077") == ["001077", "第七十七中学", "001", "在用"]
    assert model.parent(model.index_of("001077")) == model.index_of("001")
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
        lambda: page.message.text() == "已停用:001077" and cells(model, "001077")[3] == "停用",
        timeout=WAIT_MS,
    )
    assert model.data(model.index_of("001077", 1), Qt.ItemDataRole.ForegroundRole) == GREY
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
    qtbot.waitUntil(lambda: page.loaded and shown(model, "1001"), timeout=WAIT_MS)
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
    assert not shown(model, "100291")  # nothing saved before 确认导入
    assert report.confirm_button.isEnabled()
    click(qtbot, report.confirm_button)
    qtbot.waitUntil(lambda: shown(model, "100291"), timeout=WAIT_MS)
    assert page.import_dialog is None
    assert page.message.text() == "已导入会计科目:新增 1 条,修改 0 条"
    assert cells(model, "100291") == ["100291", "导入专户", "借", "在用"]
    assert model.parent(model.index_of("100291")) == model.index_of("1002")

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
    assert not shown(model, "10029")


def keys_under(model: RefTreeModel, parent: QModelIndex) -> list[str]:
    rows = (model.row_of(model.index(n, 0, parent)) for n in range(model.rowCount(parent)))
    return [row.key for row in rows if row is not None]


def test_units_items_and_accounts_are_trees_and_a_filter_keeps_the_path(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    _window, page = console(qtbot, live_server, "reftree.admin")
    model, proxy, tree = page.model, page.proxy, page.table
    assert isinstance(tree, QTreeView) and tree.rootIsDecorated()

    # a unit added under 市教育局 (001001) is its child, two levels below 市财政局 (001)
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert dialog is not None
    type_into(qtbot, line(dialog, "code"), "001001099", enter=False)
    type_into(qtbot, line(dialog, "name"), "第九十九中学", enter=False)
    type_into(qtbot, line(dialog, "parent_code"), "001001", enter=False)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: shown(model, "001001099"), timeout=WAIT_MS)
    child, parent, top = (model.index_of(k) for k in ("001001099", "001001", "001"))
    assert model.parent(child) == parent and model.parent(parent) == top
    assert not model.parent(top).isValid() and "001" in keys_under(model, QModelIndex())
    assert "001001" not in keys_under(model, QModelIndex())
    assert keys_under(model, parent) == ["001001001", "001001002", "001001099"]  # by code
    qtbot.waitUntil(lambda: page.selected() is not None, timeout=WAIT_MS)
    selected = page.selected()
    assert selected is not None and selected.key == "001001099"
    assert tree.isExpanded(proxy.index_of("001001")) and tree.isExpanded(proxy.index_of("001"))

    # filtering for the child's name keeps its path (and nothing else) on screen
    type_into(qtbot, page.filter_edit, "第九十九", enter=False)
    assert keys_under_view(page, QModelIndex()) == ["001"]
    assert keys_under_view(page, proxy.index_of("001")) == ["001001"]
    assert keys_under_view(page, proxy.index_of("001001")) == ["001001099"]
    assert tree.isExpanded(proxy.index_of("001")) and tree.isExpanded(proxy.index_of("001001"))
    assert not proxy.index_of("001002").isValid()

    # 停用 on the row selected in the filtered tree: it stays there, grey
    page.select_key("001001099")
    assert page.toggle_button.text() == "停用"
    click(qtbot, page.toggle_button)
    qtbot.waitUntil(lambda: page.message.text() == "已停用:001001099", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: cells(model, "001001099")[3] == "停用", timeout=WAIT_MS)
    assert model.data(model.index_of("001001099", 1), Qt.ItemDataRole.ForegroundRole) == GREY
    assert keys_under_view(page, proxy.index_of("001001")) == ["001001099"]
    page.filter_edit.clear()
    assert proxy.index_of("001002").isValid()

    # accounts by code: 100201 under 1002, every top-level code of 4 digits
    page.select_kind(RefKind.ACCOUNTS)
    qtbot.waitUntil(lambda: page.loaded and shown(model, "100201"), timeout=WAIT_MS)
    assert model.parent(model.index_of("100201")) == model.index_of("1002")
    assert cells(model, "1002")[:2] == ["1002", "银行存款"]
    tops = keys_under(model, QModelIndex())
    assert tops == sorted(tops) and {len(k) for k in tops} == {4}
    assert len(tops) < len(model.rows)
    assert tree.isExpanded(proxy.index_of("1002"))  # the first two levels open at first
    assert not tree.isExpanded(proxy.index_of("100201"))

    # items by code within their 类别, the branches drawn in the code column
    page.select_kind(RefKind.ITEMS)
    qtbot.waitUntil(lambda: page.loaded and shown(model, "functional/2050201"), timeout=WAIT_MS)
    items = [model.index_of(k) for k in ("functional/2050201", "functional/20502")]
    assert model.parent(items[0]) == items[1]
    assert model.parent(items[1]) == model.index_of("functional/205")
    assert tree.treePosition() == model.COLUMNS.index("code") == 1

    # 入账规则 stay a flat list
    page.select_kind(RefKind.MAPPINGS)
    qtbot.waitUntil(lambda: page.loaded and model.kind is RefKind.MAPPINGS, timeout=WAIT_MS)
    assert model.rowCount(QModelIndex()) == len(model.rows) > 0
    assert not tree.rootIsDecorated()


def keys_under_view(page: ReferenceDataPage, parent: QModelIndex) -> list[str]:
    proxy = page.proxy
    rows = (proxy.row_of(proxy.index(n, 0, parent)) for n in range(proxy.rowCount(parent)))
    return [row.key for row in rows if row is not None]


def ref_row(number: int, key: str, **values: str) -> RefRowOut:
    return RefRowOut(id=number, key=key, values=values, is_active=True)


def test_a_row_without_its_parent_stands_at_the_top(qtmodeltester: ModelTester) -> None:
    """Bad data or a partial list: a missing parent or a loop puts the row at the
    top level, so every row is shown once; items nest only within their 类别."""
    units = [
        ref_row(1, "002", code="002", parent_code="001"),  # 001 is missing
        ref_row(2, "A", code="A", parent_code="B"),
        ref_row(3, "B", code="B", parent_code="A"),  # A and B: a loop
        ref_row(4, "C", code="C", parent_code="C"),
    ]
    root, nodes = build_tree(RefKind.UNITS, units)
    assert [n.row.key for n in root.children if n.row] == ["002", "A", "B", "C"]
    assert all(not n.children for n in nodes.values())

    items = [
        ref_row(5, "income/20502", item_kind="income", code="20502"),
        ref_row(6, "functional/20502", item_kind="functional", code="20502"),
        ref_row(7, "functional/205", item_kind="functional", code="205"),
    ]
    root, nodes = build_tree(RefKind.ITEMS, items)
    assert [n.row.key for n in root.children if n.row] == ["income/20502", "functional/205"]
    assert [n.row.key for n in nodes["functional/205"].children if n.row] == ["functional/20502"]

    # the model and its filter keep Qt's rules of item models
    model = RefTreeModel()
    model.set_kind(RefKind.ITEMS, items)
    qtmodeltester.check(model)
    found = RefFilter(model)
    found.setFilterFixedString("20502")
    qtmodeltester.check(found)
    assert found.rowCount() == 2 and found.rowCount(found.index_of("functional/205")) == 1

"""预算指标 in the admin console against a real server: the administrator
imports a year's initial quotas from the Excel template (a file with a wrong
row is refused whole, each problem named by row, column and rule), changes one
quota's initial amount in the dialog, and sees an approved 追加 counted."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import cast

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from common.enums import QuotaDirection, ReviewLevel
from common.schemas.documents import QuotaAdjustmentIn
from tests.client.test_admin_users import admin_console
from tests.support.accounts import Account, log_in
from tests.support.documents import clerk, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS
from tests.support.reviews import reviewer

UNIT = "001063"  # this test's own unit


def cells(page: object, row: int) -> list[str]:
    model = page.model  # type: ignore[attr-defined]
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


def test_quotas_are_imported_from_excel_changed_in_the_dialog_and_adjusted(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    codes = unit_of_its_own(live_server, UNIT, "指标管理测试所")
    year = today(live_server).year
    window, admin = admin_console(qtbot, live_server, "quotas")
    assert isinstance(window, AdminWindow)
    window.show_page("quotas")
    page = window.quotas_page
    page.year.setValue(year)
    template = tmp_path / f"预算指标-{year}.xlsx"
    page.save_template(template)
    qtbot.waitUntil(lambda: page.message.text().startswith("模板已保存"), timeout=WAIT_MS)
    book = load_workbook(template)
    sheet = book.active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == [
        "预算单位编码",
        "功能分类编码",
        "经济分类编码",
        "年初指标",
    ]
    sheet.delete_rows(2)  # the example row
    sheet.append([UNIT, "2050203", "30201", 12000.5])
    sheet.append([UNIT, "2050203", "302", "abc"])  # 302 has sub-items; not an amount
    book.save(template)

    page.import_file(template)
    qtbot.waitUntil(lambda: page.problems.isVisible(), timeout=WAIT_MS)
    assert "2 处错误" in page.message.text() and "全部未导入" in page.message.text()
    lines = page.problems.toPlainText().splitlines()
    assert lines == [
        "第 3 行“经济分类编码”:经济分类编码“302”不存在、已停用或不是末级",
        "第 3 行“金额”:金额必须是不小于零的金额,最多两位小数",
    ]
    assert page.model.rowCount() == 0 or all(
        UNIT not in cells(page, r)[0] for r in range(page.model.rowCount())
    )

    sheet.delete_rows(3)
    sheet.append([UNIT, "2050203", "30211", "3,000"])
    book.save(template)
    page.import_file(template)
    qtbot.waitUntil(lambda: page.message.text().startswith("已导入"), timeout=WAIT_MS)
    assert not page.problems.isVisible()
    qtbot.waitUntil(
        lambda: sum(UNIT in cells(page, r)[0] for r in range(page.model.rowCount())) == 2,
        timeout=WAIT_MS,
    )
    mine = [r for r in range(page.model.rowCount()) if UNIT in cells(page, r)[0]]
    assert [cells(page, r)[2].split()[0] for r in mine] == ["30201", "30211"]
    assert cells(page, mine[0])[3:] == [
        "12,000.50",
        "0.00",
        "0.00",
        "12,000.50",
        "0.00",
        "0.00",
        "12,000.50",
    ]

    # the initial amount of one quota, changed in the dialog
    page.table.selectRow(mine[1])
    qtbot.mouseClick(page.buttons["edit"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and not dialog.unit.isEnabled()
    dialog.amount.set_value(Decimal("4500.00"))
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: page.message.text().startswith("已保存"), timeout=WAIT_MS)
    assert "年初指标 4,500.00 元" in page.message.text()

    # an approved 追加 is counted in the quota
    maker = log_in(live_server, clerk(live_server, "qadmin.clerk", unit=UNIT))
    boss = log_in(
        live_server, reviewer(live_server, "qadmin.boss", (ReviewLevel.LEADER, UNIT), scope=UNIT)
    )
    more = maker.quotas.submit_adjustment(
        QuotaAdjustmentIn(
            doc_date=today(live_server),
            unit_id=codes.units[UNIT],
            functional_item_id=codes.item("functional", "2050203"),
            economic_item_id=codes.item("economic", "30211"),
            direction=QuotaDirection.INCREASE,
            amount=Decimal("500.00"),
            summary="追加差旅费",
        )
    )
    boss.reviews.approve(more.id, version=more.version)
    qtbot.mouseClick(page.buttons["refresh"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(
            cells(page, r)[3:7] == ["4,500.00", "500.00", "0.00", "5,000.00"]
            for r in range(page.model.rowCount())
        ),
        timeout=WAIT_MS,
    )
    server_side = log_in(live_server, cast(Account, admin)).quotas.list_quotas(
        year, unit_id=codes.units[UNIT]
    )
    assert [(q.economic_code, q.quota) for q in server_side] == [
        ("30201", Decimal("12000.50")),
        ("30211", Decimal("5000.00")),
    ]

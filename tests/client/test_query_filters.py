"""The query screen's unit, item, account, maker and reviewer filters, its order,
its printed list, its export and its remembered filters, driven through the real
widgets against a real server."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from pytestqt.qtbot import QtBot

from client.widgets.code_picker import CodePicker
from client.workbench.main_window import WorkbenchWindow
from client.workbench.query import saved_filters
from client.workbench.query.people_filters import PersonPicker
from client.workbench.query.query_page import QueryPage
from client.workbench.query.results_model import UNIT_COLUMN
from client.workbench.query.results_print import PrintedList, list_document
from common.enums import ReviewLevel, Role
from common.export_rights import ExportScope
from common.schemas.search import SearchRowOut, SortKey
from tests.client.test_shell import make_context
from tests.support.accounts import Account, add_user, log_in
from tests.support.documents import (
    Codes,
    clerk,
    income,
    office,
    run_sql,
    submitted,
    today,
    voucher,
)
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into
from tests.support.reviews import reviewer

MARK = "筛选演示"  # every income row of this module says it, so word search finds them

_ROW = """
WITH period AS (
    INSERT INTO fiscal_periods (year, month) VALUES (2026, 10)
    ON CONFLICT (year, month) DO UPDATE SET month = EXCLUDED.month RETURNING id
)
INSERT INTO documents (kind, status, unit_id, doc_date, series, period_id, number, amount,
                       summary, counterparty, income_item_id, maker_id, version, updated_at,
                       submitted_at)
SELECT 'income', 'submitted', :unit, CAST(:day AS date), '收入', period.id, :number, :amount,
       :summary, :payer, :item, :maker, 1, now(), now()
  FROM period
"""

# number, unit code, day of October 2026, amount: two schools of 市教育局, and a
# hospital outside the clerk's scope
ROWS = (
    (1, "001001001", 3, "100.00"),
    (2, "001001001", 1, "300.00"),
    (3, "001001001", 2, "500.00"),
    (4, "001001002", 4, "200.00"),
    (5, "001001002", 5, "400.00"),
    (6, "001002001", 6, "999.00"),
)
MAKER = "李会计"  # another clerk of the bureau, who made these two
MADE = (
    (7, "001001002", 7, "250.00"),
    (8, "001001001", 8, "350.00"),
)


def rename(server: LiveServer, user: Account, display_name: str) -> None:
    run_sql(
        server,
        "UPDATE users SET display_name = :name WHERE id = :id",
        name=display_name,
        id=user.id,
    )


@dataclass(frozen=True)
class Office:
    codes: Codes
    clerk: Account
    colleague: Account
    maker: Account  # 李会计
    nurse: Account  # a clerk of the hospital, outside the bureau


@pytest.fixture(scope="module")
def data(live_server: LiveServer) -> Office:
    codes = office(live_server)
    me = clerk(live_server, "filter.clerk", unit="001001")
    colleague = clerk(live_server, "filter.colleague", unit="001001")
    maker = clerk(live_server, "filter.maker", unit="001001")
    rename(live_server, maker, MAKER)
    nurse = clerk(live_server, "filter.nurse", unit="001002")
    for rows, by, summary in ((ROWS, me, MARK), (MADE, maker, "人员演示")):
        for number, unit, day, amount in rows:
            run_sql(
                live_server,
                _ROW,
                unit=codes.units[unit],
                day=f"2026-10-{day:02d}",
                number=number,
                amount=Decimal(amount),
                summary=f"{summary} {number}",
                payer=f"缴款人{number}",
                item=codes.item("income", "1030412"),
                maker=by.id,
            )
    return Office(codes, me, colleague, maker, nurse)


def open_query(
    qtbot: QtBot, server: LiveServer, user: Account
) -> tuple[WorkbenchWindow, QueryPage]:
    window = open_window(qtbot, WorkbenchWindow, make_context(server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, server, user)
    window.show_page("query")
    page = window.query
    qtbot.waitUntil(lambda: page.username == user.username, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(page.filters.unit.matches("")), timeout=WAIT_MS)
    return window, page


def pick(qtbot: QtBot, picker: CodePicker, code: str) -> None:
    """Type a code and Enter, as a clerk does."""
    picker.clear()
    type_into(qtbot, picker, code)
    assert picker.current_id is not None and picker.text().startswith(code)


def choose(qtbot: QtBot, picker: PersonPicker, name: str) -> None:
    """Type a name (Chinese arrives whole, through the input method) and Enter,
    once the people offered after login have come."""
    qtbot.waitUntil(lambda: bool(picker.matches(name)), timeout=WAIT_MS)
    picker.setText(name)
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert picker.current_id is not None


def search(qtbot: QtBot, page: QueryPage, count: int) -> list[Decimal]:
    """Press 查询; the amounts in the order shown, once the totals have arrived."""
    page.filters.search_button.click()
    return shown(qtbot, page, count)


def shown(qtbot: QtBot, page: QueryPage, count: int) -> list[Decimal]:
    qtbot.waitUntil(lambda: not page.model.loading, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: f"共 {count} 笔" in page.totals.text(), timeout=WAIT_MS)
    assert len(page.model.rows) == count
    return [row.amount for row in page.model.rows]


def shown_rows(qtbot: QtBot, page: QueryPage, count: int) -> list[SearchRowOut]:
    shown(qtbot, page, count)
    return list(page.model.rows)


def click_header(qtbot: QtBot, page: QueryPage, column: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def amounts(*values: str) -> list[Decimal]:
    return [Decimal(value) for value in values]


def test_a_clerk_narrows_to_a_unit_and_changes_the_order(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    data: Office,
) -> None:
    _window, page = open_query(qtbot, live_server, data.clerk)
    bar = page.filters
    assert bar.unit.matches("001002") == []  # the hospital is outside the clerk's scope
    bar.text.setText(MARK)
    assert search(qtbot, page, 5) == amounts("400", "200", "100", "500", "300")  # newest first
    assert "1,500.00" in page.totals.text()

    pick(qtbot, bar.unit, "001001001")  # Enter on the chosen unit searches at once
    assert page.model.query.unit_id == data.codes.units["001001001"]
    assert shown(qtbot, page, 3) == amounts("100", "500", "300")
    assert search(qtbot, page, 3) == amounts("100", "500", "300")
    assert {row.unit_id for row in page.model.rows} == {data.codes.units["001001001"]}
    assert "共 3 笔,金额合计 900.00" in page.totals.text()
    model = page.model  # each row says whose it is, on screen too
    header = model.headerData(UNIT_COLUMN, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert header == "预算单位"
    assert model.data(model.index(0, UNIT_COLUMN), Qt.ItemDataRole.DisplayRole) == "市第一中学"

    pick(qtbot, bar.unit, "001001")  # the bureau brings both of its schools
    assert search(qtbot, page, 5) == amounts("400", "200", "100", "500", "300")

    bar.sort.setCurrentIndex(bar.sort.findText("金额从小到大"))  # refetched at once
    assert page.model.query.sort is SortKey.AMOUNT and not page.model.query.descending
    assert shown(qtbot, page, 5) == amounts("100", "200", "300", "400", "500")
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == 3
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder

    click_header(qtbot, page, 3)  # the amount header again: the other way round
    assert shown(qtbot, page, 5) == amounts("500", "400", "300", "200", "100")
    assert bar.sort.currentText() == "金额从大到小"
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    click_header(qtbot, page, 2)  # the date header: newest first
    assert [row.doc_date.day for row in shown_rows(qtbot, page, 5)] == [5, 4, 3, 2, 1]
    assert bar.sort.currentText() == "日期从新到旧" and header.sortIndicatorSection() == 2

    click_header(qtbot, page, 4)  # not a server order: nothing is fetched
    assert not page.model.loading and header.sortIndicatorSection() == 2


def test_a_unit_typed_but_not_chosen_is_not_silently_ignored(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    data: Office,
) -> None:
    _window, page = open_query(qtbot, live_server, data.clerk)
    page.filters.unit.setText("无此单位")
    page.filters.search_button.click()
    assert "“单位”没有对上任何一项" in page.message.text()
    assert page.model.generation == 0  # nothing was searched


def test_vouchers_by_account(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    data: Office,
) -> None:
    api = log_in(live_server, data.colleague)
    day = today(live_server)
    travel = submitted(
        api, voucher(data.codes, day, ("500102", "512.30", "0"), ("100201", "0", "512.30"))
    )
    submitted(api, voucher(data.codes, day, ("500101", "87.00", "0"), ("100201", "0", "87.00")))
    _window, page = open_query(qtbot, live_server, data.clerk)
    bar = page.filters
    assert not bar.account.isVisible()  # under 更多条件 until asked for
    bar.more_button.click()
    assert bar.account.isVisible()
    bar.kind.setCurrentIndex(bar.kind.findText("凭证"))
    # under 1,000: not the vouchers the approvals of the reviewer test post, whichever ran first
    bar.amount_max.setText("999.99")
    assert len(search(qtbot, page, 2)) == 2
    pick(qtbot, bar.account, "500102")
    search(qtbot, page, 1)
    assert [row.id for row in page.model.rows] == [travel.id]
    assert page.model.rows[0].maker_name == "filter.colleague"
    bar.more_button.click()  # folded, the section still says a filter is set in it
    assert bar.more_button.text() == "更多条件(1)"


def test_the_list_prints_with_its_filters_in_words(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    data: Office,
) -> None:
    _window, page = open_query(qtbot, live_server, data.clerk)
    bar = page.filters
    bar.text.setText(MARK)
    pick(qtbot, bar.unit, "001001")
    bar.amount_min.setText("150")
    bar.set_sort(SortKey.AMOUNT, True, announce=False)
    assert search(qtbot, page, 4) == amounts("500", "400", "300", "200")

    printed: list[PrintedList] = []
    page.prepare_print(printed.append)
    qtbot.waitUntil(lambda: bool(printed), timeout=WAIT_MS)
    text = list_document(printed[0]).toPlainText()
    assert "查询结果清单" in text
    assert "单位:001001 市教育局(含下属单位)" in text
    assert "金额:不低于 150.00" in text
    assert f"摘要或对方:含“{MARK}”" in text
    assert "排序:金额从大到小" in text
    assert "打印人:filter.clerk(filter.clerk)" in text
    assert "共 4 笔,金额合计 1,400.00" in text and "本表列出 4 笔" in text
    for number, amount in ((3, "500.00"), (5, "400.00"), (2, "300.00"), (4, "200.00")):
        assert f"{MARK} {number}" in text and amount in text
    assert "市实验小学" in text and "市第一中学" in text  # the unit of each row
    assert "100.00" not in text.replace("1,400.00", "")  # below the minimum
    assert text.index("500.00") < text.index("200.00")  # in the order on screen
    assert "超过打印上限" not in text
    assert page.filters.print_button.isEnabled()

    page.print_cap = 3  # more rows than paper allows: the list says so
    printed.clear()
    page.prepare_print(printed.append)
    qtbot.waitUntil(lambda: bool(printed), timeout=WAIT_MS)
    capped = printed[0]
    assert capped.capped and [row.amount for row in capped.rows] == amounts("500", "400", "300")
    text = list_document(capped).toPlainText()
    assert "符合条件的共 4 笔,超过打印上限,本表只列出前 3 笔" in text

    page.print_results()  # the button's way: a print preview, not a modal loop
    qtbot.waitUntil(lambda: page.preview_dialog is not None, timeout=WAIT_MS)
    preview = page.preview_dialog
    assert isinstance(preview, QPrintPreviewDialog) and preview.isVisible()
    preview.close()


def test_the_filters_come_back_after_reopening_the_window(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    data: Office,
) -> None:
    window, page = open_query(qtbot, live_server, data.clerk)
    bar = page.filters
    pick(qtbot, bar.unit, "001001002")
    bar.more_button.click()
    pick(qtbot, bar.item, "1030412")
    bar.text.setText(MARK)
    bar.sort.setCurrentIndex(bar.sort.findText("金额从小到大"))  # searches, and so remembers
    assert shown(qtbot, page, 2) == amounts("200", "400")
    window.close()

    _window, page = open_query(qtbot, live_server, data.clerk)
    bar = page.filters
    qtbot.waitUntil(lambda: bar.unit.text() == "001001002 市实验小学", timeout=WAIT_MS)
    assert bar.item.text() == "1030412 教育行政事业性收费收入"
    assert bar.item.isVisible()  # 更多条件 opens itself when it holds a filter
    assert bar.sort.currentText() == "金额从小到大" and bar.text.text() == MARK
    assert page.model.generation == 0  # shown, not searched, until the clerk asks
    assert search(qtbot, page, 2) == amounts("200", "400")
    assert page.table.horizontalHeader().sortIndicatorSection() == 3


def test_a_clerk_filters_by_who_made_the_items(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    data: Office,
) -> None:
    _window, page = open_query(qtbot, live_server, data.clerk)
    bar = page.filters
    assert not bar.maker.isVisible()  # under 更多条件 until asked for
    bar.more_button.click()
    qtbot.waitUntil(lambda: bool(bar.maker.matches("")), timeout=WAIT_MS)
    offered = {person.username for person in bar.maker.matches("")}
    assert {"filter.clerk", "filter.colleague", "filter.maker"} <= offered
    assert "filter.nurse" not in offered  # the hospital's clerk is none of the bureau's
    assert [p.id for p in bar.maker.matches("lkj")] == [data.maker.id]  # pinyin initials

    choose(qtbot, bar.maker, MAKER)  # Enter on the chosen person searches at once
    assert bar.maker.text() == "李会计(filter.maker)"
    assert page.model.query.maker_id == data.maker.id
    rows = shown_rows(qtbot, page, 2)
    assert [row.amount for row in rows] == amounts("350", "250")
    assert {row.maker_name for row in rows} == {MAKER}
    assert "共 2 笔,金额合计 600.00" in page.totals.text()

    printed: list[PrintedList] = []
    page.prepare_print(printed.append)
    qtbot.waitUntil(lambda: bool(printed), timeout=WAIT_MS)
    assert "制单人:李会计(filter.maker)" in list_document(printed[0]).toPlainText()

    bar.people.mine.click()  # 只看我制的单
    assert bar.maker.text() == "filter.clerk(filter.clerk)" and not bar.maker.isEnabled()
    assert search(qtbot, page, 5) == amounts("400", "200", "100", "500", "300")
    assert page.model.query.maker_id == data.clerk.id
    assert "1,500.00" in page.totals.text()  # the hospital's 999.00 is out of scope
    bar.people.mine.click()
    assert bar.maker.text() == "" and bar.maker.isEnabled()

    searched = page.model.generation
    bar.maker.setText("无此人")
    bar.search_button.click()
    assert "“制单人”没有对上任何一项" in page.message.text()
    assert page.model.generation == searched  # nothing was searched


def test_the_export_writes_the_list_on_screen(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    data: Office,
    tmp_path: Path,
) -> None:
    # a clerk exports what they made; the administrator widened this one's right
    admin = log_in(live_server, add_user(live_server, "filter.admin", [Role.ADMIN]))
    admin.admin.set_person_export_right(data.clerk.id, ExportScope.UNITS)
    _window, page = open_query(qtbot, live_server, data.clerk)
    bar = page.filters
    bar.more_button.click()
    choose(qtbot, bar.maker, MAKER)
    shown(qtbot, page, 2)
    bar.maker.clear()  # changed, not searched: the list on screen is still 李会计's
    bar.amount_min.setText("300")

    target = tmp_path / "李会计.xlsx"
    page.export_to(target)
    qtbot.waitUntil(lambda: "已导出到" in page.message.text(), timeout=WAIT_MS * 2)
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(row[6], row[8]) for row in rows] == [("人员演示 8", MAKER), ("人员演示 7", MAKER)]
    admin.admin.set_person_export_right(data.clerk.id, None)


def test_the_maker_comes_back_by_name_after_reopening_the_window(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    data: Office,
) -> None:
    window, page = open_query(qtbot, live_server, data.clerk)
    bar = page.filters
    bar.more_button.click()
    choose(qtbot, bar.maker, MAKER)
    shown(qtbot, page, 2)
    window.close()
    kept = saved_filters.remembered(data.clerk.username)
    assert kept.query.maker_id == data.maker.id
    assert [person.display_name for person in kept.people] == [MAKER]  # named, not only an id

    _window, page = open_query(qtbot, live_server, data.clerk)
    bar = page.filters
    assert bar.maker.text() == "李会计(filter.maker)"
    assert bar.maker.current_id == data.maker.id
    assert bar.maker.isVisible() and bar.more_button.text() == "更多条件"
    assert page.model.generation == 0  # shown, not searched, until the clerk asks
    assert search(qtbot, page, 2) == amounts("350", "250")
    assert page.model.query.maker_id == data.maker.id


def test_a_clerk_filters_by_who_reviewed_the_items(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    data: Office,
) -> None:
    """The approvals make vouchers of 1,000 and 2,000 (the voucher test counts those under
    1,000)."""
    checker = reviewer(live_server, "filter.checker", (ReviewLevel.SUPERVISOR, "001001"))
    rename(live_server, checker, "王审核")
    other = reviewer(live_server, "filter.other", (ReviewLevel.SUPERVISOR, "001001"))
    maker = log_in(live_server, data.colleague)
    day = today(live_server)
    made = [
        maker.documents.create_and_submit(
            income(data.codes, day, amount=amount, payer=f"审核演示{n}", summary="审核演示")
        )
        for n, amount in enumerate(("1000.00", "2000.00", "4000.00"))
    ]
    decider = log_in(live_server, checker)
    for doc in made[:2]:
        decider.reviews.approve(doc.id, version=doc.version)
    log_in(live_server, other).reviews.return_for_correction(
        made[2].id, version=made[2].version, reason="附件不全"
    )

    _window, page = open_query(qtbot, live_server, data.clerk)
    bar = page.filters
    bar.more_button.click()
    choose(qtbot, bar.reviewer, "王审核")
    assert bar.reviewer.text() == "王审核(filter.checker)"
    rows = shown_rows(qtbot, page, 2)  # not the vouchers the approvals made: made, not decided
    assert sorted(row.id for row in rows) == sorted(doc.id for doc in made[:2])
    assert "共 2 笔,金额合计 3,000.00" in page.totals.text()
    assert ("审核人", "王审核(filter.checker)") in bar.describe(page.model.query)

    bar.reviewer.clear()
    type_into(qtbot, bar.reviewer, "filter.other")  # typed by user name, then Enter
    assert [row.id for row in shown_rows(qtbot, page, 1)] == [made[2].id]
    assert "共 1 笔,金额合计 4,000.00" in page.totals.text()
    assert bar.more_button.isChecked()
    bar.more_button.click()  # folded, it counts the reviewer
    assert bar.more_button.text() == "更多条件(1)"

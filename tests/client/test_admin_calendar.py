"""节假日与调休 on screen: a holiday the administrator enters in the console moves
the deadline preview and the deadline a reviewer then sees in the review list;
the yearly list is imported from the Excel template at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import cast

from openpyxl import load_workbook
from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.workbench.main_window import WorkbenchWindow
from common.enums import ReviewLevel
from server.services.core.working_days import OFFICE_TZ
from tests.client.test_admin_users import admin_console
from tests.client.test_shell import make_context
from tests.support.accounts import Account, log_in
from tests.support.documents import clerk, income, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into
from tests.support.reviews import reviewer

UNIT = "001078"  # this test's own unit: its review queue holds only this test's item


def next_weekday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def test_a_holiday_entered_in_the_console_moves_the_deadline_in_the_review_list(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = unit_of_its_own(live_server, UNIT, "日历测试所")
    window, admin = admin_console(qtbot, live_server, "calendar")
    assert isinstance(window, AdminWindow)
    admin_api = log_in(live_server, cast(Account, admin))
    now = live_server.clock.now()
    holiday = next_weekday(now.astimezone(OFFICE_TZ).date())
    before = admin_api.admin.preview_deadline(now, 2)

    window.show_page("calendar")
    page = window.calendar_page
    page.year.setValue(holiday.year)
    qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    dialog.date.setDate(QDate(holiday.year, holiday.month, holiday.day))
    dialog.kind.setCurrentIndex(0)  # 放假
    type_into(qtbot, dialog.name, "测试假日", enter=False)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: any(d.day == holiday for d in page.model.rows), timeout=WAIT_MS)
    row = next(i for i, d in enumerate(page.model.rows) if d.day == holiday)
    assert page.model.data(page.model.index(row, 2)) == "放假"
    assert page.message.text().startswith(f"已保存:{holiday.isoformat()} 放假 测试假日")

    # the preview on the page: the same start, a later deadline
    local = now.astimezone()
    page.preview_start.setDateTime(QDateTime(local.replace(tzinfo=None)))
    page.preview_days.setValue(2)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_preview is not None, timeout=WAIT_MS)
    assert page.last_preview is not None and page.last_preview.due > before.due
    shown_due = page.last_preview.due.astimezone().strftime("%Y-%m-%d %H:%M")
    assert f"2 个工作日后截止:{shown_due}" in page.preview_result.text()

    # an item submitted now: the reviewer's list shows the moved deadline
    maker = log_in(live_server, clerk(live_server, "calendar.maker", unit=UNIT))
    doc = maker.documents.create_and_submit(
        income(codes, today(live_server), amount="800.00", unit_id=codes.units[UNIT])
    )
    [step] = maker.reviews.timeline(doc.id).steps
    assert step.deadline_at is not None and step.deadline_at > before.due
    boss = reviewer(live_server, "calendar.boss", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT)
    window.login.logout()
    qtbot.waitUntil(lambda: window.login.auth.me is None, timeout=WAIT_MS)
    bench = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(bench, WorkbenchWindow)
    log_in_through_dialog(qtbot, bench, live_server, boss)
    bench.show_page("review")
    review = bench.review
    qtbot.waitUntil(
        lambda: any(r.document_id == doc.id for r in review.model.rows), timeout=WAIT_MS
    )
    at = next(i for i, r in enumerate(review.model.rows) if r.document_id == doc.id)
    shown = review.model.data(review.model.index(at, 7))
    assert shown == step.deadline_at.astimezone().strftime("%m-%d %H:%M")
    assert shown != before.due.astimezone().strftime("%m-%d %H:%M")


def test_the_years_list_is_imported_from_the_template_in_one_go(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    window, admin = admin_console(qtbot, live_server, "calendar2")
    window.show_page("calendar")
    page = window.calendar_page
    page.year.setValue(2031)  # a year no other test touches
    template = tmp_path / "节假日安排-2031.xlsx"
    page.save_template(template)
    qtbot.waitUntil(lambda: page.message.text().startswith("模板已保存"), timeout=WAIT_MS)
    book = load_workbook(template)
    sheet = book.active
    assert sheet is not None
    sheet.append(["2031-01-01", "放假", "元旦"])
    book.save(template)

    page.import_file(template)
    qtbot.waitUntil(lambda: page.pending_confirm is not None, timeout=WAIT_MS)
    question = page.pending_confirm
    assert question is not None
    assert "用文件中的 3 天(放假 2 天,调休上班 1 天)替换 2031 年" in question.text()
    question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: len(page.model.rows) == 3, timeout=WAIT_MS)
    assert [(d.day.isoformat(), d.is_working) for d in page.model.rows] == [
        ("2031-01-01", False),
        ("2031-09-26", True),
        ("2031-10-01", False),
    ]
    saved = log_in(live_server, cast(Account, admin)).admin.calendar(2031)
    assert [d.day.isoformat() for d in saved] == ["2031-01-01", "2031-09-26", "2031-10-01"]

    # a wrong cell: named by row and column, nothing imported
    sheet.append(["2030-05-01", "放假", "劳动节"])
    book.save(template)
    page.import_file(template)
    qtbot.waitUntil(lambda: "第 5 行“日期”:不在 2031 年内" in page.message.text(), timeout=WAIT_MS)
    assert len(page.model.rows) == 3

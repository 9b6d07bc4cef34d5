"""Period close (结账管理) and four-eyes requests (双人复核) in the admin console,
against a real server: a month with an unfinished document cannot close; once it
is gone the month closes; a reopening waits for a second administrator, the
requester cannot approve it, another administrator approves with a fresh code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.admin.periods.models import MonthRow, MonthsModel, ProblemsModel
from client.api import ApiClient
from common.enums import DocumentKind, DocumentStatus, Role
from common.schemas.admin_requests import RequestState
from common.schemas.periods import PeriodOut, PeriodProblemOut
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, code_now, log_in, next_step
from tests.support.documents import clerk, income, office, today
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into

STATE, CLOSED_BY = MonthsModel.COLUMNS.index("state"), MonthsModel.COLUMNS.index("closed_by")


def month_state(window: AdminWindow, year: int, month: int) -> str:
    page = window.periods_page
    row = page.months.find(year, month)
    return str(page.months.data(page.months.index(row, STATE))) if row >= 0 else ""


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_close_a_month_then_reopen_it_with_a_second_administrator(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = office(live_server)
    # the month before last: ended by the office's clock and by this machine's, in
    # whatever zone (the console tells "ended" by the local date, the server by the
    # office's, and last month has not ended here yet on the office's 1st before 8:00)
    last_month = today(live_server).replace(day=1) - dt.timedelta(days=1)
    day = last_month.replace(day=1) - dt.timedelta(days=1)
    year, month = day.year, day.month
    maker: ApiClient = log_in(live_server, clerk(live_server, "periods.clerk"))
    draft = maker.documents.create(income(codes, day, amount="530.00", payer="丙"))
    first = add_user(live_server, "periods.first", [Role.ADMIN])
    second = add_user(live_server, "periods.second", [Role.ADMIN])

    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, first)
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles[-2:] == ["结账管理", "双人复核"]
    window.show_page("periods")
    page = window.periods_page
    page.select_month(year, month)

    # the draft keeps last month from closing
    qtbot.waitUntil(lambda: page.problems.rowCount() == 1, timeout=WAIT_MS)
    assert [page.problems.text(page.problems.rows[0], c) for c in page.problems.COLUMNS] == [
        f"(未编号,ID {draft.id})",
        "收入",
        "草稿",
        day.isoformat(),
        "未处理完毕",
        "",
        "",
    ]
    assert month_state(window, year, month) == "未结账"
    assert not page.close_button.isEnabled() and not page.reopen_button.isEnabled()
    assert "处理完毕" in page.hint.text() and "1 张" in page.problems_title.text()

    # fixed: the draft is deleted; the month closes through the page
    maker.documents.delete(draft.id, version=draft.version, reason="录错月份")
    click(qtbot, page.refresh_button)
    qtbot.waitUntil(lambda: page.close_button.isEnabled(), timeout=WAIT_MS)
    assert page.problems.rowCount() == 0 and page.problems_title.text() == "没有妨碍结账的单据"
    click(qtbot, page.close_button)
    assert page.pending_confirm is not None
    page.pending_confirm.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: month_state(window, year, month) == "已结账", timeout=WAIT_MS)
    closed_by = page.months.index(page.months.find(year, month), CLOSED_BY)
    assert page.months.data(closed_by) == "periods.first"
    assert page.message.text() == f"{year} 年 {month} 月 已结账"
    assert not page.close_button.isEnabled() and page.reopen_button.isEnabled()

    # a reopening needs a reason and then waits; the month stays closed
    click(qtbot, page.reopen_button)
    dialog = page.pending_dialog
    assert dialog is not None
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and dialog.error_label.text() == "请填写至少两个字"
    type_into(qtbot, dialog.text_edit, "补录上月漏记的收入", enter=False)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "等待另一位管理员审批" in page.message.text(), timeout=WAIT_MS)
    assert page.request_box.isVisible()
    assert "补录上月漏记的收入" in page.request_box.text()
    assert month_state(window, year, month) == "已结账(反结账待审批)"
    assert not page.reopen_button.isEnabled() and not page.close_button.isEnabled()
    assert log_in(live_server, second).admin.period(year, month).is_closed

    # the requester cannot approve it: the server says why
    window.show_page("requests")
    requests = window.requests_page
    qtbot.waitUntil(lambda: requests.model.rowCount() == 1, timeout=WAIT_MS)
    request = requests.model.rows[0]
    assert (request.action, request.target, request.state) == (
        "period.reopen",
        f"{year}-{month:02d}",
        RequestState.PENDING,
    )
    requests.select_request(request.id)
    assert requests.detail_values["target"].text() == f"{year} 年 {month} 月"
    assert requests.detail_values["requested_by"].text() == "periods.first(本人)"
    assert requests.buttons["withdraw"].isEnabled()
    # four eyes on screen too: one's own request is not offered for approval
    assert not requests.buttons["approve"].isEnabled()
    assert requests.buttons["approve"].toolTip() == "不能审批自己提出的申请,须由另一位管理员审批"
    click(qtbot, requests.buttons["withdraw"])  # asked first; cancelled, nothing happens
    assert requests.pending_confirm is not None and requests.pending_confirm.isVisible()
    assert "撤回后须重新提出申请" in requests.pending_confirm.text()
    requests.pending_confirm.reject()
    qtbot.wait(200)
    assert requests.selected() is not None
    assert requests.selected().state is RequestState.PENDING  # type: ignore[union-attr]

    # a second administrator approves, with a fresh code
    window.login.logout()
    qtbot.waitUntil(lambda: requests.model.rowCount() == 0, timeout=WAIT_MS)
    assert page.months.rowCount() == 0 and requests.message.text() == ""
    log_in_through_dialog(qtbot, window, live_server, second)
    qtbot.waitUntil(lambda: requests.model.rowCount() == 1, timeout=WAIT_MS)
    requests.select_request(request.id)
    assert not requests.buttons["withdraw"].isEnabled()
    live_server.clock.advance(dt.timedelta(minutes=6))  # the login code is no longer fresh
    click(qtbot, requests.buttons["approve"])
    assert requests.pending_dialog is not None
    type_into(qtbot, requests.pending_dialog.text_edit, "核实无误", enter=False)
    requests.pending_dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: requests.pending_prompt is not None, timeout=WAIT_MS)
    next_step(live_server)
    prompt = requests.pending_prompt
    type_into(qtbot, prompt.code_edit, code_now(live_server, second.totp_secret), enter=False)
    prompt.accept()
    qtbot.waitUntil(lambda: requests.message.text().startswith("已批准"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: requests.detail_values["state"].text() == "已批准", timeout=WAIT_MS)
    assert requests.detail_values["decided_by"].text() == "periods.second"
    assert requests.detail_values["decision_note"].text() == "核实无误"
    window.show_page("periods")
    qtbot.waitUntil(lambda: month_state(window, year, month) == "未结账", timeout=WAIT_MS)
    assert page.reopen_button.isEnabled() is False and page.close_button.isEnabled()


def test_an_unbalanced_voucher_shows_its_totals(qtbot: QtBot) -> None:
    model = ProblemsModel()
    model.set_rows(
        [
            PeriodProblemOut(
                document_id=7,
                kind=DocumentKind.VOUCHER,
                status=DocumentStatus.APPROVED,
                number="记-2026-10-0007",
                doc_date=dt.date(2026, 10, 9),
                problem="unbalanced",
                debit=Decimal("1200.40"),
                credit=Decimal("1200.00"),
            )
        ]
    )
    assert [model.text(model.rows[0], c) for c in model.COLUMNS] == [
        "记-2026-10-0007",
        "凭证",
        "已审核",
        "2026-10-09",
        "借贷不平",
        "1,200.40",
        "1,200.00",
    ]
    months = MonthsModel()
    closed = PeriodOut(
        year=2026, month=10, is_closed=True, closed_at=None, closed_by="x", documents=0, problems=[]
    )
    months.set_rows([MonthRow(2026, 10, closed), MonthRow(2026, 11, None)])
    assert months.state_text(months.rows[0]) == "已结账"
    assert months.state_text(months.rows[1]) == "…"

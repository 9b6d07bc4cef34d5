"""年结 on screen: an administrator sees last year's closing entries as a
preview while December is open, closes December, makes them with one
confirmation, and the page says who did it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from common.enums import ReviewLevel, Role
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, log_in
from tests.support.documents import clerk, today, unit_of_its_own, voucher
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window
from tests.support.reviews import reviewer

UNIT = "001079"


def test_an_administrator_previews_and_makes_the_year_end(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = unit_of_its_own(live_server, UNIT, "年结界面单位")
    year = today(live_server).year - 1
    maker = log_in(live_server, clerk(live_server, "yeui.clerk", unit=UNIT))
    checker = log_in(
        live_server,
        reviewer(live_server, "yeui.checker", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT),
    )
    draft = voucher(codes, dt.date(year, 12, 5), ("100201", "640.00", "0"), ("4609", "0", "640.00"))
    made = maker.documents.create_and_submit(
        draft.model_copy(update={"unit_id": codes.units[UNIT]})
    )
    checker.reviews.approve(made.id, version=made.version)

    account = add_user(live_server, "yeui.admin", [Role.ADMIN])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, account)
    assert window.show_page("year_end")
    page = window.year_end_page
    page.year.setValue(year)
    qtbot.waitUntil(lambda: page.shown is not None and page.shown.year == year, timeout=WAIT_MS)
    assert "尚未结账" in page.state.text() and not page.buttons["close"].isEnabled()
    shown = [
        [page.model.text(row, column) for column in page.model.COLUMNS]
        for row in page.model.rows
        if row.entry.unit_code == UNIT
    ]
    assert [
        f"{UNIT} 年结界面单位",
        "(预览)",
        "结转本期收入、费用至本期盈余",
        "4609 其他收入",
        "640.00",
        "",
    ] in shown
    assert ["", "", "", "3301 本期盈余", "", "640.00"] in shown

    log_in(live_server, account).admin.close_period(year, 12)
    page.refresh()
    qtbot.waitUntil(lambda: page.buttons["close"].isEnabled(), timeout=WAIT_MS)
    page.buttons["close"].click()
    box = page.pending_confirm
    assert box is not None and "只能通过反结账" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: page.message.text() == f"{year} 年已年结", timeout=WAIT_MS)
    assert page.state.text().startswith(f"{year} 年已年结:yeui.admin 于")
    assert not page.buttons["close"].isEnabled()
    assert all(row.entry.number.startswith("结-") for row in page.model.rows)

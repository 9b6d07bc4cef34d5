"""报表审核 on the workbench: the analyst saves the balance sheet shown on the
reports screen as a version (保存版本); a reviewer finds it on the 报表审核 page,
reads its frozen numbers, signs it (签字) and exports its stamped PDF; another
version goes back with a reason (退回), which the dialog insists on; the
analyst cannot sign at all."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from client.widgets.pdf_text import pdf_text
from client.workbench.main_window import WorkbenchWindow
from client.workbench.reports.period_edit import PeriodEdit
from client.workbench.reports.signoff_page import SignOffPage
from common.enums import ReviewLevel, Role
from common.schemas.report_exports import ReportName
from common.schemas.report_versions import VersionState
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, log_in
from tests.support.documents import clerk, today, unit_of_its_own, voucher
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window
from tests.support.reviews import reviewer

UNIT = "001084"


def listed(qtbot: QtBot, page: SignOffPage, version_id: int) -> None:
    page.refresh_button.click()
    qtbot.waitUntil(lambda: version_id in [row.id for row in page.versions.rows], timeout=WAIT_MS)
    page.select_version(version_id)
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.id == version_id, timeout=WAIT_MS
    )


def test_the_analyst_saves_a_version_and_a_reviewer_signs_and_returns_on_screen(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    codes = unit_of_its_own(live_server, UNIT, "报表审核界面单位")
    unit, day = codes.units[UNIT], today(live_server)
    maker = log_in(live_server, clerk(live_server, "sos.clerk", unit=UNIT))
    checker_account = reviewer(
        live_server, "sos.checker", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT
    )
    checker = log_in(live_server, checker_account)
    draft = voucher(codes, day, ("100201", "250.00", "0"), ("4609", "0", "250.00"))
    made = maker.documents.create_and_submit(draft.model_copy(update={"unit_id": unit}))
    checker.reviews.approve(made.id, version=made.version)
    analyst_account = add_user(live_server, "sos.analyst", [Role.ANALYST], unit_codes=(UNIT,))

    # the analyst runs the balance sheet and saves it as a version
    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, live_server, analyst_account)
    window.show_page("reports")
    reports = window.reports
    reports.choose("balance_sheet")
    unit_box = reports.panel.editors["unit"]
    qtbot.waitUntil(lambda: unit_box.findData(unit) >= 0, timeout=WAIT_MS)
    unit_box.setCurrentIndex(unit_box.findData(unit))
    period_edit = reports.panel.editors["period"]
    assert isinstance(period_edit, PeriodEdit)
    period_edit.set_period(f"{day:%Y-%m}")
    assert not reports.version_button.isEnabled()  # nothing shown yet
    reports.run_button.click()
    qtbot.waitUntil(lambda: reports.shown is not None and not reports.busy, timeout=WAIT_MS)
    assert reports.version_button.isEnabled()
    reports.version_button.click()
    qtbot.waitUntil(lambda: reports.saved_version is not None, timeout=WAIT_MS)
    saved = reports.saved_version
    assert saved is not None and saved.state is VersionState.PREPARED
    assert f"#{saved.id}" in reports.message.text()
    # the analyst's own page lists it, without 签字 or 退回
    assert window.show_page("signoff")
    listed(qtbot, window.signoff, saved.id)
    assert window.signoff.sign_button.isHidden() and window.signoff.return_button.isHidden()
    window.close()

    # the reviewer signs it on the 报表审核 page
    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, live_server, checker_account)
    assert window.show_page("signoff")
    page = window.signoff
    listed(qtbot, page, saved.id)
    model = page.model
    cells = {
        str(model.data(model.index(row, 0))).strip(): model.data(model.index(row, 2))
        for row in range(model.rowCount())
    }
    assert cells["货币资金"] == "250.00"
    state_column = page.versions.COLUMNS.index("state")
    row = [r.id for r in page.versions.rows].index(saved.id)
    assert page.versions.data(page.versions.index(row, state_column)) == "待审核"
    assert page.sign_button.isEnabled() and page.return_button.isEnabled()
    page.sign_button.click()
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.state is VersionState.SIGNED,
        timeout=WAIT_MS,
    )
    assert "已审核 by sos.checker at" in page.changes.text()
    assert not page.sign_button.isEnabled() and not page.return_button.isEnabled()
    qtbot.waitUntil(
        lambda: page.versions.data(page.versions.index(row, state_column)) == "已审核",
        timeout=WAIT_MS,
    )
    assert checker.report_versions.version(saved.id).decided_by == "sos.checker"

    # its PDF carries the stamp
    target = tmp_path / "signed.pdf"
    page.export_pdf(target)
    qtbot.waitUntil(lambda: "已导出到" in page.message.text(), timeout=WAIT_MS)
    text = pdf_text(target)
    assert "已审核 by sos.checker at" in text and "货币资金" in text

    # another version goes back, with a reason the dialog insists on
    analyst = log_in(live_server, analyst_account)
    other = analyst.report_versions.prepare(
        ReportName.INCOME_EXPENSE, {"unit": unit, "period": f"{day:%Y-%m}"}
    )
    listed(qtbot, page, other.id)
    page.return_button.click()
    qtbot.waitUntil(lambda: page.return_dialog is not None, timeout=WAIT_MS)
    dialog = page.return_dialog
    assert dialog is not None
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert dialog.error.text() == "请填写退回原因" and dialog.isVisible()
    dialog.reason.setPlainText("请按含下级单位编制")
    ok.click()
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.state is VersionState.RETURNED,
        timeout=WAIT_MS,
    )
    assert "请按含下级单位编制" in page.changes.text()
    assert analyst.report_versions.version(other.id).reason == "请按含下级单位编制"

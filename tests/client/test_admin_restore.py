"""数据恢复 in the admin console, against a real server with real pg_dump and
pg_restore on the session's cluster (a restore renames the module's database
aside and keeps it, which is what it is for).

Administrator A backs up, picks the backup and files a restore plan through the
dialog (a missing reason is caught early, a refusal of the server shown in the
dialog as it sends it); the plan waits on both pages. Administrator B approves
it in a second console's 双人复核 with a fresh code; A's page notices, follows
the restore through its phases to 恢复完成, shows the report (成功, rows, ledger,
the chain, the old database), and the document entered after the backup is
gone. A drops the old database with a confirmation and a fresh code. A damaged
backup fails the restore with the live data untouched. The status line says
系统维护中 while the server is in maintenance and comes back after."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from client.admin.backups.restore_dialog import RestoreDialog
from client.admin.backups.restore_model import ReportsModel
from client.admin.main_window import AdminWindow
from client.core.connection import ConnectionState
from client.widgets import look
from client.widgets.look import state_of
from common.enums import Role
from common.schemas.admin_requests import RequestState
from common.schemas.backups import RunState
from common.schemas.restores import CoverageOut, RestorePlanIn, RestoreSource
from server.db.uow import UnitOfWork
from server.services.operations import backups
from tests.client.test_shell import make_context, open_workbench
from tests.support.accounts import add_user, code_now, log_in, next_step
from tests.support.documents import clerk, income, office, today
from tests.support.holds import HeldRestore
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into

BACKUP_MS = 90_000  # a real dump, a test restore and the comparison
RESTORE_MS = 120_000
PHASES = [
    "准备:进入维护模式",
    "校验备份文件",
    "恢复到新数据库",
    "核对行数、余额与日志链",
    "升级数据库结构",
    "切换数据库",
    "完成",
]


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def payers(server: LiveServer) -> set[str]:
    with UnitOfWork(server.engine).transaction() as session:
        rows = session.execute(text("SELECT counterparty FROM documents")).scalars()
        return {row for row in rows if row}


def report_cells(model: ReportsModel, row: int) -> dict[str, str]:
    return {c: str(model.data(model.index(row, i))) for i, c in enumerate(model.COLUMNS)}


def test_a_restore_is_planned_approved_by_another_admin_and_followed(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
) -> None:
    held = HeldRestore(live_server, "restore")  # a restore here takes a second; the page polls
    codes = office(live_server)
    maker = log_in(live_server, clerk(live_server, "restore.ui.clerk", unit="001001"))
    maker.documents.create(income(codes, today(live_server), amount="100.00", payer="备份前"))
    first = add_user(live_server, "restore.ui.a", [Role.ADMIN])
    second = add_user(live_server, "restore.ui.b", [Role.ADMIN])

    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, first)
    window.show_page("backups")
    page, panel = window.backups_page, window.backups_page.restore_panel
    qtbot.waitUntil(lambda: page.run_status is not None, timeout=WAIT_MS)
    # no WAL archive on this cluster: only a full backup can be restored
    assert panel.coverage_label.text() == "尚无基础备份与日志归档,只能从完整备份恢复"
    assert not panel.point_button.isEnabled() and not panel.from_backup_button.isEnabled()
    # the reports of restores other tests of the module ran are listed (none kept an old
    # database: they failed)
    assert page.answer is not None and page.answer.restores is not None
    assert panel.reports.rowCount() == len(page.answer.restores.reports)
    assert panel.old.rowCount() == 0
    assert panel.pending_label.isHidden()

    click(qtbot, page.back_up_button)
    qtbot.waitUntil(lambda: page.message.text().startswith("备份完成"), timeout=BACKUP_MS)
    dump = page.model.rows[0]
    assert dump.verified
    maker.documents.create(income(codes, today(live_server), amount="200.00", payer="备份后"))
    assert {"备份前", "备份后"} <= payers(live_server)

    # the backup chosen in the table is the one the dialog offers
    assert not panel.from_backup_button.isEnabled()
    page.select_backup(dump.name)
    assert panel.from_backup_button.isEnabled()
    click(qtbot, panel.from_backup_button)
    dialog = panel.pending_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.backup_combo.currentData() == dump.name
    assert dialog.backup_combo.currentText().startswith(f"✔ {dump.name}")
    assert "已验证" in dialog.backup_combo.currentText()
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and dialog.error_label.text() == "请填写恢复原因(至少 2 个字)"

    # the server refuses a backup whose manifest went missing: said in the dialog
    manifest = backups.manifest_path(live_server.settings.backups / dump.name)
    hidden = manifest.with_name(manifest.name + ".away")
    manifest.rename(hidden)
    try:
        type_into(qtbot, dialog.reason_edit, "误删本月凭证,恢复到备份时", enter=False)
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=WAIT_MS)
        assert dialog.error_label.text() == f"备份文件不存在或缺少清单:{dump.name}"
        assert dialog.isVisible()
    finally:
        hidden.rename(manifest)

    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: panel.pending_dialog is None, timeout=WAIT_MS)
    filed = page.message.text()
    assert filed.startswith("恢复计划已提交(申请编号 ")
    assert filed.endswith("),须由另一位管理员在“双人复核”中批准后执行")
    plan_id = int(filed.split("申请编号 ")[1].split(")")[0])
    qtbot.waitUntil(lambda: panel.pending_label.isVisible(), timeout=WAIT_MS)
    assert f"恢复计划 {plan_id}(备份 {dump.name},restore.ui.a" in panel.pending_label.text()
    assert "误删本月凭证" in panel.pending_label.text()
    # 双人复核 of the same console was told, and names the plan
    requests = window.requests_page
    qtbot.waitUntil(lambda: requests.model.find(plan_id) >= 0, timeout=WAIT_MS)
    row = requests.model.rows[requests.model.find(plan_id)]
    assert requests.model.text(row, "action") == "数据恢复"
    assert requests.model.text(row, "target") == f"备份 {dump.name}"
    assert page.poll_timer.isActive()  # watching for the approval
    page.pending_poll_ms = 200  # notice it sooner than a person would
    assert "备份后" in payers(live_server)  # nothing happens before the approval

    # administrator B, in a console of their own, approves with a fresh code
    window.login.secrets.token = None  # B's console logs in afresh, not as A
    other = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(other, AdminWindow)
    log_in_through_dialog(qtbot, other, live_server, second)
    other.show_page("requests")
    decide = other.requests_page
    qtbot.waitUntil(lambda: decide.model.find(plan_id) >= 0, timeout=WAIT_MS)
    decide.select_request(plan_id)
    assert decide.detail_values["action"].text() == "数据恢复"
    assert decide.detail_values["target"].text() == f"备份 {dump.name}"
    assert decide.detail_values["state"].text() == "待审批"
    live_server.clock.advance(dt.timedelta(minutes=6))  # B's login code is no longer fresh
    click(qtbot, decide.buttons["approve"])
    assert decide.pending_dialog is not None
    type_into(qtbot, decide.pending_dialog.text_edit, "已核实,同意恢复", enter=False)
    decide.pending_dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: decide.pending_prompt is not None, timeout=WAIT_MS)
    next_step(live_server)
    prompt = decide.pending_prompt
    type_into(qtbot, prompt.code_edit, code_now(live_server, second.totp_secret), enter=False)
    prompt.accept()

    # A's page notices and follows the restore phase by phase
    phases: list[str] = []
    states: list[str] = []
    status_line: set[str] = set()

    maintenance = "● 系统维护中(正在恢复数据),未提交的内容已保存在本机"

    def restored() -> bool:
        run = page.run_status
        status_line.add(window.connection_status.state_label.text())
        if run is None or run.trigger != "restore":
            return False
        phase = page.run_values["phase"].text()
        if not phases or phases[-1] != phase:
            phases.append(phase)
        if not states or states[-1] != page.run_values["state"].text():
            states.append(page.run_values["state"].text())
        return run.state is not RunState.RUNNING and page.message.text().startswith("恢复")

    try:  # held while it restores into the new database: seen running, then let go
        qtbot.waitUntil(
            lambda: (
                not restored() and phases[-1:] == ["恢复到新数据库"] and maintenance in status_line
            ),
            timeout=RESTORE_MS,
        )
        assert held.reached.is_set()
    finally:
        held.let_go()
    qtbot.waitUntil(restored, timeout=RESTORE_MS)
    assert decide.message.text().startswith(f"已批准:数据恢复 备份 {dump.name}(编号 {plan_id})")
    assert "恢复已开始" in decide.message.text()
    assert decide.detail_values["state"].text() == "已批准"
    assert page.run_status.state is RunState.DONE, page.run_status
    assert states[0] == "正在恢复…" and states[-1] == "恢复完成", states
    assert "恢复到新数据库" in phases and phases[-1] == "完成", phases
    assert phases == sorted(phases, key=PHASES.index), phases  # in the server's order
    assert maintenance in status_line

    report = page.answer.restores.reports[0]
    assert report.ok and report.plan_id == plan_id and report.old_database
    old = report.old_database
    assert page.message.text() == f"恢复完成,已切换到恢复后的数据库;原数据库保留为 {old}"
    assert page.run_box.title() == "最近一次恢复"
    assert page.run_values["trigger"].text() == "恢复"
    assert page.run_values["plan"].text() == f"编号 {plan_id}"
    assert page.run_values["source"].text() == f"备份 {dump.name}"
    assert page.run_values["old"].text() == old
    assert page.run_values["problems"].isHidden() and not page.progress.isVisible()
    # the report: success, the rows, the ledger, the chain, the database kept aside
    cells = report_cells(panel.reports, 0)
    assert cells["source"] == f"备份 {dump.name}" and cells["result"] == "成功"
    assert panel.reports.data(panel.reports.index(0, 2), Qt.ItemDataRole.ForegroundRole) == look.OK
    assert cells["rows"] == f"{sum(report.row_counts.values()):,}"
    debit, _, credit = cells["ledger"].partition(" = ")
    assert debit == credit
    assert cells["chain"] == f"完整({report.audit_records:,} 条)"
    assert cells["old"] == old and float(cells["seconds"]) > 0
    assert [o.name for o in panel.old.rows] == [old]
    assert panel.pending_label.isHidden()
    # the data is the backup's: the document entered after it is gone
    assert "备份前" in payers(live_server) and "备份后" not in payers(live_server)
    assert live_server.app.state.maintenance.state() is None
    qtbot.waitUntil(
        lambda: window.context.monitor.state is ConnectionState.CONNECTED, timeout=WAIT_MS
    )

    # the old database goes: confirmed, and with a fresh code
    assert not panel.drop_button.isEnabled()
    panel.old_table.selectRow(0)
    assert panel.drop_button.isEnabled()
    click(qtbot, panel.drop_button)
    box = panel.pending_confirm
    assert box is not None and old in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: page.pending_prompt is not None, timeout=WAIT_MS)
    next_step(live_server)
    code = page.pending_prompt
    type_into(qtbot, code.code_edit, code_now(live_server, first.totp_secret), enter=False)
    code.accept()
    qtbot.waitUntil(lambda: panel.old.rowCount() == 0, timeout=WAIT_MS)
    assert page.message.text() == f"已删除旧数据库 {old}"
    assert report_cells(panel.reports, 0)["old"] == f"{old}(已删除)"
    with UnitOfWork(live_server.engine).transaction() as session:
        gone = session.execute(
            text("SELECT count(*) FROM pg_database WHERE datname = :name"), {"name": old}
        ).scalar_one()
    assert gone == 0
    assert log_in(live_server, first).admin.requests(RequestState.PENDING) == []


def test_a_damaged_backup_fails_the_restore_and_leaves_the_data_alone(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    first = add_user(live_server, "restore.bad.a", [Role.ADMIN])
    second = log_in(live_server, add_user(live_server, "restore.bad.b", [Role.ADMIN]))
    planner = log_in(live_server, first)
    planner.admin.back_up_now()
    live_server.app.state.backup_runner.wait(BACKUP_MS / 1000)
    dump = planner.admin.backups().backups[0]
    plan = planner.restores.file_plan(
        RestorePlanIn(source=RestoreSource.BACKUP, backup=dump.name, reason="测试损坏的备份")
    )
    with (live_server.settings.backups / dump.name).open("ab") as damaged:
        damaged.write(b"not part of the dump")
    before = payers(live_server)

    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, first)
    window.show_page("backups")
    page, panel = window.backups_page, window.backups_page.restore_panel
    qtbot.waitUntil(lambda: f"恢复计划 {plan.id}(" in panel.pending_label.text(), timeout=WAIT_MS)
    page.pending_poll_ms = 200
    second.admin.approve_request(plan.id, "同意")
    qtbot.waitUntil(lambda: page.message.text().startswith("恢复失败"), timeout=RESTORE_MS)
    assert page.message.text() == (
        "恢复失败,原数据库未改动:the backup's SHA-256 differs from its manifest: damaged"
    )
    assert state_of(page.message) == "error"
    assert page.run_values["state"].text() == "恢复失败"
    assert page.run_values["old"].isHidden() and page.run_values["problems"].isVisible()
    cells = report_cells(panel.reports, 0)
    assert cells["result"].startswith("失败:the backup's SHA-256 differs")
    assert (
        panel.reports.data(panel.reports.index(0, 2), Qt.ItemDataRole.ForegroundRole) == look.ERROR
    )
    assert cells["old"] == "—"
    assert payers(live_server) == before
    assert live_server.app.state.maintenance.state() is None


def test_the_point_in_time_dialog_checks_before_sending(qtbot: QtBot) -> None:
    # a fixed moment in the past, across a month and year end in office time
    now = dt.datetime(2025, 12, 31, 16, 30, tzinfo=dt.UTC)
    coverage = CoverageOut(earliest=now - dt.timedelta(hours=2), latest=now)
    dialog = RestoreDialog(
        source=RestoreSource.POINT_IN_TIME, backups=[], selected=None, coverage=coverage
    )
    qtbot.addWidget(dialog)
    sent: list[RestorePlanIn] = []
    dialog.plan_ready.connect(sent.append)
    local = (now - dt.timedelta(hours=2)).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert dialog.coverage_label.text().startswith(f"可按时间点恢复:{local} 至 ")
    # the edit shows local time and will not go before the archive's start
    assert dialog.time_edit.minimumDateTime().toString("yyyy-MM-dd HH:mm:ss") == local
    dialog.time_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(now.timestamp()) - 3 * 3600))
    assert dialog.time_edit.dateTime().toString("yyyy-MM-dd HH:mm:ss") == local
    moment = now - dt.timedelta(minutes=30)
    dialog.time_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())))
    dialog.submit()
    assert sent == [] and dialog.error_label.text() == "请填写恢复原因(至少 2 个字)"
    type_into(qtbot, dialog.reason_edit, "回退误操作", enter=False)
    dialog.submit()
    assert len(sent) == 1 and not dialog.buttons.isEnabled()
    plan = sent[0]
    assert plan.source is RestoreSource.POINT_IN_TIME and plan.target_time == moment
    assert plan.reason == "回退误操作"
    # the server's refusal comes back into the dialog, the field it names focused
    dialog.refused("恢复时间点须在 A 与 B 之间(恢复时间点)", "target_time")
    assert dialog.buttons.isEnabled() and dialog.error_label.text().startswith("恢复时间点须在")
    # 最新: as late as the archive goes, no moment sent
    dialog.latest_check.setChecked(True)
    assert not dialog.time_edit.isEnabled()
    dialog.submit()
    assert sent[-1].target_time is None


def test_the_status_line_says_maintenance_while_the_server_restores(
    qtbot: QtBot, client_home: Path, live_server: LiveServer
) -> None:
    shell = open_workbench(qtbot, make_context(live_server.url, trusted=True))
    monitor, label = shell.context.monitor, shell.connection_status.state_label
    qtbot.waitUntil(lambda: monitor.state is ConnectionState.CONNECTED, timeout=WAIT_MS)
    assert label.text() == "● 已连接"
    gate = live_server.app.state.maintenance
    gate.update({"reason": "restore", "plan": 1, "phase": "restore"})
    try:
        qtbot.waitUntil(lambda: monitor.state is ConnectionState.MAINTENANCE, timeout=WAIT_MS)
        assert label.text() == "● 系统维护中(正在恢复数据),未提交的内容已保存在本机"
        assert state_of(label) == "warn"
        assert monitor.last_health is not None and monitor.last_health.maintenance == "restore"
    finally:
        gate.leave()
    qtbot.waitUntil(lambda: monitor.state is ConnectionState.CONNECTED, timeout=WAIT_MS)
    assert label.text() == "● 已连接"

"""Words and tables of the restore screens (DOMAIN.md "Backup and restore").

The server sends codes — a run's phase ('prepare' … 'switch', 'done'), a plan's
source ('backup', 'point_in_time'), a report's checks — and UTC times; these
turn them into what an administrator reads, in local time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from client.admin.backups.model import FilesModel, size_text
from client.admin.periods.names import when_exact
from client.widgets import look
from client.widgets.rows_model import RowsModel
from common.money import format_money
from common.schemas.admin_requests import AdminRequestOut, RequestState
from common.schemas.backups import BackupRunOut, RunState
from common.schemas.restores import (
    RESTORE_PLAN,
    CoverageOut,
    OldDatabaseOut,
    RestoreReportOut,
    RestoreSource,
)

_Index = QModelIndex | QPersistentModelIndex

RESTORE_TRIGGER = "restore"  # BackupRunOut.trigger of a restore


def _t(text: str) -> str:
    return QCoreApplication.translate("Restores", text)


def phase_name(phase: str | None) -> str:
    """What a restore is doing, in the order the server goes through it."""
    names = {
        "prepare": _t("准备:进入维护模式"),
        "checksum": _t("校验备份文件"),
        "recover": _t("按时间点重放日志"),
        "restore": _t("恢复到新数据库"),
        "verify": _t("核对行数、余额与日志链"),
        "migrate": _t("升级数据库结构"),
        "switch": _t("切换数据库"),
        "done": _t("完成"),
    }
    return names.get(phase or "", phase or "—")


def is_restore(run: BackupRunOut | None) -> bool:
    return run is not None and run.trigger == RESTORE_TRIGGER


def restore_running(run: BackupRunOut | None) -> bool:
    return is_restore(run) and run is not None and run.state is RunState.RUNNING


def restore_state_text(run: BackupRunOut) -> str:
    if run.state is RunState.RUNNING:
        return _t("正在恢复…")
    if run.state is RunState.DONE:
        return _t("恢复完成")
    return _t("恢复失败")


def restore_ended_text(run: BackupRunOut, report: RestoreReportOut | None) -> str:
    """What the page says when a restore it followed has ended."""
    if run.state is RunState.DONE:
        old = report.old_database if report is not None else None
        return _t("恢复完成,已切换到恢复后的数据库;原数据库保留为 {old}").format(old=old or "—")
    return _t("恢复失败,原数据库未改动:{problems}").format(problems=";".join(run.problems) or "—")


def coverage_text(coverage: CoverageOut | None) -> str:
    if coverage is None or coverage.earliest is None or coverage.latest is None:
        return _t("尚无基础备份与日志归档,只能从完整备份恢复")
    return _t("可按时间点恢复:{earliest} 至 {latest}").format(
        earliest=when_exact(coverage.earliest), latest=when_exact(coverage.latest)
    )


def has_coverage(coverage: CoverageOut | None) -> bool:
    return coverage is not None and coverage.earliest is not None and coverage.latest is not None


def source_text(source: RestoreSource, backup: str | None, target_time: dt.datetime | None) -> str:
    """'备份 NAME', '时间点 2026-10-09 14:30:00' or '最新'."""
    if source is RestoreSource.BACKUP:
        return _t("备份 {name}").format(name=backup or "—")
    if target_time is None:
        return _t("最新")
    return _t("时间点 {moment}").format(moment=when_exact(target_time))


def pending_plans(requests: list[AdminRequestOut]) -> list[AdminRequestOut]:
    """Restore plans still waiting for a second administrator, oldest first."""
    waiting = [r for r in requests if r.action == RESTORE_PLAN and r.state is RequestState.PENDING]
    return sorted(waiting, key=lambda r: r.id)


def report_of(reports: list[RestoreReportOut], run: BackupRunOut | None) -> RestoreReportOut | None:
    """The report of this restore run. Plan ids repeat after a restore (the
    restored database numbers its requests again), so the report must also
    have begun after the run started."""
    if run is None or run.plan_id is None or run.started_at is None:
        return None
    started = run.started_at
    mine = [r for r in reports if r.plan_id == run.plan_id and r.started_at >= started]
    return min(mine, key=lambda r: r.started_at) if mine else None


def plan_of(plans: dict[int, AdminRequestOut], run: BackupRunOut | None) -> AdminRequestOut | None:
    """The waiting plan a restore run carries out, if this page saw it waiting
    (filed before the run started: ids repeat after a restore)."""
    if run is None or run.plan_id is None or run.started_at is None:
        return None
    plan = plans.get(run.plan_id)
    return plan if plan is not None and plan.requested_at <= run.started_at else None


def ledger_text(ledger: dict[str, str]) -> str:
    """'1,200.00 = 1,200.00' (debit = credit), '≠' when they differ."""
    try:
        debit, credit = Decimal(ledger["debit"]), Decimal(ledger["credit"])
    except (KeyError, InvalidOperation):
        return "—"
    sign = "=" if debit == credit else "≠"
    return f"{format_money(debit)} {sign} {format_money(credit)}"


def chain_text(report: RestoreReportOut) -> str:
    ok = report.checks.get("audit_chain")
    if ok is None:
        return "—"
    if ok:
        return _t("完整({count} 条)").format(count=f"{report.audit_records:,}")
    return _t("断裂")


class ReportsModel(RowsModel[RestoreReportOut]):
    """The verification reports of the restores, newest first (as sent)."""

    COLUMNS = ("started_at", "source", "result", "rows", "ledger", "chain", "old", "seconds")
    RIGHT = frozenset({"rows", "ledger", "seconds"})

    def __init__(self) -> None:
        super().__init__()
        self.kept: set[str] = set()  # old databases still there

    def titles(self) -> dict[str, str]:
        return {
            "started_at": self.tr("开始时间"),
            "source": self.tr("来源"),
            "result": self.tr("结果"),
            "rows": self.tr("行数"),
            "ledger": self.tr("借方合计=贷方合计"),
            "chain": self.tr("日志链"),
            "old": self.tr("保留的旧数据库"),
            "seconds": self.tr("耗时(秒)"),
        }

    def set_reports(self, reports: list[RestoreReportOut], kept: set[str]) -> None:
        self.kept = kept
        self.set_rows(reports)

    def text(self, row: RestoreReportOut, column: str) -> str:
        if column == "started_at":
            return when_exact(row.started_at)
        if column == "source":
            return source_text(row.source, row.backup, row.target_time)
        if column == "result":
            if row.ok:
                return self.tr("成功")
            return self.tr("失败:{problems}").format(problems=";".join(row.problems) or "—")
        if column == "rows":
            return f"{sum(row.row_counts.values()):,}" if row.row_counts else "—"
        if column == "ledger":
            return ledger_text(row.ledger)
        if column == "chain":
            return chain_text(row)
        if column == "old":
            if not row.old_database:
                return "—"
            if row.old_database in self.kept:
                return row.old_database
            return self.tr("{name}(已删除)").format(name=row.old_database)
        if column == "seconds":
            return f"{row.seconds:.1f}"
        return ""

    def colour(self, row: RestoreReportOut, column: str) -> QColor | None:
        if column == "result":
            return look.OK if row.ok else look.ERROR
        if column == "chain" and row.checks.get("audit_chain") is False:
            return look.ERROR
        if column == "ledger" and row.checks.get("ledger_balanced") is False:
            return look.ERROR
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == "result":
            row = self.rows[index.row()]
            return "\n".join(row.problems) or None
        return super().data(index, role)


class OldDatabasesModel(FilesModel[OldDatabaseOut]):
    """The databases restores renamed aside, until an administrator drops them."""

    COLUMNS = ("name", "size")

    def titles(self) -> dict[str, str]:
        return {"name": self.tr("旧数据库"), "size": self.tr("大小(MB)")}

    def text(self, row: OldDatabaseOut, column: str) -> str:
        if column == "name":
            return row.name
        if column == "size":
            return size_text(row.bytes)
        return ""

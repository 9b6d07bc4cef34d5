"""The shown report to Excel, for the reports screen (导出 Excel).

The server writes the workbook — the report computed again with the very
parameters shown, laid out as the table, real numbers, the title, filters and
who exported it when — as an export job (client/api/reports.py). Here the
parameters of the shown report become the export's, the job is followed in the
background with a progress dialog that can cancel it, and the file lands where
the user chose. The GUI never waits: the dialog is shown, not executed.

The strings keep the page's translation context (they are the page's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from client.api import ServerUnreachable
from client.api.transport import DownloadCancelled
from client.shell.page_context import PageContext
from client.widgets.errors import describe
from client.workbench.reports.report_output import ShownReport
from common.schemas.report_exports import PARAMETERS, ReportName
from common.schemas.report_versions import VERSIONED_REPORTS, ReportVersionDetailOut

Say = Callable[[str, bool], None]  # a message under the table; True: an error

# the screen's parameter names that the export names otherwise
_RENAMED = {"account": "account_id"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportsPage", text)


def export_parameters(shown: ShownReport) -> tuple[ReportName, dict[str, object]]:
    """The export's report and parameters: those the shown report ran with (its
    route's names; a parameter the screen does not set keeps its default, as
    on screen — posted_only among them)."""
    report = ReportName(shown.definition.key)
    known = PARAMETERS[report].model_fields
    params: dict[str, object] = {}
    for name, value in shown.params.items():
        field = _RENAMED.get(name, name)
        if field in known:
            params[field] = value.isoformat() if isinstance(value, dt.date) else value
    return report, params


def ask_target(
    parent: QWidget, title: str, suggested: str, chosen: Callable[[Path], None]
) -> QFileDialog:
    """Where to save: a dialog opened, not executed (the page goes on meanwhile);
    ``chosen`` hears the file once the user accepts."""
    dialog = QFileDialog(parent, title, suggested, "Excel (*.xlsx)")
    dialog.setObjectName("reportExcelFile")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("xlsx")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda name: chosen(Path(name)))
    dialog.open()
    return dialog


class _Progress(QObject):
    """Carries the job's progress (rows written, rows in all) from the worker
    thread to the dialog."""

    advanced = Signal(int, int)


def export_excel(
    parent: QWidget, *, context: PageContext, shown: ShownReport, target: Path, say: Say
) -> QProgressDialog | None:
    """Start the export and follow it; the progress dialog (None when there is
    no connection). A refusal (export right, scope, a parameter) is said in red."""
    report, params = export_parameters(shown)
    dialog = QProgressDialog(_tr("正在导出 Excel…"), _tr("取消"), 0, 0, parent)
    dialog.setObjectName("reportExcelProgress")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    relay = _Progress(dialog)
    cancelled = {"yes": False}
    dialog.canceled.connect(lambda: cancelled.update(yes=True))

    def advanced(written: int, total: int) -> None:
        if total and written:
            dialog.setMaximum(total)
            dialog.setValue(min(written, total))

    relay.advanced.connect(advanced)

    def keep_going(written: int, total: int) -> bool:
        relay.advanced.emit(written, total)
        return not cancelled["yes"]

    def done(_rows: int) -> None:
        dialog.reset()
        dialog.deleteLater()
        say(_tr("已导出到 {path}").format(path=target), False)

    def failed(error: Exception) -> bool:
        dialog.reset()
        dialog.deleteLater()
        if isinstance(error, DownloadCancelled):
            say(_tr("导出已取消"), False)
            return True
        say(_tr("导出失败:{error}").format(error=describe(error)), True)
        return True

    say(_tr("正在导出 Excel…"), False)
    dialog.show()
    if not context.run(
        parent,
        lambda api: api.reports.export_excel(report, params, target, progress=keep_going),
        done,
        failure=failed,
    ):
        dialog.reset()
        dialog.deleteLater()
        say(
            _tr("导出失败:{error}").format(error=describe(ServerUnreachable("not connected"))), True
        )
        return None
    return dialog


VERSIONED_KEYS = frozenset(report.value for report in VERSIONED_REPORTS)


def can_save_version(shown: ShownReport | None) -> bool:
    """Statements are saved as versions for sign-off (报表审核)."""
    return shown is not None and shown.definition.key in VERSIONED_KEYS


def save_version(
    parent: QWidget,
    *,
    context: PageContext,
    shown: ShownReport,
    say: Say,
    saved: Callable[[ReportVersionDetailOut], None] = lambda _version: None,
) -> bool:
    """保存版本: the server computes the shown statement again with its parameters
    and saves it for a reviewer to sign (the same numbers: the same function)."""
    report, params = export_parameters(shown)

    def done(version: ReportVersionDetailOut) -> None:
        say(_tr("已保存为版本 #{id},等待审核人签字").format(id=version.id), False)
        saved(version)

    def failed(error: Exception) -> bool:
        say(_tr("未保存:{error}").format(error=describe(error)), True)
        return True

    say(_tr("正在保存版本…"), False)
    return context.run(
        parent, lambda api: api.report_versions.prepare(report, params), done, failure=failed
    )

"""The shown report on paper and in a PDF, for the reports screen.

``printed_report`` takes the cells as the table shows them and the chart as an
image. ``export_pdf`` writes the file in the background, then reports it to the
server for the operation log with its number of data rows (DOMAIN.md: every
export is logged with its row count): a ledger's opening balance and a 合计
line are not data. The PDF stays whatever happens to the logging; a failure to
log is said in red like any other.

The strings keep the page's translation context (they were the page's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QWidget

from client.api import ServerUnreachable
from client.core.ops import QueryOp
from client.shell.page_context import PageContext
from client.widgets.errors import describe
from client.workbench.reports import report_pdf
from client.workbench.reports.report_chart import ChartData, chart_image
from client.workbench.reports.report_pdf import PrintedReport
from client.workbench.reports.report_spec import Fetched, Params, ReportDefinition
from client.workbench.reports.report_table_model import ReportTableModel

CHART_PRINT_SIZE = QSize(720, 320)  # points; printed 560 wide, so its text stays legible
LOGGED_TITLE, LOGGED_PARAMETERS = 64, 500  # what the operation log keeps of an export

Say = Callable[[str, bool], None]  # a message under the table; True: an error


@dataclass(frozen=True)
class ShownReport:
    """What the table and the chart show now, as it was asked for."""

    definition: ReportDefinition
    params: Params
    described: str  # the parameters in words, as they were when it ran
    fetched: Fetched
    made_by: str
    made_at: dt.datetime  # local time


def printed_report(
    shown: ShownReport, model: ReportTableModel, chart: ChartData | None
) -> PrintedReport:
    """Cells as the table shows them, bold where it is bold, the chart as an image
    (drawn here: call on the GUI thread)."""
    body = range(len(model.rows))
    columns = range(model.columnCount())
    note = shown.definition.note(shown.fetched)
    made = QCoreApplication.translate("ReportsPage", "制表人:{who}    制表时间:{when}").format(
        who=shown.made_by, when=shown.made_at.strftime("%Y-%m-%d %H:%M")
    )
    return PrintedReport(
        title=shown.definition.title(),
        lines=(shown.described, *((note,) if note else ()), made),
        made_by=shown.made_by,
        headers=tuple(model.headers()),
        numeric=tuple(column.kind.numeric for column in model.columns),
        rows=tuple(tuple(model.text(row, column) for column in columns) for row in body),
        levels=tuple(model.level(row) for row in body),
        bold=tuple(model.is_bold(row) for row in body),
        total=(
            tuple(model.text(len(model.rows), column) for column in columns)
            if model.total is not None
            else None
        ),
        chart=chart_image(chart, CHART_PRINT_SIZE) if chart is not None else None,
    )


def export_pdf(
    parent: QWidget,
    *,
    context: PageContext,
    shown: ShownReport,
    report: PrintedReport,
    target: Path,
    say: Say,
) -> None:
    """Asked of the server first (it checks the export right, 导出权限, and logs the
    report's title, parameters in words and rows), then the PDF is written in
    the background: a refused export leaves no file."""
    say(QCoreApplication.translate("ReportsPage", "正在导出…"), False)
    title = shown.definition.title()[:LOGGED_TITLE]
    parameters = shown.described[:LOGGED_PARAMETERS]
    rows = len(shown.fetched.rows)

    def written(_size: int) -> None:
        done = QCoreApplication.translate("ReportsPage", "已导出到 {path}")
        say(done.format(path=target), False)

    def failed(error: Exception) -> None:
        text = QCoreApplication.translate("ReportsPage", "导出失败:{error}")
        say(text.format(error=error), True)

    def allowed(_none: None) -> None:
        QueryOp(
            parent=parent,
            op=lambda: report_pdf.write_pdf(report, target),
            success=written,
            failure=failed,
        ).run()

    def refused(text: str) -> None:
        say(QCoreApplication.translate("ReportsPage", "未导出:{error}").format(error=text), True)

    if not context.run(
        parent,
        lambda api: api.reports.log_export(title, parameters, rows),
        allowed,
        say=refused,
    ):
        refused(describe(ServerUnreachable("not connected")))

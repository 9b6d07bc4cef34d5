"""A report on paper or in a PDF: title, parameters, who made it and when, the
table as shown (bold where the screen is bold, numbers right-aligned, the
account tree indented; the header repeats on every page) and the chart below it.

``write_pdf`` uses only QTextDocument, QImage and QPdfWriter, which may be used
off the GUI thread, so the page writes the file in the background; the PDF's
document properties carry the title and who made it (DOMAIN.md: every exported
file says who exported it, when and with which filters)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import (
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

from client.widgets.fonts import PRINT_FAMILY
from client.widgets.print_preview import PrintPreview, open_preview

CHART_URL = QUrl("countersign://report-chart.png")
CHART_WIDTH = 560  # document units: inside the text width of A4, portrait or landscape
WIDE = 6  # tables with more columns are printed on landscape pages
INDENT = "&nbsp;" * 4


@dataclass(frozen=True)
class PrintedReport:
    title: str
    lines: tuple[str, ...]  # parameters, who and when
    made_by: str
    headers: tuple[str, ...]
    numeric: tuple[bool, ...]  # per column: right-aligned
    rows: tuple[tuple[str, ...], ...]
    levels: tuple[int, ...]
    bold: tuple[bool, ...]  # per row: an opening balance, a top-level account
    total: tuple[str, ...] | None
    chart: QImage | None


def report_html(report: PrintedReport) -> str:
    def cell(text: str, column: int, *, level: int = 0, bold: bool = False) -> str:
        align = " align='right'" if report.numeric[column] else ""
        style = " style='font-weight: bold'" if bold else ""
        indent = INDENT * level if column == 0 else ""
        return f"<td{align}{style}>{indent}{html.escape(text)}</td>"

    head = "".join(
        f"<th{' align=right' if numeric else ''}>{html.escape(text)}</th>"
        for text, numeric in zip(report.headers, report.numeric, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(cell(text, column, level=level, bold=bold) for column, text in enumerate(row))
        + "</tr>"
        for row, level, bold in zip(report.rows, report.levels, report.bold, strict=True)
    )
    if report.total is not None:
        cells = (cell(text, column, bold=True) for column, text in enumerate(report.total))
        body += "<tr>" + "".join(cells) + "</tr>"
    lines = "".join(f"<p style='margin: 2px 0'>{html.escape(line)}</p>" for line in report.lines)
    picture = ""
    if report.chart is not None and not report.chart.isNull():
        height = round(CHART_WIDTH * report.chart.height() / max(report.chart.width(), 1))
        picture = (
            f"<p align='center'><img src='{CHART_URL.toString()}'"
            f" width='{CHART_WIDTH}' height='{height}'></p>"
        )
    return f"""
<html><body style="font-family: '{PRINT_FAMILY}', sans-serif; font-size: 9pt">
<h2 align="center">{html.escape(report.title)}</h2>
{lines}
<table width="100%" border="1" cellspacing="0" cellpadding="3" style="border-collapse: collapse">
<thead><tr>{head}</tr></thead>
{body}
</table>
{picture}
</body></html>"""


def report_document(report: PrintedReport) -> QTextDocument:
    document = QTextDocument()
    if report.chart is not None:
        document.addResource(QTextDocument.ResourceType.ImageResource, CHART_URL, report.chart)
    document.setHtml(report_html(report))
    return document


def _layout(report: PrintedReport) -> QPageLayout:
    wide = len(report.headers) > WIDE
    orientation = QPageLayout.Orientation.Landscape if wide else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(15, 12, 15, 12))


def write_pdf(report: PrintedReport, path: Path) -> int:
    """Write the PDF; returns its size in bytes. Safe to call off the GUI thread."""
    writer = QPdfWriter(str(path))
    writer.setTitle(report.title)
    writer.setCreator(f"Countersign — {report.made_by}")
    writer.setResolution(300)
    writer.setPageLayout(_layout(report))
    print_to(report, writer)
    del writer  # the file is complete once the writer is gone
    return path.stat().st_size


def print_to(report: PrintedReport, device: QPagedPaintDevice) -> None:
    report_document(report).print_(device)


def preview(parent: QWidget, report: PrintedReport) -> PrintPreview:
    return open_preview(
        parent,
        name="reportPreview",
        title=report.title,
        layout=_layout(report),
        paint=lambda device: print_to(report, device),
    )

"""The printed voucher in the usual layout: title, unit, date, number, attachments;
summary / account / debit / credit; totals with the amount in capitals; the
signature line (会计主管 记账 审核 出纳 制单)."""

from __future__ import annotations

import html
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from client.widgets.fonts import PRINT_FAMILY
from client.widgets.print_preview import PrintPreview, open_preview
from common.money import format_money, to_capitals

ZERO = Decimal("0.00")


def _labels() -> dict[str, str]:
    # each call spelled out: lupdate finds only literal QCoreApplication.translate calls
    return {
        "记账凭证": QCoreApplication.translate("VoucherPrint", "记账凭证"),
        "核算单位": QCoreApplication.translate("VoucherPrint", "核算单位"),
        "日期": QCoreApplication.translate("VoucherPrint", "日期"),
        "凭证号": QCoreApplication.translate("VoucherPrint", "凭证号"),
        "摘要": QCoreApplication.translate("VoucherPrint", "摘要"),
        "会计科目": QCoreApplication.translate("VoucherPrint", "会计科目"),
        "借方金额": QCoreApplication.translate("VoucherPrint", "借方金额"),
        "贷方金额": QCoreApplication.translate("VoucherPrint", "贷方金额"),
        "合计": QCoreApplication.translate("VoucherPrint", "合计"),
        "附单据": QCoreApplication.translate("VoucherPrint", "附单据"),
        "张": QCoreApplication.translate("VoucherPrint", "张"),
        "会计主管": QCoreApplication.translate("VoucherPrint", "会计主管"),
        "记账": QCoreApplication.translate("VoucherPrint", "记账"),
        "审核": QCoreApplication.translate("VoucherPrint", "审核"),
        "出纳": QCoreApplication.translate("VoucherPrint", "出纳"),
        "制单": QCoreApplication.translate("VoucherPrint", "制单"),
    }


def voucher_html(data: dict[str, Any]) -> str:
    label = _labels()
    lines: list[tuple[str, str, Decimal | None, Decimal | None]] = data["lines"]
    debit = sum((d or ZERO for _, _, d, _ in lines), ZERO)
    credit = sum((c or ZERO for _, _, _, c in lines), ZERO)
    rows = "".join(
        "<tr><td>{}</td><td>{}</td><td align='right'>{}</td><td align='right'>{}</td></tr>".format(
            html.escape(summary),
            html.escape(account),
            format_money(d) if d else "",
            format_money(c) if c else "",
        )
        for summary, account, d, c in lines
    )
    capitals = to_capitals(debit) if debit == credit and debit else ""
    total_cells = (
        f"<td align='right'><b>{format_money(debit)}</b></td>"
        f"<td align='right'><b>{format_money(credit)}</b></td>"
    )
    title = html.escape(str(data["type"]).split("(")[0].split(" (")[0]) or label["记账凭证"]
    return f"""
<html><body style="font-family: '{PRINT_FAMILY}', sans-serif; font-size: 10pt">
<h2 align="center" style="letter-spacing: 8px">{title}</h2>
<table width="100%"><tr>
<td>{label["核算单位"]}:{html.escape(str(data["unit"]))}</td>
<td align="center">{label["日期"]}:{html.escape(str(data["date"]))}</td>
<td align="right">{label["凭证号"]}:{html.escape(str(data["number"]) or "—")}</td>
</tr></table>
<table width="100%" border="1" cellspacing="0" cellpadding="4">
<tr><th width="32%">{label["摘要"]}</th><th width="32%">{label["会计科目"]}</th>
<th width="18%">{label["借方金额"]}</th><th width="18%">{label["贷方金额"]}</th></tr>
{rows}
<tr><td colspan="2"><b>{label["合计"]}</b>:{capitals}</td>{total_cells}</tr>
</table>
<p>{label["附单据"]} {data["attachments"]} {label["张"]}</p>
<table width="100%"><tr>
<td>{label["会计主管"]}:</td><td>{label["记账"]}:</td><td>{label["审核"]}:</td>
<td>{label["出纳"]}:</td><td>{label["制单"]}:{html.escape(str(data["maker"]))}</td>
</tr></table>
</body></html>"""


def _document(data: dict[str, Any]) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(voucher_html(data))
    return document


def _landscape() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A5),
        QPageLayout.Orientation.Landscape,
        QMarginsF(12, 10, 12, 10),
    )


def preview(parent: QWidget, data: dict[str, Any]) -> PrintPreview:
    """Open the print preview (the user prints or saves PDF from there)."""
    document = _document(data)
    return open_preview(
        parent, name="voucherPreview", title="", layout=_landscape(), paint=document.print_
    )


def save_pdf(data: dict[str, Any], path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageLayout(_landscape())
    _document(data).print_(printer)

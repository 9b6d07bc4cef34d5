"""The printed query list: a title, the filters in words, who printed it and when,
the rows as the screen shows them (with the unit, which paper cannot hover over),
and the totals of the whole filtered set. Past the cap, the list says plainly that
it is not the whole set and how to get all of it."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from PySide6.QtCore import QMarginsF, QObject
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtWidgets import QWidget

from client.widgets import look
from client.widgets.fonts import PRINT_FAMILY
from client.widgets.print_preview import PrintPreview, open_preview
from client.workbench.query.results_model import cells, headers
from common.schemas.search import SearchRowOut

RIGHT = (0, 5, 9)  # the row number, the amount and 附件 (after 序号 and 单位 are added)


@dataclass(frozen=True)
class PrintedList:
    title: str
    filters: list[tuple[str, str]]  # caption, value in words
    printed_by: str
    printed_at: dt.datetime
    rows: list[SearchRowOut]
    totals: str  # the totals line of the whole filtered set, as on screen
    total_count: int
    capped: bool  # more rows match than are listed
    unit_names: dict[int, str] = field(default_factory=dict)


class QueryPrint(QObject):
    """The printed list's own words (a QObject so that they are ``self.tr`` strings,
    which the translation check follows)."""

    def labels(self) -> dict[str, str]:
        return {
            "条件": self.tr("查询条件"),
            "不限": self.tr("不限(权限范围内的全部单据)"),
            "打印人": self.tr("打印人"),
            "打印时间": self.tr("打印时间"),
            "序号": self.tr("序号"),
            "单位": self.tr("单位"),
            "合计": self.tr("合计"),
            "列出": self.tr("本表列出 {shown} 笔"),
            "截断": self.tr("符合条件的共 {count} 笔,超过打印上限,本表只列出前 {shown} 笔。"),
            "建议": self.tr("请缩小查询条件分批打印,或导出 Excel 取得全部。"),
        }


def list_html(data: PrintedList) -> str:
    label = QueryPrint().labels()
    conditions = ";".join(
        f"{html.escape(caption)}:{html.escape(value)}" for caption, value in data.filters
    )
    names = headers()
    columns = [label["序号"], *names[:3], label["单位"], *names[3:]]
    head = "".join(f"<th>{html.escape(name)}</th>" for name in columns)
    body = []
    for number, row in enumerate(data.rows, start=1):
        shown = cells(row)
        values = [str(number), *shown[:3], data.unit_names.get(row.unit_id, ""), *shown[3:]]
        body.append(
            "<tr>"
            + "".join(
                f"<td align='right'>{html.escape(value)}</td>"
                if index in RIGHT
                else f"<td>{html.escape(value)}</td>"
                for index, value in enumerate(values)
            )
            + "</tr>"
        )
    shown_count = label["列出"].format(shown=len(data.rows))
    capped = ""
    if data.capped:
        note = label["截断"].format(count=data.total_count, shown=len(data.rows)) + label["建议"]
        capped = f"<p style='color: {look.ERROR.name()}'><b>{html.escape(note)}</b></p>"
    stamp = data.printed_at.strftime("%Y-%m-%d %H:%M")
    return f"""
<html><body style="font-family: '{PRINT_FAMILY}', sans-serif; font-size: 9pt">
<h2 align="center">{html.escape(data.title)}</h2>
<p>{label["条件"]}:{conditions or label["不限"]}</p>
<table width="100%"><tr>
<td>{label["打印人"]}:{html.escape(data.printed_by)}</td>
<td align="right">{label["打印时间"]}:{stamp}</td>
</tr></table>
{capped}
<table width="100%" border="1" cellspacing="0" cellpadding="3">
<thead><tr>{head}</tr></thead>
{"".join(body)}
</table>
<p><b>{label["合计"]}</b>:{html.escape(data.totals)}({html.escape(shown_count)})</p>
</body></html>"""


def list_document(data: PrintedList) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(list_html(data))
    return document


def _page() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(12, 12, 12, 12),
    )


def preview(parent: QWidget, data: PrintedList) -> PrintPreview:
    document = list_document(data)
    return open_preview(
        parent, name="queryPreview", title="", layout=_page(), paint=document.print_
    )

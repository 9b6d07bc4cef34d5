"""The pages of the 电子会计档案 copy that the server draws itself: the printed
document (the voucher layout of client/workbench/entry/voucher_print.py), each
picture of an image attachment on a page of its own, and for an OFD file a page
naming it (OFD is not rendered here: its reader is not a dependency).

There is no Qt on the server, so the pages are drawn with fpdf2 in the Chinese
font the client ships (resources/fonts), embedded as a subset so the archive
reads the same on any machine; the text stays text (searchable, copyable).
The archive is the office's record, so it is in Chinese, as the paper voucher is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

from common.money import format_money, to_capitals
from resources import RESOURCE_DIR

CJK_FONT = RESOURCE_DIR / "fonts" / "NotoSansCJKsc-Regular-GBK.otf"
_FAMILY = "cjk"
_MARGIN = 10.0  # mm, every side
_ROW = 7.0  # mm, one table row
_A5 = (148.0, 210.0)  # mm; the printed voucher's paper, turned to landscape
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Line:
    summary: str
    account: str
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True)
class DocumentPage:
    """What the printed document shows, already in words."""

    title: str
    unit: str
    doc_date: dt.date
    number: str
    status: str
    amount: Decimal
    attachment_pages: int
    maker: str
    paper_reason: str = ""  # what paper pages are kept outside, if any
    reviewers: Sequence[str] = ()
    details: Sequence[tuple[str, str]] = ()  # a record's fields, label and value
    lines: Sequence[Line] = ()  # a voucher's entries
    files: Sequence[tuple[str, str, int]] = field(default_factory=tuple)  # name, type, pages


def _new_pdf() -> FPDF:
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.set_auto_page_break(True, margin=_MARGIN)
    pdf.add_font(_FAMILY, fname=str(_font_path()))
    pdf.set_font(_FAMILY, size=10)
    pdf.set_creator("Countersign")
    return pdf


@cache
def _font_path() -> Path:
    if not CJK_FONT.is_file():  # a broken install: say which file is missing
        raise FileNotFoundError(CJK_FONT)
    return CJK_FONT


def _cell(
    pdf: FPDF, width: float, text: str, *, align: str = "L", border: Literal[0, 1] = 0
) -> None:
    pdf.cell(width, _ROW, text, border=border, align=align)


def _end_row(pdf: FPDF) -> None:
    pdf.ln(_ROW)


def document_pdf(page: DocumentPage) -> bytes:
    """The document as printed: title, unit/date/number, its entries or fields,
    the total in figures and capitals, 附单据 N 张, the list of files, signatures."""
    pdf = _new_pdf()
    pdf.add_page(orientation="L", format=_A5)
    width = pdf.epw
    pdf.set_font(_FAMILY, size=16)
    pdf.cell(width, 10, " ".join(page.title), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FAMILY, size=10)
    third = width / 3
    _cell(pdf, third, f"核算单位:{page.unit}")
    _cell(pdf, third, f"日期:{page.doc_date.isoformat()}", align="C")
    _cell(pdf, third, f"编号:{page.number or '—'}", align="R")
    _end_row(pdf)
    if page.lines:
        _lines_table(pdf, page, width)
    else:
        _details_table(pdf, page, width)
    capitals = to_capitals(page.amount) if page.amount else ""
    _cell(pdf, width, f"附单据 {page.attachment_pages} 张    状态:{page.status}    大写:{capitals}")
    _end_row(pdf)
    for name, kind, pages in page.files:
        _cell(pdf, width, f"附件:{name}({kind},{pages} 页)")
        _end_row(pdf)
    if page.paper_reason:
        _cell(pdf, width, f"另行保管的纸质附件:{page.paper_reason}")
        _end_row(pdf)
    fifth = width / 5
    reviewers = "、".join(page.reviewers)
    for label, who in (
        ("会计主管", ""),
        ("记账", ""),
        ("审核", reviewers),
        ("出纳", ""),
        ("制单", page.maker),
    ):
        _cell(pdf, fifth, f"{label}:{who}")
    _end_row(pdf)
    return bytes(pdf.output())


def _lines_table(pdf: FPDF, page: DocumentPage, width: float) -> None:
    widths = (width * 0.32, width * 0.32, width * 0.18, width * 0.18)
    for w, head in zip(widths, ("摘要", "会计科目", "借方金额", "贷方金额"), strict=True):
        _cell(pdf, w, head, align="C", border=1)
    _end_row(pdf)
    for line in page.lines:
        _cell(pdf, widths[0], _fit(pdf, line.summary, widths[0]), border=1)
        _cell(pdf, widths[1], _fit(pdf, line.account, widths[1]), border=1)
        _cell(pdf, widths[2], format_money(line.debit) if line.debit else "", align="R", border=1)
        _cell(pdf, widths[3], format_money(line.credit) if line.credit else "", align="R", border=1)
        _end_row(pdf)
    debit = sum((line.debit for line in page.lines), ZERO)
    credit = sum((line.credit for line in page.lines), ZERO)
    _cell(pdf, widths[0] + widths[1], "合计", border=1)
    _cell(pdf, widths[2], format_money(debit), align="R", border=1)
    _cell(pdf, widths[3], format_money(credit), align="R", border=1)
    _end_row(pdf)


def _details_table(pdf: FPDF, page: DocumentPage, width: float) -> None:
    label_width = width * 0.22
    for label, value in (*page.details, ("金额", format_money(page.amount))):
        _cell(pdf, label_width, label, border=1)
        _cell(pdf, width - label_width, _fit(pdf, value, width - label_width), border=1)
        _end_row(pdf)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text cut with … to its cell (a printed voucher keeps one row per entry)."""
    room = width - 2 * pdf.c_margin
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def image_pdf(frames: Sequence[Image.Image]) -> bytes:
    """Each picture on an A4 page of its own, turned to the picture's orientation,
    scaled to fit inside the margins and centred."""
    pdf = _new_pdf()
    for frame in frames:
        landscape = frame.width > frame.height
        pdf.add_page(orientation="L" if landscape else "P")
        scale = min(pdf.epw / frame.width, pdf.eph / frame.height)
        w, h = frame.width * scale, frame.height * scale
        x = pdf.l_margin + (pdf.epw - w) / 2
        y = pdf.t_margin + (pdf.eph - h) / 2
        pdf.image(frame, x=x, y=y, w=w, h=h)
    return bytes(pdf.output())


def notice_pdf(*, name: str, kind: str, size: int, sha256: str, pages: int) -> bytes:
    """One page standing for a file the archive cannot show (an OFD): the file is
    kept with the document and named here by its SHA-256, so it can be matched."""
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font(_FAMILY, size=14)
    pdf.multi_cell(pdf.epw, 9, f"附件:{name}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FAMILY, size=10)
    for text in (
        f"文件类型:{kind}    页数:{pages}    大小:{size:,} 字节",
        f"SHA-256:{sha256}",
        f"本档案未展开 {kind} 文件的版面:原文件随单据保存于系统中,"
        "可按上列文件名与 SHA-256 校验值取得并核对。",
        f"This archive does not render {kind} files: the original is kept with the "
        "document in the system and is identified by the name and SHA-256 above.",
    ):
        pdf.multi_cell(pdf.epw, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())

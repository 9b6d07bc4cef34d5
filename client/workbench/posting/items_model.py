"""The rows of the 记账 and 出纳签字 lists: vouchers oldest first, and why this
person may not act on one (not its maker, reviewer or cashier)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from client.widgets import look
from client.widgets.rows_model import RowsModel
from common.money import format_money
from common.schemas.posting import PostingItemOut


def reason_text(code: str) -> str:
    """Why the row cannot be taken by this person, in words."""
    return {
        "posting.own_document": QCoreApplication.translate("Posting", "本人制单"),
        "posting.reviewed_it": QCoreApplication.translate("Posting", "本人审核过"),
        "posting.cashier_signed_it": QCoreApplication.translate("Posting", "本人已作出纳签字"),
    }.get(code, code)


class PostingItemsModel(RowsModel[PostingItemOut]):
    COLUMNS = ("number", "date", "amount", "summary", "maker", "unit", "cashier", "note")

    def __init__(self, unit_name: Callable[[int], str] = str) -> None:
        super().__init__()
        self.unit_name = unit_name

    def titles(self) -> dict[str, str]:
        return {
            "number": self.tr("凭证号"),
            "date": self.tr("日期"),
            "amount": self.tr("金额"),
            "summary": self.tr("摘要"),
            "maker": self.tr("制单人"),
            "unit": self.tr("预算单位"),
            "cashier": self.tr("出纳"),
            "note": self.tr("说明"),
        }

    def text(self, row: PostingItemOut, column: str) -> str:
        if column == "number":
            return row.number or f"#{row.document_id}"
        if column == "date":
            return row.doc_date.isoformat()
        if column == "amount":
            return format_money(row.amount)
        if column == "summary":
            return row.summary
        if column == "maker":
            return row.maker_name
        if column == "unit":
            return self.unit_name(row.unit_id)
        if column == "cashier":
            if not row.touches_cash:
                return self.tr("无须")
            return self.tr("已签字") if row.cashier_signed else self.tr("待签字")
        return "" if row.actionable else reason_text(row.reason_code)

    def colour(self, row: PostingItemOut, column: str) -> QColor | None:
        return look.MUTED if not row.actionable else None

    def sort_key(self, row: PostingItemOut, column: str) -> object | None:
        return float(row.amount) if column == "amount" else None

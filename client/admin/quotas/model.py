"""The 预算指标 table of the admin console: a year's quotas with what moved and used them."""

from __future__ import annotations

from decimal import Decimal

from client.widgets.rows_model import RowsModel
from common.money import format_money
from common.schemas.quotas import QuotaOut

MONEY = ("initial", "increased", "decreased", "quota", "used", "in_review", "left")


class QuotasModel(RowsModel[QuotaOut]):
    COLUMNS = ("unit", "functional", "economic", *MONEY)

    def titles(self) -> dict[str, str]:
        return {
            "unit": self.tr("预算单位"),
            "functional": self.tr("功能分类"),
            "economic": self.tr("经济分类"),
            "initial": self.tr("年初指标"),
            "increased": self.tr("追加"),
            "decreased": self.tr("调减"),
            "quota": self.tr("指标"),
            "used": self.tr("已用"),
            "in_review": self.tr("审核中"),
            "left": self.tr("剩余"),
        }

    def text(self, row: QuotaOut, column: str) -> str:
        if column == "unit":
            return f"{row.unit_code} {row.unit_name}"
        if column == "functional":
            return f"{row.functional_code} {row.functional_name}"
        if column == "economic":
            return f"{row.economic_code} {row.economic_name}"
        value = getattr(row, column)
        assert isinstance(value, Decimal)
        return format_money(value)

    def sort_key(self, row: QuotaOut, column: str) -> object | None:
        return getattr(row, column) if column in MONEY else None

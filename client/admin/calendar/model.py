"""The calendar table: the year's exceptions to Monday–Friday."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from client.widgets.rows_model import RowsModel
from common.schemas.approval_admin import CalendarDayOut


def kind_text(is_working: bool) -> str:
    return (
        QCoreApplication.translate("Calendar", "上班(调休)")
        if is_working
        else QCoreApplication.translate("Calendar", "放假")
    )


class DaysModel(RowsModel[CalendarDayOut]):
    COLUMNS = ("day", "weekday", "kind", "name")

    def titles(self) -> dict[str, str]:
        return {
            "day": self.tr("日期"),
            "weekday": self.tr("星期"),
            "kind": self.tr("类型"),
            "name": self.tr("名称"),
        }

    def text(self, row: CalendarDayOut, column: str) -> str:
        if column == "day":
            return row.day.isoformat()
        if column == "weekday":
            return QLocale().dayName(row.day.isoweekday(), QLocale.FormatType.ShortFormat)
        if column == "kind":
            return kind_text(row.is_working)
        return row.name

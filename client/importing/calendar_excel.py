"""The working-day calendar as an Excel file: the State Council's yearly list of
holidays and exchanged working days (国务院办公厅关于某年部分节假日安排的通知),
typed once a year and imported into 节假日与调休.

Columns: 日期 (a date, as an Excel date or text like 2027-10-01), 类型 (放假 or
上班 — a weekend day worked in exchange; English Holiday / Working also read),
名称 (e.g. 国庆节). A file that is not such a list gets one message naming the
row and column at fault, in the UI language; nothing is half imported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from client.importing.excel import ImportFileError, titled_rows, words
from common.enums import Language
from common.schemas.approval_admin import CalendarDayOut

COLUMNS = (("day", "日期", "Date"), ("kind", "类型", "Type"), ("name", "名称", "Name"))
HOLIDAY = ("放假", "休", "holiday")
WORKING = ("上班", "班", "调休上班", "working")
MAX_DAYS = 366


def write_template(path: Path, year: int, language: Language) -> None:
    """A sheet with the column titles and two example rows of ``year``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(year)
    sheet.append([words(language, zh, en) for _, zh, en in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    holiday, working = words(language, "放假", "Holiday"), words(language, "上班", "Working")
    sheet.append([dt.date(year, 10, 1), holiday, words(language, "国庆节", "National Day")])
    sheet.append([dt.date(year, 9, 26), working, words(language, "国庆节调休", "National Day")])
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "yyyy-mm-dd"
    for index, width in enumerate((14, 10, 24), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    book.save(path)


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError:
        return None


def _working(value: object) -> bool | None:
    text = str(value or "").strip().lower()
    if text in HOLIDAY:
        return False
    if text in WORKING:
        return True
    return None


def read_days(path: Path, year: int, language: Language) -> list[CalendarDayOut]:
    """The list's days, all of ``year``, each once; ImportFileError otherwise."""

    def refuse(row: int, column: str, zh: str, en: str) -> ImportFileError:
        title = next(words(language, z, e) for key, z, e in COLUMNS if key == column)
        where = words(language, f"第 {row} 行“{title}”:", f"Row {row}, {title}: ")
        return ImportFileError(where + words(language, zh, en))

    found: dict[dt.date, CalendarDayOut] = {}
    with titled_rows(path, COLUMNS, language) as rows:
        for number, cells in rows:
            raw_day, raw_kind, raw_name = (cells[key] for key, _, _ in COLUMNS)
            if all(v in (None, "") for v in (raw_day, raw_kind, raw_name)):
                continue  # blank lines are skipped
            day = _day(raw_day)
            if day is None:
                raise refuse(
                    number, "day", "不是日期,应如 2027-10-01", "not a date like 2027-10-01"
                )
            if day.year != year:
                raise refuse(number, "day", f"不在 {year} 年内", f"not in {year}")
            if day in found:
                raise refuse(number, "day", "这一天出现了两次", "the same date twice")
            working = _working(raw_kind)
            if working is None:
                raise refuse(number, "kind", "应为“放假”或“上班”", "should be Holiday or Working")
            name = str(raw_name or "").strip()
            if len(name) > 100:
                raise refuse(number, "name", "最多 100 个字", "at most 100 characters")
            found[day] = CalendarDayOut(day=day, is_working=working, name=name)
            if len(found) > MAX_DAYS:
                raise ImportFileError(words(language, "行数过多", "Too many rows"))
    return sorted(found.values(), key=lambda entry: entry.day)

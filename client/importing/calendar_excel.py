"""The working-day calendar as an Excel file: the State Council's yearly list of
holidays and exchanged working days (国务院办公厅关于某年部分节假日安排的通知),
typed once a year and imported into 节假日与调休.

Columns: 日期 (a date, as an Excel date or text like 2027-10-01), 类型 (放假 or
上班 — a weekend day worked in exchange), 名称 (e.g. 国庆节). The template is
written in the UI language (words.import.calendar.* in the catalogues); titles and
kind words of every language are read back (休日 / 出勤日, Holiday / Working, and
the Chinese 休 / 班 / 调休上班 too). A file that is not such a list gets one
message naming the row and column at fault, in the UI language; nothing is half
imported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from client.importing.excel import ImportFileError, cell_error, text, title, titled_rows
from common import i18n
from common.enums import Language
from common.schemas.approval_admin import CalendarDayOut

COLUMNS = ("day", "kind", "name")
COLUMN = "words.import.calendar.column.{}"
HOLIDAY_CODE, WORKING_CODE = "words.import.calendar.holiday", "words.import.calendar.working"
# Besides the template's words in every language, the short forms of the State
# Council's list (休 / 班) and a few more words people type.
HOLIDAY_OTHER = ("休", "holiday", "祝日", "休み")
WORKING_OTHER = ("班", "调休上班", "working", "出勤")
NAME_MAX = 100
MAX_DAYS = 366


def _kind_words(code: str, other: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t.strip().lower() for t in i18n.texts(code).values()) | set(other)


def write_template(path: Path, year: int, language: Language) -> None:
    """A sheet with the column titles and two example rows of ``year``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(year)
    sheet.append([title(COLUMN, key, language) for key in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    holiday, working = i18n.text(HOLIDAY_CODE, language), i18n.text(WORKING_CODE, language)
    holiday_name = text("calendar.example.holiday", language)
    working_name = text("calendar.example.working", language)
    sheet.append([dt.date(year, 10, 1), holiday, holiday_name])
    sheet.append([dt.date(year, 9, 26), working, working_name])
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
    word = str(value or "").strip().lower()
    if word in _kind_words(HOLIDAY_CODE, HOLIDAY_OTHER):
        return False
    if word in _kind_words(WORKING_CODE, WORKING_OTHER):
        return True
    return None


def read_days(path: Path, year: int, language: Language) -> list[CalendarDayOut]:
    """The list's days, all of ``year``, each once; ImportFileError otherwise."""

    def refuse(row: int, column: str, problem: str, **params: object) -> ImportFileError:
        return cell_error(
            row, title(COLUMN, column, language), text(problem, language, **params), language
        )

    found: dict[dt.date, CalendarDayOut] = {}
    with titled_rows(path, COLUMNS, COLUMN, language) as rows:
        for number, cells in rows:
            raw_day, raw_kind, raw_name = (cells[key] for key in COLUMNS)
            if all(v in (None, "") for v in (raw_day, raw_kind, raw_name)):
                continue  # blank lines are skipped
            day = _day(raw_day)
            if day is None:
                raise refuse(number, "day", "error.not_a_date")
            if day.year != year:
                raise refuse(number, "day", "error.other_year", year=year)
            if day in found:
                raise refuse(number, "day", "error.same_day_twice")
            working = _working(raw_kind)
            if working is None:
                raise refuse(number, "kind", "error.holiday_or_working")
            name = str(raw_name or "").strip()
            if len(name) > NAME_MAX:
                raise refuse(number, "name", "error.name_too_long", max=NAME_MAX)
            found[day] = CalendarDayOut(day=day, is_working=working, name=name)
            if len(found) > MAX_DAYS:
                raise ImportFileError(text("error.too_many_rows", language))
    return sorted(found.values(), key=lambda entry: entry.day)

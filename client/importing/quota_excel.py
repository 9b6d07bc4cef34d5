"""Budget quotas (预算指标) as an Excel file: a year's initial quotas, one row per
unit × functional × economic item, typed once a year and imported on the admin
console's 预算指标 page.

Columns (titles in any language of the catalogues, words.import.quota.*; any
order): 预算单位编码, 功能分类编码, 经济分类编码, 年初指标 (an amount, an Excel
number or text like 12,000.00). The file is read here only as far as its shape
goes (titles, blank rows, cells as text); the server judges every row — codes
that exist, are active and are leaves, amounts, duplicates, quotas already used —
and names each problem by row, column and rule, so nothing is half imported.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from client.importing.excel import ImportFileError, cell_error, text, title, titled_rows
from common.enums import Language
from common.schemas.quotas import MAX_QUOTA_ROWS, QuotaImportRowIn

COLUMNS = ("unit_code", "functional_code", "economic_code", "amount")
COLUMN = "words.import.quota.column.{}"
EXAMPLE = ("001001001", "2050203", "30201", "120000.00")


def write_template(path: Path, language: Language) -> None:
    """The column titles and an example row (codes as text: 001 keeps its zeros)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = text("quota.sheet", language)
    sheet.append([title(COLUMN, key, language) for key in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(list(EXAMPLE))
    for row in sheet.iter_rows(min_row=2, max_col=3):
        for cell in row:
            cell.number_format = "@"
    for index in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    book.save(path)


def _cell(value: object) -> str:
    """A cell as text: a number keeps its digits (a float amount its two places)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{Decimal(repr(value)):.2f}" if value == value else str(value)
    return str(value).strip()


def read_rows(path: Path, language: Language) -> list[QuotaImportRowIn]:
    """The file's data rows, numbered as in Excel (the titles are row 1)."""
    found: list[QuotaImportRowIn] = []
    with titled_rows(path, COLUMNS, COLUMN, language) as rows:
        for number, cells in rows:
            texts = {key: _cell(value) for key, value in cells.items()}
            if not any(texts.values()):
                continue  # blank lines are skipped
            if len(found) >= MAX_QUOTA_ROWS:
                raise ImportFileError(text("error.at_most_rows", language, max=MAX_QUOTA_ROWS))
            for key in COLUMNS:
                if len(texts[key]) > (200 if key == "amount" else 40):
                    too_long = text("error.too_long", language)
                    raise cell_error(number, title(COLUMN, key, language), too_long, language)
            found.append(QuotaImportRowIn(row=number, **texts))
    if not found:
        raise ImportFileError(text("error.no_rows", language))
    return found

"""The batch import files (批量录入): template, reading, error report.

The template's first row holds the column titles (Chinese or English; either is
read back); an example row shows the format. Numbers and dates may be real Excel
numbers and dates or text. The error report is the file's rows with the cells at
fault filled red and a last column saying what is wrong, in the UI language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from common.enums import DocumentKind, Language
from common.errors import render_message
from common.imports import COLUMNS, EXAMPLES, MAX_ROWS
from common.schemas.imports import ImportProblem, ImportRowIn

RED = PatternFill("solid", fgColor="FFC7CE")
BOLD = Font(bold=True)


class ImportFileError(ValueError):
    """The file is not a filled-in template (wrong columns, too many rows, unreadable)."""


def words(language: Language, zh: str, en: str) -> str:
    return zh if language is Language.ZH_CN else en


@contextmanager
def titled_rows(
    path: Path, columns: Sequence[tuple[str, str, str]], language: Language
) -> Iterator[Iterator[tuple[int, dict[str, object]]]]:
    """The first sheet's rows under its title row, numbered as Excel shows them,
    each as {column key: cell value}; a column is found by its Chinese or English
    title or its key. A file that is not .xlsx, or lacks a column, is refused
    naming it (in the UI language)."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise ImportFileError(
            words(language, "不是可读取的 Excel 文件", "Not a readable Excel file")
        ) from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(v or "").strip() for v in next(rows, ())]
        place: dict[str, int] = {}
        for key, zh, en in columns:
            for index, title in enumerate(header):
                if title in (zh, en, key):
                    place[key] = index
        missing = [words(language, zh, en) for key, zh, en in columns if key not in place]
        if missing:
            raise ImportFileError(
                words(language, "缺少列:", "Missing columns: ") + "、".join(missing)
            )

        def keyed() -> Iterator[tuple[int, dict[str, object]]]:
            for number, values in enumerate(rows, start=2):
                cells = list(values) + [None] * len(header)
                yield number, {key: cells[place[key]] for key, _, _ in columns}

        yield keyed()
    finally:
        book.close()


def _title(column: tuple[str, str, str], language: Language) -> str:
    return column[1] if language is Language.ZH_CN else column[2]


def write_template(kind: DocumentKind, path: Path, language: Language) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = {"income": "收入", "expenditure": "支出", "voucher": "凭证"}[kind.value]
    columns = COLUMNS[kind]
    sheet.append([_title(c, language) for c in columns])
    for cell in sheet[1]:
        cell.font = BOLD
    for example in EXAMPLES[kind]:
        sheet.append(list(example))
    sheet.cell(row=1, column=1).comment = Comment(
        "第 2 行起为数据;示例行可删除。日期如 2026-11-02,金额最多两位小数。"
        if language is Language.ZH_CN
        else "Data from row 2; the example rows may be deleted. Dates like 2026-11-02, "
        "amounts with at most two decimals.",
        "Countersign",
    )
    for index in range(1, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    book.save(path)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(Decimal(repr(value)))  # the shortest exact form of what Excel holds
    return str(value).strip()


def read_rows(kind: DocumentKind, path: Path) -> list[ImportRowIn]:
    """The data rows of a filled-in template, as text, with their row numbers."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise ImportFileError(str(exc)) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    keys: dict[int, str] = {}
    for index, title in enumerate(header):
        for key, zh, en in COLUMNS[kind]:
            if title in (zh, en, key):
                keys[index] = key
    missing = [zh for key, zh, _ in COLUMNS[kind] if key not in keys.values()]
    if missing:
        raise ImportFileError("缺少列 / missing columns: " + ", ".join(missing))
    found = []
    for number, values in enumerate(rows, start=2):
        cells = {keys[i]: _text(v) for i, v in enumerate(values) if i in keys}
        if not any(cells.values()):
            continue  # blank lines are skipped, not errors
        found.append(ImportRowIn(row=number, values=cells))
        if len(found) > MAX_ROWS:
            raise ImportFileError(f"more than {MAX_ROWS} rows")
    book.close()
    return found


def write_report(
    kind: DocumentKind,
    source: Path,
    problems: Iterable[ImportProblem],
    target: Path,
    language: Language,
) -> None:
    """The source file with the wrong cells filled red and a column of messages."""
    book = load_workbook(source)
    sheet = book.worksheets[0]
    header = [_text(c.value) for c in sheet[1]]
    column_of = {}
    for index, title in enumerate(header, start=1):
        for key, zh, en in COLUMNS[kind]:
            if title in (zh, en, key):
                column_of[key] = index
    note_column = len(header) + 1
    note_title = "错误说明" if language is Language.ZH_CN else "Problems"
    sheet.cell(row=1, column=note_column, value=note_title).font = BOLD
    messages: dict[int, list[str]] = {}
    for problem in problems:
        text = render_message(problem.code, problem.params, language)
        messages.setdefault(problem.row, []).append(text)
        if problem.column in column_of:
            sheet.cell(row=problem.row, column=column_of[problem.column]).fill = RED
    for row, texts in messages.items():
        cell = sheet.cell(row=row, column=note_column, value="；".join(texts))
        cell.fill = RED
    sheet.column_dimensions[get_column_letter(note_column)].width = 60
    book.save(target)

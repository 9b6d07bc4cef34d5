"""The batch import files (批量录入): template, reading, error report.

The template's first row holds the column titles in the UI language; a title in
any language of the catalogues (or the column's key) is read back, so a file
written in Chinese still reads in a Japanese UI. An example row shows the
format. Numbers and dates may be real Excel numbers and dates or text. The error
report is the file's rows with the cells at fault filled red and a last column
saying what is wrong, in the UI language.

Every text here is a catalogue code (``words.import.*``, common/i18n.py): adding a
language is adding a catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from common import i18n
from common.enums import DEFAULT_LANGUAGE, DocumentKind, Language
from common.errors import render_message
from common.imports import COLUMNS, EXAMPLES, MAX_ROWS
from common.schemas.imports import ImportProblem, ImportRowIn

RED = PatternFill("solid", fgColor="FFC7CE")
BOLD = Font(bold=True)
# The catalogue code of a batch import column's title, by its key.
COLUMN = "words.import.column.{}"


class ImportFileError(ValueError):
    """The file is not a filled-in template (wrong columns, too many rows, unreadable)."""


def text(code: str, language: Language, /, **params: Any) -> str:
    """An import text (``words.import.<code>``) in the UI language."""
    return i18n.text(f"words.import.{code}", language, **params)


def title(pattern: str, key: str, language: Language) -> str:
    """The title of column ``key`` in ``language``; ``pattern`` names its code."""
    return i18n.text(pattern.format(key), language)


def titles(pattern: str, key: str) -> frozenset[str]:
    """Every title column ``key`` may have in a file: its title in each language of
    the catalogues, and the key itself."""
    return frozenset({i18n.template(pattern.format(key), lang) for lang in Language} | {key})


def cell_error(row: int, column: str, problem: str, language: Language) -> ImportFileError:
    """A refusal naming the row (as Excel numbers it) and the column's title."""
    return ImportFileError(text("error.at", language, row=row, column=column, problem=problem))


def place_columns(header: Sequence[str], keys: Sequence[str], pattern: str) -> dict[str, int]:
    """Column key -> index of its title in ``header`` (titles in any language)."""
    place: dict[str, int] = {}
    for key in keys:
        accepted = titles(pattern, key)
        for index, found in enumerate(header):
            if found in accepted:
                place[key] = index
    return place


@contextmanager
def titled_rows(
    path: Path, keys: Sequence[str], pattern: str, language: Language
) -> Iterator[Iterator[tuple[int, dict[str, object]]]]:
    """The first sheet's rows under its title row, numbered as Excel shows them,
    each as {column key: cell value}; a column is found by its title in any
    language (``pattern`` names the title's code) or its key. A file that is not
    .xlsx, or lacks a column, is refused naming it (in the UI language)."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise ImportFileError(text("error.not_excel", language)) from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(v or "").strip() for v in next(rows, ())]
        place = place_columns(header, keys, pattern)
        missing = [title(pattern, key, language) for key in keys if key not in place]
        if missing:
            raise ImportFileError(
                text("error.missing_columns", language, columns=i18n.join(missing, language))
            )

        def keyed() -> Iterator[tuple[int, dict[str, object]]]:
            for number, values in enumerate(rows, start=2):
                cells = list(values) + [None] * len(header)
                yield number, {key: cells[place[key]] for key in keys}

        yield keyed()
    finally:
        book.close()


def write_template(kind: DocumentKind, path: Path, language: Language) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = text(f"sheet.{kind.value}", language)
    columns = COLUMNS[kind]
    sheet.append([title(COLUMN, key, language) for key in columns])
    for cell in sheet[1]:
        cell.font = BOLD
    for example in EXAMPLES[kind]:
        sheet.append(list(example))
    sheet.cell(row=1, column=1).comment = Comment(text("template_note", language), "Countersign")
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


def read_rows(
    kind: DocumentKind, path: Path, language: Language = DEFAULT_LANGUAGE
) -> list[ImportRowIn]:
    """The data rows of a filled-in template, as text, with their row numbers;
    ImportFileError (in ``language``) for a file that is not one."""
    found = []
    with titled_rows(path, COLUMNS[kind], COLUMN, language) as rows:
        for number, values in rows:
            cells = {key: _text(value) for key, value in values.items()}
            if not any(cells.values()):
                continue  # blank lines are skipped, not errors
            found.append(ImportRowIn(row=number, values=cells))
            if len(found) > MAX_ROWS:
                raise ImportFileError(text("error.at_most_rows", language, max=MAX_ROWS))
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
    column_of = {
        key: index + 1 for key, index in place_columns(header, COLUMNS[kind], COLUMN).items()
    }
    note_column = len(header) + 1
    note_title = text("report.column", language)
    sheet.cell(row=1, column=note_column, value=note_title).font = BOLD
    messages: dict[int, list[str]] = {}
    for problem in problems:
        message = render_message(problem.code, problem.params, language)
        messages.setdefault(problem.row, []).append(message)
        if problem.column in column_of:
            sheet.cell(row=problem.row, column=column_of[problem.column]).fill = RED
    for row, texts in messages.items():
        cell = sheet.cell(row=row, column=note_column, value="；".join(texts))
        cell.fill = RED
    sheet.column_dimensions[get_column_letter(note_column)].width = 60
    book.save(target)

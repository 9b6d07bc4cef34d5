"""The yearly holiday list as Excel: the template reads back as its examples, a
filled-in list becomes the year's days, and a wrong cell is named by row and
column in the UI language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from client.importing.calendar_excel import read_days, write_template
from client.importing.excel import ImportFileError
from common.enums import Language


def sheet(path: Path, *rows: tuple[object, ...]) -> Path:
    book = Workbook()
    active = book.active
    assert active is not None
    for row in rows:
        active.append(list(row))
    book.save(path)
    return path


def test_the_template_reads_back_as_its_two_examples(tmp_path: Path) -> None:
    for language in Language:
        target = tmp_path / f"{language.value}.xlsx"
        write_template(target, 2027, language)
        days = read_days(target, 2027, language)
        assert [(d.day, d.is_working) for d in days] == [
            (dt.date(2027, 9, 26), True),
            (dt.date(2027, 10, 1), False),
        ]


def test_a_filled_in_list_with_text_dates_and_blank_lines(tmp_path: Path) -> None:
    path = sheet(
        tmp_path / "2027.xlsx",
        ("日期", "类型", "名称"),
        ("2027-01-01", "放假", "元旦"),
        (None, None, None),
        (dt.datetime(2027, 2, 6), "上班", "春节调休"),  # noqa: DTZ001 (Excel has no zones)
        ("2027/02/10", "休", " 春节 "),
    )
    days = read_days(path, 2027, Language.ZH_CN)
    assert [(d.day.isoformat(), d.is_working, d.name) for d in days] == [
        ("2027-01-01", False, "元旦"),
        ("2027-02-06", True, "春节调休"),
        ("2027-02-10", False, "春节"),
    ]


@pytest.mark.parametrize(
    ("row", "language", "message"),
    [
        (("2027-13-01", "放假", "x"), Language.ZH_CN, "第 2 行“日期”:不是日期,应如 2027-10-01"),
        (("2026-10-01", "放假", "x"), Language.ZH_CN, "第 2 行“日期”:不在 2027 年内"),
        (("2027-10-01", "请假", "x"), Language.ZH_CN, "第 2 行“类型”:应为“放假”或“上班”"),
        (("2027-10-01", "maybe", "x"), Language.EN, "Row 2, Type: should be Holiday or Working"),
    ],
)
def test_a_wrong_cell_is_named_by_row_and_column(
    tmp_path: Path, row: tuple[object, ...], language: Language, message: str
) -> None:
    path = sheet(tmp_path / "bad.xlsx", ("日期", "类型", "名称"), row)
    with pytest.raises(ImportFileError) as caught:
        read_days(path, 2027, language)
    assert str(caught.value) == message


def test_a_file_that_is_not_the_list(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="缺少列:类型、名称"):
        read_days(sheet(tmp_path / "other.xlsx", ("日期", "金额")), 2027, Language.ZH_CN)
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    with pytest.raises(ImportFileError, match="不是可读取的 Excel 文件"):
        read_days(text, 2027, Language.ZH_CN)


def test_a_japanese_template_has_japanese_titles_and_kinds(tmp_path: Path) -> None:
    target = tmp_path / "ja.xlsx"
    write_template(target, 2027, Language.JA)
    rows = [list(r) for r in load_workbook(target).worksheets[0].iter_rows(values_only=True)]
    assert rows[0] == ["日付", "種別", "名前"]
    assert [r[1:] for r in rows[1:]] == [["休日", "国慶節"], ["出勤日", "国慶節の振替出勤"]]
    # and a Chinese or English UI reads the Japanese file
    for language in (Language.ZH_CN, Language.EN):
        days = read_days(target, 2027, language)
        assert [(d.day.isoformat(), d.is_working, d.name) for d in days] == [
            ("2027-09-26", True, "国慶節の振替出勤"),
            ("2027-10-01", False, "国慶節"),
        ]


def test_a_chinese_list_reads_in_a_japanese_ui(tmp_path: Path) -> None:
    path = sheet(
        tmp_path / "2027.xlsx",
        ("日期", "类型", "名称"),
        ("2027-01-01", "放假", "元旦"),
        ("2027-02-06", "调休上班", "春节调休"),
        ("2027-02-10", "Holiday", "春节"),
        ("2027-02-11", "休日", "春节"),
    )
    days = read_days(path, 2027, Language.JA)
    assert [(d.day.isoformat(), d.is_working) for d in days] == [
        ("2027-01-01", False),
        ("2027-02-06", True),
        ("2027-02-10", False),
        ("2027-02-11", False),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("2027-13-01", "休日", "x"), "2 行目「日付」：日付ではありません（例：2027-10-01）"),
        (("2026-10-01", "休日", "x"), "2 行目「日付」：2027 年の日付ではありません"),
        (("2027-10-01", "有給", "x"), "2 行目「種別」：「休日」または「出勤日」としてください"),
        (("2027-10-01", "休日", "x" * 101), "2 行目「名前」：最大 100 文字です"),
    ],
)
def test_a_wrong_cell_in_a_japanese_ui_is_said_in_japanese(
    tmp_path: Path, row: tuple[object, ...], message: str
) -> None:
    path = sheet(tmp_path / "bad.xlsx", ("日付", "種別", "名前"), row)
    with pytest.raises(ImportFileError) as caught:
        read_days(path, 2027, Language.JA)
    assert str(caught.value) == message
    with pytest.raises(ImportFileError, match="次の列がありません：種別、名前"):
        read_days(sheet(tmp_path / "other.xlsx", ("日期", "金额")), 2027, Language.JA)

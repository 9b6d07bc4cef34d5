"""The batch import and budget quota files in every language: a template is
written with the UI language's column titles (from the catalogues), reads back in
any UI language, and a file's problems are said in the UI language, naming the
row and the column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from client.importing import excel, quota_excel
from client.importing.excel import ImportFileError
from common import i18n
from common.enums import DocumentKind, Language
from common.errors import render_message
from common.imports import COLUMNS, EXAMPLES
from common.schemas.imports import ImportProblem

KANA = re.compile(r"[\u3040-\u30ff]")


def header(path: Path) -> list[object]:
    return [cell.value for cell in load_workbook(path).worksheets[0][1]]


def test_every_column_title_names_one_column_in_every_language() -> None:
    """A title read back finds one column only, whichever language wrote it."""
    sets = [(excel.COLUMN, keys) for keys in COLUMNS.values()]
    sets += [(quota_excel.COLUMN, quota_excel.COLUMNS)]
    for pattern, keys in sets:
        for key in keys:
            for other in keys:
                if other != key:
                    assert not excel.titles(pattern, key) & excel.titles(pattern, other)


def test_a_japanese_template_has_japanese_titles_and_reads_back(tmp_path: Path) -> None:
    for kind in DocumentKind:
        if kind not in COLUMNS:
            continue
        path = tmp_path / f"{kind.value}.xlsx"
        excel.write_template(kind, path, Language.JA)
        titles = header(path)
        assert titles == [i18n.text(f"words.import.column.{k}", Language.JA) for k in COLUMNS[kind]]
        assert load_workbook(path).worksheets[0].title.endswith("伝票")
        for language in Language:
            rows = excel.read_rows(kind, path, language)
            assert [list(r.values.values()) for r in rows] == [list(e) for e in EXAMPLES[kind]]
    expenditure = header(tmp_path / "expenditure.xlsx")
    assert expenditure[:5] == ["日付", "予算単位コード", "機能分類コード", "経済分類コード", "金額"]
    assert header(tmp_path / "voucher.xlsx")[5:] == ["勘定科目コード", "借方金額", "貸方金額"]


def test_a_chinese_template_reads_in_a_japanese_ui(tmp_path: Path) -> None:
    path = tmp_path / "income.xlsx"
    excel.write_template(DocumentKind.INCOME, path, Language.ZH_CN)
    assert header(path)[:3] == ["日期", "预算单位编码", "收入项目编码"]
    rows = excel.read_rows(DocumentKind.INCOME, path, Language.JA)
    assert rows[0].row == 2
    assert rows[0].values["income_item_code"] == "1030412"


def test_a_wrong_file_is_said_in_the_ui_language(tmp_path: Path) -> None:
    path = tmp_path / "income.xlsx"
    excel.write_template(DocumentKind.INCOME, path, Language.EN)
    with pytest.raises(ImportFileError) as caught:
        excel.read_rows(DocumentKind.VOUCHER, path, Language.JA)
    assert str(caught.value) == (
        "次の列がありません：ファイル内の伝票番号、伝票種別、勘定科目コード、借方金額、貸方金額"
    )
    with pytest.raises(ImportFileError, match="缺少列"):
        excel.read_rows(DocumentKind.VOUCHER, path)  # Chinese unless told
    not_excel = tmp_path / "notes.xlsx"
    not_excel.write_text("hello")
    with pytest.raises(ImportFileError, match=r"^読み取れる Excel ファイルではありません$"):
        excel.read_rows(DocumentKind.INCOME, not_excel, Language.JA)


def test_the_error_report_of_a_japanese_ui(tmp_path: Path) -> None:
    source = tmp_path / "income.xlsx"
    excel.write_template(DocumentKind.INCOME, source, Language.ZH_CN)
    report = tmp_path / "report.xlsx"
    problem = ImportProblem(row=2, column="attachment_count", code="import.bad_number", params={})
    excel.write_report(DocumentKind.INCOME, source, [problem], report, Language.JA)
    sheet = load_workbook(report).worksheets[0]
    width = len(COLUMNS[DocumentKind.INCOME])
    assert sheet.cell(row=1, column=width + 1).value == "エラーの内容"
    assert sheet.cell(row=2, column=width + 1).value == render_message(
        "import.bad_number", {}, Language.JA
    )
    assert KANA.search(str(sheet.cell(row=2, column=width + 1).value))
    column = COLUMNS[DocumentKind.INCOME].index("attachment_count") + 1
    assert sheet.cell(row=2, column=column).fill.fgColor.rgb.endswith("FFC7CE")


def test_a_quota_template_in_japanese_and_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "quotas.xlsx"
    quota_excel.write_template(path, Language.JA)
    assert header(path) == [
        "予算単位コード",
        "機能分類コード",
        "経済分類コード",
        "年度当初の予算枠",
    ]
    assert load_workbook(path).worksheets[0].title == "予算枠"
    for language in Language:
        rows = quota_excel.read_rows(path, language)
        assert [(r.row, r.unit_code, r.amount) for r in rows] == [(2, "001001001", "120000.00")]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["预算单位编码", "功能分类编码", "经济分类编码", "年初指标"])  # Chinese titles
    sheet.append(["001", "2050203", "30201", "9" * 201])
    long = tmp_path / "long.xlsx"
    book.save(long)
    with pytest.raises(ImportFileError) as caught:
        quota_excel.read_rows(long, Language.JA)
    assert str(caught.value) == "2 行目「年度当初の予算枠」：長すぎます"
    with pytest.raises(ImportFileError) as caught:
        quota_excel.read_rows(long, Language.ZH_CN)
    assert str(caught.value) == "第 2 行“年初指标”:内容过长"

"""Batch import (批量录入): the template, a filled-in file, all-or-nothing, the report."""

from __future__ import annotations

from itertools import count
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from client.api import ApiClient, ApiError
from client.importing.excel import read_rows, write_report, write_template
from common.enums import DocumentKind, DocumentStatus, Language
from common.schemas.imports import ImportProblem
from server.db.models import Document
from server.db.uow import UnitOfWork
from tests.support.accounts import log_in
from tests.support.documents import Codes, clerk
from tests.support.live_server import LiveServer

_names = count(1)


@pytest.fixture
def api(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, clerk(live_server, f"importer{next(_names)}"))


def documents_made_by(server: LiveServer, api: ApiClient) -> int:
    me = api.auth.me()
    with UnitOfWork(server.engine).transaction() as session:
        return int(session.scalar(select(func.count()).where(Document.maker_id == me.id)) or 0)


def filled(tmp_path: Path, kind: DocumentKind, rows: list[list[object]]) -> Path:
    path = tmp_path / f"{kind.value}.xlsx"
    write_template(kind, path, Language.ZH_CN)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_filled_in_template_becomes_drafts(
    live_server: LiveServer, api: ApiClient, tmp_path: Path
) -> None:
    day = live_server.clock.now().date()
    path = filled(
        tmp_path,
        DocumentKind.EXPENDITURE,
        [
            [
                day,
                "001001001",
                "2050203",
                "30201",
                860,
                "市文具公司",
                "6222",
                "工行",
                "直接支付",
                "办公用品",
                2,
            ],
            [
                day.isoformat(),
                "001001001",
                "2050203",
                "30211",
                "1,234.56",
                "李四",
                "6223",
                "农行",
                "授权支付",
                "差旅费",
                "",
            ],
            [None, None, None, None, None, None, None, None, None, None, None],  # blank: skipped
        ],
    )
    rows = read_rows(DocumentKind.EXPENDITURE, path)
    assert [r.row for r in rows] == [2, 3]
    assert rows[0].values["doc_date"] == day.isoformat() and rows[0].values["amount"] == "860"
    result = api.documents.import_rows(DocumentKind.EXPENDITURE, rows)
    assert result.created == 2
    second = api.documents.get(result.document_ids[1])
    assert second.status is DocumentStatus.DRAFT and str(second.amount) == "1234.56"
    assert second.payment_method is not None and second.payment_method.value == "authorised"


def test_one_bad_row_rejects_the_whole_file_with_a_row_by_row_report(
    live_server: LiveServer, api: ApiClient, tmp_path: Path
) -> None:
    day = live_server.clock.now().date().isoformat()
    path = filled(
        tmp_path,
        DocumentKind.INCOME,
        [
            [day, "001001001", "1030412", "1200.00", "张三", "学费", 1],
            [day, "001001001", "9999999", "300.00", "李四", "学费", 0],  # unknown item
            [day, "001001001", "103", "50.00", "王五", "学费", 0],  # not a leaf
            [day, "001002001", "1030412", "80.00", "赵六", "学费", 0],  # outside the scope
            ["明天", "001001001", "1030412", "12.345", "", "学费", 0],  # bad date
        ],
    )
    before = documents_made_by(live_server, api)
    with pytest.raises(ApiError) as caught:
        api.documents.import_rows(DocumentKind.INCOME, read_rows(DocumentKind.INCOME, path))
    error = caught.value
    assert (error.status, error.code) == (422, "import.rejected")
    problems = [ImportProblem.model_validate(p) for p in error.params["problems"]]
    by_row = {p.row: (p.column, p.code) for p in problems}
    assert by_row == {
        3: ("income_item_code", "import.unknown_code"),
        4: ("income_item_code", "reference.not_leaf"),
        5: ("unit_code", "document.unit_out_of_scope"),
        6: ("doc_date", "import.bad_date"),
    }
    assert documents_made_by(live_server, api) == before  # nothing at all was saved

    report = tmp_path / "report.xlsx"
    write_report(DocumentKind.INCOME, path, problems, report, Language.ZH_CN)
    sheet = load_workbook(report).worksheets[0]
    assert sheet.cell(row=1, column=8).value == "错误说明"
    assert sheet.cell(row=3, column=8).value == "收入项目编码“9999999”不存在"
    assert sheet.cell(row=3, column=3).fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet.cell(row=2, column=8).value is None  # the good row says nothing


def test_vouchers_are_grouped_by_their_number_in_the_file(
    live_server: LiveServer, api: ApiClient, tmp_path: Path
) -> None:
    day = live_server.clock.now().date().isoformat()
    rows = [
        ["1", day, "001001001", "记", "报销", "500102", "500.00", ""],
        ["1", day, "001001001", "记", "报销", "100201", "", "500.00"],
        ["2", day, "001001001", "记", "购书", "500102", "80.00", ""],
        ["2", day, "001001001", "记", "购书", "100201", "", "79.00"],
    ]
    path = filled(tmp_path, DocumentKind.VOUCHER, rows)
    with pytest.raises(ApiError) as caught:
        api.documents.import_rows(DocumentKind.VOUCHER, read_rows(DocumentKind.VOUCHER, path))
    (problem,) = [ImportProblem.model_validate(p) for p in caught.value.params["problems"]]
    assert (problem.row, problem.code) == (4, "voucher.unbalanced")
    rows[3][7] = "80.00"
    path = filled(tmp_path, DocumentKind.VOUCHER, rows)
    result = api.documents.import_rows(DocumentKind.VOUCHER, read_rows(DocumentKind.VOUCHER, path))
    assert result.created == 2
    assert len(api.documents.get(result.document_ids[0]).lines) == 2


def test_a_file_that_is_not_a_template_is_refused_before_sending(tmp_path: Path) -> None:
    from client.importing.excel import ImportFileError

    path = filled(tmp_path, DocumentKind.INCOME, [])
    with pytest.raises(ImportFileError, match="缺少列"):
        read_rows(DocumentKind.VOUCHER, path)
    not_excel = tmp_path / "notes.xlsx"
    not_excel.write_text("hello")
    with pytest.raises(ImportFileError):
        read_rows(DocumentKind.INCOME, not_excel)

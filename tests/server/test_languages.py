"""A request made in Japanese is answered in Japanese: the message of a refusal and
the words of an exported file come from the ja catalogue (resources/locale)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from client.api import ApiClient
from common import i18n
from common.enums import DocumentKind, Language
from common.schemas.documents import SubmitIn
from common.schemas.reports import UsageRowOut
from common.schemas.search import DocumentQuery
from server.services.exports import report_exports, report_layouts
from tests.support.accounts import log_in, refused
from tests.support.documents import Codes, clerk, expenditure, today, voucher
from tests.support.live_server import LiveServer


def test_a_refusal_asked_in_japanese_is_answered_in_japanese(
    live_server: LiveServer, codes: Codes
) -> None:
    api = log_in(live_server, clerk(live_server, "ja.clerk"))
    lines = (("500102", "1234.50", "0"), ("100201", "0", "1000.00"))
    draft = api.documents.create(voucher(codes, today(live_server), *lines))
    api.transport.language = Language.JA
    error = refused(api.documents.submit, draft.id, SubmitIn(version=draft.version))
    expected = i18n.text("voucher.unbalanced", Language.JA, debit="1,234.50", credit="1,000.00")
    assert error.code == "voucher.unbalanced"
    assert error.message == expected
    assert "1,234.50" in expected and expected != i18n.text(
        "voucher.unbalanced", Language.ZH_CN, debit="1,234.50", credit="1,000.00"
    )


def test_a_message_naming_a_status_names_it_in_japanese(
    live_server: LiveServer, codes: Codes
) -> None:
    api: ApiClient = log_in(live_server, clerk(live_server, "ja.clerk2"))
    draft = expenditure(codes, today(live_server), amount="10.00")
    sent = api.documents.create_and_submit(draft)
    api.transport.language = Language.JA
    error = refused(api.documents.update, sent.id, draft, version=sent.version)
    assert error.code == "document.not_editable"
    assert error.params["status_words"] == "words.status.submitted"
    assert i18n.template("words.status.submitted", Language.JA) in error.message
    assert error.message == i18n.text(
        "document.not_editable", Language.JA, status_words="words.status.submitted"
    )


def test_an_excel_export_asked_in_japanese_has_japanese_headers(
    live_server: LiveServer, codes: Codes, tmp_path: Path
) -> None:
    api = log_in(live_server, clerk(live_server, "ja.clerk3"))
    api.documents.create_and_submit(expenditure(codes, today(live_server), amount="12.30"))
    api.transport.language = Language.JA
    target = tmp_path / "ja.xlsx"
    assert api.search.export(DocumentQuery(kind=DocumentKind.EXPENDITURE), target) >= 1
    sheet = load_workbook(target).active
    assert sheet is not None
    headers = [c.value for c in sheet[2]]
    assert headers[:5] == [
        i18n.template(f"words.export.documents.col.{key}", Language.JA)
        for key in ("number", "kind", "doc_date", "unit", "amount")
    ]
    assert sheet.title == i18n.template("words.export.documents.sheet", Language.JA)
    kind_ja = i18n.template("label.document_kind.expenditure", Language.JA)
    assert kind_ja in str(sheet["A1"].value)  # the filters, in Japanese words
    assert {row[1] for row in sheet.iter_rows(min_row=3, values_only=True)} == {kind_ja}


def test_a_report_laid_out_in_japanese_has_japanese_titles_and_totals(tmp_path: Path) -> None:
    rows = [
        UsageRowOut(day=dt.date(2026, 3, n), logins=n, failed_logins=0, active_users=1)
        for n in (1, 2)
    ]
    laid = report_layouts.usage(rows, None, Language.JA)
    target = tmp_path / "usage.xlsx"
    title = report_exports.entry("usage").title(Language.JA)
    report_exports.write_book(
        target, laid, heading=[title], title=title, creator="x", subject="", language=Language.JA
    )
    sheet = load_workbook(target).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == [
        "日付",
        "ログイン回数",
        "ログイン失敗",
        "アクティブユーザー",
    ]
    assert sheet["A5"].value == "合計" and sheet["B5"].value == 3
    assert title == i18n.template("label.report_name.usage", Language.JA) != "系统使用情况"

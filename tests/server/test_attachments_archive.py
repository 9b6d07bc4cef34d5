"""The 电子会计档案 copy (GET /documents/{id}/archive.pdf) against a real server:
the printed document page, then every page of every attachment; seen like the
document; a voucher carries its source record's files; logged as an export."""

from __future__ import annotations

from itertools import count
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from client.api import ApiClient
from common.enums import DocumentStatus, ReviewLevel
from common.schemas.documents import DocumentOut, SubmitIn
from common.schemas.search import DocumentQuery
from tests.support.accounts import log_in, refused
from tests.support.attachment_files import image_file, ofd_file, pdf_file
from tests.support.documents import Codes, clerk, income, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

_names = count(1)


def name(prefix: str) -> str:
    return f"arc.{prefix}{next(_names)}"


@pytest.fixture(scope="module")
def maker(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, clerk(live_server, name("maker"), unit="001001"))


@pytest.fixture(scope="module")
def checker(live_server: LiveServer, codes: Codes) -> ApiClient:
    account = reviewer(live_server, name("checker"), (ReviewLevel.SUPERVISOR, "001001"))
    return log_in(live_server, account)


def submitted_with_files(
    api: ApiClient, server: LiveServer, codes: Codes, amount: str, files: dict[str, bytes]
) -> DocumentOut:
    made = api.documents.create(income(codes, today(server), amount=amount, payer=name("payer")))
    for file_name, data in files.items():
        api.attachments.add_bytes(made.id, file_name, data)
    current = api.documents.get(made.id)
    return api.documents.submit(made.id, SubmitIn(version=current.version))


def archive_of(api: ApiClient, document_id: int, folder: Path) -> PdfReader:
    target = folder / f"archive-{document_id}.pdf"
    size = api.documents.archive_pdf(document_id, target)
    assert size == target.stat().st_size > 0
    return PdfReader(target)


def page_text(reader: PdfReader, index: int) -> str:
    # pypdf reads fpdf2's embedded CJK font (a CMap encoding) one byte at a time
    # and so puts a NUL before each character; other readers do not
    return reader.pages[index].extract_text().replace("\x00", "")


def test_the_archive_is_the_document_page_then_every_page_of_every_file(
    live_server: LiveServer, codes: Codes, maker: ApiClient, tmp_path: Path
) -> None:
    doc = submitted_with_files(
        maker,
        live_server,
        codes,
        "4321.50",
        {
            "三页发票.pdf": pdf_file(3),
            "两页扫描.tiff": image_file("TIFF", frames=2),
            "收据.jpg": image_file("JPEG", shade=90),
        },
    )
    assert doc.number and doc.attachment_count == 6
    reader = archive_of(maker, doc.id, tmp_path)
    assert len(reader.pages) == 1 + 3 + 2 + 1
    first = page_text(reader, 0)
    assert doc.number in first
    assert "4,321.50" in first and "肆仟叁佰贰拾壹元伍角" in first
    assert "附单据 6 张" in first and "三页发票.pdf" in first
    for index in (4, 5, 6):  # each picture is an image on a page of its own
        assert reader.pages[index].images, index


def test_an_ofd_file_is_named_on_a_page_by_its_sha256(
    live_server: LiveServer, codes: Codes, maker: ApiClient, tmp_path: Path
) -> None:
    doc = submitted_with_files(maker, live_server, codes, "88.00", {"电子发票.ofd": ofd_file(2)})
    (listed,) = maker.attachments.listing(doc.id)
    reader = archive_of(maker, doc.id, tmp_path)
    assert len(reader.pages) == 2
    notice = page_text(reader, 1)
    assert "电子发票.ofd" in notice and listed.sha256 in notice


def test_only_those_who_may_see_the_document_get_its_archive(
    live_server: LiveServer, codes: Codes, maker: ApiClient, tmp_path: Path
) -> None:
    own_draft = maker.documents.create(income(codes, today(live_server), payer=name("payer")))
    maker.attachments.add_bytes(own_draft.id, "draft.pdf", pdf_file(1))
    sent = submitted_with_files(maker, live_server, codes, "10.00", {"a.pdf": pdf_file(1)})
    colleague = log_in(live_server, clerk(live_server, name("colleague"), unit="001001"))
    stranger = log_in(live_server, clerk(live_server, name("stranger"), unit="001002"))
    target = tmp_path / "never.pdf"
    assert refused(colleague.documents.archive_pdf, own_draft.id, target).status == 404
    assert refused(stranger.documents.archive_pdf, sent.id, target).status == 404
    assert refused(maker.documents.archive_pdf, 999_999_999, target).status == 404
    assert not target.exists()
    assert len(archive_of(maker, own_draft.id, tmp_path).pages) == 2  # the maker's own draft


def test_a_vouchers_archive_carries_the_files_of_the_record_it_was_made_from(
    live_server: LiveServer, codes: Codes, maker: ApiClient, checker: ApiClient, tmp_path: Path
) -> None:
    files = {"合同.pdf": pdf_file(2), "批示.png": image_file("PNG")}
    record = submitted_with_files(maker, live_server, codes, "600.00", files)
    for attachment in checker.attachments.listing(record.id):
        checker.attachments.download(attachment.id, tmp_path / f"seen-{attachment.id}")
    approved = checker.reviews.approve(record.id, version=record.version, opinion="同意")
    assert approved.status in (DocumentStatus.APPROVED, DocumentStatus.POSTED)
    voucher_id = maker.documents.get(record.id).voucher_id
    assert voucher_id is not None
    reader = archive_of(maker, voucher_id, tmp_path)
    assert len(reader.pages) == 1 + 2 + 1
    first = page_text(reader, 0)
    assert "记账凭证".replace("", " ").strip() in first  # the title is spaced out
    assert "600.00" in first and "附单据 3 张" in first and "合同.pdf" in first
    (listed,) = [
        row for row in maker.search.documents(DocumentQuery()).rows if row.id == voucher_id
    ]
    assert (listed.files, listed.attachment_count) == (2, 3)  # the record's files, in 查询


def test_the_archive_names_the_paper_pages_kept_outside(
    live_server: LiveServer, codes: Codes, maker: ApiClient, tmp_path: Path
) -> None:
    made = maker.documents.create(income(codes, today(live_server), payer=name("payer")))
    maker.attachments.add_bytes(made.id, "发票.pdf", pdf_file(1))
    current = maker.documents.get(made.id)
    with_paper = current.to_draft().model_copy(
        update={"attachment_count": 3, "paper_reason": "合同原件两页存档案室"}
    )
    maker.documents.update(made.id, with_paper, version=current.version)
    reader = archive_of(maker, made.id, tmp_path)
    assert len(reader.pages) == 1 + 1  # the paper is named, not pictured
    first = page_text(reader, 0)
    assert "附单据 3 张" in first and "另行保管的纸质附件:合同原件两页存档案室" in first


def test_the_archive_is_an_export_in_the_operation_log(
    live_server: LiveServer, codes: Codes, maker: ApiClient, tmp_path: Path
) -> None:
    doc = submitted_with_files(maker, live_server, codes, "20.00", {"logged.pdf": pdf_file(2)})
    (listed,) = maker.attachments.listing(doc.id)
    archive_of(maker, doc.id, tmp_path)
    with live_server.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT actor_name, after FROM audit_log WHERE action = 'export.archive'"
                " AND target_type = 'document' AND target_id = :d"
            ),
            {"d": str(doc.id)},
        ).all()
    assert len(rows) == 1
    assert rows[0].actor_name == maker.auth.me().username
    assert rows[0].after["pages"] == 3 and rows[0].after["format"] == "pdf"
    assert rows[0].after["attachments"] == [
        {"attachment_id": listed.id, "file_name": "logged.pdf", "sha256": listed.sha256}
    ]

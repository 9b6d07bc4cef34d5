"""Source documents (原始凭证) against a real server: files judged by their bytes,
stored once and read back whole, seen like their document, frozen with it (also
for SQL sent straight to the database as the server's role), in the operation
log, and opened by the reviewer before an approval."""

from __future__ import annotations

import hashlib
import ssl
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import httpx
import psycopg2
import pytest
from sqlalchemy import text

from client.api import ApiClient
from common.enums import DocumentStatus, ReviewLevel
from common.rules.attachments import BYTES_PER_MB
from common.schemas.attachments import AttachmentType
from common.schemas.documents import DocumentOut, SubmitIn
from common.schemas.search import DocumentQuery
from server.db import roles
from server.db.uow import UnitOfWork
from server.services.core.params import set_parameter
from tests.support.accounts import log_in, refused
from tests.support.attachment_files import image_file, ofd_file, pdf_file, zipped
from tests.support.documents import Codes, clerk, income, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

_names = count(1)


def name(prefix: str) -> str:
    return f"att.{prefix}{next(_names)}"


# -- files, made with the real libraries ------------------------------------------


def padded_jpeg(size: int, shade: int = 0) -> bytes:
    """A real JPEG of exactly ``size`` bytes (decoders stop at its end marker)."""
    picture = image_file("JPEG", shade=shade)
    return picture + bytes(size - len(picture))


ACCEPTED = {
    "三页发票.pdf": (pdf_file(3), AttachmentType.PDF, 3),
    "receipt.jpg": (image_file("JPEG"), AttachmentType.JPEG, 1),
    "approval.png": (image_file("PNG"), AttachmentType.PNG, 1),
    "scan.tiff": (image_file("TIFF", frames=4), AttachmentType.TIFF, 4),
    "电子发票.ofd": (ofd_file(2), AttachmentType.OFD, 2),
}


# -- people and documents -----------------------------------------------------------


@pytest.fixture(scope="module")
def maker(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, clerk(live_server, name("maker"), unit="001001"))


@pytest.fixture(scope="module")
def checker(live_server: LiveServer, codes: Codes) -> ApiClient:
    account = reviewer(live_server, name("checker"), (ReviewLevel.SUPERVISOR, "001001"))
    return log_in(live_server, account)


def draft(api: ApiClient, server: LiveServer, codes: Codes, **changes: object) -> DocumentOut:
    payer = name("payer")
    return api.documents.create(income(codes, today(server), payer=payer, **changes))


def submit(api: ApiClient, document_id: int) -> DocumentOut:
    current = api.documents.get(document_id)
    return api.documents.submit(document_id, SubmitIn(version=current.version))


def read_back(api: ApiClient, attachment_id: int, folder: Path) -> bytes:
    target = folder / f"download-{attachment_id}"
    api.attachments.download(attachment_id, target)
    return target.read_bytes()


@pytest.fixture
def parameter(live_server: LiveServer) -> Iterator[None]:
    """The attachment parameters back at their defaults after the test."""
    yield
    with UnitOfWork(live_server.engine).transaction() as session:
        set_parameter(session, "attachment_max_mb", 20)
        set_parameter(session, "attachments_opened_before_approval", True)


def set_param(server: LiveServer, key: str, value: object) -> None:
    with UnitOfWork(server.engine).transaction() as session:
        set_parameter(session, key, value)


def scalar(server: LiveServer, statement: str, **params: object) -> object:
    with server.engine.connect() as connection:
        return connection.execute(text(statement), params).scalar()


# -- accepted, stored, read back ----------------------------------------------------


@pytest.mark.parametrize("file_name", list(ACCEPTED))
def test_each_accepted_type_is_stored_and_read_back_byte_identical(
    live_server: LiveServer, codes: Codes, maker: ApiClient, tmp_path: Path, file_name: str
) -> None:
    data, media_type, pages = ACCEPTED[file_name]
    doc = draft(maker, live_server, codes)
    added = maker.attachments.add_bytes(doc.id, file_name, data)
    assert (added.name, added.media_type, added.pages) == (file_name, media_type, pages)
    assert (added.size, added.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert read_back(maker, added.id, tmp_path) == data
    [listed] = maker.attachments.listing(doc.id)
    assert (listed.id, listed.sha256, listed.opened) == (added.id, added.sha256, True)
    assert maker.documents.get(doc.id).attachment_count == pages


def test_a_file_from_disk_of_several_chunks_comes_back_whole_with_safe_headers(
    live_server: LiveServer, codes: Codes, maker: ApiClient, tmp_path: Path
) -> None:
    data = padded_jpeg(2 * BYTES_PER_MB + 12345, shade=77)  # three chunks in the database
    source = tmp_path / "扫描件 2024.jpg"
    source.write_bytes(data)
    doc = draft(maker, live_server, codes)
    added = maker.attachments.add(doc.id, source)
    digest = hashlib.sha256(data).hexdigest()
    assert (
        scalar(live_server, "SELECT count(*) FROM attachment_chunks WHERE sha256 = :s", s=digest)
        == 3
    )
    assert read_back(maker, added.id, tmp_path) == data

    token = maker.transport.token
    pem = live_server.identity.cert_file
    with httpx.Client(verify=ssl.create_default_context(cafile=str(pem))) as raw:
        answer = raw.get(
            f"{live_server.url}/api/v1/attachments/{added.id}",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 200 and answer.content == data
    assert answer.headers["content-type"] == "image/jpeg"
    assert answer.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''%E6%89%AB%E6%8F%8F%E4%BB%B6%202024.jpg"
    )
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in answer.headers["content-security-policy"]


# -- refused --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "data", "status", "code"),
    [
        ("发票.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), 415, "attachment.type_refused"),
        (
            "scan.jpg",
            b"<!DOCTYPE html><html><body>hi</body></html>",
            415,
            "attachment.type_refused",
        ),
        ("empty.pdf", b"", 422, "attachment.empty"),
        ("broken.pdf", b"%PDF-1.7\nnot really a pdf", 422, "attachment.unreadable"),
        ("cut.png", image_file("PNG")[:-30], 422, "attachment.unreadable"),
        ("notes.zip", zipped({"notes.txt": "not an OFD"}), 415, "attachment.type_refused"),
        ("cut.ofd", b"PK\x03\x04" + bytes(40), 415, "attachment.type_refused"),
        ("bad.ofd", zipped({"OFD.xml": "<OFD><unclosed></OFD>"}), 422, "attachment.unreadable"),
    ],
)
def test_files_that_are_not_accepted_documents_are_refused_naming_the_file(
    live_server: LiveServer,
    codes: Codes,
    maker: ApiClient,
    file_name: str,
    data: bytes,
    status: int,
    code: str,
) -> None:
    doc = draft(maker, live_server, codes)
    error = refused(maker.attachments.add_bytes, doc.id, file_name, data)
    assert (error.status, error.code) == (status, code)
    assert (error.params["field"], error.params["name"]) == ("file", file_name)
    assert file_name in error.message
    assert maker.attachments.listing(doc.id) == []
    assert maker.documents.get(doc.id).attachment_count == 0


def test_a_file_one_byte_over_the_size_parameter_is_refused(
    live_server: LiveServer, codes: Codes, maker: ApiClient, parameter: None
) -> None:
    set_param(live_server, "attachment_max_mb", 1)
    doc = draft(maker, live_server, codes)
    exactly = maker.attachments.add_bytes(doc.id, "ok.jpg", padded_jpeg(BYTES_PER_MB, shade=1))
    assert exactly.size == BYTES_PER_MB
    error = refused(
        maker.attachments.add_bytes, doc.id, "大扫描件.jpg", padded_jpeg(BYTES_PER_MB + 1, shade=2)
    )
    assert (error.status, error.code) == (413, "attachment.too_large")
    assert error.params == {"field": "file", "name": "大扫描件.jpg", "max_mb": 1}
    assert [a.name for a in maker.attachments.listing(doc.id)] == ["ok.jpg"]


def test_an_upload_without_its_file_field_is_refused(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    doc = draft(maker, live_server, codes)
    transport = maker.transport
    error = refused(
        transport.request,
        "POST",
        f"/documents/{doc.id}/attachments",
        json={"file": "no"},
        idempotency_key="no-file-1",
    )
    assert (error.status, error.code, error.params["field"]) == (
        400,
        "attachment.bad_upload",
        "file",
    )


# -- stored once ------------------------------------------------------------------


def test_the_same_scan_is_stored_once_and_attached_once_per_document(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    data = image_file("PNG", shade=123)
    digest = hashlib.sha256(data).hexdigest()
    first, second = draft(maker, live_server, codes), draft(maker, live_server, codes)
    maker.attachments.add_bytes(first.id, "a.png", data)
    maker.attachments.add_bytes(second.id, "b.png", data)
    assert (
        scalar(live_server, "SELECT count(*) FROM attachment_blobs WHERE sha256 = :s", s=digest)
        == 1
    )
    assert (
        scalar(live_server, "SELECT count(*) FROM attachment_chunks WHERE sha256 = :s", s=digest)
        == 1
    )
    rows = scalar(
        live_server, "SELECT count(*) FROM document_attachments WHERE sha256 = :s", s=digest
    )
    assert rows == 2
    again = refused(maker.attachments.add_bytes, first.id, "a-again.png", data)
    assert (again.status, again.code, again.params["other"]) == (
        409,
        "attachment.already_attached",
        "a.png",
    )


def test_a_retried_upload_returns_the_first_answer(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    doc = draft(maker, live_server, codes)
    data = image_file("JPEG", shade=9)
    first = maker.attachments.add_bytes(doc.id, "retry.jpg", data, key="att-retry-1")
    again = maker.attachments.add_bytes(doc.id, "retry.jpg", data, key="att-retry-1")
    assert again == first
    assert len(maker.attachments.listing(doc.id)) == 1


# -- seen like the document -------------------------------------------------------


def test_only_those_who_may_see_the_document_see_its_files(
    live_server: LiveServer, codes: Codes, maker: ApiClient, tmp_path: Path
) -> None:
    doc = draft(maker, live_server, codes)
    added = maker.attachments.add_bytes(doc.id, "contract.pdf", pdf_file(1))
    colleague = log_in(live_server, clerk(live_server, name("colleague"), unit="001001"))
    stranger = log_in(live_server, clerk(live_server, name("stranger"), unit="001002"))
    target = tmp_path / "x"
    for outsider in (colleague, stranger):  # a draft is its maker's alone
        assert refused(outsider.attachments.listing, doc.id).status == 404
        assert refused(outsider.attachments.download, added.id, target).status == 404
        gone = refused(outsider.attachments.delete, added.id, reason="不是我的")
        assert (gone.status, gone.code) == (404, "attachment.not_found")
    submit(maker, doc.id)
    assert [a.id for a in colleague.attachments.listing(doc.id)] == [added.id]  # same units
    assert refused(stranger.attachments.listing, doc.id).status == 404
    assert refused(stranger.attachments.download, added.id, target).status == 404
    assert not target.exists()
    assert refused(maker.attachments.download, 999_999_999, target).code == "attachment.not_found"


# -- frozen with the document -------------------------------------------------------


def test_files_are_frozen_once_submitted_free_again_when_returned_never_after_approval(
    live_server: LiveServer, codes: Codes, maker: ApiClient, checker: ApiClient, tmp_path: Path
) -> None:
    doc = draft(maker, live_server, codes)
    first = maker.attachments.add_bytes(doc.id, "invoice.pdf", pdf_file(2))
    sent = submit(maker, doc.id)
    late = refused(maker.attachments.add_bytes, doc.id, "late.png", image_file("PNG", shade=3))
    assert (late.status, late.code, late.params["status_name"]) == (
        409,
        "attachment.frozen",
        "submitted",
    )
    assert refused(maker.attachments.delete, first.id, reason="换一张").code == "attachment.frozen"

    checker.reviews.return_for_correction(sent.id, version=sent.version, reason="缺少合同扫描件")
    second = maker.attachments.add_bytes(doc.id, "contract.png", image_file("PNG", shade=4))
    maker.attachments.delete(first.id, reason="发票开错,已重开")
    assert [a.id for a in maker.attachments.listing(doc.id)] == [second.id]
    assert maker.documents.get(doc.id).attachment_count == 1

    again = submit(maker, doc.id)
    read_back(checker, second.id, tmp_path)
    approved = checker.reviews.approve(again.id, version=again.version, opinion="同意")
    assert approved.status in (DocumentStatus.APPROVED, DocumentStatus.POSTED)
    assert refused(maker.attachments.add_bytes, doc.id, "x.png", image_file("PNG")).code == (
        "attachment.frozen"
    )
    assert refused(maker.attachments.delete, second.id, reason="删掉").code == "attachment.frozen"


@pytest.fixture
def as_server(live_server: LiveServer) -> Iterator[psycopg2.extensions.cursor]:
    """A connection as the server's own database role, as a stolen one would be."""
    connection = psycopg2.connect(roles.libpq(live_server.app_url))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def sql_refused(cursor: psycopg2.extensions.cursor, statement: str) -> str:
    with pytest.raises(psycopg2.Error) as caught:
        cursor.execute(statement)
    return str(caught.value)


def test_an_approved_documents_files_resist_sql_as_the_servers_role(
    live_server: LiveServer,
    codes: Codes,
    maker: ApiClient,
    checker: ApiClient,
    tmp_path: Path,
    as_server: psycopg2.extensions.cursor,
) -> None:
    doc = draft(maker, live_server, codes)
    added = maker.attachments.add_bytes(doc.id, "approved.jpg", image_file("JPEG", shade=200))
    sent = submit(maker, doc.id)
    read_back(checker, added.id, tmp_path)
    checker.reviews.approve(sent.id, version=sent.version, opinion="同意")
    loose = maker.attachments.add_bytes(
        draft(maker, live_server, codes).id, "loose.png", image_file("PNG", shade=201)
    )  # a blob the server's role could try to slip in
    frozen = "cannot change"
    for statement in (
        f"INSERT INTO document_attachments (document_id, sha256, file_name, media_type, size,"
        f" pages, added_by, added_at) SELECT {doc.id}, sha256, 'forged.png', media_type, size,"
        f" pages, added_by, now() FROM document_attachments WHERE id = {loose.id}",
        f"UPDATE document_attachments SET file_name = 'renamed.jpg' WHERE id = {added.id}",
        f"UPDATE document_attachments SET sha256 = '{loose.sha256}' WHERE id = {added.id}",
        f"UPDATE document_attachments SET deleted_at = now(), deleted_by = added_by,"
        f" delete_reason = 'gone' WHERE id = {added.id}",
    ):
        message = sql_refused(as_server, statement)
        assert frozen in message, (statement, message)
    assert "never deleted" in sql_refused(
        as_server, f"DELETE FROM document_attachments WHERE id = {added.id}"
    )
    for statement in (
        f"UPDATE attachment_chunks SET data = 'forged'::bytea WHERE sha256 = '{added.sha256}'",
        f"DELETE FROM attachment_chunks WHERE sha256 = '{added.sha256}'",
        f"DELETE FROM attachment_blobs WHERE sha256 = '{added.sha256}'",
        "DELETE FROM attachment_openings",
        "TRUNCATE attachment_chunks",
    ):
        assert "permission denied" in sql_refused(as_server, statement), statement
    as_server.execute(f"SELECT file_name FROM document_attachments WHERE id = {added.id}")
    assert as_server.fetchone() == ("approved.jpg",)


def test_the_database_refuses_a_blob_that_is_not_whole(
    live_server: LiveServer, as_server: psycopg2.extensions.cursor
) -> None:
    digest = "ab" * 32
    as_server.execute("BEGIN")
    as_server.execute(
        f"INSERT INTO attachment_blobs (sha256, size, chunk_count) VALUES ('{digest}', 10, 1)"
    )
    as_server.execute(f"INSERT INTO attachment_chunks VALUES ('{digest}', 0, 'short'::bytea)")
    assert "not whole" in sql_refused(as_server, "COMMIT")


# -- 附件张数 ------------------------------------------------------------------------


def test_the_count_follows_the_files_and_may_add_paper_pages_kept_outside(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    doc = draft(maker, live_server, codes, attachment_count=2)
    maker.attachments.add_bytes(doc.id, "p3.pdf", pdf_file(3))
    current = maker.documents.get(doc.id)
    assert (current.attachment_count, current.version) == (3, doc.version)  # the form stays current
    form = income(codes, today(live_server), payer=current.counterparty, attachment_count=2)
    low = refused(maker.documents.update, doc.id, form, version=current.version)
    assert (low.status, low.code, low.params["field"], low.params["pages"]) == (
        422,
        "attachment.count_below_pages",
        "attachment_count",
        3,
    )
    more = form.model_copy(update={"attachment_count": 5})  # two paper pages kept outside
    unsaid = refused(maker.documents.update, doc.id, more, version=current.version)
    assert (unsaid.status, unsaid.code, unsaid.params["field"]) == (
        422,
        "attachment.paper_reason_required",
        "paper_reason",
    )
    assert (unsaid.params["pages"], unsaid.params["extra"]) == (3, 2)
    assert "纸质附件说明" in unsaid.message and "2 张纸质附件" in unsaid.message
    said = more.model_copy(update={"paper_reason": "购销合同原件 2 页,存档案室"})
    saved = maker.documents.update(doc.id, said, version=current.version)
    assert (saved.attachment_count, saved.paper_reason) == (5, "购销合同原件 2 页,存档案室")
    added = maker.attachments.add_bytes(doc.id, "p1.png", image_file("PNG", shade=31))
    assert maker.documents.get(doc.id).attachment_count == 6  # the paper stays counted
    maker.attachments.delete(added.id, reason="重复")
    assert maker.documents.get(doc.id).attachment_count == 5


def test_lists_show_how_many_files_a_document_carries(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    doc = draft(maker, live_server, codes)
    maker.attachments.add_bytes(doc.id, "发票.pdf", pdf_file(2))
    added = maker.attachments.add_bytes(doc.id, "回单.png", image_file("PNG", shade=57))

    def listed() -> tuple[tuple[int, int], tuple[int, int]]:
        mine = next(row for row in maker.documents.mine() if row.id == doc.id)
        query = DocumentQuery(text=doc.counterparty)
        (found,) = maker.search.documents(query).rows
        return (mine.files, mine.attachment_count), (found.files, found.attachment_count)

    assert listed() == ((2, 3), (2, 3))  # 我的单据 and 查询 alike
    maker.attachments.delete(added.id, reason="扫错了")
    assert listed() == ((1, 2), (1, 2))


# -- the operation log -----------------------------------------------------------------


def test_every_addition_download_and_removal_is_in_the_operation_log(
    live_server: LiveServer, codes: Codes, maker: ApiClient, tmp_path: Path
) -> None:
    doc = draft(maker, live_server, codes)
    added = maker.attachments.add_bytes(doc.id, "logged.pdf", pdf_file(1))
    read_back(maker, added.id, tmp_path)
    maker.attachments.delete(added.id, reason="传错了")
    with live_server.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT action, actor_name, before, after FROM audit_log"
                " WHERE target_type = 'document' AND target_id = :d AND action LIKE 'attachment.%'"
                " ORDER BY id"
            ),
            {"d": str(doc.id)},
        ).all()
    assert [row.action for row in rows] == [
        "attachment.added",
        "attachment.downloaded",
        "attachment.deleted",
    ]
    who = maker.auth.me().username
    assert {row.actor_name for row in rows} == {who}
    assert rows[0].after["sha256"] == added.sha256 and rows[0].after["attachment_count"] == 1
    assert rows[1].after["attachment_id"] == added.id
    assert rows[2].after == {
        "attachment_id": added.id,
        "deleted": True,
        "reason": "传错了",
        "attachment_count": 0,
    }


# -- opened before approval -------------------------------------------------------------


def test_a_reviewer_approves_only_after_opening_every_file_while_the_parameter_is_on(
    live_server: LiveServer,
    codes: Codes,
    maker: ApiClient,
    checker: ApiClient,
    tmp_path: Path,
    parameter: None,
) -> None:
    doc = draft(maker, live_server, codes)
    one = maker.attachments.add_bytes(doc.id, "one.pdf", pdf_file(1))
    two = maker.attachments.add_bytes(doc.id, "two.jpg", image_file("JPEG", shade=55))
    maker.attachments.download(
        one.id, tmp_path / "maker-opened"
    )  # the maker's opening is not theirs
    sent = submit(maker, doc.id)
    blind = refused(checker.reviews.approve, sent.id, version=sent.version)
    assert (blind.status, blind.code) == (409, "review.attachments_unopened")
    assert (blind.params["field"], blind.params["unopened"], blind.params["total"]) == (
        "attachments",
        2,
        2,
    )
    read_back(checker, one.id, tmp_path)
    assert refused(checker.reviews.approve, sent.id, version=sent.version).params["unopened"] == 1
    assert [a.opened for a in checker.attachments.listing(doc.id)] == [True, False]
    read_back(checker, two.id, tmp_path)
    approved = checker.reviews.approve(sent.id, version=sent.version, opinion="单据齐全")
    assert approved.status in (DocumentStatus.APPROVED, DocumentStatus.POSTED)

    set_param(live_server, "attachments_opened_before_approval", False)
    other = draft(maker, live_server, codes)
    maker.attachments.add_bytes(other.id, "unseen.png", image_file("PNG", shade=66))
    sent = submit(maker, other.id)
    assert checker.reviews.approve(sent.id, version=sent.version).status in (
        DocumentStatus.APPROVED,
        DocumentStatus.POSTED,
    )


def test_a_document_without_files_is_approved_as_before(
    live_server: LiveServer, codes: Codes, maker: ApiClient, checker: ApiClient
) -> None:
    sent = submit(maker, draft(maker, live_server, codes, attachment_count=3).id)
    approved = checker.reviews.approve(sent.id, version=sent.version)
    assert approved.status in (DocumentStatus.APPROVED, DocumentStatus.POSTED)
    assert approved.attachment_count == 3  # paper only, as typed

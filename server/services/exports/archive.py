"""The 电子会计档案 copy of a document (DOMAIN.md "Source documents"): one PDF
with the printed document first and then every live attachment, page by page —
a PDF's own pages appended, each picture of a JPEG/PNG/TIFF on a page of its
own, an OFD named on a page by its SHA-256 (archive_pages.py).

- Seen like the document: found by the one visibility rule (scope.visible_document,
  as the attachments are), 404 otherwise; and an export, so the caller must hold
  some 导出权限 (403 ``export.not_allowed`` for one who may export nothing).
- A voucher made from an approved record copies the record's 附件张数 while the
  files stay on the record (``source_id``): its archive carries the record's files
  after its own, so the archive of the voucher is the whole paper voucher.
- Logged as an export (``export.archive``) against the document, in the
  transaction that reads the files, with the files it holds.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import (
    DocumentKind,
    DocumentStatus,
    Language,
    PaymentMethod,
    ReviewAction,
    VoucherType,
)
from common.labels import label
from common.schemas.attachments import AttachmentType
from common.schemas.documents import DocumentOut
from server.db.models import ApprovalAction, BudgetItem, BudgetUnit, Document, DocumentAttachment
from server.db.models import User as UserRow
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, export_rights, scope
from server.services.core.taken_back import taken_back_since
from server.services.documents import attachment_store
from server.services.documents.documents import document_out
from server.services.exports import archive_pages
from server.services.exports.archive_pages import DocumentPage, Line

EXPORTED_ACTION = "export.archive"
_SPOOL_BYTES = 8 * 1024 * 1024  # an archive up to this size stays in memory
_KIND_WORDS = {kind: kind.value.split("/")[-1].upper() for kind in AttachmentType}
_KIND_WORDS[AttachmentType.JPEG] = "JPEG"


@dataclass(frozen=True)
class Archive:
    """The archive PDF written to a temporary file, and the name to save it under."""

    file: BinaryIO
    size: int
    file_name: str

    def pieces(self, size: int = 1024 * 1024) -> Iterator[bytes]:
        """The file's bytes, then the file closed (and so removed)."""
        try:
            self.file.seek(0)
            while piece := self.file.read(size):
                yield piece
        finally:
            self.file.close()


def _zh(enum: type[DocumentKind | DocumentStatus | VoucherType | PaymentMethod], v: str) -> str:
    return label(enum(v), Language.ZH_CN)


def _files(session: Session, doc: Document) -> list[DocumentAttachment]:
    """The live files of the document and then, for a voucher made from a record,
    the record's (the voucher's 附件张数 counts them)."""
    holders = [doc.id] if doc.source_id is None else [doc.id, doc.source_id]
    rows = session.scalars(
        select(DocumentAttachment).where(
            DocumentAttachment.document_id.in_(holders), DocumentAttachment.deleted_at.is_(None)
        )
    ).all()
    return sorted(rows, key=lambda row: (holders.index(row.document_id), row.id))


def _reviewers(session: Session, doc: Document) -> list[str]:
    """Who approved the document (or the record it was made from), in order."""
    holders = [doc.id] if doc.source_id is None else [doc.id, doc.source_id]
    names = session.scalars(
        select(UserRow.display_name)
        .join(ApprovalAction, ApprovalAction.actor_id == UserRow.id)
        .where(
            ApprovalAction.document_id.in_(holders),
            ApprovalAction.action == ReviewAction.APPROVED.value,
            ~taken_back_since(ApprovalAction),
        )
        .order_by(ApprovalAction.at, ApprovalAction.id)
    ).all()
    return list(dict.fromkeys(names))


def _item(session: Session, item_id: int | None) -> str:
    item = session.get(BudgetItem, item_id) if item_id is not None else None
    return f"{item.code} {item.name}" if item is not None else ""


def _details(session: Session, out: DocumentOut) -> list[tuple[str, str]]:
    """A record's fields as the entry form names them."""
    if out.kind is DocumentKind.INCOME:
        fields = [
            ("收入项目", _item(session, out.income_item_id)),
            ("缴款人", out.counterparty),
        ]
    else:
        method = out.payment_method.value if out.payment_method else ""
        fields = [
            ("功能分类", _item(session, out.functional_item_id)),
            ("经济分类", _item(session, out.economic_item_id)),
            ("收款人", out.counterparty),
            ("收款账号", out.payee_account),
            ("开户银行", out.payee_bank),
            ("支付方式", _zh(PaymentMethod, method) if method else ""),
        ]
    return [("摘要", out.summary), *fields]


def _page(session: Session, doc: Document, files: list[DocumentAttachment]) -> DocumentPage:
    out = document_out(session, doc)
    unit = session.get(BudgetUnit, doc.unit_id)
    if out.kind is DocumentKind.VOUCHER:
        title = _zh(VoucherType, doc.series)
    else:
        title = _zh(DocumentKind, out.kind.value) + "单"
    return DocumentPage(
        title=title,
        unit=f"{unit.code} {unit.name}" if unit is not None else str(doc.unit_id),
        doc_date=out.doc_date,
        number=out.number or "",
        status=_zh(DocumentStatus, out.status.value),
        amount=out.amount,
        attachment_pages=out.attachment_count,
        paper_reason=out.paper_reason,
        maker=out.maker_name,
        reviewers=_reviewers(session, doc),
        details=[] if out.kind is DocumentKind.VOUCHER else _details(session, out),
        lines=[
            Line(
                summary=line.summary,
                account=f"{line.account_code or ''} {line.account_name or ''}".strip(),
                debit=line.debit,
                credit=line.credit,
            )
            for line in out.lines
        ],
        files=[
            (row.file_name, _KIND_WORDS[AttachmentType(row.media_type)], row.pages) for row in files
        ],
    )


def _append_file(session: Session, writer: PdfWriter, row: DocumentAttachment) -> None:
    """The file's pages appended to ``writer``; the bytes wait in a spooled file."""
    kind = AttachmentType(row.media_type)
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as held:
        attachment_store.copy_to(
            session,
            row.sha256,
            attachment_store.chunks_of(row.size),
            held,  # type: ignore[arg-type]
        )
        held.seek(0)
        if kind is AttachmentType.PDF:
            reader = PdfReader(held)
            if reader.is_encrypted:  # only one that opens without a password is stored
                reader.decrypt("")
            writer.append(reader)
        elif kind is AttachmentType.OFD:
            notice = archive_pages.notice_pdf(
                name=row.file_name, kind="OFD", size=row.size, sha256=row.sha256, pages=row.pages
            )
            writer.append(PdfReader(io.BytesIO(notice)))
        else:
            with Image.open(held) as image:
                frames = [
                    _printable(ImageOps.exif_transpose(image) or image) for _ in _frames(image)
                ]
            writer.append(PdfReader(io.BytesIO(archive_pages.image_pdf(frames))))


def _frames(image: Image.Image) -> Iterator[int]:
    """Moves ``image`` to each of its frames (a TIFF's pages) in turn."""
    for index in range(int(getattr(image, "n_frames", 1))):
        image.seek(index)
        yield index


def _printable(frame: Image.Image) -> Image.Image:
    """The frame as a picture fpdf2 embeds: bilevel, grey or RGB (a copy, so the
    file may move on to its next frame)."""
    if frame.mode in ("1", "L", "RGB"):
        return frame.copy()
    return frame.convert("RGB")


def build(
    session: Session,
    auth: Authenticated,
    document_id: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> Archive:
    """The document's archive PDF, logged as an export; 404 for a document the
    caller may not see, 403 for a caller who may export nothing."""
    doc = scope.visible_document(session, auth.user.id, document_id)
    export_rights.require_some(session, auth.user.id)
    files = _files(session, doc)
    page = _page(session, doc, files)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(archive_pages.document_pdf(page))))
    for row in files:
        _append_file(session, writer, row)
    title = f"电子会计档案 {page.number or doc.id}"
    writer.add_metadata({"/Title": title, "/Creator": "Countersign"})
    pages = len(writer.pages)
    out = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 closed by pieces()
    writer.write(out)
    size = out.tell()
    audit.record(
        session,
        auth.actor,
        EXPORTED_ACTION,
        origin=origin,
        at=now,
        target_type="document",
        target_id=doc.id,
        after={
            "format": "pdf",
            "pages": pages,
            "size": size,
            "attachments": [
                {"attachment_id": row.id, "file_name": row.file_name, "sha256": row.sha256}
                for row in files
            ],
        },
    )
    name = f"电子会计档案-{page.number or doc.id}.pdf"
    return Archive(file=out, size=size, file_name=name)  # type: ignore[arg-type]

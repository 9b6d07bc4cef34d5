"""Source documents (原始凭证): adding, listing, opening and removing the files a
document rests on (DOMAIN.md "Source documents").

- Seen like their document: every call first finds the document by the one
  visibility rule (scope.visible_document: unit scope, drafts their maker's
  alone), so an attachment of a document the caller may not see is simply not
  found (404), as is a removed one.
- Changed like their document: only its maker adds or removes a file, and only
  while the document is a draft or returned for correction (EDITABLE); once
  submitted the files are frozen with it, after approval for ever. Migration
  0017's trigger holds the same line against SQL sent past the server.
- Judged by their bytes (attachment_types.py), limited by the parameter
  ``attachment_max_mb``, stored once per SHA-256 (attachment_store.py).
- 附件张数 follows the files (attachment_counts.py). The document's version does
  not change: the files are rows of their own and the form the clerk has open
  stays current; saving it re-checks that its count covers the attached pages.
- Every addition, removal and download is in the operation log, in the
  transaction that does it, against the document (so its history shows them);
  a download also records that the caller opened the file (attachment_openings),
  which approval may require (review/reviews.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from common.document_messages import status_params
from common.errors import DomainError
from common.rules.attachments import (
    MAX_DOCUMENT_PAGES,
    clean_file_name,
    limit_bytes,
    pages_fit,
    paper_pages,
)
from common.rules.document_actions import EDITABLE
from common.schemas.attachments import (
    AttachmentDeleteIn,
    AttachmentListedOut,
    AttachmentOut,
    AttachmentType,
)
from server.db.models import AttachmentOpening, Document, DocumentAttachment, User
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, scope
from server.services.core.params import document_parameters
from server.services.documents import attachment_store
from server.services.documents.attachment_counts import attached_pages
from server.services.documents.attachment_types import Recognised, recognise
from server.services.documents.documents import load_visible

ADDED_ACTION = "attachment.added"
DELETED_ACTION = "attachment.deleted"
DOWNLOADED_ACTION = "attachment.downloaded"


@dataclass(frozen=True)
class ReceivedFile:
    """An upload as the HTTP layer received it: the name the client gave, the
    bytes waiting in a (spooled) file, their size and SHA-256 counted on arrival."""

    name: str
    stream: BinaryIO
    size: int
    sha256: str


@dataclass(frozen=True)
class Download:
    """What serving an attachment's bytes needs (attachment_store.pieces)."""

    name: str
    media_type: str
    size: int
    sha256: str
    chunk_count: int


def too_large(name: str, max_mb: int) -> DomainError:
    return DomainError(
        "attachment.too_large", status=413, field="file", name=clean_file_name(name), max_mb=max_mb
    )


def max_bytes(session: Session) -> tuple[int, int]:
    """The largest file accepted now, as (MB, bytes)."""
    max_mb = document_parameters(session).attachment_max_mb
    return max_mb, limit_bytes(max_mb)


def _not_found(attachment_id: int) -> DomainError:
    return DomainError("attachment.not_found", status=404, id=attachment_id)


def _require_changeable(doc: Document, auth: Authenticated) -> None:
    if doc.maker_id != auth.user.id:
        raise DomainError("attachment.not_maker", status=403)
    if doc.status not in EDITABLE or doc.deleted_at is not None:
        raise DomainError("attachment.frozen", status=409, **status_params(doc.status))


def _out(row: DocumentAttachment) -> AttachmentOut:
    return AttachmentOut(
        id=row.id,
        name=row.file_name,
        media_type=AttachmentType(row.media_type),
        size=row.size,
        sha256=row.sha256,
        pages=row.pages,
    )


def _facts(row: DocumentAttachment) -> dict[str, Any]:
    """The attachment as the operation log names it."""
    return {
        "attachment_id": row.id,
        "file_name": row.file_name,
        "media_type": row.media_type,
        "size": row.size,
        "pages": row.pages,
        "sha256": row.sha256,
    }


def _check_file(session: Session, doc: Document, upload: ReceivedFile, name: str) -> Recognised:
    """What the file is, once it is found to be an acceptable, new file for ``doc``."""
    if upload.size == 0:
        raise DomainError("attachment.empty", status=422, field="file", name=name)
    max_mb, limit = max_bytes(session)
    if upload.size > limit:
        raise too_large(name, max_mb)
    found = recognise(upload.stream, name=name)
    pages = found.pages
    # paper pages declared with a reason stay counted beside the files
    attached = attached_pages(session, doc.id)
    attached += paper_pages(doc.attachment_count, attached, doc.paper_reason)
    if not pages_fit(attached, pages):
        raise DomainError(
            "attachment.too_many_pages",
            status=422,
            field="file",
            name=name,
            pages=pages,
            attached=attached,
            max=MAX_DOCUMENT_PAGES,
        )
    same = session.scalar(
        select(DocumentAttachment.file_name).where(
            DocumentAttachment.document_id == doc.id,
            DocumentAttachment.sha256 == upload.sha256,
            DocumentAttachment.deleted_at.is_(None),
        )
    )
    if same is not None:
        raise DomainError(
            "attachment.already_attached", status=409, field="file", name=name, other=same
        )
    return found


def add(
    session: Session,
    auth: Authenticated,
    document_id: int,
    upload: ReceivedFile,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> AttachmentOut:
    """Attach the uploaded file to the caller's draft or returned document; its
    附件张数 becomes the pages of its files."""
    doc = load_visible(session, auth, document_id)
    _require_changeable(doc, auth)
    name = clean_file_name(upload.name)
    found = _check_file(session, doc, upload, name)
    attachment_store.store(session, upload.stream, sha256=upload.sha256, size=upload.size)
    row = DocumentAttachment(
        document_id=doc.id,
        sha256=upload.sha256,
        file_name=name,
        media_type=found.media_type.value,
        size=upload.size,
        pages=found.pages,
        added_by=auth.user.id,
        added_at=now,
    )
    session.add(row)
    session.flush()
    before = _recount(session, doc, now, change=row.pages)
    audit.record(
        session,
        auth.actor,
        ADDED_ACTION,
        origin=origin,
        at=now,
        target_type="document",
        target_id=doc.id,
        before={"attachment_count": before},
        after={**_facts(row), "attachment_count": doc.attachment_count},
    )
    return _out(row)


def listing(session: Session, auth: Authenticated, document_id: int) -> list[AttachmentListedOut]:
    """The document's files in the order they were added, each with whether the
    caller has opened it; 404 for a document the caller may not see."""
    doc = scope.visible_document(session, auth.user.id, document_id)
    opened = select(AttachmentOpening.attachment_id).where(
        AttachmentOpening.user_id == auth.user.id
    )
    rows = session.execute(
        select(DocumentAttachment, User.display_name, DocumentAttachment.id.in_(opened))
        .join(User, User.id == DocumentAttachment.added_by)
        .where(DocumentAttachment.document_id == doc.id, DocumentAttachment.deleted_at.is_(None))
        .order_by(DocumentAttachment.id)
    ).all()
    return [
        AttachmentListedOut(
            **_out(row).model_dump(),
            document_id=row.document_id,
            added_by=added_by,
            added_at=row.added_at,
            opened=bool(seen),
        )
        for row, added_by, seen in rows
    ]


def _find(
    session: Session, auth: Authenticated, attachment_id: int, *, lock: bool
) -> tuple[DocumentAttachment, Document]:
    """The live attachment and its document (locked with ``lock``, before the
    attachment is read afresh: every change of a document's files holds that
    lock), if the caller may see the document; otherwise 404."""
    document_id = session.scalar(
        select(DocumentAttachment.document_id).where(DocumentAttachment.id == attachment_id)
    )
    if document_id is None:
        raise _not_found(attachment_id)
    try:
        doc = scope.visible_document(session, auth.user.id, document_id, lock=lock)
    except DomainError:  # the document's own 404 would name a document they cannot see
        raise _not_found(attachment_id) from None
    row = session.scalar(
        select(DocumentAttachment)
        .where(DocumentAttachment.id == attachment_id, DocumentAttachment.deleted_at.is_(None))
        .execution_options(populate_existing=True)
    )
    if row is None:
        raise _not_found(attachment_id)
    return row, doc


def open_for_download(
    session: Session,
    auth: Authenticated,
    attachment_id: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> Download:
    """Log the download and that the caller opened the file; what serving it needs."""
    row, doc = _find(session, auth, attachment_id, lock=False)
    session.execute(
        insert(AttachmentOpening)
        .values(attachment_id=row.id, user_id=auth.user.id, opened_at=now)
        .on_conflict_do_nothing(index_elements=["attachment_id", "user_id"])
    )
    audit.record(
        session,
        auth.actor,
        DOWNLOADED_ACTION,
        origin=origin,
        at=now,
        target_type="document",
        target_id=doc.id,
        after={"attachment_id": row.id, "file_name": row.file_name, "sha256": row.sha256},
    )
    return Download(
        name=row.file_name,
        media_type=row.media_type,
        size=row.size,
        sha256=row.sha256,
        chunk_count=attachment_store.chunks_of(row.size),
    )


def delete(
    session: Session,
    auth: Authenticated,
    attachment_id: int,
    body: AttachmentDeleteIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> AttachmentOut:
    """Take a file off the caller's draft or returned document, with a reason; the
    row stays, marked, and 附件张数 becomes the pages of the files left."""
    row, doc = _find(session, auth, attachment_id, lock=True)
    _require_changeable(doc, auth)
    reason = body.reason.strip()
    if not reason:
        raise DomainError("attachment.reason_required", status=422, field="reason")
    row.deleted_at, row.deleted_by, row.delete_reason = now, auth.user.id, reason
    session.flush()
    before = _recount(session, doc, now, change=-row.pages)
    audit.record(
        session,
        auth.actor,
        DELETED_ACTION,
        origin=origin,
        at=now,
        target_type="document",
        target_id=doc.id,
        before={**_facts(row), "deleted": False, "attachment_count": before},
        after={
            "attachment_id": row.id,
            "deleted": True,
            "reason": reason,
            "attachment_count": doc.attachment_count,
        },
    )
    return _out(row)


def _recount(session: Session, doc: Document, now: dt.datetime, *, change: int) -> int:
    """附件张数 follows the live files' pages (``change``: the pages just added, or
    taken off as a negative number), keeping the paper pages declared with a
    reason; returns the count before."""
    before = doc.attachment_count
    pages = attached_pages(session, doc.id)
    paper = paper_pages(before, pages - change, doc.paper_reason)
    doc.attachment_count = pages + paper
    if paper == 0 and pages > 0:
        doc.paper_reason = ""  # nothing kept outside any more: nothing to explain
    doc.updated_at = now
    return before

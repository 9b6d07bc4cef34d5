"""附件张数 and the attached files: the pages a document's files hold, and how
many of them a reviewer has not opened yet.

The rule of the count (DOMAIN.md "Source documents": the declared count is the
count of attached pages): adding or removing a file sets the document's
附件张数 to the pages of its live files; the clerk may then save a larger count
— the difference is paper kept outside (a contract too thick to scan) — with a
reason (``paper_reason``), but never a smaller one, so the count always covers
what is attached. Paper pages declared with a reason stay counted when files
are added or removed later. A document without files keeps the typed count as
before.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.rules.attachments import count_below_pages, paper_reason_missing
from server.db.models import AttachmentOpening, Document, DocumentAttachment


def attached_pages(session: Session, document_id: int) -> int:
    """The pages of the document's live (not removed) attachments."""
    total = session.scalar(
        select(func.coalesce(func.sum(DocumentAttachment.pages), 0)).where(
            DocumentAttachment.document_id == document_id,
            DocumentAttachment.deleted_at.is_(None),
        )
    )
    return int(total or 0)


def require_count_covers_pages(
    session: Session, document_id: int, declared: int, paper_reason: str
) -> None:
    """422 on ``attachment_count`` when the count typed is below the attached pages,
    and on ``paper_reason`` when it is above them without saying what paper is
    kept outside."""
    pages = attached_pages(session, document_id)
    if count_below_pages(declared, pages):
        raise DomainError(
            "attachment.count_below_pages", status=422, field="attachment_count", pages=pages
        )
    if paper_reason_missing(declared, pages, paper_reason):
        raise DomainError(
            "attachment.paper_reason_required",
            status=422,
            field="paper_reason",
            declared=declared,
            pages=pages,
            extra=declared - pages,
        )


def unopened(session: Session, document_id: int, user_id: int) -> tuple[int, int]:
    """(not opened by the user, all) of the document's live attachments."""
    opened = AttachmentOpening.__table__
    row = session.execute(
        select(
            func.count().filter(opened.c.user_id.is_(None)),
            func.count(),
        )
        .select_from(DocumentAttachment)
        .outerjoin(
            opened,
            and_(
                opened.c.attachment_id == DocumentAttachment.id,
                opened.c.user_id == user_id,
            ),
        )
        .where(
            DocumentAttachment.document_id == document_id,
            DocumentAttachment.deleted_at.is_(None),
        )
    ).one()
    return int(row[0]), int(row[1])


def files_of(session: Session, documents: Sequence[Document]) -> dict[int, int]:
    """How many live files each listed document carries, in one query for a page of
    a list: a voucher made from a record counts the record's files too, as its
    archive copy carries them."""
    holders: dict[int, list[int]] = {
        d.id: [d.id] if d.source_id is None else [d.id, d.source_id] for d in documents
    }
    wanted = {h for ids in holders.values() for h in ids}
    if not wanted:
        return {}
    counted: dict[int, int] = dict(
        session.execute(
            select(DocumentAttachment.document_id, func.count())
            .where(
                DocumentAttachment.document_id.in_(wanted),
                DocumentAttachment.deleted_at.is_(None),
            )
            .group_by(DocumentAttachment.document_id)
        ).all()
    )
    return {d: sum(counted.get(h, 0) for h in ids) for d, ids in holders.items()}

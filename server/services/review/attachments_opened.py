"""Reviewers never approve money blind: with the parameter
``attachments_opened_before_approval`` on (the default), a reviewer approves a
document only after opening (downloading) each of its attached files — the
server records who opened what (documents/attachments.py). Each reviewer of a
multi-step route opens them for themselves. A document without files is not
concerned; rejecting or returning one never needs them opened.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from common.errors import DomainError
from server.db.models import Document
from server.services.core.params import document_parameters
from server.services.documents.attachment_counts import unopened


def require_opened(session: Session, doc: Document, user_id: int) -> None:
    """409 on ``attachments`` naming how many of how many the reviewer has not opened."""
    if not document_parameters(session).attachments_opened_before_approval:
        return
    missing, total = unopened(session, doc.id, user_id)
    if missing:
        raise DomainError(
            "review.attachments_unopened",
            status=409,
            field="attachments",
            unopened=missing,
            total=total,
        )

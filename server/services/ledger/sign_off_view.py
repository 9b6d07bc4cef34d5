"""A voucher's cashier sign-off and posting as a document's view shows them
(the modules that change them, sign_offs.py and documents/posting_actions.py, use it too)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import DocumentStatus
from common.schemas.posting import SignOffOut, SignOffWay
from server.db.models import Document, LedgerSignOff, User

_SIGNED_STATES = (DocumentStatus.APPROVED.value, DocumentStatus.POSTED.value)


def sign_offs_of(session: Session, doc: Document, voucher_id: int | None) -> dict[str, SignOffOut]:
    """The steps of ``voucher_id`` (the document's own, or its record's voucher);
    none before approval, without a query."""
    if doc.status not in _SIGNED_STATES or voucher_id is None:
        return {}
    rows = session.execute(
        select(LedgerSignOff, User.display_name)
        .outerjoin(User, User.id == LedgerSignOff.user_id)
        .where(LedgerSignOff.document_id == voucher_id)
    ).all()
    return {
        row.step: SignOffOut(
            way=SignOffWay(row.way), user_id=row.user_id, user_name=name or "", at=row.at
        )
        for row, name in rows
    }

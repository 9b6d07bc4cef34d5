"""The server's checks of a document: rules, reference data, duplicates (判重).

The pure rules live in ``common.rules.documents`` (the client runs them too);
what needs the database — codes that exist, are active and are leaves, earlier
documents that look the same — lives here.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.enums import DocumentKind, ItemKind
from common.errors import DomainError
from common.rules.passwords import Violation
from common.schemas.documents import DraftIn, ExpenditureIn, IncomeIn
from server.db.models import Document
from server.services import numbering, reference

# Items and accounts a draft names are checked when it is saved, so a clerk hears
# about a retired code at once rather than at submission.
_ITEM_FIELDS = {
    "income_item_id": ItemKind.INCOME,
    "functional_item_id": ItemKind.FUNCTIONAL,
    "economic_item_id": ItemKind.ECONOMIC,
}


def raise_violations(violations: list[Violation]) -> None:
    """422 naming the first broken rule; ``fields`` lets the client mark all of them."""
    if not violations:
        return
    first = violations[0]
    fields = [v.params.get("field", "") for v in violations]
    raise DomainError(first.code, status=422, **first.params, fields=fields)


def check_references(session: Session, draft: DraftIn) -> None:
    if isinstance(draft, IncomeIn | ExpenditureIn):
        for field, kind in _ITEM_FIELDS.items():
            item_id = getattr(draft, field, None)
            if item_id is not None:
                reference.usable_item(session, item_id, kind, field=field)
        return
    wanted = [
        (f"lines[{index}].account_id", line.account_id)
        for index, line in enumerate(draft.lines)
        if line.account_id is not None
    ]
    if wanted:
        reference.usable_accounts(session, wanted)


def possible_duplicates(session: Session, doc: Document, *, window_days: int) -> list[str]:
    """Numbers of earlier records with the same unit, item, amount and counterparty
    within ``window_days`` of this one's date (DOMAIN.md 判重)."""
    if doc.kind == DocumentKind.VOUCHER.value:
        return []
    window = dt.timedelta(days=window_days)
    query = select(Document.series, Document.number, Document.id).where(
        Document.kind == doc.kind,
        Document.unit_id == doc.unit_id,
        Document.amount == doc.amount,
        func.lower(func.trim(Document.counterparty)) == doc.counterparty.strip().lower(),
        Document.doc_date.between(doc.doc_date - window, doc.doc_date + window),
        Document.id != doc.id,
        Document.deleted_at.is_(None),
        Document.status.notin_(["draft", "rejected"]),
    )
    if doc.kind == DocumentKind.INCOME.value:
        query = query.where(Document.income_item_id == doc.income_item_id)
    else:
        query = query.where(
            Document.functional_item_id == doc.functional_item_id,
            Document.economic_item_id == doc.economic_item_id,
        )
    rows = session.execute(query.order_by(Document.id).limit(5)).all()
    return [numbering.display(series, number) or f"#{doc_id}" for series, number, doc_id in rows]

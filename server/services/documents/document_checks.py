"""The server's checks of a document: rules, reference data, duplicates (判重).

The pure rules live in ``common.rules.documents`` (the client runs them too);
what needs the database — codes that exist, are active and are leaves, earlier
documents that look the same — lives here.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from common.enums import DocumentKind, ItemKind
from common.errors import DomainError
from common.rules.passwords import Violation
from common.schemas.documents import (
    DraftIn,
    ExpenditureIn,
    IncomeIn,
    QuotaAdjustmentIn,
    VoucherIn,
)
from server.db.models import Document, VoucherLine
from server.services.core import numbering
from server.services.reference import reference

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
    if isinstance(draft, IncomeIn | ExpenditureIn | QuotaAdjustmentIn):
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
    if doc.kind in (DocumentKind.VOUCHER.value, DocumentKind.QUOTA_ADJUSTMENT.value):
        return []
    # Two look-alikes submitted at the same moment would each miss the other: the
    # second waits here until the first's transaction ends, then sees it.
    session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"duplicate-check:{doc.kind}:{doc.unit_id}:{doc.amount}"},
    )
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


# What a red reversal may not change: it reverses *that* document. Its date,
# summary and attachments are the clerk's, and its amounts may be smaller
# (a partial reversal) but keep their lines, accounts and sides.
_RECORD_FIXED = {
    DocumentKind.INCOME.value: {"unit_id": "unit_id", "income_item_id": "income_item_id"},
    DocumentKind.EXPENDITURE.value: {
        "unit_id": "unit_id",
        "functional_item_id": "functional_item_id",
        "economic_item_id": "economic_item_id",
        "payee_account": "payee_account",
        "payee_bank": "payee_bank",
        "payment_method": "payment_method",
    },
}
_COUNTERPARTY = {DocumentKind.INCOME.value: "payer", DocumentKind.EXPENDITURE.value: "payee"}


def check_reversal_draft(session: Session, original: Document, draft: DraftIn) -> None:
    """A reversal's draft against the document it reverses (see ``_RECORD_FIXED``)."""
    if isinstance(draft, IncomeIn | ExpenditureIn):
        for field, column in _RECORD_FIXED[original.kind].items():
            value = getattr(draft, field)
            value = getattr(value, "value", value)  # enums compare by their stored value
            if value != getattr(original, column):
                _reversal_fixed(field)
        counterparty = _COUNTERPARTY[original.kind]
        if getattr(draft, counterparty).strip() != original.counterparty.strip():
            _reversal_fixed(counterparty)
        return
    if not isinstance(draft, VoucherIn):  # a quota adjustment is never reversed
        raise DomainError("quota.not_reversible", status=409)
    if draft.unit_id != original.unit_id:
        _reversal_fixed("unit_id")
    if draft.voucher_type.value != original.series:
        _reversal_fixed("voucher_type")
    lines = session.scalars(
        select(VoucherLine)
        .where(VoucherLine.document_id == original.id)
        .order_by(VoucherLine.line_no)
    ).all()
    if len(draft.lines) != len(lines):
        _reversal_fixed("lines")
    for index, (new, old) in enumerate(zip(draft.lines, lines, strict=True)):
        if new.account_id != old.account_id:
            _reversal_fixed(f"lines[{index}].account_id")
        if (new.debit != 0 and old.debit == 0) or (new.credit != 0 and old.credit == 0):
            _reversal_fixed(f"lines[{index}]")
        if -(new.debit + new.credit) > old.debit + old.credit:
            raise DomainError(
                "document.reversal_line_exceeds",
                status=422,
                field=f"lines[{index}]",
                line=index + 1,
                original=f"{old.debit + old.credit:,.2f}",
            )


def _reversal_fixed(field: str) -> None:
    raise DomainError("document.reversal_fixed", status=422, field=field)

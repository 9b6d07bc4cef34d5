"""Posting (记账) and the cashier's sign-off (出纳签字) on a voucher's way into
the books (DOMAIN.md "Business documents").

By default posting follows final approval at once (:func:`post_at_approval`).
Where the office sets ``separate_posting``, an approved voucher waits for a
poster (记账员) and, if it touches cash or bank and ``cashier_sign_off`` is on,
first for a cashier (出纳). Neither may be the voucher's maker or one of its
reviewers (of the voucher, or of the record that produced it), and the cashier
who signed a voucher does not also post it. Each step is a row of
``ledger_sign_offs`` and an entry in the operation log; the voucher's record
(收入 / 支出) posts with it. The poster's and the cashier's actions on a
voucher are server/services/documents/posting_actions.py (they load the voucher
as its caller sees it, which is the documents area's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import DocumentStatus, ReviewAction
from common.schemas.posting import (
    is_cash_or_bank,
)
from server.db.models import (
    Account,
    ApprovalAction,
    Document,
    LedgerSignOff,
    VoucherLine,
)
from server.services.core.params import document_parameters

CASHIER, POSTING = "cashier", "posting"
# what a reviewer does to an item: any of these makes them one of its reviewers
REVIEWING = (
    ReviewAction.APPROVED.value,
    ReviewAction.REJECTED.value,
    ReviewAction.RETURNED.value,
    ReviewAction.DELEGATED.value,
    ReviewAction.TAKEN_BACK.value,
)


def cash_accounts(session: Session, voucher_id: int) -> list[str]:
    """The voucher's cash and bank account codes (empty: no cashier needed)."""
    codes = session.scalars(
        select(Account.code)
        .join(VoucherLine, VoucherLine.account_id == Account.id)
        .where(VoucherLine.document_id == voucher_id)
        .distinct()
    )
    return sorted(code for code in codes if is_cash_or_bank(code))


def mark_posted(session: Session, voucher: Document, *, now: dt.datetime) -> None:
    """The voucher and the record it came from become 已记账."""
    record = session.get(Document, voucher.source_id) if voucher.source_id else None
    for doc in (voucher, record):
        if doc is not None and doc.status == DocumentStatus.APPROVED.value:
            doc.status = DocumentStatus.POSTED.value
            doc.version += 1
            doc.updated_at = now


def post_at_approval(session: Session, voucher: Document, *, now: dt.datetime) -> None:
    """Final approval posts at once unless posting is a step of its own."""
    if document_parameters(session).separate_posting:
        return
    session.flush()
    mark_posted(session, voucher, now=now)
    session.add(LedgerSignOff(document_id=voucher.id, step=POSTING, way="automatic", at=now))


def record_posted_at_close(
    session: Session, voucher_ids: Iterable[int], *, now: dt.datetime
) -> None:
    """The vouchers a month's close posted (approved before posting was automatic)."""
    session.add_all(
        LedgerSignOff(document_id=voucher_id, step=POSTING, way="close", at=now)
        for voucher_id in voucher_ids
    )


def _reviewers(session: Session, voucher: Document) -> set[int]:
    documents = [voucher.id] + ([voucher.source_id] if voucher.source_id else [])
    return set(
        session.scalars(
            select(ApprovalAction.actor_id).where(
                ApprovalAction.document_id.in_(documents),
                ApprovalAction.action.in_(REVIEWING),
            )
        )
    )


def refusal(
    session: Session, user_id: int, voucher: Document, step: str, cashier_id: int | None
) -> str | None:
    """Why ``user_id`` may not take ``step`` on the voucher (an error code), or None."""
    if voucher.maker_id == user_id:
        return "posting.own_document"
    if user_id in _reviewers(session, voucher):
        return "posting.reviewed_it"
    if step == POSTING and cashier_id == user_id:
        return "posting.cashier_signed_it"
    return None


def signed(session: Session, voucher_id: int, step: str) -> LedgerSignOff | None:
    return session.get(LedgerSignOff, (voucher_id, step))

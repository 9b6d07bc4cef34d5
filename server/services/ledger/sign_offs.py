"""Posting (记账) and the cashier's sign-off (出纳签字) on a voucher's way into
the books (DOMAIN.md "Business documents").

By default posting follows final approval at once (:func:`post_at_approval`).
Where the office sets ``separate_posting``, an approved voucher waits for a
poster (记账员) and, if it touches cash or bank and ``cashier_sign_off`` is on,
first for a cashier (出纳). Neither may be the voucher's maker or one of its
reviewers (of the voucher, or of the record that produced it), and the cashier
who signed a voucher does not also post it. Each step is a row of
``ledger_sign_offs`` and an entry in the operation log; the voucher's record
(收入 / 支出) posts with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.document_messages import status_params
from common.enums import DocumentKind, DocumentStatus, ReviewAction
from common.errors import DomainError
from common.ledger_messages import STEP_WORDS
from common.schemas.documents import DocumentOut
from common.schemas.posting import (
    PostingIn,
    is_cash_or_bank,
)
from server.db.models import (
    Account,
    ApprovalAction,
    Document,
    LedgerSignOff,
    User,
    VoucherLine,
)
from server.services.accounts.sessions import Authenticated
from server.services.core import audit
from server.services.core.params import document_parameters
from server.services.documents.documents import (
    document_out,
    load_visible,
    record_change,
    require_version,
    snapshot,
)

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


def _mark_posted(session: Session, voucher: Document, *, now: dt.datetime) -> None:
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
    _mark_posted(session, voucher, now=now)
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


def _load_voucher(
    session: Session, auth: Authenticated, document_id: int, body: PostingIn, step: str
) -> Document:
    voucher = load_visible(session, auth, document_id)
    if not document_parameters(session).separate_posting:
        raise DomainError("posting.automatic", status=409)
    if voucher.kind != DocumentKind.VOUCHER.value:
        raise DomainError("posting.not_voucher", status=409)
    require_version(voucher, body.version)
    if voucher.status != DocumentStatus.APPROVED.value or voucher.deleted_at is not None:
        raise DomainError(
            "posting.not_approved", status=409, **status_params(voucher.status), **STEP_WORDS[step]
        )
    return voucher


def _signed(session: Session, voucher_id: int, step: str) -> LedgerSignOff | None:
    return session.get(LedgerSignOff, (voucher_id, step))


def _refuse(session: Session, auth: Authenticated, voucher: Document, step: str) -> None:
    cashier = _signed(session, voucher.id, CASHIER)
    code = refusal(session, auth.user.id, voucher, step, cashier.user_id if cashier else None)
    if code is not None:
        raise DomainError(code, status=403, **STEP_WORDS[step])


def sign_as_cashier(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: PostingIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """出纳签字: the cashier has seen the money move; the poster may post it now."""
    voucher = _load_voucher(session, auth, document_id, body, CASHIER)
    if not document_parameters(session).cashier_sign_off:
        raise DomainError("posting.cashier_not_required", status=409)
    if not cash_accounts(session, voucher.id):
        raise DomainError("posting.no_cash", status=409)
    signed = _signed(session, voucher.id, CASHIER)
    if signed is not None:
        raise DomainError(
            "posting.already_signed", status=409, name=_name(session, signed.user_id), at=signed.at
        )
    _refuse(session, auth, voucher, CASHIER)
    before = snapshot(document_out(session, voucher))
    session.add(
        LedgerSignOff(
            document_id=voucher.id, step=CASHIER, way="manual", user_id=auth.user.id, at=now
        )
    )
    voucher.version += 1
    voucher.updated_at = now
    return record_change(
        session, auth, "document.cashier_signed", voucher, origin=origin, now=now, before=before
    )


def post(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: PostingIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """记账 by a poster: the voucher (and its record) become 已记账."""
    voucher = _load_voucher(session, auth, document_id, body, POSTING)
    _refuse(session, auth, voucher, POSTING)
    if (
        document_parameters(session).cashier_sign_off
        and _signed(session, voucher.id, CASHIER) is None
    ):
        accounts = cash_accounts(session, voucher.id)
        if accounts:
            raise DomainError("posting.cashier_first", status=409, accounts="、".join(accounts))
    before = snapshot(document_out(session, voucher))
    _mark_posted(session, voucher, now=now)
    session.add(
        LedgerSignOff(
            document_id=voucher.id, step=POSTING, way="manual", user_id=auth.user.id, at=now
        )
    )
    return record_change(
        session, auth, "document.posted", voucher, origin=origin, now=now, before=before
    )


def _name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user else ""

"""记账 and 出纳签字 as a poster's and a cashier's actions on a voucher, where
posting is a step of its own (``separate_posting``). The rules of who may and of
what posting does are the ledger's (server/services/ledger/sign_offs.py); this
module loads the voucher as the caller sees it and records the change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from common.document_messages import status_params
from common.enums import DocumentKind, DocumentStatus
from common.errors import DomainError
from common.ledger_messages import STEP_WORDS
from common.schemas.documents import DocumentOut
from common.schemas.posting import PostingIn
from server.db.models import Document, LedgerSignOff, User
from server.services.accounts.sessions import Authenticated
from server.services.core import audit
from server.services.core.params import document_parameters
from server.services.core.working_days import OFFICE_TZ
from server.services.documents.documents import (
    document_out,
    load_visible,
    record_change,
    require_version,
    snapshot,
)
from server.services.ledger.sign_offs import (
    CASHIER,
    POSTING,
    cash_accounts,
    mark_posted,
    refusal,
    signed,
)


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


def _refuse(session: Session, auth: Authenticated, voucher: Document, step: str) -> None:
    cashier = signed(session, voucher.id, CASHIER)
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
    earlier = signed(session, voucher.id, CASHIER)
    if earlier is not None:
        raise DomainError(
            "posting.already_signed",
            status=409,
            name=_name(session, earlier.user_id),
            at=f"{earlier.at.astimezone(OFFICE_TZ):%Y-%m-%d %H:%M}",
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
        and signed(session, voucher.id, CASHIER) is None
    ):
        accounts = cash_accounts(session, voucher.id)
        if accounts:
            raise DomainError("posting.cashier_first", status=409, accounts="、".join(accounts))
    before = snapshot(document_out(session, voucher))
    mark_posted(session, voucher, now=now)
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

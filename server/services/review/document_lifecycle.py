"""Submission, recall, soft deletion and reversal (红字冲销) of documents.

Submission is where the server is strictest: every entry rule, the reference
data, an open period, the second typing of large amounts (二次核对), the
duplicate check (判重), the budget quota (预算指标, under the quota's lock);
then the number, given under the sequence's row lock.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.document_messages import status_params
from common.enums import DocumentKind, DocumentStatus, ReviewAction
from common.errors import DomainError
from common.rules.document_actions import DELETABLE, RECALLABLE, may_reverse
from common.rules.documents import submission_violations, unconfirmed_amounts
from common.schemas.documents import DeleteIn, DocumentOut, RecallIn, SubmitIn, SubmitNewIn
from server.db.models import Document, VoucherLine
from server.services.accounts.sessions import Authenticated
from server.services.budget import quotas
from server.services.core import audit, numbering, scope
from server.services.core.params import document_parameters
from server.services.core.working_days import OFFICE_TZ
from server.services.documents.document_checks import (
    check_references,
    possible_duplicates,
    raise_violations,
)
from server.services.documents.documents import (
    check_draft,
    document_out,
    fill,
    load_visible,
    record_change,
    require_editable,
    require_maker,
    require_version,
    snapshot,
    write,
)
from server.services.ledger import periods
from server.services.review import approval_routing


def submit(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: SubmitIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    doc = load_visible(session, auth, document_id)
    require_maker(doc, auth)
    require_editable(doc)
    require_version(doc, body.version)
    before = document_out(session, doc)
    draft = before.to_draft()
    reversal = doc.reverses_id is not None
    raise_violations(submission_violations(draft, reversal=reversal))
    scope.require_unit(session, auth.user.id, doc.unit_id)
    check_references(session, draft)
    period = periods.period_of(session, doc.doc_date)
    params = document_parameters(session)
    raise_violations(
        unconfirmed_amounts(draft, body.confirmed_amounts, params.double_entry_threshold)
    )
    if reversal:
        _check_reversal_amount(session, doc)
    _refuse_unconfirmed_duplicate(session, doc, body.duplicate_reason, params.duplicate_window_days)
    quotas.check(session, doc)  # under the quota's lock until this transaction ends
    if doc.number is None:
        number = numbering.next_number(session, period_id=period.id, series=doc.series)
        doc.period_id, doc.number = period.id, number
    doc.status = DocumentStatus.SUBMITTED.value
    doc.submitted_at = now
    doc.version += 1
    doc.updated_at = now
    approval_routing.route(session, doc, actor_id=auth.user.id, now=now)
    return record_change(
        session, auth, "document.submitted", doc, origin=origin, now=now, before=snapshot(before)
    )


def create_and_submit(
    session: Session,
    auth: Authenticated,
    body: SubmitNewIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """A new document saved and submitted in one transaction, with the checks of
    :func:`submit`. Refused as a whole: no draft is left behind, and the client
    keeps the form (and its local copy) as they were."""
    draft = body.draft
    raise_violations(submission_violations(draft))
    check_draft(session, auth, draft, reversal=False)
    period = periods.period_of(session, draft.doc_date)
    params = document_parameters(session)
    raise_violations(
        unconfirmed_amounts(draft, body.confirmed_amounts, params.double_entry_threshold)
    )
    kind = DocumentKind(draft.kind)
    doc = Document(
        kind=kind.value,
        status=DocumentStatus.SUBMITTED.value,
        series=numbering.series_of(kind, getattr(draft, "voucher_type", None)),
        maker_id=auth.user.id,
        version=1,
        review_round=1,  # its first round of review, counted as it is inserted
        updated_at=now,
        submitted_at=now,
    )
    fill(doc, draft)
    _refuse_unconfirmed_duplicate(session, doc, body.duplicate_reason, params.duplicate_window_days)
    quotas.check(session, doc)
    doc.number = numbering.next_number(session, period_id=period.id, series=doc.series)
    doc.period_id = period.id
    write(session, doc, draft)
    approval_routing.route(session, doc, actor_id=auth.user.id, now=now, round_begun=True)
    return record_change(session, auth, "document.submitted", doc, origin=origin, now=now)


def _refuse_unconfirmed_duplicate(
    session: Session, doc: Document, reason: str, window_days: int
) -> None:
    """判重: a look-alike needs a confirming reason, which is kept on the document."""
    duplicates = possible_duplicates(session, doc, window_days=window_days)
    if duplicates and not reason.strip():
        raise DomainError(
            "document.possible_duplicate",
            status=409,
            field="duplicate_reason",
            others=", ".join(duplicates),
            days=window_days,
        )
    doc.duplicate_reason = reason.strip() if duplicates else None


def _check_reversal_amount(session: Session, doc: Document) -> None:
    original = session.get(Document, doc.reverses_id)
    assert original is not None
    if -doc.amount > original.amount:
        raise DomainError(
            "document.reversal_exceeds",
            status=422,
            field="amount",
            original=f"{original.amount:,.2f}",
        )


def recall(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: RecallIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """收回: the maker takes a submitted item back until the first reviewer acts.
    It keeps its number, so recalling leaves no gap."""
    doc = load_visible(session, auth, document_id)
    require_maker(doc, auth)
    require_version(doc, body.version)
    if doc.status not in RECALLABLE:
        raise DomainError("document.not_recallable", status=409)
    before = snapshot(document_out(session, doc))
    approval_routing.cancel_open_steps(session, doc)
    approval_routing.record_action(
        session, doc, ReviewAction.RECALLED, actor_id=auth.user.id, now=now
    )
    doc.status = DocumentStatus.DRAFT.value
    doc.version += 1
    doc.updated_at = now
    return record_change(
        session, auth, "document.recalled", doc, origin=origin, now=now, before=before
    )


def delete_draft(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: DeleteIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """Only drafts are deleted, softly, with a reason; the row stays for the record."""
    doc = load_visible(session, auth, document_id)
    require_maker(doc, auth)
    if doc.status not in DELETABLE or doc.deleted_at is not None:
        raise DomainError("document.not_editable", status=409, **status_params(doc.status))
    require_version(doc, body.version)
    if doc.number is not None:  # a recalled document keeps its number
        raise DomainError(
            "document.numbered_not_deletable",
            status=409,
            number=numbering.display(doc.series, doc.number),
        )
    if not body.reason.strip():
        raise DomainError("document.delete_reason_required", status=422, field="reason")
    before = snapshot(document_out(session, doc))
    doc.deleted_at, doc.delete_reason = now, body.reason.strip()
    doc.version += 1
    doc.updated_at = now
    return record_change(
        session, auth, "document.deleted", doc, origin=origin, now=now, before=before
    )


def reverse(
    session: Session,
    auth: Authenticated,
    document_id: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """A new draft with the original's content in red (negative amounts) that
    references it. The original is never touched; it goes through review like
    any document, and an approved reversal of a record reverses its voucher too.
    It is dated today in the office's time; its period is taken before the original
    is locked, in the order period close takes them (period, then documents), so
    the two never deadlock."""
    scope.visible_document(session, auth.user.id, document_id)  # 404 before anything else
    today = now.astimezone(OFFICE_TZ).date()
    periods.period_of(session, today)
    original = load_visible(session, auth, document_id)
    if original.kind == DocumentKind.QUOTA_ADJUSTMENT.value:
        raise DomainError("quota.not_reversible", status=409)
    if not may_reverse(original.status, original.reverses_id):
        raise DomainError("document.not_reversible", status=409)
    if original.source_id is not None:
        source = session.get(Document, original.source_id)
        assert source is not None
        raise DomainError(
            "document.reverse_the_record",
            status=409,
            source=numbering.display(source.series, source.number),
        )
    existing = session.scalar(
        select(Document).where(
            Document.reverses_id == original.id,
            Document.deleted_at.is_(None),
            Document.status != DocumentStatus.REJECTED.value,
        )
    )
    if existing is not None:
        raise DomainError(
            "document.already_reversed",
            status=409,
            reversal=numbering.display(existing.series, existing.number) or f"#{existing.id}",
        )
    label = numbering.display(original.series, original.number)
    reversal = Document(
        kind=original.kind,
        status=DocumentStatus.DRAFT.value,
        unit_id=original.unit_id,
        doc_date=today,
        series=original.series,
        amount=-original.amount,
        summary=f"冲销 {label} {original.summary}"[:200],
        counterparty=original.counterparty,
        attachment_count=0,
        income_item_id=original.income_item_id,
        functional_item_id=original.functional_item_id,
        economic_item_id=original.economic_item_id,
        payee_account=original.payee_account,
        payee_bank=original.payee_bank,
        payment_method=original.payment_method,
        reverses_id=original.id,
        maker_id=auth.user.id,
        version=1,
        updated_at=now,
    )
    session.add(reversal)
    session.flush()
    if original.kind == DocumentKind.VOUCHER.value:
        lines = session.scalars(
            select(VoucherLine)
            .where(VoucherLine.document_id == original.id)
            .order_by(VoucherLine.line_no)
        )
        session.add_all(
            VoucherLine(
                document_id=reversal.id,
                line_no=line.line_no,
                summary=f"冲销 {label} {line.summary}"[:200],
                account_id=line.account_id,
                debit=-line.debit,
                credit=-line.credit,
            )
            for line in lines
        )
    return record_change(
        session, auth, "document.reversal_created", reversal, origin=origin, now=now
    )

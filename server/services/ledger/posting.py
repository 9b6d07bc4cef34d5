"""What final approval does to a document: an approved income or expenditure
record produces its voucher (DOMAIN.md), with the accounts of the posting rule
that matches it best. The review workflow calls :func:`approve`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.enums import DocumentKind, DocumentStatus, VoucherType
from common.errors import DomainError
from server.db.models import BudgetItem, Document, PostingRule, VoucherLine
from server.services.core import numbering
from server.services.ledger import periods, sign_offs


def approve(session: Session, doc: Document, *, now: dt.datetime) -> Document | None:
    """Mark ``doc`` approved; return the voucher it produced, if it is a record.
    Both post at once unless posting is a step of its own (sign_offs). A quota
    adjustment is only approved: it has no voucher and is never posted."""
    doc.status = DocumentStatus.APPROVED.value
    doc.decided_at = now
    doc.version += 1
    doc.updated_at = now
    if doc.kind == DocumentKind.QUOTA_ADJUSTMENT.value:
        return None  # 追加 / 调减 take effect on the quota: no voucher, never posted
    if doc.kind == DocumentKind.VOUCHER.value:
        sign_offs.post_at_approval(session, doc, now=now)
        return None
    voucher = produce_voucher(session, doc, now=now)
    sign_offs.post_at_approval(session, voucher, now=now)
    return voucher


def _rule_for(session: Session, record: Document) -> PostingRule:
    item_id = (
        record.income_item_id
        if record.kind == DocumentKind.INCOME.value
        else record.economic_item_id
    )
    code = session.scalar(select(BudgetItem.code).where(BudgetItem.id == item_id)) or ""
    method = record.payment_method or ""
    rule = session.scalar(
        select(PostingRule)
        .where(
            PostingRule.document_kind == record.kind,
            PostingRule.is_active,
            PostingRule.payment_method.in_(["", method]),
            func.starts_with(code, PostingRule.item_prefix),
        )
        .order_by(func.length(PostingRule.item_prefix).desc(), PostingRule.payment_method.desc())
        .limit(1)
    )
    if rule is None:
        raise DomainError("posting.no_rule", status=409, kind=record.kind, code=code)
    return rule


def produce_voucher(session: Session, record: Document, *, now: dt.datetime) -> Document:
    """The record's voucher: debit and credit of the record's amount, numbered at once.

    A reversal record (negative amount) produces a red voucher that references
    the voucher of the record it reverses.
    """
    rule = _rule_for(session, record)
    reverses_voucher = None
    if record.reverses_id is not None:
        reverses_voucher = session.scalar(
            select(Document.id).where(Document.source_id == record.reverses_id)
        )
    period = periods.period_of(session, record.doc_date)
    series = VoucherType.GENERAL.value
    voucher = Document(
        kind=DocumentKind.VOUCHER.value,
        # written as a draft, then approved: the lines of an approved voucher are
        # read-only in the database from the moment it is approved
        status=DocumentStatus.DRAFT.value,
        unit_id=record.unit_id,
        doc_date=record.doc_date,
        series=series,
        period_id=period.id,
        number=numbering.next_number(session, period_id=period.id, series=series),
        amount=record.amount,
        summary=record.summary,
        counterparty=record.counterparty,
        attachment_count=record.attachment_count,
        paper_reason=record.paper_reason,
        source_id=record.id,
        reverses_id=reverses_voucher,
        maker_id=record.maker_id,
        version=1,
        updated_at=now,
        submitted_at=now,
        decided_at=now,
    )
    session.add(voucher)
    session.flush()
    summary = record.summary or record.counterparty
    session.add_all(
        [
            VoucherLine(
                document_id=voucher.id,
                line_no=1,
                summary=summary,
                account_id=rule.debit_account_id,
                debit=record.amount,
            ),
            VoucherLine(
                document_id=voucher.id,
                line_no=2,
                summary=summary,
                account_id=rule.credit_account_id,
                credit=record.amount,
            ),
        ]
    )
    session.flush()
    voucher.status = DocumentStatus.APPROVED.value
    session.flush()
    return voucher

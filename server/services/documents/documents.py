"""The life of a document before review: drafts, submission, recall, deletion, reversal.

Only the maker edits, submits, recalls or deletes; only drafts and returned items
are edited; saving over a newer version fails (optimistic locking) and leaves
the stored document as it was. Every change is audited in its transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, TypedDict

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from common.document_messages import status_params
from common.enums import DocumentKind, DocumentStatus, PaymentMethod, QuotaDirection, VoucherType
from common.errors import DomainError
from common.rules.document_actions import EDITABLE
from common.rules.documents import document_amount, draft_violations
from common.schemas.documents import (
    DocumentOut,
    DocumentSummaryOut,
    DraftIn,
    ExpenditureIn,
    IncomeIn,
    QuotaAdjustmentIn,
    VoucherIn,
    VoucherLineOut,
)
from common.schemas.posting import is_cash_or_bank
from server.db.models import Account, Document, FiscalPeriod, User, VoucherLine
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, numbering, scope
from server.services.core.keyset import Keyset
from server.services.documents.attachment_counts import files_of, require_count_covers_pages
from server.services.documents.document_checks import (
    check_references,
    check_reversal_draft,
    raise_violations,
)
from server.services.ledger import periods
from server.services.ledger.sign_off_view import sign_offs_of
from server.services.reference import reference


def load_visible(session: Session, auth: Authenticated, document_id: int) -> Document:
    """The document, locked, if the caller may see it (scope.visible_document): the
    check that comes before any other, so an invisible document is simply not found."""
    return scope.visible_document(session, auth.user.id, document_id, lock=True)


class ListedRow(Protocol):
    """The document columns every view of a document shows: a ``Document`` or a
    row of a list's SQL that selects them under these names."""

    kind: str
    status: str
    series: str
    number: int | None
    doc_date: dt.date
    unit_id: int
    amount: Decimal
    summary: str
    counterparty: str
    version: int


class ListedFields(TypedDict):
    kind: DocumentKind
    status: DocumentStatus
    number: str | None
    doc_date: dt.date
    unit_id: int
    amount: Decimal
    summary: str
    counterparty: str
    version: int


def listed_fields(row: ListedRow) -> ListedFields:
    """The fields a document, a line of a list (我的单据, queries) and a reviewer's
    row share, made one way: the same kind, status and 记-0001 number everywhere."""
    return {
        "kind": DocumentKind(row.kind),
        "status": DocumentStatus(row.status),
        "number": numbering.display(row.series, row.number),
        "doc_date": row.doc_date,
        "unit_id": row.unit_id,
        "amount": row.amount,
        "summary": row.summary,
        "counterparty": row.counterparty,
        "version": row.version,
    }


def document_out(session: Session, doc: Document) -> DocumentOut:
    lines = session.execute(
        select(VoucherLine, Account.code, Account.name)
        .outerjoin(Account, Account.id == VoucherLine.account_id)
        .where(VoucherLine.document_id == doc.id)
        .order_by(VoucherLine.line_no)
    ).all()
    maker = session.get(User, doc.maker_id)
    voucher_id = (
        session.scalar(select(Document.id).where(Document.source_id == doc.id))
        if doc.kind != DocumentKind.VOUCHER.value
        else None
    )
    steps = sign_offs_of(session, doc, doc.id if voucher_id is None else voucher_id)
    return DocumentOut(
        id=doc.id,
        **listed_fields(doc),
        attachment_count=doc.attachment_count,
        paper_reason=doc.paper_reason,
        maker_id=doc.maker_id,
        maker_name=maker.display_name if maker else "",
        created_at=doc.created_at,
        updated_at=doc.updated_at,
        submitted_at=doc.submitted_at,
        reverses_id=doc.reverses_id,
        source_id=doc.source_id,
        voucher_id=voucher_id,
        deleted=doc.deleted_at is not None,
        delete_reason=doc.delete_reason,
        duplicate_reason=doc.duplicate_reason,
        income_item_id=doc.income_item_id,
        functional_item_id=doc.functional_item_id,
        economic_item_id=doc.economic_item_id,
        payee_account=doc.payee_account,
        payee_bank=doc.payee_bank,
        payment_method=PaymentMethod(doc.payment_method) if doc.payment_method else None,
        quota_direction=QuotaDirection(doc.quota_direction) if doc.quota_direction else None,
        voucher_type=VoucherType(doc.series) if doc.kind == DocumentKind.VOUCHER.value else None,
        lines=[
            VoucherLineOut(
                line_no=line.line_no,
                summary=line.summary,
                account_id=line.account_id,
                account_code=code,
                account_name=name,
                debit=line.debit,
                credit=line.credit,
            )
            for line, code, name in lines
        ],
        touches_cash=any(code and is_cash_or_bank(code) for _, code, _ in lines),
        cashier_sign_off=steps.get("cashier"),
        posting=steps.get("posting"),
    )


def snapshot(out: DocumentOut) -> dict[str, Any]:
    return out.model_dump(mode="json", exclude={"created_at", "updated_at", "maker_name"})


def record_change(
    session: Session,
    auth: Authenticated,
    action: str,
    doc: Document,
    *,
    origin: audit.Origin,
    now: dt.datetime,
    before: dict[str, Any] | None = None,
) -> DocumentOut:
    session.flush()
    out = document_out(session, doc)
    audit.record(
        session,
        auth.actor,
        action,
        origin=origin,
        at=now,
        target_type="document",
        target_id=doc.id,
        before=before,
        after=snapshot(out),
    )
    return out


def require_maker(doc: Document, auth: Authenticated) -> None:
    if doc.maker_id != auth.user.id:
        raise DomainError("document.not_maker", status=403)


def require_version(doc: Document, version: int) -> None:
    if doc.version != version:
        raise DomainError("document.stale", status=409, current=doc.version)


def require_editable(doc: Document) -> None:
    if doc.status not in EDITABLE or doc.deleted_at is not None:
        raise DomainError("document.not_editable", status=409, **status_params(doc.status))


def fill(doc: Document, draft: DraftIn) -> None:
    """Copy the draft's fields onto the row (lines are written by :func:`write`)."""
    doc.doc_date, doc.unit_id = draft.doc_date, draft.unit_id
    doc.attachment_count = draft.attachment_count
    doc.paper_reason = draft.paper_reason.strip()
    doc.amount = document_amount(draft)
    if isinstance(draft, IncomeIn):
        doc.income_item_id, doc.counterparty = draft.income_item_id, draft.payer
        doc.summary = draft.summary
    elif isinstance(draft, ExpenditureIn):
        doc.functional_item_id = draft.functional_item_id
        doc.economic_item_id = draft.economic_item_id
        doc.counterparty, doc.summary = draft.payee, draft.summary
        doc.payee_account, doc.payee_bank = draft.payee_account, draft.payee_bank
        doc.payment_method = draft.payment_method.value
    elif isinstance(draft, QuotaAdjustmentIn):
        doc.functional_item_id = draft.functional_item_id
        doc.economic_item_id = draft.economic_item_id
        doc.quota_direction = draft.direction.value
        doc.summary = draft.summary
    else:
        if doc.number is None:  # a numbered voucher keeps its series
            doc.series = draft.voucher_type.value
        doc.summary = next((line.summary for line in draft.lines if line.summary), "")


def write(session: Session, doc: Document, draft: DraftIn) -> None:
    """Insert a new row, or flush a changed one; then (re)write a voucher's lines."""
    new = doc.id is None
    if new:
        session.add(doc)
    session.flush()
    if not isinstance(draft, VoucherIn):
        return
    if not new:
        session.execute(delete(VoucherLine).where(VoucherLine.document_id == doc.id))
    session.add_all(
        VoucherLine(
            document_id=doc.id,
            line_no=index,
            summary=line.summary,
            account_id=line.account_id,
            debit=line.debit,
            credit=line.credit,
        )
        for index, line in enumerate(draft.lines, start=1)
    )


def _check_period(session: Session, doc: Document, draft: DraftIn) -> None:
    """The date lies in an open period, and a numbered document stays in its period."""
    period = periods.period_of(session, draft.doc_date)
    if doc.period_id is not None and doc.period_id != period.id:
        numbered_in = session.get(FiscalPeriod, doc.period_id)
        assert numbered_in is not None
        raise DomainError(
            "document.period_fixed",
            status=422,
            field="doc_date",
            year=numbered_in.year,
            month=numbered_in.month,
        )


def check_draft(session: Session, auth: Authenticated, draft: DraftIn, *, reversal: bool) -> None:
    raise_violations(draft_violations(draft, reversal=reversal))
    scope.require_unit(session, auth.user.id, draft.unit_id)
    reference.usable_unit(session, draft.unit_id)
    check_references(session, draft)


def create_draft(
    session: Session, auth: Authenticated, draft: DraftIn, *, origin: audit.Origin, now: dt.datetime
) -> DocumentOut:
    check_draft(session, auth, draft, reversal=False)
    kind = DocumentKind(draft.kind)
    series = numbering.series_of(kind, getattr(draft, "voucher_type", None))
    doc = Document(
        kind=kind.value,
        status=DocumentStatus.DRAFT.value,
        series=series,
        maker_id=auth.user.id,
        version=1,
        updated_at=now,
    )
    _check_period(session, doc, draft)
    fill(doc, draft)
    write(session, doc, draft)
    return record_change(session, auth, "document.created", doc, origin=origin, now=now)


def update_draft(
    session: Session,
    auth: Authenticated,
    document_id: int,
    draft: DraftIn,
    *,
    version: int,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """Overwrite a draft or returned item of the caller's, at the version they read;
    its 附件张数 may not fall below the pages of its attached files."""
    doc = load_visible(session, auth, document_id)
    require_maker(doc, auth)
    require_editable(doc)
    require_version(doc, version)
    if doc.kind != draft.kind:
        raise DomainError("document.kind_mismatch", status=422, current=doc.kind)
    check_draft(session, auth, draft, reversal=doc.reverses_id is not None)
    require_count_covers_pages(session, doc.id, draft.attachment_count, draft.paper_reason)
    if doc.reverses_id is not None:
        original = session.get(Document, doc.reverses_id)
        assert original is not None
        check_reversal_draft(session, original, draft)
    _check_period(session, doc, draft)
    before = snapshot(document_out(session, doc))
    fill(doc, draft)
    doc.version += 1
    doc.updated_at = now
    write(session, doc, draft)
    return record_change(
        session, auth, "document.updated", doc, origin=origin, now=now, before=before
    )


def read(session: Session, auth: Authenticated, document_id: int) -> DocumentOut:
    """A document the caller may see; otherwise the same 404 as for none."""
    return document_out(session, scope.visible_document(session, auth.user.id, document_id))


_MINE_ORDER = Keyset("mine", Document.updated_at, Document.id, descending=True)


@dataclass(frozen=True)
class SummaryPage:
    rows: list[DocumentSummaryOut]
    total: int
    next: str | None


def list_mine(
    session: Session, auth: Authenticated, *, limit: int, after: str | None = None
) -> SummaryPage:
    """The caller's own documents, newest change first (deleted drafts left out)."""
    mine = (Document.maker_id == auth.user.id, Document.deleted_at.is_(None))
    statement = select(Document).where(*mine).order_by(*_MINE_ORDER.order()).limit(limit + 1)
    params: dict[str, object] = {}
    if after is not None:
        statement, params = statement.where(_MINE_ORDER.after()), _MINE_ORDER.params(after)
    found = list(session.scalars(statement, params))
    shown = found[:limit]
    files = files_of(session, shown)
    return SummaryPage(
        rows=[summary_out(d, files[d.id]) for d in shown],
        total=session.scalar(select(func.count()).select_from(Document).where(*mine)) or 0,
        next=_MINE_ORDER.token_after(shown[-1]) if shown and len(found) > limit else None,
    )


def summary_out(doc: Document, files: int) -> DocumentSummaryOut:
    """A document as a line of a list (我的单据, query results); ``files`` from
    attachment_counts.files_of for the whole page."""
    return DocumentSummaryOut(
        id=doc.id,
        **listed_fields(doc),
        updated_at=doc.updated_at,
        reverses_id=doc.reverses_id,
        attachment_count=doc.attachment_count,
        files=files,
    )

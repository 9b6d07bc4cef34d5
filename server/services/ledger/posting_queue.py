"""The 记账 page's two lists: approved vouchers awaiting the cashier (待出纳签字)
and awaiting the poster (待记账), within the caller's unit scope, each saying
whether this caller may act on it (not its maker, reviewer or cashier)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from common.schemas.posting import CASH_AND_BANK_PREFIXES, PostingItemOut, PostingStage
from server.services.accounts.sessions import Authenticated
from server.services.core import numbering, scope
from server.services.core.params import document_parameters
from server.services.ledger.sign_offs import REVIEWING

QUEUE_LIMIT = 1000

_QUEUE = text(
    """
SELECT d.id, d.series, d.number, d.doc_date, d.unit_id, d.amount, d.summary, d.decided_at,
       d.version, d.maker_id, u.display_name AS maker_name, c.user_id AS cashier_id,
       c.document_id IS NOT NULL AS cashier_signed,
       EXISTS (SELECT 1 FROM voucher_lines l JOIN accounts a ON a.id = l.account_id
                WHERE l.document_id = d.id AND a.code LIKE ANY(:cash)) AS touches_cash,
       EXISTS (SELECT 1 FROM approval_actions x
                WHERE x.document_id IN (d.id, d.source_id) AND x.actor_id = :me
                  AND x.action = ANY(:reviewing)) AS reviewed
  FROM documents d
  JOIN users u ON u.id = d.maker_id
  LEFT JOIN ledger_sign_offs c ON c.document_id = d.id AND c.step = 'cashier'
 WHERE d.kind = 'voucher' AND d.status = 'approved' AND d.deleted_at IS NULL
   AND d.unit_id = ANY(:units)
 ORDER BY d.doc_date, d.id
"""
)


def queue(session: Session, auth: Authenticated, stage: PostingStage) -> list[PostingItemOut]:
    """Oldest first; empty where posting follows approval (nothing waits)."""
    params = document_parameters(session)
    if not params.separate_posting:
        return []
    needs_cashier = params.cashier_sign_off
    me = auth.user.id
    rows = session.execute(
        _QUEUE,
        {
            "cash": [prefix + "%" for prefix in CASH_AND_BANK_PREFIXES],
            "me": me,
            "reviewing": list(REVIEWING),
            "units": sorted(scope.units_in_scope(session, me)),
        },
    )
    found: list[PostingItemOut] = []
    for row in rows:
        waits_for_cashier = needs_cashier and row.touches_cash and not row.cashier_signed
        if waits_for_cashier != (stage is PostingStage.CASHIER):
            continue
        reason = (
            "posting.own_document"
            if row.maker_id == me
            else "posting.reviewed_it"
            if row.reviewed
            else "posting.cashier_signed_it"
            if stage is PostingStage.POST and row.cashier_id == me
            else ""
        )
        found.append(
            PostingItemOut(
                document_id=row.id,
                number=numbering.display(row.series, row.number),
                doc_date=row.doc_date,
                unit_id=row.unit_id,
                amount=row.amount,
                summary=row.summary,
                maker_name=row.maker_name,
                decided_at=row.decided_at,
                version=row.version,
                touches_cash=row.touches_cash,
                cashier_signed=row.cashier_signed,
                actionable=not reason,
                reason_code=reason,
            )
        )
        if len(found) >= QUEUE_LIMIT:
            break
    return found

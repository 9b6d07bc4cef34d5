"""Voucher line queries (分录查询): the lines of the vouchers a user may see,
filtered by date, unit, account (with its sub-accounts), side, amount and words
of the line's summary, in keyset pages newest first.

Visibility is the documents' (search.visible: unit scope, nothing deleted, no one
else's drafts), applied in the query. The page token carries the last line's
date, voucher and line number and a fingerprint of the filters.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json

from sqlalchemy import ColumnElement, and_, select, tuple_
from sqlalchemy.orm import Session

from common.enums import DocumentKind, DocumentStatus
from common.errors import DomainError
from common.schemas.search import LinePageOut, LineQuery, LineRowOut, LineSearchIn
from server.db.models import Account, Document, VoucherLine
from server.services.accounts.sessions import Authenticated
from server.services.core import numbering
from server.services.core.unit_tree import accounts_below
from server.services.exports.search import dates_and_unit, fingerprint, like_pattern, visible


def _conditions(session: Session, auth: Authenticated, q: LineQuery) -> list[ColumnElement[bool]]:
    found = [
        *visible(session, auth),
        Document.kind == DocumentKind.VOUCHER.value,
        *dates_and_unit(session, q.date_from, q.date_to, q.unit_id),
    ]
    if q.account_id is not None:
        found.append(VoucherLine.account_id.in_(select(accounts_below(q.account_id).c.id)))
    if q.side == "debit":
        found.append(VoucherLine.debit > 0)
    elif q.side == "credit":
        found.append(VoucherLine.credit > 0)
    amount = VoucherLine.debit + VoucherLine.credit  # one side is always zero
    if q.amount_min is not None:
        found.append(amount >= q.amount_min)
    if q.amount_max is not None:
        found.append(amount <= q.amount_max)
    for term in q.text.split():
        found.append(VoucherLine.summary.ilike(like_pattern(term)))
    return found


def _token(q: LineQuery, doc_date: dt.date, document_id: int, line_no: int) -> str:
    payload = {"d": doc_date.isoformat(), "i": document_id, "n": line_no, "f": fingerprint(q)}
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def _after(q: LineQuery, token: str) -> tuple[dt.date, int, int]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(token.encode()))
        if payload["f"] != fingerprint(q):
            raise ValueError("another query's token")
        return dt.date.fromisoformat(payload["d"]), int(payload["i"]), int(payload["n"])
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise DomainError("search.bad_token", status=422, field="after") from exc


def search_lines(session: Session, auth: Authenticated, body: LineSearchIn) -> LinePageOut:
    q = body.query
    where = _conditions(session, auth, q)
    if body.after is not None:
        position = tuple_(Document.doc_date, Document.id, VoucherLine.line_no)
        where.append(position < tuple_(*_after(q, body.after)))
    rows = session.execute(
        select(Document, VoucherLine, Account.code, Account.name)
        .join(VoucherLine, VoucherLine.document_id == Document.id)
        .join(Account, Account.id == VoucherLine.account_id)
        .where(and_(*where))
        .order_by(Document.doc_date.desc(), Document.id.desc(), VoucherLine.line_no.desc())
        .limit(body.limit + 1)
    ).all()
    page = rows[: body.limit]
    last = page[-1] if page else None
    return LinePageOut(
        rows=[
            LineRowOut(
                document_id=doc.id,
                number=numbering.display(doc.series, doc.number),
                doc_date=doc.doc_date,
                status=DocumentStatus(doc.status),
                unit_id=doc.unit_id,
                line_no=line.line_no,
                account_code=code,
                account_name=name,
                summary=line.summary,
                debit=line.debit,
                credit=line.credit,
            )
            for doc, line, code, name in page
        ],
        next=(
            _token(q, last[0].doc_date, last[0].id, last[1].line_no)
            if last is not None and len(rows) > body.limit
            else None
        ),
    )

"""Document queries (查询): DOMAIN.md's filters over millions of rows.

The caller's unit scope is a condition of the query itself, never a filter over
fetched rows, and nobody sees another user's drafts or deleted drafts. Pages are
keyset pages: the token carries the last row's sort value and id (and a
fingerprint of the filters, so a token is not replayed against other filters), so
page 1,000 costs what page 1 costs. Text search matches every word in the summary
or counterparty, case-insensitively, using the bigram GIN index (migration 0007)
to find candidates by each word's rarest piece and ILIKE to confirm.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.orm import Session

from common.enums import DocumentKind, ReviewAction
from common.errors import DomainError
from common.schemas.base import Schema
from common.schemas.search import (
    DocumentQuery,
    KindTotalOut,
    SearchIn,
    SearchPageOut,
    SearchRowOut,
    SearchTotalsOut,
    SortKey,
)
from server.db.models import ApprovalAction, Document, User, VoucherLine
from server.services.accounts.sessions import Authenticated
from server.services.core import scope, unit_tree
from server.services.core.taken_back import taken_back_since
from server.services.documents.attachment_counts import files_of
from server.services.documents.documents import summary_out

_DECIDED = (
    ReviewAction.APPROVED.value,
    ReviewAction.REJECTED.value,
    ReviewAction.RETURNED.value,
)
_PARSERS: dict[SortKey, Callable[[str], Any]] = {
    SortKey.DOC_DATE: dt.date.fromisoformat,
    SortKey.AMOUNT: Decimal,
    SortKey.UPDATED_AT: dt.datetime.fromisoformat,
}
_SORT_COLUMNS = {
    SortKey.DOC_DATE: Document.doc_date,
    SortKey.AMOUNT: Document.amount,
    SortKey.UPDATED_AT: Document.updated_at,
}


_MAX_AMOUNT = Decimal("1e16")  # numeric(18, 2)
_STATS_TTL = 600.0  # seconds; the statistics change slowly (ANALYZE)
_stats: dict[str, Any] = {"at": -_STATS_TTL, "freqs": {}}


def _piece_frequencies(session: Session) -> dict[str, float]:
    """How common each frequent piece is, from PostgreSQL's own statistics."""
    now = time.monotonic()
    if now - _stats["at"] > _STATS_TTL:
        row = session.execute(
            text(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                " WHERE tablename = 'documents' AND attname = 'search_grams'"
            )
        ).first()
        freqs = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        _stats.update(at=now, freqs=freqs)
    found: dict[str, float] = _stats["freqs"]
    return found


def rarest(session: Session, pieces: list[str]) -> str:
    """The word's least common piece. The index condition names only that one: the
    planner estimates a single piece well, but multiplies the frequencies of several
    (pieces of one word are not independent), and would then sort tens of thousands
    of rows for a common word instead of walking the date index. ILIKE confirms."""
    freqs = _piece_frequencies(session)
    return min(pieces, key=lambda piece: (freqs.get(piece, 0.0), piece))


def sql_bigrams(session: Session, term: str) -> list[str]:
    """The word's pieces as the database makes them (its lower-casing, not Python's)."""
    return list(session.scalar(select(func.cs_bigrams(term))) or [])


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_SUBTREE = select(unit_tree.units_below(bindparam("unit", type_=BigInteger), name="subtree").c.id)


def units_below(session: Session, unit_id: int) -> list[int]:
    """The unit and every unit under it, as a list: named in the query, the planner
    sees how few they are and walks the (unit, date) index, where a recursive
    subquery made it guess hundreds and walk the whole date range instead."""
    return sorted(session.scalars(_SUBTREE, {"unit": unit_id}))


def visible(session: Session, auth: Authenticated) -> list[ColumnElement[bool]]:
    """What a query finds: the documents' visibility rule (scope.visible_documents:
    unit scope, nobody else's drafts), less deleted drafts, which lists leave out."""
    return [*scope.visible_documents(session, auth.user.id), Document.deleted_at.is_(None)]


def dates_and_unit(
    session: Session, date_from: dt.date | None, date_to: dt.date | None, unit_id: int | None
) -> list[ColumnElement[bool]]:
    """The document date range and unit (with the units below it) of a query."""
    found: list[ColumnElement[bool]] = []
    if date_from is not None:
        found.append(Document.doc_date >= date_from)
    if date_to is not None:
        found.append(Document.doc_date <= date_to)
    if unit_id is not None:
        found.append(Document.unit_id.in_(units_below(session, unit_id)))
    return found


def conditions(
    session: Session, auth: Authenticated, q: DocumentQuery
) -> list[ColumnElement[bool]]:
    """The WHERE clause: scope and visibility first, then the caller's filters."""
    found = visible(session, auth)
    if q.kind is not None:
        found.append(Document.kind == q.kind.value)
    found += dates_and_unit(session, q.date_from, q.date_to, q.unit_id)
    if q.item_id is not None:
        found.append(
            or_(
                Document.income_item_id == q.item_id,
                Document.functional_item_id == q.item_id,
                Document.economic_item_id == q.item_id,
            )
        )
    if q.account_id is not None:
        found.append(
            exists().where(
                VoucherLine.document_id == Document.id, VoucherLine.account_id == q.account_id
            )
        )
    if q.amount_min is not None:
        found.append(Document.amount >= q.amount_min)
    if q.amount_max is not None:
        found.append(Document.amount <= q.amount_max)
    if q.statuses:
        found.append(Document.status.in_([status.value for status in q.statuses]))
    if q.maker_id is not None:
        found.append(Document.maker_id == q.maker_id)
    if q.reviewer_id is not None:
        found.append(
            exists().where(
                ApprovalAction.document_id == Document.id,
                ApprovalAction.actor_id == q.reviewer_id,
                ApprovalAction.action.in_(_DECIDED),
                ~taken_back_since(ApprovalAction),
            )
        )
    if q.number is not None:
        found.append(Document.number == q.number)
    if q.series is not None:
        found.append(Document.series == q.series)
    for term in q.text.split():
        pieces = sql_bigrams(session, term)
        if pieces:
            found.append(Document.search_grams.contains([rarest(session, pieces)]))
        pattern = like_pattern(term)
        found.append(or_(Document.summary.ilike(pattern), Document.counterparty.ilike(pattern)))
    return found


def fingerprint(q: Schema) -> str:
    """A short hash of the filters a page token belongs to."""
    raw = json.dumps(q.model_dump(mode="json"), sort_keys=True).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def _token(q: DocumentQuery, row: Document) -> str:
    value = getattr(row, q.sort.value)
    payload = {
        "v": value.isoformat() if hasattr(value, "isoformat") else str(value),
        "i": row.id,
        "f": fingerprint(q),
    }
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def _after(q: DocumentQuery, token: str) -> tuple[Any, int]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(token.encode()))
        if payload["f"] != fingerprint(q):
            raise ValueError("another query's token")
        raw = payload["v"]
        value = _PARSERS[q.sort](raw)
        if isinstance(value, Decimal) and not (value.is_finite() and abs(value) < _MAX_AMOUNT):
            raise ValueError("not an amount")
        return value, int(payload["i"])
    except (ValueError, KeyError, TypeError, binascii.Error, ArithmeticError) as exc:
        raise DomainError("search.bad_token", status=422, field="after") from exc


def ordering(q: DocumentQuery) -> tuple[Any, Any]:
    """The ORDER BY of a query: its sort column, then the id to break ties."""
    column = _SORT_COLUMNS[q.sort]
    return (column.desc(), Document.id.desc()) if q.descending else (column, Document.id)


def page_statement(
    session: Session, auth: Authenticated, body: SearchIn
) -> Select[*tuple[Any, ...]]:
    """One page (and one row more, to know whether there is a next page)."""
    q = body.query
    where = conditions(session, auth, q)
    if body.after is not None:
        value, last_id = _after(q, body.after)
        position = tuple_(_SORT_COLUMNS[q.sort], Document.id)
        after = tuple_(value, last_id)
        where.append(position < after if q.descending else position > after)
    return (
        select(Document, User.display_name)
        .join(User, User.id == Document.maker_id)
        .where(and_(*where))
        .order_by(*ordering(q))
        .limit(body.limit + 1)
    )


def search(session: Session, auth: Authenticated, body: SearchIn) -> SearchPageOut:
    rows = session.execute(page_statement(session, auth, body)).all()
    page = rows[: body.limit]
    more = len(rows) > body.limit
    files = files_of(session, [doc for doc, _ in page])
    return SearchPageOut(
        rows=[
            SearchRowOut(**summary_out(doc, files[doc.id]).model_dump(), maker_name=maker_name)
            for doc, maker_name in page
        ],
        next=_token(body.query, page[-1][0]) if more and page else None,
    )


def totals(
    session: Session,
    auth: Authenticated,
    q: DocumentQuery,
    *,
    only: list[ColumnElement[bool]] | None = None,
) -> SearchTotalsOut:
    """Counts and sums by kind; ``only``: further conditions (an export's right)."""
    rows = session.execute(
        select(Document.kind, func.count(), func.coalesce(func.sum(Document.amount), 0))
        .where(and_(*conditions(session, auth, q), *(only or [])))
        .group_by(Document.kind)
        .order_by(Document.kind)
    ).all()
    by_kind = [
        KindTotalOut(kind=DocumentKind(kind), count=count, amount=Decimal(amount))
        for kind, count, amount in rows
    ]
    return SearchTotalsOut(
        count=sum(k.count for k in by_kind),
        amount=sum((k.amount for k in by_kind), Decimal("0.00")),
        by_kind=by_kind,
    )

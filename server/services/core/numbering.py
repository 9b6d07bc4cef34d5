"""Document numbers per period and series without gaps (记-0001, 记-0002 …).

The counter row is incremented with one upsert; its row lock is held until the
submitting transaction ends, so concurrent submissions queue instead of
colliding, and a submission that rolls back takes its number back with it.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from common.enums import DocumentKind, VoucherType

RECORD_SERIES = {
    DocumentKind.INCOME: "收入",
    DocumentKind.EXPENDITURE: "支出",
    DocumentKind.QUOTA_ADJUSTMENT: "指标",
}

_NEXT = text(
    """
    INSERT INTO number_sequences (period_id, series, last_number) VALUES (:period, :series, 1)
    ON CONFLICT (period_id, series)
    DO UPDATE SET last_number = number_sequences.last_number + 1
    RETURNING last_number
    """
)


def series_of(kind: DocumentKind, voucher_type: VoucherType | None) -> str:
    if kind is DocumentKind.VOUCHER:
        return (voucher_type or VoucherType.GENERAL).value
    return RECORD_SERIES[kind]


def next_number(session: Session, *, period_id: int, series: str) -> int:
    number: int = session.execute(_NEXT, {"period": period_id, "series": series}).scalar_one()
    return number


def display(series: str, number: int | None) -> str | None:
    return None if number is None else f"{series}-{number:04d}"

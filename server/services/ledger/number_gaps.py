"""The gap report (断号检查): every number given in a period and series must belong to
a live document. Numbers are given under a row lock in the submitting transaction
and a numbered document cannot be deleted (the database refuses it), so the report
should always be empty; it proves it."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from common.schemas.documents import NumberGapOut

_GAPS = text(
    """
    SELECT p.year, p.month, s.series, s.last_number,
           array_agg(n ORDER BY n) FILTER (WHERE d.id IS NULL) AS missing
      FROM number_sequences s
      JOIN fiscal_periods p ON p.id = s.period_id
      CROSS JOIN LATERAL generate_series(1, s.last_number) AS n
      LEFT JOIN documents d
        ON d.period_id = s.period_id AND d.series = s.series AND d.number = n
       AND d.deleted_at IS NULL
     WHERE (:year IS NULL OR p.year = :year)
     GROUP BY p.year, p.month, s.series, s.last_number
     ORDER BY p.year, p.month, s.series
    """
)


def number_gaps(session: Session, *, year: int | None = None) -> list[NumberGapOut]:
    return [
        NumberGapOut(
            year=row.year,
            month=row.month,
            series=row.series,
            last_number=row.last_number,
            missing=list(row.missing or []),
        )
        for row in session.execute(_GAPS, {"year": year})
    ]

"""Rows kept by column give back exactly the rows that came from the server."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from client.workbench.query.result_rows import ResultRows
from common.enums import DocumentKind, DocumentStatus
from common.schemas.search import SearchRowOut


def row(n: int, **changes: object) -> SearchRowOut:
    fields: dict[str, object] = {
        "id": 10_000_000_000 + n,
        "kind": list(DocumentKind)[n % 3],
        "status": list(DocumentStatus)[n % 7],
        "number": f"记-{n:04d}",
        "doc_date": dt.date(2026, 1, 1) + dt.timedelta(days=n),
        "unit_id": 7 + n,
        "amount": Decimal("123456789012345.67") if n == 2 else Decimal(f"{n}.05"),
        "summary": f"购买办公用品 {n} / 含税",
        "counterparty": "宏达文具商行" if n % 2 else "",
        "version": n + 1,
        "updated_at": dt.datetime(2026, 11, 30, 8, 15, 30, 123456, tzinfo=dt.UTC),
        "reverses_id": None,
        "maker_name": "张三" if n % 2 else "bench.clerk7",
        "files": n % 3,
        "attachment_count": n * 2,
    }
    fields.update(changes)
    return SearchRowOut.model_validate(fields)


def test_rows_come_back_as_they_went_in() -> None:
    made = [
        row(0),
        row(1, number=None, status=DocumentStatus.DRAFT),
        row(2),
        row(3, amount=Decimal("-88.10"), reverses_id=41, number="收入-12345"),
        row(4, summary="", counterparty="甲 / 乙"),
        row(5, files=0, attachment_count=999),
    ]
    kept = ResultRows()
    kept.extend(made)
    assert len(kept) == len(made)
    assert list(kept) == made
    assert kept[-1] == made[-1] and kept[1:3] == made[1:3]
    assert kept.id_at(3) == made[3].id

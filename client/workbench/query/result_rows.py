"""The rows a query has fetched, kept in columns so a million of them fit in a
desktop's memory.

A SearchRowOut costs about 1.7 KB in Python; scrolled through a 1,000,000-row
result that is 1.7 GB. Kept as typed arrays (ids, cents, day numbers, small
codes) and one string per row for the words, a row costs about 220 bytes. A row
is turned back into a SearchRowOut only when someone reads it (the table asks
for the few on screen).
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import overload

from common.enums import DocumentKind, DocumentStatus
from common.schemas.search import SearchRowOut

_KINDS = list(DocumentKind)
_STATUSES = list(DocumentStatus)
_SEPARATOR = "\x1f"  # never in typed text: control characters are refused at entry
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_CENT = Decimal("0.01")
_MICROSECOND = dt.timedelta(microseconds=1)
RECENT = 512  # rows rebuilt recently, kept for the next paint


class _Names:
    """Each distinct string once (series, makers' names), rows hold its index."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._index: dict[str, int] = {}

    def index(self, value: str) -> int:
        found = self._index.get(value)
        if found is None:
            found = self._index[value] = len(self.values)
            self.values.append(value)
        return found


class ResultRows:
    """An append-only list of search rows, stored by column."""

    def __init__(self) -> None:
        self._ids = array("q")
        self._units = array("q")
        self._reverses = array("q")  # 0: none
        self._cents = array("q")
        self._days = array("i")  # date ordinals
        self._updated = array("q")  # microseconds since 1970 (UTC)
        self._versions = array("i")
        self._codes = bytearray()  # kind * 16 + status
        self._series = array("H")
        self._numbers = array("i")  # -1: not numbered yet
        self._makers = array("I")
        self._files = array("H")  # attached files
        self._pages = array("H")  # 附件张数 (0–999)
        self._words: list[str] = []  # counterparty + separator + summary
        self._series_names = _Names()
        self._maker_names = _Names()
        self._recent: dict[int, SearchRowOut] = {}  # the table asks for a row per cell

    def extend(self, rows: Iterable[SearchRowOut]) -> None:
        for row in rows:
            self.append(row)

    def append(self, row: SearchRowOut) -> None:
        series, number = "", -1
        if row.number:
            series, _, digits = row.number.rpartition("-")
            number = int(digits)
        self._ids.append(row.id)
        self._units.append(row.unit_id)
        self._reverses.append(row.reverses_id or 0)
        self._cents.append(int(row.amount.scaleb(2)))
        self._days.append(row.doc_date.toordinal())
        self._updated.append((row.updated_at - _EPOCH) // _MICROSECOND)
        self._versions.append(row.version)
        self._codes.append(_KINDS.index(row.kind) * 16 + _STATUSES.index(row.status))
        self._series.append(self._series_names.index(series))
        self._numbers.append(number)
        self._makers.append(self._maker_names.index(row.maker_name))
        self._files.append(min(row.files, 0xFFFF))
        self._pages.append(row.attachment_count)
        self._words.append(f"{row.counterparty}{_SEPARATOR}{row.summary}")

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> SearchRowOut: ...

    @overload
    def __getitem__(self, index: slice) -> list[SearchRowOut]: ...

    def __getitem__(self, index: int | slice) -> SearchRowOut | list[SearchRowOut]:
        if isinstance(index, slice):
            return [self._row(n) for n in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._row(index)

    def __iter__(self) -> Iterator[SearchRowOut]:
        return (self._row(n) for n in range(len(self)))

    def id_at(self, index: int) -> int:
        return self._ids[index]

    def _row(self, n: int) -> SearchRowOut:
        found = self._recent.get(n)
        if found is None:
            if len(self._recent) >= RECENT:
                self._recent.clear()
            found = self._recent[n] = self._build(n)
        return found

    def _build(self, n: int) -> SearchRowOut:
        counterparty, _, summary = self._words[n].partition(_SEPARATOR)
        number = self._numbers[n]
        series = self._series_names.values[self._series[n]]
        code = self._codes[n]
        return SearchRowOut.model_construct(
            id=self._ids[n],
            kind=_KINDS[code // 16],
            status=_STATUSES[code % 16],
            number=f"{series}-{number:04d}" if number >= 0 else None,
            doc_date=dt.date.fromordinal(self._days[n]),
            unit_id=self._units[n],
            amount=Decimal(self._cents[n]) * _CENT,
            summary=summary,
            counterparty=counterparty,
            version=self._versions[n],
            updated_at=_EPOCH + dt.timedelta(microseconds=self._updated[n]),
            reverses_id=self._reverses[n] or None,
            maker_name=self._maker_names.values[self._makers[n]],
            files=self._files[n],
            attachment_count=self._pages[n],
        )

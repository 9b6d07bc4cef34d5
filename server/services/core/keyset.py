"""Keyset pages of a list ordered by (a timestamp, id): the token names the last
row shown and the list it belongs to, so the next page starts right after it
however many rows arrive meanwhile, and a token is not replayed on another list.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, DateTime, bindparam, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from common.errors import DomainError

Column = ColumnElement[Any] | InstrumentedAttribute[Any]

AFTER_AT = bindparam("after_at", type_=DateTime(timezone=True))
AFTER_ID = bindparam("after_id", type_=BigInteger)


@dataclass(frozen=True)
class Keyset:
    """A list's order: ``at`` then ``id``, both descending or both ascending."""

    name: str
    at: Column
    id: Column
    descending: bool
    row_id: str = "id"  # the id's name in the rows read (a list may label it)

    def order(self) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
        if self.descending:
            return self.at.desc(), self.id.desc()
        return self.at.asc(), self.id.asc()

    def after(self) -> ColumnElement[bool]:
        """The rows after the token's (bound as ``after_at``/``after_id``)."""
        position, last = tuple_(self.at, self.id), tuple_(AFTER_AT, AFTER_ID)
        return position < last if self.descending else position > last

    def token_after(self, row: Any) -> str:
        """The token of the page after ``row`` (a result row or an ORM object that
        carries the ordering columns under their own names)."""
        return self.token(getattr(row, str(self.at.key)), getattr(row, self.row_id))

    def token(self, at: dt.datetime, row_id: int) -> str:
        payload = {"l": self.name, "v": at.isoformat(), "i": row_id}
        return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()

    def params(self, token: str) -> dict[str, Any]:
        """The bind values of a token; 422 naming ``after`` for a bad or foreign one."""
        try:
            payload = json.loads(base64.urlsafe_b64decode(token.encode()))
            if payload["l"] != self.name:
                raise ValueError("another list's token")
            at = dt.datetime.fromisoformat(payload["v"])
            if at.tzinfo is None:
                raise ValueError("no time zone")
            return {"after_at": at, "after_id": int(payload["i"])}
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise DomainError("search.bad_token", status=422, field="after") from exc

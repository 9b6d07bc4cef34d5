"""The query screen's filters, remembered per user on this computer.

The whole ``DocumentQuery`` is kept: kind, status, dates, amounts, words, the
unit, item and account (by id), the maker and reviewer (by id) and the order. A
unit, item or account id is only a number here; the filter bar names it once the
reference data has come, and drops it if it is no longer offered (a unit taken
out of the user's scope, say). People have no such list to look them up in (the
server names at most a few dozen at a time), so the maker and reviewer are kept
with their names, as the server gave them, and shown at once."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from pydantic import TypeAdapter, ValidationError

from client.core.settings import settings_dir
from common.schemas.search import DocumentQuery, PersonOut

_PEOPLE = TypeAdapter(list[PersonOut])


class Remembered(NamedTuple):
    query: DocumentQuery
    people: list[PersonOut]  # the maker and reviewer the query names


def _path(username: str, directory: Path | None) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", username)
    digest = hashlib.sha256(username.encode()).hexdigest()[:12]  # 张三 and 李四 differ
    return (directory or settings_dir()) / "filters" / f"{safe}-{digest}.json"


def remembered(username: str, directory: Path | None = None) -> Remembered:
    """The user's last filters, or none if there are none (or they no longer fit).
    An older file holds the query alone."""
    path = _path(username, directory)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "query" in data:
            query = DocumentQuery.model_validate(data["query"])
            return Remembered(query, _PEOPLE.validate_python(data.get("people", [])))
        return Remembered(DocumentQuery.model_validate(data), [])
    except (OSError, ValueError, ValidationError):
        return Remembered(DocumentQuery(), [])


def load(username: str, directory: Path | None = None) -> DocumentQuery:
    return remembered(username, directory).query


def save(
    username: str,
    query: DocumentQuery,
    directory: Path | None = None,
    *,
    people: Sequence[PersonOut] = (),
) -> None:
    named = {query.maker_id, query.reviewer_id} - {None}
    data = {
        "query": query.model_dump(mode="json"),
        "people": [person.model_dump(mode="json") for person in people if person.id in named],
    }
    path = _path(username, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")

"""The operation log: one ``record`` in the same transaction as every change.

Rows form a hash chain: ``hash = SHA-256(prev_hash || canonical JSON of the row)``.
Appends take a transaction-scoped advisory lock so that ids, and therefore the
chain order, are assigned one writer at a time; the lock is released at commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Protocol, TypedDict

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from server.db.models import AuditRecord

GENESIS = bytes(32)
_APPEND_LOCK = 0x41554454  # "AUDT"


@dataclass(frozen=True)
class Actor:
    id: int | None
    username: str


SYSTEM = Actor(None, "system")


@dataclass(frozen=True)
class Origin:
    """Where a request came from: the client's host name (as it reports it) and address."""

    host: str = ""
    address: str = ""


def _no_floats(value: Any) -> Any:
    """Floats become strings: JSONB may print a float back differently from
    Python (1e-07 vs 0.0000001), which would break the row's hash."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {key: _no_floats(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_no_floats(item) for item in value]
    return value


def _plain(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """JSON-safe copy (Decimal, dates -> str) so the stored JSONB hashes the same."""
    if value is None:
        return None
    plain: dict[str, Any] = _no_floats(
        json.loads(json.dumps(value, default=str, ensure_ascii=False))
    )
    return plain


def _digest(prev_hash: bytes, row: dict[str, Any]) -> bytes:
    canonical = json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(prev_hash + canonical.encode("utf-8")).digest()


class EntryFields(TypedDict):
    """The columns of a row that its hash covers."""

    id: int
    at: dt.datetime
    actor_id: int | None
    actor_name: str
    action: str
    target_type: str
    target_id: str
    client_host: str
    client_address: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def entry_fields(row: AuditRecord) -> EntryFields:
    """A stored row's hashed columns, read one way for the chain check and for
    the log viewer (server/services/operations/audit_log.py), so both see the same row."""
    return {
        "id": row.id,
        "at": row.at,
        "actor_id": row.actor_id,
        "actor_name": row.actor_name,
        "action": row.action,
        "target_type": row.target_type,
        "target_id": row.target_id,
        "client_host": row.client_host,
        "client_address": row.client_address,
        "before": row.before,
        "after": row.after,
    }


def _content(
    *,
    id: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target_type: str,
    target_id: str,
    client_host: str,
    client_address: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "id": id,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "client_host": client_host,
        "client_address": client_address,
        "before": before,
        "after": after,
    }


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    origin: Origin,
    at: dt.datetime,
    target_type: str = "",
    target_id: str | int = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one row to the chain (inside the caller's transaction)."""
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _APPEND_LOCK})
    last_hash = select(AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
    found = session.execute(
        select(last_hash.scalar_subquery(), func.nextval("audit_log_id_seq"))
    ).one()
    prev_hash, new_id = found[0] or GENESIS, int(found[1])
    at = at.replace(microsecond=at.microsecond)  # stored with microsecond precision
    content = _content(
        id=new_id,
        at=at,
        actor_id=actor.id,
        actor_name=actor.username,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        client_host=origin.host[:255],
        client_address=origin.address[:64],
        before=_plain(before),
        after=_plain(after),
    )
    row = AuditRecord(
        id=new_id,
        at=at,
        actor_id=actor.id,
        actor_name=actor.username,
        action=action,
        target_type=target_type,
        target_id=content["target_id"],
        client_host=content["client_host"],
        client_address=content["client_address"],
        before=content["before"],
        after=content["after"],
        prev_hash=prev_hash,
        hash=_digest(prev_hash, content),
    )
    session.add(row)
    session.flush()
    return row


class _Account(Protocol):
    id: int
    username: str


def user_event(
    session: Session,
    user: _Account,
    action: str,
    *,
    origin: Origin,
    at: dt.datetime,
    after: dict[str, Any] | None = None,
) -> AuditRecord:
    """Something a user did to their own account (login steps, enrolment …)."""
    return record(
        session,
        Actor(user.id, user.username),
        action,
        origin=origin,
        at=at,
        target_type="user",
        target_id=user.id,
        after=after,
    )


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    records: int
    first_bad_id: int | None = None
    reason: str | None = None


def verify_chain(session: Session, *, batch: int = 5_000) -> ChainReport:
    """Recompute every link; the first row whose content or link is wrong is named."""
    expected_prev = GENESIS
    count = 0
    rows = session.execute(select(AuditRecord).order_by(AuditRecord.id)).scalars()
    for row in rows.yield_per(batch):
        count += 1
        if bytes(row.prev_hash) != expected_prev:
            return ChainReport(False, count, row.id, "link to the previous record is broken")
        if _digest(expected_prev, _content(**entry_fields(row))) != bytes(row.hash):
            return ChainReport(False, count, row.id, "content does not match its hash")
        expected_prev = bytes(row.hash)
    return ChainReport(True, count)

"""Reading the operation log (操作日志) for auditors and administrators: filters,
newest first, keyset pages, and an Excel export that is itself logged.

Pages are keyset pages on the id (``id < before_id ORDER BY id DESC LIMIT n``)
so the thousandth page costs what the first does on millions of rows; a date
range uses the index on ``at``, an action the index on ``action``. Reading the
log is not logged (it would fill the log with its own reading); exporting it
is, with the filters and the row count, since the file leaves the server.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import ColumnElement, String, cast, or_, select
from sqlalchemy.orm import Session

from common import i18n
from common.enums import Language
from common.errors import DomainError
from common.rules.audit_log import filter_violations, normal_action
from common.schemas.audit_log import (
    EXPORT_LIMIT,
    AuditLogEntryOut,
    AuditLogFilters,
    AuditLogPageOut,
    AuditLogQuery,
)
from server.db.models import AuditRecord
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, export_rights
from server.services.core.working_days import OFFICE_TZ
from server.services.exports import exports

EXPORT_ACTION = "audit.exported"
CELL_LIMIT = 32_000  # Excel keeps at most 32,767 characters in a cell

# (Chinese, English, width)
# (key, width); titles: words.export.audit_log.col.<key>; filters: ….filter.<key>
EXPORT_COLUMNS = (
    ("id", 10),
    ("at", 20),
    ("actor", 16),
    ("action", 26),
    ("target_type", 14),
    ("target_id", 14),
    ("client_host", 18),
    ("client_address", 16),
    ("before", 40),
    ("after", 60),
)


def check(filters: AuditLogFilters) -> None:
    """The first broken rule of the filters, as a field error."""
    for violation in filter_violations(filters):
        raise DomainError(violation.code, status=422, **violation.params)


def _like(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _office_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), OFFICE_TZ)


def conditions(filters: AuditLogFilters) -> list[ColumnElement[bool]]:
    """The WHERE of the filters (checked first)."""
    check(filters)
    found: list[ColumnElement[bool]] = []
    if filters.date_from is not None:
        found.append(AuditRecord.at >= _office_midnight(filters.date_from))
    if filters.date_to is not None:
        found.append(AuditRecord.at < _office_midnight(filters.date_to + dt.timedelta(days=1)))
    actor = filters.actor.strip()
    if actor and filters.actor_exact:
        found.append(AuditRecord.actor_name == actor)
    elif actor:
        found.append(AuditRecord.actor_name.ilike(_like(actor), escape="\\"))
    action = normal_action(filters.action)
    if action.endswith(("*", ".")):
        prefix = action.rstrip("*")
        found.append(AuditRecord.action.like(_like(prefix)[1:], escape="\\"))
    elif action:
        below = _like(action + ".")[1:]
        found.append(or_(AuditRecord.action == action, AuditRecord.action.like(below, escape="\\")))
    if filters.target_type.strip():
        found.append(AuditRecord.target_type == filters.target_type.strip())
    if filters.target_id.strip():
        found.append(AuditRecord.target_id == filters.target_id.strip())
    if filters.text.strip():
        words = _like(filters.text.strip())
        found.append(
            or_(
                cast(AuditRecord.before, String).ilike(words, escape="\\"),
                cast(AuditRecord.after, String).ilike(words, escape="\\"),
            )
        )
    return found


def page(session: Session, q: AuditLogQuery) -> AuditLogPageOut:
    """One page, newest first, older than ``q.before_id``."""
    where = conditions(q.filters())
    if q.before_id is not None:
        where.append(AuditRecord.id < q.before_id)
    rows = session.scalars(
        select(AuditRecord).where(*where).order_by(AuditRecord.id.desc()).limit(q.limit + 1)
    ).all()
    shown = [AuditLogEntryOut(**audit.entry_fields(row)) for row in rows[: q.limit]]
    more = len(rows) > q.limit
    return AuditLogPageOut(rows=shown, next_before_id=shown[-1].id if more and shown else None)


def describe(filters: AuditLogFilters, language: Language) -> str:
    """The filters that were set, as people read them."""
    parts = [
        f"{i18n.text(f'words.export.audit_log.filter.{key}', language)}={value}"
        for key, value in filters.model_dump(mode="json", exclude_defaults=True).items()
    ]
    if not parts:
        return i18n.text("words.all", language)
    return i18n.text("words.sep.filters", language).join(parts)


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("?", value)[:CELL_LIMIT]


def _json(value: dict[str, Any] | None) -> str:
    if value is None:
        return ""
    return _text(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _export_rows(session: Session, where: list[ColumnElement[bool]]) -> Iterator[Any]:
    statement = (
        select(AuditRecord)
        .where(*where)
        .order_by(AuditRecord.id.desc())
        .limit(EXPORT_LIMIT)
        .execution_options(yield_per=exports.STREAM_BATCH)
    )
    for row in session.scalars(statement):
        yield (
            row.id,
            row.at.astimezone(OFFICE_TZ).replace(tzinfo=None),
            _text(row.actor_name),
            _text(row.action),
            _text(row.target_type),
            _text(row.target_id),
            _text(row.client_host),
            _text(row.client_address),
            _json(row.before),
            _json(row.after),
        )


def _more_than_limit(session: Session, where: list[ColumnElement[bool]]) -> bool:
    beyond = (
        select(AuditRecord.id)
        .where(*where)
        .order_by(AuditRecord.id.desc())
        .offset(EXPORT_LIMIT)
        .limit(1)
    )
    return session.scalar(beyond) is not None


def _title(
    described: str, who: str, now: dt.datetime, *, truncated: bool, language: Language
) -> str:
    when = now.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M")
    title = i18n.text(
        "words.export.audit_log.title", language, filters=described, who=who, when=when
    )
    if truncated:
        limit = f"{EXPORT_LIMIT:,}"
        title += i18n.text("words.export.audit_log.truncated", language, limit=limit)
    return title


def export(
    session: Session,
    auth: Authenticated,
    filters: AuditLogFilters,
    target: Path,
    *,
    language: Language,
    origin: audit.Origin,
    now: dt.datetime,
) -> int:
    """The newest EXPORT_LIMIT rows the filters find, as an .xlsx at ``target``;
    logged with the filters and the row count (the file leaves the server).
    The number of rows written. Export is a right of its own (导出权限)."""
    export_rights.require_some(session, auth.user.id)
    where = conditions(filters)
    described = describe(filters, language)
    who = f"{auth.user.display_name} ({auth.user.username})"
    truncated = _more_than_limit(session, where)
    count = exports.write_workbook(
        target,
        _export_rows(session, where),
        title=_title(described, who, now, truncated=truncated, language=language),
        headers=[
            i18n.text(f"words.export.audit_log.col.{key}", language) for key, _ in EXPORT_COLUMNS
        ],
        widths=[width for _, width in EXPORT_COLUMNS],
        money_columns=frozenset(),
        date_columns=frozenset(),
        creator=who,
        subject=described,
        sheet_name=i18n.text("words.export.audit_log.sheet", language),
    )
    audit.record(
        session,
        auth.actor,
        EXPORT_ACTION,
        origin=origin,
        at=now,
        target_type="audit_log",
        after={
            "rows": count,
            "truncated": truncated,
            "filters": filters.model_dump(mode="json", exclude_defaults=True),
        },
    )
    return count

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
EXPORT_COLUMNS = (
    ("编号", "No.", 10),
    ("时间(北京时间)", "Time (China)", 20),
    ("操作人", "Actor", 16),
    ("操作", "Action", 26),
    ("对象类型", "Target type", 14),
    ("对象编号", "Target id", 14),
    ("客户端主机", "Client host", 18),
    ("IP 地址", "IP address", 16),
    ("变更前", "Before", 40),
    ("变更后", "After", 60),
)
_FILTER_NAMES = {
    "date_from": ("开始日期", "from"),
    "date_to": ("结束日期", "to"),
    "actor": ("操作人", "actor"),
    "actor_exact": ("操作人精确匹配", "exact actor"),
    "action": ("操作", "action"),
    "target_type": ("对象类型", "target type"),
    "target_id": ("对象编号", "target id"),
    "text": ("详情包含", "details contain"),
}


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


def describe(filters: AuditLogFilters, *, chinese: bool) -> str:
    """The filters that were set, as people read them."""
    pick = 0 if chinese else 1
    parts = [
        f"{_FILTER_NAMES[key][pick]}={value}"
        for key, value in filters.model_dump(mode="json", exclude_defaults=True).items()
    ]
    if not parts:
        return "全部" if chinese else "all"
    return (";" if chinese else "; ").join(parts)


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


def _title(described: str, who: str, now: dt.datetime, *, truncated: bool, chinese: bool) -> str:
    when = now.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M")
    if chinese:
        title = f"操作日志导出  条件:{described}  导出人:{who}  导出时间:{when}(北京时间)"
        return title + (f"  仅含最新的 {EXPORT_LIMIT:,} 条" if truncated else "")
    title = f"Operation log export  Filters: {described}  Exported by {who} at {when} (China time)"
    return title + (f"  Only the newest {EXPORT_LIMIT:,} records" if truncated else "")


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
    chinese = language is Language.ZH_CN
    described = describe(filters, chinese=chinese)
    who = f"{auth.user.display_name} ({auth.user.username})"
    truncated = _more_than_limit(session, where)
    count = exports.write_workbook(
        target,
        _export_rows(session, where),
        title=_title(described, who, now, truncated=truncated, chinese=chinese),
        headers=[zh if chinese else en for zh, en, _ in EXPORT_COLUMNS],
        widths=[width for *_, width in EXPORT_COLUMNS],
        money_columns=frozenset(),
        date_columns=frozenset(),
        creator=who,
        subject=described,
        sheet_name="操作日志" if chinese else "Operation log",
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

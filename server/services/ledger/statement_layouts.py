"""Statement layouts (报表格式) as data: read, and replaced whole by an analyst
(分析员调整报表格式) after checks that keep every statement computable: unique
line codes, each line either sums accounts or totals other lines, account
prefixes that begin real account codes, totals naming existing lines and never
going round in a circle."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.schemas.statements import LayoutIn, LayoutLineOut, LayoutOut, StatementKind
from server.db.models import Account, StatementLayoutLine, User
from server.services.accounts.sessions import Authenticated
from server.services.core import audit


def lines_of(session: Session, kind: StatementKind) -> list[StatementLayoutLine]:
    return list(
        session.scalars(
            select(StatementLayoutLine)
            .where(StatementLayoutLine.kind == kind.value)
            .order_by(StatementLayoutLine.line_no)
        )
    )


def total_terms(total_of: str) -> list[tuple[str, int]]:
    """'A01 -E09' as [('A01', 1), ('E09', -1)]."""
    return [(t.removeprefix("-"), -1 if t.startswith("-") else 1) for t in total_of.split()]


def layout(session: Session, kind: StatementKind) -> LayoutOut:
    lines = lines_of(session, kind)
    changed = max(
        (line for line in lines if line.updated_at is not None),
        key=lambda line: line.updated_at or dt.datetime.min.replace(tzinfo=dt.UTC),
        default=None,
    )
    editor = session.get(User, changed.updated_by) if changed and changed.updated_by else None
    return LayoutOut(
        kind=kind,
        lines=[
            LayoutLineOut(
                line_no=line.line_no,
                code=line.code,
                label=line.label,
                label_en=line.label_en,
                indent=line.indent,
                side=line.side,
                accounts=line.accounts,
                total_of=line.total_of,
            )
            for line in lines
        ],
        updated_by=editor.username if editor else "",
        updated_at=changed.updated_at if changed else None,
    )


def _check(session: Session, body: LayoutIn) -> None:
    codes = [a for a in session.scalars(select(Account.code))]
    first_row: dict[str, int] = {}
    taken: list[tuple[int, str, str]] = []  # (row, line code, prefix): each account once
    for row, line in enumerate(body.lines, start=1):
        named: dict[str, Any] = {"row": row, "code": line.code}
        if line.code in first_row:
            raise DomainError(
                "layout.duplicate_code", status=422, first=first_row[line.code], **named
            )
        first_row[line.code] = row
        if line.accounts.strip() and line.total_of.strip():
            raise DomainError("layout.both", status=422, **named)
        if not line.accounts.strip() and not line.total_of.strip():
            raise DomainError("layout.empty", status=422, **named)
        for token in line.accounts.split():
            if not token.isdigit() or not any(code.startswith(token) for code in codes):
                raise DomainError("layout.bad_account", status=422, token=token, **named)
            for other_row, other, prefix in taken:
                if token.startswith(prefix) or prefix.startswith(token):
                    raise DomainError(
                        "layout.overlap",
                        status=422,
                        token=token,
                        other_row=other_row,
                        other=other,
                        **named,
                    )
            taken.append((row, line.code, token))
    totals = {line.code: [c for c, _ in total_terms(line.total_of)] for line in body.lines}
    for row, line in enumerate(body.lines, start=1):
        for token in totals[line.code]:
            if token not in totals:
                raise DomainError(
                    "layout.unknown_line", status=422, row=row, code=line.code, token=token
                )
    _no_cycles(totals, first_row)


def _no_cycles(totals: dict[str, list[str]], rows: dict[str, int]) -> None:
    done: set[str] = set()

    def visit(code: str, path: list[str]) -> None:
        if code in path:
            circle = [*path[path.index(code) :], code]
            raise DomainError(
                "layout.cycle",
                status=422,
                row=rows[circle[0]],
                code=circle[0],
                path=" → ".join(circle),
            )
        if code in done:
            return
        for part in totals[code]:
            visit(part, [*path, code])
        done.add(code)

    for code in totals:
        visit(code, [])


def replace_layout(
    session: Session,
    auth: Authenticated,
    kind: StatementKind,
    body: LayoutIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> LayoutOut:
    """The whole layout, in the order given; logged with what it was before."""
    _check(session, body)
    before = layout(session, kind)
    session.execute(delete(StatementLayoutLine).where(StatementLayoutLine.kind == kind.value))
    session.add_all(
        StatementLayoutLine(
            kind=kind.value,
            line_no=number * 10,
            code=line.code,
            label=line.label,
            label_en=line.label_en,
            indent=line.indent,
            side=line.side,
            accounts=" ".join(line.accounts.split()),
            total_of=" ".join(line.total_of.split()),
            updated_by=auth.user.id,
            updated_at=now,
        )
        for number, line in enumerate(body.lines, start=1)
    )
    session.flush()
    after = layout(session, kind)
    audit.record(
        session,
        auth.actor,
        "statement_layout.changed",
        origin=origin,
        at=now,
        target_type="statement_layout",
        target_id=kind.value,
        **_difference(before, after),
    )
    return after


def _difference(before: LayoutOut, after: LayoutOut) -> dict[str, dict[str, Any]]:
    """The lines that changed (added, removed, or defined differently), each as
    'label | side | accounts | total_of'; their order is in ``order``."""

    def shown(out: LayoutOut) -> dict[str, str]:
        return {
            line.code: f"{line.label} | {line.side} | {line.accounts} | {line.total_of}"
            for line in out.lines
        }

    old, new = shown(before), shown(after)
    changed = sorted(code for code in old.keys() | new.keys() if old.get(code) != new.get(code))
    order_changed = [line.code for line in before.lines] != [line.code for line in after.lines]
    return {
        "before": {code: old[code] for code in changed if code in old}
        | ({"order": " ".join(line.code for line in before.lines)} if order_changed else {}),
        "after": {code: new[code] for code in changed if code in new}
        | ({"order": " ".join(line.code for line in after.lines)} if order_changed else {}),
    }

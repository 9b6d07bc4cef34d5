"""常见问题: administrators write the questions users ask again and again, with
the answer, tags and the language it is written in; every signed-in user reads
the entries of their language, and the client searches them together with the
manual. Each change is in the operation log with what it was before."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import Language
from common.errors import DomainError
from common.schemas.faq import FaqIn, FaqOut
from server.db.models import FaqEntry, User
from server.services.accounts.sessions import Authenticated
from server.services.core import audit

MAX_TAG_CHARS = 40


def for_language(session: Session, language: Language) -> list[FaqOut]:
    rows = session.scalars(
        select(FaqEntry).where(FaqEntry.language == language.value).order_by(FaqEntry.id)
    )
    return _listed(session, list(rows))


def every(session: Session) -> list[FaqOut]:
    return _listed(session, list(session.scalars(select(FaqEntry).order_by(FaqEntry.id))))


def create(
    session: Session, auth: Authenticated, body: FaqIn, *, origin: audit.Origin, now: dt.datetime
) -> FaqOut:
    row = FaqEntry(updated_by=auth.user.id, updated_at=now, **_fields(body))
    session.add(row)
    session.flush()
    _logged(session, auth, "faq.created", row, origin=origin, now=now, after=_fields(body))
    (out,) = _listed(session, [row])
    return out


def update(
    session: Session,
    auth: Authenticated,
    entry_id: int,
    body: FaqIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> FaqOut:
    row = _found(session, entry_id)
    before: dict[str, object] = {
        "language": row.language,
        "question": row.question,
        "tags": list(row.tags),
    }
    for name, value in _fields(body).items():
        setattr(row, name, value)
    row.updated_by, row.updated_at = auth.user.id, now
    session.flush()
    _logged(
        session,
        auth,
        "faq.updated",
        row,
        origin=origin,
        now=now,
        before=before,
        after=_fields(body),
    )
    (out,) = _listed(session, [row])
    return out


def delete(
    session: Session, auth: Authenticated, entry_id: int, *, origin: audit.Origin, now: dt.datetime
) -> None:
    row = _found(session, entry_id)
    before: dict[str, object] = {
        "language": row.language,
        "question": row.question,
        "answer": row.answer,
    }
    _logged(session, auth, "faq.deleted", row, origin=origin, now=now, before=before)
    session.delete(row)
    session.flush()


def _fields(body: FaqIn) -> dict[str, object]:
    tags = []
    for tag in (t.strip() for t in body.tags):
        if len(tag) > MAX_TAG_CHARS:
            raise DomainError("faq.tag_too_long", status=422, field="tags", max=MAX_TAG_CHARS)
        if tag and tag not in tags:
            tags.append(tag)
    return {
        "language": body.language.value,
        "question": body.question.strip(),
        "answer": body.answer.strip(),
        "tags": tags,
    }


def _found(session: Session, entry_id: int) -> FaqEntry:
    row = session.get(FaqEntry, entry_id, with_for_update=True)
    if row is None:
        raise DomainError("faq.not_found", status=404, id=entry_id)
    return row


def _logged(
    session: Session,
    auth: Authenticated,
    action: str,
    row: FaqEntry,
    *,
    origin: audit.Origin,
    now: dt.datetime,
    before: dict[str, object] | None = None,
    after: dict[str, object] | None = None,
) -> None:
    audit.record(
        session,
        auth.actor,
        action,
        origin=origin,
        at=now,
        target_type="faq",
        target_id=row.id,
        before=before,
        after=after,
    )


def _listed(session: Session, rows: list[FaqEntry]) -> list[FaqOut]:
    ids = {row.updated_by for row in rows}
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())
    return [
        FaqOut(
            id=row.id,
            language=Language(row.language),
            question=row.question,
            answer=row.answer,
            tags=list(row.tags),
            updated_by=names.get(row.updated_by, ""),
            updated_at=row.updated_at,
        )
        for row in rows
    ]

"""The mail outbox: notifications become e-mails in their own transaction.

``queue_notices`` runs inside the request that raised the notifications, so a
request that rolls back queues nothing; a background worker in every server
process (server/services/operations/mail_worker.py) sends what is due, outside
any request. A row is queued (neither sent nor given up), sent, or failed after
:data:`MAX_ATTEMPTS` (its last error kept, an administrator may retry it).
Several processes share the queue: a worker claims rows with SKIP LOCKED and
pushes ``next_attempt_at`` ahead by :data:`LEASE` before sending, so nobody else
takes them meanwhile; a worker that dies mid-send leaves them to be tried again.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, event, select, update
from sqlalchemy.orm import Session

from common.enums import DEFAULT_LANGUAGE, Language, NotificationKind
from common.errors import DomainError, render_message
from server.db.models import MailMessage, MailPreference, MailSettings, User

MAX_ATTEMPTS = 6
FIRST_WAIT = dt.timedelta(minutes=1)  # after the first failure; doubled after each next one
LONGEST_WAIT = dt.timedelta(hours=1)
KEEP_SENT = dt.timedelta(days=90)  # sent e-mails listed this long, then removed
LEASE = dt.timedelta(minutes=5)  # a claimed row is not taken by another worker meanwhile
TEST_KIND = "test"
ERROR_KEPT = 1000

_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+$")

# Set after a transaction that queued mail commits: the worker of this process
# sends at once instead of at its next look (another process's looks in time).
queued_here = threading.Event()


def check_address(address: str, field: str) -> str:
    """The address trimmed; a field error when it is not one."""
    address = address.strip()
    if not _ADDRESS.match(address):
        raise DomainError("mail.address_invalid", status=422, field=field)
    return address


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4 … minutes, at most an hour."""
    wait: dt.timedelta = FIRST_WAIT * (2 ** max(0, attempts - 1))
    return min(wait, LONGEST_WAIT)


def notice_text(kind: str, params: Mapping[str, Any], language: Language) -> str:
    """A notification's text (the client's list shows the same)."""
    if kind == NotificationKind.DECIDED.value:
        code = f"notice.{params.get('action', '')}"
    elif kind == NotificationKind.DUE_SOON.value and params.get("overdue"):
        code = "notice.overdue"
    else:
        code = f"notice.{kind}"
    return render_message(code, params, language)


def _language(value: str) -> Language:
    try:
        return Language(value)
    except ValueError:
        return DEFAULT_LANGUAGE


def follow_language(session: Session, user_id: int, language: Language) -> None:
    """The user's e-mails follow the UI language their client polls in (a user
    who switches the client to English gets English mail from then on)."""
    session.execute(
        update(MailPreference)
        .where(MailPreference.user_id == user_id, MailPreference.language != language.value)
        .values(language=language.value)
    )


def mail_on(session: Session) -> bool:
    settings = session.get(MailSettings, 1)
    return settings is not None and settings.enabled


def wake_after_commit(session: Session) -> None:
    if not session.info.get("mail_queued"):
        session.info["mail_queued"] = True
        event.listen(session, "after_commit", _committed, once=True)


def _committed(session: Session) -> None:
    session.info.pop("mail_queued", None)
    queued_here.set()


def _queue(
    session: Session,
    *,
    user_id: int | None,
    recipient: str,
    subject: str,
    body: str,
    kind: str,
    now: dt.datetime,
) -> MailMessage:
    row = MailMessage(
        user_id=user_id,
        recipient=recipient,
        subject=subject[:300],
        body=body,
        kind=kind,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(row)
    wake_after_commit(session)
    return row


def queue_notices(
    session: Session, notices: Iterable[tuple[int, str, Mapping[str, Any]]], *, now: dt.datetime
) -> int:
    """Queue an e-mail for each (user id, kind, params) notice whose reader wants
    that kind by e-mail (switch on, address given, kind ticked, account active),
    in the reader's language; none while the server's mail is off. How many."""
    notices = list(notices)
    if not notices or not mail_on(session):
        return 0
    found = session.execute(
        select(MailPreference, User.display_name)
        .join(User, User.id == MailPreference.user_id)
        .where(
            MailPreference.user_id.in_({user_id for user_id, _, _ in notices}),
            MailPreference.enabled.is_(True),
            MailPreference.email != "",
            User.is_active.is_(True),
        )
    )
    readers = {pref.user_id: (pref, name) for pref, name in found}
    queued = 0
    for user_id, kind, params in notices:
        reader = readers.get(user_id)
        if reader is None or kind not in reader[0].kinds:
            continue
        pref, name = reader
        language = _language(pref.language)
        text = notice_text(kind, params, language)
        _queue(
            session,
            user_id=user_id,
            recipient=pref.email,
            subject=render_message(f"mail.subject.{kind}", params, language),
            body=render_message("mail.body", {"name": name, "text": text}, language),
            kind=kind,
            now=now,
        )
        queued += 1
    return queued


def queue_test(
    session: Session, recipient: str, *, actor: str, language: Language, now: dt.datetime
) -> MailMessage:
    """发送测试邮件: through the queue like any other, so it proves the worker too."""
    if not mail_on(session):
        raise DomainError("mail.not_configured", status=409)
    row = _queue(
        session,
        user_id=None,
        recipient=check_address(recipient, "to"),
        subject=render_message("mail.test.subject", {}, language),
        body=render_message("mail.test.body", {"actor": actor}, language),
        kind=TEST_KIND,
        now=now,
    )
    session.flush()
    return row


# -- what the worker does -------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    id: int
    recipient: str
    subject: str
    body: str
    attempts: int  # this attempt's number


def claim(session: Session, *, now: dt.datetime, limit: int) -> list[Claimed]:
    """Take up to ``limit`` due rows for this worker (their lease starts now)."""
    rows = list(
        session.scalars(
            select(MailMessage)
            .where(
                MailMessage.sent_at.is_(None),
                MailMessage.failed_at.is_(None),
                MailMessage.next_attempt_at <= now,
            )
            .order_by(MailMessage.next_attempt_at, MailMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = now + LEASE
    return [Claimed(r.id, r.recipient, r.subject, r.body, r.attempts) for r in rows]


def record_sent(session: Session, message_id: int, *, now: dt.datetime) -> None:
    session.execute(
        update(MailMessage).where(MailMessage.id == message_id).values(sent_at=now, last_error=None)
    )


def record_failed(session: Session, message: Claimed, error: str, *, now: dt.datetime) -> None:
    """Try again after the backoff, or give up after the last attempt (the error kept)."""
    values: dict[str, Any] = {"last_error": error[:ERROR_KEPT]}
    if message.attempts >= MAX_ATTEMPTS:
        values["failed_at"] = now
    else:
        values["next_attempt_at"] = now + backoff(message.attempts)
    session.execute(update(MailMessage).where(MailMessage.id == message.id).values(**values))


def sweep(session: Session, *, now: dt.datetime) -> int:
    """Remove e-mails sent more than :data:`KEEP_SENT` ago (failed ones stay
    until retried or the address is fixed); how many."""
    result = session.execute(delete(MailMessage).where(MailMessage.sent_at < now - KEEP_SENT))
    return int(getattr(result, "rowcount", 0) or 0)

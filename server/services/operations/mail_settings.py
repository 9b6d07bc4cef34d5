"""邮件通知 settings: the office's SMTP server, kept by administrators (the
password sealed under the server's key), the outbox they watch and retry, and
each user's own address, switch and kinds (set by the user in the workbench's
设置 → 邮件通知). Administrators' changes are in the operation log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import Language, NotificationKind
from common.errors import DomainError
from common.schemas.mail import (
    MailMessageOut,
    MailSecurity,
    MailSettingsIn,
    MailSettingsOut,
    MailState,
    MailTestIn,
    NotificationSettingsIn,
    NotificationSettingsOut,
)
from server.crypto import SecretBox
from server.db.models import MailMessage, MailPreference, MailSettings, User
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, mail_outbox

PASSWORD_NAME = "smtp-password"  # bound into the sealed password (server/crypto.py)
LISTED = 200


def _settings_out(row: MailSettings | None) -> MailSettingsOut:
    if row is None:
        return MailSettingsOut(
            enabled=False,
            host="",
            port=25,
            security=MailSecurity.NONE,
            username="",
            password_set=False,
            from_address="",
        )
    return MailSettingsOut(
        enabled=row.enabled,
        host=row.host,
        port=row.port,
        security=MailSecurity(row.security),
        username=row.username,
        password_set=row.password_sealed is not None,
        from_address=row.from_address,
        updated_at=row.updated_at,
    )


def settings(session: Session) -> MailSettingsOut:
    return _settings_out(session.get(MailSettings, 1))


def smtp_password(row: MailSettings, box: SecretBox) -> str:
    if row.password_sealed is None:
        return ""
    return box.open_setting(row.password_sealed, name=PASSWORD_NAME).decode()


def save_settings(
    session: Session,
    auth: Authenticated,
    body: MailSettingsIn,
    box: SecretBox,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> MailSettingsOut:
    host, sender = body.host.strip(), body.from_address.strip()
    if body.enabled and not host:
        raise DomainError("mail.host_required", status=422, field="host")
    if body.enabled and not sender:
        raise DomainError("mail.from_required", status=422, field="from_address")
    if sender:
        sender = mail_outbox.check_address(sender, "from_address")
    row = session.get(MailSettings, 1, with_for_update=True)
    before = None if row is None else _logged(_settings_out(row))
    if row is None:
        row = MailSettings(id=1)
        session.add(row)
    row.enabled, row.host, row.port = body.enabled, host, body.port
    row.security, row.username, row.from_address = body.security.value, body.username, sender
    if body.password is not None:
        row.password_sealed = (
            box.seal_setting(body.password.encode(), name=PASSWORD_NAME) if body.password else None
        )
    row.updated_at = now
    session.flush()
    out = _settings_out(row)
    audit.record(
        session,
        auth.actor,
        "mail_settings.changed",
        origin=origin,
        at=now,
        target_type="mail_settings",
        target_id=1,
        before=before,
        after={**_logged(out), "password_changed": body.password is not None},
    )
    return out


def _logged(out: MailSettingsOut) -> dict[str, object]:
    """What the operation log keeps of the settings (never the password)."""
    return out.model_dump(mode="json", exclude={"updated_at"})


def queue_test(
    session: Session,
    auth: Authenticated,
    body: MailTestIn,
    *,
    language: Language,
    origin: audit.Origin,
    now: dt.datetime,
) -> MailMessageOut:
    row = mail_outbox.queue_test(
        session, body.to, actor=auth.user.display_name, language=language, now=now
    )
    audit.record(
        session,
        auth.actor,
        "mail.test_queued",
        origin=origin,
        at=now,
        target_type="mail_message",
        target_id=row.id,
        after={"to": row.recipient},
    )
    return message_out(row)


def _state(row: MailMessage) -> MailState:
    if row.sent_at is not None:
        return MailState.SENT
    if row.failed_at is not None:
        return MailState.FAILED
    return MailState.QUEUED


def message_out(row: MailMessage) -> MailMessageOut:
    state = _state(row)
    return MailMessageOut(
        id=row.id,
        recipient=row.recipient,
        subject=row.subject,
        kind=row.kind,
        state=state,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at if state is MailState.QUEUED else None,
        last_error=row.last_error,
        sent_at=row.sent_at,
        created_at=row.created_at,
    )


def outbox(session: Session, *, state: MailState | None = None) -> list[MailMessageOut]:
    """邮件发送: the latest e-mails, newest first (only those in ``state``)."""
    query = select(MailMessage)
    if state is MailState.SENT:
        query = query.where(MailMessage.sent_at.isnot(None))
    elif state is MailState.FAILED:
        query = query.where(MailMessage.failed_at.isnot(None))
    elif state is MailState.QUEUED:
        query = query.where(MailMessage.sent_at.is_(None), MailMessage.failed_at.is_(None))
    rows = session.scalars(query.order_by(MailMessage.id.desc()).limit(LISTED))
    return [message_out(row) for row in rows]


def retry(
    session: Session,
    auth: Authenticated,
    message_id: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> MailMessageOut:
    """重试: a failed e-mail is queued again with its attempts afresh."""
    row = session.get(MailMessage, message_id, with_for_update=True)
    if row is None:
        raise DomainError("mail.not_found", status=404, id=message_id)
    if row.failed_at is None:
        raise DomainError("mail.not_failed", status=409)
    before = {"attempts": row.attempts, "error": row.last_error}
    row.failed_at, row.attempts, row.next_attempt_at = None, 0, now
    session.flush()
    mail_outbox.wake_after_commit(session)
    audit.record(
        session,
        auth.actor,
        "mail.retried",
        origin=origin,
        at=now,
        target_type="mail_message",
        target_id=row.id,
        before=before,
        after={"to": row.recipient},
    )
    return message_out(row)


# -- a user's own choices -------------------------------------------------------


def preferences(session: Session, user_id: int) -> NotificationSettingsOut:
    row = session.get(MailPreference, user_id)
    available = mail_outbox.mail_on(session)
    if row is None:
        return NotificationSettingsOut(
            email="",
            enabled=False,
            kinds=list(NotificationKind),
            language=Language.ZH_CN,
            mail_available=available,
        )
    return NotificationSettingsOut(
        email=row.email,
        enabled=row.enabled,
        kinds=[NotificationKind(kind) for kind in row.kinds if kind in set(NotificationKind)],
        language=Language(row.language) if row.language in set(Language) else Language.ZH_CN,
        mail_available=available,
    )


def save_preferences(
    session: Session,
    user_id: int,
    body: NotificationSettingsIn,
    *,
    language: Language | None,
    now: dt.datetime,
) -> NotificationSettingsOut:
    """The user's address, switch and kinds; ``language``: the mail's when the
    body names none (the request's UI language; None keeps the one saved)."""
    email = body.email.strip()
    if body.enabled and not email:
        raise DomainError("mail.address_required", status=422, field="email")
    if email:
        email = mail_outbox.check_address(email, "email")
    row = session.get(MailPreference, user_id, with_for_update=True)
    if row is None:
        row = MailPreference(user_id=user_id)
        session.add(row)
    row.email, row.enabled = email, body.enabled
    row.kinds = [kind.value for kind in NotificationKind if kind in set(body.kinds)]
    chosen = body.language or language
    if chosen is not None:
        row.language = chosen.value
    elif row.language is None:
        row.language = Language.ZH_CN.value
    row.updated_at = now
    session.flush()
    return preferences(session, user_id)


def save_user_preferences(
    session: Session,
    auth: Authenticated,
    user_id: int,
    body: NotificationSettingsIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> NotificationSettingsOut:
    """An administrator sets a user's e-mail notifications on 用户管理 (the
    user's language stays theirs); in the operation log."""
    if session.get(User, user_id) is None:
        raise DomainError("user.not_found", status=404, user_id=user_id)
    before = preferences(session, user_id)
    out = save_preferences(session, user_id, body, language=None, now=now)
    audit.record(
        session,
        auth.actor,
        "notification_settings.changed",
        origin=origin,
        at=now,
        target_type="user",
        target_id=user_id,
        before=before.model_dump(mode="json", include={"email", "enabled", "kinds"}),
        after=out.model_dump(mode="json", include={"email", "enabled", "kinds"}),
    )
    return out

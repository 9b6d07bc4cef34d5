"""邮件通知: the SMTP settings, the test e-mail and the outbox in the admin
console; each user's own e-mail choices (server/services/operations/mail_settings.py)."""

from __future__ import annotations

from common.schemas.mail import (
    MailMessageOut,
    MailSettingsIn,
    MailSettingsOut,
    MailState,
    MailTestIn,
    NotificationSettingsIn,
    NotificationSettingsOut,
)
from server.api.deps import (
    AdminAuth,
    Box,
    CurrentAuth,
    FreshAdmin,
    Now,
    RequestLanguage,
    RequestOrigin,
    Transaction,
)
from server.api.retrying_route import api_router
from server.services.operations import mail_settings

router = api_router(tags=["mail"])


@router.get("/admin/mail/settings", response_model=MailSettingsOut)
def settings(caller: AdminAuth, session: Transaction) -> MailSettingsOut:
    return mail_settings.settings(session)


@router.put("/admin/mail/settings", response_model=MailSettingsOut)
def save_settings(
    body: MailSettingsIn,
    caller: FreshAdmin,
    session: Transaction,
    box: Box,
    origin: RequestOrigin,
    now: Now,
) -> MailSettingsOut:
    return mail_settings.save_settings(session, caller, body, box, origin=origin, now=now)


@router.post("/admin/mail/test", response_model=MailMessageOut, status_code=201)
def send_test(
    body: MailTestIn,
    caller: FreshAdmin,
    session: Transaction,
    language: RequestLanguage,
    origin: RequestOrigin,
    now: Now,
) -> MailMessageOut:
    """发送测试邮件: queued like any other; the outbox shows how it went."""
    return mail_settings.queue_test(
        session, caller, body, language=language, origin=origin, now=now
    )


@router.get("/admin/mail/outbox", response_model=list[MailMessageOut])
def outbox(
    caller: AdminAuth, session: Transaction, state: MailState | None = None
) -> list[MailMessageOut]:
    return mail_settings.outbox(session, state=state)


@router.post("/admin/mail/outbox/{message_id}/retry", response_model=MailMessageOut)
def retry(
    message_id: int, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> MailMessageOut:
    return mail_settings.retry(session, caller, message_id, origin=origin, now=now)


@router.get("/me/notification-settings", response_model=NotificationSettingsOut)
def my_settings(caller: CurrentAuth, session: Transaction) -> NotificationSettingsOut:
    return mail_settings.preferences(session, caller.user.id)


@router.put("/me/notification-settings", response_model=NotificationSettingsOut)
def save_my_settings(
    body: NotificationSettingsIn,
    caller: CurrentAuth,
    session: Transaction,
    language: RequestLanguage,
    now: Now,
) -> NotificationSettingsOut:
    """The caller's own address, switch and kinds; the mail's language is the
    client's UI language unless the body names one."""
    return mail_settings.save_preferences(session, caller.user.id, body, language=language, now=now)


@router.get("/admin/users/{user_id}/notification-settings", response_model=NotificationSettingsOut)
def user_settings(user_id: int, caller: AdminAuth, session: Transaction) -> NotificationSettingsOut:
    return mail_settings.preferences(session, user_id)


@router.put("/admin/users/{user_id}/notification-settings", response_model=NotificationSettingsOut)
def save_user_settings(
    user_id: int,
    body: NotificationSettingsIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> NotificationSettingsOut:
    """用户管理 → 邮件通知: an administrator sets it for a user."""
    return mail_settings.save_user_preferences(
        session, caller, user_id, body, origin=origin, now=now
    )

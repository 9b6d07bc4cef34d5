"""邮件通知: the SMTP settings, test e-mail and outbox (admin console), and the
user's own e-mail choices (workbench 设置 → 邮件通知)."""

from __future__ import annotations

from pydantic import TypeAdapter

from client.api.transport import Transport
from common.schemas.mail import (
    MailMessageOut,
    MailSettingsIn,
    MailSettingsOut,
    MailState,
    MailTestIn,
    NotificationSettingsIn,
    NotificationSettingsOut,
)

_MESSAGES = TypeAdapter(list[MailMessageOut])


class MailApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def settings(self) -> MailSettingsOut:
        return MailSettingsOut.model_validate(self._t.request("GET", "/admin/mail/settings"))

    def save_settings(self, body: MailSettingsIn) -> MailSettingsOut:
        return MailSettingsOut.model_validate(
            self._t.request("PUT", "/admin/mail/settings", json=body.model_dump(mode="json"))
        )

    def send_test(self, to: str) -> MailMessageOut:
        body = MailTestIn(to=to).model_dump(mode="json")
        return MailMessageOut.model_validate(self._t.request("POST", "/admin/mail/test", json=body))

    def outbox(self, state: MailState | None = None) -> list[MailMessageOut]:
        params = {"state": state.value} if state is not None else None
        return _MESSAGES.validate_python(
            self._t.request("GET", "/admin/mail/outbox", params=params)
        )

    def retry(self, message_id: int) -> MailMessageOut:
        return MailMessageOut.model_validate(
            self._t.request("POST", f"/admin/mail/outbox/{message_id}/retry")
        )

    def my_settings(self) -> NotificationSettingsOut:
        return NotificationSettingsOut.model_validate(
            self._t.request("GET", "/me/notification-settings")
        )

    def save_my_settings(self, body: NotificationSettingsIn) -> NotificationSettingsOut:
        return NotificationSettingsOut.model_validate(
            self._t.request("PUT", "/me/notification-settings", json=body.model_dump(mode="json"))
        )

    def user_settings(self, user_id: int) -> NotificationSettingsOut:
        return NotificationSettingsOut.model_validate(
            self._t.request("GET", f"/admin/users/{user_id}/notification-settings")
        )

    def save_user_settings(
        self, user_id: int, body: NotificationSettingsIn
    ) -> NotificationSettingsOut:
        return NotificationSettingsOut.model_validate(
            self._t.request(
                "PUT",
                f"/admin/users/{user_id}/notification-settings",
                json=body.model_dump(mode="json"),
            )
        )

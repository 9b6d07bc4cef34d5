"""公告: the current announcements, and publishing them in the admin console."""

from __future__ import annotations

from pydantic import TypeAdapter

from client.api.transport import Transport
from common.schemas.announcements import AnnouncementIn, AnnouncementOut

_LIST = TypeAdapter(list[AnnouncementOut])


class AnnouncementsApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def current(self) -> list[AnnouncementOut]:
        return _LIST.validate_python(self._t.request("GET", "/announcements/current"))

    def recent(self) -> list[AnnouncementOut]:
        return _LIST.validate_python(self._t.request("GET", "/admin/announcements"))

    def publish(self, announcement: AnnouncementIn) -> AnnouncementOut:
        body = announcement.model_dump(mode="json")
        return AnnouncementOut.model_validate(
            self._t.request("POST", "/admin/announcements", json=body)
        )

    def withdraw(self, announcement_id: int) -> AnnouncementOut:
        return AnnouncementOut.model_validate(
            self._t.request("POST", f"/admin/announcements/{announcement_id}/withdraw")
        )

"""Notifications: poll with a cursor (each notice arrives once), mark read."""

from __future__ import annotations

from client.api.transport import Transport
from common.schemas.reviews import MarkReadIn, NotificationsOut


class NotificationsApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def poll(self, *, after: int = 0) -> NotificationsOut:
        """Notices newer than ``after`` (the last id the caller has), oldest first."""
        answer = self._t.request("GET", "/notifications", params={"after": after})
        return NotificationsOut.model_validate(answer)

    def latest(self, count: int = 20) -> NotificationsOut:
        """The newest ``count`` notices, newest first, read or not."""
        answer = self._t.request("GET", "/notifications", params={"latest": count})
        return NotificationsOut.model_validate(answer)

    def mark_read(self, ids: list[int] | None = None) -> int:
        """Mark ``ids`` (or all) read; the unread count left."""
        body = MarkReadIn(ids=ids).model_dump(mode="json")
        return int(self._t.request("POST", "/notifications/read", json=body))

"""Polls the server for the home screen's counts and the user's notifications.

Polling with a cursor (the newest notice id we hold) is robust through proxies
and reconnects: a missed poll is caught up by the next, and each notice arrives
once. The first poll after login fetches the latest notices for the list without
announcing them; later polls announce only what is new.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import ApiClient
from client.core.ops import QueryOp
from common.schemas.announcements import AnnouncementOut
from common.schemas.reviews import NotificationOut, NotificationsOut, ReviewCountsOut

POLL_MS = 30_000
LATEST = 20
# one poll: the review counts, the notifications, the announcements in force
Polled = tuple[ReviewCountsOut, NotificationsOut, list[AnnouncementOut]]


class WorkNotifier(QObject):
    counts_changed = Signal(object)  # ReviewCountsOut
    listed = Signal(object)  # list[NotificationOut], newest first: the home screen's list
    arrived = Signal(object)  # list[NotificationOut]: new since the last poll, oldest first
    unread_changed = Signal(int)
    announced = Signal(object)  # list[AnnouncementOut]: the 公告 in force now

    def __init__(self, api: Callable[[], ApiClient | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self.cursor: int | None = None  # None until the first poll after login
        self.latest: list[NotificationOut] = []
        self.counts: ReviewCountsOut | None = None
        self.unread = 0
        self.polling = False
        self.again = False  # a poll was asked for while one was in flight
        self.generation = 0  # one per login: a late answer for the previous user is dropped
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self._reset()
        self.timer.start()
        self.poll()

    def stop(self) -> None:
        self.timer.stop()
        self._reset()
        self.counts_changed.emit(None)
        self.listed.emit([])
        self.unread_changed.emit(0)
        self.announced.emit([])

    def _reset(self) -> None:
        self.generation += 1
        self.cursor, self.latest, self.counts, self.unread = None, [], None, 0
        self.polling, self.again = False, False

    def poll(self) -> None:
        api = self._api()
        if api is None:
            return
        if self.polling:
            self.again = True  # asked for fresh figures: poll once more when this one ends
            return
        self.polling, self.again = True, False
        cursor = self.cursor

        def fetch() -> Polled:
            counts = api.reviews.counts()
            notices = (
                api.notifications.latest(LATEST)
                if cursor is None
                else api.notifications.poll(after=cursor)
            )
            return counts, notices, api.announcements.current()

        generation = self.generation

        def got(found: Polled) -> None:
            if generation == self.generation:
                self._got(found)

        def failed(error: Exception) -> None:
            if generation == self.generation:
                self._failed(error)

        QueryOp(parent=self, op=fetch, success=got, failure=failed).run()

    def _got(self, found: Polled) -> None:
        self.polling = False
        counts, notices, announcements = found
        self.announced.emit(announcements)
        self.counts = counts
        self.counts_changed.emit(counts)
        if self.cursor is None:
            self.latest = list(notices.items)
            self.cursor = max((n.id for n in notices.items), default=0)
        elif notices.items:
            self.cursor = max(n.id for n in notices.items)
            self.latest = (list(reversed(notices.items)) + self.latest)[:LATEST]
            self.arrived.emit(list(notices.items))
        self.listed.emit(self.latest)
        self._set_unread(notices.unread)
        self._poll_again()

    def _failed(self, _error: Exception) -> None:
        self.polling = False  # the connection monitor tells the user; the next poll retries
        self._poll_again()

    def _poll_again(self) -> None:
        if self.again and self.timer.isActive():
            self.poll()

    def mark_read(self, ids: list[int] | None = None) -> None:
        api = self._api()
        if api is None:
            return
        wanted = None if ids is None else set(ids)
        self.latest = [
            n.model_copy(update={"read": True}) if wanted is None or n.id in wanted else n
            for n in self.latest
        ]
        self.listed.emit(self.latest)
        generation = self.generation

        def marked(unread: int) -> None:
            if generation == self.generation:
                self._set_unread(unread)

        QueryOp(
            parent=self,
            op=lambda: api.notifications.mark_read(ids),
            success=marked,
            failure=lambda _error: None,  # the next poll brings the true unread count
        ).run()

    def _set_unread(self, unread: int) -> None:
        self.unread = unread
        self.unread_changed.emit(unread)

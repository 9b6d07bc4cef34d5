"""A band across the top of the window while a maintenance window is announced:
before the work begins it counts down, then it says the work is under way and
when it should end. The countdown starts from the seconds the server gave when
it answered (``begins_in_seconds``), measured here on a monotonic clock, so a
desk clock that is wrong does not move it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from client.widgets.look import set_state
from common.schemas.announcements import AnnouncementKind, AnnouncementOut

TICK_MS = 1000


@dataclass(frozen=True)
class _Held:
    announcement: AnnouncementOut
    begins_at_tick: float | None  # on the monotonic clock; None: already under way


def countdown_text(seconds: int) -> str:
    """1:05:09 or 4:09 — hours only when there are any."""
    seconds = max(seconds, 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class MaintenanceBanner(QLabel):
    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.setObjectName("maintenanceBanner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMargin(6)
        set_state(self, "warn")
        self.clock = clock  # the tests move it past the start
        self.held: list[_Held] = []
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.refresh)
        self.hide()

    def show_announcements(self, announcements: list[AnnouncementOut]) -> None:
        """The notifier's latest answer: keep the maintenance notices in force."""
        now = self.clock()
        self.held = [
            _Held(
                found,
                None if found.begins_in_seconds is None else now + found.begins_in_seconds,
            )
            for found in announcements
            if found.kind is AnnouncementKind.MAINTENANCE
        ]
        self.refresh()

    def refresh(self) -> None:
        lines = [self._line(held) for held in self.held]
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))
        if lines and not self.timer.isActive():
            self.timer.start()
        elif not lines:
            self.timer.stop()

    def _line(self, held: _Held) -> str:
        found = held.announcement
        left = None if held.begins_at_tick is None else int(held.begins_at_tick - self.clock())
        if left is not None and left > 0 and found.begins_at is not None:
            words = self.tr("系统维护将于 {at} 开始,还有 {left}:{title}。请提前保存手头的工作。")
            return words.format(
                at=found.begins_at.astimezone().strftime("%H:%M"),
                left=countdown_text(left),
                title=found.title,
            )
        return self.tr("系统维护进行中,预计 {end} 结束:{title}").format(
            end=found.ends_at.astimezone().strftime("%m-%d %H:%M"), title=found.title
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

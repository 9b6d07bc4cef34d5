"""Status-bar badge: unread notifications, and a red mark while work is overdue.
Clicking it opens the home screen's list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from client.widgets.icons import retip
from client.widgets.look import set_look, set_state
from client.workbench.home.notifier import WorkNotifier
from common.schemas.reviews import ReviewCountsOut


class WorkBadge(QWidget):
    clicked = Signal()

    def __init__(self, notifier: WorkNotifier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workBadge")
        self.notifier = notifier
        self.unread = QToolButton()
        self.unread.setObjectName("unreadNotifications")
        self.unread.setAutoRaise(True)
        self.unread.clicked.connect(self.clicked)
        self.overdue = QLabel()
        self.overdue.setObjectName("overdueBadge")
        set_look(self.overdue, "badge")
        set_state(self.overdue, "alarm")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.unread)
        layout.addWidget(self.overdue)
        notifier.unread_changed.connect(lambda _n: self.refresh())
        notifier.counts_changed.connect(lambda _c: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.unread.setText(self.tr("消息 {n}").format(n=self.notifier.unread))
        retip(self.unread)
        counts: ReviewCountsOut | None = self.notifier.counts
        overdue = counts.overdue if counts is not None else 0
        self.overdue.setText(self.tr("逾期 {n}").format(n=overdue))
        self.overdue.setVisible(overdue > 0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

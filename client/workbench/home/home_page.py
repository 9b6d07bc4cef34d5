"""工作台首页: what is waiting for me, the way into the frequent tasks, and the
latest notifications. Counts and notices come from the WorkNotifier's polls; a
tile or a notice opens the screen where the work is done."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.core.labels import shown
from client.widgets import look
from client.widgets.look import set_look, set_state
from client.workbench.home.notifier import WorkNotifier
from common.enums import NotificationKind
from common.schemas.announcements import AnnouncementKind, AnnouncementOut
from common.schemas.reviews import NotificationOut, ReviewCountsOut

TILES = ("todo", "in_progress", "done", "overdue")
QUICK = ("income", "expenditure", "voucher", "documents", "review")


class HomePage(QWidget):
    open_list = Signal(str)  # a review list: todo / in_progress / done
    open_page = Signal(str)  # a page key of the workbench
    notice_opened = Signal(object)  # NotificationOut

    def __init__(self, notifier: WorkNotifier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.counts: ReviewCountsOut | None = None
        self.title = QLabel()
        set_look(self.title, "page-title")
        self.tiles: dict[str, QPushButton] = {}
        tiles = QHBoxLayout()
        for key in TILES:
            tile = QPushButton()
            tile.setObjectName(f"home_tile_{key}")
            set_look(tile, "tile")
            tile.clicked.connect(lambda _=False, key=key: self._tile_clicked(key))
            self.tiles[key] = tile
            tiles.addWidget(tile)
        tiles.addStretch(1)
        self.quick_title = QLabel()
        self.quick: dict[str, QPushButton] = {}
        quick = QGridLayout()
        for index, key in enumerate(QUICK):
            button = QPushButton()
            button.setObjectName(f"home_quick_{key}")
            button.clicked.connect(lambda _=False, key=key: self.open_page.emit(key))
            self.quick[key] = button
            quick.addWidget(button, 0, index)
        quick.setColumnStretch(len(QUICK), 1)
        self.announcements_title = QLabel()
        self.announcements = QLabel()
        self.announcements.setObjectName("homeAnnouncements")
        self.announcements.setWordWrap(True)
        self.announcements.setTextFormat(Qt.TextFormat.PlainText)
        self.shown_announcements: list[AnnouncementOut] = []
        self.notices_title = QLabel()
        self.notices = QListWidget()
        self.notices.setObjectName("homeNotifications")
        self.notices.setWordWrap(True)
        self.notices.itemActivated.connect(self._notice_activated)
        self.mark_all = QPushButton()
        self.mark_all.setObjectName("home_mark_all_read")
        self.mark_all.clicked.connect(lambda: self.notifier.mark_read(None))
        notices_bar = QHBoxLayout()
        notices_bar.addWidget(self.notices_title)
        notices_bar.addStretch(1)
        notices_bar.addWidget(self.mark_all)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.announcements_title)
        layout.addWidget(self.announcements)
        layout.addLayout(tiles)
        layout.addWidget(self.quick_title)
        layout.addLayout(quick)
        layout.addLayout(notices_bar)
        layout.addWidget(self.notices, 1)
        notifier.counts_changed.connect(self.show_counts)
        notifier.listed.connect(self.show_notices)
        notifier.announced.connect(self.show_announcements)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("工作台首页"))
        self.quick_title.setText(self.tr("常用功能"))
        for key, text in (
            ("income", self.tr("收入录入")),
            ("expenditure", self.tr("支出录入")),
            ("voucher", self.tr("凭证录入")),
            ("documents", self.tr("我的单据")),
            ("review", self.tr("审核审批")),
        ):
            self.quick[key].setText(text)
        self.announcements_title.setText(self.tr("公告"))
        self.show_announcements(self.shown_announcements)
        self.notices_title.setText(self.tr("最新消息"))
        self.mark_all.setText(self.tr("全部标为已读"))
        self.show_counts(self.counts)

    def offer(self, pages: list[str]) -> None:
        """Shortcuts only to the pages offered; the review tiles only to reviewers."""
        for key, button in self.quick.items():
            button.setVisible(key in pages)
        for tile in self.tiles.values():
            tile.setVisible("review" in pages)

    def tile_caption(self, key: str) -> str:
        return {
            "todo": self.tr("待办"),
            "in_progress": self.tr("进行中"),
            "done": self.tr("已办"),
            "overdue": self.tr("逾期"),
        }[key]

    def show_counts(self, counts: ReviewCountsOut | None) -> None:
        self.counts = counts
        for key, tile in self.tiles.items():
            value = "—" if counts is None else str(getattr(counts, key))
            tile.setText(f"{self.tile_caption(key)}\n{value}")
        overdue = counts is not None and counts.overdue > 0
        set_state(self.tiles["overdue"], "alarm" if overdue else None)

    def show_announcements(self, announcements: list[AnnouncementOut]) -> None:
        """The 公告 in force: kind, title, until when, and the text; hidden when none."""
        self.shown_announcements = announcements
        lines = []
        for found in announcements:
            until = found.ends_at.astimezone().strftime("%Y-%m-%d %H:%M")
            head = self.tr("【{kind}】{title}(至 {until})").format(
                kind=shown(found.kind), title=found.title, until=until
            )
            lines.append(head + (f"\n{found.body}" if found.body else ""))
        self.announcements.setText("\n\n".join(lines))
        for widget in (self.announcements_title, self.announcements):
            widget.setVisible(bool(lines))
        warn = any(a.kind is not AnnouncementKind.GENERAL for a in announcements)
        set_state(self.announcements, "warn" if warn else None)

    def show_notices(self, notices: list[NotificationOut]) -> None:
        self.notices.clear()
        for notice in notices:
            when = notice.created_at.astimezone().strftime("%m-%d %H:%M")
            item = QListWidgetItem(f"{when}  {notice.text}")
            item.setData(Qt.ItemDataRole.UserRole, notice)
            if not notice.read:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            if notice.kind is NotificationKind.URGED:  # 督办: someone is waiting on me
                item.setForeground(look.ERROR)
            self.notices.addItem(item)
        if not notices:
            self.notices.addItem(self.tr("暂无消息"))

    def _tile_clicked(self, key: str) -> None:
        self.open_list.emit("todo" if key == "overdue" else key)

    def _notice_activated(self, item: QListWidgetItem) -> None:
        notice = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(notice, NotificationOut):
            return
        if not notice.read:
            self.notifier.mark_read([notice.id])
        self.notice_opened.emit(notice)

"""公告: an administrator publishes an announcement — a notice, a maintenance
window or an upgrade — for a while (from–to); every user sees the ones in force
on the workbench's home page. A wrong one is withdrawn and published again."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from client.admin.page_base import AdminPage, lay_out_list_page, page_title
from client.core.labels import shown
from client.shell.page_context import PageContext
from client.widgets.list_table import ListTable
from client.widgets.local_time import local_time
from client.widgets.look import hint_label
from client.widgets.rows_model import RowsModel
from common.schemas.announcements import AnnouncementIn, AnnouncementKind, AnnouncementOut


class AnnouncementsModel(RowsModel[AnnouncementOut]):
    COLUMNS = ("kind", "title", "from", "to", "state", "by")

    def titles(self) -> dict[str, str]:
        return {
            "kind": self.tr("类别"),
            "title": self.tr("标题"),
            "from": self.tr("开始"),
            "to": self.tr("结束"),
            "state": self.tr("状态"),
            "by": self.tr("发布人"),
        }

    def text(self, row: AnnouncementOut, column: str) -> str:
        if column == "kind":
            return shown(row.kind)
        if column == "title":
            return row.title
        if column == "from":
            return local_time(row.starts_at)
        if column == "to":
            return local_time(row.ends_at)
        if column == "by":
            return row.created_by
        if row.withdrawn_at is not None:
            return self.tr("已撤下")
        return self.tr("发布中或待开始")


class AnnouncementsPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("announcementsMessage")
        self._generation = 0
        self.title = page_title("announcementsTitle")
        self.kind = QComboBox()
        self.kind.setObjectName("announcementKind")
        for kind in AnnouncementKind:
            self.kind.addItem("", kind.value)
        self.headline = QLineEdit()
        self.headline.setObjectName("announcementHeadline")
        self.headline.setMaxLength(200)
        self.body = QPlainTextEdit()
        self.body.setObjectName("announcementBody")
        self.body.setMaximumHeight(80)
        now = QDateTime.currentDateTime()
        self.starts = QDateTimeEdit(now)
        self.starts.setObjectName("announcementStarts")
        self.ends = QDateTimeEdit(now.addDays(1))
        self.ends.setObjectName("announcementEnds")
        # a maintenance notice: when the work begins (the users online see a countdown)
        self.begins = QDateTimeEdit(now.addSecs(3600))
        self.begins.setObjectName("announcementBegins")
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        for edit in (self.starts, self.ends, self.begins):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        form_box = QWidget()
        form = QFormLayout(form_box)
        self.captions: dict[str, QLabel] = {}
        for key, widget in (
            ("kind", self.kind),
            ("title", self.headline),
            ("body", self.body),
            ("starts", self.starts),
            ("ends", self.ends),
            ("begins", self.begins),
        ):
            self.captions[key] = QLabel()
            form.addRow(self.captions[key], widget)
        self._kind_chosen()
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (
            ("publish", self.publish),
            ("withdraw", self.withdraw),
            ("refresh", self.refresh),
        ):
            button = QPushButton()
            button.setObjectName(f"announcements_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        self.model = AnnouncementsModel()
        self.table = ListTable(self.model, "announcementsTable", stretch=1)
        self.hint = hint_label()
        lay_out_list_page(
            self,
            left=[self.title],
            table=self.table,
            actions=[self.buttons[k] for k in ("publish", "withdraw", "refresh")],
            message=self.message,
            hint=self.hint,
            above=[form_box],
        )
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("公告"))
        for index in range(self.kind.count()):
            self.kind.setItemText(index, shown(AnnouncementKind(self.kind.itemData(index))))
        for key, caption in (
            ("kind", self.tr("类别")),
            ("title", self.tr("标题")),
            ("body", self.tr("内容")),
            ("starts", self.tr("开始")),
            ("ends", self.tr("结束")),
            ("begins", self.tr("维护开始")),
        ):
            self.captions[key].setText(caption)
        self.buttons["publish"].setText(self.tr("发布"))
        self.buttons["withdraw"].setText(self.tr("撤下"))
        self.buttons["refresh"].setText(self.tr("刷新"))
        self.table.retranslate()
        self.model.retranslate()
        self.hint.setText(
            self.tr(
                "公告在开始与结束之间显示在每位用户的工作台首页;系统维护与升级公告以醒目颜色显示。"
                "系统维护公告另在窗口顶部显示横幅,倒计时到“维护开始”。"
                "公告发布后不能修改,如有错误请撤下后重新发布。"
            )
        )

    def _kind_chosen(self) -> None:
        maintenance = self.kind.currentData() == AnnouncementKind.MAINTENANCE.value
        self.begins.setEnabled(maintenance)

    def clear(self) -> None:
        self._generation += 1
        self.model.set_rows([])
        self.message.clear()

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation

        def loaded(found: list[AnnouncementOut]) -> None:
            if generation == self._generation:
                self.model.set_rows(found)

        self.run(lambda api: api.announcements.recent(), loaded)

    def entered(self) -> AnnouncementIn | None:
        starts, ends = self.starts.dateTime().toPython(), self.ends.dateTime().toPython()
        assert isinstance(starts, dt.datetime) and isinstance(ends, dt.datetime)
        title = self.headline.text().strip()
        if not title:
            self.say_error(self.tr("请填写标题"))
            return None
        return AnnouncementIn(
            kind=AnnouncementKind(self.kind.currentData()),
            title=title,
            body=self.body.toPlainText(),
            starts_at=starts.astimezone(),  # this computer's time, with its zone
            ends_at=ends.astimezone(),
            begins_at=self._begins(),
        )

    def _begins(self) -> dt.datetime | None:
        if not self.begins.isEnabled():
            return None
        begins = self.begins.dateTime().toPython()
        assert isinstance(begins, dt.datetime)
        return begins.astimezone()

    def publish(self) -> None:
        body = self.entered()
        if body is None:
            return

        def published(found: AnnouncementOut) -> None:
            self.say(self.tr("已发布:{title}").format(title=found.title))
            self.headline.clear()
            self.body.clear()
            self.refresh()

        self.run(lambda api: api.announcements.publish(body), published)

    def withdraw(self) -> None:
        chosen = self.table.selected()
        if chosen is None:
            return
        announcement_id = chosen.id

        def withdrawn(found: AnnouncementOut) -> None:
            self.say(self.tr("已撤下:{title}").format(title=found.title))
            self.refresh()

        self.run(lambda api: api.announcements.withdraw(announcement_id), withdrawn)

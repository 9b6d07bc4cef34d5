"""告警: what an administrator or auditor should look at (DOMAIN.md "Audit and
monitoring"), as the server finds it in the operation log and the backup
folder each time it is asked: repeated failed logins, locked accounts, logins
at night, large exports, permission changes and backup problems. Those that
may mean an attack or lost data are red. Auditors and administrators only; the
server refuses anyone else and the page says so on its message line.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from client.admin.alerts.model import AlertsModel, counts_text
from client.admin.page_base import AdminPage, page_title
from client.shell.page_context import PageContext
from client.widgets.list_table import ListTable
from client.widgets.look import hint_label
from common.schemas.alerts import AlertOut

DAYS = (1, 7, 30)
DEFAULT_DAYS = 7


class AlertsPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        login = context.login
        self.message.setObjectName("alertsMessage")
        self._generation = 0
        self.loaded = False  # an answer is on screen (an empty list is an answer)

        self.title = page_title("alertsTitle")
        self.days_label = QLabel()
        self.days_box = QComboBox()
        self.days_box.setObjectName("alertsDays")
        for days in DAYS:
            self.days_box.addItem("", days)
        self.days_box.setCurrentIndex(DAYS.index(DEFAULT_DAYS))
        self.days_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.days_label.setBuddy(self.days_box)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("alerts_refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.counts = QLabel()
        self.counts.setObjectName("alertsCounts")
        self.counts.setWordWrap(True)

        self.model = AlertsModel()
        self.table = ListTable(self.model, "alertsTable")
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setMinimumSectionSize(80)
        self.hint = hint_label("alertsHint")

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.table.filter_edit)
        top.addWidget(self.days_label)
        top.addWidget(self.days_box)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        login.auth.logged_out.connect(self.clear)
        self.retranslate()

    @property
    def days(self) -> int:
        return int(self.days_box.currentData())

    def select_days(self, days: int) -> None:
        self.days_box.setCurrentIndex(DAYS.index(days))

    def retranslate(self) -> None:
        self.title.setText(self.tr("告警"))
        self.table.retranslate()
        self.days_label.setText(self.tr("时间范围:"))
        names = {1: self.tr("最近 1 天"), 7: self.tr("最近 7 天"), 30: self.tr("最近 30 天")}
        for number, days in enumerate(DAYS):
            self.days_box.setItemText(number, names[days])
        self.refresh_button.setText(self.tr("刷新"))
        self.hint.setText(
            self.tr(
                "告警由服务器根据操作日志和备份文件即时汇总;红色表示可能有人在猜测密码,"
                "或数据可能无法恢复,请尽快处理。时间为本机时间。"
            )
        )
        self.model.retranslate()
        self._show_counts()

    # -- loading -------------------------------------------------------------
    def clear(self) -> None:
        """Logged out: nothing of the last view stays on screen."""
        self._generation += 1
        self.loaded = False
        self.model.set_rows([])
        self.message.clear()
        self._show_counts()

    def refresh(self) -> None:
        """The chosen days' alerts in the background; an older answer is dropped."""
        self._generation += 1
        generation, days = self._generation, self.days

        def loaded(alerts: list[AlertOut]) -> None:
            if generation == self._generation:
                self.loaded = True
                self.message.clear()
                self.model.set_rows(list(alerts))
                self._show_counts()

        def refused(_: Exception) -> None:
            if generation == self._generation:
                self.loaded = False
                self.model.set_rows([])
                self._show_counts()

        self.run(lambda api: api.admin.alerts(days=days), loaded, failure=refused)

    def _show_counts(self) -> None:
        self.counts.setVisible(self.loaded)
        self.counts.setText(counts_text(self.model.rows) if self.loaded else "")

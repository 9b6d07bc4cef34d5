"""结账管理: the last 24 months with their state, and the chosen month's documents
that keep it from closing.

A month closes after it ended, after every earlier month, and when nothing in it
is unfinished or unbalanced; the latest closed month reopens first, with a
reason, and with four eyes on (the default) only once a second administrator
approves the request on the 双人复核 page. The server decides all of this; the
page disables what plainly cannot work and shows the server's reason for the rest.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.admin.page_base import AdminPage, ask_yes_no, list_table, page_title
from client.admin.periods.dialogs import TextDialog
from client.admin.periods.models import MonthRow, MonthsModel, ProblemsModel
from client.admin.periods.names import month_name, this_month, when
from client.api import ApiClient
from client.core.changes import Changed
from client.shell.page_context import PageContext
from client.widgets.look import hint_label, set_state
from common.schemas.periods import PeriodOut

MONTHS_SHOWN = 24


def recent_months(count: int = MONTHS_SHOWN) -> list[tuple[int, int]]:
    """This month and the ``count - 1`` before it, newest first."""
    year, month = this_month()
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


class PeriodsPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        login = context.login
        self.message.setObjectName("periodsMessage")
        self._generation = 0
        self._loading = False
        self.chosen: tuple[int, int] | None = None
        self.pending_dialog: TextDialog | None = None

        self.months = MonthsModel()
        self.months_table = list_table(self.months, "monthsTable")
        self.months_table.selectionModel().selectionChanged.connect(self._month_chosen)

        self.problems = ProblemsModel()
        self.problems_table = list_table(self.problems, "problemsTable")
        number_column = ProblemsModel.COLUMNS.index("number")
        header = self.problems_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(number_column, QHeaderView.ResizeMode.Stretch)

        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("periods_refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.close_button = QPushButton()
        self.close_button.setObjectName("periods_close")
        self.close_button.clicked.connect(self.close_month)
        self.reopen_button = QPushButton()
        self.reopen_button.setObjectName("periods_reopen")
        self.reopen_button.clicked.connect(self.ask_reopen)

        self.heading = page_title("periodHeading")
        self.info = QLabel()
        self.info.setObjectName("periodInfo")
        self.info.setWordWrap(True)
        self.request_box = QLabel()
        self.request_box.setObjectName("reopenRequest")
        self.request_box.setWordWrap(True)
        set_state(self.request_box, "pending")
        self.request_box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = hint_label("closeHint")
        self.problems_title = QLabel()
        self.problems_title.setObjectName("problemsTitle")

        actions = QHBoxLayout()
        actions.addWidget(self.close_button)
        actions.addWidget(self.reopen_button)
        actions.addStretch(1)
        card = QWidget()
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(8, 0, 0, 0)
        card_layout.addWidget(self.heading)
        card_layout.addWidget(self.info)
        card_layout.addWidget(self.request_box)
        card_layout.addLayout(actions)
        card_layout.addWidget(self.hint)
        card_layout.addStretch(1)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.months_table)
        upper.addWidget(card)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 2)
        upper.setSizes([560, 300])
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addWidget(self.problems_title)
        lower_layout.addWidget(self.problems_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("periodsTitle")
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        login.auth.logged_out.connect(self.clear)
        self.retranslate()
        self._show(None)

    def retranslate(self) -> None:
        self.title.setText(self.tr("最近 {count} 个月的结账情况").format(count=MONTHS_SHOWN))
        self.refresh_button.setText(self.tr("刷新"))
        self.close_button.setText(self.tr("结账"))
        self.reopen_button.setText(self.tr("申请反结账"))
        self.months.retranslate()
        self.problems.retranslate()
        self._show(self.current())

    # -- loading -------------------------------------------------------------
    def clear(self) -> None:
        """Logged out: nothing of the last administrator's view stays on screen."""
        self._generation += 1
        self._loading = False
        self.chosen = None
        self.months.set_rows([])
        self.message.clear()
        self._show(None)

    def refresh(self) -> None:
        """All shown months from the server in one background call; an answer
        to an older refresh is dropped."""
        self._generation += 1
        generation = self._generation
        months = recent_months()
        if self.chosen is None or self.chosen not in months:
            self.chosen = months[1]  # last month: the one usually closed next
        previous = {(r.year, r.month): r.period for r in self.months.rows}
        self.months.set_rows([MonthRow(y, m, previous.get((y, m))) for y, m in months])
        self._select(self.chosen)

        def load(api: ApiClient) -> list[PeriodOut]:
            return [api.admin.period(year, month) for year, month in months]

        def loaded(periods: list[PeriodOut]) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self.months.set_rows([MonthRow(p.year, p.month, p) for p in periods])
            if self.chosen is not None:
                self._select(self.chosen)

        def failed(_error: Exception) -> None:
            if generation == self._generation:
                self._loading = False

        self._loading = self.run(load, loaded, failure=failed)

    def _reload(self, year: int, month: int) -> None:
        self.run(lambda api: api.admin.period(year, month), self._got)

    def _got(self, period: PeriodOut) -> None:
        if self._loading:  # that answer may be older than this one: ask again
            self.refresh()
        self.months.replace(period)
        if self.chosen == (period.year, period.month):
            self._show(self.current())

    # -- choosing ------------------------------------------------------------
    def select_month(self, year: int, month: int) -> None:
        self.chosen = (year, month)
        self._select(self.chosen)

    def _select(self, chosen: tuple[int, int]) -> None:
        number = self.months.find(*chosen)
        if number >= 0:
            self.months_table.selectRow(number)
        self._show(self.current())

    def current(self) -> MonthRow | None:
        if self.chosen is None:
            return None
        number = self.months.find(*self.chosen)
        return self.months.row_at(number)

    def _month_chosen(self, *_: object) -> None:
        rows = self.months_table.selectionModel().selectedRows()
        row = self.months.row_at(rows[0].row()) if rows else None
        if row is not None:
            self.chosen = (row.year, row.month)
        self._show(self.current())

    def _show(self, row: MonthRow | None) -> None:
        period = row.period if row else None
        self.problems.set_rows(list(period.problems) if period else [])
        self.request_box.setVisible(bool(period and period.reopen_request))
        self.close_button.setEnabled(False)
        self.reopen_button.setEnabled(False)
        self.hint.clear()
        if row is None:
            self.heading.setText(self.tr("请选择月份"))
            self.info.clear()
            self.problems_title.clear()
            return
        self.heading.setText(f"{month_name(row.year, row.month)}  {self.months.state_text(row)}")
        if period is None:
            self.info.setText(self.tr("正在读取…"))
            self.problems_title.clear()
            return
        lines = []
        if period.is_closed:
            lines.append(self.tr("结账人:{name}").format(name=period.closed_by or "—"))
            lines.append(self.tr("结账时间:{at}").format(at=when(period.closed_at)))
        lines.append(self.tr("本月单据:{count} 张").format(count=period.documents))
        self.info.setText("\n".join(lines))
        if period.problems:
            self.problems_title.setText(
                self.tr("妨碍结账的单据({count} 张)").format(count=len(period.problems))
            )
        else:
            self.problems_title.setText(self.tr("没有妨碍结账的单据"))
        request = period.reopen_request
        if request is not None:
            self.request_box.setText(
                self.tr(
                    "反结账申请(编号 {id})等待另一位管理员审批。\n"
                    "申请人:{name}\n申请时间:{at}\n原因:{reason}"
                ).format(
                    id=request.id,
                    name=request.requested_by,
                    at=when(request.requested_at),
                    reason=request.reason,
                )
            )
        if period.is_closed:
            self.reopen_button.setEnabled(request is None)
            if request is not None:
                self.hint.setText(self.tr("审批前本月仍为已结账;可在“双人复核”页查看或撤回申请。"))
            return
        if not row.ended:
            self.hint.setText(self.tr("本月尚未结束,月末之后才能结账。"))
        elif period.problems:
            self.hint.setText(self.tr("下列单据处理完毕(审核完成、删除或借贷平衡)后才能结账。"))
        else:
            self.close_button.setEnabled(True)

    # -- actions -------------------------------------------------------------
    def close_month(self) -> None:
        row = self.current()
        if row is None:
            return
        year, month = row.year, row.month
        self.pending_confirm = ask_yes_no(
            self,
            "confirmClose",
            self.tr("结账"),
            self.tr(
                "确定对 {month} 结账?\n\n结账将记账本月已审核的单据,"
                "此后不能再录入日期在本月及以前的单据。"
            ).format(month=month_name(year, month)),
            on_yes=lambda: self._close(year, month),
            on_closed=self._confirm_closed,
        )

    def _close(self, year: int, month: int) -> None:
        def closed(period: PeriodOut) -> None:
            self._got(period)
            self.say(self.tr("{month} 已结账").format(month=month_name(year, month)))
            self.context.changes.announce(Changed.PERIODS)

        self.message.clear()
        self.run(
            lambda api: api.admin.close_period(year, month),
            closed,
            failure=lambda _error: self._reload(year, month),  # show what stands in the way now
        )

    def ask_reopen(self) -> None:
        row = self.current()
        if row is None:
            return
        year, month = row.year, row.month
        dialog = TextDialog(
            object_name="reopenDialog",
            title=self.tr("申请反结账"),
            prompt=self.tr(
                "反结账 {month}:请填写原因。须经另一位管理员在“双人复核”页批准后才生效。"
            ).format(month=month_name(year, month)),
            required=True,
            placeholder=self.tr("例如:补录上月漏记的收入"),
            parent=self,
        )
        self.pending_dialog = dialog

        def done(result: int) -> None:
            self.pending_dialog = None
            dialog.deleteLater()
            if result == TextDialog.DialogCode.Accepted:
                self._reopen(year, month, dialog.text())

        dialog.finished.connect(done)
        dialog.open()

    def _reopen(self, year: int, month: int, reason: str) -> None:
        def filed(period: PeriodOut) -> None:
            self._got(period)
            if period.reopen_request is not None:
                self.say(
                    self.tr("已提交反结账申请(编号 {id}),等待另一位管理员审批").format(
                        id=period.reopen_request.id
                    )
                )
            else:  # four eyes switched off: reopened at once
                self.say(self.tr("{month} 已反结账").format(month=month_name(year, month)))
            self.context.changes.announce(Changed.PERIODS, Changed.REQUESTS)

        self.message.clear()
        self.run(
            lambda api: api.admin.reopen_period(year, month, reason),
            filed,
            failure=lambda _error: self._reload(year, month),
        )

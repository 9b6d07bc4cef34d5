"""操作日志: the operation log for auditors and administrators (DOMAIN.md "Audit
and monitoring"): filter it by office days, actor, action, target and words in
the details; read it newest first a page at a time; export what the filters
find to Excel (the server logs the export); and verify the hash chain, the
result shown in green when whole and in red naming the first bad record.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.admin.audit_log.model import AuditLogModel, chain_text
from client.admin.page_base import (
    AdminPage,
    list_table,
    page_title,
)
from client.api import ApiError
from client.shell.page_context import PageContext
from client.widgets.look import hint_label, set_state
from common.enums import Language
from common.errors import render_message
from common.rules.audit_log import filter_violations
from common.schemas.admin import AuditVerifyOut
from common.schemas.audit_log import DEFAULT_LIMIT, AuditLogFilters, AuditLogPageOut, AuditLogQuery

DEFAULT_DAYS_BACK = 7


def _date_edit(name: str, days_back: int) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate.currentDate().addDays(-days_back))
    edit.setEnabled(False)
    return edit


def _line_edit(name: str, max_length: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setMaxLength(max_length)
    edit.setClearButtonEnabled(True)
    return edit


class AuditLogPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        login = context.login
        self.message.setObjectName("auditLogMessage")
        self._generation = 0
        self.loaded = False  # a first page is on screen (an empty one is an answer)
        self.busy = False  # a page is being fetched
        self.shown: AuditLogFilters | None = None  # the filters of the rows on screen
        self.next_before_id: int | None = None
        self.exporting = False
        self.verifying = False

        self.title = page_title("auditLogTitle")

        self.from_check = QCheckBox()
        self.from_check.setObjectName("auditLogFromSet")
        self.from_edit = _date_edit("auditLogFrom", DEFAULT_DAYS_BACK)
        self.from_check.toggled.connect(self.from_edit.setEnabled)
        self.to_check = QCheckBox()
        self.to_check.setObjectName("auditLogToSet")
        self.to_edit = _date_edit("auditLogTo", 0)
        self.to_check.toggled.connect(self.to_edit.setEnabled)
        self.actor_label, self.action_label = QLabel(), QLabel()
        self.target_label, self.text_label = QLabel(), QLabel()
        self.actor_edit = _line_edit("auditLogActor", 64)
        self.action_edit = _line_edit("auditLogAction", 64)
        self.target_type_edit = _line_edit("auditLogTargetType", 32)
        self.target_id_edit = _line_edit("auditLogTargetId", 64)
        self.text_edit = _line_edit("auditLogText", 200)
        for label, buddy in (
            (self.actor_label, self.actor_edit),
            (self.action_label, self.action_edit),
            (self.target_label, self.target_type_edit),
            (self.text_label, self.text_edit),
        ):
            label.setBuddy(buddy)
        self.field_widgets: dict[str, QWidget] = {
            "date_from": self.from_edit,
            "date_to": self.to_edit,
            "actor": self.actor_edit,
            "action": self.action_edit,
            "target_type": self.target_type_edit,
            "target_id": self.target_id_edit,
            "text": self.text_edit,
        }
        for edit in (
            self.actor_edit,
            self.action_edit,
            self.target_type_edit,
            self.target_id_edit,
            self.text_edit,
        ):
            edit.returnPressed.connect(self.search)
        self.query_button = QPushButton()
        self.query_button.setObjectName("auditLogQuery")
        self.query_button.setDefault(True)
        self.query_button.clicked.connect(self.search)

        self.model = AuditLogModel()
        self.table = list_table(self.model, "auditLogTable")
        self.table.setWordWrap(False)
        self.count_label = QLabel()
        self.count_label.setObjectName("auditLogCount")
        self.more_button = QPushButton()
        self.more_button.setObjectName("auditLogMore")
        self.more_button.setEnabled(False)
        self.more_button.clicked.connect(self.load_more)
        self.export_button = QPushButton()
        self.export_button.setObjectName("auditLogExport")
        self.export_button.clicked.connect(self.choose_export_file)
        self.verify_button = QPushButton()
        self.verify_button.setObjectName("auditLogVerify")
        self.verify_button.clicked.connect(self.verify_chain)
        self.chain_label = QLabel()
        self.chain_label.setObjectName("auditLogChain")
        self.chain_label.setWordWrap(True)
        self.hint = hint_label("auditLogHint")

        dates = QHBoxLayout()
        dates.addWidget(self.from_check)
        dates.addWidget(self.from_edit)
        dates.addWidget(self.to_check)
        dates.addWidget(self.to_edit)
        dates.addSpacing(12)
        dates.addWidget(self.actor_label)
        dates.addWidget(self.actor_edit, 1)
        dates.addWidget(self.action_label)
        dates.addWidget(self.action_edit, 1)
        others = QHBoxLayout()
        others.addWidget(self.target_label)
        others.addWidget(self.target_type_edit, 1)
        others.addWidget(self.target_id_edit, 1)
        others.addWidget(self.text_label)
        others.addWidget(self.text_edit, 2)
        others.addWidget(self.query_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.more_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(dates)
        layout.addLayout(others)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.chain_label)
        layout.addWidget(self.hint)
        login.auth.logged_out.connect(self.clear)
        login.auth.logged_in.connect(  # 导出权限: no right, no button
            lambda me: self.export_button.setVisible(bool(me.export_scopes))
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("操作日志"))
        self.from_check.setText(self.tr("从"))
        self.to_check.setText(self.tr("至"))
        self.actor_label.setText(self.tr("操作人:"))
        self.actor_edit.setPlaceholderText(self.tr("用户名或其一部分"))
        self.action_label.setText(self.tr("操作:"))
        self.action_edit.setPlaceholderText(self.tr("如 user. 或 login.failed"))
        self.target_label.setText(self.tr("对象:"))
        self.target_type_edit.setPlaceholderText(self.tr("类型,如 user"))
        self.target_id_edit.setPlaceholderText(self.tr("编号"))
        self.text_label.setText(self.tr("详情包含:"))
        self.query_button.setText(self.tr("查询"))
        self.more_button.setText(self.tr("加载更多"))
        self.export_button.setText(self.tr("导出 Excel"))
        self.verify_button.setText(self.tr("校验日志链"))
        self.hint.setText(
            self.tr(
                "日期按北京时间的自然日计算,时间列为本机时间;操作填 user 可查到 user. 开头的"
                "全部操作。导出最多含最新的 10 万条记录,导出本身也记入操作日志。"
            )
        )
        self.model.retranslate()
        self._show_count()

    # -- filters -------------------------------------------------------------
    def _language(self) -> Language:
        return self.context.language()

    def filters(self) -> AuditLogFilters | None:
        """The filters as typed; None (with the problem shown and the field
        marked) when they break a rule, before anything is sent."""
        self._unmark()
        try:
            filters = AuditLogFilters(
                date_from=self.from_edit.date().toPython() if self.from_check.isChecked() else None,
                date_to=self.to_edit.date().toPython() if self.to_check.isChecked() else None,
                actor=self.actor_edit.text().strip(),
                action=self.action_edit.text().strip(),
                target_type=self.target_type_edit.text().strip(),
                target_id=self.target_id_edit.text().strip(),
                text=self.text_edit.text().strip(),
            )
        except ValidationError as error:
            first = error.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else ""
            self._mark(field)
            self.say_error(str(first["msg"]))
            return None
        violations = filter_violations(filters)
        if violations:
            for violation in violations:
                self._mark(str(violation.params.get("field", "")))
            first_violation = violations[0]
            language = self._language()
            self.say_error(render_message(first_violation.code, first_violation.params, language))
            return None
        return filters

    def _mark(self, field: str) -> None:
        widget = self.field_widgets.get(field.removeprefix("query."))
        if widget is not None:
            set_state(widget, "marked")

    def _unmark(self) -> None:
        for widget in self.field_widgets.values():
            set_state(widget, None)

    def _refused(self, error: Exception) -> None:
        """The server named a field: mark it (the message line says why)."""
        if isinstance(error, ApiError) and isinstance(error.params.get("field"), str):
            self._mark(error.params["field"])

    # -- loading -------------------------------------------------------------
    def clear(self) -> None:
        """Logged out: nothing of the last view stays on screen."""
        self._generation += 1
        self.loaded = self.busy = False
        self.shown, self.next_before_id = None, None
        self.model.set_rows([])
        self.message.clear()
        self.chain_label.clear()
        self._unmark()
        self._show_count()

    def refresh(self) -> None:
        self.search()

    def search(self) -> None:
        """The first page of what the filters find; an older answer is dropped."""
        filters = self.filters()
        if filters is None:
            return
        self._generation += 1
        generation = self._generation
        query = AuditLogQuery(**filters.model_dump(), limit=DEFAULT_LIMIT)

        def loaded(page: AuditLogPageOut) -> None:
            if generation == self._generation:
                self.busy, self.loaded = False, True
                self.message.clear()
                self.shown = filters
                self.model.set_rows(list(page.rows))
                self.next_before_id = page.next_before_id
                self._show_count()

        def refused(error: Exception) -> None:
            if generation == self._generation:
                self.busy, self.loaded = False, False
                self.shown, self.next_before_id = None, None
                self.model.set_rows([])
                self._refused(error)
                self._show_count()

        self.busy = True
        if not self.run(lambda api: api.audit_log.page(query), loaded, failure=refused):
            self.busy = False

    def load_more(self) -> None:
        """The next page of the same filters, below the rows already shown."""
        if self.shown is None or self.next_before_id is None or self.busy:
            return
        generation = self._generation
        query = AuditLogQuery(
            **self.shown.model_dump(), before_id=self.next_before_id, limit=DEFAULT_LIMIT
        )

        def loaded(page: AuditLogPageOut) -> None:
            if generation == self._generation:
                self.busy = False
                self.model.append_rows(list(page.rows))
                self.next_before_id = page.next_before_id
                self._show_count()

        def failed(_: Exception) -> None:
            if generation == self._generation:
                self.busy = False
                self._show_count()

        self.busy = True
        self.more_button.setEnabled(False)
        if not self.run(lambda api: api.audit_log.page(query), loaded, failure=failed):
            self.busy = False
            self._show_count()

    def _show_count(self) -> None:
        more = self.next_before_id is not None
        self.more_button.setEnabled(self.loaded and more and not self.busy)
        if not self.loaded:
            self.count_label.clear()
            return
        shown = len(self.model.rows)
        text = self.tr("已显示 {n} 条,还有更多") if more else self.tr("共 {n} 条")
        self.count_label.setText(text.format(n=f"{shown:,}"))

    # -- export ----------------------------------------------------------------
    def choose_export_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出 Excel"), "operation-log.xlsx", "Excel (*.xlsx)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, target: Path) -> None:
        """What the filters on screen found (the typed ones when nothing is shown
        yet), newest first, at most the newest 100,000 records."""
        filters = self.shown if self.shown is not None else self.filters()
        if filters is None or self.exporting:
            return

        def done(_size: int) -> None:
            self.exporting = False
            self.export_button.setEnabled(True)
            self.say(self.tr("已导出到 {path}").format(path=target))

        def failed(error: Exception) -> None:
            self.exporting = False
            self.export_button.setEnabled(True)
            self._refused(error)

        self.exporting = True
        self.export_button.setEnabled(False)
        self.say(self.tr("正在导出…"))
        op = lambda api: api.audit_log.export(filters, target)  # noqa: E731
        if not self.run(op, done, failure=failed):
            self.exporting = False
            self.export_button.setEnabled(True)

    # -- chain -------------------------------------------------------------------
    def verify_chain(self) -> None:
        """Recompute the whole chain on the server; the answer stays on screen."""
        if self.verifying:
            return

        def done(report: AuditVerifyOut) -> None:
            self.verifying = False
            self.verify_button.setEnabled(True)
            set_state(self.chain_label, "ok" if report.ok else "error")
            self.chain_label.setText(chain_text(report))

        def failed(_: Exception | None = None) -> None:
            self.verifying = False
            self.verify_button.setEnabled(True)
            self.chain_label.clear()  # the message line says what went wrong

        self.verifying = True
        self.verify_button.setEnabled(False)
        set_state(self.chain_label, None)
        self.chain_label.setText(self.tr("正在校验日志链…"))
        if not self.run(lambda api: api.admin.verify_audit(), done, failure=failed):
            failed()

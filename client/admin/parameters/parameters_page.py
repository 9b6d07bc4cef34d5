"""系统参数: password policy, lockout, idle lock, thresholds, the backup schedule
and retention, and four eyes, as one form in groups. 保存 is enabled while
something differs from the server; it sends only what changed, and the server
takes all of it or none — a refusal is shown next to each field it names (and
on the message line), the typed values stay for correcting. After a save the
form shows the server's values. Every change asks for a fresh code (the server
asks; the page prompts and retries); one that weakens a security parameter
(four eyes off, a longer window, a laxer password rule) comes back as a request
for a second administrator: the form shows the values still in force and the
message line the request's number. Auditors read the values; only
administrators change them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from client.admin.page_base import AdminPage, page_title
from client.admin.parameters.fields import ParameterField
from client.admin.parameters.names import group_name, parameter_name
from client.api import ApiError
from client.core.changes import Changed
from client.shell.page_context import PageContext
from client.widgets.look import set_state
from common.enums import Role
from common.errors import render_message
from common.schemas.admin_requests import AdminRequestOut
from common.schemas.parameters import ParameterGroup, ParameterProblem, ParametersOut


class ParametersPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        login = context.login
        self.message.setObjectName("parametersMessage")
        self._generation = 0
        self.fields: dict[str, ParameterField] = {}
        self.groups: dict[ParameterGroup, QGroupBox] = {}

        self.title = page_title("parametersTitle")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("parameters_refresh")
        self.refresh_button.clicked.connect(self.reload)
        self.save_button = QPushButton()
        self.save_button.setObjectName("parameters_save")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.note = QLabel()
        self.note.setObjectName("parametersNote")
        self.note.setWordWrap(True)
        set_state(self.note, "muted")

        self.form = QWidget()
        self.form_layout = QVBoxLayout(self.form)
        self.form_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("parametersForm")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        login.auth.logged_out.connect(self.clear)
        self.retranslate()

    @property
    def editable(self) -> bool:
        me = self._login.auth.me
        return me is not None and Role.ADMIN in me.roles

    def retranslate(self) -> None:
        self.title.setText(self.tr("系统参数"))
        self.refresh_button.setText(self.tr("刷新"))
        self.save_button.setText(self.tr("保存"))
        for group, box in self.groups.items():
            box.setTitle(group_name(group))
        for field in self.fields.values():
            field.retranslate()
        self._align()
        self._show_note()

    def _align(self) -> None:
        """The editors of every group in one column, whatever the captions' lengths."""
        if not self.fields:
            return
        widest = max(field.caption.sizeHint().width() for field in self.fields.values())
        for box in self.groups.values():
            grid = box.layout()
            if isinstance(grid, QGridLayout):
                grid.setColumnMinimumWidth(0, widest)

    def _show_note(self) -> None:
        if self.fields and not self.editable:
            self.note.setText(self.tr("只有系统管理员可以修改系统参数。"))
        else:
            self.note.setText(
                self.tr(
                    "保存后立即生效:下一次登录、下一笔单据或下一次备份检查起按新值执行。"
                    "放宽安全参数(如关闭双人复核、延长时限、降低密码要求)须另一位管理员审批后生效。"
                )
            )

    # -- the form ----------------------------------------------------------------
    def _build(self, answer: ParametersOut) -> None:
        """The groups and fields, once: the server's list decides which exist."""
        grids: dict[ParameterGroup, QGridLayout] = {}
        for parameter in answer.parameters:  # in the server's order, group by group
            grid = grids.get(parameter.group)
            if grid is None:
                box = self.groups[parameter.group] = QGroupBox()
                box.setObjectName(f"group_{parameter.group.value}")
                grid = grids[parameter.group] = QGridLayout(box)
                grid.setColumnStretch(2, 1)
                self.form_layout.insertWidget(self.form_layout.count() - 1, box)  # the stretch last
            field = ParameterField(parameter, self._edited)
            row = grid.rowCount()
            grid.addWidget(field.caption, row, 0)
            grid.addWidget(field.widget, row, 1)
            grid.addWidget(field.hint, row, 2)
            grid.addWidget(field.error, row + 1, 1, 1, 2)
            self.fields[parameter.key] = field
        self.retranslate()

    def _load(self, answer: ParametersOut) -> None:
        if not self.fields:
            self._build(answer)
        for parameter in answer.parameters:
            field = self.fields.get(parameter.key)
            if field is not None:
                field.load(parameter)
        for field in self.fields.values():
            field.set_editable(self.editable)
        self._show_note()
        self._update_save()

    def changes(self) -> dict[str, Any]:
        return {key: field.value() for key, field in self.fields.items() if field.changed()}

    @property
    def dirty(self) -> bool:
        return bool(self.changes())

    def _edited(self, field: ParameterField) -> None:
        field.show_error("")
        self._update_save()

    def _update_save(self) -> None:
        self.save_button.setEnabled(self.editable and self.dirty)

    # -- the server --------------------------------------------------------------
    def clear(self) -> None:
        """Logged out: the next user sees their own answer, not these values."""
        self._generation += 1
        for box in self.groups.values():
            box.setParent(None)
            box.deleteLater()
        self.groups.clear()
        self.fields.clear()
        self.message.clear()
        self._update_save()
        self._show_note()

    def refresh(self) -> None:
        """The server's values, unless edits are waiting (coming back to the page
        keeps them; 刷新 discards them)."""
        if self.fields and self.dirty:
            return
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation

        def loaded(answer: ParametersOut) -> None:
            if generation == self._generation:
                self.message.clear()
                self._load(answer)

        self.run(lambda api: api.admin_system.parameters(), loaded)

    def save(self) -> None:
        """Only what changed; a second click meanwhile sends the same again, which
        changes nothing more (the older answer is dropped)."""
        values = self.changes()
        if not values:
            return
        for field in self.fields.values():
            field.show_error("")
        self._generation += 1
        generation = self._generation

        def saved(answer: ParametersOut | AdminRequestOut) -> None:
            if generation != self._generation:
                return
            names = "、".join(parameter_name(key) for key in values)
            if isinstance(answer, AdminRequestOut):  # a weakening: nothing changed yet
                self.run(lambda api: api.admin_system.parameters(), self._load)
                self.say(
                    self.tr("已提交双人复核,等待另一位管理员审批 (申请编号 {id}):{names}").format(
                        id=answer.id, names=names
                    )
                )
                self.context.changes.announce(Changed.REQUESTS)
                return
            self._load(answer)
            self.say(self.tr("已保存:{names}").format(names=names))

        def refused(error: Exception) -> None:
            if generation == self._generation:
                self._show_problems(error)

        self.run(lambda api: api.admin_system.save_parameters(values), saved, failure=refused)

    def _show_problems(self, error: Exception) -> None:
        """Each refused value's message next to its field, in the UI's language."""
        if not isinstance(error, ApiError):
            return
        language = self.context.language()
        for raw in error.params.get("problems") or []:
            problem = ParameterProblem.model_validate(raw)
            field = self.fields.get(problem.field)
            if field is not None:
                field.show_error(render_message(problem.code, problem.params, language))

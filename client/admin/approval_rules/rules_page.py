"""审批规则: the approval rules and authority limits (DOMAIN.md "Review and
approval"), with a preview of the route an item would take.

Rules are tried in priority order; the first active one whose document kind,
amount range and unit (with its subtree) match gives the steps. A change applies
to items submitted from then on; items already under review keep their route.
Saving asks for a fresh authenticator code (the server requires it: rules decide
who approves money) and is in the operation log. The server does not put rule
changes through four eyes (DOMAIN.md names role grants, second-factor resets,
reopening and restores), so neither does this page.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from client.admin.approval_rules.dialog import Problem, RuleDialog, fill_units, read_amount
from client.admin.approval_rules.model import RulesModel
from client.admin.approval_rules.names import deadline_text
from client.admin.page_base import AdminPage, lay_out_list_page, page_title
from client.api import ApiError
from client.core.labels import kind_name, level_name
from client.shell.page_context import PageContext
from client.widgets.errors import describe
from client.widgets.list_table import ListTable
from client.widgets.look import hint_label, set_state
from common.enums import DocumentKind, Language
from common.errors import render_message
from common.schemas.admin import UnitOut
from common.schemas.approval_admin import ApprovalRuleIn, ApprovalRuleOut, RoutePreviewOut


class ApprovalRulesPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        login = context.login
        self.message.setObjectName("rulesMessage")
        self._generation = 0
        self._preview_generation = 0
        self.loaded = False
        self.units: list[UnitOut] = []
        self.dialog: RuleDialog | None = None
        self.last_preview: RoutePreviewOut | None = None

        self.title = page_title("rulesTitle")
        self.add_button = QPushButton()
        self.add_button.setObjectName("rules_add")
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("rules_edit")
        self.edit_button.clicked.connect(lambda: self.open_dialog(self.selected()))
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("rules_refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())

        self.model = RulesModel()
        self.table = ListTable(self.model, "rulesTable")
        self.table.doubleClicked.connect(lambda _: self.open_dialog(self.selected()))
        self.hint = hint_label()

        self.preview_box = QGroupBox()
        self.preview_kind = QComboBox()
        self.preview_kind.setObjectName("previewKind")
        for kind in DocumentKind:
            self.preview_kind.addItem("", kind)
        self.preview_kind.setCurrentIndex(list(DocumentKind).index(DocumentKind.EXPENDITURE))
        self.preview_unit = QComboBox()
        self.preview_unit.setObjectName("previewUnit")
        self.preview_amount = QLineEdit()
        self.preview_amount.setObjectName("previewAmount")
        self.preview_amount.setPlaceholderText("300,000.00")
        self.preview_amount.returnPressed.connect(self.preview)
        self.preview_button = QPushButton()
        self.preview_button.setObjectName("rules_preview")
        self.preview_button.clicked.connect(self.preview)
        self.preview_result = QLabel()
        self.preview_result.setObjectName("previewResult")
        self.preview_result.setWordWrap(True)
        self.preview_labels = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout()
        form.addRow(self.preview_labels[0], self.preview_kind)
        form.addRow(self.preview_labels[1], self.preview_unit)
        form.addRow(self.preview_labels[2], self.preview_amount)
        preview_layout = QVBoxLayout(self.preview_box)
        preview_layout.addLayout(form)
        preview_layout.addWidget(self.preview_button)
        preview_layout.addWidget(self.preview_result)
        preview_layout.addStretch(1)
        self.preview_box.setMaximumWidth(360)

        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(self.preview_box, 1)
        lay_out_list_page(
            self,
            left=[self.title],
            table=self.table,
            actions=[self.add_button, self.edit_button, self.refresh_button],
            message=self.message,
            hint=self.hint,
            body=body,
        )
        login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def language(self) -> Language:
        return self.context.language()

    def retranslate(self) -> None:
        self.title.setText(self.tr("审批规则"))
        self.add_button.setText(self.tr("新增规则"))
        self.edit_button.setText(self.tr("修改规则"))
        self.refresh_button.setText(self.tr("刷新"))
        self.table.retranslate()
        self.hint.setText(
            self.tr(
                "按优先顺序取第一条启用且单据类型、金额、单位都相符的规则;规则的单位包含其下级单位。"
                "修改只影响此后提交的单据,审批中的单据按原路径。保存需要重新验证动态口令,并记入操作日志。"
            )
        )
        self.preview_box.setTitle(self.tr("审批路径预览"))
        for label, text in zip(
            self.preview_labels,
            (self.tr("单据类型:"), self.tr("预算单位:"), self.tr("金额(元):")),
            strict=True,
        ):
            label.setText(text)
        for number, kind in enumerate(DocumentKind):
            self.preview_kind.setItemText(number, kind_name(kind))
        self.preview_button.setText(self.tr("预览"))
        self.model.retranslate()
        if self.last_preview is not None:
            self._show_preview(self.last_preview)
        if self.dialog is not None:
            self.dialog.retranslate()

    # -- loading ---------------------------------------------------------------
    def clear(self) -> None:
        """Logged out: nothing of the last view stays on screen."""
        self._generation += 1
        self._preview_generation += 1
        self.loaded = False
        self.units = []
        self.model.set_data([], [])
        self.preview_unit.clear()
        self.preview_result.clear()
        self.last_preview = None
        self.message.clear()
        if self.dialog is not None:
            self.dialog.reject()

    def refresh(self, *, select: int | None = None) -> None:
        """Rules and units in the background; an older answer is dropped.
        ``select``: the rule to select once the list is in (the one just saved)."""
        self._generation += 1
        generation = self._generation

        def loaded(answer: tuple[list[ApprovalRuleOut], list[UnitOut]]) -> None:
            if generation != self._generation:
                return
            rules, units = answer
            self.loaded = True
            self.units = list(units)
            self.model.set_data(list(rules), self.units)
            current = self.preview_unit.currentData()
            fill_units(self.preview_unit, self.units, everything=None)
            index = self.preview_unit.findData(current)
            if index >= 0:
                self.preview_unit.setCurrentIndex(index)
            if select is not None:
                self.select_rule(select)

        def refused(_: Exception) -> None:
            if generation == self._generation:
                self.loaded = False
                self.model.set_data([], [])

        self.run(
            lambda api: (api.admin.approval_rules(), api.admin.units()), loaded, failure=refused
        )

    def selected(self) -> ApprovalRuleOut | None:
        return self.table.selected()

    def select_rule(self, rule_id: int) -> None:
        self.table.select_where(lambda rule: rule.id == rule_id)

    # -- add / change ------------------------------------------------------------
    def open_dialog(self, rule: ApprovalRuleOut | None) -> RuleDialog | None:
        """New rule (None) or a change to ``rule``; one dialog at a time."""
        if self.dialog is not None or not self.loaded:
            return self.dialog
        dialog = RuleDialog(
            self.units, self.language, rule=rule, next_priority=self.free_priority(), parent=self
        )
        dialog.submitted.connect(lambda body: self._save(dialog, body))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def free_priority(self) -> int:
        """A new rule is usually narrower than the ones there (a unit's own limits),
        so it is offered the free number just before them: it is tried first."""
        taken = {row.priority for row in self.model.rows}
        below = (p for p in range(min(taken, default=11) - 1, 0, -1) if p not in taken)
        return next(below, max(taken, default=0) + 1)

    def _dialog_closed(self, dialog: RuleDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _save(self, dialog: RuleDialog, body: ApprovalRuleIn) -> None:
        rule_id = dialog.rule.id if dialog.rule is not None else None
        generation = self._generation

        def saved(rule: ApprovalRuleOut) -> None:
            if self.dialog is dialog:
                dialog.accept()
            if generation != self._generation:
                return
            self.say(
                self.tr("已保存审批规则“{name}”,此后提交的单据按它审批").format(name=rule.name)
            )
            self.refresh(select=rule.id)

        def refused(error: Exception) -> None:
            if self.dialog is dialog:
                dialog.set_busy(False)
                field = error.params.get("field") if isinstance(error, ApiError) else None
                dialog.show_error(describe(error), field)

        dialog.set_busy(True)
        self.run(
            lambda api: api.admin.save_approval_rule(body, rule_id=rule_id), saved, failure=refused
        )

    def _prompt_closed(self) -> None:
        """The code prompt closed: if it was cancelled nothing is retried, so OK
        may be pressed again."""
        super()._prompt_closed()
        if self.dialog is not None:
            self.dialog.set_busy(False)

    # -- preview -------------------------------------------------------------------
    def preview(self) -> None:
        """The route the server would give such an item now."""
        self._preview_generation += 1
        generation = self._preview_generation
        self.last_preview = None
        kind = DocumentKind(self.preview_kind.currentData())  # Qt hands back a plain str
        unit_id = self.preview_unit.currentData()
        try:
            if unit_id is None:
                raise Problem("approval_rule.unit_required", field="unit_id")
            amount = read_amount(self.preview_amount.text(), "amount", blank=None)
            if amount is None:
                raise Problem("document.field_required", field="amount")
        except Problem as problem:
            self._preview_error(render_message(problem.code, problem.params, self.language()))
            return
        set_state(self.preview_result, None)
        self.preview_result.setText(self.tr("正在查询…"))

        def shown(route: RoutePreviewOut) -> None:
            if generation == self._preview_generation:
                self.last_preview = route
                self._show_preview(route)

        def refused(error: Exception) -> None:
            if generation == self._preview_generation:
                self._preview_error(describe(error))

        self.run(
            lambda api: api.admin.preview_route(kind, amount, int(unit_id)),
            shown,
            failure=refused,
        )

    def _preview_error(self, text: str) -> None:
        set_state(self.preview_result, "error")
        self.preview_result.setText(text)

    def _show_preview(self, route: RoutePreviewOut) -> None:
        set_state(self.preview_result, None)
        lines = [self.tr("适用规则:{name}").format(name=route.rule_name)]
        lines += [
            self.tr("第 {n} 步:{post},期限 {deadline}").format(
                n=number, post=level_name(step.level), deadline=deadline_text(step)
            )
            for number, step in enumerate(route.steps, start=1)
        ]
        self.preview_result.setText("\n".join(lines))

    def preview_steps(self) -> list[str]:
        """The steps on screen, one line each (what a tester reads)."""
        return self.preview_result.text().splitlines()[1:] if self.last_preview else []

"""基础数据: the reference data an administrator keeps (DOMAIN.md "Reference
data"): 预算单位, 收支项目, 会计科目 and 入账规则 — shown as a tree (units under
their 上级单位, items and accounts under the code one level up; 入账规则 flat),
新增, 修改, 停用/启用, 导出 Excel, 导入 Excel (the server checks the file first
and shows what it would change; 确认导入 saves all of it or, if anything is
wrong, nothing). Nothing is deleted: documents keep what they used. The server
decides every rule; this page shows its answer, in the dialog whose field it names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from client.admin.page_base import AdminPage, page_title
from client.admin.reference_data.dialogs import ImportReportDialog, RowDialog
from client.admin.reference_data.model import RefFilter, RefTreeModel
from client.admin.reference_data.names import hint, kind_name
from client.admin.reference_data.tree_view import RefTreeView
from client.api import ApiClient, ApiError
from client.shell.page_context import PageContext
from client.widgets.errors import describe
from client.widgets.icons import retip
from client.widgets.look import hint_label
from common.enums import Language
from common.reference_admin import ACTIVE, INACTIVE, RefKind
from common.schemas.reference_admin import RefImportReportOut, RefListOut, RefRowOut

EXCEL_FILES = "Excel (*.xlsx)"


class ReferenceDataPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        login = context.login
        self.message.setObjectName("referenceMessage")
        self._generation = 0
        self.loaded = False
        self.dialog: RowDialog | None = None
        self.import_dialog: ImportReportDialog | None = None
        self.import_path: Path | None = None

        self.title = page_title("referenceTitle")
        self.kind_label = QLabel()
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("referenceKind")
        for kind in RefKind:
            self.kind_box.addItem("", kind.value)
        self.kind_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.kind_label.setBuddy(self.kind_box)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("referenceFilter")
        self.filter_edit.textChanged.connect(lambda _: self._apply_filter())

        self.add_button = QPushButton()
        self.add_button.setObjectName("reference_add")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("reference_edit")
        self.edit_button.clicked.connect(self.edit)
        self.toggle_button = QPushButton()
        self.toggle_button.setObjectName("reference_toggle")
        self.toggle_button.clicked.connect(self.toggle_active)
        self.export_button = QPushButton()
        self.export_button.setObjectName("reference_export")
        self.export_button.clicked.connect(self.choose_export_file)
        self.import_button = QPushButton()
        self.import_button.setObjectName("reference_import")
        self.import_button.clicked.connect(self.choose_import_file)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("reference_refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())

        self.model = RefTreeModel()
        self.proxy = RefFilter(self.model, self)
        self.table = RefTreeView(self.proxy, "referenceTable")
        self.table.doubleClicked.connect(lambda _: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection())
        self.hint = hint_label("referenceHint")

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.kind_label)
        top.addWidget(self.kind_box)
        top.addWidget(self.filter_edit)
        top.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.toggle_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        actions.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        login.auth.logged_out.connect(self.clear)
        self.retranslate()
        self._selection()

    @property
    def kind(self) -> RefKind:
        return RefKind(self.kind_box.currentData())

    def select_kind(self, kind: RefKind) -> None:
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind.value))

    def retranslate(self) -> None:
        self.title.setText(self.tr("基础数据"))
        self.kind_label.setText(self.tr("类别:"))
        for number, kind in enumerate(RefKind):
            self.kind_box.setItemText(number, kind_name(kind))
        self.filter_edit.setPlaceholderText(self.tr("按编码或名称查找"))
        self.add_button.setText(self.tr("新增"))
        self.edit_button.setText(self.tr("修改"))
        self.export_button.setText(self.tr("导出 Excel"))
        self.import_button.setText(self.tr("导入 Excel"))
        self.refresh_button.setText(self.tr("刷新"))
        self.hint.setText(hint(self.kind))
        self.model.retranslate()
        self._selection()

    def _language(self) -> Language:
        return self.context.language()

    # -- loading -------------------------------------------------------------
    def clear(self) -> None:
        """Logged out: nothing of the last view stays on screen."""
        self._generation += 1
        self.loaded = False
        self.table.forget()
        self._show(self.kind, [])
        self.message.clear()

    def refresh(self, then_select: str | None = None) -> None:
        """The chosen kind's rows in the background; an older answer is dropped."""
        self._generation += 1
        generation, kind = self._generation, self.kind
        self.hint.setText(hint(kind))
        selected = self.selected()
        keep = then_select or (selected.key if selected is not None else None)
        if self.loaded and kind is self.model.kind:
            self.table.remember()
        else:
            self.table.forget()

        def loaded(answer: RefListOut) -> None:
            if generation != self._generation:
                return
            self.loaded = True
            self._show(kind, list(answer.rows))
            self._apply_filter()
            if keep is not None:
                self.select_key(keep)
            self._selection()

        def refused(_: Exception) -> None:
            if generation == self._generation:
                self.loaded = False
                self._show(kind, [])
                self._selection()

        self.run(lambda api: api.reference_admin.rows(kind), loaded, failure=refused)

    def _show(self, kind: RefKind, rows: list[RefRowOut]) -> None:
        self.model.set_kind(kind, rows)
        self.table.follow_kind()

    def _apply_filter(self) -> None:
        self.table.filter_by(self.filter_edit.text().strip())
        self._selection()

    def selected(self) -> RefRowOut | None:
        return self.table.selected_row()

    def select_key(self, key: str) -> None:
        self.table.select_key(key)

    def _selection(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.toggle_button.setEnabled(row is not None)
        active = row is None or row.is_active
        self.toggle_button.setText(self.tr("停用") if active else self.tr("启用"))
        retip(self.toggle_button)

    # -- add, change, deactivate ---------------------------------------------
    def add(self) -> None:
        self._open_dialog(None)

    def edit(self) -> None:
        row = self.selected()
        if row is not None:
            self._open_dialog(row)

    def _open_dialog(self, row: RefRowOut | None) -> None:
        kind = self.kind
        dialog = RowDialog(kind, row, self)
        self.dialog = dialog

        def submitted(values: dict[str, str]) -> None:
            def saved(out: RefRowOut) -> None:
                dialog.accept()
                done = self.tr("已新增:{key}") if row is None else self.tr("已修改:{key}")
                self.say(done.format(key=out.key))
                self.refresh(then_select=out.key)

            def failed(error: Exception) -> None:
                field = error.params.get("field") if isinstance(error, ApiError) else None
                dialog.refused(describe(error), str(field) if field else None)

            if row is None:
                self._save(lambda api: api.reference_admin.create(kind, values), saved, failed)
            else:
                self._save(
                    lambda api: api.reference_admin.update(kind, row.id, values), saved, failed
                )

        dialog.submitted.connect(submitted)
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: RowDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _save(
        self,
        op: Callable[[ApiClient], RefRowOut],
        saved: Callable[[RefRowOut], None],
        failed: Callable[[Exception], None],
    ) -> None:
        if not self.run(op, saved, failure=failed):
            failed(RuntimeError(self.tr("尚未连接服务器")))

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        kind = self.kind
        status = INACTIVE if row.is_active else ACTIVE

        def changed(out: RefRowOut) -> None:
            done = self.tr("已停用:{key}") if not out.is_active else self.tr("已启用:{key}")
            self.say(done.format(key=out.key))
            self.refresh(then_select=out.key)

        self.run(lambda api: api.reference_admin.update(kind, row.id, {"status": status}), changed)

    # -- Excel -----------------------------------------------------------------
    def choose_export_file(self) -> None:
        name = f"{kind_name(self.kind)}.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("导出 Excel"), name, EXCEL_FILES)
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, target: Path) -> None:
        kind = self.kind
        self.say(self.tr("正在导出…"))
        self.run(
            lambda api: api.reference_admin.export(kind, target),
            lambda _: self.say(self.tr("已导出到:{path}").format(path=target)),
        )

    def choose_import_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("选择要导入的文件"), "", EXCEL_FILES)
        if chosen:
            self.check_import(Path(chosen))

    def check_import(self, source: Path) -> None:
        """The server checks the file (nothing is saved) and the report is shown."""
        kind = self.kind
        self.say(self.tr("正在检查文件…"))

        def checked(report: RefImportReportOut) -> None:
            self.message.clear()
            self._show_report(kind, source, report)

        self.run(lambda api: api.reference_admin.import_file(kind, source), checked)

    def _show_report(self, kind: RefKind, source: Path, report: RefImportReportOut) -> None:
        dialog = ImportReportDialog(kind, source.name, report, self._language(), self)
        self.import_dialog = dialog
        self.import_path = source
        token = report.token

        def confirmed() -> None:
            def applied(done: RefImportReportOut) -> None:
                dialog.accept()
                self.say(
                    self.tr("已导入{what}:新增 {add} 条,修改 {change} 条").format(
                        what=kind_name(kind), add=len(done.to_add), change=len(done.to_change)
                    )
                )
                if self.kind is kind:
                    self.refresh()

            def failed(error: Exception) -> None:
                dialog.refused(describe(error))

            self.run(
                lambda api: api.reference_admin.import_file(kind, source, confirm=token),
                applied,
                failure=failed,
            )

        dialog.confirmed.connect(confirmed)
        dialog.finished.connect(lambda _: self._import_closed(dialog))
        dialog.open()

    def _import_closed(self, dialog: ImportReportDialog) -> None:
        if self.import_dialog is dialog:
            self.import_dialog = None

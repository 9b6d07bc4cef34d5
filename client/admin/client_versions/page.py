"""客户端版本: the client installers the server publishes, and the minimum version
a client must have to log in.

上传安装包 sends a file with its version and platform; at login the server offers
the newest installer of a client's platform to a client older than it, and a
client older than the minimum (系统参数 ``min_client_version``) cannot log in
until it has installed one. 设为最低版本 makes the selected installer's version
that minimum, through the same parameter change as 系统参数 (a fresh code, the
operation log). Uploading needs a fresh code too and is logged.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton

from client.admin.client_versions.model import InstallersModel
from client.admin.client_versions.upload_dialog import UploadDialog
from client.admin.page_base import AdminPage, ask_yes_no, lay_out_list_page, page_title
from client.api import ApiError
from client.core.changes import Changed
from client.shell.page_context import PageContext
from client.widgets.errors import describe
from client.widgets.list_table import ListTable
from client.widgets.look import hint_label
from common.rules.client_versions import NO_MINIMUM
from common.schemas.admin_requests import AdminRequestOut
from common.schemas.client_versions import ClientVersionsOut, InstallerOut, InstallerUploadIn
from common.schemas.parameters import ParametersOut

MINIMUM = "min_client_version"


class ClientVersionsPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("clientVersionsMessage")
        self._generation = 0
        self.minimum: str | None = None
        self.dialog: UploadDialog | None = None
        self.title = page_title("clientVersionsTitle")
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (
            ("upload", self.open_upload),
            ("minimum", self.make_minimum),
            ("refresh", self.refresh),
        ):
            button = QPushButton()
            button.setObjectName(f"clientVersions_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        self.model = InstallersModel()
        self.table = ListTable(self.model, "installersTable")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._offer())
        self.minimum_label = QLabel()
        self.minimum_label.setObjectName("minimumClientVersion")
        self.minimum_label.setWordWrap(True)
        self.hint = hint_label()
        lay_out_list_page(
            self,
            left=[self.title],
            table=self.table,
            actions=[self.buttons[key] for key in ("upload", "minimum", "refresh")],
            message=self.message,
            hint=self.hint,
            above=[self.minimum_label],
        )
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()
        self._offer()

    def retranslate(self) -> None:
        self.title.setText(self.tr("客户端版本"))
        for key, text in (
            ("upload", self.tr("上传安装包")),
            ("minimum", self.tr("设为最低版本")),
            ("refresh", self.tr("刷新")),
        ):
            self.buttons[key].setText(text)
        self.table.retranslate(self.tr("筛选:版本、系统、文件名…"))
        self.model.retranslate()
        self._show_minimum()
        self.hint.setText(
            self.tr(
                "登录时,低于最低版本的客户端不能登录,会提示用户下载本系统最新的安装包"
                "(核对校验值后运行);不低于最低版本但较旧的客户端可以登录,并提示有新版本。"
                "最低版本也可在“系统参数”中修改。上传和修改需要重新验证动态口令,并记入操作日志。"
            )
        )
        if self.dialog is not None:
            self.dialog.retranslate()

    def _show_minimum(self) -> None:
        if self.minimum is None:
            self.minimum_label.clear()
        elif self.minimum == NO_MINIMUM:
            self.minimum_label.setText(self.tr("最低客户端版本:未设定(任何版本都可以登录)"))
        else:
            self.minimum_label.setText(
                self.tr("最低客户端版本:{version}(更旧的客户端须先安装新版本才能登录)").format(
                    version=self.minimum
                )
            )

    # -- loading ---------------------------------------------------------------
    def clear(self) -> None:
        self._generation += 1
        self.minimum = None
        self.model.set_rows([])
        self.message.clear()
        self._show_minimum()
        self._offer()
        if self.dialog is not None:
            self.dialog.reject()

    def refresh(self, *, select: int | None = None) -> None:
        """The installers and the minimum; ``select``: an installer's id to select."""
        self._generation += 1
        generation = self._generation

        def loaded(answer: ClientVersionsOut) -> None:
            if generation != self._generation:
                return
            self.minimum = answer.minimum_version
            self.model.set_rows(list(answer.installers))
            self._show_minimum()
            if select is not None:
                self.table.select_where(lambda row: row.id == select)
            self._offer()

        self.run(lambda api: api.client_versions.installers(), loaded)

    def selected(self) -> InstallerOut | None:
        return self.table.selected()

    def _offer(self) -> None:
        chosen = self.selected()
        self.buttons["minimum"].setEnabled(chosen is not None and chosen.version != self.minimum)

    # -- upload ------------------------------------------------------------------
    def open_upload(self) -> UploadDialog:
        if self.dialog is not None:
            return self.dialog
        dialog = UploadDialog(self)
        dialog.submitted.connect(lambda path, meta: self._upload(dialog, path, meta))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: UploadDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _upload(self, dialog: UploadDialog, path: Path, meta: InstallerUploadIn) -> None:
        """The file is read in the background, with the upload."""

        def saved(made: InstallerOut) -> None:
            if self.dialog is dialog:
                dialog.accept()
            self.say(
                self.tr("已上传安装包:{version}({file},SHA-256 {sha256})").format(
                    version=made.version, file=made.file_name, sha256=made.sha256
                )
            )
            self.refresh(select=made.id)

        def refused(error: Exception) -> bool:
            if self.dialog is not dialog:
                return False
            dialog.set_busy(False)
            if isinstance(error, OSError):
                dialog.show_error(self.tr("无法读取文件:{error}").format(error=error), "file")
                return True
            field = error.params.get("field") if isinstance(error, ApiError) else None
            dialog.show_error(describe(error), field)
            return True

        dialog.set_busy(True)
        self.run(
            lambda api: api.client_versions.upload_installer(path.read_bytes(), meta),
            saved,
            failure=refused,
        )

    def _prompt_closed(self) -> None:
        super()._prompt_closed()
        if self.dialog is not None:
            self.dialog.set_busy(False)

    # -- the minimum -------------------------------------------------------------
    def make_minimum(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        version = chosen.version

        def saved(answer: ParametersOut | AdminRequestOut) -> None:
            if isinstance(answer, AdminRequestOut):  # waits for a second administrator
                self.say(
                    self.tr("已提交双人复核,等待另一位管理员审批 (申请编号 {id})").format(
                        id=answer.id
                    )
                )
                self.context.changes.announce(Changed.REQUESTS)
            else:
                self.say(self.tr("最低客户端版本已设为 {version}").format(version=version))
            self.context.changes.announce(Changed.PARAMETERS)
            self.refresh(select=chosen.id)

        def change() -> None:
            self.run(lambda api: api.admin_system.save_parameters({MINIMUM: version}), saved)

        self.pending_confirm = ask_yes_no(
            self,
            "minimumVersionConfirm",
            self.tr("设为最低版本"),
            self.tr(
                "设 {version} 为最低客户端版本?此后低于 {version} 的客户端不能登录,"
                "须先下载安装新版本(没有适用安装包的系统只能由管理员另行安装)。"
            ).format(version=version),
            on_yes=change,
            on_closed=self._confirm_closed,
        )

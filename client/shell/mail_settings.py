"""设置 → 邮件通知: the user's own e-mail notifications — the address, the
switch, and which kinds of notice go by e-mail too (the server sends them in
the user's UI language while the client is closed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiClient, ApiError
from client.core.labels import shown
from client.shell.page_context import PageContext
from client.widgets.errors import describe
from client.widgets.message_line import MessageLine
from common.enums import NotificationKind
from common.schemas.mail import NotificationSettingsIn, NotificationSettingsOut

Fetch = Callable[[ApiClient], NotificationSettingsOut]
Store = Callable[[ApiClient, NotificationSettingsIn], NotificationSettingsOut]
# runs an API call in the background: (op, success, failure -> True when said)
Runner = Callable[
    [Callable[[ApiClient], Any], Callable[[Any], None], Callable[[Exception], bool]], object
]


class MailSettingsDialog(QDialog):
    """Loads the settings when opened; 保存 sends them and closes. The user's
    own (workbench), or with ``fetch`` and ``store`` a user's as an administrator
    sets them on 用户管理 (``runner``: the page's, which asks for a fresh code)."""

    def __init__(
        self,
        context: PageContext,
        parent: QWidget | None = None,
        *,
        fetch: Fetch | None = None,
        store: Store | None = None,
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mailSettingsDialog")
        self.context = context
        self._fetch: Fetch = fetch or (lambda api: api.mail.my_settings())
        self._store: Store = store or (lambda api, body: api.mail.save_my_settings(body))
        self._runner = runner
        self.loaded: NotificationSettingsOut | None = None
        self.email = QLineEdit()
        self.email.setObjectName("mailAddress")
        self.email.setMaxLength(254)
        self.enabled = QCheckBox()
        self.enabled.setObjectName("mailEnabled")
        self.kinds: dict[NotificationKind, QCheckBox] = {}
        self.kinds_box = QGroupBox()
        kinds_layout = QVBoxLayout(self.kinds_box)
        for kind in NotificationKind:
            box = QCheckBox(shown(kind))
            box.setObjectName(f"mailKind_{kind.value}")
            self.kinds[kind] = box
            kinds_layout.addWidget(box)
        self.enabled.toggled.connect(self._follow_switch)
        self.unavailable = QLabel()
        self.unavailable.setObjectName("mailUnavailable")
        self.unavailable.setWordWrap(True)
        self.unavailable.hide()
        self.message = MessageLine("mailSettingsMessage")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.address_caption = QLabel()
        form = QFormLayout()
        form.addRow(self.address_caption, self.email)
        form.addRow("", self.enabled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.unavailable)
        layout.addLayout(form)
        layout.addWidget(self.kinds_box)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.set_busy(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("邮件通知"))
        self.address_caption.setText(self.tr("电子邮件地址"))
        self.enabled.setText(self.tr("客户端未打开时,通过电子邮件通知我"))
        self.kinds_box.setTitle(self.tr("以下消息也发送邮件"))
        self.unavailable.setText(
            self.tr("系统管理员尚未启用邮件服务器,设置会保存,启用后开始发送。")
        )
        for kind, box in self.kinds.items():
            box.setText(shown(kind))

    def _follow_switch(self, on: bool) -> None:
        self.kinds_box.setEnabled(on)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.email, self.enabled, self.kinds_box):
            widget.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)
        if not busy:
            self._follow_switch(self.enabled.isChecked())

    def _run(
        self,
        op: Callable[[ApiClient], Any],
        success: Callable[[Any], None],
        failure: Callable[[Exception], bool],
    ) -> None:
        if self._runner is not None:
            self._runner(op, success, failure)
        else:
            self.context.run(self, op, success, failure=failure)

    def load(self) -> None:
        def failed(error: Exception) -> bool:
            self.message.say_error(describe(error))
            return True

        self._run(self._fetch, self.show_settings, failed)

    def show_settings(self, found: NotificationSettingsOut) -> None:
        self.loaded = found
        self.email.setText(found.email)
        self.enabled.setChecked(found.enabled)
        for kind, box in self.kinds.items():
            box.setChecked(kind in found.kinds)
        self.unavailable.setVisible(not found.mail_available)
        self.set_busy(False)

    def entered(self) -> NotificationSettingsIn:
        return NotificationSettingsIn(
            email=self.email.text().strip(),
            enabled=self.enabled.isChecked(),
            kinds=[kind for kind, box in self.kinds.items() if box.isChecked()],
        )

    def save(self) -> None:
        body = self.entered()

        def saved(found: NotificationSettingsOut) -> None:
            self.loaded = found
            self.set_busy(False)
            self.context.tell(self.tr("邮件通知设置已保存"))
            self.accept()

        def refused(error: Exception) -> bool:
            self.set_busy(False)
            self.message.say_error(describe(error))
            if isinstance(error, ApiError) and error.params.get("field") == "email":
                self.email.setFocus()
            return True  # said here, where the user is typing

        store = self._store
        self.set_busy(True)
        self._run(lambda api: store(api, body), saved, refused)


def open_mail_settings(
    context: PageContext,
    parent: QWidget,
    *,
    fetch: Fetch | None = None,
    store: Store | None = None,
    runner: Runner | None = None,
    title: str = "",
) -> MailSettingsDialog:
    dialog = MailSettingsDialog(context, parent, fetch=fetch, store=store, runner=runner)
    if title:
        dialog.setWindowTitle(title)
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.open()
    dialog.load()
    return dialog

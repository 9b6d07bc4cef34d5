"""邮件通知: the office's SMTP server that notifications go out through (the
password is kept encrypted on the server and never shown), a test e-mail, and
邮件发送 — what was queued, sent or failed, with the last error, and 重试 for a
failed one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from client.admin.page_base import AdminPage, lay_out_list_page, page_title
from client.api import ApiClient
from client.core.labels import shown
from client.shell.page_context import PageContext
from client.widgets.list_table import ListTable
from client.widgets.local_time import local_time
from client.widgets.look import hint_label
from client.widgets.rows_model import RowsModel
from common.schemas.mail import (
    MailMessageOut,
    MailSecurity,
    MailSettingsIn,
    MailSettingsOut,
    MailState,
)

DEFAULT_PORTS = {MailSecurity.NONE: 25, MailSecurity.STARTTLS: 587, MailSecurity.TLS: 465}


class OutboxModel(RowsModel[MailMessageOut]):
    COLUMNS = ("created", "to", "subject", "state", "attempts", "error")

    def titles(self) -> dict[str, str]:
        return {
            "created": self.tr("时间"),
            "to": self.tr("收件人"),
            "subject": self.tr("主题"),
            "state": self.tr("状态"),
            "attempts": self.tr("尝试次数"),
            "error": self.tr("最近错误"),
        }

    def text(self, row: MailMessageOut, column: str) -> str:
        if column == "created":
            return local_time(row.created_at)
        if column == "to":
            return row.recipient
        if column == "subject":
            return row.subject
        if column == "state":
            if row.state is MailState.QUEUED and row.attempts:
                return self.tr("待重试({time})").format(time=local_time(row.next_attempt_at))
            return shown(row.state)
        if column == "attempts":
            return str(row.attempts)
        return row.last_error or ""


class MailPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("mailMessage")
        self._generation = 0
        self.loads = 0  # answers shown (tests wait for the next)
        self.settings: MailSettingsOut | None = None
        self.title = page_title("mailTitle")
        self.enabled = QCheckBox()
        self.enabled.setObjectName("mailEnabled")
        self.host = QLineEdit()
        self.host.setObjectName("mailHost")
        self.port = QSpinBox()
        self.port.setObjectName("mailPort")
        self.port.setRange(1, 65535)
        self.port.setValue(25)
        self.security = QComboBox()
        self.security.setObjectName("mailSecurity")
        for security in MailSecurity:
            self.security.addItem("", security.value)
        self.security.activated.connect(self._default_port)
        self.username = QLineEdit()
        self.username.setObjectName("mailUsername")
        self.password = QLineEdit()
        self.password.setObjectName("mailPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.from_edit = QLineEdit()
        self.from_edit.setObjectName("mailFrom")
        self.test_to = QLineEdit()
        self.test_to.setObjectName("mailTestTo")
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (
            ("save", self.save),
            ("test", self.send_test),
            ("retry", self.retry),
            ("refresh", self.refresh),
        ):
            button = QPushButton()
            button.setObjectName(f"mail_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        form_box = QWidget()
        form = QFormLayout(form_box)
        self.captions: dict[str, QLabel] = {}
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_to, 1)
        test_row.addWidget(self.buttons["test"])
        save_row = QHBoxLayout()
        save_row.addWidget(self.enabled, 1)
        save_row.addWidget(self.buttons["save"])
        for key, row in (
            ("host", self.host),
            ("port", self.port),
            ("security", self.security),
            ("username", self.username),
            ("password", self.password),
            ("from", self.from_edit),
        ):
            self.captions[key] = QLabel()
            form.addRow(self.captions[key], row)
        self.captions["enabled"] = QLabel()
        form.addRow(self.captions["enabled"], save_row)
        self.captions["test"] = QLabel()
        form.addRow(self.captions["test"], test_row)
        self.outbox_caption = QLabel()
        self.outbox_caption.setObjectName("mailOutboxCaption")
        self.model = OutboxModel()
        self.table = ListTable(self.model, "mailOutboxTable", stretch=5)
        self.hint = hint_label()
        lay_out_list_page(
            self,
            left=[self.title],
            table=self.table,
            actions=[self.buttons["retry"], self.buttons["refresh"]],
            message=self.message,
            hint=self.hint,
            above=[form_box, self.outbox_caption],
        )
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("邮件通知"))
        for index in range(self.security.count()):
            self.security.setItemText(index, shown(MailSecurity(self.security.itemData(index))))
        for key, caption in (
            ("host", self.tr("邮件服务器")),
            ("port", self.tr("端口")),
            ("security", self.tr("加密方式")),
            ("username", self.tr("用户名")),
            ("password", self.tr("密码")),
            ("from", self.tr("发件人地址")),
            ("enabled", self.tr("启用")),
            ("test", self.tr("测试收件人")),
        ):
            self.captions[key].setText(caption)
        self.enabled.setText(self.tr("发送邮件通知"))
        self._password_hint()
        self.outbox_caption.setText(self.tr("邮件发送"))
        self.buttons["save"].setText(self.tr("保存设置"))
        self.buttons["test"].setText(self.tr("发送测试邮件"))
        self.buttons["retry"].setText(self.tr("重试"))
        self.buttons["refresh"].setText(self.tr("刷新"))
        self.table.retranslate()
        self.model.retranslate()
        self.hint.setText(
            self.tr(
                "用户在工作台“设置 → 邮件通知”中填写邮箱并选择通知种类;客户端未打开时,"
                "服务器通过此邮件服务器发送。发送失败会自动重试,多次失败后标为发送失败,"
                "可在此查看错误并重试。密码加密保存在服务器上,不会显示。"
            )
        )

    def _password_hint(self) -> None:
        kept = self.settings is not None and self.settings.password_set
        self.password.setPlaceholderText(
            self.tr("已保存,留空则不变") if kept else self.tr("无需登录时留空")
        )

    def _default_port(self, _index: int) -> None:
        """A new security choice brings its usual port unless another was typed."""
        if self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS[MailSecurity(self.security.currentData())])

    def clear(self) -> None:
        self._generation += 1
        self.settings = None
        self.model.set_rows([])
        self.message.clear()

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation

        def fetch(api: ApiClient) -> tuple[MailSettingsOut, list[MailMessageOut]]:
            return api.mail.settings(), api.mail.outbox()

        def loaded(found: tuple[MailSettingsOut, list[MailMessageOut]]) -> None:
            if generation == self._generation:
                self.show_settings(found[0])
                self.model.set_rows(found[1])
                self.loads += 1

        self.run(fetch, loaded)

    def show_settings(self, settings: MailSettingsOut) -> None:
        self.settings = settings
        self.enabled.setChecked(settings.enabled)
        self.host.setText(settings.host)
        self.port.setValue(settings.port)
        self.security.setCurrentIndex(self.security.findData(settings.security.value))
        self.username.setText(settings.username)
        self.password.clear()
        self.from_edit.setText(settings.from_address)
        self._password_hint()

    def entered(self) -> MailSettingsIn:
        typed = self.password.text()
        return MailSettingsIn(
            enabled=self.enabled.isChecked(),
            host=self.host.text().strip(),
            port=self.port.value(),
            security=MailSecurity(self.security.currentData()),
            username=self.username.text().strip(),
            # nothing typed keeps the stored password; without a user name none is kept
            password=typed if typed else (None if self.username.text().strip() else ""),
            from_address=self.from_edit.text().strip(),
        )

    def save(self) -> None:
        body = self.entered()

        def saved(found: MailSettingsOut) -> None:
            self.show_settings(found)
            self.say(self.tr("邮件服务器设置已保存"))

        self.run(lambda api: api.mail.save_settings(body), saved)

    def send_test(self) -> None:
        to = self.test_to.text().strip()
        if not to:
            self.say_error(self.tr("请填写测试收件人"))
            return

        def queued(found: MailMessageOut) -> None:
            self.say(self.tr("测试邮件已排队发送至 {to},结果见下方邮件发送列表").format(to=to))
            self.refresh()

        self.run(lambda api: api.mail.send_test(to), queued)

    def retry(self) -> None:
        chosen = self.table.selected()
        if chosen is None:
            return
        if chosen.state is not MailState.FAILED:
            self.say_error(self.tr("只有发送失败的邮件可以重试"))
            return
        message_id = chosen.id

        def retried(found: MailMessageOut) -> None:
            self.say(self.tr("已重新排队:{to}").format(to=found.recipient))
            self.refresh()

        self.run(lambda api: api.mail.retry(message_id), retried)

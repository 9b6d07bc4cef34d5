"""问题反馈: what the user tells the administrators, from any screen. They write
what happened; a picture of the window (taken before this dialog opened, so it
shows what they saw) and the recent log go along only if they tick them, and
the log is shown here as it will be sent — tokens, passwords and codes already
removed (client/core/log_redaction.py)."""

from __future__ import annotations

import base64

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiError
from client.core import recent_log
from client.shell.page_context import PageContext
from client.widgets.errors import describe
from client.widgets.fields_dialog import FieldsDialog
from client.widgets.look import hint_label
from common.schemas.feedback import FeedbackIn, FeedbackOut
from common.version import __version__

MIN_DESCRIPTION = 5  # the server's rule too
PREVIEW_WIDTH = 360


def png_bytes(picture: QPixmap) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class FeedbackDialog(FieldsDialog):
    def __init__(
        self, parent: QWidget, context: PageContext, screen: str, picture: QPixmap
    ) -> None:
        super().__init__("feedbackDialog", parent)
        self.context = context
        self.screen_key = screen
        self.picture = picture
        self.sent: FeedbackOut | None = None
        self.setWindowTitle(self.tr("问题反馈"))
        self.hint = hint_label("feedbackHint")
        self.hint.setText(
            self.tr(
                "请写明在哪个界面、做了什么、看到了什么(如提示的原话)。"
                "管理员答复后,答复会出现在您的消息提醒中。"
            )
        )
        self.description = QPlainTextEdit()
        self.description.setObjectName("feedbackDescription")
        self.with_screenshot = QCheckBox(self.tr("附带本窗口的截图"))
        self.with_screenshot.setObjectName("feedbackWithScreenshot")
        self.with_screenshot.setChecked(not picture.isNull())
        self.with_screenshot.setEnabled(not picture.isNull())
        self.preview = QLabel()
        self.preview.setObjectName("feedbackPreview")
        if not picture.isNull():
            self.preview.setPixmap(
                picture.scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation)
            )
        self.with_screenshot.toggled.connect(self.preview.setVisible)
        self.with_log = QCheckBox(
            self.tr("附带最近的程序日志(令牌、密码与验证码已隐去,发送内容如下)")
        )
        self.with_log.setObjectName("feedbackWithLog")
        self.log = QPlainTextEdit(recent_log.recent_text())
        self.log.setObjectName("feedbackLog")
        self.log.setReadOnly(True)
        self.log.setMaximumHeight(140)
        self.log.setEnabled(False)
        self.with_log.toggled.connect(self.log.setEnabled)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("发送"))
        ok.setObjectName("feedbackSend")
        self.buttons.accepted.connect(self.send)
        column = QVBoxLayout(self)
        for widget in (
            self.hint,
            self.description,
            self.with_screenshot,
            self.preview,
            self.with_log,
            self.log,
            self.error,
            self.buttons,
        ):
            column.addWidget(widget)
        self.resize(560, 620)

    def fields(self) -> dict[str, QWidget]:
        return {
            "description": self.description,
            "screenshot": self.with_screenshot,
            "log": self.log,
        }

    def report(self) -> FeedbackIn | None:
        """What will be sent, or None (and the reason shown) when it is not enough."""
        text = self.description.toPlainText().strip()
        if len(text) < MIN_DESCRIPTION:
            self.show_error(
                self.tr("请填写问题描述:至少 {n} 个字").format(n=MIN_DESCRIPTION), "description"
            )
            return None
        shot = self.with_screenshot.isChecked() and not self.picture.isNull()
        return FeedbackIn(
            description=text,
            screen=self.screen_key,
            client_version=__version__[:32],
            screenshot=base64.b64encode(png_bytes(self.picture)) if shot else None,
            log=self.log.toPlainText() if self.with_log.isChecked() else None,
        )

    def send(self) -> None:
        self.clear_errors()
        report = self.report()
        if report is None:
            return
        self.set_busy(True)

        def sent(found: FeedbackOut) -> None:
            self.sent = found
            self.set_busy(False)
            self.context.tell(
                self.tr("问题反馈已发送(编号 {id}),管理员答复后会通知您").format(id=found.id)
            )
            self.accept()

        def failed(error: Exception) -> bool:
            self.set_busy(False)
            field = error.params.get("field") if isinstance(error, ApiError) else None
            self.show_error(describe(error), field)
            return True

        if not self.context.run(self, lambda api: api.feedback.send(report), sent, failure=failed):
            self.set_busy(False)
            self.show_error(self.tr("尚未连接服务器,请稍后再发送"))

"""Choose the server address; optionally forget its trusted certificate."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from client.api import ServerAddress
from client.widgets.look import set_state


class ConnectionDialog(QDialog):
    def __init__(self, url: str, fingerprint: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionDialog")
        self.setWindowTitle(self.tr("连接设置"))
        self.setMinimumWidth(520)
        self.url_edit = QLineEdit(url)
        self.url_edit.setObjectName("serverUrl")
        self.url_edit.setPlaceholderText("https://server:8443")
        self.error_label = QLabel()
        set_state(self.error_label, "error")
        self.error_label.setWordWrap(True)
        self.forget_box = QCheckBox(self.tr("清除已信任的证书(仅在管理员确认更换证书后)"))
        self.forget_box.setObjectName("forgetPin")
        pinned = QLabel(fingerprint or self.tr("尚未信任任何证书"))
        pinned.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("服务器地址:"), self.url_edit)
        form.addRow(self.tr("已信任的证书指纹:"), pinned)
        form.addRow("", self.forget_box)
        form.addRow("", self.error_label)
        form.addRow(buttons)

    def _accept_if_valid(self) -> None:
        try:
            ServerAddress.parse(self.url_edit.text())
        except ValueError:
            self.error_label.setText(self.tr("服务器地址不符合规则:应为 https://主机名:端口"))
            self.url_edit.setFocus()
            return
        self.accept()

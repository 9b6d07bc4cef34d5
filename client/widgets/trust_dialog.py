"""Ask the user to compare and trust a server's certificate fingerprint."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from client.api import PresentedCertificate


def grouped(fingerprint: str) -> str:
    """Two lines of 16 pairs: easier to compare by eye than one long line."""
    pairs = fingerprint.split(":")
    return ":".join(pairs[:16]) + "\n" + ":".join(pairs[16:])


class TrustCertificateDialog(QDialog):
    def __init__(
        self, address: str, certificate: PresentedCertificate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trustCertificateDialog")
        self.setWindowTitle(self.tr("首次连接:核对服务器证书"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr(
                "这是首次连接服务器 {address}。\n"
                "请与服务器启动时显示的(或系统管理员告知的)证书指纹逐位核对,"
                "一致才可信任。信任后,本机只接受这一证书;证书若被更换,连接将被拒绝。"
            ).format(address=address)
        )
        intro.setWordWrap(True)
        self.fingerprint_view = QPlainTextEdit(grouped(certificate.fingerprint))
        self.fingerprint_view.setObjectName("fingerprint")
        self.fingerprint_view.setReadOnly(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.fingerprint_view.setFont(mono)
        self.fingerprint_view.setFixedHeight(self.fingerprint_view.fontMetrics().height() * 3 + 12)
        buttons = QDialogButtonBox()
        self.trust_button = buttons.addButton(
            self.tr("指纹一致,信任并连接"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)  # trusting must be a deliberate choice
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("证书指纹(SHA-256):")))
        layout.addWidget(self.fingerprint_view)
        layout.addWidget(buttons)

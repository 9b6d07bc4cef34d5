"""What the login dialog shows a client too old to log in: the refusal's offer of
the new version, a 下载新版本 button, and how the download went (checked, then
started; or refused as not the file the server described)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from client.api import ApiClient
from client.login.installer_download import InstallerDownload
from client.widgets.icons import dress
from client.widgets.look import set_state, state_of
from common.schemas.client_versions import PublishedInstallerOut


class UpdateOffer(QWidget):
    """Hidden until ``offer``; ``download.launcher`` starts the checked file."""

    def __init__(self, api: ApiClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("updateOffer")
        self.api = api
        self.offered: PublishedInstallerOut | None = None
        self.download = InstallerDownload(self)
        self.text = QLabel()
        self.text.setObjectName("updateText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.button.setObjectName("downloadUpdate")
        self.button.clicked.connect(self.start)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addLayout(row)
        self.download.progressed.connect(self._progressed)
        self.download.finished.connect(self._finished)
        self.download.failed.connect(self._failed)
        self.setVisible(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("下载新版本"))
        dress(self)
        if not self.download.running and state_of(self.text) is None:
            self._show_offer()

    def offer(self, installer: object) -> None:
        """The refusal's installer (a dict as the server sent it), or None when the
        server publishes none for this platform yet."""
        self.offered = (
            PublishedInstallerOut.model_validate(installer) if isinstance(installer, dict) else None
        )
        self.setVisible(True)
        self.button.setVisible(self.offered is not None)
        if not self.download.running:
            set_state(self.text, None)
            self._show_offer()

    def _show_offer(self) -> None:
        if self.offered is None:
            self.text.setText(
                self.tr("服务器尚未发布本系统可用的安装包,请联系系统管理员安装新版本。")
            )
        else:
            self.text.setText(self.download.offer_text(self.offered))

    def start(self) -> None:
        if self.offered is None or self.download.running:
            return
        self.button.setEnabled(False)
        set_state(self.text, "muted")
        self.text.setText(self.download.progress_text(0, self.offered))
        self.download.start(self.api, self.offered)

    def _progressed(self, received: int) -> None:
        if self.offered is not None:
            self.text.setText(self.download.progress_text(received, self.offered))

    def _finished(self, path: object) -> None:
        assert isinstance(path, Path)
        set_state(self.text, "ok")
        self.text.setText(self.download.done_text(path))
        self.button.setEnabled(True)

    def _failed(self, message: str) -> None:
        set_state(self.text, "error")
        self.text.setText(message)
        self.button.setEnabled(True)

"""A non-blocking notice in the status bar: the server publishes a newer client
than this one (the login said so). This version may still be used; 下载安装
gets the new one the same checked way a refused client does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from client.api import ApiClient
from client.login.installer_download import InstallerDownload
from client.widgets.look import set_state
from common.schemas.client_versions import PublishedInstallerOut


class NewerClientNotice(QWidget):
    def __init__(self, api: Callable[[], ApiClient | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newerClientNotice")
        self._api = api
        self.installer: PublishedInstallerOut | None = None
        self.download = InstallerDownload(self)
        self.label = QLabel()
        self.label.setObjectName("newerClient")
        self.button = QPushButton()
        self.button.setObjectName("downloadNewerClient")
        self.button.clicked.connect(self.start)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self.download.progressed.connect(self._progressed)
        self.download.finished.connect(self._finished)
        self.download.failed.connect(self._failed)
        self.setVisible(False)
        self.retranslate()

    def offer(self, installer: PublishedInstallerOut) -> None:
        self.installer = installer
        set_state(self.label, "warn")
        self.setVisible(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("下载安装"))
        if self.installer is not None and not self.download.running:
            self.label.setText(
                self.tr("有新版本 {version} 可用,请在方便时安装").format(
                    version=self.installer.version
                )
            )
            self.label.setToolTip(self.download.offer_text(self.installer))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def start(self) -> None:
        api = self._api()
        if api is None or self.installer is None or self.download.running:
            return
        self.button.setEnabled(False)
        self.label.setText(self.download.progress_text(0, self.installer))
        self.download.start(api, self.installer)

    def _progressed(self, received: int) -> None:
        if self.installer is not None:
            self.label.setText(self.download.progress_text(received, self.installer))

    def _finished(self, path: object) -> None:
        assert isinstance(path, Path)
        set_state(self.label, "ok")
        self.label.setText(self.tr("安装包已下载并核对无误,安装程序已启动"))
        self.label.setToolTip(self.download.done_text(path))
        self.button.setEnabled(True)

    def _failed(self, message: str) -> None:
        set_state(self.label, "error")
        self.label.setText(message)
        self.button.setEnabled(True)

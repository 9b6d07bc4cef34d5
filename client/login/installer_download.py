"""Getting the new client: download the installer the server publishes, check its
SHA-256 and size (client/api/client_versions.py; a file that differs is deleted
and never run), then start it (client/core/launch.py).

The download runs off the Qt thread (ARCHITECTURE.md rule 10); progress crosses
back only as a queued signal. ``launcher`` is a parameter so tests see which
file would have been started without starting anything. The words for each
state are here once, for the login dialog and the status-bar notice alike.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from client.api import ApiClient
from client.api.client_versions import InstallerMismatch
from client.core.launch import Launcher, run_installer
from client.core.ops import QueryOp
from client.core.settings import download_dir
from client.widgets.errors import describe
from common.schemas.client_versions import PublishedInstallerOut

MB = 1024 * 1024


def size_text(size: int) -> str:
    return f"{size / MB:.1f} MB"


class InstallerDownload(QObject):
    """``started``, ``progressed(bytes)``, then ``finished(path)`` once the checked
    installer was started, or ``failed(message)``; one download at a time."""

    started = Signal()
    progressed = Signal(int)
    finished = Signal(object)  # Path
    failed = Signal(str)
    _received = Signal(int)  # emitted by the worker; delivered on the Qt thread

    def __init__(self, parent: QObject, launcher: Launcher = run_installer) -> None:
        super().__init__(parent)
        self.launcher = launcher
        self.running = False
        self._reported = 0
        self._received.connect(self.progressed.emit, Qt.ConnectionType.QueuedConnection)

    def start(self, api: ApiClient, installer: PublishedInstallerOut) -> bool:
        """Begin (False while one is under way)."""
        if self.running:
            return False
        self.running = True
        self._reported = 0
        folder = download_dir()
        self.started.emit()
        QueryOp(
            parent=self,
            op=lambda: api.client_versions.download(installer, folder, progress=self._progress),
            success=self._downloaded,
            failure=self._failed,
        ).run()
        return True

    def _progress(self, received: int) -> bool:
        """In the worker: a signal each megabyte, never a widget."""
        if received - self._reported >= MB:
            self._reported = received
            self._received.emit(received)
        return True

    def _downloaded(self, path: Path) -> None:
        self.running = False
        try:
            self.launcher(path)
        except OSError as exc:
            self.failed.emit(
                self.tr("安装包已下载并核对无误,但未能启动:{error}。请手动运行 {path}").format(
                    error=exc, path=path
                )
            )
            return
        self.finished.emit(path)

    def _failed(self, error: Exception) -> None:
        self.running = False
        if isinstance(error, InstallerMismatch):
            self.failed.emit(
                self.tr(
                    "下载的安装包与服务器公布的校验值(SHA-256)不符,已删除,没有运行。"
                    "请重试;仍不符时请联系系统管理员。"
                )
            )
            return
        self.failed.emit(self.tr("下载失败:{error}").format(error=describe(error)))

    # -- the words of each state --------------------------------------------------
    def offer_text(self, installer: PublishedInstallerOut) -> str:
        return self.tr(
            "服务器提供新版本 {version}({size})。下载后先核对校验值,再启动安装程序。"
        ).format(version=installer.version, size=size_text(installer.size))

    def progress_text(self, received: int, installer: PublishedInstallerOut) -> str:
        return self.tr("正在下载新版本 {version}:{done} / {size}…").format(
            version=installer.version, done=size_text(received), size=size_text(installer.size)
        )

    def done_text(self, path: Path) -> str:
        return self.tr(
            "安装包已下载并核对无误:{path}。安装程序已启动,请按提示完成安装,然后重新打开本程序。"
        ).format(path=path)

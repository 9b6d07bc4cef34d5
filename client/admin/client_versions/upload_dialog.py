"""上传安装包: the installer file, its version and the platform it is for.

The version and platform are guessed from the file's name where it says them
(countersign-1.2.0-setup.exe is 1.2.0 for Windows); the administrator checks
them. The early checks here name the field; the server decides, and what it
refuses (a version already uploaded) is shown here the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.core.i18n import current_language
from client.widgets.fields_dialog import FieldsDialog
from client.widgets.look import hint_label
from common.labels import label
from common.schemas.client_versions import ClientPlatform, InstallerUploadIn

_VERSION_IN_NAME = re.compile(r"(\d+(?:\.\d+)+(?:(?:a|b|rc)\d+)?)")
INSTALLER_FILES = "*.exe *.msi *.tar.gz *.tgz *.zip"


def guess(name: str) -> tuple[str, ClientPlatform | None]:
    """The version and platform a file's name suggests ("" / None when it says none)."""
    found = _VERSION_IN_NAME.search(name)
    lowered = name.lower()
    if lowered.endswith((".exe", ".msi")):
        platform: ClientPlatform | None = ClientPlatform.WINDOWS
    elif lowered.endswith((".tar.gz", ".tgz", ".tar.xz")):
        platform = ClientPlatform.LINUX
    else:
        platform = None
    return (found.group(1) if found else ""), platform


class UploadDialog(FieldsDialog):
    """``submitted(Path, InstallerUploadIn)`` once the early checks pass."""

    submitted = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("uploadInstallerDialog", parent)
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("installerFile")
        self.file_edit.textChanged.connect(self._guess)
        self.browse = QPushButton()
        self.browse.setObjectName("installerBrowse")
        self.browse.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse)
        self.file_box = QWidget()
        self.file_box.setLayout(file_row)
        file_row.setContentsMargins(0, 0, 0, 0)
        self.version_edit = QLineEdit()
        self.version_edit.setObjectName("installerVersion")
        self.platform = QComboBox()
        self.platform.setObjectName("installerPlatform")
        for platform in ClientPlatform:
            self.platform.addItem(label(platform, current_language()), platform.value)
        self.labels = {name: QLabel() for name in self.fields()}
        form = QFormLayout()
        form.addRow(self.labels["file"], self.file_box)
        form.addRow(self.labels["version"], self.version_edit)
        form.addRow(self.labels["platform"], self.platform)
        self.hint = hint_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.check_and_submit)
        self.setMinimumWidth(520)
        self.retranslate()

    def fields(self) -> dict[str, QWidget]:
        return {"file": self.file_edit, "version": self.version_edit, "platform": self.platform}

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("上传安装包"))
        for name, text in (
            ("file", self.tr("安装包文件:")),
            ("version", self.tr("版本号:")),
            ("platform", self.tr("适用系统:")),
        ):
            self.labels[name].setText(text)
        self.browse.setText(self.tr("选择文件…"))
        self.version_edit.setPlaceholderText(self.tr("例如 1.2.0"))
        for row, platform in enumerate(ClientPlatform):
            self.platform.setItemText(row, label(platform, current_language()))
        self.hint.setText(
            self.tr(
                "客户端登录时,服务器会把同一系统中版本最高的安装包提供给较旧的客户端;"
                "客户端下载后核对 SHA-256 校验值再运行。同一版本同一系统只能上传一次。"
                "上传需要重新验证动态口令,并记入操作日志。"
            )
        )

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择安装包"),
            "",
            self.tr("安装包 ({patterns})").format(patterns=INSTALLER_FILES),
        )
        if chosen:
            self.file_edit.setText(chosen)

    def _guess(self, text: str) -> None:
        """Fill in what the file's name says, unless the administrator typed it."""
        version, platform = guess(Path(text.strip()).name)
        if version and not self.version_edit.isModified():
            self.version_edit.setText(version)
        if platform is not None:
            self.platform.setCurrentIndex(self.platform.findData(platform.value))

    def collect(self) -> tuple[Path, InstallerUploadIn] | None:
        """The file and what it says it is; None (with the field marked) when unusable."""
        path = Path(self.file_edit.text().strip())
        if not self.file_edit.text().strip():  # read off the Qt thread, when sent
            self.show_error(self.tr("请选择安装包文件"), "file")
            return None
        try:
            meta = InstallerUploadIn(
                version=self.version_edit.text().strip(),
                platform=ClientPlatform(self.platform.currentData()),
                file_name=path.name,
            )
        except ValidationError as refused:
            field = str(refused.errors()[0]["loc"][0])
            words = {
                "version": self.tr("版本号须为有效的版本号,例如 1.2.0"),
                "file_name": self.tr("文件名不可用,请改名后再上传"),
            }
            marked = "file" if field == "file_name" else field
            self.show_error(words.get(field, str(refused)), marked)
            return None
        return path, meta

    def check_and_submit(self) -> None:
        self.clear_errors()
        collected = self.collect()
        if collected is not None:
            self.submitted.emit(*collected)

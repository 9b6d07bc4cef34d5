"""The installers table of 客户端版本: version, platform, file, size, SHA-256,
who uploaded it and when — newest version first, as the server sends them."""

from __future__ import annotations

from packaging.version import Version

from client.core.i18n import current_language
from client.login.installer_download import size_text
from client.widgets.rows_model import RowsModel
from common.labels import label
from common.schemas.client_versions import InstallerOut


class InstallersModel(RowsModel[InstallerOut]):
    COLUMNS = ("version", "platform", "file_name", "size", "sha256", "uploaded_by", "uploaded_at")

    def titles(self) -> dict[str, str]:
        return {
            "version": self.tr("版本"),
            "platform": self.tr("适用系统"),
            "file_name": self.tr("文件名"),
            "size": self.tr("大小"),
            "sha256": self.tr("SHA-256 校验值"),
            "uploaded_by": self.tr("上传人"),
            "uploaded_at": self.tr("上传时间"),
        }

    def text(self, row: InstallerOut, column: str) -> str:
        if column == "platform":
            return label(row.platform, current_language())
        if column == "size":
            return size_text(row.size)
        if column == "uploaded_at":
            return row.uploaded_at.astimezone().strftime("%Y-%m-%d %H:%M")
        return str(getattr(row, column))

    def sort_key(self, row: InstallerOut, column: str) -> object | None:
        """Versions as versions (1.10 after 1.9), sizes as numbers."""
        if column == "version":
            return Version(row.version)
        if column == "size":
            return row.size
        if column == "uploaded_at":
            return row.uploaded_at
        return None

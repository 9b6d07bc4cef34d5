"""The scanner folder's new files, offered with a tick each (all ticked): the
clerk unticks what belongs to another slip and adds the rest."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.workbench.entry.scanner_folder import ScannedFile

PATH_ROLE = Qt.ItemDataRole.UserRole


class ScannerOfferDialog(QDialog):
    def __init__(self, scans: list[ScannedFile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scannerOfferDialog")
        self.setWindowTitle(self.tr("从扫描文件夹添加"))
        self.files = QListWidget()
        self.files.setObjectName("scannerFiles")
        for scan in scans:
            item = QListWidgetItem(scan.path.name)
            item.setData(PATH_ROLE, str(scan.path))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.files.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("扫描文件夹中的新文件(勾选要添加的):")))
        layout.addWidget(self.files)
        layout.addWidget(buttons)
        self.resize(420, 320)

    def chosen(self) -> list[Path]:
        return [
            Path(str(self.files.item(row).data(PATH_ROLE)))
            for row in range(self.files.count())
            if self.files.item(row).checkState() == Qt.CheckState.Checked
        ]

"""The backup key's warning on 数据备份: backups are encrypted, and without the
exported key they cannot be restored on another machine. The warning stays
until an administrator confirms (with a fresh code) that the key exported on
the server is kept offline."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from client.admin.periods.names import when
from client.widgets.look import set_state
from common.schemas.system_status import BackupKeyOut


class KeyBox(QWidget):
    confirm = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("backupKeyBox")
        self.state: BackupKeyOut | None = None
        self.label = QLabel()
        self.label.setObjectName("backupKeyWarning")
        self.label.setWordWrap(True)
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("backupKeyConfirm")
        self.confirm_button.clicked.connect(self.confirm.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.confirm_button)
        self.retranslate()

    @property
    def warning(self) -> bool:
        return self.state is not None and self.state.warning

    def retranslate(self) -> None:
        self.confirm_button.setText(self.tr("我已离线保存密钥"))
        self.show_state(self.state)

    def show_state(self, state: BackupKeyOut | None) -> None:
        self.state = state
        self.setVisible(state is not None)
        if state is None:
            return
        self.confirm_button.setVisible(state.warning)
        self.confirm_button.setEnabled(state.exported_at is not None)
        if not state.warning:
            text = self.tr("备份密钥 {key} 已导出,{who} 于 {at} 确认离线保存。").format(
                key=state.key_id, who=state.confirmed_by or "", at=when(state.confirmed_at)
            )
        elif state.exported_at is None:
            text = self.tr(
                "警告:备份已加密,备份密钥 {key} 尚未导出。服务器磁盘损坏时没有它无法恢复。"
                "请在服务器上运行 countersign-server export-backup-key <文件>,离线保存后在此确认。"
            ).format(key=state.key_id)
        else:
            text = self.tr(
                "警告:备份密钥 {key} 已于 {at} 导出到 {path},尚未确认离线保存。"
                "离线保存后请点击“我已离线保存密钥”。"
            ).format(key=state.key_id, at=when(state.exported_at), path=state.exported_to or "")
        self.label.setText(text)
        set_state(self.label, "alarm" if state.warning else "settled")

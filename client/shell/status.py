"""Status-bar widgets: which server, and whether we are connected to it."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from client.core.connection import ConnectionMonitor, ConnectionState
from client.widgets.look import set_state

_STATES = {  # resources/styles/countersign.qss
    ConnectionState.CONNECTING: "muted",
    ConnectionState.CONNECTED: "ok",
    ConnectionState.DEGRADED: "warn",
    ConnectionState.MAINTENANCE: "warn",
    ConnectionState.DISCONNECTED: "error",
    ConnectionState.UNTRUSTED: "warn",
    ConnectionState.CERTIFICATE_CHANGED: "error",
}


class ConnectionStatus(QWidget):
    def __init__(self, monitor: ConnectionMonitor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._monitor = monitor
        self.server_label = QLabel()
        self.server_label.setObjectName("serverAddress")
        self.state_label = QLabel()
        self.state_label.setObjectName("connectionState")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.server_label)
        layout.addWidget(self.state_label)
        monitor.state_changed.connect(self.refresh)
        self.refresh()

    def state_text(self, state: ConnectionState) -> str:
        return {
            ConnectionState.CONNECTING: self.tr("正在连接…"),
            ConnectionState.CONNECTED: self.tr("已连接"),
            ConnectionState.DEGRADED: self.tr("服务器数据库不可用"),
            ConnectionState.MAINTENANCE: self.tr(
                "系统维护中(正在恢复数据),未提交的内容已保存在本机"
            ),
            ConnectionState.DISCONNECTED: self.tr("连接中断,正在自动重连…"),
            ConnectionState.UNTRUSTED: self.tr("未信任服务器证书"),
            ConnectionState.CERTIFICATE_CHANGED: self.tr("服务器证书已变化,已拒绝连接"),
        }[state]

    def refresh(self, *_: object) -> None:
        state = self._monitor.state
        self.server_label.setText(self.tr("服务器:{url}").format(url=self._monitor.address.url))
        self.state_label.setText("● " + self.state_text(state))
        set_state(self.state_label, _STATES[state])
        self.state_label.setToolTip(self._monitor.last_error)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

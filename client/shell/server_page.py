"""A page that shows what the client knows of its server (address, certificate, health)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from client.core.connection import ConnectionMonitor
from client.widgets.look import set_look
from client.widgets.trust_dialog import grouped


class ServerInfoPanel(QGroupBox):
    def __init__(self, monitor: ConnectionMonitor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverInfo")
        self._monitor = monitor
        self._values: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for key in ("address", "fingerprint", "version", "database", "schema", "time"):
            value = QLabel("—")
            value.setObjectName(f"server_{key}")
            value.setWordWrap(True)
            self._values[key] = value
            self._captions[key] = QLabel()
            form.addRow(self._captions[key], value)
        # bound methods, not lambdas: Qt disconnects them when this panel is deleted
        monitor.health_changed.connect(self.refresh)
        monitor.state_changed.connect(self.refresh)
        self.refresh()

    def value(self, key: str) -> str:
        return self._values[key].text()

    def refresh(self, *_: object) -> None:
        self.setTitle(self.tr("服务器"))
        captions = {
            "address": self.tr("地址"),
            "fingerprint": self.tr("证书指纹"),
            "version": self.tr("服务器版本"),
            "database": self.tr("数据库"),
            "schema": self.tr("数据库结构版本"),
            "time": self.tr("服务器时间"),
        }
        for key, caption in captions.items():
            self._captions[key].setText(caption + ":")
        monitor = self._monitor
        pin = monitor.settings.pin_for(monitor.address)
        health = monitor.last_health
        self._values["address"].setText(monitor.address.url)
        self._values["fingerprint"].setText(grouped(pin.fingerprint) if pin else self.tr("未信任"))
        if health is None:
            return
        self._values["version"].setText(health.version)
        self._values["database"].setText(
            self.tr("正常") if health.database == "ok" else self.tr("不可用")
        )
        self._values["schema"].setText(health.schema_revision or "—")
        server_time = dt.datetime.fromisoformat(health.server_time).astimezone()
        self._values["time"].setText(server_time.strftime("%Y-%m-%d %H:%M:%S %Z"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)


class ServerPage(QWidget):
    """Home page of both shells until their business pages arrive."""

    def __init__(self, monitor: ConnectionMonitor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        set_look(self.title, "page-title")
        self.info = ServerInfoPanel(monitor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.info)
        layout.addStretch(1)

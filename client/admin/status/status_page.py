"""系统状态, the console's first page: how the server is doing (database size and
connections, live sessions, the last verified backup and the last backup's
state, free disk, PostgreSQL version, uptime) beside what the client knows of
its server (address, certificate, health). The last verified backup is red when
there is none or it is older than 36 hours: a restore would lose that much. The
status needs a login (administrators and auditors); the server panel does not.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from client.admin.backups.model import STALE_AFTER
from client.admin.page_base import AdminPage
from client.admin.periods.names import when
from client.admin.status.texts import (
    ago,
    backup_state_name,
    duration_text,
    excess_names,
    human_size,
)
from client.core.connection import ConnectionMonitor
from client.shell.page_context import PageContext
from client.shell.server_page import ServerInfoPanel
from client.widgets.look import set_look, set_state, state_of
from common.schemas.system_status import BackupState, DiskOut, SystemStatusOut

KEYS = (
    "database_role",
    "database_size",
    "connections",
    "sessions",
    "last_verified_backup",
    "last_backup",
    "offsite",
    "backup_key",
    "disk_data",
    "disk_backups",
    "postgres",
    "uptime",
)
LOW_DISK = 0.10
"""Less free than this share of a disk is shown red: backups and the database grow."""


class StatusPage(AdminPage):
    def __init__(self, monitor: ConnectionMonitor, context: PageContext) -> None:
        super().__init__(context)
        login = context.login
        self.message.setObjectName("statusMessage")
        self._generation = 0
        self.status: SystemStatusOut | None = None

        self.title = QLabel()
        self.title.setObjectName("statusTitle")
        set_look(self.title, "page-title")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("status_refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())

        self.box = QGroupBox()
        self.box.setObjectName("systemStatus")
        grid = QGridLayout(self.box)
        grid.setColumnStretch(1, 1)
        self._captions: dict[str, QLabel] = {}
        self._values: dict[str, QLabel] = {}
        for row, key in enumerate(KEYS):
            caption, value = QLabel(), QLabel("—")
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value.setObjectName(f"status_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._captions[key], self._values[key] = caption, value
            grid.addWidget(caption, row, 0)
            grid.addWidget(value, row, 1)
        self.info = ServerInfoPanel(monitor)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        panels = QHBoxLayout()
        panels.addWidget(self.box, 3)
        panels.addWidget(self.info, 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(panels)
        layout.addStretch(1)
        login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def value(self, key: str) -> str:
        return self._values[key].text()

    def is_red(self, key: str) -> bool:
        return state_of(self._values[key]) == "error"

    def retranslate(self) -> None:
        self.title.setText(self.tr("系统状态"))
        self.refresh_button.setText(self.tr("刷新"))
        self.box.setTitle(self.tr("运行状态"))
        captions = {
            "database_role": self.tr("数据库角色"),
            "database_size": self.tr("数据库大小"),
            "connections": self.tr("数据库连接"),
            "sessions": self.tr("在线会话"),
            "last_verified_backup": self.tr("最近验证通过的备份"),
            "last_backup": self.tr("最近一次备份"),
            "offsite": self.tr("异地副本"),
            "backup_key": self.tr("备份密钥"),
            "disk_data": self.tr("数据目录可用空间"),
            "disk_backups": self.tr("备份目录可用空间"),
            "postgres": self.tr("PostgreSQL 版本"),
            "uptime": self.tr("服务器已运行"),
        }
        for key, caption in captions.items():
            self._captions[key].setText(caption + ":")
        self._show()

    # -- loading -------------------------------------------------------------
    def clear(self) -> None:
        """Logged out: nothing of the last answer stays on screen."""
        self._generation += 1
        self.status = None
        self.message.clear()
        self._show()

    def refresh(self) -> None:
        """Ask again in the background; an older answer is dropped."""
        self._generation += 1
        generation = self._generation

        def loaded(status: SystemStatusOut) -> None:
            if generation == self._generation:
                self.status = status
                self.message.clear()
                self._show()

        self.run(lambda api: api.admin_system.status(), loaded)

    # -- showing -------------------------------------------------------------
    def _set(self, key: str, text: str, *, state: str | None = None) -> None:
        self._values[key].setText(text)
        set_state(self._values[key], state)

    def _show(self) -> None:
        status = self.status
        if status is None:
            for key in KEYS:
                self._set(key, "—")
            self._set("database_size", self.tr("登录后显示"))
            return
        self._set("database_size", human_size(status.database_bytes))
        self._set(
            "connections",
            self.tr("{n} 个(上限 {max})").format(n=status.connections, max=status.max_connections),
        )
        self._set(
            "sessions",
            self.tr("{sessions} 个会话,{users} 位用户").format(
                sessions=status.active_sessions, users=status.active_users
            ),
        )
        self._show_backups(status)
        self._show_offsite(status)
        self._show_key(status)
        self._show_role(status)
        for disk in status.disks:
            self._show_disk(disk)
        self._set("postgres", status.postgres_version)
        self._set(
            "uptime",
            self.tr("{duration}(自 {since} 起)").format(
                duration=duration_text(status.uptime_seconds), since=when(status.started_at)
            ),
        )

    def _show_backups(self, status: SystemStatusOut) -> None:
        good = status.last_verified_backup
        if good is None:
            self._set("last_verified_backup", self.tr("没有验证通过的备份"), state="error")
        else:
            stale = status.now - good.taken_at > STALE_AFTER
            text = self.tr("{name},{at}({ago})").format(
                name=good.name, at=when(good.taken_at), ago=ago(status.now, good.taken_at)
            )
            if stale:
                hours = int(STALE_AFTER.total_seconds() // 3600)
                text += self.tr(",已超过 {hours} 小时").format(hours=hours)
            self._set("last_verified_backup", text, state="error" if stale else "ok")
        last = status.last_backup
        state: str | None = "error"
        if last is None:
            text = self.tr("尚无备份")
        else:
            text = self.tr("{name},{at},{state}").format(
                name=last.name, at=when(last.taken_at), state=backup_state_name(last.state)
            )
            failed = last.state is BackupState.VERIFICATION_FAILED
            state = "error" if failed else None
        if status.backup_running:
            text += self.tr("(正在备份…)")
        self._set("last_backup", text, state=state)

    def _show_offsite(self, status: SystemStatusOut) -> None:
        """How much work losing the server's disk would lose (the off-site RPO)."""
        offsite = status.offsite
        if offsite is None:
            self._set("offsite", "—")
        elif not offsite.configured:
            text = self.tr("警告:未设置第二存放位置(backup_copy_dir),服务器磁盘损坏将丢失全部备份")
            self._set("offsite", text, state="error")
        elif offsite.rpo_seconds is None:
            text = self.tr("警告:第二存放位置还没有任何副本:{path}").format(path=offsite.path)
            self._set("offsite", text, state="error")
        else:
            newest = offsite.newest_wal_at or offsite.newest_dump_at
            if offsite.rpo_seconds == 0:
                text = self.tr("已同步,最新副本 {ago}").format(
                    ago=ago(status.now, newest) if newest else "—"
                )
            else:
                text = self.tr("落后 {lag}(待传 {n} 个日志段)").format(
                    lag=duration_text(offsite.rpo_seconds), n=offsite.pending_segments
                )
            if offsite.warning:
                text = self.tr("警告:{text}").format(text=text)
            self._set("offsite", text, state="error" if offsite.warning else "ok")

    def _show_key(self, status: SystemStatusOut) -> None:
        key = status.backup_key
        if key is None:
            self._set("backup_key", "—")
        elif key.warning:
            text = self.tr(
                "警告:备份密钥尚未确认导出,没有它无法恢复备份。"
                "请在服务器上运行 export-backup-key,离线保存后在“数据备份”中确认"
            )
            self._set("backup_key", text, state="error")
        else:
            text = self.tr("已导出并确认({who},{at})").format(
                who=key.confirmed_by or "", at=when(key.confirmed_at) if key.confirmed_at else ""
            )
            self._set("backup_key", text, state="ok")

    def _show_role(self, status: SystemStatusOut) -> None:
        """A server connected as a superuser or owner can get around the guards
        of the operation log and the approval record (README "Database roles")."""
        role = status.database_role
        if role is None:
            self._set("database_role", "—")
        elif role.warning:
            text = self.tr(
                "警告:数据库连接使用超级用户/属主角色 {name}({excess}),"
                "可绕过操作日志和审批记录的保护;请按 README“数据库角色”改用 countersign_app"
            ).format(name=role.name, excess=excess_names(role.excess))
            self._set("database_role", text, state="error")
        else:
            text = self.tr("{name}(受限角色)").format(name=role.name)
            self._set("database_role", text, state="ok")

    def _show_disk(self, disk: DiskOut) -> None:
        key = f"disk_{disk.key}"
        if key not in self._values:
            return  # a disk a newer server reports
        share = disk.free_bytes / disk.total_bytes if disk.total_bytes else 0.0
        text = self.tr("{free} / 共 {total}({percent:.0%})· {path}").format(
            free=human_size(disk.free_bytes),
            total=human_size(disk.total_bytes),
            percent=share,
            path=disk.path,
        )
        self._set(key, text, state="error" if share < LOW_DISK else "")

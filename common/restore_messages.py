"""Messages of restores and maintenance mode, code -> (zh_CN, en)."""

from __future__ import annotations

RESTORE_MESSAGES: dict[str, tuple[str, str]] = {
    "system.maintenance": (
        "系统维护中(正在恢复数据),请稍后再试;未提交的内容已保存在本机",
        "The system is under maintenance (a restore is running); try again later. "
        "What you typed is kept on this computer",
    ),
    "restore.backup_missing": (
        "备份文件不存在或缺少清单:{backup}",
        "No such backup, or its manifest is missing: {backup}",
    ),
    "restore.backup_required": (
        "请选择要恢复的备份文件(备份)",
        "Choose the backup file to restore (backup)",
    ),
    "restore.no_archive": (
        "没有可用的基础备份和日志归档,不能按时间点恢复",
        "There is no base backup with a WAL archive: a point-in-time restore is not possible",
    ),
    "restore.time_out_of_range": (
        "恢复时间点须在 {earliest} 与 {latest} 之间(恢复时间点)",
        "The point in time must lie between {earliest} and {latest} (target_time)",
    ),
    "restore.reason_required": (
        "请填写恢复原因(至少 2 个字)",
        "Give the reason for the restore (at least 2 characters)",
    ),
    "restore.not_approved": (
        "恢复计划 {id} 尚未经另一位管理员批准,不能执行",
        "Restore plan {id} has not been approved by a second administrator; it cannot run",
    ),
    "restore.not_a_plan": ("申请 {id} 不是恢复计划", "Request {id} is not a restore plan"),
    "restore.already_done": (
        "恢复计划 {id} 已执行完成,不能再次执行",
        "Restore plan {id} has already been carried out",
    ),
    "restore.busy": (
        "已有备份或恢复正在进行,请等它完成",
        "A backup or restore is already running; wait for it",
    ),
    "restore.old_database_missing": (
        "没有这个保留的旧数据库:{name}",
        "No such kept old database: {name}",
    ),
}

"""Messages of the command line, the backup key and the off-site copy, code -> (zh_CN, en)."""

from __future__ import annotations

BACKUP_MESSAGES: dict[str, tuple[str, str]] = {
    # the command line (countersign-server): one line, then a non-zero exit
    "cli.file_missing": ("文件不存在:{path}", "No such file: {path}"),
    "cli.manifest_missing": (
        "备份清单不存在:{path}(清单应与备份文件放在同一目录)",
        "The backup's manifest is missing: {path} (it belongs beside the backup file)",
    ),
    "cli.config_missing": ("配置文件不存在:{path}", "Configuration file not found: {path}"),
    "cli.service_python_private": (
        "Python 安装在某个用户的个人目录({path}):服务账户无法读取。请为所有用户安装 "
        "Python(安装时选择“Install for all users”)后重新安装服务器",
        "Python is installed in a user's profile ({path}): the service account cannot read "
        'it. Install Python for all users ("Install for all users") and reinstall the server',
    ),
    "cli.service_data_dir_foreign": (
        "数据目录“{path}”不是空目录,也不是 Countersign 的数据目录:服务不会接管它。"
        "请给出一个空目录或已有的 Countersign 数据目录",
        "Data directory '{path}' is neither empty nor a Countersign data directory: the "
        "service will not take it over. Give an empty folder or an existing data directory",
    ),
    "cli.service_upgrade_failed": (
        "升级失败:已安装的版本在未改动的数据上重新启动。请查看上面的原因和备份位置",
        "The upgrade failed: the installed version starts again on its unchanged data. "
        "See the reason and the backup above",
    ),
    "cli.no_tls": (
        "设置“tls”已关闭:服务器不提供证书,也就没有指纹(客户端只连接 https 服务器)",
        "Setting 'tls' is off: the server presents no certificate, so it has no "
        "fingerprint (clients connect only to https servers)",
    ),
    "cli.settings_invalid": (
        "设置“{field}”不符合规则:{rule}",
        "Setting '{field}' breaks the rule: {rule}",
    ),
    "cli.data_dir_unusable": (
        "数据目录不可用:{path}({reason})",
        "The data directory cannot be used: {path} ({reason})",
    ),
    "cli.data_dir_empty": (
        "数据目录 {path} 中没有数据库:目录是否写错?",
        "There is no database in the data directory {path}: is the path right?",
    ),
    "cli.port_in_use": (
        "地址 {host}:{port} 已被占用(是否已有服务器在运行?)",
        "The address {host}:{port} is already in use (is a server already running?)",
    ),
    "cli.server_running": (
        "数据目录 {path} 上已有服务器在运行(进程 {pid})",
        "A server is already running on the data directory {path} (process {pid})",
    ),
    "cli.database_unavailable": (
        "无法连接数据库:{reason}",
        "Cannot reach the database: {reason}",
    ),
    "cli.backup_failed": ("备份或恢复失败:{reason}", "Backup or restore failed: {reason}"),
    "cli.io_error": ("无法读写 {path}:{reason}", "Cannot read or write {path}: {reason}"),
    "cli.demo_refuses": (
        "{path} 不是空目录,也不是 demo 命令建立的:拒绝清空它",
        "{path} is not empty and was not made by `demo`; refusing to erase it",
    ),
    "cli.unexpected": (
        "意外错误({kind}),详细信息已写入日志 {log}",
        "Unexpected error ({kind}); the details are in the log {log}",
    ),
    # countersign-server service / upgrade
    "cli.service_root_refused": (
        "服务不能以 {user}(超级用户)身份运行:请用 --user 指定一个无特权账户(默认 countersign)",
        "The service must not run as {user} (the superuser): name an unprivileged account "
        "with --user (default countersign)",
    ),
    "cli.service_user_missing": (
        "账户 {user} 不存在:请先建立,例如 useradd --system --home-dir {data_dir} "
        "--shell /usr/sbin/nologin {user}",
        "There is no account {user}: create it first, e.g. useradd --system --home-dir "
        "{data_dir} --shell /usr/sbin/nologin {user}",
    ),
    "cli.service_command_failed": (
        "命令执行失败:{command}({reason})",
        "A command failed: {command} ({reason})",
    ),
    "cli.service_unsupported": (
        "此平台({platform})不支持安装为服务:请用 countersign-server run 运行服务器",
        "Installing as a service is not supported on this platform ({platform}): "
        "run the server with countersign-server run",
    ),
    "cli.workers_crashing": (
        "服务器工作进程在 {window} 秒内退出了 {deaths} 次,服务器已停止:请查看数据目录 logs 下的"
        "工作进程日志",
        "Server worker processes died {deaths} times within {window} s, so the server "
        "stopped: see the worker logs under the data directory's logs folder",
    ),
    "cli.upgrade_database_newer": (
        "数据库已是版本 {revision},比本程序(版本 {head})新:请安装较新的程序,不要降级",
        "The database is at revision {revision}, newer than this version ({head}): install "
        "the newer version, do not downgrade",
    ),
    "cli.upgrade_backup_unverified": (
        "升级前的备份 {backup} 未通过校验:未执行升级,数据库没有改动",
        "The backup taken before the upgrade, {backup}, failed its verification: nothing was "
        "upgraded, the database is unchanged",
    ),
    "cli.upgrade_failed": (
        "升级失败:迁移 {revision} 出错({reason})。所有迁移均已撤销,数据库仍为版本 {current},"
        "旧版程序可以继续使用;升级前的备份:{backup}",
        "Upgrade failed: migration {revision} broke ({reason}). Every migration was rolled "
        "back: the database is still at revision {current} and the previous version runs on "
        "it. Backup taken before the upgrade: {backup}",
    ),
    # the backup key (备份密钥)
    "backup_key.missing": (
        "没有备份密钥 {path}:在新服务器上恢复前,请用 import-backup-key 导入当初导出的密钥",
        "No backup key at {path}: before restoring on a new server, import the exported key "
        "with import-backup-key",
    ),
    "backup_key.wrong": (
        "备份文件 {file} 是用另一把备份密钥(编号 {expected})加密的,本服务器的密钥编号为 {actual}",
        "The backup file {file} was encrypted with another backup key (id {expected}); "
        "this server's key is {actual}",
    ),
    "backup_key.damaged": (
        "备份文件 {file} 已损坏或被篡改:{reason}",
        "The backup file {file} is damaged or was tampered with: {reason}",
    ),
    # which backups a server with a key trusts (backup_trust)
    "backup.plain_refused": (
        "备份文件 {file} 未加密:本服务器有备份密钥,只恢复用它加密的备份"
        "(旧服务器的备份须由操作员在命令行加 --allow-plain 明确允许)",
        "The backup file {file} is not encrypted: this server has a backup key and restores only "
        "backups encrypted with it (an older server's backup needs the operator's explicit "
        "--allow-plain on the command line)",
    ),
    "backup.manifest_unsigned": (
        "备份清单 {file} 没有签名:本服务器有备份密钥,只信任用它签名的清单(旧备份须在命令行加 "
        "--allow-plain 明确允许)",
        "The backup manifest {file} is not signed: this server has a backup key and trusts only "
        "manifests signed with it (an older backup needs an explicit --allow-plain on the "
        "command line)",
    ),
    "backup.manifest_forged": (
        "备份清单 {file} 的签名不符:清单在签名后被改动过,或不属于这个备份文件",
        "The backup manifest {file} fails its signature check: it was changed after signing, "
        "or belongs to another backup file",
    ),
    "backup_key.kit_invalid": (
        "{path} 不是 Countersign 导出的备份密钥文件",
        "{path} is not a backup key file exported by Countersign",
    ),
    "backup_key.conflict": (
        "本服务器已有另一把{which},导入后它加密的内容将无法读取;确需替换请加 --replace",
        "This server already has another {which}; what it encrypted would become unreadable. "
        "Add --replace to replace it anyway",
    ),
    "backup_key.exists": (
        "文件已存在,不会覆盖:{path}",
        "The file already exists and is not overwritten: {path}",
    ),
    "backup_key.not_exported": (
        "备份密钥尚未导出:请先在服务器上运行 countersign-server export-backup-key <文件>",
        "The backup key has not been exported yet: run countersign-server export-backup-key "
        "<file> on the server first",
    ),
    # a total the books cannot hold (numeric overflow in PostgreSQL)
    "amount.total_out_of_range": (
        "合计金额超过了账簿能保存的最大金额 9,999,999,999,999,999.99:本次操作未保存任何内容",
        "A total passed the largest amount the books hold (9,999,999,999,999,999.99): "
        "nothing of this action was saved",
    ),
}

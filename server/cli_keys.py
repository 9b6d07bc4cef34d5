"""``export-backup-key`` and ``import-backup-key``: the backup key leaves the
server once, to be kept offline, and comes back on a new machine before a
restore (server/services/operations/backup_crypto.py); ``fetch-offsite`` then brings the
second location's WAL and base backups back for a point-in-time restore."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from server.cli_support import say
from server.crypto import load_or_create_key
from server.services.operations import backup_crypto
from server.settings import ServerSettings

SettingsOf = Callable[[argparse.Namespace], ServerSettings]


def export_backup_key(args: argparse.Namespace, settings: ServerSettings) -> int:
    """The kit holds the backup key and the TOTP key (secret.key): both are
    needed to use a backup on another machine. Plain, so it is written 0600 and
    the operator is told to keep it offline."""
    configured = settings.secret_key.get_secret_value() if settings.secret_key else None
    totp_key = load_or_create_key(settings.data_dir, configured)
    target = Path(args.file).expanduser().resolve()
    key_id = backup_crypto.export_key(
        settings.data_dir, target, totp_key=totp_key, now=dt.datetime.now(dt.UTC)
    )
    say(f"Backup key {key_id} and the second-factor key written to {target}.")
    say(
        "WARNING: this file is NOT protected by a password. Anyone holding it can read "
        "the backups. Keep it offline (a USB key in a safe), then confirm the export "
        "in the admin console (数据备份)."
    )
    say("警告:该文件未加密,持有者可读取全部备份。请离线保管,然后在管理控制台“数据备份”中确认。")
    return 0


def import_backup_key(args: argparse.Namespace, settings: ServerSettings) -> int:
    key_id = backup_crypto.import_key(
        settings.data_dir,
        Path(args.file).expanduser().resolve(),
        replace=args.replace,
        now=dt.datetime.now(dt.UTC),
    )
    say(f"Backup key {key_id} and the second-factor key installed in {settings.data_dir}.")
    return 0


def fetch_offsite(args: argparse.Namespace, settings: ServerSettings) -> int:
    """Decrypt the second location's archive into this server's backup area."""
    from common.errors import DomainError
    from server.services.operations import offsite

    source = Path(args.source).expanduser().resolve() if args.source else settings.backup_copy_dir
    if source is None or not source.is_dir():
        raise DomainError("cli.file_missing", path=str(source or "backup_copy_dir"))
    key = backup_crypto.load(settings.data_dir)
    segments, bases = offsite.bring_back(source, settings.backups, key)
    say(f"Brought back from {source}: {segments} WAL segments, {len(bases)} base backups.")
    return 0


def add_key_commands(
    commands: Any,
    with_data_dir: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
    settings_of: SettingsOf,
) -> None:
    export = with_data_dir(
        commands.add_parser("export-backup-key", help="write the backup key to a file, to keep")
    )
    export.add_argument("file", help="where to write it (not overwritten)")
    export.set_defaults(handler=lambda args: export_backup_key(args, settings_of(args)))
    imported = with_data_dir(
        commands.add_parser("import-backup-key", help="install an exported backup key")
    )
    imported.add_argument("file", help="the file export-backup-key wrote")
    imported.add_argument(
        "--replace", action="store_true", help="replace different keys (kept aside)"
    )
    imported.set_defaults(handler=lambda args: import_backup_key(args, settings_of(args)))
    fetch = with_data_dir(
        commands.add_parser(
            "fetch-offsite", help="decrypt the second location's WAL and base backups back"
        )
    )
    fetch.add_argument("--from", dest="source", help="the second location (default: setting)")
    fetch.set_defaults(handler=lambda args: fetch_offsite(args, settings_of(args)))

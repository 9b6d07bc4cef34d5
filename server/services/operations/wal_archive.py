"""Continuous protection (连续归档): WAL archiving and base backups.

PostgreSQL copies each finished 16 MB write-ahead-log segment into the archive
(``archive_command``), and at least once a minute (``archive_timeout`` 60 s)
closes a segment even when little was written, so at most about a minute of
work is ever only on the database's own disk. A base backup (``pg_basebackup``,
checked with ``pg_verifybackup``) is the starting point a point-in-time
recovery replays the archive onto; archive segments older than the oldest kept
base backup can go.

Layout under the backup area: ``wal/`` (segments), ``base/<stamp>/`` (one plain
base backup each, with ``countersign-base.json`` saying when it was taken and
whether it verified).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psycopg2

from server.services.operations.backups import BackupError, libpq_url, pg_tool

log = logging.getLogger(__name__)

ARCHIVE_TIMEOUT_S = 60
KEEP_BASE_BACKUPS = 2
META = "countersign-base.json"
SYSTEM_ID = "cluster-id"  # in the archive: which cluster's segments these are
_START_WAL = re.compile(r"START WAL LOCATION: .* \(file ([0-9A-F]{24})\)")


def wal_folder(backups: Path) -> Path:
    return backups / "wal"


def base_folder(backups: Path) -> Path:
    return backups / "base"


def system_user() -> str | None:
    """PostgreSQL runs as the user 'pgserver' when the embedded one is started by root."""
    return "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None


def give_to_postgres(path: Path, *, contents: bool = True) -> None:
    """Let the PostgreSQL server process write (archive) or own (recovery) ``path``;
    ``contents=False`` for the archive, whose segments PostgreSQL wrote itself (no
    walk over thousands of files at every start)."""
    user = system_user()
    if user is None:
        return
    for parent in reversed(path.parents):  # traversable, as pgserver does for its data
        if parent.exists():
            parent.chmod(parent.stat().st_mode | 0o055)
    shutil.chown(path, user, user)
    if not contents:
        return
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            shutil.chown(os.path.join(root, name), user, user)


def archive_command(archive: Path) -> str:
    """Copy a finished segment into the archive, never over an existing one (the
    PostgreSQL documentation's command), under a temporary name first and synced:
    a segment in the archive is always whole, a copy cut short is simply redone,
    and one already there and identical (archived just before a crash) counts."""
    if os.name == "nt":
        return (
            f'if exist "{archive}\\%f" (fc /b "%p" "{archive}\\%f" >nul) else '
            f'(copy /y "%p" "{archive}\\%f.part" && move /y "{archive}\\%f.part" "{archive}\\%f")'
        )
    return (
        f'test ! -f "{archive}/%f" && cp "%p" "{archive}/%f.part" '
        f'&& sync "{archive}/%f.part" && mv "{archive}/%f.part" "{archive}/%f" '
        f'|| cmp -s "%p" "{archive}/%f"'
    )


def restore_command(archive: Path) -> str:
    if os.name == "nt":
        return f'copy "{archive}\\%f" "%p"'
    return f'cp "{archive}/%f" "%p"'


def configure(maintenance_url: str, archive: Path) -> bool:
    """Point the cluster's archiving at ``archive``. True when PostgreSQL must be
    restarted for it to take effect (``archive_mode`` was off)."""
    wanted = {
        "archive_command": archive_command(archive),
        "archive_timeout": str(ARCHIVE_TIMEOUT_S),
    }
    connection = psycopg2.connect(maintenance_url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT system_identifier::text FROM pg_control_system()")
            row = cursor.fetchone()
            assert row is not None
            _belongs_to(archive, str(row[0]))
            cursor.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('archive_mode', 'archive_command', 'archive_timeout', 'wal_level')"
            )
            now = dict(cursor.fetchall())
            for name, value in wanted.items():
                if now.get(name) != value:
                    cursor.execute(f"ALTER SYSTEM SET {name} = %s", (value,))
            restart = now.get("archive_mode") != "on" or now.get("wal_level") == "minimal"
            if restart:
                cursor.execute("ALTER SYSTEM SET archive_mode = 'on'")
                cursor.execute("ALTER SYSTEM SET wal_level = 'replica'")
            cursor.execute("SELECT pg_reload_conf()")
    finally:
        connection.close()
    return restart


def _belongs_to(archive: Path, system_id: str) -> None:
    """An archive and its base backups serve one cluster. A new cluster (its data
    directory made afresh) would restart the segment names and collide, so what
    belonged to the old one is moved aside, not mixed in."""
    marker = archive / SYSTEM_ID
    if archive.is_dir() and marker.exists() and marker.read_text().strip() != system_id:
        old = marker.read_text().strip()
        archive.rename(archive.with_name(f"wal-{old}"))
        base = base_folder(archive.parent)
        if base.is_dir():
            base.rename(base.with_name(f"base-{old}"))
    archive.mkdir(parents=True, exist_ok=True)
    if not marker.exists():
        marker.write_text(system_id)
    give_to_postgres(archive, contents=False)


def archived_up_to_now(url: str, archive: Path, *, timeout_s: float = 60) -> str:
    """Close the current segment and wait until it is in the archive, so a
    recovery can reach this moment. The position (LSN) a recovery must then
    reach: a commit stamped now, just before the switch."""
    connection = psycopg2.connect(libpq_url(url))
    try:
        with connection.cursor() as cursor:
            # a commit stamped now: recovery to a moment stops at the first commit after it
            cursor.execute("SELECT pg_current_xact_id()")
            connection.commit()
            connection.autocommit = True
            cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
            reached = cursor.fetchone()
            cursor.execute("SELECT pg_walfile_name(pg_switch_wal())")
            row = cursor.fetchone()
            assert row is not None and reached is not None
            segment: str = row[0]
            log.info("switched WAL: waiting for %s in the archive", segment)
    finally:
        connection.close()
    deadline = time.monotonic() + timeout_s
    while not (archive / segment).exists():
        if time.monotonic() > deadline:
            raise BackupError(f"WAL segment {segment} did not reach the archive {archive}")
        time.sleep(0.2)
    return str(reached[0])


@dataclass
class BaseBackup:
    path: Path
    started_at: dt.datetime
    finished_at: dt.datetime
    start_wal: str
    bytes: int
    verified: bool
    problems: str = ""

    def save(self) -> None:
        data = asdict(self)
        data.pop("path")
        data["started_at"] = self.started_at.isoformat()
        data["finished_at"] = self.finished_at.isoformat()
        (self.path / META).write_text(json.dumps(data, indent=2))

    @classmethod
    def load(cls, path: Path) -> BaseBackup:
        data = json.loads((path / META).read_text())
        data["started_at"] = dt.datetime.fromisoformat(data["started_at"])
        data["finished_at"] = dt.datetime.fromisoformat(data["finished_at"])
        return cls(path=path, **data)


def _size(path: Path) -> int:
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())


def take_base_backup(url: str, backups: Path) -> BaseBackup:
    """``pg_basebackup`` of the whole cluster (plain format, with the WAL it needs),
    checked with ``pg_verifybackup``; kept only when it verifies."""
    folder = base_folder(backups)
    folder.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    target = folder / started.strftime("%Y%m%d-%H%M%S")
    partial = target.with_name(target.name + ".part")
    shutil.rmtree(partial, ignore_errors=True)
    made = subprocess.run(
        [
            pg_tool("pg_basebackup"),
            f"--dbname={libpq_url(url)}",
            f"--pgdata={partial}",
            "--format=plain",
            "--wal-method=stream",
            "--checkpoint=fast",
            "--no-password",
            f"--label=countersign {started.isoformat()}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise BackupError(f"pg_basebackup failed: {made.stderr.strip()[-500:]}")
    checked = subprocess.run(
        [pg_tool("pg_verifybackup"), str(partial)], capture_output=True, text=True, check=False
    )
    if checked.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise BackupError(f"pg_verifybackup failed: {checked.stderr.strip()[-500:]}")
    label = (partial / "backup_label").read_text()
    found = _START_WAL.search(label)
    partial.replace(target)
    base = BaseBackup(
        path=target,
        started_at=started,
        finished_at=dt.datetime.now(dt.UTC),
        start_wal=found.group(1) if found else "",
        bytes=_size(target),
        verified=True,
    )
    base.save()
    return base


def base_backups(backups: Path) -> list[BaseBackup]:
    """Verified base backups, newest first."""
    folder = base_folder(backups)
    found = [
        BaseBackup.load(path)
        for path in folder.glob("*")
        if path.is_dir() and not path.name.endswith(".part") and (path / META).exists()
    ]
    return sorted((b for b in found if b.verified), key=lambda b: b.started_at, reverse=True)


def prune(backups: Path, *, keep: int = KEEP_BASE_BACKUPS) -> list[Path]:
    """Drop base backups beyond the newest ``keep`` and the archived segments
    only they needed (``pg_archivecleanup``). The removed base backups."""
    kept = base_backups(backups)
    gone = kept[keep:]
    for base in gone:
        shutil.rmtree(base.path)
    remaining = kept[:keep]
    if remaining and remaining[-1].start_wal:
        subprocess.run(
            [
                pg_tool("pg_archivecleanup"),
                str(wal_folder(backups)),
                remaining[-1].start_wal,
            ],
            capture_output=True,
            check=False,
        )
    return [base.path for base in gone]


@dataclass(frozen=True)
class Coverage:
    """The span a point-in-time recovery can reach."""

    earliest: dt.datetime | None  # the oldest base backup's end
    latest: dt.datetime | None  # the newest archived segment


def coverage(backups: Path) -> Coverage:
    bases = base_backups(backups)
    segments = [
        path for path in wal_folder(backups).glob("*") if re.fullmatch(r"[0-9A-F]{24}", path.name)
    ]
    latest = (
        dt.datetime.fromtimestamp(max(path.stat().st_mtime for path in segments), dt.UTC)
        if segments
        else None
    )
    earliest = bases[-1].finished_at if bases else None
    return Coverage(earliest, latest if bases else None)

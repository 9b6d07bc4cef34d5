"""Point-in-time recovery (按时间点恢复) from a base backup and the WAL archive.

Recovery replays the archive onto a copy of a base backup in a throw-away
cluster of its own (its own directory and socket, archiving off so it never
writes into the live archive), up to the chosen moment or to the end of the
archive, and promotes it. Our database is then dumped from that cluster; the
restore goes on exactly as for a full backup (server/services/operations/restore_run.py), so
the live cluster is never stopped and the old database is kept.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg2

from server.services.operations.backups import BackupError, pg_tool
from server.services.operations.wal_archive import (
    BaseBackup,
    base_backups,
    give_to_postgres,
    restore_command,
    system_user,
    wal_folder,
)

RECOVERY_TIMEOUT_S = 3600


def base_for(backups: Path, target: dt.datetime | None) -> BaseBackup:
    """The newest verified base backup finished before ``target`` (any, for the latest)."""
    for base in base_backups(backups):
        if target is None or base.finished_at <= target:
            return base
    raise BackupError("no base backup finished before the chosen time")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as_postgres(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, check=False, user=system_user(), timeout=600
    )


class RecoveredCluster:
    """A temporary cluster recovered to ``target``; ``dump`` our database from it."""

    def __init__(
        self,
        backups: Path,
        target: dt.datetime | None,
        work: Path,
        *,
        target_lsn: str | None = None,
    ) -> None:
        """No ``target``: as far as ``target_lsn`` — which the archive must reach,
        else the recovery fails rather than stopping early at a gap — or, with
        neither (a lost server), as far as the archive goes."""
        self.backups = backups
        self.target = target
        self.target_lsn = target_lsn
        self.work = work
        self.pgdata = work / "pgdata"
        self.port = _free_port()
        # a short path of its own: a socket's path may not exceed about 100 bytes
        self.sockets = Path(tempfile.mkdtemp(prefix="cs-pitr-"))
        self.started = False

    def __enter__(self) -> RecoveredCluster:
        try:
            self._recover()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _recover(self) -> None:
        base = base_for(self.backups, self.target)
        shutil.copytree(base.path, self.pgdata)
        (self.pgdata / "countersign-base.json").unlink(missing_ok=True)
        give_to_postgres(self.sockets)
        # segments brought back by fetch-offsite were decrypted by us (0600): unreadable
        # to the PostgreSQL user, a recovery "as far as the archive goes" would stop
        # at the base backup's end without a word
        give_to_postgres(wal_folder(self.backups))
        settings = {
            "restore_command": restore_command(wal_folder(self.backups).resolve()),
            "recovery_target_action": "promote",
            "archive_mode": "off",
            "port": str(self.port),
            "listen_addresses": "127.0.0.1" if os.name == "nt" else "",
            "unix_socket_directories": "" if os.name == "nt" else str(self.sockets),
        }
        if self.target is not None:
            settings["recovery_target_time"] = self.target.isoformat()
            settings["recovery_target_inclusive"] = "true"
        elif self.target_lsn is not None:
            settings["recovery_target_lsn"] = self.target_lsn
        with (self.pgdata / "postgresql.auto.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# point-in-time recovery by countersign\n")
            for name, value in settings.items():
                escaped = value.replace("\\", "\\\\").replace("'", "''")  # C:\ paths
                conf.write(f"{name} = '{escaped}'\n")
        (self.pgdata / "recovery.signal").touch()
        if os.name == "posix":
            self.pgdata.chmod(0o700)
        give_to_postgres(self.work)
        self.started = True  # from here on, close() stops whatever did start
        started = _run_as_postgres(
            [
                pg_tool("pg_ctl"),
                "-D",
                str(self.pgdata),
                "-l",
                str(self.work / "recovery.log"),
                "-w",
                "-t",
                str(RECOVERY_TIMEOUT_S),
                "start",
            ]
        )
        if started.returncode != 0:
            raise BackupError(f"recovery did not start: {self._log_tail()}")
        self._wait_promoted()

    def _log_tail(self) -> str:
        log = self.work / "recovery.log"
        return log.read_text(errors="replace")[-800:] if log.exists() else ""

    def connect_args(self) -> dict[str, Any]:
        host = "127.0.0.1" if os.name == "nt" else str(self.sockets)
        return {"host": host, "port": self.port, "user": "postgres", "dbname": "postgres"}

    def _wait_promoted(self) -> None:
        """Recovery ends by promotion; a target the archive cannot reach stops
        the cluster with a FATAL in its log instead."""
        deadline = time.monotonic() + RECOVERY_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                connection = psycopg2.connect(**self.connect_args())
            except psycopg2.OperationalError:
                if not (self.pgdata / "postmaster.pid").exists():
                    raise BackupError(f"recovery failed: {self._log_tail()}") from None
                time.sleep(0.3)
                continue
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_is_in_recovery()")
                    row = cursor.fetchone()
                    if row is not None and not row[0]:
                        return
            finally:
                connection.close()
            time.sleep(0.3)
        raise BackupError("recovery did not finish in time")

    def dump(self, database: str, target: Path) -> None:
        """Our database, as of the recovered moment, as a pg_dump custom file."""
        args = self.connect_args()
        dumped = subprocess.run(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                f"--file={target}",
                f"--host={args['host']}",
                f"--port={args['port']}",
                "--username=postgres",
                f"--dbname={database}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if dumped.returncode != 0:
            raise BackupError(f"pg_dump of the recovered cluster failed: {dumped.stderr[-500:]}")

    def close(self) -> None:
        if self.started and (self.pgdata / "postmaster.pid").exists():
            _run_as_postgres(
                [pg_tool("pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"]
            )
        self.started = False
        shutil.rmtree(self.work, ignore_errors=True)
        shutil.rmtree(self.sockets, ignore_errors=True)


def recover_dump(
    backups: Path,
    target: dt.datetime | None,
    database: str,
    into: Path,
    *,
    target_lsn: str | None = None,
) -> Path:
    """Recover the cluster to ``target`` (None: to ``target_lsn``) in a scratch
    directory and dump ``database`` from it into ``into``."""
    work = Path(tempfile.mkdtemp(prefix="countersign-pitr-", dir=backups))
    with RecoveredCluster(backups, target, work, target_lsn=target_lsn) as cluster:
        cluster.dump(database, into)
    return into

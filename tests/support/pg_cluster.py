"""Throwaway PostgreSQL clusters on loopback TCP, from pgserver's binaries: a
primary, a streaming standby of it (pg_basebackup -R), killed, restarted and
promoted at will — for the tests and the bench of failover and read replicas
(issue 21).

Each cluster listens on 127.0.0.1 only, on a port of its own, without a Unix
socket, and trusts local connections (replication too): test clusters, never
a production set-up. Run as root (a container), PostgreSQL runs as the user
``pgserver``, as pgserver itself does.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg2

from tests.support.live_server import free_port

SUPERUSER = "postgres"


def bin_dir() -> Path:
    from pgserver._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _as_postgres() -> dict[str, Any]:
    """subprocess options: as the user ``pgserver`` when we are root."""
    return {"user": "pgserver"} if hasattr(os, "geteuid") and os.geteuid() == 0 else {}


def _own(path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        shutil.chown(path, "pgserver", "pgserver")


def _run(tool: str, *args: str, timeout: float = 120) -> str:
    done = subprocess.run(
        [str(bin_dir() / tool), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **_as_postgres(),
    )
    if done.returncode != 0:
        raise RuntimeError(f"{tool} {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return str(done.stdout)


def scratch_dir(prefix: str = "cs-pg-") -> Path:
    """A new directory for clusters, that PostgreSQL's user may write in (pytest's
    own temporary directories are the test user's alone)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    _own(path)
    return path


class Cluster:
    """One PostgreSQL cluster: ``pgdata`` (made by :meth:`init` or
    :meth:`standby_of`), on ``port`` of 127.0.0.1."""

    def __init__(self, pgdata: Path, port: int | None = None) -> None:
        self.pgdata = pgdata
        self.port = port or free_port()
        self.log = pgdata.parent / f"{pgdata.name}.log"

    # --- making -----------------------------------------------------------------

    def init(self, **settings: str) -> Cluster:
        """initdb, set up for streaming replication; ``settings`` go into
        postgresql.conf (e.g. synchronous_standby_names)."""
        self.pgdata.mkdir(parents=True)
        _own(self.pgdata)
        _run("initdb", "-D", str(self.pgdata), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8")
        self._configure(
            wal_level="replica",
            max_wal_senders="10",
            hot_standby="on",
            fsync="off" if settings.pop("fast", "") else "on",
            **settings,
        )
        return self

    @classmethod
    def standby_of(
        cls,
        primary: Cluster,
        pgdata: Path,
        *,
        name: str = "standby",
        port: int | None = None,
        **settings: str,
    ) -> Cluster:
        """A streaming standby of ``primary`` (pg_basebackup -R); ``name`` is its
        application_name on the primary (what synchronous_standby_names names)."""
        standby = cls(pgdata, port)
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        _run(
            "pg_basebackup",
            "-d",
            f"host=127.0.0.1 port={primary.port} user={SUPERUSER} application_name={name}",
            "-D",
            str(pgdata),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        standby._configure(**settings)
        return standby

    def _configure(self, **settings: str) -> None:
        lines = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": "''",
            **{key: value if value.isdigit() else f"'{value}'" for key, value in settings.items()},
        }
        with (self.pgdata / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# tests/support/pg_cluster.py\n")
            conf.writelines(f"{key} = {value}\n" for key, value in lines.items())

    # --- running ----------------------------------------------------------------

    def start(self) -> Cluster:
        _run("pg_ctl", "-D", str(self.pgdata), "-l", str(self.log), "-w", "-t", "60", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        if self.pid() is not None:
            _run("pg_ctl", "-D", str(self.pgdata), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        _run("pg_ctl", "-D", str(self.pgdata), "-l", str(self.log), "-m", "fast", "-w", "restart")

    def promote(self) -> None:
        """The standby becomes a primary (waits until it accepts writes)."""
        _run("pg_ctl", "-D", str(self.pgdata), "-w", "-t", "60", "promote")

    def pid(self) -> int | None:
        try:
            pid = int((self.pgdata / "postmaster.pid").read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        return pid

    def kill(self) -> None:
        """SIGKILL the postmaster (a lost host); its backends end when they
        notice, as they do after a crash."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.02)
            # the orphaned backends go when they see the postmaster gone; do not wait

    def remove(self) -> None:
        pid = self.pid()
        if pid is not None:
            try:
                self.stop("immediate")
            except RuntimeError:
                self.kill()
        shutil.rmtree(self.pgdata, ignore_errors=True)

    # --- connecting -------------------------------------------------------------

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str = "") -> str:
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def execute(self, statement: str, database: str = "postgres") -> list[tuple[Any, ...]]:
        connection = psycopg2.connect(self.url(database), connect_timeout=5)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(statement)
                return list(cursor.fetchall()) if cursor.description else []
        finally:
            connection.close()

    def wait_replayed(self, primary: Cluster, timeout: float = 30) -> None:
        """Until this standby has replayed everything the primary wrote so far."""
        (target,) = primary.execute("SELECT pg_current_wal_lsn()::text")[0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            (done,) = self.execute(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0]
            if done:
                return
            time.sleep(0.05)
        raise AssertionError(f"standby on {self.port} did not replay up to {target}")


def countersign_database(cluster: Cluster, name: str = "countersign") -> str:
    """A migrated Countersign database on ``cluster`` with the two roles, as the
    test cluster's (the server's role has tests/support/postgres.py's password);
    the superuser's URL of it."""
    from server.db import roles
    from server.db.engine import build_engine
    from server.db.migrate import upgrade_to_head
    from tests.support.postgres import APP_PASSWORD

    roles.ensure_roles(cluster.url(), password=APP_PASSWORD)
    cluster.execute(f'CREATE DATABASE "{name}" OWNER {roles.OWNER_ROLE}')
    roles.grant_connect(cluster.url(), name)
    engine = build_engine(cluster.url(name), pool_size=1)
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()
    return cluster.url(name)

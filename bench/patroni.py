"""A throwaway two-member Patroni cluster on loopback, for ``bench/failover.py
--patroni`` (issue 21): two Patroni members, each running a PostgreSQL from
pgserver's binaries (``postgresql.bin_dir``), with the Raft DCS (pysyncobj, no
etcd) and a third Raft voter (``patroni_raft_controller``) so that one member
lost still leaves a majority.

Patroni is not a dependency of Countersign; install it only to run this:

    apt-get install -y patroni python3-pysyncobj

Run as root (a container), Patroni, its PostgreSQL and the witness run as the
user ``pgserver``, as tests/support/pg_cluster.py runs PostgreSQL. Trust
authentication on 127.0.0.1 only: a test set-up, never a production one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.support.live_server import free_port
from tests.support.pg_cluster import Cluster, bin_dir

SCOPE = "countersign"
# short timings for a drill (loop_wait + 2 * retry_timeout <= ttl); Patroni's docs
# give 20 s as ttl's minimum (from 3.2), 3.0.2 (Debian 12) takes 10
TTL, LOOP_WAIT, RETRY_TIMEOUT = 10, 2, 3
PROMOTED = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) INFO: promoted self to leader", re.MULTILINE
)


def _as_postgres() -> dict[str, Any]:
    return {"user": "pgserver"} if os.geteuid() == 0 else {}


def _executable(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(
            f"{name} not found: install Patroni first"
            " (apt-get install -y patroni python3-pysyncobj)"
        )
    return path


def _yaml(value: Any) -> str:
    """YAML is a superset of JSON: Patroni reads this without a YAML writer here."""
    return json.dumps(value, indent=2)


def _stop(process: subprocess.Popen[bytes] | None, timeout: float = 30) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@dataclass
class Member:
    name: str
    directory: Path
    pg_port: int
    rest_port: int
    raft_port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def pgdata(self) -> Path:
        return self.directory / "pgdata"

    @property
    def log(self) -> Path:
        return self.directory / "patroni.log"

    @property
    def cluster(self) -> Cluster:
        """pg_cluster's view of this member's PostgreSQL (url, execute, pid)."""
        return Cluster(self.pgdata, self.pg_port)

    def rest(self, path: str) -> Any:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.rest_port}{path}", timeout=2) as r:
            return json.load(r)

    def promoted_at(self) -> float | None:
        """The wall time (epoch seconds) of this member's 'promoted self to
        leader' log line, if any."""
        try:
            found = PROMOTED.search(self.log.read_text(errors="replace"))
        except OSError:
            return None
        if found is None:
            return None
        # Patroni logs local time, on this same machine
        stamp = datetime.strptime(found.group(1), "%Y-%m-%d %H:%M:%S,%f").astimezone()
        return stamp.timestamp()


class PatroniCluster:
    def __init__(self, base: Path, members: int = 2) -> None:
        self.base = base
        self.members = [
            Member(f"pg{i + 1}", base / f"pg{i + 1}", free_port(), free_port(), free_port())
            for i in range(members)
        ]
        self.witness_port = free_port()
        self.witness: subprocess.Popen[bytes] | None = None

    def _raft_addrs(self) -> list[str]:
        return [f"127.0.0.1:{m.raft_port}" for m in self.members] + [
            f"127.0.0.1:{self.witness_port}"
        ]

    def _raft(self, own: int, data_dir: Path) -> dict[str, Any]:
        addrs = self._raft_addrs()
        return {
            "data_dir": str(data_dir),
            "self_addr": addrs[own],
            "partner_addrs": [a for i, a in enumerate(addrs) if i != own],
        }

    def _config(self, index: int) -> dict[str, Any]:
        member = self.members[index]
        socket_dir = member.directory / "socket"
        socket_dir.mkdir()
        return {
            "scope": SCOPE,
            "name": member.name,
            "restapi": {
                "listen": f"127.0.0.1:{member.rest_port}",
                "connect_address": f"127.0.0.1:{member.rest_port}",
            },
            "raft": self._raft(index, member.directory / "raft"),
            "bootstrap": {
                "dcs": {
                    "ttl": TTL,
                    "loop_wait": LOOP_WAIT,
                    "retry_timeout": RETRY_TIMEOUT,
                    "maximum_lag_on_failover": 1048576,
                    "synchronous_mode": True,
                    "postgresql": {
                        "use_pg_rewind": False,
                        "use_slots": True,
                        "parameters": {
                            "wal_level": "replica",
                            "hot_standby": "on",
                            "max_wal_senders": 10,
                            "max_replication_slots": 10,
                            "synchronous_commit": "on",
                        },
                    },
                },
                "initdb": [{"encoding": "UTF8"}, {"auth": "trust"}],
            },
            "postgresql": {
                "listen": f"127.0.0.1:{member.pg_port}",
                "connect_address": f"127.0.0.1:{member.pg_port}",
                "data_dir": str(member.pgdata),
                "bin_dir": str(bin_dir()),
                "pgpass": str(member.directory / "pgpass"),
                "authentication": {
                    "superuser": {"username": "postgres", "password": "postgres"},
                    "replication": {"username": "replicator", "password": "replicator"},
                },
                "parameters": {"unix_socket_directories": str(socket_dir)},
                "pg_hba": [
                    "local all all trust",
                    "host all all 127.0.0.1/32 trust",
                    "host replication all 127.0.0.1/32 trust",
                ],
            },
        }

    def _spawn(self, command: list[str], log: Path) -> subprocess.Popen[bytes]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env["HOME"] = str(self.base)
        with log.open("ab") as out:
            return subprocess.Popen(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.base,
                env=env,
                **_as_postgres(),
            )

    def start(self) -> PatroniCluster:
        patroni, controller = _executable("patroni"), _executable("patroni_raft_controller")
        witness_dir = self.base / "witness"
        for directory in [witness_dir] + [m.directory for m in self.members]:
            directory.mkdir()
            if os.geteuid() == 0:
                shutil.chown(directory, "pgserver", "pgserver")
        witness_conf = witness_dir / "raft.yml"
        witness_conf.write_text(_yaml({"raft": self._raft(len(self.members), witness_dir)}))
        self.witness = self._spawn([controller, str(witness_conf)], witness_dir / "raft.log")
        for index, member in enumerate(self.members):
            conf = member.directory / "patroni.yml"
            conf.write_text(_yaml(self._config(index)))
            if os.geteuid() == 0:
                for path in member.directory.iterdir():
                    shutil.chown(path, "pgserver", "pgserver")
            member.process = self._spawn([patroni, str(conf)], member.log)
        return self

    def state(self) -> list[dict[str, Any]]:
        for member in self.members:
            if member.process is not None and member.process.poll() is None:
                try:
                    return list(member.rest("/cluster").get("members", []))
                except OSError:
                    continue
        return []

    def wait_ready(self, timeout: float = 180) -> tuple[Member, Member]:
        """Until there is a running leader and a streaming synchronous standby;
        (leader, standby)."""
        deadline = time.monotonic() + timeout
        seen: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            for member in self.members:
                if member.process is not None and member.process.poll() is not None:
                    raise RuntimeError(f"patroni {member.name} exited: see {member.log}")
            seen = self.state()
            roles = {
                str(m.get("role")): str(m.get("name")) for m in seen if m.get("state") == "running"
            }
            if "leader" in roles and "sync_standby" in roles:
                by_name = {m.name: m for m in self.members}
                leader, standby = by_name[roles["leader"]], by_name[roles["sync_standby"]]
                rows = leader.cluster.execute(
                    "SELECT application_name, sync_state FROM pg_stat_replication"
                )
                if (standby.name, "sync") in rows:
                    return leader, standby
            time.sleep(0.5)
        raise RuntimeError(f"no leader with a synchronous standby after {timeout} s: {seen}")

    def kill_host(self, member: Member) -> None:
        """SIGKILL the member's Patroni and its postmaster: a lost host (killing
        only the postmaster would have Patroni start it again as the leader)."""
        pid = member.cluster.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
        if member.process is not None:
            member.process.kill()
            member.process.wait(10)

    def wait_writable(self, member: Member, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if member.cluster.execute("SELECT pg_is_in_recovery()") == [(False,)]:
                    return
            except Exception:  # not up yet
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{member.name} did not become a primary in {timeout} s")

    def close(self) -> None:
        """Stop every Patroni (each stops its PostgreSQL), the witness, and any
        postmaster left over; nothing of the cluster runs afterwards."""
        for member in self.members:
            _stop(member.process, timeout=60)
        for member in self.members:
            pid = member.cluster.pid()
            if pid is not None:
                os.kill(pid, signal.SIGKILL)
        _stop(self.witness)

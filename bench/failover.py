"""Failover drill: the primary PostgreSQL killed under load, its synchronous
standby promoted, two Countersign servers following on a multi-host URL.

    .venv/bin/python -m bench.failover [--clients 8] [--before 10] [--after 20] [--patroni]

Starts, on loopback and in temporary directories, a primary PostgreSQL and a
streaming standby of it (pgserver's binaries, tests/support/pg_cluster.py) with
``synchronous_standby_names`` naming the standby and ``synchronous_commit = on``,
so a commit is acknowledged only once the standby has it on disk. Two
``countersign-server run`` processes connect through one libpq multi-host URL
(``host1,host2`` with ``target_session_attrs=read-write``). ``clients`` clerks
(half on each server) submit two-line vouchers, each one user action with one
idempotency key, retried with the same key on a 503 or no answer (as the
workbench's outbox does). After ``before`` seconds the primary's postmaster is
SIGKILLed (a lost host) and the standby promoted at once with ``pg_ctl
promote`` (what Patroni or an operator does); the load goes on for ``after``
seconds, then every open submission is retried to its answer and the new
primary is checked:

- ``refused_s``: from the first refused answer (503, or no answer) after the
  kill to the last one;
- ``first_success_s``: from the kill to the first acknowledged submission;
- ``recovered_s``: from the kill to the first acknowledged submission after the
  first refused one (a request committed just before the kill can be answered
  just after it);
- ``lost``: acknowledged documents missing on the new primary (must be 0);
- ``duplicated``: user actions that became more than one document (must be 0);
- ``number_gaps``: missing voucher numbers (must be 0);
- ``server_errors``: 500 answers (must be 0).

With ``--patroni``, Patroni promotes instead (bench/patroni.py): two Patroni
members, each running a PostgreSQL from pgserver's binaries, with the Raft DCS
(pysyncobj, no etcd) and a third Raft voter (``patroni_raft_controller``), with
``synchronous_mode: true`` and short timings (``ttl`` 10 s, ``loop_wait`` 2 s,
``retry_timeout`` 3 s; Patroni's docs give 20 s as the least ``ttl``, which
Patroni 3.0.2 does not enforce). The Countersign database and roles
are made on the leader as above; the leader's whole host is then lost: its
Patroni and its postmaster are both SIGKILLed (killing only the postmaster would
have Patroni start it again as the leader), and the other member's Patroni
takes the leader key once it expires and promotes its PostgreSQL. Figures added:
``promoted_s`` (from the kill until the new primary accepts writes) and
``patroni_took_lock_s`` (from the kill to its "promoted self to leader" log
line). Patroni is not a dependency of Countersign; install it only for this
(Debian's packages, as root):

    apt-get install -y patroni python3-pysyncobj

Not a test (its figures depend on the machine); the last line is one JSON
object of the figures. Linux only (SIGKILL; pg_ctl, Patroni and PostgreSQL as
the ``pgserver`` user when run as root); never run on Windows.
"""

from __future__ import annotations

import argparse
import base64
import json
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2

from bench.chaos import check
from bench.submit_vouchers import logged_in, seed, two_lines
from client.api import ApiClient
from client.api.documents import new_key
from client.api.errors import ApiError, ServerUnreachable
from tests.support.pg_cluster import Cluster, countersign_database, scratch_dir
from tests.support.server_process import ServerProcess

RETRYABLE_STATUS = {502, 503, 504}
STANDBY_NAME = "standby1"


@dataclass
class Clerk:
    api: ApiClient
    acknowledged: dict[str, int] = field(default_factory=dict)  # marker -> document id
    # (monotonic time, outcome): "ok", "refused" (503 / no answer), "error" (anything else)
    attempts: list[tuple[float, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Load:
    def __init__(self, clerks: list[Clerk], unit: int, accounts: list[int]) -> None:
        self.clerks, self.unit, self.accounts = clerks, unit, accounts
        self._stop = threading.Event()
        self._give_up = threading.Event()
        self.threads = [
            threading.Thread(target=self._work, args=(i, c), daemon=True)
            for i, c in enumerate(clerks)
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def _work(self, index: int, clerk: Clerk) -> None:
        n = 0
        while not self._stop.is_set():
            n += 1
            self._submit(clerk, f"chaos {index}-{n}", n)
            time.sleep(0.05)

    def _submit(self, clerk: Clerk, marker: str, n: int) -> None:
        """One user action: retried with the same key until it is answered."""
        draft = two_lines(self.unit, self.accounts, n)
        draft = draft.model_copy(
            update={"lines": [line.model_copy(update={"summary": marker}) for line in draft.lines]}
        )
        key = new_key()
        while not self._give_up.is_set():
            try:
                done = clerk.api.documents.create_and_submit(draft, key=key)
            except ServerUnreachable:
                clerk.attempts.append((time.monotonic(), "refused"))
            except ApiError as exc:
                if exc.status in RETRYABLE_STATUS:
                    clerk.attempts.append((time.monotonic(), "refused"))
                else:
                    clerk.attempts.append((time.monotonic(), "error"))
                    clerk.errors.append(f"{marker}: {exc.status} {exc.code}")
                    return
            else:
                clerk.attempts.append((time.monotonic(), "ok"))
                clerk.acknowledged[marker] = done.id
                return
            time.sleep(0.1)

    def finish(self) -> None:
        self._stop.set()
        for thread in self.threads:
            thread.join(120)
        self._give_up.set()
        for thread in self.threads:
            thread.join(10)


def wait_sync(primary: Cluster, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = primary.execute("SELECT application_name, sync_state FROM pg_stat_replication")
        if (STANDBY_NAME, "sync") in rows:
            return
        time.sleep(0.1)
    raise RuntimeError(f"the standby never became synchronous: {rows}")


def figures_after(kill_at: float, clerks: list[Clerk]) -> dict[str, Any]:
    after = sorted((t, outcome) for c in clerks for t, outcome in c.attempts if t >= kill_at)
    refused = [t for t, outcome in after if outcome == "refused"]
    succeeded = [t for t, outcome in after if outcome == "ok"]
    return {
        "refused_answers": len(refused),
        "refused_s": round(refused[-1] - refused[0], 2) if refused else 0.0,
        "first_success_s": round(succeeded[0] - kill_at, 2) if succeeded else None,
        # a request already committed when the primary died can still be answered
        # after the kill: the first success after the first refusal is the recovery
        "recovered_s": next(
            (round(t - kill_at, 2) for t in succeeded if refused and t > refused[0]), None
        ),
        "server_errors": sum(1 for c in clerks for e in c.errors if " 500 " in f" {e} "),
        "other_refusals": [e for c in clerks for e in c.errors][:10],
    }


def drill(
    args: argparse.Namespace,
    figures: dict[str, Any],
    url: str,
    single: str,
    work: Path,
    fail_over: Callable[[], tuple[float, str]],
) -> None:
    """Seed through ``single`` (the primary's Countersign URL), run two servers on
    ``url`` (the multi-host URL) under load, call ``fail_over`` (which kills the
    primary and returns the monotonic time of the kill and the new primary's
    Countersign URL once it accepts writes), and fill in ``figures``."""
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    keys = work / "seed"
    keys.mkdir()
    (keys / "secret.key").write_text(key)
    unit, accounts, users = seed(single, keys, clerks=args.clients)
    servers: list[ServerProcess] = []
    try:
        started = time.perf_counter()
        servers = [
            ServerProcess(url, work / f"server{i}", secret_key=key).start() for i in range(2)
        ]
        figures["servers_start_s"] = round(time.perf_counter() - started, 1)
        clerks = [
            Clerk(logged_in(servers[i % 2].url, name, secret))
            for i, (name, secret) in enumerate(users)
        ]
        load = Load(clerks, unit, accounts)
        load.start()
        time.sleep(args.before)

        kill_at, new_primary = fail_over()
        time.sleep(max(0.0, args.after - (time.monotonic() - kill_at)))
        load.finish()

        figures.update(figures_after(kill_at, clerks))
        figures.update(check(new_primary, load))  # type: ignore[arg-type]
        figures["acknowledged_before_kill"] = sum(
            1 for c in clerks for t, outcome in c.attempts if outcome == "ok" and t < kill_at
        )
        connection = psycopg2.connect(new_primary)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            figures["new_primary_in_recovery"] = cursor.fetchone() == (True,)
        connection.close()
    finally:
        for server in servers:
            server.close()


def multi_host_url(*ports: int) -> str:
    hosts = ",".join(f"127.0.0.1:{port}" for port in ports)
    return f"postgresql://postgres@{hosts}/countersign?target_session_attrs=read-write"


def run_pg_ctl(args: argparse.Namespace, base: Path, work: Path) -> dict[str, Any]:
    """The primary killed, the standby promoted with ``pg_ctl promote``."""
    primary = Cluster(base / "primary").init(synchronous_commit="on")
    standby: Cluster | None = None
    figures: dict[str, Any] = {"mode": "pg_ctl promote (no Patroni)"}
    try:
        primary.start()
        single = countersign_database(primary)
        standby = Cluster.standby_of(primary, base / "standby", name=STANDBY_NAME).start()
        # synchronous from here on (set before the standby exists, every commit waits)
        primary.execute(f"ALTER SYSTEM SET synchronous_standby_names = '{STANDBY_NAME}'")
        primary.execute("SELECT pg_reload_conf()")
        wait_sync(primary)
        new = standby

        def fail_over() -> tuple[float, str]:
            kill_at = time.monotonic()
            primary.kill()
            promote_started = time.monotonic()
            new.promote()
            figures["promote_s"] = round(time.monotonic() - promote_started, 2)
            return kill_at, new.url("countersign")

        drill(args, figures, multi_host_url(primary.port, standby.port), single, work, fail_over)
    finally:
        for cluster in (standby, primary):
            if cluster is not None and not args.keep:
                cluster.remove()
    return figures


def run_patroni(args: argparse.Namespace, base: Path, work: Path) -> dict[str, Any]:
    """Two Patroni members (Raft DCS and a witness); the leader's host lost
    (its Patroni and its postmaster SIGKILLed), Patroni promotes the standby."""
    from bench.patroni import LOOP_WAIT, RETRY_TIMEOUT, TTL, PatroniCluster

    figures: dict[str, Any] = {
        "mode": f"Patroni (Raft, ttl {TTL}, loop_wait {LOOP_WAIT}, retry_timeout {RETRY_TIMEOUT})"
    }
    patroni = PatroniCluster(base)
    try:
        started = time.perf_counter()
        patroni.start()
        leader, standby = patroni.wait_ready()
        figures["patroni_ready_s"] = round(time.perf_counter() - started, 1)
        single = countersign_database(leader.cluster)
        url = multi_host_url(*(m.pg_port for m in patroni.members))

        def fail_over() -> tuple[float, str]:
            kill_at, kill_wall = time.monotonic(), time.time()
            patroni.kill_host(leader)
            patroni.wait_writable(standby)
            figures["promoted_s"] = round(time.monotonic() - kill_at, 2)
            promoted_at = standby.promoted_at()
            if promoted_at is not None:
                figures["patroni_took_lock_s"] = round(promoted_at - kill_wall, 2)
            return kill_at, standby.cluster.url("countersign")

        drill(args, figures, url, single, work, fail_over)
        figures["cluster_after"] = [
            (m.get("name"), m.get("role"), m.get("state")) for m in patroni.state()
        ]
    finally:
        patroni.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--before", type=float, default=10, help="seconds of load before the kill")
    parser.add_argument("--after", type=float, default=20, help="seconds of load after it")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    parser.add_argument(
        "--patroni", action="store_true", help="Patroni promotes (apt-get install patroni)"
    )
    args = parser.parse_args()

    base = scratch_dir("cs-failover-")
    work = Path(tempfile.mkdtemp(prefix="cs-failover-servers-"))
    try:
        figures = (run_patroni if args.patroni else run_pg_ctl)(args, base, work)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)
    for name, value in figures.items():
        print(f"{name:28} {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

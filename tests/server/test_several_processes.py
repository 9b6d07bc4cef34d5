"""Two ``countersign-server run`` processes on one database, as two hosts behind
a load balancer would be (issue 21): what one process counts, starts or holds,
the other sees. Each process has its own data directory; they share the
database, the secret key and (for backups) the backup folder."""

from __future__ import annotations

import concurrent.futures
import contextlib
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from client.api import ApiClient
from common.enums import Role
from common.schemas.backups import BackupRunOut, RunState
from common.schemas.documents import DocumentOut
from common.schemas.export_jobs import ExportState
from common.schemas.restores import RestorePlanIn, RestoreSource
from common.schemas.search import DocumentQuery
from server.db.models import AuditRecord, BackupRunState
from server.db.uow import UnitOfWork
from server.services.core.params import set_parameter
from tests.server.test_retries import DRILL, LOCK_BASE, UNDO
from tests.support.accounts import add_user, api_for, log_in, refused
from tests.support.documents import clerk, income, office, today
from tests.support.postgres import PostgresForTests
from tests.support.server_process import ServerProcess, shared_secret_key

_names = itertools.count(1)


@contextlib.contextmanager
def started_pair(
    postgres: PostgresForTests, root: Path, settings: dict[str, str] | None = None
) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    """Two processes on a new database, started in parallel, stopped after."""
    url, key = postgres.create_database(), shared_secret_key()
    pair = [ServerProcess(url, root / name, secret_key=key, settings=settings) for name in "ab"]
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            list(pool.map(ServerProcess.start, pair))
        yield pair[0], pair[1]
    finally:
        for server in pair:
            server.close()


@pytest.fixture(scope="module")
def two_servers(
    postgres: PostgresForTests, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    with started_pair(postgres, tmp_path_factory.mktemp("two")) as pair:
        yield pair


def test_login_attempts_are_counted_across_both_processes(
    postgres: PostgresForTests, tmp_path: Path
) -> None:
    with started_pair(postgres, tmp_path, {"login_attempts_per_minute": "4"}) as (a, b):
        answers = [
            refused(api_for(server).auth.login, f"nobody{next(_names)}", "wrong-Password-1").code
            for server in (a, b, a, b)
        ]
        # either process alone saw two: only the shared count makes the fifth too many
        throttled = refused(api_for(b).auth.login, "nobody", "wrong-Password-1")
        again = refused(api_for(a).auth.login, "nobody", "wrong-Password-1")
    assert answers == ["auth.invalid_credentials"] * 4
    assert (throttled.status, throttled.code) == (429, "auth.throttled")
    assert again.code == "auth.throttled"


def test_an_account_locked_through_one_process_is_locked_on_the_other(
    postgres: PostgresForTests, tmp_path: Path
) -> None:
    """Wrong passwords alternating between the two processes lock the account
    after the office's threshold (3), not after 3 on each."""
    with started_pair(postgres, tmp_path) as (a, b):
        with UnitOfWork(a.engine).transaction() as session:
            set_parameter(session, "lockout_threshold", 3)
        user = add_user(a, "locked.twice", [Role.CLERK])
        for server in (a, b, a):
            assert refused(api_for(server).auth.login, user.username, "Wrong-Password-9").code in (
                "auth.invalid_credentials",
                "auth.locked",
            )
        for server in (b, a):
            locked = refused(api_for(server).auth.login, user.username, user.password)
            assert (locked.status, locked.code) == (423, "auth.locked")


def test_a_deadlock_between_requests_on_two_processes_ends_in_two_successes(
    two_servers: tuple[ServerProcess, ServerProcess],
) -> None:
    """The drill of test_retries.py, each request sent to another process: the
    one PostgreSQL aborted is run again by its process, as its log says."""
    a, b = two_servers
    codes = office(a)
    drafts: list[tuple[ApiClient, DocumentOut]] = []
    for server in (a, b):
        api = log_in(server, clerk(server, f"deadlock.clerk{next(_names)}"))  # type: ignore[arg-type]
        form = income(codes, today(server), payer=f"两进程死锁{next(_names)}")  # type: ignore[arg-type]
        drafts.append((api, api.documents.create(form)))
    (_, first), (_, second) = drafts
    with a.engine.begin() as connection:
        connection.exec_driver_sql(DRILL.format(a=first.id, b=second.id, base=LOCK_BASE))
    try:

        def change(pair: tuple[ApiClient, DocumentOut]) -> DocumentOut:
            api, doc = pair
            form = doc.to_draft().model_copy(update={"summary": f"两边都改 {doc.id}"})
            return api.documents.update(doc.id, form, version=doc.version)

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            changed = list(pool.map(change, drafts))
    finally:
        with a.engine.begin() as connection:
            connection.exec_driver_sql(UNDO)
    assert [d.summary for d in changed] == [f"两边都改 {doc.id}" for _, doc in drafts]
    retried = a.lines_with("retrying PUT") + b.lines_with("retrying PUT")
    assert len(retried) == 1 and "[40P01]" in retried[0]


def test_the_nightly_backup_runs_once_although_both_processes_find_it_due(
    postgres: PostgresForTests, tmp_path: Path
) -> None:
    """Both check every second, both find the backup due (no backup yet, due
    from 00:00): one process holds the schedule and backs up; when it is
    killed, the other takes the schedule over and finds nothing due."""
    url, key, folder = postgres.create_database(), shared_secret_key(), tmp_path / "backups"
    settings = {
        "backup_schedule": "true",
        "backup_check_seconds": "1",
        "backup_dir": str(folder),
        "log_level": "debug",
    }
    a, b = (ServerProcess(url, tmp_path / n, secret_key=key, settings=settings) for n in "ab")
    with UnitOfWork(a.engine).transaction() as session:
        set_parameter(session, "backup_daily_at", "00:00")  # due whatever the hour of the run
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        list(pool.map(ServerProcess.start, (a, b)))
    try:
        leader = _first_to_say("now runs the backup schedule", a, b)
        other = b if leader is a else a
        other.wait_for("the backup schedule is run by another server process", count=2)
        _wait_for_action(leader, "backup.verified")
        leader.kill()  # a lost host: its session, and the schedule lock, end with it
        other.wait_for("now runs the backup schedule", timeout=60)
        other.wait_for("nightly backup checked: not due", timeout=30, count=2)
        actions = _actions(other)
        assert actions.count("backup.created") == 1, actions
        assert actions.count("backup.verified") == 1, actions
        assert len(list(folder.glob("*.dump*"))) >= 1
        assert not other.lines_with("nightly backup checked: due")
    finally:
        a.close()
        b.close()


def _first_to_say(line: str, *servers: ServerProcess) -> ServerProcess:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for server in servers:
            if server.lines_with(line):
                return server
        time.sleep(0.1)
    raise AssertionError(f"no process said {line!r}")


def _actions(server: ServerProcess) -> list[str]:
    """The backup entries of the operation log, in order."""
    with server.engine.connect() as connection:
        return list(
            connection.scalars(
                select(AuditRecord.action)
                .where(AuditRecord.action.like("backup.%"))
                .order_by(AuditRecord.id)
            )
        )


def _wait_for_action(server: ServerProcess, action: str) -> None:
    deadline = time.monotonic() + 120
    while action not in (found := _actions(server)):
        assert time.monotonic() < deadline, found
        time.sleep(0.2)


def test_run_with_two_workers_answers_from_both_and_stops_cleanly(
    postgres: PostgresForTests, tmp_path: Path
) -> None:
    """``run --workers 2``: two processes accept on one port (each logs what it
    answered to a file of its own), and SIGTERM stops them all."""
    server = ServerProcess(
        postgres.create_database(),
        tmp_path / "w",
        secret_key=shared_secret_key(),
        settings={"workers": "2", "log_level": "debug"},
    )
    server.start()
    try:
        assert "2 worker processes" in server.lines_with("listening on https://")[0]
        logs = server.data_dir / "logs"
        answered: set[Path] = set()
        deadline = time.monotonic() + 60
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            while len(answered) < 2:
                assert time.monotonic() < deadline, "one worker answered everything"
                health = list(pool.map(lambda _: api_for(server).system.health(), range(16)))
                assert {h.status for h in health} == {"ok"}
                answered = {
                    path
                    for path in logs.glob("server-worker-*.log")
                    if "GET /api/v1/health" in path.read_text(encoding="utf-8")
                }
    finally:
        server.stop()
    assert "Countersign server stopped." in server.log()


def test_an_export_started_on_one_process_is_downloaded_from_the_other(
    two_servers: tuple[ServerProcess, ServerProcess], tmp_path: Path
) -> None:
    """The job is a row any process may claim and the workbook is kept where
    every process reads it: the same session follows and fetches it through B."""
    a, b = two_servers
    codes = office(a)
    on_a = log_in(a, clerk(a, f"export.clerk{next(_names)}"))  # type: ignore[arg-type]
    payers = [f"两进程导出{n}" for n in range(3)]
    for payer in payers:
        on_a.documents.create(income(codes, today(a), payer=payer))  # type: ignore[arg-type]
    query = DocumentQuery(text="两进程导出")
    job = on_a.search.start_export(query)
    on_b = api_for(b)
    on_b.transport.token = on_a.transport.token  # one session, the other process
    deadline = time.monotonic() + 60
    while (job := on_b.search.export_job(job.id)).state is ExportState.RUNNING:
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
    assert job.state is ExportState.DONE and job.rows_done == 3
    target = tmp_path / "exported.xlsx"
    on_b.transport.download(f"/exports/{job.id}/file", target, method="GET")
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    written = " ".join(str(cell) for row in rows for cell in row)
    assert len(rows) == 3 and all(payer in written for payer in payers), rows
    gone = refused(on_a.transport.download, f"/exports/{job.id}/file", target, method="GET")
    assert gone.status == 409  # handed over once, whichever process is asked


def test_maintenance_started_through_one_process_is_answered_by_both(
    postgres: PostgresForTests, tmp_path: Path
) -> None:
    """A restore approved on A puts both processes in maintenance: its drain
    waits for a request still running on B, B answers 503 meanwhile (its health
    check says why), and after the switch both serve again, with the sessions
    that were working."""
    settings = {"backup_dir": str(tmp_path / "backups"), "maintenance_drain_seconds": "600"}
    with started_pair(postgres, tmp_path, settings) as (a, b):
        codes = office(a)
        first = log_in(a, add_user(a, "restore.first", [Role.ADMIN]))  # type: ignore[arg-type]
        second = log_in(a, add_user(a, "restore.second", [Role.ADMIN]))  # type: ignore[arg-type]
        on_b = log_in(b, clerk(b, "restore.clerk.b"))  # type: ignore[arg-type]
        doc = on_b.documents.create(income(codes, today(b), payer="两进程维护"))  # type: ignore[arg-type]
        first.admin.back_up_now()
        assert _run_ended(a).state is RunState.DONE
        dump = first.admin.backups().backups[0]
        plan = first.restores.file_plan(
            RestorePlanIn(source=RestoreSource.BACKUP, backup=dump.name, reason="两进程恢复")
        )
        form = doc.to_draft().model_copy(update={"summary": "维护开始前已在进行"})
        with concurrent.futures.ThreadPoolExecutor(1) as pool, a.engine.connect() as holder:
            holding = holder.begin()
            holder.execute(
                text("SELECT 1 FROM documents WHERE id = :id FOR UPDATE"), {"id": doc.id}
            )
            running = pool.submit(on_b.documents.update, doc.id, form, version=doc.version)
            _until_waiting_on_a_lock(a)
            try:
                second.admin.approve_request(plan.id, "同意")
                _until_health(b, maintenance="prepare")
                for api in (on_b, first):
                    busy = refused(api.documents.mine)
                    assert (busy.status, busy.code) == (503, "system.maintenance")
                # the restore waits in its drain for B's request
                assert not running.done() and _shared_run(a).phase == "prepare"
            finally:
                holding.rollback()
            assert running.result(timeout=60).summary == "维护开始前已在进行"
        run = _run_ended(a)
        assert run.state is RunState.DONE and run.plan_id == plan.id, run
        for server in (a, b):
            _until_health(server, maintenance=None)
        # B's session goes on, on the restored data: the change made after the backup is undone
        restored = on_b.documents.get(doc.id)
        assert (restored.summary, restored.version) == (doc.summary, doc.version)
        assert first.admin.backups().run.plan_id == plan.id  # and A's


def _shared_run(server: ServerProcess) -> BackupRunOut:
    """The backup or restore run as every process shows it (the shared row)."""
    with server.engine.connect() as connection:
        return BackupRunOut.model_validate(
            connection.scalar(select(BackupRunState.run).where(BackupRunState.id == 1))
        )


def _run_ended(server: ServerProcess) -> BackupRunOut:
    """Until the run ends; the database may be away a moment (a restore's switch)."""
    deadline = time.monotonic() + 300
    while True:
        try:
            run = _shared_run(server)
        except OperationalError:
            run = None
        if run is not None and run.state is not RunState.RUNNING:
            return run
        assert time.monotonic() < deadline, run
        time.sleep(0.2)


def _until_health(server: ServerProcess, *, maintenance: str | None) -> None:
    deadline = time.monotonic() + 60
    while True:
        health = api_for(server).system.health()  # type: ignore[arg-type]
        if health.maintenance == maintenance and (maintenance or health.status == "ok"):
            return
        assert time.monotonic() < deadline, health
        time.sleep(0.1)


def _until_waiting_on_a_lock(server: ServerProcess) -> None:
    deadline = time.monotonic() + 60
    while True:
        with server.engine.connect() as connection:
            waiting = connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND datname = current_database()"
                )
            )
        if waiting:
            return
        assert time.monotonic() < deadline, "the request never reached the lock"
        time.sleep(0.05)

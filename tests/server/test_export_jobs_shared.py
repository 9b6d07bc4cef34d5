"""Export jobs with several server processes on one database (issue 21).

Two real servers, each with its own data directory, share one PostgreSQL: a job
started on one is followed and fetched through the other (the file is in the
database, not on a disk); every job is claimed by one worker and written once;
a job whose worker let its lease run out is failed by another process, and the
worker that lost it writes nothing; a process that stops puts its job back for
another. Nothing here waits for a time to pass: the tests hold workers at a
batch and wait for what they look for to happen.
"""

from __future__ import annotations

import io
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text

from client.api import ApiClient
from common.enums import Language, Role
from common.schemas.export_jobs import ExportJobOut, ExportState
from common.schemas.search import DocumentQuery
from server.db import roles
from server.db.engine import build_engine
from server.db.models import ExportJob
from server.db.models.export_jobs import FILE_CHUNK_BYTES
from server.db.uow import UnitOfWork
from server.services.accounts.users import create_user
from server.services.exports import export_runs
from server.services.exports.export_worker import LISTEN_APPLICATION, ExportWorker
from server.services.exports.exports import STREAM_BATCH
from tests.support.accounts import api_for, log_in, refused
from tests.support.documents import clerk, run_sql, unit_of_its_own
from tests.support.holds import HOLD_SECONDS, HeldExport
from tests.support.live_server import LiveServer
from tests.support.postgres import app_url_for

BULK = 4_500  # two full batches of STREAM_BATCH rows and a part
WAIT_SECONDS = 120  # what a test waits at most for what it expects (it comes far sooner)
ZOMBIE = "paused-host:1:zombie"  # a worker of no live process
_BULK = """
INSERT INTO documents (kind, status, unit_id, doc_date, series, amount, summary, counterparty,
                       maker_id, version, updated_at)
SELECT 'voucher', 'draft', :unit, DATE '2026-11-02', '记', n, '共享 ' || n, '', :maker, 1, now()
  FROM generate_series(1, :n) AS n
"""


@pytest.fixture(scope="module")
def pair(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, LiveServer]]:
    """Servers A and B on one database, each with its own data directory."""
    a = LiveServer(module_database_url, tmp_path_factory.mktemp("server-a"))
    b = LiveServer(module_database_url, tmp_path_factory.mktemp("server-b"))
    b.clock = a.clock  # two hosts whose clocks agree
    try:
        a.start()
        b.start()
        yield a, b
    finally:
        b.close()
        a.close()


class Exporter:
    """A clerk with BULK documents in a unit of their own, logged in on server A."""

    def __init__(self, server: LiveServer, name: str, unit_code: str) -> None:
        codes = unit_of_its_own(server, unit_code, f"共享导出 {unit_code}")
        self.account = clerk(server, name, unit=unit_code)
        run_sql(server, _BULK, unit=codes.units[unit_code], maker=self.account.id, n=BULK)
        self.api = log_in(server, self.account)
        self.query = DocumentQuery(unit_id=codes.units[unit_code])

    def on(self, server: LiveServer) -> ApiClient:
        """The same login, through another server (as a load balancer would send it)."""
        other = api_for(server)
        other.transport.token = self.api.transport.token
        return other


def worker(server: LiveServer) -> ExportWorker:
    found: ExportWorker = server.app.state.export_worker
    return found


@contextmanager
def paused(server: LiveServer) -> Iterator[None]:
    """The server's export worker stopped (its HTTP side still answers)."""
    worker(server).stop()
    try:
        yield
    finally:
        worker(server).start()


def finished(api: ApiClient, job_id: uuid.UUID) -> ExportJobOut:
    """The job once it is no longer running, as the client sees it."""
    deadline = time.monotonic() + WAIT_SECONDS
    while (job := api.search.export_job(job_id)).state is ExportState.RUNNING:
        assert time.monotonic() < deadline, f"export {job_id} never finished"
        time.sleep(0.05)
    return job


def facts(server: LiveServer, job_id: uuid.UUID) -> Any:
    with UnitOfWork(server.engine).transaction() as session:
        return session.execute(
            select(
                ExportJob.state,
                ExportJob.worker,
                ExportJob.claims,
                ExportJob.rows_done,
                ExportJob.error_code,
                ExportJob.file_size,
                ExportJob.file_chunks,
            ).where(ExportJob.id == job_id)
        ).one()


def stored(server: LiveServer, job_id: uuid.UUID) -> bytes:
    """The job's file as the database keeps it (empty when it keeps none)."""
    with UnitOfWork(server.engine).transaction() as session:
        pieces = session.scalars(
            text("SELECT data FROM export_files WHERE job_id = :id ORDER BY seq"), {"id": job_id}
        ).all()
    return b"".join(bytes(piece) for piece in pieces)


def fetch(api: ApiClient, job_id: uuid.UUID, target: Path) -> bytes:
    api.transport.download(f"/exports/{job_id}/file", target, method="GET")
    return target.read_bytes()


def rows_of(workbook: bytes) -> list[tuple[str, int]]:
    """(summary, amount) of every document in the workbook."""
    sheet = load_workbook(io.BytesIO(workbook), read_only=True).active
    assert sheet is not None
    found = [(str(row[6]), int(row[4])) for row in sheet.iter_rows(min_row=3, values_only=True)]
    return sorted(found)


EXPECTED = sorted((f"共享 {n}", n) for n in range(1, BULK + 1))


def exports_logged(server: LiveServer, username: str) -> int:
    with UnitOfWork(server.engine).transaction() as session:
        return int(
            session.scalar(
                text(
                    "SELECT count(*) FROM audit_log"
                    " WHERE action = 'export.documents' AND actor_name = :name"
                ),
                {"name": username},
            )
        )


def test_an_export_started_on_one_server_is_followed_and_fetched_through_the_other(
    pair: tuple[LiveServer, LiveServer], tmp_path: Path
) -> None:
    a, b = pair
    person = Exporter(a, "sh.one", "SH01")
    on_b = person.on(b)
    held = HeldExport(a)
    with paused(b):  # A's worker writes it: the file is on no disk B could read
        try:
            job = person.api.search.start_export(person.query)
            assert held.reached.wait(WAIT_SECONDS), "the export never wrote its first batch"
            seen = on_b.search.export_job(job.id)  # progress, through the other process
            assert (seen.state, seen.rows_done, seen.rows_total) == (
                ExportState.RUNNING,
                STREAM_BATCH,
                BULK,
            )
        finally:
            held.let_go()
        done = finished(on_b, job.id)
    assert (done.state, done.rows_done, done.error_code) == (ExportState.DONE, BULK, None)
    kept = stored(a, job.id)
    state, written_by, claims, _, _, size, chunks = facts(a, job.id)
    assert (state, written_by, claims) == ("done", worker(a).name, 1)
    assert size == len(kept) and chunks == -(-size // FILE_CHUNK_BYTES)
    assert list((a.settings.data_dir / "exports").iterdir()) == []  # the scratch file went

    workbook = fetch(on_b, job.id, tmp_path / "through-b.xlsx")
    assert workbook == kept  # byte for byte what A's worker wrote
    assert rows_of(workbook) == EXPECTED
    # once: the chunks went as they were sent, and neither server hands it out again
    assert stored(a, job.id) == b""
    assert person.api.search.export_job(job.id).state is ExportState.COLLECTED
    again = refused(fetch, person.api, job.id, tmp_path / "again.xlsx")
    assert (again.status, again.code) == (409, "export.not_ready")
    assert exports_logged(a, "sh.one") == 1


def test_every_job_is_claimed_by_one_worker_and_written_once(
    pair: tuple[LiveServer, LiveServer], tmp_path: Path
) -> None:
    a, b = pair
    people = [Exporter(a, "sh.two", "SH02"), Exporter(a, "sh.three", "SH03")]
    jobs = [
        (person, person.on(server).search.start_export(person.query).id)
        for person in people
        for server in (a, b)
    ]
    for person, job_id in jobs:
        assert finished(person.on(b), job_id).state is ExportState.DONE
    for n, (person, job_id) in enumerate(jobs):
        state, written_by, claims, rows, _, size, _ = facts(a, job_id)
        assert (state, claims, rows) == ("done", 1, BULK)
        assert written_by in {worker(a).name, worker(b).name}
        kept = stored(a, job_id)
        assert len(kept) == size
        through = (a, b)[n % 2]
        assert fetch(person.on(through), job_id, tmp_path / f"{n}.xlsx") == kept
        assert rows_of(kept) == EXPECTED
    assert [exports_logged(a, person.account.username) for person in people] == [2, 2]


def test_racing_workers_claim_each_queued_job_exactly_once(database_url: str) -> None:
    """Many workers asking at the same moment (no server here: nobody else claims)."""
    owner = build_engine(database_url, pool_size=1)
    racers = 8
    app = build_engine(app_url_for(database_url), pool_size=racers)
    try:
        with UnitOfWork(owner).transaction() as session:
            user = create_user(
                session, username="sh.racer", display_name="sh.racer", roles=[Role.CLERK]
            )
            queued = [
                ExportJob(
                    user_id=user.id,
                    session_id=1,
                    kind="documents",
                    query=DocumentQuery().model_dump(mode="json"),
                    language=Language.ZH_CN.value,
                    state="queued",
                    rows_total=0,
                    started_at=func.now(),
                )
                for _ in range(3)
            ]
            session.add_all(queued)
            session.flush()
            ids = {job.id for job in queued}
        uow, start = UnitOfWork(app), threading.Barrier(racers)

        def race(n: int) -> tuple[str, uuid.UUID | None]:
            start.wait(timeout=WAIT_SECONDS)
            return f"racer-{n}", export_runs.claim(uow, f"racer-{n}")

        with ThreadPoolExecutor(racers) as pool:
            got = [(name, job) for name, job in pool.map(race, range(racers)) if job is not None]
        assert sorted(str(job) for _, job in got) == sorted(str(job) for job in ids)
        with UnitOfWork(owner).transaction() as session:
            rows = session.execute(
                select(ExportJob.id, ExportJob.state, ExportJob.worker, ExportJob.claims)
            ).all()
        assert sorted((str(i), s, w, c) for i, s, w, c in rows) == sorted(
            (str(job), "running", name, 1) for name, job in got
        )
    finally:
        app.dispose()
        owner.dispose()


def test_a_job_whose_worker_let_its_lease_run_out_is_failed_by_another_and_gets_nothing(
    pair: tuple[LiveServer, LiveServer], tmp_path: Path
) -> None:
    a, b = pair
    person = Exporter(a, "sh.four", "SH04")
    on_b = person.on(b)
    live_hold = HeldExport(a, b)
    paused_at, go_on = threading.Event(), threading.Event()

    def pause(_job: uuid.UUID, _done: int) -> None:
        paused_at.set()
        go_on.wait(HOLD_SECONDS)

    try:
        # a job a live process writes, held after its first batch: its lease is fresh
        live = person.api.search.start_export(person.query)
        assert live_hold.reached.wait(WAIT_SECONDS), "the live export never wrote a batch"
        # a job claimed by a worker whose process then stops renewing (a pause, a
        # partition): it wrote its first batch and is stalled
        with UnitOfWork(a.engine).transaction() as session:
            zombie = ExportJob(
                user_id=person.account.id,
                session_id=session.scalar(
                    text("SELECT max(id) FROM sessions WHERE user_id = :u"),
                    {"u": person.account.id},
                ),
                kind="documents",
                query=person.query.model_dump(mode="json"),
                language=Language.ZH_CN.value,
                state="running",
                rows_total=BULK,
                started_at=a.clock.now(),
                worker=ZOMBIE,
                claims=1,
                claimed_at=func.now(),
                heartbeat_at=func.now(),
            )
            session.add(zombie)
            session.flush()
            zombie_id = zombie.id
        stalled = threading.Thread(
            target=export_runs.run,
            args=(UnitOfWork(a.app_engine), zombie_id),
            kwargs={
                "worker": ZOMBIE,
                "scratch": tmp_path,
                "clock": a.clock,
                "hold": lambda: pause,
                "stopping": lambda: False,
            },
            daemon=True,
        )
        stalled.start()
        assert paused_at.wait(WAIT_SECONDS), "the stalled worker never wrote a batch"
        run_sql(
            a,
            "UPDATE export_jobs SET heartbeat_at = now() - interval '10 minutes' WHERE id = :id",
            id=zombie_id,
        )

        gone = finished(on_b, zombie_id)  # A's or B's housekeeping noticed
        assert (gone.state, gone.error_code) == (ExportState.FAILED, "export.interrupted")
        assert gone.rows_done == STREAM_BATCH
        state, written_by, *_ = facts(a, live.id)  # the fresh lease was left alone
        assert state == "running" and written_by in {worker(a).name, worker(b).name}

        go_on.set()  # the stalled worker comes back and goes on writing: it gets nothing
        stalled.join(WAIT_SECONDS)
        assert not stalled.is_alive()
        state, _, claims, rows, error, size, chunks = facts(a, zombie_id)
        assert (state, claims, rows, error, size, chunks) == (
            "failed",
            1,
            STREAM_BATCH,
            "export.interrupted",
            None,
            None,
        )
        assert stored(a, zombie_id) == b"" and list(tmp_path.iterdir()) == []
    finally:
        go_on.set()
        live_hold.let_go()
    assert finished(on_b, live.id).state is ExportState.DONE
    assert rows_of(fetch(on_b, live.id, tmp_path / "live.xlsx")) == EXPECTED
    assert exports_logged(a, "sh.four") == 1  # the live one; the lost one logged nothing


def test_a_stopping_process_puts_its_job_back_for_another(
    pair: tuple[LiveServer, LiveServer], tmp_path: Path
) -> None:
    a, b = pair
    person = Exporter(a, "sh.five", "SH05")
    held = HeldExport(a)
    try:
        with paused(b):
            try:
                job = person.api.search.start_export(person.query)
                assert held.reached.wait(WAIT_SECONDS), "the export never wrote its first batch"
                worker(a).stop(timeout=0)  # A is stopping while its writer is mid-job
            finally:
                held.let_go()
            assert worker(a).wait_not_writing(job.id, WAIT_SECONDS)
            state, written_by, claims, rows, *_ = facts(a, job.id)
            assert (state, written_by, claims, rows) == ("queued", None, 1, 0)
            assert person.api.search.export_job(job.id).state is ExportState.RUNNING
        # B's worker is back: it takes the job over and writes it whole
        done = finished(person.api, job.id)  # A still answers requests
        assert (done.state, done.rows_done) == (ExportState.DONE, BULK)
        state, written_by, claims, *_ = facts(a, job.id)
        assert (state, written_by, claims) == ("done", worker(b).name, 2)
        assert rows_of(fetch(person.api, job.id, tmp_path / "taken-over.xlsx")) == EXPECTED
    finally:
        worker(a).start()


def _listeners(server: LiveServer) -> set[int]:
    """Backends of this database that LISTEN for export jobs, done connecting."""
    with UnitOfWork(server.engine).transaction() as session:
        return set(
            session.scalars(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    " AND application_name = :name AND state = 'idle'"
                    " AND query LIKE 'LISTEN %'"
                ),
                {"name": LISTEN_APPLICATION},
            )
        )


def test_every_worker_hears_of_a_job_and_listens_again_when_its_connection_drops(
    pair: tuple[LiveServer, LiveServer], tmp_path: Path
) -> None:
    a, b = pair
    person = Exporter(a, "sh.six", "SH06")
    job = person.api.search.start_export(person.query)
    assert all(worker(s).wait_heard(job.id, WAIT_SECONDS) for s in pair)
    assert finished(person.api, job.id).state is ExportState.DONE
    fetch(person.api, job.id, tmp_path / "first.xlsx")

    cut = _listeners(a)
    assert len(cut) == 2
    run_sql(
        a,
        "SELECT pg_terminate_backend(pid) FROM unnest(CAST(:pids AS int[])) AS pid",
        pids=list(cut),
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while len(_listeners(a) - cut) < 2:  # both workers connect and LISTEN again
        assert time.monotonic() < deadline, "a worker did not listen again"
        time.sleep(0.05)
    again = person.on(b).search.start_export(person.query)
    assert all(worker(s).wait_heard(again.id, WAIT_SECONDS) for s in pair)
    assert finished(person.api, again.id).state is ExportState.DONE
    fetch(person.api, again.id, tmp_path / "second.xlsx")


def test_finished_files_go_when_cancelled_or_never_fetched(
    pair: tuple[LiveServer, LiveServer],
) -> None:
    a, b = pair
    person = Exporter(a, "sh.seven", "SH07")
    on_b = person.on(b)
    first = person.api.search.start_export(person.query)
    second = person.api.search.start_export(person.query)
    assert finished(on_b, first.id).state is ExportState.DONE
    assert finished(on_b, second.id).state is ExportState.DONE
    assert stored(a, first.id) and stored(a, second.id)

    assert on_b.search.cancel_export(first.id).state is ExportState.CANCELLED
    assert stored(a, first.id) == b""

    uow, now = UnitOfWork(b.app_engine), a.clock.now()
    export_runs.sweep(uow, now + export_runs.KEEP_FILES - export_runs.LEFTOVERS)
    assert stored(a, second.id) != b""  # not a day old yet
    export_runs.sweep(uow, now + export_runs.KEEP_FILES + export_runs.LEFTOVERS)
    assert stored(a, second.id) == b""
    assert person.api.search.export_job(second.id).state is ExportState.COLLECTED


def test_the_servers_role_may_not_rewrite_a_stored_file(
    pair: tuple[LiveServer, LiveServer],
) -> None:
    a, _ = pair
    connection = psycopg2.connect(roles.libpq(a.app_url))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM export_files WHERE false")
            for statement in (
                "UPDATE export_files SET data = data WHERE false",
                "TRUNCATE export_files",
            ):
                with pytest.raises(psycopg2.Error) as caught:
                    cursor.execute(statement)
                assert "permission denied" in str(caught.value)
    finally:
        connection.close()

"""Maintenance mode known to every server process (issue 21): two servers in
this process on one database, as two hosts would be. Maintenance entered
through one is answered by both; a request running on the other delays the
drain; leaving it, both serve again; an owner gone silent is taken over."""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from common.errors import DomainError
from server.services.operations.maintenance import MaintenanceGate
from tests.support.accounts import api_for, log_in, refused
from tests.support.documents import clerk, income, office, today
from tests.support.live_server import LiveServer
from tests.support.maintenance import (
    ELSEWHERE,
    hold_elsewhere,
    owner_of,
    release_elsewhere,
    seen,
)
from tests.support.postgres import PostgresForTests

WAIT_S = 20


@pytest.fixture(scope="module")
def pair(
    postgres: PostgresForTests, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, LiveServer]]:
    url = postgres.create_database()
    root = tmp_path_factory.mktemp("maintenance")
    servers = [LiveServer(url, Path(root / name)).start() for name in "ab"]
    yield servers[0], servers[1]
    for server in servers:
        server.close()


def gate_of(server: LiveServer) -> MaintenanceGate:
    gate: MaintenanceGate = server.app.state.maintenance
    return gate


def off_everywhere(*servers: LiveServer) -> None:
    for server in servers:
        assert gate_of(server).wait_for(lambda known: not known.active(), WAIT_S)


def test_maintenance_entered_through_one_process_is_answered_by_both(
    pair: tuple[LiveServer, LiveServer],
) -> None:
    a, b = pair
    user = clerk(a, "shared.maint.clerk")
    on_a, on_b = log_in(a, user), api_for(b)
    on_b.transport.token = on_a.transport.token  # one session, either process
    gate = gate_of(a)
    # the drain ends once B has seen it: from then on B refuses too
    assert gate.enter({"reason": "restore", "plan": 7, "phase": "prepare"}, drain_s=WAIT_S)
    try:
        for api in (on_a, on_b):
            busy = refused(api.documents.mine)
            assert (busy.status, busy.code) == (503, "system.maintenance")
            assert busy.params == {"phase": "prepare"}
            health = api.system.health()
            assert health.status == "error" and health.maintenance == "prepare"
        gate.update({"reason": "restore", "plan": 7, "phase": "verify"})
        assert gate_of(b).wait_for(lambda known: known.phase == "verify", WAIT_S)
        assert refused(on_b.documents.mine).params == {"phase": "verify"}
    finally:
        gate.leave()
    off_everywhere(a, b)
    for api in (on_a, on_b):
        api.documents.mine()
        assert api.system.health().maintenance is None
    assert owner_of(a.engine) is None


def test_a_request_running_on_the_other_process_delays_the_drain(
    pair: tuple[LiveServer, LiveServer],
) -> None:
    a, b = pair
    codes = office(b)
    on_b = log_in(b, clerk(b, "drain.clerk"))
    doc = on_b.documents.create(income(codes, today(b), payer="维护排空"))
    form = doc.to_draft().model_copy(update={"summary": "维护前开始的修改"})
    with concurrent.futures.ThreadPoolExecutor(2) as pool, a.engine.connect() as holder:
        holding = holder.begin()
        holder.execute(text("SELECT id FROM documents WHERE id = :id FOR UPDATE"), {"id": doc.id})
        running = pool.submit(on_b.documents.update, doc.id, form, version=doc.version)
        _until_waiting_on_a_lock(a)
        entering = pool.submit(
            gate_of(a).enter, {"reason": "restore", "phase": "prepare"}, drain_s=120
        )
        try:
            generation = _until_reported(b, busy=1)
            # B has seen maintenance with the request still running: A waits for it
            assert not entering.done() and not running.done()
            assert gate_of(a).known().generation == generation
            assert api_for(b).system.health().maintenance == "prepare"
            busy = refused(on_b.documents.mine)
            assert (busy.status, busy.code) == (503, "system.maintenance")
        finally:
            holding.rollback()
        changed = running.result(timeout=WAIT_S)  # let in before: it ends normally
        assert entering.result(timeout=WAIT_S) is True
        assert changed.summary == "维护前开始的修改"
    try:
        assert _reported(b) == (gate_of(a).known().generation, 0)
    finally:
        gate_of(a).leave()
    off_everywhere(a, b)
    on_b.documents.mine()


def test_an_owner_gone_silent_is_not_obeyed_and_is_taken_over(
    pair: tuple[LiveServer, LiveServer],
) -> None:
    a, b = pair
    on_a, on_b = (log_in(server, clerk(server, f"silent.clerk.{server.port}")) for server in pair)
    # another host holds maintenance and is alive: both refuse, nobody takes it
    seen(gate_of(a), hold_elsewhere(a.engine))
    seen(gate_of(b), gate_of(a).known().generation)
    try:
        for api in (on_a, on_b):
            assert refused(api.documents.mine).code == "system.maintenance"
        with pytest.raises(DomainError) as busy:
            gate_of(b).enter({"reason": "restore", "phase": "prepare"}, drain_s=1)
        assert busy.value.code == "restore.busy"
        assert owner_of(a.engine) == ELSEWHERE
    finally:
        generation = release_elsewhere(a.engine)
    seen(gate_of(a), generation)
    seen(gate_of(b), generation)

    # its heartbeat stopped two minutes ago (a crash, a lost host): served anyway
    generation = hold_elsewhere(a.engine, silent_s=120)
    for server, api in ((a, on_a), (b, on_b)):
        seen(gate_of(server), generation)
        api.documents.mine()
    # and the next restore takes it over
    assert gate_of(b).enter({"reason": "restore", "phase": "prepare"}, drain_s=WAIT_S)
    try:
        assert owner_of(a.engine) == gate_of(b).owner
        assert refused(on_a.documents.mine).code == "system.maintenance"
    finally:
        gate_of(b).leave()
    off_everywhere(a, b)
    on_a.documents.mine()


def test_a_stopped_process_is_no_longer_waited_for(
    postgres: PostgresForTests, tmp_path: Path
) -> None:
    """A process leaving (a graceful stop) takes its row with it; the drain of
    the next maintenance does not wait for it."""
    url = postgres.create_database()
    a, b = (LiveServer(url, tmp_path / name).start() for name in "ab")
    try:
        names = _processes(a)
        assert {gate_of(a).owner, gate_of(b).owner} <= names
        b.stop()
        assert gate_of(b).owner not in _processes(a)
        started = time.monotonic()
        assert gate_of(a).enter({"reason": "restore", "phase": "prepare"}, drain_s=WAIT_S)
        assert time.monotonic() - started < WAIT_S
        gate_of(a).leave()
    finally:
        a.close()
        b.close()


def _processes(server: LiveServer) -> set[str]:
    with server.engine.connect() as connection:
        return set(connection.scalars(text("SELECT name FROM server_processes")))


def _reported(server: LiveServer) -> tuple[int, int]:
    with server.engine.connect() as connection:
        row = connection.execute(
            text("SELECT seen_generation, busy FROM server_processes WHERE name = :name"),
            {"name": gate_of(server).owner},
        ).one()
    return int(row[0]), int(row[1])


def _until_reported(server: LiveServer, *, busy: int) -> int:
    """Until ``server`` reports the maintenance it has seen with ``busy`` requests."""
    deadline = time.monotonic() + WAIT_S
    while True:
        generation, running = _reported(server)
        known = gate_of(server).known()
        if known.active() and generation == known.generation and running == busy:
            return generation
        assert time.monotonic() < deadline, (generation, running, known)
        time.sleep(0.05)


def _until_waiting_on_a_lock(server: LiveServer) -> None:
    deadline = time.monotonic() + WAIT_S
    while True:
        with server.engine.connect() as connection:
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND datname = current_database()"
                )
            ).scalar_one()
        if waiting:
            return
        assert time.monotonic() < deadline, "the request never reached the lock"
        time.sleep(0.05)

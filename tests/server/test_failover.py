"""The server on a database that goes away and comes back (issue 21): libpq
multi-host URLs, a restart under a running server, a connection broken
mid-request — on throwaway clusters of their own (tests/support/pg_cluster.py)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import text

from common.enums import Role
from server.api.deps import Transaction
from server.app import create_app
from server.db.engine import build_engine, libpq_url, normalise_url
from server.settings import ServerSettings
from tests.support.accounts import add_user, log_in
from tests.support.live_server import LiveServer, free_port
from tests.support.pg_cluster import Cluster, countersign_database, scratch_dir
from tests.support.postgres import app_url_for

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pair() -> Iterator[tuple[Cluster, Cluster]]:
    """A primary with a Countersign database and a streaming standby of it."""
    base = scratch_dir()
    primary = Cluster(base / "primary").init(fast="1").start()
    standby: Cluster | None = None
    try:
        countersign_database(primary)
        standby = Cluster.standby_of(primary, base / "standby").start()
        yield primary, standby
    finally:
        for cluster in (standby, primary):
            if cluster is not None:
                cluster.remove()
        shutil.rmtree(base, ignore_errors=True)


def _port_of(url: str) -> int:
    engine = build_engine(url, pool_size=1)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(text("SELECT inet_server_port()")) or 0)
    finally:
        engine.dispose()


def test_a_multi_host_url_round_trips_to_libpq() -> None:
    given = "postgresql://u:p%40x@h1:5432,[::1]:5433,h3/db?target_session_attrs=read-write"
    normal = normalise_url(given)
    assert normal.startswith("postgresql+psycopg2://u:p%40x@/db?")
    assert libpq_url(normal) == given  # the same hosts, in order, as libpq takes them
    assert normalise_url(normal) == normal  # normalising twice changes nothing


def test_a_dead_first_host_is_skipped(pair: tuple[Cluster, Cluster]) -> None:
    primary, _ = pair
    dead = free_port()  # nothing listens there
    url = f"postgresql://postgres@127.0.0.1:{dead},127.0.0.1:{primary.port}/countersign"
    assert _port_of(url) == primary.port


def test_read_write_skips_the_standby(pair: tuple[Cluster, Cluster]) -> None:
    """target_session_attrs=read-write: whichever host is the primary, in any order."""
    primary, standby = pair
    hosts = f"127.0.0.1:{standby.port},127.0.0.1:{primary.port}"
    url = f"postgresql://postgres@{hosts}/countersign?target_session_attrs=read-write"
    assert _port_of(url) == primary.port
    assert _port_of(url.replace("read-write", "any")) == standby.port


@pytest.fixture
def throwaway() -> Iterator[tuple[Cluster, str]]:
    base = scratch_dir()
    cluster = Cluster(base / "alone").init(fast="1").start()
    try:
        yield cluster, countersign_database(cluster)
    finally:
        cluster.remove()
        shutil.rmtree(base, ignore_errors=True)


def test_the_server_answers_again_after_the_database_restarts(
    throwaway: tuple[Cluster, str], tmp_path: Path
) -> None:
    cluster, url = throwaway
    server = LiveServer(url, tmp_path / "tls").start()
    try:
        api = log_in(server, add_user(server, "restart_watcher", [Role.AUDITOR]))
        assert api.auth.me().username == "restart_watcher"
        cluster.restart()  # every pooled connection is now broken
        # pre-ping finds the pooled connections dead and connects afresh
        assert api.auth.me().username == "restart_watcher"
    finally:
        server.close()


def test_a_connection_broken_mid_request_is_a_503_and_the_next_request_works(
    throwaway: tuple[Cluster, str], tmp_path: Path
) -> None:
    cluster, url = throwaway
    engine = build_engine(app_url_for(url), pool_size=2)
    app = create_app(ServerSettings(database_url=app_url_for(url), data_dir=tmp_path), engine)
    probe = APIRouter()

    @probe.get("/api/v1/probe/slow")
    def slow(session: Transaction) -> int:
        return int(session.scalar(text("SELECT 1 FROM pg_sleep(3)")) or 0)

    app.include_router(probe)

    ended: list[object] = []

    def terminate_when_sleeping() -> None:
        deadline = time.monotonic() + 10
        while not ended and time.monotonic() < deadline:
            time.sleep(0.05)
            ended[:] = cluster.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query = 'SELECT 1 FROM pg_sleep(3)' AND state = 'active'"
            )

    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            killer = threading.Thread(target=terminate_when_sleeping)
            killer.start()
            broken = client.get("/api/v1/probe/slow", headers={"Accept-Language": "en"})
            killer.join()
            assert ended == [(True,)], ended
            assert broken.status_code == 503
            assert broken.json()["code"] == "database.unavailable"
            assert client.get("/api/v1/health").status_code == 200
    finally:
        engine.dispose()


def test_the_server_follows_a_failover(pair: tuple[Cluster, Cluster], tmp_path: Path) -> None:
    """Primary killed, standby promoted: the server on a multi-host URL answers
    503 meanwhile, never 500, then works on the new primary without a restart.
    Last in this module: it uses the pair up."""
    primary, standby = pair
    hosts = f"127.0.0.1:{primary.port},127.0.0.1:{standby.port}"
    url = f"postgresql://postgres@{hosts}/countersign?target_session_attrs=read-write"
    server = LiveServer(url, tmp_path / "tls").start()
    try:
        api = log_in(server, add_user(server, "failover_watcher", [Role.AUDITOR]))
        standby.wait_replayed(primary)
        primary.kill()
        standby.promote()
        seen: list[int] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            response = api.transport._send("GET", "/auth/me")  # raw: see every status
            seen.append(response.status_code)
            if response.status_code == 200:
                break
            time.sleep(0.2)
        assert seen[-1] == 200, seen
        assert set(seen) <= {200, 503}, seen
        assert _port_of(url) == standby.port
    finally:
        server.close()

"""Reads run in read-only transactions (server/api/read_only.py): an unlisted
GET that writes fails and leaves nothing; the listed ones still write; the
caller's session check still touches last-seen on a read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from common.enums import Role
from common.version import API_PREFIX
from server.api import read_only
from server.api.deps import ReplicaRead, Transaction
from server.app import create_app
from server.db.engine import build_engine
from server.db.models import UserSession
from server.db.uow import UnitOfWork
from server.settings import ServerSettings
from tests.support.accounts import add_user, log_in
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def probe_app(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The real app plus a GET that writes, and routes that say how they run."""
    engine = build_engine(module_database_url, pool_size=2)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE probe_read_writes (k int)"))
    app = create_app(
        ServerSettings(database_url=module_database_url, data_dir=tmp_path_factory.mktemp("d")),
        engine,
    )
    probe = APIRouter()

    @probe.get("/api/v1/probe/writes")
    def writes(session: Transaction) -> dict[str, bool]:
        session.execute(text("INSERT INTO probe_read_writes (k) VALUES (1)"))
        return {"ok": True}

    @probe.get("/api/v1/probe/mode")
    def mode_get(session: Transaction) -> str:
        return str(session.scalar(text("SHOW transaction_read_only")))

    @probe.post("/api/v1/probe/mode")
    def mode_post(session: Transaction) -> str:
        return str(session.scalar(text("SHOW transaction_read_only")))

    @probe.post("/api/v1/probe/replica-mode")
    def mode_replica(session: ReplicaRead) -> str:
        return str(session.scalar(text("SHOW transaction_read_only")))

    app.include_router(probe)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.engine = engine  # type: ignore[attr-defined]
        yield client
    engine.dispose()


def _written(client: TestClient) -> int:
    with client.engine.connect() as connection:  # type: ignore[attr-defined]
        return int(connection.scalar(text("SELECT count(*) FROM probe_read_writes")) or 0)


def test_a_get_runs_read_only_and_a_post_does_not(probe_app: TestClient) -> None:
    assert probe_app.get("/api/v1/probe/mode").json() == "on"
    assert probe_app.post("/api/v1/probe/mode").json() == "off"
    # without a replica, replica reads are read-only transactions on the primary
    assert probe_app.post("/api/v1/probe/replica-mode").json() == "on"


def test_a_get_that_writes_fails_and_leaves_nothing(probe_app: TestClient) -> None:
    response = probe_app.get("/api/v1/probe/writes", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert response.json()["code"] == "server.internal"
    assert _written(probe_app) == 0


def test_a_listed_get_may_write(probe_app: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(read_only.WRITING_READS, ("GET", "/probe/writes"), "a test says so")
    assert probe_app.get("/api/v1/probe/writes").status_code == 200
    assert _written(probe_app) == 1


def test_every_listed_writing_read_is_a_get_route_of_the_app(probe_app: TestClient) -> None:
    # the app holds its routers as included (lazy) routers: walk the routes they give
    routes = {
        (method, (route.path or "").removeprefix(API_PREFIX))
        for route in iter_route_contexts(probe_app.app.routes)  # type: ignore[attr-defined]
        if isinstance(route.original_route, APIRoute)
        for method in route.methods or set()
    }
    assert len(routes) >= 100
    stale = set(read_only.WRITING_READS) - routes
    assert not stale, f"WRITING_READS names routes that do not exist: {stale}"
    assert all(reason for reason in read_only.WRITING_READS.values())


def test_a_read_still_touches_the_callers_session(live_server: LiveServer) -> None:
    """Checking the session on a read runs in a transaction of its own, so its
    last-seen time still moves (the idle timeout counts from it)."""
    user = add_user(live_server, "reader_touch", [Role.AUDITOR])
    api = log_in(live_server, user)
    with UnitOfWork(live_server.engine).transaction() as session:
        row = session.scalars(select(UserSession).where(UserSession.user_id == user.id)).one()
        row.last_seen_at -= dt.timedelta(minutes=5)
        before = row.last_seen_at
    api.auth.me()  # GET /auth/me
    with UnitOfWork(live_server.engine).transaction() as session:
        row = session.scalars(select(UserSession).where(UserSession.user_id == user.id)).one()
        assert row.last_seen_at > before


def test_the_listed_notification_poll_still_writes(live_server: LiveServer) -> None:
    """A writing read of the list (its poll sweeps due reminders) answers, not 500."""
    user = add_user(live_server, "reader_poll", [Role.CLERK])
    api = log_in(live_server, user)
    assert api.notifications.poll() is not None

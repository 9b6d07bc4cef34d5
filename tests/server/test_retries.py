"""Retries at the transaction boundary, against a real server: two requests made
to deadlock in PostgreSQL both succeed — the one PostgreSQL aborted is run again
whole — and the retry is in the server's log; every route of the API retries."""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Iterator, Sequence
from itertools import count

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import text
from starlette.requests import Request
from starlette.routing import BaseRoute

from client.api import ApiClient, ApiError
from common.enums import Role
from common.schemas.documents import DocumentOut
from server.api.retrying_route import RetryingRoute, delay, replayable
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, income, today
from tests.support.live_server import LiveServer

_names = count(1)
Draft = tuple[ApiClient, DocumentOut]
LOCK_BASE = 424_200

# Installed for one test: the update of document A takes advisory lock 1 and
# waits until the update of B holds lock 2, then asks for lock 2 (B: the other
# way round) — a deadlock whoever arrives first. PostgreSQL aborts one; its run
# again finds the drill done (the survivor recorded it) and goes straight through.
DRILL = """
CREATE TABLE deadlock_drill_done (document_id bigint);
CREATE FUNCTION deadlock_drill() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    mine bigint;
    other bigint;
    waited int := 0;
BEGIN
    IF NEW.id NOT IN ({a}, {b}) THEN
        RETURN NEW;
    END IF;
    mine := CASE WHEN NEW.id = {a} THEN 1 ELSE 2 END;
    other := 3 - mine;
    PERFORM pg_advisory_xact_lock({base} + mine);
    IF EXISTS (SELECT 1 FROM deadlock_drill_done) THEN
        RETURN NEW;
    END IF;
    WHILE waited < 1000 AND NOT EXISTS (
        SELECT 1 FROM pg_locks
        WHERE locktype = 'advisory' AND objid = {base} + other AND granted
    ) LOOP
        PERFORM pg_sleep(0.01);
        waited := waited + 1;
    END LOOP;
    PERFORM pg_advisory_xact_lock({base} + other);
    INSERT INTO deadlock_drill_done VALUES (NEW.id);
    RETURN NEW;
END $$;
CREATE TRIGGER deadlock_drill BEFORE UPDATE ON documents
    FOR EACH ROW EXECUTE FUNCTION deadlock_drill();
"""
UNDO = """
DROP TRIGGER IF EXISTS deadlock_drill ON documents;
DROP FUNCTION IF EXISTS deadlock_drill();
DROP TABLE IF EXISTS deadlock_drill_done;
"""


@pytest.fixture
def two_drafts(
    live_server: LiveServer, codes: Codes
) -> Iterator[list[tuple[ApiClient, DocumentOut]]]:
    drafts = []
    for _ in range(2):
        api = log_in(live_server, clerk(live_server, f"retry.clerk{next(_names)}"))
        payer = f"死锁演练{next(_names)}"
        drafts.append((api, api.documents.create(income(codes, today(live_server), payer=payer))))
    (_, a), (_, b) = drafts
    with live_server.engine.begin() as connection:
        connection.exec_driver_sql(DRILL.format(a=a.id, b=b.id, base=LOCK_BASE))
    try:
        yield drafts
    finally:
        with live_server.engine.begin() as connection:
            connection.exec_driver_sql(UNDO)


def test_two_requests_that_deadlock_both_succeed_after_a_retry(
    live_server: LiveServer,
    codes: Codes,
    two_drafts: list[Draft],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="server.api.retrying_route")

    def change(pair: Draft) -> DocumentOut:
        api, doc = pair
        form = doc.to_draft().model_copy(update={"summary": f"改过 {doc.id}"})
        return api.documents.update(doc.id, form, version=doc.version)

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        changed = list(pool.map(change, two_drafts))

    assert [d.summary for d in changed] == [f"改过 {doc.id}" for _, doc in two_drafts]
    assert [d.version for d in changed] == [doc.version + 1 for _, doc in two_drafts]
    retries = [r.getMessage() for r in caplog.records if "retrying PUT" in r.getMessage()]
    assert len(retries) == 1 and "DeadlockDetected [40P01]" in retries[0]
    with live_server.engine.connect() as connection:
        done = connection.execute(text("SELECT count(*) FROM deadlock_drill_done")).scalar()
    assert done == 1  # the survivor's; the aborted run left nothing


def api_routes(routes: Sequence[BaseRoute]) -> Iterator[BaseRoute]:
    """The app's routes, inside included routers too (FastAPI keeps those whole)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from api_routes(inner.routes) if inner is not None else (route,)


def test_every_route_of_the_api_retries(live_server: LiveServer) -> None:
    routes = [r for r in api_routes(live_server.app.routes) if isinstance(r, APIRoute)]
    assert len(routes) >= 100
    assert [r.path for r in routes if not isinstance(r, RetryingRoute)] == []


def test_waits_grow_and_uploads_are_not_replayed() -> None:
    assert all(0 <= delay(n) <= 0.02 * 2**n for n in range(1, 5) for _ in range(50))

    def request(method: str, content_type: str) -> Request:
        headers = [(b"content-type", content_type.encode())]
        return Request({"type": "http", "method": method, "headers": headers})

    assert replayable(request("GET", ""))
    assert replayable(request("PUT", "application/json"))
    assert not replayable(request("POST", "multipart/form-data; boundary=x"))


# Installed for one test: an insert of the race's user name waits until the
# other request's insert has come as far (both passed the "name taken?" check),
# then both insert; the unique index lets the first through and the other fails.
RACE = """
CREATE FUNCTION user_race() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    waited int := 0;
BEGIN
    IF NEW.username <> '{name}' THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock_shared({base});
    WHILE waited < 1000 AND (
        SELECT count(*) FROM pg_locks
        WHERE locktype = 'advisory' AND objid = {base} AND granted
    ) < 2 LOOP
        PERFORM pg_sleep(0.01);
        waited := waited + 1;
    END LOOP;
    RETURN NEW;
END $$;
CREATE TRIGGER user_race BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION user_race();
"""
TAKEN = """
CREATE FUNCTION user_taken() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF NEW.username = '{name}' THEN
        RAISE unique_violation USING CONSTRAINT = 'drill_always_taken';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER user_taken BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION user_taken();
"""


@pytest.fixture
def admins(live_server: LiveServer) -> list[ApiClient]:
    return [
        log_in(live_server, add_user(live_server, f"retry.admin{next(_names)}", [Role.ADMIN]))
        for _ in range(2)
    ]


def test_two_administrators_creating_one_name_at_once_get_created_and_exists(
    live_server: LiveServer, admins: list[ApiClient], caplog: pytest.LogCaptureFixture
) -> None:
    """A check-then-insert race: the later insert fails on the unique index; its
    request runs again, sees the name taken and says so (409 user.exists)."""
    caplog.set_level(logging.WARNING, logger="server.api.retrying_route")
    name = f"race.same{next(_names)}"
    with live_server.engine.begin() as connection:
        connection.exec_driver_sql(RACE.format(name=name, base=LOCK_BASE + 10))
    try:

        def create(api: ApiClient) -> str:
            try:
                api.admin.create_user(name, "同名竞争", [Role.CLERK], [])
            except ApiError as refused_:
                return f"{refused_.status} {refused_.code}"
            return "created"

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            answers = sorted(pool.map(create, admins))
    finally:
        with live_server.engine.begin() as connection:
            connection.exec_driver_sql(
                "DROP TRIGGER user_race ON users; DROP FUNCTION user_race();"
            )
    assert answers == ["409 user.exists", "created"]
    retries = [r.getMessage() for r in caplog.records if "retrying POST" in r.getMessage()]
    assert len(retries) == 1 and "[23505]" in retries[0]


def test_a_unique_key_still_taken_after_the_last_run_is_a_409_with_a_code(
    live_server: LiveServer, admins: list[ApiClient]
) -> None:
    name = f"always.taken{next(_names)}"
    with live_server.engine.begin() as connection:
        connection.exec_driver_sql(TAKEN.format(name=name))
    try:
        conflict = refused(admins[0].admin.create_user, name, "永远重名", [Role.CLERK], [])
    finally:
        with live_server.engine.begin() as connection:
            connection.exec_driver_sql(
                "DROP TRIGGER user_taken ON users; DROP FUNCTION user_taken();"
            )
    assert (conflict.status, conflict.code) == (409, "database.conflict")
    assert conflict.params == {"constraint": "drill_always_taken"}
    assert "drill_always_taken" in conflict.message
    with live_server.engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT count(*) FROM users WHERE username = :n"), {"n": name}
            ).scalar()
            == 0
        )

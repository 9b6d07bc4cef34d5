"""Shared fixtures: one PostgreSQL per session, fresh databases, live HTTPS servers."""

from __future__ import annotations

import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from common.labels import ACTION_LABELS
from server.db.engine import build_engine
from tests.support.live_server import LiveServer
from tests.support.postgres import PostgresForTests, postgres_for_tests


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresForTests]:
    with postgres_for_tests(tmp_path_factory.mktemp("cluster")) as cluster:
        yield cluster
        unlabelled = cluster.recorded_actions() - ACTION_LABELS.keys() - _invented_by_tests()
        assert not unlabelled, f"actions without words in common/labels.py: {unlabelled}"


def _invented_by_tests() -> set[str]:
    """Actions some tests write straight into the log ("cap.probe"): not the server's."""
    found: set[str] = set()
    for path in Path(__file__).parent.rglob("*.py"):
        found.update(re.findall(r'"([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    server = "".join(
        p.read_text(encoding="utf-8") for p in (Path(__file__).parents[1] / "server").rglob("*.py")
    )
    return {action for action in found if f'"{action}"' not in server}


@pytest.fixture
def database_url(postgres: PostgresForTests) -> str:
    """A fresh, migrated database for this test alone."""
    return postgres.create_database()


@pytest.fixture(scope="module")
def module_database_url(postgres: PostgresForTests) -> str:
    """A fresh, migrated database shared by the tests of one module."""
    return postgres.create_database()


@pytest.fixture(scope="module")
def module_engine(module_database_url: str) -> Iterator[Engine]:
    engine = build_engine(module_database_url, pool_size=2)
    yield engine
    engine.dispose()


@pytest.fixture
def session(module_engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test, even what it committed."""
    with module_engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as db:
            yield db
        transaction.rollback()


@pytest.fixture(scope="module")
def live_server(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A real HTTPS server on its own database, started once per module."""
    server = LiveServer(module_database_url, tmp_path_factory.mktemp("tls")).start()
    yield server
    server.close()


@pytest.fixture
def client_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty client settings directory for this test (and an empty machine
    configuration folder: no provisioning file unless the test writes one)."""
    home = tmp_path / "client-home"
    monkeypatch.setenv("COUNTERSIGN_CLIENT_HOME", str(home))
    monkeypatch.setenv("COUNTERSIGN_MACHINE_CONFIG", str(tmp_path / "machine-config"))
    return home


@pytest.fixture
def memory_keyring() -> Iterator[object]:
    """The OS keyring replaced by an in-memory one for this test."""
    import keyring

    from tests.support.memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)

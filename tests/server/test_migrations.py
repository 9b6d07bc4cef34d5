"""The migrations build exactly the schema the models describe, and can go back."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from server.db.engine import build_engine
from server.db.migrate import current_revision, downgrade_to, head_revision, upgrade_to_head
from server.db.models import Base
from tests.support.postgres import PostgresForTests


def test_empty_database_migrates_to_head_and_matches_the_models(postgres: PostgresForTests) -> None:
    engine = build_engine(postgres.create_database(empty=True), pool_size=1)
    try:
        assert upgrade_to_head(engine) == head_revision()
        with engine.connect() as connection:
            assert current_revision(connection) == head_revision()
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert differences == [], f"models and migrations disagree: {differences}"
    finally:
        engine.dispose()


def test_downgrade_to_base_and_up_again(postgres: PostgresForTests) -> None:
    engine = build_engine(postgres.create_database(empty=True), pool_size=1)
    try:
        upgrade_to_head(engine)
        downgrade_to(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade_to_head(engine)
        assert {"users", "user_roles", "budget_units", "user_units"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()


def test_upgrade_is_idempotent(database_url: str) -> None:
    engine = build_engine(database_url, pool_size=1)
    try:
        assert upgrade_to_head(engine) == head_revision()
        assert upgrade_to_head(engine) == head_revision()
    finally:
        engine.dispose()

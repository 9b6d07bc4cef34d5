"""The migrations build exactly the schema the models describe, and can go back."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from server.db.engine import build_engine
from server.db.migrate import (
    alembic_config,
    current_revision,
    downgrade_to,
    head_revision,
    upgrade_to_head,
)
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


def test_items_under_review_before_routing_existed_go_back_to_their_makers(
    postgres: PostgresForTests,
) -> None:
    """0006: an item submitted before 0005 has no route, so no reviewer could ever see
    it; the upgrade hands it back to its maker as a recalled draft, number kept."""
    engine = build_engine(postgres.create_database(empty=True), pool_size=1)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0004")
            connection.execute(text(LEGACY_ITEM))
        upgrade_to_head(engine)
        with engine.connect() as connection:
            doc = connection.execute(
                text("SELECT status, number, version FROM documents WHERE summary = 'legacy'")
            ).one()
            action = connection.execute(
                text(
                    "SELECT action, opinion FROM approval_actions a JOIN documents d "
                    "ON d.id = a.document_id WHERE d.summary = 'legacy'"
                )
            ).one()
        assert (doc.status, doc.number, doc.version) == ("draft", 7, 2)
        assert action.action == "recalled" and "重新提交" in action.opinion
    finally:
        engine.dispose()


LEGACY_ITEM = """
WITH unit AS (
    INSERT INTO budget_units (code, name) VALUES ('900', '旧单位') RETURNING id
), maker AS (
    INSERT INTO users (username, display_name, password_hash, password_changed_at)
    VALUES ('legacy', 'legacy', 'x', now()) RETURNING id
), period AS (
    INSERT INTO fiscal_periods (year, month) VALUES (2026, 10) RETURNING id
)
INSERT INTO documents (kind, status, unit_id, doc_date, series, period_id, number, amount,
                       summary, maker_id, updated_at, submitted_at)
SELECT 'income', 'submitted', unit.id, DATE '2026-10-12', '收', period.id, 7, 100.00,
       'legacy', maker.id, now(), now()
  FROM unit, maker, period
"""

"""Alembic environment: always runs on a connection handed in by server.db.migrate.

All pending migrations run in one transaction (PostgreSQL's DDL is
transactional): when any of them fails, every one of them is rolled back and
the database stays at the revision the previous version runs on. Not one
transaction per migration, which would leave it half-way, usable by neither
version. ``on_version_apply`` (from server.db.migrate) records each step, so
the failing migration can be named."""

from __future__ import annotations

from alembic import context

from server.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `countersign-server migrate`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    compare_type=True,
    transaction_per_migration=False,
    on_version_apply=config.attributes.get("on_version_apply"),
)
with context.begin_transaction():
    context.run_migrations()

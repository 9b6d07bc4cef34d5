"""Alembic environment: always runs on a connection handed in by server.db.migrate."""

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
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()

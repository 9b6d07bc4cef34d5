"""export jobs shared by every server process: a queue, leases, files in the database

Several server processes (on several hosts, each with its own data directory)
may run on one database, and any of them answers any request, so an export job
lives in the database alone:

- export_jobs.state gains 'queued' (the database's own: the client still sees
  'running'); a worker claims a queued job (worker, claimed_at, claims) and
  keeps heartbeat_at fresh while it writes. A running job always names its
  worker and heartbeat; a done job always has its file.
- export_jobs.origin_host, origin_address: where the request came from, for the
  operation log row the worker writes when the job is done.
- export_files: the finished workbook in 1 MiB chunks (file_size, file_chunks
  on the job), until its owner fetches it once. Written once and deleted, never
  updated: the server's role has no UPDATE on it.

Jobs of the old layout cannot go on: the running ones were written by a thread
of the server being upgraded, and the done ones' files are on its disk, which
other processes cannot read. Both are marked failed with export.interrupted
(the client says: export again).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-14 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK_BYTES = 1024 * 1024
OLD_STATES = "'running', 'done', 'failed', 'cancelled', 'collected'"
NEW_STATES = "'queued', 'running', 'done', 'failed', 'cancelled', 'collected'"

GRANTS = """
DO $grants$
BEGIN
    IF (SELECT count(*) FROM pg_roles
        WHERE rolname IN ('countersign_owner', 'countersign_app')) < 2 THEN
        RAISE NOTICE 'no countersign roles in this cluster: privileges left as they are';
        RETURN;
    END IF;
    GRANT SELECT, INSERT, DELETE ON export_files TO countersign_app;
    REVOKE UPDATE, TRUNCATE ON export_files FROM countersign_app;
END
$grants$;
"""


def upgrade() -> None:
    op.execute(
        "UPDATE export_jobs SET state = 'failed', error_code = 'export.interrupted',"
        " finished_at = coalesce(finished_at, now()) WHERE state IN ('running', 'done')"
    )
    op.add_column(
        "export_jobs",
        sa.Column("origin_host", sa.String(length=255), server_default="", nullable=False),
    )
    op.add_column(
        "export_jobs",
        sa.Column("origin_address", sa.String(length=64), server_default="", nullable=False),
    )
    op.add_column("export_jobs", sa.Column("worker", sa.String(length=120), nullable=True))
    op.add_column(
        "export_jobs", sa.Column("claims", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column(
        "export_jobs", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "export_jobs", sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("export_jobs", sa.Column("file_size", sa.BigInteger(), nullable=True))
    op.add_column("export_jobs", sa.Column("file_chunks", sa.Integer(), nullable=True))
    op.add_column(
        "export_jobs", sa.Column("collected_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.alter_column("export_jobs", "state", server_default="queued")
    op.drop_constraint(op.f("ck_export_jobs_state_known"), "export_jobs", type_="check")
    op.create_check_constraint(
        op.f("ck_export_jobs_state_known"), "export_jobs", f"state IN ({NEW_STATES})"
    )
    op.create_check_constraint(
        op.f("ck_export_jobs_running_claimed"),
        "export_jobs",
        "state <> 'running' OR (worker IS NOT NULL AND heartbeat_at IS NOT NULL)",
    )
    op.create_check_constraint(
        op.f("ck_export_jobs_file_chunks"),
        "export_jobs",
        "(file_size IS NULL) = (file_chunks IS NULL)"
        f" AND (file_size IS NULL OR file_chunks = (file_size + {CHUNK_BYTES - 1})"
        f" / {CHUNK_BYTES})",
    )
    op.create_check_constraint(
        op.f("ck_export_jobs_done_has_file"),
        "export_jobs",
        "state <> 'done' OR file_size IS NOT NULL",
    )
    op.create_index(
        "ix_export_jobs_unfinished",
        "export_jobs",
        ["state", "started_at"],
        postgresql_where=sa.text("state IN ('queued', 'running')"),
    )
    op.create_table(
        "export_files",
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("seq >= 0", name=op.f("ck_export_files_seq")),
        sa.CheckConstraint(
            f"octet_length(data) BETWEEN 1 AND {CHUNK_BYTES}",
            name=op.f("ck_export_files_data_length"),
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["export_jobs.id"],
            name=op.f("fk_export_files_job_id_export_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "seq", name=op.f("pk_export_files")),
    )
    # A workbook is a zip already: kept as it is, and read without decompressing.
    op.execute("ALTER TABLE export_files ALTER COLUMN data SET STORAGE EXTERNAL")
    op.execute(GRANTS)


def downgrade() -> None:
    op.drop_table("export_files")
    op.execute(
        "UPDATE export_jobs SET state = 'failed', error_code = 'export.interrupted',"
        " finished_at = coalesce(finished_at, now()) WHERE state IN ('queued', 'running', 'done')"
    )
    op.drop_index("ix_export_jobs_unfinished", table_name="export_jobs")
    op.drop_constraint(op.f("ck_export_jobs_done_has_file"), "export_jobs", type_="check")
    op.drop_constraint(op.f("ck_export_jobs_file_chunks"), "export_jobs", type_="check")
    op.drop_constraint(op.f("ck_export_jobs_running_claimed"), "export_jobs", type_="check")
    op.drop_constraint(op.f("ck_export_jobs_state_known"), "export_jobs", type_="check")
    op.create_check_constraint(
        op.f("ck_export_jobs_state_known"), "export_jobs", f"state IN ({OLD_STATES})"
    )
    op.alter_column("export_jobs", "state", server_default="running")
    for column in (
        "collected_at",
        "file_chunks",
        "file_size",
        "heartbeat_at",
        "claimed_at",
        "claims",
        "worker",
        "origin_address",
        "origin_host",
    ):
        op.drop_column("export_jobs", column)

"""least-privilege database roles: the server's role gets DML only, and
approval_actions becomes append-only like the operation log

The roles themselves (countersign_owner owns the schema, countersign_app is the
server's login role) are cluster-wide and made by a superuser: the embedded
cluster at start (server/embedded_pg.py), the DBA for an external database
(server/db/roles.sql). Where they exist, this gives the server's role its
privileges on the tables of today; default privileges give it DML on the
tables of later migrations. A later migration adding an append-only table must
REVOKE UPDATE, DELETE on it from countersign_app itself (and list it in
server.db.roles.APPEND_ONLY).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 16:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GRANTS = """
DO $grants$
BEGIN
    IF (SELECT count(*) FROM pg_roles
        WHERE rolname IN ('countersign_owner', 'countersign_app')) < 2 THEN
        RAISE NOTICE 'no countersign roles in this cluster: privileges left as they are';
        RETURN;
    END IF;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO countersign_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO countersign_app;
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, approval_actions FROM countersign_app;
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM countersign_app;
    IF pg_has_role(current_user, 'countersign_owner', 'MEMBER') THEN
        ALTER DEFAULT PRIVILEGES FOR ROLE countersign_owner IN SCHEMA public
            GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO countersign_app;
        ALTER DEFAULT PRIVILEGES FOR ROLE countersign_owner IN SCHEMA public
            GRANT USAGE, SELECT ON SEQUENCES TO countersign_app;
    END IF;
END
$grants$;
"""


def upgrade() -> None:
    # Who approved and their opinion: refused even to the owner (defence in depth).
    op.execute("""
        CREATE FUNCTION approval_actions_are_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'approval_actions is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END $$;
    """)
    op.execute("""
        CREATE TRIGGER approval_actions_no_update_delete BEFORE UPDATE OR DELETE
        ON approval_actions FOR EACH ROW EXECUTE FUNCTION approval_actions_are_append_only();
    """)
    op.execute("""
        CREATE TRIGGER approval_actions_no_truncate BEFORE TRUNCATE ON approval_actions
        FOR EACH STATEMENT EXECUTE FUNCTION approval_actions_are_append_only();
    """)
    op.execute(GRANTS)


def downgrade() -> None:
    # The privileges stay: the server's role must keep working on the older schema.
    op.execute("DROP TRIGGER approval_actions_no_truncate ON approval_actions")
    op.execute("DROP TRIGGER approval_actions_no_update_delete ON approval_actions")
    op.execute("DROP FUNCTION approval_actions_are_append_only()")

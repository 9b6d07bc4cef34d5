"""Which rights the server's own database connection has beyond its role's
(README "Database roles"): an install whose ``database_url`` still names the
superuser or the owner keeps running, but the operation log's and the approval
record's guards then hold only as long as nobody uses that connection to get
around them, so 系统状态 and the alerts say so in red."""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from server.db.roles import OWNER_ROLE

SUPERUSER = "superuser"
DATABASE_OWNER = "database_owner"  # owns the database, or is a member of its owner
OWNER_ROLE_MEMBER = "owner_role"  # may SET ROLE countersign_owner
OBJECT_OWNER = "object_owner"  # owns a table (may disable its triggers, drop it)
REPLICATION_ROLE = "session_replication_role"  # may skip every trigger

_CHECK = text(
    """
SELECT current_user AS name, r.rolsuper AS superuser,
       pg_has_role(current_user, d.datdba, 'MEMBER') AS database_owner,
       EXISTS (SELECT 1 FROM pg_roles o WHERE o.rolname = :owner
                 AND pg_has_role(current_user, o.oid, 'MEMBER')) AS owner_role,
       EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                  AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS object_owner,
       current_setting('server_version_num')::int AS version
  FROM pg_roles r, pg_database d
 WHERE r.rolname = current_user AND d.datname = current_database()
"""
)
# PostgreSQL 15 and later can grant SET on a superuser-only parameter.
_REPLICATION = text("SELECT has_parameter_privilege('session_replication_role', 'SET')")


def excess_rights(connection: Connection | Session) -> tuple[str, list[str]]:
    """The connected role's name and what it may do that the server's role may
    not (empty: the restricted role, as it should be)."""
    row = connection.execute(_CHECK, {"owner": OWNER_ROLE}).one()
    found = [
        reason
        for reason, held in (
            (SUPERUSER, row.superuser),
            (DATABASE_OWNER, row.database_owner),
            (OWNER_ROLE_MEMBER, row.owner_role),
            (OBJECT_OWNER, row.object_owner),
        )
        if held
    ]
    if row.version >= 150000 and connection.execute(_REPLICATION).scalar():
        found.append(REPLICATION_ROLE)
    return str(row.name), found

"""A reviewer may take back an approval the next step has not acted on (收回审批),
and an overdue item may be urged (督办): both are entries of the approval record,
and urging reaches the reviewer as a notification of its own kind.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIONS_BEFORE = "'submitted', 'approved', 'rejected', 'returned', 'delegated', 'recalled'"
KINDS_BEFORE = "'new_work', 'decided', 'due_soon', 'delegated'"


def _check(table: str, name: str, column: str, values: str) -> None:
    op.drop_constraint(op.f(name), table, type_="check")
    op.create_check_constraint(op.f(name), table, f"{column} IN ({values})")


def upgrade() -> None:
    _check(
        "approval_actions",
        "ck_approval_actions_action",
        "action",
        ACTIONS_BEFORE + ", 'taken_back', 'urged'",
    )
    _check("notifications", "ck_notifications_kind", "kind", KINDS_BEFORE + ", 'urged'")


def downgrade() -> None:
    op.execute("DELETE FROM notifications WHERE kind = 'urged'")
    _check("notifications", "ck_notifications_kind", "kind", KINDS_BEFORE)
    _check("approval_actions", "ck_approval_actions_action", "action", ACTIONS_BEFORE)

"""paper pages kept outside: why 附件张数 is more than the attached pages

A document with files counts their pages as its 附件张数; a clerk may declare
more (a contract too thick to scan is kept on paper) only with a reason, kept
here. Empty when the count is the attached pages, or the document has no files.
The documents guard (0007) already freezes every column of an approved document.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-12 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "documents",
        sa.Column("paper_reason", sa.String(length=200), server_default="", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("documents", "paper_reason")

"""initial schema: users, roles, budget units

Revision ID: 0001
Revises:
Create Date: 2026-11-22 18:49:23.481483
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('budget_units',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('parent_id', sa.BigInteger(), nullable=True),
    sa.Column('is_active', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("code ~ '^[0-9A-Za-z]{1,32}$'", name=op.f('ck_budget_units_code_format')),
    sa.CheckConstraint('parent_id IS NULL OR parent_id <> id', name=op.f('ck_budget_units_not_own_parent')),
    sa.ForeignKeyConstraint(['parent_id'], ['budget_units.id'], name=op.f('fk_budget_units_parent_id_budget_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_units')),
    sa.UniqueConstraint('code', name=op.f('uq_budget_units_code'))
    )
    op.create_index(op.f('ix_budget_units_parent_id'), 'budget_units', ['parent_id'], unique=False)
    op.create_table('users',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('is_active', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("username ~ '^[A-Za-z0-9._-]{3,64}$'", name=op.f('ck_users_username_format')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users'))
    )
    op.create_index('uq_users_username_lower', 'users', [sa.text("lower(username)")], unique=True)
    op.create_table('user_roles',
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.CheckConstraint("role IN ('clerk', 'reviewer', 'analyst', 'admin', 'auditor')", name=op.f('ck_user_roles_known_role')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_roles'))
    )
    op.create_table('user_units',
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('unit_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['budget_units.id'], name=op.f('fk_user_units_unit_id_budget_units'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_units_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('user_id', 'unit_id', name=op.f('pk_user_units'))
    )
    op.create_index(op.f('ix_user_units_unit_id'), 'user_units', ['unit_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_user_units_unit_id'), table_name='user_units')
    op.drop_table('user_units')
    op.drop_table('user_roles')
    op.drop_index('uq_users_username_lower', table_name='users')
    op.drop_table('users')
    op.drop_index(op.f('ix_budget_units_parent_id'), table_name='budget_units')
    op.drop_table('budget_units')

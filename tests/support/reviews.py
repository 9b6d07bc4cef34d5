"""Reviewers with posts (审批权限) for tests."""

from __future__ import annotations

from sqlalchemy import select

from common.enums import ReviewLevel, Role
from server.db.models import BudgetUnit, ReviewerPost
from server.db.uow import UnitOfWork
from tests.support.accounts import Account, add_user
from tests.support.live_server import LiveServer


def give_post(server: LiveServer, user_id: int, level: ReviewLevel, unit: str) -> None:
    with UnitOfWork(server.engine).transaction() as session:
        unit_id = session.scalars(select(BudgetUnit.id).where(BudgetUnit.code == unit)).one()
        session.add(ReviewerPost(user_id=user_id, unit_id=unit_id, level=level.value))


def reviewer(
    server: LiveServer,
    name: str,
    *posts: tuple[ReviewLevel, str],
    roles: tuple[Role, ...] = (Role.REVIEWER,),
    scope: str = "001",
) -> Account:
    """A reviewer with unit scope ``scope`` holding ``posts`` as (level, unit code)."""
    account = add_user(server, name, list(roles), unit_codes=(scope,))
    for level, unit in posts:
        give_post(server, account.id, level, unit)
    return account

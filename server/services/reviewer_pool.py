"""Who can act on an open step, and whose to-do list shows it.

A reviewer is eligible for a document's step when they are an active, unlocked
reviewer (not an administrator) holding a post over the document's unit, with the
unit in their scope, who did not make the document and did not approve another
step of its current round. The step shows in the lists of the eligible holders of
its *queue level*: the step's own level, or the next level up when nobody else
holds that level over the unit (a supervisor's own item goes to the manager).
While a reviewer is away (休假委托), their list also shows in their stand-in's.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CTE, select, text
from sqlalchemy.orm import Session

from common.enums import ReviewLevel, Role
from common.permissions import PERMISSIONS, Permission
from server.db.models import BudgetUnit, Document, ReviewerAbsence, ReviewerPost, User


def roles_sql(roles: tuple[Role, ...]) -> str:
    """An SQL IN list of role names (enum values, never user input); NULL matches none."""
    return ", ".join(f"'{role.value}'" for role in roles) or "NULL"


# Who may decide, from the permissions table (common/permissions.py).
DECIDERS_SQL = roles_sql(PERMISSIONS[Permission.DECIDE_REVIEWS].roles)
BARRED_SQL = roles_sql(PERMISSIONS[Permission.DECIDE_REVIEWS].never_with)

_ELIGIBLE = text(
    f"""
WITH RECURSIVE up AS (
    SELECT id, parent_id FROM budget_units WHERE id = :unit
    UNION ALL
    SELECT b.id, b.parent_id FROM budget_units b JOIN up ON b.id = up.parent_id
)
SELECT DISTINCT p.user_id, p.level
  FROM reviewer_posts p
  JOIN users u ON u.id = p.user_id
 WHERE p.unit_id IN (SELECT id FROM up)
   AND u.is_active AND u.locked_at IS NULL
   AND u.id <> :maker
   AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ({DECIDERS_SQL}))
   AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ({BARRED_SQL}))
   AND EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = u.id
                  AND uu.unit_id IN (SELECT id FROM up))
   AND NOT EXISTS (SELECT 1 FROM approval_actions a
                    WHERE a.document_id = :doc AND a.round = :round
                      AND a.actor_id = u.id AND a.action = 'approved')
"""
)


Pool = dict[int, set[ReviewLevel]]


def eligible(session: Session, doc: Document) -> Pool:
    """Each eligible reviewer and the levels they hold over the document's unit."""
    found: Pool = {}
    rows = session.execute(
        _ELIGIBLE,
        {"unit": doc.unit_id, "maker": doc.maker_id, "doc": doc.id, "round": doc.review_round},
    )
    for user_id, level_name in rows:
        found.setdefault(user_id, set()).add(ReviewLevel(level_name))
    return found


def queue_level(pool: Pool, needed: ReviewLevel) -> ReviewLevel:
    """The lowest level at or above ``needed`` that someone in ``pool`` holds."""
    held = {level for levels in pool.values() for level in levels if level.rank >= needed.rank}
    return min(held, key=lambda level: level.rank) if held else needed


def queue_holders(pool: Pool, level: ReviewLevel) -> list[int]:
    """Whose lists show a step queued at ``level``."""
    return sorted(user_id for user_id, levels in pool.items() if level in levels)


def may_act_at(pool: Pool, user_id: int, needed: ReviewLevel) -> bool:
    return any(level.rank >= needed.rank for level in pool.get(user_id, ()))


def is_available(session: Session, user_id: int) -> bool:
    user = session.get(User, user_id)
    return user is not None and user.is_active and user.locked_at is None


def stand_ins(session: Session, user_ids: list[int], day: dt.date) -> dict[int, int]:
    """The stand-in of each of ``user_ids`` who is away on ``day`` (absent -> stand-in)."""
    if not user_ids:
        return {}
    rows = session.execute(
        select(ReviewerAbsence.user_id, ReviewerAbsence.delegate_id).where(
            ReviewerAbsence.user_id.in_(user_ids),
            ReviewerAbsence.cancelled_at.is_(None),
            ReviewerAbsence.starts_on <= day,
            ReviewerAbsence.ends_on >= day,
        )
    )
    return {absent: delegate for absent, delegate in rows}


def standing_in_for(session: Session, user_id: int, day: dt.date) -> list[int]:
    """The reviewers away on ``day`` for whom ``user_id`` stands in."""
    return list(
        session.scalars(
            select(ReviewerAbsence.user_id).where(
                ReviewerAbsence.delegate_id == user_id,
                ReviewerAbsence.cancelled_at.is_(None),
                ReviewerAbsence.starts_on <= day,
                ReviewerAbsence.ends_on >= day,
            )
        )
    )


def unit_and_ancestors(unit_id: int) -> CTE:
    """A CTE of ``unit_id`` and every unit above it (for "covers its subtree")."""
    start = select(BudgetUnit.id, BudgetUnit.parent_id).where(BudgetUnit.id == unit_id)
    tree = start.cte("ancestors", recursive=True)
    return tree.union_all(
        select(BudgetUnit.id, BudgetUnit.parent_id).join(tree, BudgetUnit.id == tree.c.parent_id)
    )


def posts_covering(
    session: Session, user_id: int, level: ReviewLevel, unit_id: int
) -> list[ReviewerPost]:
    """The user's posts at ``level`` or above, at ``unit_id`` or a unit above it."""
    levels = [held.value for held in ReviewLevel if held.rank >= level.rank]
    ancestors = unit_and_ancestors(unit_id)
    return list(
        session.scalars(
            select(ReviewerPost).where(
                ReviewerPost.user_id == user_id,
                ReviewerPost.level.in_(levels),
                ReviewerPost.unit_id.in_(select(ancestors.c.id)),
            )
        )
    )

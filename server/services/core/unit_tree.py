"""The trees' walks as SQL: the units below or above a unit, the accounts below
an account, and review levels' ranks.

Unit scope, reviewer posts and approval rules all say "this unit and everything
under it", and ledgers say "this account and its sub-accounts"; each is one
recursive walk, written here once (SQLAlchemy Core) so every query that asks
composes the same CTE. The walks use UNION, so a node reached twice (two roots
in one branch) is listed once and a bad parent loop still ends.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CTE, BindParameter, Case, Select, SQLColumnExpression, case, select
from sqlalchemy.orm import InstrumentedAttribute

from common.enums import ReviewLevel
from server.db.models import Account, BudgetUnit

Node = InstrumentedAttribute[int] | InstrumentedAttribute[int | None]


def walk(start: Select[*tuple[Any, ...]], *, link: Node, step: Node, name: str) -> CTE:
    """A recursive CTE: ``start``'s rows, then for every row of the table whose
    ``link`` is a node already found, its ``step`` (with the found row's other
    columns carried along). The first column of ``start`` is the node."""
    tree = start.cte(name, recursive=True)
    node, *carried = tree.c
    more = select(step, *carried).join(tree, link == node).where(step.is_not(None))
    return tree.union(more)


def subtree(start: Select[*tuple[Any, ...]], *, node: Node, parent: Node, name: str) -> CTE:
    """``start``'s nodes and everything below them, with ``start``'s other
    columns (a post's level, say) carried down to each."""
    return walk(start, link=parent, step=node, name=name)


def units_below(
    roots: int | BindParameter[int] | Select[*tuple[Any, ...]], *, name: str = "units_below"
) -> CTE:
    """The unit (or the units ``roots`` selects, as its first column ``id``) and
    every unit under them."""
    if not isinstance(roots, Select):
        roots = select(BudgetUnit.id).where(BudgetUnit.id == roots)
    return subtree(roots, node=BudgetUnit.id, parent=BudgetUnit.parent_id, name=name)


def units_above(unit_id: int | BindParameter[int], *, name: str = "units_above") -> CTE:
    """The unit and every unit above it: whose posts and rules cover the unit."""
    start = select(BudgetUnit.id).where(BudgetUnit.id == unit_id)
    return walk(start, link=BudgetUnit.id, step=BudgetUnit.parent_id, name=name)


def accounts_below(account_id: int | BindParameter[int], *, name: str = "accounts_below") -> CTE:
    """The account and its sub-accounts, to any depth."""
    start = select(Account.id).where(Account.id == account_id)
    return subtree(start, node=Account.id, parent=Account.parent_id, name=name)


def account_closure(*, name: str = "closure") -> CTE:
    """Every (descendant, ancestor) pair of accounts, each account its own too:
    a parent's totals include its sub-accounts'."""
    start = select(Account.id.label("descendant"), Account.id.label("ancestor"))
    return subtree(start, node=Account.id, parent=Account.parent_id, name=name)


def level_rank(level: SQLColumnExpression[Any]) -> Case[int]:
    """ReviewLevel.rank as SQL, from the enum itself (a higher level may act for a lower)."""
    return case({member.value: member.rank for member in ReviewLevel}, value=level)

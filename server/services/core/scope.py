"""Unit scope (DOMAIN.md "Roles") and the documents' visibility rule.

A unit in a user's scope brings its whole subtree with it: the education
bureau's clerk works for the bureau's schools too. A document is visible to a
user when its unit is in their scope and it is not somebody else's draft: a
draft is its maker's alone until submitted (recalled, it is a draft again).
Lists, searches, exports and every route that takes a document id apply this
one rule, first, so an invisible document answers the same 404 as a missing one
and nothing about its existence or state leaks through a later 409.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, BindParameter, ColumnElement, Select, bindparam, or_, select
from sqlalchemy.orm import Session

from common.enums import DocumentStatus
from common.errors import DomainError
from server.db.models import Document, UserUnit
from server.services.core.unit_tree import units_below


def scope_roots(user_id: int | BindParameter[int]) -> Select[int]:
    """The units given to the user; their scope is these and everything below."""
    return select(UserUnit.unit_id.label("id")).where(UserUnit.user_id == user_id)


_SCOPE = select(units_below(scope_roots(bindparam("user", type_=BigInteger)), name="scope").c.id)


def units_in_scope(session: Session, user_id: int) -> set[int]:
    return set(session.scalars(_SCOPE, {"user": user_id}))


def require_unit(session: Session, user_id: int, unit_id: int) -> None:
    """403 for a unit outside the scope; the same answer whether or not it exists."""
    if unit_id not in units_in_scope(session, user_id):
        raise DomainError("document.unit_out_of_scope", status=403, field="unit_id")


def visible_documents(session: Session, user_id: int) -> list[ColumnElement[bool]]:
    """The documents' visibility rule as SQL conditions: the unit is in the user's
    scope, and a draft (deleted drafts included) is seen by its maker only."""
    return [
        Document.unit_id.in_(sorted(units_in_scope(session, user_id))),
        or_(Document.status != DocumentStatus.DRAFT.value, Document.maker_id == user_id),
    ]


def not_found(document_id: int) -> DomainError:
    """The one answer for a document that does not exist or may not be seen."""
    return DomainError("document.not_found", status=404, document_id=document_id)


def visible_document(
    session: Session, user_id: int, document_id: int, *, lock: bool = False
) -> Document:
    """The document if the user may see it, else :func:`not_found`. With ``lock``
    the row is locked and freshly read (see ``users.lock_user`` on why fresh);
    PostgreSQL re-checks the rule on the version it locked, so a document recalled
    to a draft meanwhile is not found either."""
    statement = select(Document).where(
        Document.id == document_id, *visible_documents(session, user_id)
    )
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    doc = session.scalar(statement)
    if doc is None:
        raise not_found(document_id)
    return doc

"""Idempotency keys: a retried request returns the first answer, never a second document.

The key row is inserted in the request's own transaction. A retry that arrives
while the first attempt is still running waits on the key's unique index and
then finds the stored answer; if the first attempt failed and rolled back, the
key is free again and the retry does the work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from common.errors import DomainError
from server.db.models import IdempotentRequest


def run(
    session: Session,
    *,
    user_id: int,
    key: str,
    fingerprint: bytes,
    call: Callable[[], BaseModel],
) -> BaseModel | dict[str, Any]:
    inserted = session.execute(
        insert(IdempotentRequest)
        .values(user_id=user_id, key=key, fingerprint=fingerprint)
        .on_conflict_do_nothing(index_elements=["user_id", "key"])
        .returning(IdempotentRequest.key)
    ).scalar()
    if inserted is None:
        first = session.scalars(
            select(IdempotentRequest)
            .where(IdempotentRequest.user_id == user_id, IdempotentRequest.key == key)
            .execution_options(populate_existing=True)
        ).one()
        if first.fingerprint != fingerprint or first.response is None:
            raise DomainError("idempotency.key_reused", status=422)
        return first.response
    result = call()
    session.execute(  # one UPDATE, without loading the row first
        update(IdempotentRequest)
        .where(IdempotentRequest.user_id == user_id, IdempotentRequest.key == key)
        .values(response=result.model_dump(mode="json"))
        .execution_options(synchronize_session=False)
    )
    return result

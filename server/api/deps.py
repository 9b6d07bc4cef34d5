"""Request-scoped dependencies: the unit of work and the caller's language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from common.enums import Language, parse_accept_language
from server.db.uow import UnitOfWork


def _transaction(request: Request) -> Iterator[Session]:
    uow: UnitOfWork = request.app.state.uow
    with uow.transaction() as session:
        yield session


def request_language(request: Request) -> Language:
    header = request.headers.get("accept-language")
    if header is None:
        default: Language = request.app.state.settings.default_language
        return default
    return parse_accept_language(header)


# scope="function": commit happens when the route returns, before the response is
# sent, so a failed commit becomes an error answer instead of a false success.
Transaction = Annotated[Session, Depends(_transaction, scope="function")]
RequestLanguage = Annotated[Language, Depends(request_language)]

"""A save or a submission whose answer never came (a timeout, a dropped connection).

The server keeps its first answer to each idempotency key, so sending the very
same request again with the same key tells what happened without doing it twice
(DOMAIN.md: a resubmission after a timeout never creates a second document). The
form keeps the request, and the local copy keeps it across a crash, until a
definite answer arrives; only then is a new request, with a new key, made.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import TypeAdapter

from client.api import ApiClient
from client.api.documents import new_key
from common.schemas.documents import DocumentOut, DraftIn, SubmitIn

_DRAFT = TypeAdapter(DraftIn)


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    SUBMIT = "submit"
    CREATE_AND_SUBMIT = "create_and_submit"

    @property
    def submits(self) -> bool:
        return self in (Action.SUBMIT, Action.CREATE_AND_SUBMIT)


@dataclass(frozen=True)
class PendingRequest:
    """One request as it was sent: its key and everything in its body."""

    action: Action
    draft: dict[str, Any]  # the draft on screen when it was sent, as JSON
    document_id: int | None = None
    version: int | None = None
    duplicate_reason: str = ""
    confirmed: list[str] = field(default_factory=list)
    key: str = field(default_factory=new_key)

    def send(self, api: ApiClient) -> DocumentOut:
        documents = api.documents
        draft = _DRAFT.validate_python(self.draft)
        confirmed = [Decimal(amount) for amount in self.confirmed]
        if self.action is Action.CREATE:
            return documents.create(draft, key=self.key)
        if self.action is Action.CREATE_AND_SUBMIT:
            return documents.create_and_submit(
                draft,
                duplicate_reason=self.duplicate_reason,
                confirmed_amounts=confirmed,
                key=self.key,
            )
        assert self.document_id is not None and self.version is not None
        if self.action is Action.UPDATE:
            return documents.update(self.document_id, draft, version=self.version, key=self.key)
        body = SubmitIn(
            version=self.version,
            duplicate_reason=self.duplicate_reason,
            confirmed_amounts=confirmed,
        )
        return documents.submit(self.document_id, body, key=self.key)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingRequest:
        return cls(**{**data, "action": Action(data["action"])})

"""常见问题: the entries of my language (searched with the manual), and keeping
them in the admin console."""

from __future__ import annotations

from pydantic import TypeAdapter

from client.api.transport import Transport
from common.schemas.faq import FaqIn, FaqOut

_LIST = TypeAdapter(list[FaqOut])


class FaqApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def for_me(self) -> list[FaqOut]:
        """In the language the client asks in (its Accept-Language)."""
        return _LIST.validate_python(self._t.request("GET", "/faq"))

    def every(self) -> list[FaqOut]:
        return _LIST.validate_python(self._t.request("GET", "/admin/faq"))

    def create(self, entry: FaqIn) -> FaqOut:
        body = entry.model_dump(mode="json")
        return FaqOut.model_validate(self._t.request("POST", "/admin/faq", json=body))

    def update(self, entry_id: int, entry: FaqIn) -> FaqOut:
        body = entry.model_dump(mode="json")
        return FaqOut.model_validate(self._t.request("PUT", f"/admin/faq/{entry_id}", json=body))

    def delete(self, entry_id: int) -> None:
        self._t.request("DELETE", f"/admin/faq/{entry_id}")

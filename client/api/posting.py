"""Posting (记账) and the cashier's sign-off (出纳签字): idempotent like the
review decisions, and the two lists of the 记账 page."""

from __future__ import annotations

from client.api.documents import send_once
from client.api.transport import Transport
from common.schemas.documents import DocumentOut
from common.schemas.posting import PostingIn, PostingItemOut, PostingStage


class PostingApi:
    def __init__(self, transport: Transport, *, attempts: int = 3) -> None:
        self._t = transport
        self._attempts = attempts

    def _act(self, document_id: int, name: str, version: int, key: str | None) -> DocumentOut:
        path = f"/documents/{document_id}/{name}"
        body = PostingIn(version=version)
        return DocumentOut.model_validate(
            send_once(self._t, "POST", path, body, key, attempts=self._attempts)
        )

    def post(self, document_id: int, *, version: int, key: str | None = None) -> DocumentOut:
        """记账: the approved voucher (and its record) become 已记账."""
        return self._act(document_id, "post", version, key)

    def cashier_sign(
        self, document_id: int, *, version: int, key: str | None = None
    ) -> DocumentOut:
        """出纳签字 on a voucher touching cash or bank."""
        return self._act(document_id, "cashier-sign", version, key)

    def queue(self, stage: PostingStage) -> list[PostingItemOut]:
        rows = self._t.request("GET", f"/posting/queue/{stage.value}")
        return [PostingItemOut.model_validate(row) for row in rows]

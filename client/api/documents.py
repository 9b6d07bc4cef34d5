"""Documents and reference data.

Every mutation carries an idempotency key made here, once per user action, and
is retried with the same key when no answer came (a timeout, a dropped
connection): the server answers a retry with the first result, so a retry never
creates a second document.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from client.api.errors import ServerUnreachable
from client.api.pages import Page, fetch_page
from client.api.transport import Transport
from common.enums import DocumentKind
from common.schemas.documents import (
    DeleteIn,
    DocumentOut,
    DocumentSummaryOut,
    DraftCreateIn,
    DraftIn,
    DraftUpdateIn,
    NumberGapOut,
    RecallIn,
    SubmitIn,
    SubmitNewIn,
)
from common.schemas.imports import ImportIn, ImportResultOut, ImportRowIn
from common.schemas.reference import ReferenceOut


def new_key() -> str:
    return uuid.uuid4().hex


def send_once(
    transport: Transport, method: str, path: str, body: Any, key: str | None, *, attempts: int
) -> Any:
    """The request, retried with the same key while no answer comes."""
    key = key or new_key()
    payload = body.model_dump(mode="json") if body is not None else None

    @retry(
        retry=retry_if_exception_type(ServerUnreachable),
        stop=stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=0.2, max=2),
        reraise=True,
    )
    def send() -> Any:
        return transport.request(method, path, json=payload, idempotency_key=key)

    return send()


class DocumentsApi:
    def __init__(self, transport: Transport, *, attempts: int = 3) -> None:
        self._t = transport
        self._attempts = attempts

    def _send(self, method: str, path: str, body: Any, key: str | None) -> Any:
        return send_once(self._t, method, path, body, key, attempts=self._attempts)

    def _mutate(self, method: str, path: str, body: Any, key: str | None) -> DocumentOut:
        return DocumentOut.model_validate(self._send(method, path, body, key))

    def create(self, draft: DraftIn, *, key: str | None = None) -> DocumentOut:
        return self._mutate("POST", "/documents", DraftCreateIn(draft=draft), key)

    def update(
        self, document_id: int, draft: DraftIn, *, version: int, key: str | None = None
    ) -> DocumentOut:
        body = DraftUpdateIn(draft=draft, version=version)
        return self._mutate("PUT", f"/documents/{document_id}", body, key)

    def submit(self, document_id: int, body: SubmitIn, *, key: str | None = None) -> DocumentOut:
        return self._mutate("POST", f"/documents/{document_id}/submit", body, key)

    def create_and_submit(
        self,
        draft: DraftIn,
        *,
        duplicate_reason: str = "",
        confirmed_amounts: list[Decimal] | None = None,
        key: str | None = None,
    ) -> DocumentOut:
        """Save and submit a new document at once; refused as a whole or done as a whole."""
        body = SubmitNewIn(
            draft=draft,
            duplicate_reason=duplicate_reason,
            confirmed_amounts=confirmed_amounts or [],
        )
        return self._mutate("POST", "/documents/submit", body, key)

    def recall(self, document_id: int, *, version: int, key: str | None = None) -> DocumentOut:
        body = RecallIn(version=version)
        return self._mutate("POST", f"/documents/{document_id}/recall", body, key)

    def delete(
        self, document_id: int, *, version: int, reason: str, key: str | None = None
    ) -> DocumentOut:
        body = DeleteIn(version=version, reason=reason)
        return self._mutate("POST", f"/documents/{document_id}/delete", body, key)

    def reverse(self, document_id: int, *, key: str | None = None) -> DocumentOut:
        return self._mutate("POST", f"/documents/{document_id}/reverse", None, key)

    def import_rows(
        self, kind: DocumentKind, rows: list[ImportRowIn], *, key: str | None = None
    ) -> ImportResultOut:
        """The whole file becomes drafts, or an ApiError ``import.rejected`` whose
        ``params["problems"]`` name each row and column at fault."""
        body = ImportIn(kind=kind, rows=rows)
        return ImportResultOut.model_validate(self._send("POST", "/documents/import", body, key))

    def mine(self, *, limit: int = 200) -> list[DocumentSummaryOut]:
        """The first page of the caller's own documents, newest change first."""
        return self.mine_page(limit=limit).rows

    def mine_page(self, *, limit: int = 200, after: str | None = None) -> Page[DocumentSummaryOut]:
        """A page of 我的单据, with their number and the next page's token."""
        parse = DocumentSummaryOut.model_validate
        return fetch_page(self._t, "/documents", parse, limit=limit, after=after)

    def number_gaps(self, *, year: int | None = None) -> list[NumberGapOut]:
        params = {"year": year} if year is not None else None
        body = self._t.request("GET", "/documents/number-gaps", params=params)
        return [NumberGapOut.model_validate(row) for row in body]

    def archive_pdf(
        self, document_id: int, target: Path, *, progress: Callable[[int], bool] | None = None
    ) -> int:
        """The 电子会计档案 PDF (the document's page, then every attachment's pages)
        saved at ``target``; its size. The server logs it as an export."""
        return self._t.download(
            f"/documents/{document_id}/archive.pdf", target, method="GET", progress=progress
        )

    def get(self, document_id: int) -> DocumentOut:
        return DocumentOut.model_validate(self._t.request("GET", f"/documents/{document_id}"))

    def reference(self) -> ReferenceOut:
        return ReferenceOut.model_validate(self._t.request("GET", "/reference"))

"""Source documents (原始凭证): a document's files — uploaded from disk or from
memory, listed, downloaded to a file, removed with a reason.

An upload carries an idempotency key made once per user action and is retried
with it while no answer comes, like every document mutation: a retry never
attaches the file twice. The file streams from disk in pieces (httpx reads the
open file as it sends). A download lands under a ``.part`` name and takes the
file's name only once whole; :func:`sha256_of` lets the caller compare it with
the ``sha256`` the list gave.

Transport has no multipart request of its own yet, so :meth:`AttachmentsApi._post_file`
borrows its pinned httpx client, headers and answer decoding; a ``files=``
argument on ``Transport.request`` would replace it.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import httpx
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from client.api.documents import new_key, send_once
from client.api.errors import ServerUnreachable
from client.api.transport import Transport, _decode
from common.schemas.attachments import (
    UPLOAD_FIELD,
    AttachmentDeleteIn,
    AttachmentListedOut,
    AttachmentOut,
)

UPLOAD_TIMEOUT = httpx.Timeout(300.0, connect=5.0)  # 20 MB over a slow office line
_HASH_BLOCK = 1024 * 1024

Progress = Callable[[int], bool]  # bytes sent so far; False cancels


class UploadCancelled(Exception):
    """The user stopped the upload; the server never got the whole request."""


class _Watched(io.RawIOBase):
    """The file as httpx reads it for the request: each piece read is reported,
    and a False from ``progress`` stops the sending."""

    def __init__(self, handle: BinaryIO, progress: Progress) -> None:
        super().__init__()
        self._handle = handle
        self._progress = progress
        self.cancelled = False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._handle.seek(offset, whence)

    def tell(self) -> int:
        return self._handle.tell()

    def read(self, size: int = -1) -> bytes:
        piece = self._handle.read(size)
        if not self._progress(self._handle.tell()):
            self.cancelled = True
            raise UploadCancelled
        return piece


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


class AttachmentsApi:
    def __init__(self, transport: Transport, *, attempts: int = 3) -> None:
        self._t = transport
        self._attempts = attempts

    def add(
        self,
        document_id: int,
        path: Path,
        *,
        key: str | None = None,
        name: str | None = None,
        progress: Progress | None = None,
    ) -> AttachmentOut:
        """Attach the file at ``path`` under ``name`` (its own name by default; the
        server judges its type by its bytes). ``progress`` hears the bytes sent
        and may stop the upload (:class:`UploadCancelled`)."""
        with path.open("rb") as handle:
            sent: BinaryIO = handle
            if progress is not None:
                sent = _Watched(handle, progress)  # type: ignore[assignment]
            return self._post_file(document_id, name or path.name, sent, key)

    def add_bytes(
        self, document_id: int, name: str, data: bytes, *, key: str | None = None
    ) -> AttachmentOut:
        """Attach ``data`` under the file name ``name`` (scripts, a scanner's output)."""
        return self._post_file(document_id, name, io.BytesIO(data), key)

    def listing(self, document_id: int) -> list[AttachmentListedOut]:
        """The document's files, oldest first, each with whether I have opened it."""
        body = self._t.request("GET", f"/documents/{document_id}/attachments")
        return [AttachmentListedOut.model_validate(row) for row in body]

    def download(
        self,
        attachment_id: int,
        target: Path,
        *,
        progress: Callable[[int], bool] | None = None,
    ) -> int:
        """The file saved at ``target``; its size. The server records that I opened
        it (a reviewer must have, before approving). ``progress`` as in
        ``Transport.download`` (return False to cancel)."""
        return self._t.download(
            f"/attachments/{attachment_id}", target, method="GET", progress=progress
        )

    def delete(self, attachment_id: int, *, reason: str, key: str | None = None) -> None:
        """Take the file off its document (its maker, while the document may change)."""
        body = AttachmentDeleteIn(reason=reason)
        send_once(
            self._t,
            "DELETE",
            f"/attachments/{attachment_id}",
            body,
            key,
            attempts=self._attempts,
        )

    def _post_file(
        self, document_id: int, name: str, handle: BinaryIO, key: str | None
    ) -> AttachmentOut:
        key = key or new_key()
        transport = self._t

        @retry(
            retry=retry_if_exception_type(ServerUnreachable),
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=0.2, max=2),
            reraise=True,
        )
        def send() -> Any:
            handle.seek(0)
            try:
                response = transport._http.post(
                    f"/documents/{document_id}/attachments",
                    files={UPLOAD_FIELD: (name, handle, "application/octet-stream")},
                    headers=transport._headers(key),
                    timeout=UPLOAD_TIMEOUT,
                )
            except UploadCancelled:
                raise
            except httpx.TransportError as exc:
                if getattr(handle, "cancelled", False):
                    raise UploadCancelled from exc
                raise ServerUnreachable(f"{transport.address.url}: {exc}") from exc
            return _decode(response, frozenset())

        return AttachmentOut.model_validate(send())

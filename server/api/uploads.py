"""An attachment's upload as it arrives: multipart/form-data with one file field
named ``file``, read here in the HTTP layer.

The body is parsed while it streams in (starlette's multipart parser; the file
waits in a temporary file spooled to disk past 1 MiB, never whole in memory),
and the file's bytes are counted and hashed on the way: past the size
parameter the upload stops at once, naming the file, instead of being read to
its end. The request's idempotency fingerprint is the file's SHA-256 and name
(the generic one would read the whole body into memory first).

Only a signed-in clerk's upload is read at all: the caller is checked before a
byte of the body is.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from common.errors import DomainError
from common.schemas.attachments import UPLOAD_FIELD
from server.api.deps import (
    ClerkAuth,
    DocumentCall,
    IdempotencyHeader,
    Now,
    RequestOrigin,
    Transaction,
    bind_key,
)
from server.services.documents import attachments
from server.services.documents.attachments import ReceivedFile

# What a multipart body carries besides the file: boundaries and part headers.
_ENVELOPE_BYTES = 64 * 1024


class _OneFileParser(MultiPartParser):
    """Starlette's multipart parser for one file and no other field, counting and
    hashing the file's bytes as they come: past ``max_bytes`` of file, or past
    that plus the envelope of body, the upload is refused there and then."""

    def __init__(self, request: Request, *, max_mb: int, max_bytes: int) -> None:
        super().__init__(
            request.headers,
            self._capped(request.stream(), max_bytes + _ENVELOPE_BYTES),
            max_files=1,
            max_fields=0,
        )
        self.max_mb, self.max_bytes = max_mb, max_bytes
        self.size = 0
        self.digest = hashlib.sha256()

    def _refusal(self) -> DomainError:
        file = self._current_part.file
        return attachments.too_large((file.filename or "") if file else "", self.max_mb)

    async def _capped(self, body: AsyncIterator[bytes], cap: int) -> AsyncGenerator[bytes, None]:
        received = 0
        async for chunk in body:
            received += len(chunk)
            if received > cap:
                raise self._refusal()
            yield chunk

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._current_part.file is not None:
            self.size += end - start
            if self.size > self.max_bytes:
                raise self._refusal()
            self.digest.update(data[start:end])
        super().on_part_data(data, start, end)


def _limit(session: Transaction) -> tuple[int, int]:
    """The size parameter as (MB, bytes), read before the body is."""
    return attachments.max_bytes(session)


def _bad_upload() -> DomainError:
    return DomainError("attachment.bad_upload", status=400, field=UPLOAD_FIELD)


async def _received(
    caller: ClerkAuth,
    request: Request,
    limit: Annotated[tuple[int, int], Depends(_limit)],
) -> AsyncIterator[ReceivedFile]:
    """The uploaded file, spooled, with its size and SHA-256; closed after the answer."""
    del caller  # a dependency for its check: nobody's upload is read before it passes
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise _bad_upload()
    max_mb, max_bytes = limit
    parser = _OneFileParser(request, max_mb=max_mb, max_bytes=max_bytes)
    try:
        form = await parser.parse()
    except MultiPartException:
        raise _bad_upload() from None
    try:
        files = [value for _, value in form.multi_items() if isinstance(value, UploadFile)]
        if len(files) != 1 or form.get(UPLOAD_FIELD) is not files[0]:
            raise _bad_upload()
        upload = files[0]
        yield ReceivedFile(
            name=upload.filename or "",
            stream=upload.file,
            size=parser.size,
            sha256=parser.digest.hexdigest(),
        )
    finally:
        await form.close()


ReceivedUpload = Annotated[ReceivedFile, Depends(_received)]


def _upload_call(
    caller: ClerkAuth,
    upload: ReceivedUpload,
    session: Transaction,
    request: Request,
    origin: RequestOrigin,
    now: Now,
    key: IdempotencyHeader = None,
) -> DocumentCall:
    """What an upload route needs, like ``ClerkCall``; a retry with the same key
    and the same file gets the first answer."""
    digest = hashlib.sha256(f"{request.method} {request.url.path}\n".encode())
    digest.update(f"{upload.name}\n{upload.sha256}".encode())
    once = bind_key(session, caller, key, digest.digest())
    return DocumentCall(caller=caller, session=session, origin=origin, now=now, once=once)


UploadCall = Annotated[DocumentCall, Depends(_upload_call)]

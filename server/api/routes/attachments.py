"""Source documents (原始凭证): a document's files — added by its maker as
multipart uploads (one file, field ``file``, with an Idempotency-Key), listed and
downloaded by whoever may see the document, removed by the maker with a reason.

A download is always ``Content-Disposition: attachment`` with the media type
the server recognised, ``nosniff`` and a sandboxing CSP: a stored file is never
served as something a browser would run.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Path, Request, Response
from fastapi.responses import StreamingResponse

from common.schemas.attachments import (
    UPLOAD_FIELD,
    AttachmentDeleteIn,
    AttachmentListedOut,
    AttachmentOut,
)
from server.api.deps import ClerkCall, CurrentAuth, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.api.uploads import ReceivedUpload, UploadCall
from server.services.documents import attachment_store, attachments
from server.services.exports import archive

router = api_router(tags=["attachments"])

DocumentId = Annotated[int, Path(ge=1)]
AttachmentId = Annotated[int, Path(ge=1)]
_MULTIPART_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [UPLOAD_FIELD],
                    "properties": {UPLOAD_FIELD: {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


@router.post(
    "/documents/{document_id}/attachments",
    response_model=AttachmentOut,
    status_code=201,
    openapi_extra=_MULTIPART_BODY,
)
def add(document_id: DocumentId, upload: ReceivedUpload, call: UploadCall) -> Any:
    """Attach one file (PDF, JPEG, PNG, TIFF or OFD, judged by its bytes)."""
    return call.run(
        lambda: attachments.add(
            call.session, call.caller, document_id, upload, origin=call.origin, now=call.now
        )
    )


@router.get("/documents/{document_id}/attachments", response_model=list[AttachmentListedOut])
def listing(
    document_id: DocumentId, caller: CurrentAuth, session: Transaction
) -> list[AttachmentListedOut]:
    return attachments.listing(session, caller, document_id)


@router.get("/attachments/{attachment_id}", response_class=StreamingResponse)
def download(
    attachment_id: AttachmentId,
    caller: CurrentAuth,
    session: Transaction,
    request: Request,
    origin: RequestOrigin,
    now: Now,
) -> StreamingResponse:
    """The file's bytes, streamed chunk by chunk; logged, and the caller recorded
    as having opened it (before the first byte: the transaction commits first)."""
    found = attachments.open_for_download(session, caller, attachment_id, origin=origin, now=now)
    return StreamingResponse(
        attachment_store.pieces(request.app.state.uow, found.sha256, found.chunk_count),
        media_type=found.media_type,
        headers={
            "Content-Length": str(found.size),
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Cache-Control": "private, no-store",
            "ETag": f'"{found.sha256}"',
        },
    )


@router.get("/documents/{document_id}/archive.pdf", response_class=StreamingResponse)
def archive_pdf(
    document_id: DocumentId,
    caller: CurrentAuth,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> StreamingResponse:
    """The 电子会计档案 copy: the printed document, then every attachment's pages;
    built (and logged as an export) before the transaction commits, sent after."""
    made = archive.build(session, caller, document_id, origin=origin, now=now)
    return StreamingResponse(
        made.pieces(),
        media_type="application/pdf",
        headers={
            "Content-Length": str(made.size),
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(made.file_name)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


@router.delete("/attachments/{attachment_id}", status_code=204)
def delete(attachment_id: AttachmentId, body: AttachmentDeleteIn, call: ClerkCall) -> Response:
    """Take the file off its document (the maker, while it may change), with a reason."""
    call.run(
        lambda: attachments.delete(
            call.session, call.caller, attachment_id, body, origin=call.origin, now=call.now
        )
    )
    return Response(status_code=204)

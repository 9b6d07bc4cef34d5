"""客户端版本: what a client must be and may install (public: a refused client is
not logged in), and the installers administrators upload in the console."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Path, Query, Request
from fastapi.responses import StreamingResponse

from common.schemas.client_versions import (
    ClientPlatform,
    ClientVersionsOut,
    CurrentClientOut,
    InstallerOut,
    InstallerUploadIn,
)
from server.api.deps import AdminAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.core import client_versions
from server.services.operations import client_installers
from server.services.operations.client_installers import MAX_BYTES

public = api_router(prefix="/client-versions", tags=["client-versions"])
admin = api_router(prefix="/admin/client-versions", tags=["admin"])

InstallerId = Annotated[int, Path(ge=1)]
_BINARY_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@public.get("/current", response_model=CurrentClientOut)
def current(platform: Annotated[ClientPlatform, Query()], session: Transaction) -> CurrentClientOut:
    """The minimum client version and the newest installer for ``platform``."""
    return client_versions.current(session, platform)


@public.get("/{installer_id}/installer", response_class=StreamingResponse)
def download(
    installer_id: InstallerId, session: Transaction, request: Request
) -> StreamingResponse:
    """The installer's bytes; the client checks them against the SHA-256 it was given."""
    row = client_installers.installer(session, installer_id)
    return StreamingResponse(
        client_installers.pieces(request.app.state.uow, row.id, row.size),
        media_type="application/octet-stream",
        headers={
            "Content-Length": str(row.size),
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.file_name)}",
        },
    )


async def installer_bytes(request: Request) -> bytes:
    """The request's body (the installer), refused as soon as it passes MAX_BYTES:
    read here, in the HTTP layer, so an oversized upload is never held whole."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise client_installers.too_large()
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > MAX_BYTES:
            raise client_installers.too_large()
    return bytes(received)


@admin.get("", response_model=ClientVersionsOut)
def listing(caller: AdminAuth, session: Transaction) -> ClientVersionsOut:
    return client_installers.listing(session)


@admin.post("", response_model=InstallerOut, status_code=201, openapi_extra=_BINARY_BODY)
def upload(
    caller: FreshAdmin,
    meta: Annotated[InstallerUploadIn, Query()],
    data: Annotated[bytes, Depends(installer_bytes)],
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> InstallerOut:
    """Publish an installer: the body is the file, the query its version, platform
    and file name. 409 when that version for that platform is already there."""
    return client_installers.upload(session, caller, meta, data, origin=origin, now=now)

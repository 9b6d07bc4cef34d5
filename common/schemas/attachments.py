"""Source documents (原始凭证 / 附件): the scans a document rests on.

``POST /documents/{id}/attachments`` (multipart, one field ``file``) answers an
:class:`AttachmentOut`; ``GET /documents/{id}/attachments`` lists
:class:`AttachmentListedOut`; ``GET /attachments/{id}`` is the file's bytes;
``DELETE /attachments/{id}`` takes an :class:`AttachmentDeleteIn`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from common.schemas.base import PlainText, Schema

UPLOAD_FIELD = "file"  # the multipart field that carries the file


class AttachmentType(StrEnum):
    """What an attached file may be, as the server recognised it from its bytes
    (the value is the media type it is stored and served with)."""

    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
    TIFF = "image/tiff"
    OFD = "application/ofd"  # 版式文档 (GB/T 33190), the e-invoice format


class AttachmentOut(Schema):
    """An attached file: ``name`` is the file's own name as uploaded (no folder),
    ``sha256`` of its bytes, ``pages`` counted from the file (1 for an image)."""

    id: int
    name: str
    media_type: AttachmentType
    size: int
    sha256: str
    pages: int


class AttachmentListedOut(AttachmentOut):
    """An attachment in its document's list: who added it and when, and whether
    the caller has opened (downloaded) it — a reviewer must have opened each
    before approving, while the parameter says so."""

    document_id: int
    added_by: str
    added_at: dt.datetime
    opened: bool


class AttachmentDeleteIn(Schema):
    """Why the maker takes the file off the document; the row stays, marked deleted."""

    reason: Annotated[PlainText, Field(min_length=1, max_length=200)]

"""A file's bytes in PostgreSQL, stored once by their SHA-256, in 1 MiB chunks.

In: the upload waits in a spooled temporary file (on disk past 1 MiB); it is
read back one chunk at a time and each chunk goes into its own row, so a 20 MB
scan is never whole in the server's memory. The same bytes already stored are
not stored again: the blob row is inserted with ON CONFLICT DO NOTHING, and
only the transaction that inserted it writes the chunks (a concurrent upload of
the same scan waits on the row and then finds it there).

Out: the chunks are read one by one, each in a short transaction of its own, so
a slow download never holds a database connection; a blob never changes
(append-only, migration 0017), so the pieces make up the file whose SHA-256
was given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from server.db.models import AttachmentBlob, AttachmentChunk
from server.db.models.attachments import CHUNK_BYTES
from server.db.uow import UnitOfWork


class ChangedUnderfoot(RuntimeError):
    """The bytes read back from the spool are not those hashed on arrival."""


def chunks_of(size: int) -> int:
    return (size + CHUNK_BYTES - 1) // CHUNK_BYTES


def store(session: Session, stream: BinaryIO, *, sha256: str, size: int) -> bool:
    """Keep the bytes of ``stream`` (``size`` bytes whose SHA-256 is ``sha256``)
    unless they are kept already; True when this call stored them."""
    inserted = session.execute(
        insert(AttachmentBlob)
        .values(sha256=sha256, size=size, chunk_count=chunks_of(size))
        .on_conflict_do_nothing(index_elements=["sha256"])
        .returning(AttachmentBlob.sha256)
    ).scalar()
    if inserted is None:
        return False
    digest = hashlib.sha256()
    stream.seek(0)
    seq = 0
    while piece := stream.read(CHUNK_BYTES):
        digest.update(piece)
        session.execute(insert(AttachmentChunk).values(sha256=sha256, seq=seq, data=piece))
        seq += 1
    if digest.hexdigest() != sha256:  # never expected: the spool is ours alone
        raise ChangedUnderfoot(sha256)
    return True


def pieces(uow: UnitOfWork, sha256: str, chunk_count: int) -> Iterator[bytes]:
    """The blob's bytes, chunk by chunk, each read in its own transaction."""
    for seq in range(chunk_count):
        with uow.transaction() as session:
            piece = session.scalar(
                select(AttachmentChunk.data).where(
                    AttachmentChunk.sha256 == sha256, AttachmentChunk.seq == seq
                )
            )
        if piece is None:  # cannot happen to a whole blob: end short, the client's check fails
            return
        yield bytes(piece)


def copy_to(session: Session, sha256: str, chunk_count: int, out: BinaryIO) -> None:
    """Write the blob's bytes to ``out`` chunk by chunk, in the caller's
    transaction (the archive PDF reads every file of a document in one)."""
    for seq in range(chunk_count):
        piece = session.scalar(
            select(AttachmentChunk.data).where(
                AttachmentChunk.sha256 == sha256, AttachmentChunk.seq == seq
            )
        )
        if piece is None:  # cannot happen to a whole blob (migration 0017: append-only)
            raise ChangedUnderfoot(sha256)
        out.write(piece)

"""A finished export's workbook in PostgreSQL (``export_files``), in 1 MiB chunks.

Any server process may be asked for the file and each has its own disk, so the
worker copies the workbook it wrote to a scratch file into the database, in the
transaction that marks the job done: a done job always has its whole file.

Out: the file is handed over once. Each chunk is deleted as it is read, in a
short transaction of its own, so a slow download holds no database connection
and what was sent is no longer kept. A download cut short leaves the rest,
which the sweep (export_runs.sweep) removes later.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import BinaryIO

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from server.db.models import ExportFile
from server.db.models.export_jobs import FILE_CHUNK_BYTES
from server.db.uow import UnitOfWork


def store(session: Session, job_id: uuid.UUID, stream: BinaryIO) -> tuple[int, int]:
    """Keep the bytes of ``stream`` as the job's file; its size and chunk count.
    One chunk in memory at a time."""
    size = seq = 0
    while piece := stream.read(FILE_CHUNK_BYTES):
        session.execute(insert(ExportFile).values(job_id=job_id, seq=seq, data=piece))
        size += len(piece)
        seq += 1
    return size, seq


def drop(session: Session, job_id: uuid.UUID) -> None:
    session.execute(delete(ExportFile).where(ExportFile.job_id == job_id))


def drain(uow: UnitOfWork, job_id: uuid.UUID, chunks: int) -> Iterator[bytes]:
    """The file's bytes, chunk by chunk, each deleted as it is read."""
    for seq in range(chunks):
        with uow.transaction() as session:
            piece = session.scalar(
                delete(ExportFile)
                .where(ExportFile.job_id == job_id, ExportFile.seq == seq)
                .returning(ExportFile.data)
            )
        if piece is None:  # cannot happen to a collected job: end short, the client sees it
            return
        yield bytes(piece)

"""Source documents in backups (DOMAIN.md "Source documents": in every backup and
its verification).

The manifest says how many attachments there are and how many bytes their files
hold (counted in the snapshot pg_dump copies, like the rest of the manifest).
Verification recounts them in the restored scratch database and, since a file
is named by its SHA-256, recomputes each file's SHA-256 from its chunks there:
a file whose bytes changed anywhere between the live database and the restore
(an edited dump, a damaged disk, a chunk lost) fails verification, naming it.

The hash is computed inside PostgreSQL (``sha256`` over the chunks in order),
one file per statement, so the bytes never travel to the server process and no
more than one file (at most the size parameter) is held at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, text

_TOTALS = """
SELECT (SELECT count(*) FROM document_attachments WHERE deleted_at IS NULL),
       (SELECT count(*) FROM attachment_blobs),
       (SELECT coalesce(sum(size), 0) FROM attachment_blobs)
"""
_BLOBS = "SELECT sha256, size, chunk_count FROM attachment_blobs ORDER BY sha256"
_RECOMPUTED = """
SELECT encode(sha256(coalesce(string_agg(data, ''::bytea ORDER BY seq), ''::bytea)), 'hex'),
       coalesce(sum(octet_length(data)), 0), count(*), coalesce(max(seq), -1)
  FROM attachment_chunks WHERE sha256 = :sha256
"""
_NAMES = """
SELECT string_agg(DISTINCT file_name, ', ') FROM document_attachments WHERE sha256 = :sha256
"""
NAMED_AT_MOST = 5  # files named in the report; the count says how many more


def totals(connection: Connection) -> dict[str, int]:
    """Live attachments, stored files (each stored once) and their bytes."""
    files, blobs, size = connection.execute(text(_TOTALS)).one()
    return {"files": int(files), "blobs": int(blobs), "bytes": int(size)}


@dataclass
class Checked:
    """What the recomputation found: the files whose bytes are not their name's."""

    files: int = 0
    bad: list[str] = field(default_factory=list)  # "name (sha256…): why"


def recompute(connection: Connection) -> Checked:
    """Each stored file's SHA-256, size and chunks recomputed from its chunks."""
    checked = Checked()
    for sha256, size, chunk_count in connection.execute(text(_BLOBS)).all():
        checked.files += 1
        digest, length, chunks, last = connection.execute(
            text(_RECOMPUTED), {"sha256": sha256}
        ).one()
        why = _problem(sha256, size, chunk_count, digest, int(length), int(chunks), int(last))
        if why is not None:
            names = connection.execute(text(_NAMES), {"sha256": sha256}).scalar() or "?"
            checked.bad.append(f"{names} ({sha256[:12]}…): {why}")
    return checked


def _problem(
    sha256: str, size: int, chunk_count: int, digest: str, length: int, chunks: int, last: int
) -> str | None:
    if chunks != chunk_count or last != chunk_count - 1:
        return f"{chunks} of its {chunk_count} chunks"
    if length != size:
        return f"{length} bytes where {size} were stored"
    if digest != sha256:
        return "its bytes no longer have its SHA-256"
    return None


def problems(connection: Connection, expected: dict[str, int] | None) -> list[str]:
    """Where the restored attachments differ from the manifest's ``expected``
    totals (None: a manifest from before attachments, not compared) or from
    their own SHA-256; empty when they are whole."""
    found: list[str] = []
    counted = totals(connection)
    if expected is not None and counted != expected:
        found.append(f"attachments differ: {counted} vs {expected}")
    checked = recompute(connection)
    if checked.bad:
        named = "; ".join(checked.bad[:NAMED_AT_MOST])
        more = len(checked.bad) - NAMED_AT_MOST
        found.append(
            f"{len(checked.bad)} of {checked.files} attachment files fail their SHA-256 check: "
            f"{named}" + (f" and {more} more" if more > 0 else "")
        )
    return found

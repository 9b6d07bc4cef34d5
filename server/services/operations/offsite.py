"""The second location (异地副本, setting ``backup_copy_dir``): everything a
restore needs, so that losing the server's disk loses minutes, not a day.

Besides each full backup (copied by backups.backup), the WAL segments
PostgreSQL archives into ``<backups>/wal`` and each verified base backup are
shipped there, encrypted with the backup key (backup_crypto): the server does
it every ``SHIP_SECONDS`` and right after each base backup, not PostgreSQL's
``archive_command`` (that runs as the database's own OS user, which must not
hold the backup key). The local archive stays plain: PostgreSQL's
``restore_command`` reads it, and it sits on the server's own disk beside the
data it copies. Retention holds there too: the newest ``KEEP_BASE_BACKUPS``
base backups and the segments they need.

Layout: ``<copy>/wal/<segment>.enc`` (its time is the segment's archive time),
``<copy>/base/<stamp>.tar.enc`` with ``<stamp>.json`` (when, which segment it
starts at).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tarfile
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from common.schemas.system_status import OffsiteOut
from server.services.operations import backup_catalog, backup_crypto, backups
from server.services.operations.backup_crypto import BackupKey
from server.services.operations.wal_archive import (
    KEEP_BASE_BACKUPS,
    BaseBackup,
    base_folder,
    wal_folder,
)

SHIP_SECONDS = 30
WARN_WAL_MINUTES = 15  # archive_timeout (1 min) + shipping (30 s), with room for a slow share
WARN_DUMP_HOURS = 36  # as for the local backups (alerts: no verified backup in 36 hours)
_SEGMENT = re.compile(r"[0-9A-F]{24}")
_ARCHIVED = re.compile(r"[0-9A-F]{24}|[0-9A-F]{8}\.history|[0-9A-F]{24}\.[0-9A-F]{8}\.backup")
_lock = threading.Lock()  # the scheduler and a base backup may ship at once


def copy_wal(copy_to: Path) -> Path:
    return copy_to / "wal"


def copy_base(copy_to: Path) -> Path:
    return copy_to / "base"


def _pending(local: Path, target: Path) -> list[Path]:
    if not local.is_dir():
        return []
    return sorted(
        path
        for path in local.iterdir()
        if _ARCHIVED.fullmatch(path.name) and not (target / f"{path.name}.enc").exists()
    )


def ship_wal(folder: Path, copy_to: Path, key: BackupKey) -> list[str]:
    """Encrypt the archived segments not yet in the second location into it;
    the names shipped."""
    target = copy_wal(copy_to)
    shipped = []
    with _lock:
        target.mkdir(parents=True, exist_ok=True)
        for segment in _pending(wal_folder(folder), target):
            copied = target / f"{segment.name}.enc"
            backup_crypto.encrypt_file(key, segment, copied)
            archived = segment.stat()
            os.utime(copied, (archived.st_atime, archived.st_mtime))  # the archive time
            shipped.append(segment.name)
    return shipped


def ship_base(base: BaseBackup, copy_to: Path, key: BackupKey) -> Path:
    """A verified base backup as one encrypted tar, and its description beside
    it; older ones beyond the newest ``KEEP_BASE_BACKUPS`` go, with the segments
    only they needed. The tar's path."""
    target = copy_base(copy_to)
    target.mkdir(parents=True, exist_ok=True)
    sealed = target / f"{base.path.name}.tar.enc"
    partial = sealed.with_name(sealed.name + ".part")
    try:
        with partial.open("wb") as out:
            writer = backup_crypto.SealingWriter(key, out)
            with tarfile.open(fileobj=writer, mode="w|") as archive:  # type: ignore[call-overload]
                archive.add(base.path, arcname=base.path.name)
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        partial.replace(sealed)
    finally:
        partial.unlink(missing_ok=True)
    meta = {
        "started_at": base.started_at.isoformat(),
        "finished_at": base.finished_at.isoformat(),
        "start_wal": base.start_wal,
        "bytes": base.bytes,
        "key_id": key.key_id,
    }
    sealed.with_name(f"{base.path.name}.json").write_text(json.dumps(meta, indent=2))
    _prune(copy_to)
    return sealed


@dataclass(frozen=True)
class _Shipped:
    name: str
    finished_at: dt.datetime
    start_wal: str


def shipped_bases(copy_to: Path) -> list[_Shipped]:
    """Base backups in the second location, newest first."""
    found = []
    for meta in copy_base(copy_to).glob("*.json"):
        tar = meta.with_name(f"{meta.stem}.tar.enc")
        if not tar.exists():
            continue
        data = json.loads(meta.read_text())
        found.append(
            _Shipped(meta.stem, dt.datetime.fromisoformat(data["finished_at"]), data["start_wal"])
        )
    return sorted(found, key=lambda shipped: shipped.finished_at, reverse=True)


def _prune(copy_to: Path, keep: int = KEEP_BASE_BACKUPS) -> None:
    """As wal_archive.prune does locally (pg_archivecleanup compares segment
    names without their timeline)."""
    kept = shipped_bases(copy_to)
    for gone in kept[keep:]:
        for suffix in (".tar.enc", ".json"):
            (copy_base(copy_to) / f"{gone.name}{suffix}").unlink(missing_ok=True)
    oldest = kept[:keep][-1].start_wal if kept else ""
    if not oldest:
        return
    for copied in copy_wal(copy_to).glob("*.enc"):
        segment = copied.name.removesuffix(".enc")
        if _SEGMENT.fullmatch(segment) and segment[8:] < oldest[8:]:
            copied.unlink(missing_ok=True)


def mirror_dump(dump: Path, copy_to: Path, removed: list[Path]) -> None:
    """The verification report goes beside the copy; what retention removed
    here goes there too."""
    report = backups.report_path(dump)
    if report.exists() and (copy_to / dump.name).exists():
        shutil.copy2(report, copy_to / report.name)
    for gone in removed:
        for path in (gone, backups.manifest_path(gone), backups.report_path(gone)):
            (copy_to / path.name).unlink(missing_ok=True)


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)


def status(folder: Path, copy_to: Path | None, *, continuous: bool, now: dt.datetime) -> OffsiteOut:
    """What the second location holds and how much work losing the server's
    disk would lose (the off-site recovery point)."""
    if copy_to is None:
        return OffsiteOut(configured=False, warning=True)
    copies = [path for path in copy_wal(copy_to).glob("*.enc") if _SEGMENT.match(path.name)]
    newest_wal = max((_mtime(path) for path in copies), default=None)
    newest_dump = next(iter(backup_catalog.catalog(copy_to)), None) if copy_to.is_dir() else None
    bases = shipped_bases(copy_to)
    pending = _pending(wal_folder(folder), copy_wal(copy_to)) if continuous else []
    dump_at = newest_dump.taken if newest_dump else None
    if continuous and newest_wal is not None and not pending:
        rpo: float | None = 0.0  # all archived work is there (less than archive_timeout is not)
    else:
        newest = max((moment for moment in (newest_wal, dump_at) if moment), default=None)
        rpo = (now - newest).total_seconds() if newest else None
    limit = WARN_WAL_MINUTES * 60 if continuous else WARN_DUMP_HOURS * 3600
    return OffsiteOut(
        configured=True,
        path=str(copy_to),
        newest_wal_at=newest_wal,
        newest_base_at=bases[0].finished_at if bases else None,
        newest_dump_at=dump_at,
        pending_segments=len(pending),
        rpo_seconds=None if rpo is None else max(int(rpo), 0),
        warn_after_seconds=limit,
        warning=rpo is None or rpo > limit,
    )


def bring_back(copy_to: Path, folder: Path, key: BackupKey) -> tuple[int, list[Path]]:
    """After losing the server's disk: decrypt the second location's WAL segments
    and base backups into a (new) backup area, so that a point-in-time restore
    can run from it. The number of segments and the base backups brought back."""
    archive = wal_folder(folder)
    archive.mkdir(parents=True, exist_ok=True)
    segments = 0
    for sealed in sorted(copy_wal(copy_to).glob("*.enc")):
        plain = archive / sealed.name.removesuffix(".enc")
        if not _ARCHIVED.fullmatch(plain.name) or plain.exists():
            continue
        partial = plain.with_name(plain.name + ".part")
        backup_crypto.decrypt_file(key, sealed, partial)
        partial.replace(plain)
        segments += 1
    bases = []
    for shipped in shipped_bases(copy_to):
        target = base_folder(folder) / shipped.name
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as work:
            tar = Path(work) / "base.tar"
            backup_crypto.decrypt_file(key, copy_base(copy_to) / f"{shipped.name}.tar.enc", tar)
            with tarfile.open(tar) as archive_file:
                archive_file.extractall(work, filter="tar")
            (Path(work) / shipped.name).replace(target)
        bases.append(target)
    return segments, bases

"""The backups kept (the catalog) and retention (保留策略).

The catalog is the files in the backup folder, not a table: a table in the
database being backed up would be rolled back by the very restore that needs it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from server.services.operations.backups import Manifest, manifest_path, report_path


@dataclass(frozen=True)
class Kept:
    dump: Path
    taken: dt.datetime
    verified: bool


def catalog(folder: Path) -> list[Kept]:
    """The backups in ``folder``, newest first, with whether each verified."""
    found = []
    for dump in folder.glob("countersign-*.dump"):
        manifest = manifest_path(dump)
        if not manifest.exists():
            continue
        report = report_path(dump)
        verified = report.exists() and bool(json.loads(report.read_text()).get("ok"))
        taken = dt.datetime.fromisoformat(Manifest.load(manifest).created_at)
        found.append(Kept(dump, taken, verified))
    return sorted(found, key=lambda kept: kept.taken, reverse=True)


def to_remove(backups: list[Kept], *, daily: int, weekly: int) -> list[Kept]:
    """Retention (保留策略): the newest backup of each of the last ``daily`` days
    and of each of the last ``weekly`` ISO weeks stays; so does the newest
    verified backup, whatever its age, and anything newer than it that has not
    been verified yet (it may still verify). The rest may go — nothing at all
    while no backup has verified."""
    newest_first = sorted(backups, key=lambda kept: kept.taken, reverse=True)
    keep: set[Path] = set()
    days: list[dt.date] = []
    weeks: list[tuple[int, int]] = []
    for kept in newest_first:
        day = kept.taken.date()
        iso = day.isocalendar()
        week = (iso.year, iso.week)
        if day not in days and len(days) < daily:
            days.append(day)
            keep.add(kept.dump)
        if week not in weeks and len(weeks) < weekly:
            weeks.append(week)
            keep.add(kept.dump)
    last_verified = next((kept for kept in newest_first if kept.verified), None)
    if last_verified is None:
        return []  # nothing is known good yet: nothing goes
    keep.add(last_verified.dump)
    keep.update(k.dump for k in newest_first if k.taken > last_verified.taken)
    return [kept for kept in newest_first if kept.dump not in keep]


def apply_retention(folder: Path, *, daily: int, weekly: int) -> list[Path]:
    """Remove what retention lets go (the dump, its manifest and report); run
    after a verified backup. The removed dumps."""
    gone = to_remove(catalog(folder), daily=daily, weekly=weekly)
    for kept in gone:
        for path in (kept.dump, manifest_path(kept.dump), report_path(kept.dump)):
            path.unlink(missing_ok=True)
    return [kept.dump for kept in gone]

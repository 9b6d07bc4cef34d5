"""从扫描文件夹添加: the files the office scanner wrote since the last offer.

The folder is set per computer (设置 → 扫描文件夹, client/core/settings.py). A file
is offered once: the newest modification time offered is remembered, so the next
offer lists only what the scanner wrote after it. Qt-free; called off the Qt thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SCANNED_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".ofd"})


@dataclass(frozen=True)
class ScannedFile:
    path: Path
    modified: float


def new_scans(folder: Path, after: float) -> list[ScannedFile]:
    """Files of the accepted kinds in ``folder`` (not its subfolders) modified after
    ``after``, oldest first (the order they were scanned)."""
    found = []
    for entry in folder.iterdir():
        if entry.suffix.lower() not in SCANNED_SUFFIXES or not entry.is_file():
            continue
        modified = entry.stat().st_mtime
        if modified > after:
            found.append(ScannedFile(entry, modified))
    return sorted(found, key=lambda scan: (scan.modified, scan.path.name))

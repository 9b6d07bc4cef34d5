"""Refresh the Qt translation files: ``python installers/translations.py``.

1. ``pyside6-lupdate`` collects every ``tr("…")`` of client/ into
   resources/translations/countersign_en.ts (existing translations are kept,
   strings no longer in the code are dropped);
2. translate the new entries (Qt Linguist: ``pyside6-linguist FILE.ts``);
3. ``pyside6-lrelease`` compiles the .ts into the .qm the clients load.

zh_CN is the source language, so only English needs a file. tests/client/
test_translations.py fails when a string is missing or the .qm is stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "resources" / "translations" / "countersign_en.ts"


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit(f"{name} not found; install the project with pip first")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "client").rglob("*.py"))


def update() -> None:
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            *sources(),
            "-ts",
            str(TS_FILE.relative_to(ROOT)),
        ],
        cwd=ROOT,
        check=True,
    )


def release() -> None:
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TS_FILE), "-qm", str(TS_FILE.with_suffix(".qm"))],
        cwd=ROOT,
        check=True,
    )


if __name__ == "__main__":
    TS_FILE.parent.mkdir(parents=True, exist_ok=True)
    if "--release-only" not in sys.argv:
        update()
    release()

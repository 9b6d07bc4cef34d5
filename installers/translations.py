"""Refresh the Qt translation files: ``python installers/translations.py``.

1. ``pyside6-lupdate`` collects every ``tr("…")`` of client/ into
   resources/translations/countersign_<code>.ts for each language (existing
   translations are kept, strings no longer in the code are dropped);
2. translate the new entries (Qt Linguist: ``pyside6-linguist FILE.ts``);
3. ``pyside6-lrelease`` compiles each .ts into the .qm the clients load.

zh_CN is the source language, so it needs no file. A new language is a new
code in LANGUAGES (and in common.enums.Language): run this, translate the new
.ts, and the client offers it. tests/client/test_translations.py fails when a
string is missing in any language or a .qm is stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "ja")  # the target languages; zh_CN is the source


def ts_file(language: str) -> Path:
    return ROOT / "resources" / "translations" / f"countersign_{language}.ts"


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit(f"{name} not found; install the project with pip first")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "client").rglob("*.py"))


def update(language: str) -> None:
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "zh_CN",
            "-target-language",
            language,
            *sources(),
            "-ts",
            str(ts_file(language).relative_to(ROOT)),
        ],
        cwd=ROOT,
        check=True,
    )


def release(language: str) -> None:
    ts = ts_file(language)
    subprocess.run(
        [_tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
        cwd=ROOT,
        check=True,
    )


if __name__ == "__main__":
    for code in LANGUAGES:
        ts_file(code).parent.mkdir(parents=True, exist_ok=True)
        if "--release-only" not in sys.argv:
            update(code)
        release(code)

"""Compile and check the server's message catalogues: ``python installers/catalogues.py``.

resources/locale/<language>/LC_MESSAGES/countersign.po holds, per language, the
text of every code (common/i18n.py); zh_CN is the source, the codes are its msgids.

- ``python installers/catalogues.py`` (or ``compile``): check, then write each .mo
  beside its .po;
- ``python installers/catalogues.py check``: report codes missing or empty in a
  language, placeholders neither zh_CN nor en has, and stale .mo files.

To add a language: copy the en .po to resources/locale/<xx>/LC_MESSAGES/, translate
every msgstr, add the value to common.enums.Language, run this script.
tests/test_catalogues.py fails on what ``check`` reports.
"""

from __future__ import annotations

import io
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "resources" / "locale"
DOMAIN = "countersign"
SOURCE = "zh_CN"


def po_files() -> dict[str, Path]:
    return {
        path.parents[1].name: path for path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    }


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=path.parents[1].name.replace("-", "_"), domain=DOMAIN)


def texts(catalog: Catalog) -> dict[str, str]:
    return {str(m.id): str(m.string) for m in catalog if m.id}


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"<unparsable>"}


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def problems() -> list[str]:
    """What ``check`` reports: each problem as one line. A translation may use the
    placeholders of zh_CN and en (the params the server sends), no others."""
    found = []
    files = po_files()
    source = texts(read(files[SOURCE]))
    english = texts(read(files["en"])) if "en" in files else {}
    for language, path in files.items():
        catalog = read(path)
        here = texts(catalog)
        for code, text in source.items():
            mine = here.get(code)
            if not mine:
                found.append(f"{language}: {code} missing or empty")
            elif placeholders(mine) - placeholders(text) - placeholders(english.get(code, "")):
                found.append(f"{language}: {code} has placeholders {sorted(placeholders(mine))}")
        for code in here.keys() - source.keys():
            found.append(f"{language}: {code} is not a code of {SOURCE}")
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            stale = mo.relative_to(ROOT)
            found.append(f"{language}: {stale} is stale; run installers/catalogues.py")
    return found


def compile_all() -> None:
    for path in po_files().values():
        path.with_suffix(".mo").write_bytes(mo_bytes(read(path)))


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "compile"
    if command == "compile":
        compile_all()
    elif command != "check":
        print(__doc__)
        return 2
    found = problems()
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

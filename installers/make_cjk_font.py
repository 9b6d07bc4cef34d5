"""Make the Chinese font the client ships (resources/fonts), so that a machine with
no Chinese font of its own still shows and prints Chinese (issue 19).

    pip install fonttools && python installers/make_cjk_font.py [NotoSansCJK-Regular.ttc]

It takes Noto Sans CJK SC Regular (SIL Open Font License 1.1; Debian's
fonts-noto-cjk has it) and keeps the characters of GBK (21,000 hanzi: every
character of GB2312 plus the rarer ones people's and places' names use), Latin,
punctuation, arrows, box drawing and full-width forms: 9 MB instead of 19. A
character outside it falls back to the machine's own fonts, as Qt does for any
font. Run once when the font should change; the result is committed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
LICENSE = Path("/usr/share/doc/fonts-noto-cjk/copyright")
TARGET = ROOT / "resources" / "fonts" / "NotoSansCJKsc-Regular-GBK.otf"
FACE = "Noto Sans CJK SC"

# Besides GBK: Latin, general punctuation, letter-like and number forms, arrows
# (the operation log's 旧值 → 新值), enclosed numbers, box drawing, shapes, CJK
# punctuation, full-width forms, currency signs.
RANGES = [
    (0x0020, 0x024F),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x21FF),
    (0x2460, 0x24FF),
    (0x2500, 0x25FF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
]


def gbk_characters() -> set[str]:
    found: set[str] = set()
    for first in range(0x81, 0xFF):
        for second in range(0x40, 0xFF):
            try:
                found.add(bytes([first, second]).decode("gbk"))
            except UnicodeDecodeError:
                continue
    return found


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else SOURCE
    collection = TTCollection(str(source))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == FACE)
    options = subset.Options()
    options.layout_features = ["*"]  # vertical forms, punctuation widths
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # CFF outlines are not hinted per glyph anyway
    subsetter = subset.Subsetter(options)
    text = gbk_characters() | {chr(c) for low, high in RANGES for c in range(low, high + 1)}
    subsetter.populate(text="".join(sorted(text)))
    subsetter.subset(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(TARGET))
    if LICENSE.exists():
        shutil.copyfile(LICENSE, TARGET.parent / "COPYRIGHT-fonts-noto-cjk.txt")
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size:,} bytes, {len(text):,} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Icons, translations, styles and the manual, shipped with the clients."""

from pathlib import Path

RESOURCE_DIR = Path(__file__).resolve().parent
TRANSLATIONS_DIR = RESOURCE_DIR / "translations"

"""Icons, translations, styles, the manual and the reference data seed."""

from pathlib import Path

RESOURCE_DIR = Path(__file__).resolve().parent
TRANSLATIONS_DIR = RESOURCE_DIR / "translations"
REFERENCE_DIR = RESOURCE_DIR / "reference"
STYLES_DIR = RESOURCE_DIR / "styles"
LOCALE_DIR = RESOURCE_DIR / "locale"  # gettext catalogues of the server's words (common/i18n.py)

"""Starting a downloaded installer: the one place that differs by platform.

On Windows the installer (Inno Setup's setup.exe) is started as if double-clicked,
so Windows asks for an administrator's consent as it does for any installer; the
client does not wait for it. Elsewhere the installer is a tarball to unpack by
hand or by IT: the folder holding it is opened for the user instead.
Callers take the launcher as a parameter (``Launcher``), so tests never run one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

Launcher = Callable[[Path], None]


def run_installer(path: Path) -> None:
    """Start ``path`` (a checked installer); OSError when the system refuses."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined,unused-ignore]  # Windows only
        return
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
        raise OSError(f"cannot open {path.parent}")

"""The machine-wide provisioning file an office's silent install writes (issue 19):
the server's address and its certificate fingerprint, read before any per-user
setting. A provisioned client connects without the trust prompt, and only to a
server presenting that certificate.

The file is ``provisioning.ini`` in the machine's configuration folder
(:func:`machine_config_dir`: %ProgramData%\\Countersign on Windows, /etc/countersign
elsewhere; ``COUNTERSIGN_MACHINE_CONFIG`` moves it, for tests)::

    [server]
    url = https://finance-server:8443
    fingerprint = 5C:39:4E:…
"""

from __future__ import annotations

import configparser
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from client.api.tls import ServerAddress

log = logging.getLogger(__name__)

FILE_NAME = "provisioning.ini"


def machine_config_dir() -> Path:
    """Where machine-wide settings live (written by the installer, read by everyone)."""
    override = os.environ.get("COUNTERSIGN_MACHINE_CONFIG")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Countersign"
    return Path("/etc/countersign")


def normalized_fingerprint(text: str) -> str:
    """'ab cd:EF…' → 'AB:CD:EF:…' (how people copy a fingerprint varies)."""
    hexdigits = "".join(ch for ch in text.upper() if ch in "0123456789ABCDEF")
    return ":".join(hexdigits[i : i + 2] for i in range(0, len(hexdigits), 2))


@dataclass(frozen=True)
class Provisioning:
    address: ServerAddress
    fingerprint: str  # normalized; 32 pairs

    def matches(self, fingerprint: str) -> bool:
        return normalized_fingerprint(fingerprint) == self.fingerprint


def load_provisioning(directory: Path | None = None) -> Provisioning | None:
    """The machine's provisioning, or None (no file). A file that cannot be read is
    logged and ignored: the client then asks the user, as without one."""
    path = (directory or machine_config_dir()) / FILE_NAME
    if not path.exists():
        return None
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
        url = parser.get("server", "url")
        fingerprint = normalized_fingerprint(parser.get("server", "fingerprint"))
        if len(fingerprint) != 95:  # 32 pairs and 31 colons: a SHA-256
            raise ValueError(f"not a SHA-256 fingerprint: {fingerprint!r}")
        return Provisioning(ServerAddress.parse(url), fingerprint)
    except (configparser.Error, ValueError, OSError) as exc:
        log.warning("provisioning file %s unreadable (%s); ignored", path, exc)
        return None

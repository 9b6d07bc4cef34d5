"""Who is logged in, and where the session token is kept between runs.

The token and the remembered username live in the operating system's keyring
(Windows Credential Manager, macOS Keychain, Secret Service), never in a plain
file. Where no keyring is available nothing is kept: the user logs in again.
"""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.errors import KeyringError, PasswordDeleteError
from PySide6.QtCore import QObject, Signal

from client.api import ServerAddress
from common.schemas.auth import MeOut

log = logging.getLogger(__name__)

SERVICE = "countersign"


class SecretStore:
    """Keyring entries per server: the last username and the session token."""

    def __init__(self, address: ServerAddress) -> None:
        self._prefix = address.key

    def _get(self, name: str) -> str | None:
        try:
            return keyring.get_password(SERVICE, f"{self._prefix}:{name}")
        except KeyringError as exc:
            log.warning("keyring unavailable (%s); nothing is remembered", exc)
            return None

    def _set(self, name: str, value: str | None) -> None:
        key = f"{self._prefix}:{name}"
        try:
            if value is None:
                with contextlib.suppress(PasswordDeleteError):
                    keyring.delete_password(SERVICE, key)
            else:
                keyring.set_password(SERVICE, key, value)
        except KeyringError as exc:
            log.warning("keyring unavailable (%s); nothing is remembered", exc)

    @property
    def username(self) -> str | None:
        return self._get("username")

    @username.setter
    def username(self, value: str | None) -> None:
        self._set("username", value)

    @property
    def token(self) -> str | None:
        return self._get("token")

    @token.setter
    def token(self, value: str | None) -> None:
        self._set("token", value)


class AuthState(QObject):
    """The logged-in user of this window; views listen to its signals."""

    logged_in = Signal(object)  # MeOut
    logged_out = Signal()
    session_lost = Signal(str)  # error code: the server no longer accepts the session

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.me: MeOut | None = None

    def set_user(self, me: MeOut) -> None:
        self.me = me
        self.logged_in.emit(me)

    def clear(self) -> None:
        self.me = None
        self.logged_out.emit()

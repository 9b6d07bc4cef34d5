"""Fixtures shared by the server tests."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler

import pytest

from tests.support.documents import Codes, office
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def codes(live_server: LiveServer) -> Codes:
    """The office's units and codes, in this module's database."""
    return office(live_server)


@pytest.fixture
def only_cli_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No outside settings; log file handlers the test added are closed again."""
    for name in list(os.environ):
        if name.startswith("COUNTERSIGN_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in before and isinstance(handler, RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)

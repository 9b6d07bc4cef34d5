"""Fixtures shared by the server tests."""

from __future__ import annotations

import pytest

from tests.support.documents import Codes, office
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def codes(live_server: LiveServer) -> Codes:
    """The office's units and codes, in this module's database."""
    return office(live_server)

"""An app factory whose worker process dies at once, as a worker started with a
broken interpreter or refused by everything it needs would (tests of the
supervisor's crash-loop guard)."""

from __future__ import annotations

import os


def app() -> None:
    os._exit(1)  # no traceback, no uvicorn startup-failure code: just gone

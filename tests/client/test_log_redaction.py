"""What a problem report's log must not carry: each shape a secret takes in a
log line is cleaned, and the words around it stay readable."""

from __future__ import annotations

import logging

import pytest

from client.core.log_redaction import HIDDEN, redact
from client.core.recent_log import RecentLog

TOKEN = "q8Xv2kLw9ZpR4tYb7NcD1mFh"


@pytest.mark.parametrize(
    "line",
    [
        f"GET /api/v1/me Authorization: Bearer {TOKEN}",
        f"sent headers {{'authorization': 'Bearer {TOKEN}'}}",
        f'body {{"username": "wang", "password": "S3cret!pass"}} {TOKEN}',
        f"login token={TOKEN}&next=/home",
        f"session: {TOKEN}",
        "second factor code=123456 accepted",
        "动态口令 654321 已用过",
        f"Set-Cookie: cs_session={TOKEN}; HttpOnly",
    ],
)
def test_secrets_are_hidden_and_the_rest_stays(line: str) -> None:
    cleaned = redact(line)
    assert TOKEN not in cleaned
    assert "S3cret!pass" not in cleaned and "123456" not in cleaned and "654321" not in cleaned
    assert HIDDEN in cleaned


def test_ordinary_lines_are_left_as_they_were() -> None:
    line = "2026-12-06 10:00:01 INFO client.api: POST /api/v1/documents 201 in 45 ms (支出-0012)"
    assert redact(line) == line


def test_the_recent_log_keeps_the_last_lines_cleaned() -> None:
    handler = RecentLog(keep=3)
    log = logging.getLogger("tests.recent")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        for number in range(5):
            log.info("line %d token=%s", number, TOKEN)
    finally:
        log.removeHandler(handler)
    lines = handler.text().splitlines()
    assert len(lines) == 3 and lines[0].endswith(f"line 2 token={HIDDEN}")
    assert TOKEN not in handler.text()


def test_control_characters_are_left_out_so_the_server_takes_the_log() -> None:
    handler = RecentLog()
    log = logging.getLogger("tests.recent.control")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        log.info("progress\r50 \x1b[31mred\x1b[0m\tdone")
    finally:
        log.removeHandler(handler)
    assert handler.text().endswith("progress50 [31mred[0m\tdone")

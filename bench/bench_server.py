"""The server and database of a loaded bench data directory (bench/load_data.py),
shared by the scripts that use it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

import pyotp

from client.api import ApiClient, ServerAddress, fetch_presented_certificate
from server.embedded_pg import DATABASE_NAME

BIN = Path(sys.executable).parent


def database_url(data_dir: Path) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(data_dir / "pgdata", cleanup_mode=None)  # type: ignore[attr-defined]
    url: str = server.get_uri(DATABASE_NAME)
    return url


def start_server(data_dir: Path, port: int) -> subprocess.Popen[str]:
    """`countersign-server run` on the data directory (it migrates the database)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    server = subprocess.Popen(
        [str(BIN / "countersign-server"), "run", "--data-dir", str(data_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert server.stdout is not None
    for line in server.stdout:
        if "listening on https://" in line:
            # keep reading: a full pipe would stall the server's logging, then the server
            threading.Thread(target=_drain, args=(server.stdout,), daemon=True).start()
            return server
    raise RuntimeError("the server did not start")


def _drain(stream: Any) -> None:
    for _line in stream:
        pass


def logged_in(url: str, username: str, users: dict[str, Any]) -> ApiClient:
    """A client logged in as a bench user (bench-users.json: password, secrets)."""
    address = ServerAddress.parse(url)
    cert = fetch_presented_certificate(address)
    api = ApiClient(address, pinned_pem=cert.pem, pinned_fingerprint=cert.fingerprint)
    ticket = api.auth.login(username, users["password"]).ticket
    api.auth.submit_code(ticket, pyotp.TOTP(users["secrets"][username]).now())
    return api

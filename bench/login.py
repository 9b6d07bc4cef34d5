"""Login latency: password + TOTP over HTTPS, median over N logins.

    .venv/bin/python bench/login.py [--n 100]

Starts `countersign-server run` on a new data directory (embedded PostgreSQL),
creates N users through the admin API, takes each through its first login
(untimed), then times one full login per user — password step plus code step —
through client/api. Also times one argon2id hash verification with the server's
parameters in this process, the floor of the password step, and the refusals of an
unknown name and of a wrong password (they should take the same time: the test
suite checks the same work is done, this measures it). Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyotp

from client.api import ApiClient, ApiError, ServerAddress, fetch_presented_certificate
from common.enums import Role
from server.services.accounts import passwords

BIN = Path(sys.executable).parent


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_client(url: str) -> ApiClient:
    address = ServerAddress.parse(url)
    cert = fetch_presented_certificate(address)
    return ApiClient(address, pinned_pem=cert.pem, pinned_fingerprint=cert.fingerprint)


def first_login(api: ApiClient, username: str, password: str, new_password: str) -> str:
    """Change the initial password and enrol; returns the TOTP secret."""
    ticket = api.auth.login(username, password).ticket
    progress = api.auth.set_initial_password(ticket, new_password).ticket
    assert progress is not None, "a user without an authenticator enrols next"
    ticket = progress.ticket
    secret = api.auth.start_enrolment(ticket).secret
    # the previous step's code: the timed login can then use the current one
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30)
    api.auth.confirm_enrolment(ticket, pyotp.TOTP(secret).at(earlier))
    api.auth.logout()
    return secret


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100)
    n = parser.parse_args().n
    data_dir, port = Path(tempfile.mkdtemp(prefix="cs-login-")), free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["COUNTERSIGN_LOGIN_ATTEMPTS_PER_MINUTE"] = "1000000"
    created = subprocess.run(
        [
            str(BIN / "countersign-server"),
            "create-admin",
            "bench.admin",
            "--data-dir",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    found = re.search(r"Initial password .*: (\S+)$", created.stdout, re.MULTILINE)
    assert found is not None
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
            break
    url = f"https://127.0.0.1:{port}"
    try:
        admin = new_client(url)
        secret = first_login(admin, "bench.admin", found.group(1), "Bench-Admin-Password-1")
        time.sleep(30)  # the admin's next login needs a later time step
        ticket = admin.auth.login("bench.admin", "Bench-Admin-Password-1").ticket
        admin.auth.submit_code(ticket, pyotp.TOTP(secret).now())
        users = []
        for i in range(n):
            made = admin.admin.create_user(f"bench{i:03d}", f"Bench {i}", [Role.CLERK], [])
            api = new_client(url)
            users.append(
                (
                    api,
                    made.user.username,
                    first_login(
                        api, made.user.username, made.initial_password, "Bench-User-Password-1"
                    ),
                )
            )
        timings = []
        for api, username, user_secret in users:
            started = time.perf_counter()
            ticket = api.auth.login(username, "Bench-User-Password-1").ticket
            api.auth.submit_code(ticket, pyotp.TOTP(user_secret).now())
            timings.append((time.perf_counter() - started) * 1000)
        # refusals: an unknown name must cost what a wrong password does (one
        # wrong password per user, so none is locked), taken in turns
        refused: dict[str, list[float]] = {"unknown": [], "wrong": []}
        for i, (api, username, _) in enumerate(users):
            for kind, name in (("unknown", f"nobody{i:03d}"), ("wrong", username)):
                started = time.perf_counter()
                with contextlib.suppress(ApiError):
                    api.auth.login(name, "Not-The-Password-1")
                refused[kind].append((time.perf_counter() - started) * 1000)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    stored = passwords.hash_password("Bench-User-Password-1")
    hashing = []
    for _ in range(20):
        started = time.perf_counter()
        passwords.verify_password(stored, "Bench-User-Password-1")
        hashing.append((time.perf_counter() - started) * 1000)
    params = passwords.HASH_PARAMETERS
    figures = {
        "logins": n,
        "login_p50_ms": round(statistics.median(timings), 1),
        "login_p95_ms": round(percentile(timings, 0.95), 1),
        "argon2_verify_p50_ms": round(statistics.median(hashing), 1),
        "refused_unknown_p50_ms": round(statistics.median(refused["unknown"]), 1),
        "refused_wrong_p50_ms": round(statistics.median(refused["wrong"]), 1),
        "argon2": {"type": "argon2id", **params},
    }
    print(
        f"login (password + TOTP), {n} logins: median {figures['login_p50_ms']} ms, "
        f"p95 {figures['login_p95_ms']} ms"
    )
    print(
        f"argon2id verify ({params['memory_cost']} KiB, t={params['time_cost']}, "
        f"p={params['parallelism']}): median {figures['argon2_verify_p50_ms']} ms"
    )
    print(
        f"refused logins: unknown name median {figures['refused_unknown_p50_ms']} ms, "
        f"wrong password median {figures['refused_wrong_p50_ms']} ms"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

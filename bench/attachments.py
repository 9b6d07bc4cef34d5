"""Source documents (附件): upload and download speed, the server's memory under
parallel uploads, and backup + verification time with many files.

    .venv/bin/python -m bench.attachments                        # a short run (~3 min)
    .venv/bin/python -m bench.attachments --count 10000 --size-kb 200   # the full figure

Starts `countersign-server run` on a new data directory (embedded PostgreSQL),
seeds a clerk straight into its database, and then, over HTTPS through client/api:

1. uploads and downloads files of 1, 5 and 20 MB (--rounds each): p50/p95 and MB/s,
   beside the same bytes sent to and fetched from a static handler (uvicorn with
   the same TLS certificate, no database, no checks) started in the same run:
   the limit of the transport on this machine;
2. the server process's RSS growth (psutil, sampled every 20 ms) while 20 uploads
   of 20 MB run in parallel (PostgreSQL's own processes are not counted);
3. beside the idle server: --count attachments of --size-kb KB (random bytes, as
   incompressible as scans) put straight into the database, then a full backup and
   its verification (test restore, recount, every attachment's SHA-256) timed,
   and the rate per GB of attachments.

The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psutil
import pyotp
from PIL import Image
from psycopg2.extras import execute_values

from bench.bench_server import database_url
from client.api import ApiClient, ServerAddress, fetch_presented_certificate
from common.enums import Role
from common.rules.attachments import BYTES_PER_MB
from common.schemas.documents import IncomeIn
from server.crypto import SecretBox
from server.db.engine import build_engine
from server.db.models import BudgetUnit, User
from server.db.models.attachments import CHUNK_BYTES
from server.db.uow import UnitOfWork
from server.services.accounts.users import create_user
from server.services.admin.demo import DEMO_UNITS
from server.services.operations import backups
from server.tls import CERT_NAME, KEY_NAME

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "Bench-Clerk-Password-1"
SIZES_MB = (1, 5, 20)
PARALLEL = 20


# -- the static handler: the transport's limit ----------------------------------------


async def static_app(
    scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
) -> None:
    """POST: the body read and dropped. GET /N: N bytes. Nothing else happens."""
    if scope["type"] != "http":
        return
    if scope["method"] == "POST":
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        body = b"{}"
    else:
        body = _STATIC_BYTES[: int(scope["path"].strip("/") or 0)]
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


_STATIC_ENV = "COUNTERSIGN_BENCH_STATIC"
_STATIC_BYTES = os.urandom(max(SIZES_MB) * BYTES_PER_MB) if os.environ.get(_STATIC_ENV) else b""


# -- set-up ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def started(command: list[str], ready: str, env: dict[str, str]) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT
    )
    assert process.stdout is not None
    for line in process.stdout:
        if ready in line:
            threading.Thread(target=process.stdout.read, daemon=True).start()  # keep it drained
            return process
    raise RuntimeError(f"{command[0]} did not start")


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def seed(url: str, data_dir: Path) -> tuple[str, int]:
    """The units and a clerk of 001001 with a known authenticator; (secret, unit id)."""
    box = SecretBox(base64.b64decode((data_dir / "secret.key").read_text().strip()))
    engine = build_engine(url, pool_size=1)
    with UnitOfWork(engine).transaction() as session:
        units: dict[str, int] = {}
        for code, name, parent in DEMO_UNITS:
            unit = BudgetUnit(code=code, name=name, parent_id=units.get(parent or ""))
            session.add(unit)
            session.flush()
            units[code] = unit.id
        clerk = create_user(
            session,
            username="bench.clerk",
            display_name="Bench clerk",
            roles=[Role.CLERK],
            unit_ids=[units["001001"]],
            password=PASSWORD,
            must_change_password=False,
        )
        secret = pyotp.random_base32()
        user = session.get(User, clerk.id)
        assert user is not None
        user.totp_secret = box.seal(secret.encode(), user_id=user.id)
    engine.dispose()
    return secret, units["001001"]


def logged_in(url: str, secret: str) -> ApiClient:
    address = ServerAddress.parse(url)
    cert = fetch_presented_certificate(address)
    api = ApiClient(address, pinned_pem=cert.pem, pinned_fingerprint=cert.fingerprint)
    ticket = api.auth.login("bench.clerk", PASSWORD).ticket
    api.auth.submit_code(ticket, pyotp.TOTP(secret).now())
    return api


def scan(size: int) -> bytes:
    """A real JPEG of exactly ``size`` bytes, unique (random bytes after its end
    marker): every upload is stored anew, none is found already stored."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 30, 200)).save(out, "JPEG")
    picture = out.getvalue()
    return picture + os.urandom(size - len(picture))


def draft(api: ApiClient, unit_id: int) -> int:
    made = api.documents.create(
        IncomeIn(
            doc_date=dt.datetime.now(dt.UTC).date(),
            unit_id=unit_id,
            payer="bench",
            summary="附件测速",
        )
    )
    return made.id


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def figures_of(seconds: list[float], size: int) -> dict[str, float]:
    p50 = statistics.median(seconds)
    return {
        "p50_ms": round(p50 * 1000, 1),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
        "mb_s": round(size / BYTES_PER_MB / p50, 1),
    }


# -- 1. speed ----------------------------------------------------------------------------


def speeds(
    api: ApiClient, unit_id: int, static: httpx.Client, folder: Path, rounds: int
) -> dict[str, Any]:
    """Per size: upload/download through the server and to/from the static handler."""
    result: dict[str, Any] = {}
    for mb in SIZES_MB:
        size = mb * BYTES_PER_MB
        document_id = draft(api, unit_id)
        ups, downs, static_ups, static_downs = [], [], [], []
        for n in range(rounds):
            path = folder / f"scan-{mb}-{n}.jpg"
            path.write_bytes(scan(size))
            begun = time.perf_counter()
            added = api.attachments.add(document_id, path)
            ups.append(time.perf_counter() - begun)
            target = folder / "down"
            begun = time.perf_counter()
            api.attachments.download(added.id, target)
            downs.append(time.perf_counter() - begun)
            assert target.stat().st_size == size
            with path.open("rb") as handle:
                begun = time.perf_counter()
                static.post(
                    "/sink", files={"file": (path.name, handle, "application/octet-stream")}
                )
                static_ups.append(time.perf_counter() - begun)
            begun = time.perf_counter()
            assert len(static.get(f"/{size}").content) == size
            static_downs.append(time.perf_counter() - begun)
            path.unlink()
        result[f"{mb}MB"] = {
            "upload": figures_of(ups, size),
            "download": figures_of(downs, size),
            "static_upload": figures_of(static_ups, size),
            "static_download": figures_of(static_downs, size),
        }
    return result


# -- 2. memory ---------------------------------------------------------------------------


def memory_under_parallel_uploads(
    api: ApiClient, unit_id: int, server_pid: int, folder: Path
) -> dict[str, float]:
    """RSS of the server process before, at its peak while 20 × 20 MB uploads run
    at once (each to a draft of its own), and after."""
    size = max(SIZES_MB) * BYTES_PER_MB
    paths = []
    for n in range(PARALLEL):
        path = folder / f"parallel-{n}.jpg"
        path.write_bytes(scan(size))
        paths.append((draft(api, unit_id), path))
    process = psutil.Process(server_pid)
    before = process.memory_info().rss
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], process.memory_info().rss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    begun = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(PARALLEL) as pool:
        list(pool.map(lambda item: api.attachments.add(item[0], item[1]), paths))
    took = time.perf_counter() - begun
    done.set()
    sampler.join()
    after = process.memory_info().rss
    for _, path in paths:
        path.unlink()
    return {
        "rss_before_mb": round(before / BYTES_PER_MB, 1),
        "rss_peak_mb": round(peak[0] / BYTES_PER_MB, 1),
        "rss_growth_mb": round((peak[0] - before) / BYTES_PER_MB, 1),
        "rss_after_mb": round(after / BYTES_PER_MB, 1),
        "parallel_s": round(took, 1),
        "parallel_mb_s": round(PARALLEL * size / BYTES_PER_MB / took, 1),
    }


# -- 3. backup ---------------------------------------------------------------------------


def load_attachments(url: str, unit_id: int, count: int, size: int) -> None:
    """``count`` distinct files of ``size`` bytes on drafts of the clerk (999 a draft)."""
    engine = build_engine(url, pool_size=1)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT id FROM users WHERE username = 'bench.clerk'")
        (maker,) = cursor.fetchone() or (None,)
        document_id = None
        for n in range(count):
            if n % 500 == 0:
                cursor.execute(
                    "INSERT INTO documents (kind, unit_id, doc_date, series, summary, maker_id,"
                    " updated_at) VALUES ('income', %s, current_date, '收入', 'bench', %s, now())"
                    " RETURNING id",
                    (unit_id, maker),
                )
                (document_id,) = cursor.fetchone() or (None,)
            data = scan(size)
            sha256 = hashlib.sha256(data).hexdigest()
            chunks = [data[at : at + CHUNK_BYTES] for at in range(0, size, CHUNK_BYTES)]
            cursor.execute(
                "INSERT INTO attachment_blobs (sha256, size, chunk_count) VALUES (%s, %s, %s)",
                (sha256, size, len(chunks)),
            )
            execute_values(
                cursor,
                "INSERT INTO attachment_chunks (sha256, seq, data) VALUES %s",
                [(sha256, seq, piece) for seq, piece in enumerate(chunks)],
            )
            cursor.execute(
                "INSERT INTO document_attachments (document_id, sha256, file_name, media_type,"
                " size, pages, added_by, added_at)"
                " VALUES (%s, %s, %s, 'image/jpeg', %s, 1, %s, now())",
                (document_id, sha256, f"bench-{n}.jpg", size, maker),
            )
            if n % 200 == 199:
                raw.commit()
        raw.commit()
    finally:
        raw.close()
        engine.dispose()


def backup_and_verify(url: str, folder: Path) -> dict[str, Any]:
    """A full backup of the database at ``url`` (the embedded superuser's) and its
    verification, timed, beside the idle server."""
    engine = build_engine(url, pool_size=1)
    try:
        begun = time.perf_counter()
        dump, manifest = backups.backup(engine, folder, now=dt.datetime.now(dt.UTC))
        backup_s = time.perf_counter() - begun
        begun = time.perf_counter()
        report = backups.verify(dump, url, now=dt.datetime.now(dt.UTC))
        verify_s = time.perf_counter() - begun
    finally:
        engine.dispose()
    stored = (manifest.attachments or {}).get("bytes", 0)
    gb = stored / 2**30
    figures = {
        "attachments": (manifest.attachments or {}).get("files"),
        "attachment_gb": round(gb, 3),
        "database_mb": round(manifest.database_bytes / BYTES_PER_MB, 1),
        "dump_mb": round(dump.stat().st_size / BYTES_PER_MB, 1),
        "verified": report.ok,
        "backup_s": round(backup_s, 1),
        "verify_s": round(verify_s, 1),
        "backup_s_per_gb": round(backup_s / gb, 1) if gb else None,
        "verify_s_per_gb": round(verify_s / gb, 1) if gb else None,
    }
    shutil.rmtree(folder)
    return figures


# -- the run -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10, help="transfers per size")
    parser.add_argument("--count", type=int, default=1000, help="attachments for the backup")
    parser.add_argument("--size-kb", type=int, default=200, help="size of each of them")
    args = parser.parse_args()
    data_dir, port, static_port = Path(tempfile.mkdtemp(prefix="cs-att-")), free_port(), free_port()
    folder = data_dir / "files"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    server = started(
        [str(BIN / "countersign-server"), "run", "--data-dir", str(data_dir), "--port", str(port)],
        "listening on https://",
        env,
    )
    url = f"https://127.0.0.1:{port}"
    static_server = None
    try:
        secret, unit_id = seed(database_url(data_dir), data_dir)
        api = logged_in(url, secret)
        cert = next(data_dir.rglob(CERT_NAME))
        key = next(data_dir.rglob(KEY_NAME))
        static_server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bench.attachments:static_app",
                "--port",
                str(static_port),
                "--ssl-certfile",
                str(cert),
                "--ssl-keyfile",
                str(key),
                "--log-level",
                "warning",
            ],
            env={**env, _STATIC_ENV: "1"},
            cwd=ROOT,
        )
        wait_for_port(static_port)
        context = httpx.create_ssl_context(verify=False)
        with httpx.Client(
            base_url=f"https://127.0.0.1:{static_port}", verify=context, timeout=300
        ) as static:
            speed = speeds(api, unit_id, static, folder, args.rounds)
        memory = memory_under_parallel_uploads(api, unit_id, server.pid, folder)
        load_attachments(database_url(data_dir), unit_id, args.count, args.size_kb * 1024)
        backup = backup_and_verify(database_url(data_dir), data_dir / "bench-backups")
    finally:
        for process in (static_server, server):
            if process is not None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
    shutil.rmtree(data_dir, ignore_errors=True)

    for mb, row in speed.items():
        for what, f in row.items():
            print(
                f"{mb:>5} {what:16} p50 {f['p50_ms']:8} ms  p95 {f['p95_ms']:8} ms"
                f"  {f['mb_s']} MB/s"
            )
    print(
        f"{PARALLEL} parallel 20 MB uploads: server RSS {memory['rss_before_mb']} → peak "
        f"{memory['rss_peak_mb']} MB (+{memory['rss_growth_mb']} MB), after "
        f"{memory['rss_after_mb']} MB; {memory['parallel_s']} s, {memory['parallel_mb_s']} MB/s"
    )
    print(
        f"backup of {backup['attachments']} attachments ({backup['attachment_gb']} GB, "
        f"database {backup['database_mb']} MB): backup {backup['backup_s']} s, verification "
        f"{backup['verify_s']} s ({backup['backup_s_per_gb']} s/GB and "
        f"{backup['verify_s_per_gb']} s/GB); verified: {backup['verified']}"
    )
    if args.count < 10_000:
        print("full figure: .venv/bin/python -m bench.attachments --count 10000 --size-kb 200")
    print(json.dumps({"speed": speed, "memory": memory, "backup": backup}))


if __name__ == "__main__":
    main()

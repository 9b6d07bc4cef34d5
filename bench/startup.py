"""Cold start of the server and time to the first client window.

    .venv/bin/python bench/startup.py [--runs 5]

Server, cold: a new data directory (initdb, certificate, migrations) until
/api/v1/health answers over HTTPS. Server, warm: the same directory again.
Client: process start until the workbench logs "main window shown" (offscreen).
Prints medians and ends with one JSON line of the figures in seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data_dir: Path, port: int) -> tuple[subprocess.Popen[str], float]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "countersign-server"), "run", "--data-dir", str(data_dir), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    cert = data_dir / "tls" / "server.crt"
    while True:
        if process.poll() is not None:
            raise RuntimeError("server exited during start")
        if cert.exists():
            try:
                context = ssl.create_default_context(cafile=str(cert))
                if (
                    httpx.get(f"https://127.0.0.1:{port}/api/v1/health", verify=context, timeout=2)
                    .json()
                    .get("status")
                    == "ok"
                ):
                    return process, time.perf_counter() - started
            except (httpx.HTTPError, ssl.SSLError, OSError):
                pass
        time.sleep(0.05)


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)


def client_first_window(url: str, home: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNTERSIGN_CLIENT_HOME=str(home))
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "countersign"), "--server", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if "main window shown" in line:
                return time.perf_counter() - started
        raise RuntimeError("client exited before showing its window")
    finally:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    cold, warm, client = [], [], []
    root = Path(tempfile.mkdtemp(prefix="cs-bench-"))
    try:
        for run in range(runs):
            data_dir, port = root / f"data{run}", free_port()
            process, seconds = start_server(data_dir, port)
            cold.append(seconds)
            client.append(client_first_window(f"https://127.0.0.1:{port}", root / f"home{run}"))
            stop(process)
            process, seconds = start_server(data_dir, port)
            warm.append(seconds)
            stop(process)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    figures = {
        "server_cold_start_s": round(statistics.median(cold), 2),
        "server_warm_start_s": round(statistics.median(warm), 2),
        "client_first_window_s": round(statistics.median(client), 2),
        "runs": runs,
    }
    print(f"server cold start (new data dir)   median {figures['server_cold_start_s']:.2f} s")
    print(f"server warm start (existing data)  median {figures['server_warm_start_s']:.2f} s")
    print(f"client time to first window        median {figures['client_first_window_s']:.2f} s")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

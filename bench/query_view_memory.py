"""The workbench's query view scrolled to the end of a 1,000,000-row result:
the client's memory as the pages arrive (target: under 400 MB).

    .venv/bin/python -m bench.query_view_memory --data-dir /tmp/cs-bench [--rows 1000000]

Starts the server on the bench data set (bench/load_data.py), logs in as an
analyst who sees every unit, and drives the real ResultsModel in a real
QTableView (offscreen) the way a user holding End would: each time the view
reaches the bottom it asks for the next page, fetched in the background. Prints
the client's resident memory every 100,000 rows, then one JSON line of the
figures (MB, seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import psutil
from PySide6.QtWidgets import QApplication, QTableView

from bench.bench_server import logged_in, start_server
from client.workbench.query.results_model import ResultsModel
from common.schemas.search import DocumentQuery


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--port", type=int, default=18446)
    args = parser.parse_args()
    users = json.loads((args.data_dir / "bench-users.json").read_text())
    server = start_server(args.data_dir, args.port)
    process = psutil.Process()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        app = QApplication([])
        api = logged_in(f"https://127.0.0.1:{args.port}", "bench.analyst0", users)
        model = ResultsModel(lambda: api)
        view = QTableView()
        view.setModel(model)
        view.resize(1200, 800)
        view.show()
        app.processEvents()
        start_rss = process.memory_info().rss / 2**20
        started = time.perf_counter()
        model.start(DocumentQuery())
        mark, peak = 100_000, start_rss
        while len(model.rows) < args.rows and (model.loading or model.canFetchMore()):
            app.processEvents()
            if not model.loading:
                view.scrollToBottom()
            if len(model.rows) >= mark:
                rss = process.memory_info().rss / 2**20
                peak = max(peak, rss)
                print(
                    f"{len(model.rows):>9,} rows  {rss:7.1f} MB  "
                    f"{time.perf_counter() - started:7.1f} s",
                    flush=True,
                )
                mark += 100_000
            time.sleep(0.001)
        elapsed = time.perf_counter() - started
        view.scrollToTop()  # and back: the first rows are still there
        app.processEvents()
        end_rss = process.memory_info().rss / 2**20
        figures = {
            "rows": len(model.rows),
            "client_rss_start_mb": round(start_rss, 1),
            "client_rss_end_mb": round(end_rss, 1),
            "client_rss_peak_mb": round(max(peak, end_rss), 1),
            "seconds": round(elapsed, 1),
        }
        view.setModel(None)  # let Qt's objects go before the interpreter does
        del view, model
        app.processEvents()
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

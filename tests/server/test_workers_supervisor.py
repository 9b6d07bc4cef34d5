"""The supervisor of ``run --workers N`` (server/workers.py) with real worker
processes: a crash loop stops it instead of restarting workers forever, and
the signal handlers it takes over are given back."""

from __future__ import annotations

import signal

import uvicorn

from server import workers
from tests.support.live_server import free_port


def test_workers_dying_over_and_over_stop_the_supervisor_and_give_back_signals() -> None:
    before = signal.getsignal(signal.SIGTERM)
    config = uvicorn.Config(
        "tests.support.dying_worker:app",
        factory=True,
        workers=2,
        host="127.0.0.1",
        port=free_port(),
        log_config=None,
    )
    supervisor = workers.Supervisor(config, sockets=[config.bind_socket()])
    assert signal.getsignal(signal.SIGTERM) is not before  # uvicorn's, while it runs

    supervisor.run()  # returns by itself: nothing stops it but the guard

    assert supervisor.crash_loop
    assert signal.getsignal(signal.SIGTERM) is before

"""Background work of the server held at a known point, so a test acts while it is
mid-way for certain instead of racing it (the hooks are None in production)."""

from __future__ import annotations

import threading
import uuid

from tests.support.live_server import LiveServer

HOLD_SECONDS = 120  # a held worker goes on by itself after this, whatever the test did


class HeldExport:
    """Export workers held after their first batch until let go (app.state.export_hold),
    on every server given (servers sharing a database: whichever claims the job)."""

    def __init__(self, *servers: LiveServer) -> None:
        self.servers = servers
        self.reached, self.release = threading.Event(), threading.Event()
        for server in servers:
            server.app.state.export_hold = self.hold

    def hold(self, _job: uuid.UUID, _done: int) -> None:
        """export_runs.BatchHold: runs in a server's export worker."""
        self.reached.set()
        self.release.wait(timeout=HOLD_SECONDS)

    def let_go(self) -> None:
        for server in self.servers:
            server.app.state.export_hold = None
        self.release.set()


class HeldRestore:
    """A restore held at one phase until let go (BackupRunner.phase_hold)."""

    def __init__(self, server: LiveServer, phase: str) -> None:
        self.server, self.phase = server, phase
        self.reached, self.release = threading.Event(), threading.Event()
        server.app.state.backup_runner.phase_hold = self.hold

    def hold(self, phase: str) -> None:
        """BackupRunner.phase_hold: runs in the server's restore thread."""
        if phase == self.phase:
            self.reached.set()
            self.release.wait(timeout=HOLD_SECONDS)

    def let_go(self) -> None:
        self.server.app.state.backup_runner.phase_hold = None
        self.release.set()

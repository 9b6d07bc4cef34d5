"""The read replica (``database_url_replica``, issue 21) with a real streaming
standby: queries and reports are read there, a document just saved is read
back from the primary.

The observable: replay on the standby is paused, so it is frozen in the past.
A draft saved then is at once readable by its maker (document detail: the
primary), but not found by a search (the replica) until replay resumes."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator

import pytest

from common.schemas.search import DocumentQuery
from tests.support.accounts import log_in
from tests.support.documents import clerk, income, office, today
from tests.support.live_server import LiveServer
from tests.support.pg_cluster import Cluster, countersign_database, scratch_dir

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def replicated(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, Cluster, Cluster]]:
    """A server on a primary, with a streaming standby of it as its read replica."""
    base = scratch_dir()
    primary = Cluster(base / "primary").init(fast="1", log_statement="all").start()
    standby: Cluster | None = None
    server: LiveServer | None = None
    try:
        url = countersign_database(primary)
        standby = Cluster.standby_of(primary, base / "standby", log_statement="all").start()
        replica_url = url.replace(f":{primary.port}/", f":{standby.port}/")
        server = LiveServer(url, tmp_path_factory.mktemp("tls"), replica_url=replica_url)
        yield server.start(), standby, primary
    finally:
        if server is not None:
            server.close()
        for cluster in (standby, primary):
            if cluster is not None:
                cluster.remove()
        shutil.rmtree(base, ignore_errors=True)


def _found(api: object, payer: str) -> list[str]:
    rows = api.search.documents(DocumentQuery(text=payer)).rows  # type: ignore[attr-defined]
    return [row.summary for row in rows]


def _replica_sessions(cluster: Cluster) -> int:
    (count,) = cluster.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'countersign-replica'"
    )[0]
    return int(count)


def test_a_search_reads_the_replica_and_ones_own_draft_reads_the_primary(
    replicated: tuple[LiveServer, Cluster, Cluster],
) -> None:
    server, standby, primary = replicated
    codes = office(server)
    api = log_in(server, clerk(server, "replica_clerk"))
    day = today(server)
    unit = codes.units["001001"]
    before = api.documents.create(income(codes, day, amount="10.00", payer="复制前", unit_id=unit))
    standby.wait_replayed(primary)
    assert len(_found(api, "复制前")) == 1
    assert _replica_sessions(standby) >= 1  # the server's replica engine is connected there

    standby.execute("SELECT pg_wal_replay_pause()")
    try:
        saved = api.documents.create(
            income(codes, day, amount="20.00", payer="暂停后", unit_id=unit)
        )
        assert api.documents.get(saved.id).version == saved.version  # the primary: at once
        assert _found(api, "暂停后") == []  # the replica has not replayed it yet
    finally:
        standby.execute("SELECT pg_wal_replay_resume()")
    standby.wait_replayed(primary)
    assert len(_found(api, "暂停后")) == 1
    assert before.id != saved.id


def test_reports_read_the_replica(replicated: tuple[LiveServer, Cluster, Cluster]) -> None:
    """Both clusters log every statement: the report's (its odd dates say which
    it is) is in the standby's log only."""
    server, standby, primary = replicated
    api = log_in(server, clerk(server, "replica_reporter"))
    marker = dt.date(2031, 3, 7)
    assert api.reports.daily_operations(marker, marker + dt.timedelta(days=1)) == []
    assert marker.isoformat() in standby.log.read_text(encoding="utf-8", errors="replace")
    assert marker.isoformat() not in primary.log.read_text(encoding="utf-8", errors="replace")

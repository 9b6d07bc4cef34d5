"""Restores against a real embedded PostgreSQL with WAL archiving on: real
pg_dump / pg_restore / pg_basebackup / pg_verifybackup and a real recovery.

A restore plan needs a second administrator (never its author) and never runs
unapproved; a restore returns the data of its backup (row counts and ledger as
the manifest says) or of the chosen moment, keeps the old database aside, and
leaves the server out of maintenance with the restore in the operation log."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from common.enums import ReviewLevel, Role
from common.schemas.backups import BackupRunOut, RunState
from common.schemas.restores import RestorePlanIn, RestoreSource
from server.db.engine import build_engine
from server.db.migrate import upgrade_to_head
from server.db.uow import UnitOfWork
from server.embedded_pg import EmbeddedPostgres
from server.services.operations import backup_crypto, backups, wal_archive
from tests.support.accounts import add_user, api_for, log_in, refused
from tests.support.documents import Codes, clerk, income, office, today
from tests.support.live_server import LiveServer
from tests.support.maintenance import (
    ELSEWHERE,
    hold_elsewhere,
    owner_of,
    release_elsewhere,
    seen,
)
from tests.support.reviews import reviewer

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An embedded cluster archiving its WAL into <data>/backups/wal."""
    data = tmp_path_factory.mktemp("restore-data")
    cluster = EmbeddedPostgres(data, archive=wal_archive.wal_folder(data / "backups"))
    url = cluster.start()
    try:
        engine = build_engine(url, pool_size=1)
        upgrade_to_head(engine)
        engine.dispose()
        yield url, data
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def live_server(archived: tuple[str, Path]) -> Iterator[LiveServer]:
    url, data = archived
    server = LiveServer(url, data).start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def codes(live_server: LiveServer) -> Codes:
    return office(live_server)


def wait_idle(server: LiveServer, timeout: float = 300) -> BackupRunOut:
    """Until the server's backup or restore run ends (read from the server itself:
    a restore ends every session, so an administrator's polling would be refused)."""
    runner = server.app.state.backup_runner
    deadline = time.monotonic() + timeout
    while (run := runner.current()).state is RunState.RUNNING:
        assert time.monotonic() < deadline, run
        time.sleep(0.3)
    return run


def payers(server: LiveServer) -> set[str]:
    with UnitOfWork(server.engine).transaction() as session:
        rows = session.execute(text("SELECT counterparty FROM documents")).scalars()
        return {row for row in rows if row}


def record(server: LiveServer, codes: Codes, payer: str) -> None:
    maker = log_in(server, clerk(server, f"{payer}.clerk", unit="001001"))
    checker = log_in(server, reviewer(server, f"{payer}.chk", (ReviewLevel.SUPERVISOR, "001")))
    made = maker.documents.create_and_submit(
        income(codes, today(server), amount="100.00", payer=payer)
    )
    checker.reviews.approve(made.id, version=made.version)


def test_a_backup_restore_needs_two_administrators_and_returns_the_backups_data(
    live_server: LiveServer, codes: Codes, archived: tuple[str, Path]
) -> None:
    record(live_server, codes, "before")
    first = log_in(live_server, add_user(live_server, "restore.first", [Role.ADMIN]))
    second = log_in(live_server, add_user(live_server, "restore.second", [Role.ADMIN]))
    leaver = log_in(live_server, clerk(live_server, "restore.leaver", unit="001001"))
    first.admin.back_up_now()
    run = wait_idle(live_server)
    assert run.state is RunState.DONE, run
    listed = first.admin.backups()
    dump = listed.backups[0]
    assert dump.verified
    assert listed.restores is not None and listed.restores.coverage.earliest is not None
    record(live_server, codes, "after")  # not in the backup
    leaver.auth.logout()  # ended after the backup
    assert {"before", "after"} <= payers(live_server)

    bad = refused(
        first.restores.file_plan,
        RestorePlanIn(source=RestoreSource.BACKUP, backup="countersign-x.dump", reason="误删数据"),
    )
    assert (bad.status, bad.code) == (422, "restore.backup_missing")
    plan = first.restores.file_plan(
        RestorePlanIn(source=RestoreSource.BACKUP, backup=dump.name, reason="误删数据,恢复到昨晚")
    )
    assert plan.action == "restore.plan" and plan.target == f"backup:{dump.name}"
    assert refused(first.admin.approve_request, plan.id).code == "admin_request.own"
    clerk_api = log_in(live_server, clerk(live_server, "restore.clerk", unit="001001"))
    assert refused(clerk_api.admin.approve_request, plan.id).status == 403

    # the command line refuses a plan that nobody approved
    data = archived[1]
    unapproved = restore_cli(archived, plan.id)
    assert unapproved.returncode == 2, unapproved.stdout + unapproved.stderr
    assert "尚未经另一位管理员批准" in unapproved.stderr
    assert "after" in payers(live_server)  # nothing happened

    second.admin.approve_request(plan.id, "核实,同意恢复")
    run = wait_idle(live_server)
    assert run.state is RunState.DONE, run
    assert run.trigger == "restore" and run.plan_id == plan.id

    assert "before" in payers(live_server) and "after" not in payers(live_server)
    with UnitOfWork(live_server.engine).transaction() as session:
        counts, ledger, _ = backups.snapshot_of(session.connection())
        logged = session.execute(
            text("SELECT action, after->>'approved_by' FROM audit_log ORDER BY id DESC LIMIT 1")
        ).one()
    manifest = backups.Manifest.load(backups.manifest_path(data / "backups" / dump.name))
    assert backup_crypto.is_encrypted(data / "backups" / dump.name) and manifest.key_id
    assert ledger == manifest.ledger
    added = {"audit_log", "admin_requests"}  # + restore.completed, + the plan itself
    assert {k: v for k, v in counts.items() if k not in added} == {
        k: v for k, v in manifest.row_counts.items() if k not in added
    }
    assert all(counts[table] == manifest.row_counts[table] + 1 for table in added)
    assert tuple(logged) == ("restore.completed", "restore.second")

    # sessions working now go on; one ended since the backup does not come back
    assert refused(leaver.documents.mine).status == 401
    assert first.admin.backups().restores is not None
    again = log_in(live_server, add_user(live_server, "restore.third", [Role.ADMIN]))
    overview = again.admin.backups()
    assert overview.restores is not None
    report = overview.restores.reports[0]
    assert report.ok and report.plan_id == plan.id and report.old_database
    assert report.checks == {
        "checksum": True,
        "decrypt": True,  # the backup is encrypted; the server's key opens it
        "authentic": True,  # and its manifest is signed with that key
        "restore": True,
        "audit_chain": True,
        "ledger_balanced": True,
        "row_counts": True,
        "ledger": True,
        "attachments": True,
    }
    assert [old.name for old in overview.restores.old_databases] == [report.old_database]
    # the plan that authorised it is carried into the restored data, approved
    carried = [r for r in again.admin.requests() if r.id == plan.id]
    assert [(r.action, r.state.value, r.decided_by) for r in carried] == [
        ("restore.plan", "approved", "restore.second")
    ]
    later = again.restores.file_plan(
        RestorePlanIn(source=RestoreSource.BACKUP, backup=dump.name, reason="再次核对")
    )
    assert later.id > plan.id  # its number is not given to another request
    again.admin.withdraw_request(later.id)
    assert api_for(live_server).system.health().maintenance is None
    again.restores.drop_old_database(report.old_database)
    assert again.admin.backups().restores.old_databases == []  # type: ignore[union-attr]
    # a plan carried out is not carried out again
    twice = restore_cli(archived, plan.id)
    assert twice.returncode == 2 and "已执行完成" in twice.stderr, twice.stderr


def restore_cli(
    archived: tuple[str, Path], plan_id: int, *more: str
) -> subprocess.CompletedProcess[str]:
    url, data = archived
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "server",
            "restore",
            "--plan",
            str(plan_id),
            "--data-dir",
            str(data),
            *more,
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": url},
        check=False,
    )


def test_a_restore_that_fails_its_checks_changes_nothing(
    live_server: LiveServer, codes: Codes, archived: tuple[str, Path]
) -> None:
    first = log_in(live_server, add_user(live_server, "broken.first", [Role.ADMIN]))
    second = log_in(live_server, add_user(live_server, "broken.second", [Role.ADMIN]))
    first.admin.back_up_now()
    wait_idle(live_server)
    dump = first.admin.backups().backups[0]
    record(live_server, codes, "stays")
    plan = first.restores.file_plan(
        RestorePlanIn(source=RestoreSource.BACKUP, backup=dump.name, reason="恢复测试")
    )
    path = archived[1] / "backups" / dump.name
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    path.write_bytes(bytes(damaged))

    # while another process holds maintenance, nothing is approved or started
    gate = live_server.app.state.maintenance
    seen(gate, hold_elsewhere(live_server.engine))
    busy = refused(second.admin.approve_request, plan.id)
    assert (busy.status, busy.code) == (503, "system.maintenance")
    seen(gate, release_elsewhere(live_server.engine))

    second.admin.approve_request(plan.id)
    run = wait_idle(live_server)
    assert run.state is RunState.FAILED, run
    assert "stays" in payers(live_server)  # the live database is untouched
    with UnitOfWork(live_server.engine).transaction() as session:
        names = session.scalars(text("SELECT datname FROM pg_database")).all()
    assert not [name for name in names if "_restore_" in name]
    assert api_for(live_server).system.health().maintenance is None
    overview = first.admin.backups().restores  # sessions go on: nothing switched
    assert overview is not None
    report = overview.reports[0]
    assert not report.ok and report.checks == {"checksum": False} and report.old_database is None
    assert report.plan_id == plan.id
    # the failed plan may be run again from the command line, but not while
    # another process holds maintenance: its maintenance is left alone
    seen(gate, hold_elsewhere(live_server.engine))
    held = restore_cli(archived, plan.id)
    assert held.returncode == 2 and "已有备份或恢复正在进行" in held.stderr, held.stderr
    assert owner_of(live_server.engine) == ELSEWHERE
    seen(gate, release_elsewhere(live_server.engine))


def test_a_point_in_time_restore_returns_the_data_as_of_that_moment(
    live_server: LiveServer, codes: Codes, archived: tuple[str, Path]
) -> None:
    first = log_in(live_server, add_user(live_server, "pitr.first", [Role.ADMIN]))
    second = log_in(live_server, add_user(live_server, "pitr.second", [Role.ADMIN]))
    url, data = archived
    if not wal_archive.base_backups(data / "backups"):  # the first backup run takes one
        wal_archive.take_base_backup(url, data / "backups")
    record(live_server, codes, "kept")
    time.sleep(1.5)
    # wall-clock time on purpose: PostgreSQL stamps the archived commits with it, and
    # recovery_target_time is compared with those stamps, not with the test clock
    moment = dt.datetime.now(dt.UTC)
    time.sleep(1.5)
    record(live_server, codes, "undone")
    assert {"kept", "undone"} <= payers(live_server)

    plan = first.restores.file_plan(
        RestorePlanIn(source=RestoreSource.POINT_IN_TIME, target_time=moment, reason="误操作回退")
    )
    second.admin.approve_request(plan.id)
    run = wait_idle(live_server)
    assert run.state is RunState.DONE, run
    assert "kept" in payers(live_server) and "undone" not in payers(live_server)
    late = refused(
        log_in(live_server, add_user(live_server, "pitr.third", [Role.ADMIN])).restores.file_plan,
        RestorePlanIn(
            source=RestoreSource.POINT_IN_TIME,
            target_time=moment + dt.timedelta(hours=1),  # past the archive's end
            reason="未来的时间",
        ),
    )
    assert (late.status, late.code, late.params["field"]) == (
        422,
        "restore.time_out_of_range",
        "target_time",
    )


def test_in_maintenance_requests_wait_and_the_health_check_says_why(
    live_server: LiveServer,
) -> None:
    user = clerk(live_server, "maint.clerk", unit="001001")
    api = log_in(live_server, user)
    gate = live_server.app.state.maintenance
    gate.update({"reason": "restore", "plan": 1, "phase": "restore"})
    try:
        busy = refused(api.documents.mine)
        assert (busy.status, busy.code) == (503, "system.maintenance")
        assert "系统维护中" in str(busy)
        health = api.system.health()
        assert health.status == "error" and health.maintenance == "restore"
    finally:
        gate.leave()
    api.documents.mine()
    assert api.system.health().maintenance is None

    # a restoring process that died leaves maintenance behind: once its
    # heartbeat has been silent a minute it is not obeyed, and is taken over
    seen(gate, hold_elsewhere(live_server.engine, silent_s=120))
    api.documents.mine()
    assert api.system.health().maintenance is None
    gate.update({"reason": "restore", "plan": 2, "phase": "prepare"})
    assert owner_of(live_server.engine) == gate.owner
    gate.leave()
    api.documents.mine()


def test_a_planted_plain_backup_is_refused_unless_the_operator_allows_it(
    live_server: LiveServer, codes: Codes, archived: tuple[str, Path]
) -> None:
    first = log_in(live_server, add_user(live_server, "plain.first", [Role.ADMIN]))
    second = log_in(live_server, add_user(live_server, "plain.second", [Role.ADMIN]))
    folder = archived[1] / "backups"
    # written to the backup share by someone without the key: a plain dump and a
    # manifest whose SHA-256 matches it
    planted, manifest = backups.backup(
        live_server.engine, folder, now=dt.datetime(2026, 1, 5, 3, 0, tzinfo=dt.UTC)
    )
    assert not backup_crypto.is_encrypted(planted) and manifest.signature is None
    record(live_server, codes, "planted.after")
    plan = first.restores.file_plan(
        RestorePlanIn(source=RestoreSource.BACKUP, backup=planted.name, reason="恢复旧备份")
    )
    second.admin.approve_request(plan.id)
    run = wait_idle(live_server)
    assert run.state is RunState.FAILED, run
    assert "planted.after" in payers(live_server)  # nothing switched
    overview = first.admin.backups().restores
    assert overview is not None
    report = next(r for r in overview.reports if r.plan_id == plan.id)
    assert report.checks == {"checksum": True, "decrypt": True, "authentic": False}
    assert f"The backup file {planted.name} is not encrypted" in report.problems[0]

    # the operator says it is an older server's backup: then it restores
    allowed = restore_cli(archived, plan.id, "--allow-plain")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "--allow-plain" in allowed.stdout
    assert "planted.after" not in payers(live_server)
    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.execute(
            text("SELECT action, after->>'allow_plain' FROM audit_log ORDER BY id DESC LIMIT 1")
        ).one()
    assert tuple(logged) == ("restore.completed", "true")  # the operator's choice, logged

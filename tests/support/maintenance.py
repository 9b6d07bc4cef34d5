"""Maintenance held by "another process" (a row written here, as one would),
for the tests of maintenance mode shared by every server process."""

from __future__ import annotations

from sqlalchemy import Engine, text

from server.services.operations.maintenance import CHANNEL, MaintenanceGate

ELSEWHERE = "elsewhere:1:test"


def hold_elsewhere(engine: Engine, *, phase: str = "restore", silent_s: float = 0) -> int:
    """Maintenance owned by a process of another host, whose last heartbeat was
    ``silent_s`` ago (database clock); the new generation."""
    with engine.begin() as connection:
        generation = int(
            connection.execute(
                text(
                    "UPDATE maintenance_state SET owner = :owner, reason = 'restore',"
                    " phase = :phase, info = '{}', generation = generation + 1,"
                    " heartbeat_at = now() - make_interval(secs => :silent)"
                    " WHERE id = 1 RETURNING generation"
                ),
                {"owner": ELSEWHERE, "phase": phase, "silent": silent_s},
            ).scalar_one()
        )
        connection.execute(text("SELECT pg_notify(:c, :g)"), {"c": CHANNEL, "g": str(generation)})
    return generation


def release_elsewhere(engine: Engine) -> int:
    with engine.begin() as connection:
        generation = int(
            connection.execute(
                text(
                    "UPDATE maintenance_state SET owner = NULL, reason = NULL, phase = NULL,"
                    " info = '{}', generation = generation + 1, heartbeat_at = NULL"
                    " WHERE id = 1 RETURNING generation"
                )
            ).scalar_one()
        )
        connection.execute(text("SELECT pg_notify(:c, :g)"), {"c": CHANNEL, "g": str(generation)})
    return generation


def owner_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        owner: str | None = connection.execute(
            text("SELECT owner FROM maintenance_state WHERE id = 1")
        ).scalar_one()
        return owner


def seen(gate: MaintenanceGate, generation: int, timeout: float = 20) -> None:
    """Until the server's gate has heard of ``generation`` (its watch)."""
    assert gate.wait_for(lambda known: known.generation >= generation, timeout), gate.known()

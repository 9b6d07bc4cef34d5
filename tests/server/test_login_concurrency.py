"""Many logins of one account at the same moment (issue 15 item 6).

Every login step locks the account's row before anything else it touches
(tickets, sessions, recovery codes, the operation log), so racing requests queue
instead of deadlocking: none answers 5xx, and the single-use rules still hold.
Each scenario runs a few rounds, the requests of a round released together.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from functools import partial
from itertools import count

import httpx

from client.api.tls import pinned_context
from common.enums import Role
from common.version import API_PREFIX
from server.crypto import SecretBox
from server.db.models import User
from server.db.uow import UnitOfWork
from server.services.accounts import second_factor
from tests.support.accounts import Account, add_user, code_now, log_in, next_step
from tests.support.live_server import LiveServer

RACERS = 10
ROUNDS = 3  # a deadlock of the old lock order is likely in a round, not certain
_names = count(1)
# The clean refusals a losing racer may get; a 5xx (503 on a deadlock) is none of them.
LOSING = {
    "auth.code_invalid",
    "auth.locked",
    "auth.ticket_invalid",
    "auth.code_attempts_exhausted",
    "auth.invalid_credentials",
}


def fresh(server: LiveServer, **kwargs: object) -> Account:
    return add_user(server, f"racer{next(_names)}", [Role.CLERK], **kwargs)  # type: ignore[arg-type]


def http(server: LiveServer) -> httpx.Client:
    pem = server.identity.cert_file.read_text()
    return httpx.Client(base_url=server.url + API_PREFIX, verify=pinned_context(pem), timeout=60)


def post(
    server: LiveServer, path: str, body: dict[str, str], *, token: str | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with http(server) as client:
        return client.post(path, json=body, headers=headers)


def together(calls: list[Callable[[], httpx.Response]]) -> list[str]:
    """Run ``calls`` in threads released at once; each answer as "ok" or its code
    (a 5xx as "5xx <code>")."""
    barrier = threading.Barrier(len(calls))
    results: list[str] = [""] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        answer = calls[index]()
        if answer.is_success:
            results[index] = "ok"
        else:
            prefix = "5xx " if answer.status_code >= 500 else ""
            results[index] = prefix + str(answer.json().get("code"))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def tickets(server: LiveServer, user: Account, n: int) -> list[str]:
    answers = [
        post(server, "/auth/login", {"username": user.username, "password": user.password})
        for _ in range(n)
    ]
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    return [a.json()["ticket"] for a in answers]


def assert_clean(results: list[str], *, winners: int) -> None:
    assert not [r for r in results if r not in LOSING | {"ok"}], results
    assert results.count("ok") == winners, results


def test_ten_logins_racing_one_code_end_in_one_session_and_no_deadlock(
    live_server: LiveServer,
) -> None:
    """The winner resets the failure count; the losers' failures lock the account
    at the fifth, which ends the logins still queued: they all get a clean 4xx."""
    for _ in range(ROUNDS):
        user = fresh(live_server)
        assert user.totp_secret is not None
        next_step(live_server)
        pending = tickets(live_server, user, RACERS)
        code = code_now(live_server, user.totp_secret)
        results = together(
            [partial(post, live_server, "/auth/code", {"ticket": t, "code": code}) for t in pending]
        )
        assert_clean(results, winners=1)
        counts = Counter(results)
        assert counts["auth.code_invalid"] == 4 and counts["auth.locked"] >= 1, results


def test_recovery_codes_and_one_totp_code_racing_each_win_once(live_server: LiveServer) -> None:
    """Five distinct recovery codes and five copies of one code: six sessions."""
    box: SecretBox = live_server.app.state.secret_box
    for _ in range(2):
        user = fresh(live_server)
        assert user.totp_secret is not None
        with UnitOfWork(live_server.engine).transaction() as session:
            row = session.get(User, user.id)
            assert row is not None
            recovery = second_factor.issue_recovery_codes(session, row, box=box)[:5]
        next_step(live_server)
        pending = tickets(live_server, user, RACERS)
        codes = recovery + [code_now(live_server, user.totp_secret)] * 5
        results = together(
            [
                partial(post, live_server, "/auth/code", {"ticket": t, "code": c})
                for t, c in zip(pending, codes, strict=True)
            ]
        )
        assert_clean(results, winners=6)
        assert results[:5] == ["ok"] * 5, results
        assert results.count("auth.code_invalid") == 4, results


def test_ten_enrolments_confirmed_at_once_enrol_one_authenticator(
    live_server: LiveServer,
) -> None:
    """The first confirmation ends the other half-finished logins of the account."""
    for _ in range(ROUNDS):
        user = fresh(live_server, enrolled=False)
        pending = tickets(live_server, user, RACERS)
        secret = ""
        for ticket in pending:  # the last enrolment started is the pending one
            answer = post(live_server, "/auth/enrolment", {"ticket": ticket})
            assert answer.status_code == 200, answer.text
            secret = answer.json()["secret"]
        code = code_now(live_server, secret)
        confirm = "/auth/enrolment/confirm"
        results = together(
            [partial(post, live_server, confirm, {"ticket": t, "code": code}) for t in pending]
        )
        assert_clean(results, winners=1)
        assert results.count("auth.ticket_invalid") == RACERS - 1, results


def test_ten_passwords_at_once_lock_at_the_threshold_without_deadlock(
    live_server: LiveServer,
) -> None:
    """Wrong and right passwords mixed: every answer is a ticket or a clean refusal."""
    user = fresh(live_server)
    bodies = [
        {"username": user.username, "password": user.password if i % 2 else "Wrong-Pass-1!"}
        for i in range(RACERS)
    ]
    results = together([partial(post, live_server, "/auth/login", b) for b in bodies])
    assert not [r for r in results if r not in LOSING | {"ok"}], results
    assert results.count("auth.invalid_credentials") == 5, results


def test_ten_sessions_of_one_account_failing_to_reverify_at_once_lock_it_cleanly(
    live_server: LiveServer,
) -> None:
    """Each request refreshes its session's last-seen time, and the fifth failure
    ends every session of the account: both under the account's row lock."""
    for _ in range(2):
        user = fresh(live_server)
        tokens = [log_in(live_server, user).transport.token for _ in range(RACERS)]
        live_server.clock.advance(dt.timedelta(minutes=1))  # every session is due a touch
        wrong = {"code": "000000"}
        results = together(
            [partial(post, live_server, "/auth/reverify", wrong, token=t) for t in tokens]
        )
        assert not [r for r in results if r.startswith("5xx")], results
        assert results.count("auth.reverify_invalid") == 4, results
        # the rest: locked, or (arriving after the lock) no longer logged in
        ended = results.count("auth.locked") + results.count("auth.not_authenticated")
        assert ended == RACERS - 4 and "auth.locked" in results, results


def test_an_approved_reset_racing_the_accounts_logins_deadlocks_none(
    live_server: LiveServer,
) -> None:
    """A second administrator approves the reset of an account's authenticator
    while that account's logins are at the code step: the approval takes the
    account's row before it writes to the log, as the logins do."""
    first, second = (
        log_in(live_server, add_user(live_server, f"racer.admin{next(_names)}", [Role.ADMIN]))
        for _ in range(2)
    )
    for _ in range(ROUNDS):
        user = fresh(live_server)
        assert user.totp_secret is not None
        asked = first.admin.reset_second_factor(user.id, "手机丢失")
        next_step(live_server)
        pending = tickets(live_server, user, RACERS)
        code = code_now(live_server, user.totp_secret)
        approve = f"/admin/requests/{asked.id}/approve"
        token = second.transport.token
        results = together(
            [partial(post, live_server, approve, {"note": "已核实"}, token=token)]
            + [
                partial(post, live_server, "/auth/code", {"ticket": t, "code": code})
                for t in pending
            ]
        )
        assert results[0] == "ok", results
        assert not [r for r in results[1:] if r not in LOSING | {"ok"}], results

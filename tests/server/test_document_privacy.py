"""DOMAIN.md: a draft is its maker's alone until submitted, and nobody sees a
document outside their unit scope. Every route that takes a document id answers
an invisible document exactly as it answers an id that does not exist (the same
status, code and message), before any check of the document's state, so neither
its existence nor its state leaks through a 409."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from client.api import ApiClient, ApiError
from common.enums import DocumentStatus, ReviewLevel, Role
from common.schemas.documents import DocumentOut
from tests.support.accounts import add_user, log_in
from tests.support.documents import Codes, approve, clerk, income, submitted, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

MISSING = 987_654_321  # an id no document has
REASON = "金额与合同不符,请按合同金额更正"


@dataclass
class World:
    maker: ApiClient
    callers: dict[str, ApiClient]
    draft: DocumentOut  # the maker's draft in their own unit
    deleted: DocumentOut  # the maker's deleted draft
    recalled: DocumentOut  # submitted, seen by the reviewer, then recalled
    submitted: DocumentOut  # in review, in 001001001
    approved: DocumentOut  # approved, in 001001001
    delegate_id: int


@pytest.fixture(scope="module")
def world(live_server: LiveServer, codes: Codes) -> World:
    maker = log_in(live_server, clerk(live_server, "privacy.maker", unit="001001"))
    near = reviewer(live_server, "privacy.reviewer", (ReviewLevel.SUPERVISOR, "001001"))
    other = reviewer(live_server, "privacy.delegate", (ReviewLevel.MANAGER, "001"))
    far = reviewer(live_server, "privacy.far", (ReviewLevel.LEADER, "001002"), scope="001002")
    callers = {
        "same-unit clerk": log_in(live_server, clerk(live_server, "privacy.clerk", unit="001001")),
        "clerk outside the unit": log_in(
            live_server, clerk(live_server, "privacy.far.clerk", unit="001002")
        ),
        "reviewer": log_in(live_server, near),
        "reviewer outside the unit": log_in(live_server, far),
        "analyst": log_in(
            live_server,
            add_user(live_server, "privacy.analyst", [Role.ANALYST], unit_codes=("001",)),
        ),
        "auditor": log_in(
            live_server,
            add_user(live_server, "privacy.auditor", [Role.AUDITOR], unit_codes=("001",)),
        ),
        "administrator": log_in(
            live_server, add_user(live_server, "privacy.admin", [Role.ADMIN], unit_codes=("001",))
        ),
    }
    day = today(live_server)
    draft = maker.documents.create(income(codes, day, amount="101.00", payer="甲"))
    gone = maker.documents.create(income(codes, day, amount="102.00", payer="乙"))
    deleted = maker.documents.delete(gone.id, version=gone.version, reason="录错了")
    sent_back = submitted(maker, income(codes, day, amount="103.00", payer="丙"))
    assert callers["reviewer"].documents.get(sent_back.id).status is DocumentStatus.SUBMITTED
    recalled = maker.documents.recall(sent_back.id, version=sent_back.version)
    in_review = submitted(maker, income(codes, day, amount="104.00", payer="丁"))
    done = submitted(maker, income(codes, day, amount="105.00", payer="戊"))
    approve(live_server, done.id)
    return World(
        maker,
        callers,
        draft,
        deleted,
        recalled,
        in_review,
        maker.documents.get(done.id),
        other.id,
    )


def _routes(world: World, doc: DocumentOut) -> list[tuple[str, str, Any]]:
    """Every route that takes a document id, with a body that would be valid."""
    version = {"version": doc.version}
    draft = doc.to_draft().model_dump(mode="json")
    return [
        ("GET", "", None),
        ("GET", "/timeline", None),
        ("GET", "/delegates", None),
        ("PUT", "", {"draft": draft, **version}),
        ("POST", "/submit", version),
        ("POST", "/recall", version),
        ("POST", "/delete", {**version, "reason": "不要了"}),
        ("POST", "/reverse", None),
        ("POST", "/approve", {**version, "opinion": "同意"}),
        ("POST", "/reject", {**version, "opinion": REASON}),
        ("POST", "/return", {**version, "opinion": REASON}),
        ("POST", "/delegate", {**version, "opinion": "", "to_user_id": world.delegate_id}),
    ]


def answer(api: ApiClient, method: str, path: str, body: Any) -> tuple[int, str, str]:
    key = str(uuid.uuid4()) if method != "GET" else None
    try:
        api.transport.request(method, path, json=body, idempotency_key=key)
    except ApiError as error:
        return error.status, error.code, error.message
    return 200, "ok", ""


def hidden(world: World, name: str, doc: DocumentOut) -> None:
    """Each route answers ``doc`` as it answers a missing id, and changes nothing."""
    api = world.callers[name]
    for method, suffix, body in _routes(world, doc):
        got = answer(api, method, f"/documents/{doc.id}{suffix}", body)
        missing = answer(api, method, f"/documents/{MISSING}{suffix}", body)
        expected = (missing[0], missing[1], missing[2].replace(str(MISSING), str(doc.id)))
        assert got == expected, (name, method, suffix)
        if missing[0] != 403:  # not a route this role may call at all
            assert got[:2] == (404, "document.not_found"), (name, method, suffix)
    after = world.maker.documents.get(doc.id)
    assert (after.status, after.version) == (doc.status, doc.version)


ALL = [
    "same-unit clerk",
    "clerk outside the unit",
    "reviewer",
    "reviewer outside the unit",
    "analyst",
    "auditor",
    "administrator",
]


@pytest.mark.parametrize("name", ALL)
def test_a_colleagues_draft_is_not_found_on_any_route(world: World, name: str) -> None:
    hidden(world, name, world.draft)
    hidden(world, name, world.deleted)


@pytest.mark.parametrize("name", ALL)
def test_a_recalled_document_is_a_private_draft_again(world: World, name: str) -> None:
    assert world.recalled.status is DocumentStatus.DRAFT and world.recalled.number
    hidden(world, name, world.recalled)


def test_outside_the_unit_everyone_gets_404_not_409(world: World) -> None:
    """Out of scope: 404 whatever the state (before: 409 review.not_open for an
    approved item, 403 out of scope or not the maker for an open one)."""
    for name in ("reviewer outside the unit", "clerk outside the unit"):
        hidden(world, name, world.submitted)
        hidden(world, name, world.approved)


def test_what_may_be_seen_still_is(world: World) -> None:
    """The maker sees their drafts; a submitted item is seen by the unit's people,
    whose refusals then name the rule (the document is not secret to them)."""
    assert world.maker.documents.get(world.draft.id).status is DocumentStatus.DRAFT
    assert world.maker.documents.get(world.deleted.id).deleted
    assert world.maker.reviews.timeline(world.recalled.id).entries
    for name in ("same-unit clerk", "reviewer", "analyst", "auditor", "administrator"):
        api = world.callers[name]
        assert api.documents.get(world.submitted.id).id == world.submitted.id
        assert api.reviews.timeline(world.approved.id).document_id == world.approved.id
    reviewer_api = world.callers["reviewer"]
    body = {"version": world.approved.version, "opinion": "同意"}
    status, code, _ = answer(reviewer_api, "POST", f"/documents/{world.approved.id}/approve", body)
    assert (status, code) == (409, "review.not_open")
    delegates = reviewer_api.reviews.delegates(world.submitted.id)
    assert [c.user_id for c in delegates] == [world.delegate_id]


def test_searches_by_number_do_not_find_a_recalled_draft(world: World) -> None:
    number = int(str(world.recalled.number).split("-")[-1])
    series = str(world.recalled.number).rsplit("-", 1)[0]
    query = {"query": {"number": number, "series": series}, "limit": 10}
    for name in ALL:
        rows = world.callers[name].transport.request("POST", "/search/documents", json=query)
        assert rows["rows"] == [], name
    mine = world.maker.transport.request("POST", "/search/documents", json=query)
    assert [row["id"] for row in mine["rows"]] == [world.recalled.id]
    # nor any list: the unfiltered query finds the submitted items, never the drafts
    private = {world.draft.id, world.deleted.id, world.recalled.id}
    for name in ("same-unit clerk", "reviewer", "analyst", "auditor", "administrator"):
        found = world.callers[name].transport.request(
            "POST", "/search/documents", json={"limit": 500}
        )
        ids = {row["id"] for row in found["rows"]}
        assert world.submitted.id in ids and not ids & private, name

"""Review and approval: decisions (idempotent, retried like the document calls),
the reviewer's lists and counts, an item's timeline, absences with a stand-in."""

from __future__ import annotations

from client.api.documents import send_once
from client.api.pages import Page, fetch_page
from client.api.transport import Transport
from common.schemas.documents import DocumentOut
from common.schemas.reviews import (
    AbsenceIn,
    AbsenceOut,
    DecisionIn,
    DelegateCandidateOut,
    DelegateIn,
    ReviewCountsOut,
    ReviewItemOut,
    StandInOut,
    TimelineOut,
    UrgeIn,
)


class ReviewsApi:
    def __init__(self, transport: Transport, *, attempts: int = 3) -> None:
        self._t = transport
        self._attempts = attempts

    def _decide(self, document_id: int, name: str, body: object, key: str | None) -> DocumentOut:
        path = f"/documents/{document_id}/{name}"
        answer = send_once(self._t, "POST", path, body, key, attempts=self._attempts)
        return DocumentOut.model_validate(answer)

    def approve(
        self, document_id: int, *, version: int, opinion: str = "", key: str | None = None
    ) -> DocumentOut:
        return self._decide(
            document_id, "approve", DecisionIn(version=version, opinion=opinion), key
        )

    def reject(
        self, document_id: int, *, version: int, reason: str, key: str | None = None
    ) -> DocumentOut:
        return self._decide(document_id, "reject", DecisionIn(version=version, opinion=reason), key)

    def return_for_correction(
        self, document_id: int, *, version: int, reason: str, key: str | None = None
    ) -> DocumentOut:
        return self._decide(document_id, "return", DecisionIn(version=version, opinion=reason), key)

    def take_back(self, document_id: int, *, version: int, opinion: str = "") -> DocumentOut:
        """收回审批: my approval back on my list while the next step has not acted."""
        return self._decide(
            document_id, "take-back", DecisionIn(version=version, opinion=opinion), None
        )

    def urge(self, document_id: int, *, opinion: str = "") -> DocumentOut:
        """督办: remind the reviewers of an overdue item (its maker, or a higher post)."""
        body = UrgeIn(opinion=opinion).model_dump(mode="json")
        return DocumentOut.model_validate(
            self._t.request("POST", f"/documents/{document_id}/urge", json=body)
        )

    def delegate(
        self,
        document_id: int,
        *,
        version: int,
        to_user_id: int,
        opinion: str = "",
        key: str | None = None,
    ) -> DocumentOut:
        body = DelegateIn(version=version, to_user_id=to_user_id, opinion=opinion)
        return self._decide(document_id, "delegate", body, key)

    def delegates(self, document_id: int) -> list[DelegateCandidateOut]:
        """Whom I may hand the item's current step to."""
        rows = self._t.request("GET", f"/documents/{document_id}/delegates")
        return [DelegateCandidateOut.model_validate(row) for row in rows]

    def _list(self, which: str, limit: int) -> list[ReviewItemOut]:
        return self.page(which, limit=limit).rows

    def page(
        self, which: str, *, limit: int = 200, after: str | None = None
    ) -> Page[ReviewItemOut]:
        """A page of 待办 (``todo``), 进行中 (``in-progress``) or 已办 (``done``),
        with the whole list's size and the next page's token."""
        return fetch_page(
            self._t, f"/reviews/{which}", ReviewItemOut.model_validate, limit=limit, after=after
        )

    def todo(self, *, limit: int = 200) -> list[ReviewItemOut]:
        """待办: open steps this reviewer can act on, the nearest deadline first."""
        return self._list("todo", limit)

    def in_progress(self, *, limit: int = 200) -> list[ReviewItemOut]:
        return self._list("in-progress", limit)

    def done(self, *, limit: int = 200) -> list[ReviewItemOut]:
        return self._list("done", limit)

    def counts(self) -> ReviewCountsOut:
        return ReviewCountsOut.model_validate(self._t.request("GET", "/reviews/counts"))

    def timeline(self, document_id: int) -> TimelineOut:
        answer = self._t.request("GET", f"/documents/{document_id}/timeline")
        return TimelineOut.model_validate(answer)

    def file_absence(self, absence: AbsenceIn) -> AbsenceOut:
        """休假委托: my to-do list goes to a stand-in for these dates."""
        answer = self._t.request("POST", "/reviews/absences", json=absence.model_dump(mode="json"))
        return AbsenceOut.model_validate(answer)

    def absences(self) -> list[AbsenceOut]:
        rows = self._t.request("GET", "/reviews/absences")
        return [AbsenceOut.model_validate(row) for row in rows]

    def stand_ins(self) -> list[StandInOut]:
        """Who could stand in for me while I am away."""
        rows = self._t.request("GET", "/reviews/absences/stand-ins")
        return [StandInOut.model_validate(row) for row in rows]

    def cancel_absence(self, absence_id: int) -> AbsenceOut:
        answer = self._t.request("POST", f"/reviews/absences/{absence_id}/cancel")
        return AbsenceOut.model_validate(answer)

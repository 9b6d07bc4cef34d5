"""问题反馈: sending a report, reading the answers to mine, and the console's
list, detail, answer and close."""

from __future__ import annotations

from pydantic import TypeAdapter

from client.api.transport import Transport
from common.schemas.feedback import (
    FeedbackAnswerIn,
    FeedbackDetailOut,
    FeedbackIn,
    FeedbackOut,
    FeedbackState,
)

_LIST = TypeAdapter(list[FeedbackOut])


class FeedbackApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def send(self, report: FeedbackIn) -> FeedbackOut:
        body = report.model_dump(mode="json")
        return FeedbackOut.model_validate(self._t.request("POST", "/feedback", json=body))

    def mine(self) -> list[FeedbackOut]:
        return _LIST.validate_python(self._t.request("GET", "/feedback/mine"))

    def listing(self, state: FeedbackState | None = None) -> list[FeedbackOut]:
        params = {"state": state.value} if state is not None else None
        return _LIST.validate_python(self._t.request("GET", "/admin/feedback", params=params))

    def detail(self, feedback_id: int) -> FeedbackDetailOut:
        return FeedbackDetailOut.model_validate(
            self._t.request("GET", f"/admin/feedback/{feedback_id}")
        )

    def answer(self, feedback_id: int, answer: FeedbackAnswerIn) -> FeedbackOut:
        body = answer.model_dump(mode="json")
        return FeedbackOut.model_validate(
            self._t.request("POST", f"/admin/feedback/{feedback_id}/answer", json=body)
        )

    def close(self, feedback_id: int) -> FeedbackOut:
        return FeedbackOut.model_validate(
            self._t.request("POST", f"/admin/feedback/{feedback_id}/close")
        )

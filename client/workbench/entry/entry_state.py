"""Where an entry screen stands with the server, without Qt.

Which document is open, whether what is on screen differs from what the server
holds, whether a request is on its way or went unanswered, and which requests a
save or a submission takes. The screen (form_base.py) shows and asks; this
class decides, so the rules of saving can be read, and tested, in one place:

- a save sends the draft as a new document, or as the next version of the open one;
- a submission of a new document is one request; of a changed saved one, a save
  first (its new version is kept whatever the submission's answer), then the
  submission on that version;
- without an answer the request stays pending and the next save or submit sends
  it again, with its key, before anything else (pending.py);
- typing that went on while a request was on its way stays unsaved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from client.workbench.entry.pending import Action, PendingRequest
from common.rules.document_actions import EDITABLE
from common.schemas.documents import DocumentOut

Draft = dict[str, Any]  # a draft as JSON, as it was sent or as it is on screen


@dataclass(frozen=True)
class Submission:
    """One submission as the user asked for it: the draft, the large amounts typed
    again (二次核对) and the reason given for a possible duplicate."""

    sent: Draft
    confirmed: tuple[str, ...] = ()
    reason: str = ""

    def create(self) -> PendingRequest:
        """A new document, made and submitted in one request."""
        return PendingRequest(
            Action.CREATE_AND_SUBMIT,
            self.sent,
            duplicate_reason=self.reason,
            confirmed=list(self.confirmed),
        )

    def of(self, document: DocumentOut) -> PendingRequest:
        """The submission of a saved document, at the version it has now."""
        return PendingRequest(
            Action.SUBMIT,
            self.sent,
            document_id=document.id,
            version=document.version,
            duplicate_reason=self.reason,
            confirmed=list(self.confirmed),
        )


class EntryState:
    def __init__(self) -> None:
        self.document: DocumentOut | None = None
        self.dirty = False  # on screen differs from what the server has
        self.busy = False  # a request is on its way
        self.pending: PendingRequest | None = None  # sent, never answered

    # -- what may be done -------------------------------------------------------
    def editable(self) -> bool:
        return self.document is None or self.document.status in EDITABLE

    def is_reversal(self) -> bool:
        return self.document is not None and self.document.reverses_id is not None

    def may_act(self) -> bool:
        """Save or submit now: nothing on its way and the document editable."""
        return not self.busy and self.editable()

    def has_unsaved_input(self) -> bool:
        return self.dirty or self.pending is not None

    # -- the requests ------------------------------------------------------------
    def save_request(self, sent: Draft) -> PendingRequest:
        current = self.document
        if current is None:
            return PendingRequest(Action.CREATE, sent)
        return PendingRequest(Action.UPDATE, sent, document_id=current.id, version=current.version)

    def first_step(self, submission: Submission) -> PendingRequest:
        """The first request of a submission. A save (``Action.UPDATE``) comes first
        when the open document was changed; its answer is then submitted with
        ``submission.of``."""
        if self.document is None:
            return submission.create()
        if self.dirty:
            return self.save_request(submission.sent)
        return submission.of(self.document)

    # -- what happened -----------------------------------------------------------
    def sending(self) -> None:
        self.busy = True

    def answered(self) -> None:
        self.busy = False
        self.pending = None

    def unanswered(self, request: PendingRequest) -> None:
        """No answer: it may or may not have been done; kept to be asked again."""
        self.busy = False
        self.pending = request
        self.dirty = True

    def refused(self) -> None:
        self.busy = False
        self.pending = None

    def saved(self, document: DocumentOut, sent: Draft, on_screen: Draft | None) -> None:
        """The server has ``sent``; what was typed meanwhile stays unsaved."""
        self.document = document
        self.dirty = on_screen != sent

    def submitted(self, document: DocumentOut, sent: Draft, on_screen: Draft | None) -> bool:
        """True when typing went on while the submission was on its way: that
        typing stays on screen, unsaved, against the submitted document."""
        if on_screen != sent:
            self.document = document
            self.dirty = True
            return True
        self.document = None
        self.dirty = False
        return False

    def opened(self, document: DocumentOut | None) -> None:
        """A saved document, or (None) a blank screen, replaces what was there."""
        self.document = document
        self.pending = None
        self.dirty = False

    def restored(self, pending: dict[str, Any] | None) -> None:
        """A copy kept on this computer is back on screen, unsaved."""
        self.dirty = True
        self.pending = PendingRequest.from_json(pending) if pending else None

    def kept_copy(self, on_screen: Draft) -> dict[str, Any]:
        """What the local copy holds, so a crash loses neither typing nor the
        request that may have reached the server."""
        return {
            "draft": on_screen,
            "document_id": self.document.id if self.document else None,
            "version": self.document.version if self.document else None,
            "pending": self.pending.to_json() if self.pending else None,
        }

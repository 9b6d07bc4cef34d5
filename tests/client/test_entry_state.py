"""The entry screens' rules of saving and submitting (entry_state.py), without Qt:
which requests a save or a submission takes, and what stays unsaved."""

from __future__ import annotations

from client.workbench.entry.entry_state import EntryState, Submission
from client.workbench.entry.pending import Action
from common.enums import DocumentStatus
from common.schemas.documents import DocumentOut

TYPED = {"counterparty": "某缴款人", "amount": "100.00"}
TYPED_ON = {"counterparty": "某缴款人(改)", "amount": "100.00"}


def document(
    *, id: int = 7, version: int = 3, status: DocumentStatus = DocumentStatus.DRAFT
) -> DocumentOut:
    return DocumentOut.model_construct(id=id, version=version, status=status, reverses_id=None)


def test_a_new_draft_is_created_and_a_saved_one_updated_at_its_version() -> None:
    state = EntryState()
    assert state.save_request(TYPED).action is Action.CREATE
    state.opened(document(version=3))
    update = state.save_request(TYPED)
    assert (update.action, update.document_id, update.version) == (Action.UPDATE, 7, 3)


def test_a_submission_saves_a_changed_document_first_and_submits_the_saved_version() -> None:
    state = EntryState()
    plan = Submission(TYPED, ("150000.00",), "")
    new = state.first_step(plan)
    assert new.action is Action.CREATE_AND_SUBMIT and new.confirmed == ["150000.00"]

    state.opened(document(version=3))
    assert state.first_step(plan).action is Action.SUBMIT  # unchanged: submitted as it is
    state.dirty = True
    first = state.first_step(plan)
    assert first.action is Action.UPDATE and first.version == 3
    submission = plan.of(document(version=4))
    assert (submission.action, submission.version) == (Action.SUBMIT, 4)


def test_an_unanswered_request_is_kept_and_sent_again_with_its_key() -> None:
    state = EntryState()
    request = state.save_request(TYPED)
    state.sending()
    assert not state.may_act()  # no second request while one is on its way
    state.unanswered(request)
    assert state.pending is request and state.has_unsaved_input() and state.may_act()
    kept = state.kept_copy(TYPED)
    assert kept["pending"]["key"] == request.key
    restored = EntryState()
    restored.restored(kept["pending"])
    assert restored.pending is not None and restored.pending.key == request.key
    state.answered()
    assert state.pending is None


def test_typing_while_a_request_travels_stays_unsaved() -> None:
    state = EntryState()
    state.saved(document(), TYPED, TYPED_ON)
    assert state.dirty and state.document is not None
    state.saved(document(version=4), TYPED_ON, TYPED_ON)
    assert not state.dirty
    assert state.submitted(document(version=5), TYPED, TYPED_ON)  # the later typing stays
    assert state.dirty and state.document is not None
    assert not state.submitted(document(version=6), TYPED_ON, TYPED_ON)
    assert state.document is None and not state.dirty  # the screen is ready for the next


def test_only_a_draft_or_a_returned_document_may_be_saved() -> None:
    state = EntryState()
    state.opened(document(status=DocumentStatus.SUBMITTED))
    assert not state.editable() and not state.may_act()
    state.opened(document(status=DocumentStatus.RETURNED))
    assert state.may_act()

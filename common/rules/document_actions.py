"""What may be done to a document in each status, for the server that decides and
the screens that offer only what it would allow (DOMAIN.md "Business documents").
"""

from __future__ import annotations

from common.enums import DocumentStatus

# its maker changes it: a draft, or an item returned for correction
EDITABLE = frozenset({DocumentStatus.DRAFT, DocumentStatus.RETURNED})
# taken back before any reviewer has acted (the server also checks that)
RECALLABLE = frozenset({DocumentStatus.SUBMITTED})
DELETABLE = frozenset({DocumentStatus.DRAFT})
# on its way through review: its maker may urge (督办) once a step is overdue
UNDER_REVIEW = frozenset({DocumentStatus.SUBMITTED, DocumentStatus.IN_REVIEW})
# an approved or posted document is corrected by a red reversal, never edited
REVERSIBLE = frozenset({DocumentStatus.APPROVED, DocumentStatus.POSTED})


def may_reverse(status: DocumentStatus | str, reverses_id: int | None) -> bool:
    """A reversal itself is never reversed."""
    return status in REVERSIBLE and reverses_id is None

"""收回审批 in queries: an approval its approver took back afterwards is no longer a
decision (four eyes, monthly limits, 进行中/已办, "decided by", export rights)."""

from __future__ import annotations

from sqlalchemy import Exists, exists
from sqlalchemy.orm import aliased

from common.enums import ReviewAction
from server.db.models import ApprovalAction


def taken_back_since(approval: type[ApprovalAction]) -> Exists:
    """Did the approver take ``approval`` back afterwards?"""
    later = aliased(ApprovalAction, name="taken_back")
    return (
        exists()
        .where(
            later.document_id == approval.document_id,
            later.round == approval.round,
            later.step_no == approval.step_no,
            later.actor_id == approval.actor_id,
            later.action == ReviewAction.TAKEN_BACK.value,
            later.id > approval.id,
        )
        .correlate(approval)
    )

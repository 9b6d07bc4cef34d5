"""The reviewers' screens (审核 / 审批)."""

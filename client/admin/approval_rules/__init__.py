"""审批规则 page of the admin console."""

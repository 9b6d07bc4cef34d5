"""Review: submission and routing to reviewers (document_lifecycle, approval_routing),
the reviewer pool, who may act (authority), decisions, review lists, notifications
and reminders, absences, handover, approval settings.
"""

"""Core: roles, unit scope and tree walks, office time, parameters, numbering, audit
rows, idempotency keys. Imported by every area; imports none.
"""

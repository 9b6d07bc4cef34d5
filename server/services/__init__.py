"""Business rules. Services take the open session first and never commit (rule 4)."""

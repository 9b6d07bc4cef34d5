"""年结: the year-end closing entries in the admin console."""

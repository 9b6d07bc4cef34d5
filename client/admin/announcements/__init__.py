"""公告: announcements published from the admin console."""

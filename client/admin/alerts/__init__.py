"""告警 page of the admin console."""

"""常见问题 in the admin console."""

"""问题反馈 in the admin console."""

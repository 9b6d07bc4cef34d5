"""邮件通知 (admin console)."""

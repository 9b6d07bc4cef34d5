"""操作日志 page of the admin console."""

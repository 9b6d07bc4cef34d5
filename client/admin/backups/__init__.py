"""数据备份 page of the admin console."""

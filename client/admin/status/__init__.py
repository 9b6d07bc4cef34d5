"""系统状态 page of the admin console."""

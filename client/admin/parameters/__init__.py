"""系统参数 page of the admin console."""

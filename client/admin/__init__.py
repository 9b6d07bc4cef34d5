"""The admin console (系统管理后台) for administrators and auditors."""

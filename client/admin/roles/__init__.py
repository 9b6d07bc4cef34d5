"""角色权限 page of the admin console."""

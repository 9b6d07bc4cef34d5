"""Period close (结账管理) and four-eyes requests (双人复核) in the admin console."""

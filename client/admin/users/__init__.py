"""User administration in the admin console."""

"""Client infrastructure shared by the workbench and the admin console."""

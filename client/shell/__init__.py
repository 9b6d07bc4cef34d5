"""The main-window frame shared by the workbench and the admin console."""

"""Countersign desktop clients: the workbench and the admin console."""

"""Queries and exports: document and line search, Excel exports and export jobs."""

"""Countersign common layer: schemas, enums, money and rules shared by client and server.

Pure Python: no Qt, no SQLAlchemy, no HTTP, no I/O (checked by tests/test_layering.py).
"""

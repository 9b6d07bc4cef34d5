"""Countersign server: owns the database and every business decision."""

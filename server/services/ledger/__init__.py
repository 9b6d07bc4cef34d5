"""Ledger: accounting periods and their close, posting, ledgers and reports read from
posted lines, number gaps, activity reports.
"""

"""Accounts: users, sessions, sign-in, the caller's own account, account
administration, login secrets, second factor, guarded access, four-eyes requests,
security parameters, the roles matrix, the people a user may filter queries by.
"""

"""Reference data: units' chart of accounts, items, posting rules, their administration
and Excel exchange.
"""

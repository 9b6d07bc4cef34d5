"""期初余额: a unit's opening balances in the admin console."""

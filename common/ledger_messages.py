"""Words of the books' messages (记账, 期初余额, 会计报表, 年结): params naming a
group of accounts or a posting step by catalogue code (common/i18n.py)."""

from __future__ import annotations

from typing import Any

# The two groups of accounts that balance each on their own.
GROUP_WORDS: dict[str, dict[str, Any]] = {
    "financial": {"group_words": "words.ledger.group.financial"},
    "budget": {"group_words": "words.ledger.group.budget"},
}

# The step a posting message is about, in its three forms.
STEP_WORDS: dict[str, dict[str, Any]] = {
    "posting": {
        "step_words": "words.ledger.step.posting",
        "step_verb_words": "words.ledger.step_verb.posting",
    },
    "cashier": {
        "step_words": "words.ledger.step.cashier",
        "step_verb_words": "words.ledger.step_verb.cashier",
    },
}

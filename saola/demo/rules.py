"""Records the demo legal rules through core.services.legal_rule_set, skipping known versions."""

from __future__ import annotations

from saola.core.models import LegalRule
from saola.core.services import legal_rule_set
from saola.demo.data.legal_rules import LEGAL_RULES


def load_legal_rules() -> list[LegalRule]:
    """Each rule version not yet recorded, oldest first so earlier versions get closed."""
    created: list[LegalRule] = []
    for row in sorted(LEGAL_RULES, key=lambda r: (r["key"], r["effective_from"])):
        if LegalRule.objects.filter(key=row["key"], effective_from=row["effective_from"]).exists():
            continue
        created.append(
            legal_rule_set(
                actor=None,
                key=row["key"],
                value=row["value"],
                effective_from=row["effective_from"],
                source=row["source"],
                confidence=row["confidence"],
                note=row["note"],
            )
        )
    return created

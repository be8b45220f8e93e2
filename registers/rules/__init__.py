"""The rule catalogue, collected from the rule modules (one module per register)."""

from __future__ import annotations

import importlib
from functools import lru_cache

from registers.core.rule import Rule, rule

__all__ = ["RULE_MODULES", "Rule", "catalogue", "rule"]

# Each module declares its rules with @rule; the catalogue is whatever they define.
RULE_MODULES = (
    "registers.core.inputs",
    "registers.rules.repairs",
    "registers.rules.keys",
    "registers.rules.fees",
    "registers.rules.roll",
    "registers.rules.payments",
    "registers.rules.complaints",
    "registers.rules.visits",
    "registers.rules.archives",
    "registers.rules.renovations",
    "registers.rules.duty",
)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Rule]:
    """Every rule by id, in declaration order."""
    rules: dict[str, Rule] = {}
    for name in RULE_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, Rule):
                if value.id in rules and rules[value.id] is not value:
                    raise RuntimeError(f"rule id {value.id} declared twice")
                rules[value.id] = value
    return rules

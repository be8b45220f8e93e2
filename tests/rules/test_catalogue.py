"""The rule catalogue: every rule complete, in every language, and matching the public rule list."""

from __future__ import annotations

import re
import string

import pytest

from registers.core.findings import Severity
from registers.core.spec import KIND_BY_KEY
from registers.i18n import CATALOGUE, LANGS
from registers.reports.findings.terminal import rules_markdown
from registers.rules import catalogue
from tests.support.paths import SHARED

SPEC_DIR = SHARED / "spec"
RULES_MD = SPEC_DIR / "rules.md"
# The catalogue is rules.md plus the rule tables of the feature specs that add rules.
RULE_TABLES = (RULES_MD, SPEC_DIR / "payments.md", SPEC_DIR / "fee-roll.md")


def _spec_rules() -> dict[str, tuple[str, str]]:
    if not RULES_MD.exists():
        pytest.skip(f"{RULES_MD} is absent (shared/ sits beside the checkout only in CI and dev machines)")
    rows = []
    for path in RULE_TABLES:
        if path.exists():
            text = path.read_text(encoding="utf-8")
            rows += re.findall(r"^\| ([a-z]+\.[a-z-]+) \| ([^|]+) \| (error|warning|info) \|", text, re.M)
    return {rid: (clause.strip(), sev) for rid, clause, sev in rows}


def test_every_rule_has_metadata_translations_and_a_docstring() -> None:
    for rule in catalogue().values():
        assert re.fullmatch(r"[a-z]+\.[a-z-]+", rule.id), rule.id
        assert rule.clause and isinstance(rule.severity, Severity)
        assert rule.doc.strip(), f"{rule.id} has no docstring"
        for lang in LANGS:
            assert rule.title.get(lang), f"{rule.id} has no {lang} title"
            assert rule.message.get(lang), f"{rule.id} has no {lang} message"
        for message in (rule.message, rule.message_one or rule.message):
            assert set(message) == set(LANGS), rule.id
            fields = [{f for _, f, _, _ in string.Formatter().parse(message[lang]) if f} for lang in LANGS]
            assert fields[0] == fields[1] == fields[2], f"{rule.id}: message placeholders differ between languages"


def test_catalogue_agrees_with_the_public_rule_list() -> None:
    spec = _spec_rules()
    for rid, rule in catalogue().items():
        assert rid in spec, f"{rid} is not in shared/spec/rules.md"
        assert (rule.clause, rule.severity.label) == spec[rid], rid


@pytest.mark.parametrize("prefix", ["input", "repair", "key", "fee", "complaint", "visit", "archive", "renovation", "duty", "handover"])
def test_every_listed_rule_of_a_landed_family_is_implemented(prefix: str) -> None:
    spec = {rid for rid in _spec_rules() if rid.startswith(prefix + ".")}
    if prefix != "input" and not any(r.startswith(prefix + ".") for r in catalogue()):
        pytest.skip(f"{prefix}.* rules not built yet")
    assert spec <= set(catalogue()), sorted(spec - set(catalogue()))


def test_shared_words_exist_in_every_language() -> None:
    for key, texts in CATALOGUE.items():
        assert set(texts) == set(LANGS), key
    for key in KIND_BY_KEY:
        assert f"register.{key}" in CATALOGUE


def test_reference_page_lists_every_rule() -> None:
    page = rules_markdown()
    for rid in catalogue():
        assert f"`{rid}`" in page

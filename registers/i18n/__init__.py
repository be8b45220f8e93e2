"""Messages in Simplified Chinese (default), Traditional Chinese and English: the one catalogue.

Rule titles and messages live with their rules (their ``@rule`` declarations).  Every other
user-facing text is in one of this package's tables — the interface's and the shared report words
(:mod:`~registers.i18n.ui`), register and type names and reasons (:mod:`~registers.i18n.names`), the
day close's, the monthly report's and the group summary's and the run history's own words, the command line's (:mod:`~registers.i18n.cli`) — and is looked up by one
function, :func:`word`; a key is defined in exactly one table (tests/i18n/test_catalogue.py reads them).
This module also renders a finding's message late, in the language asked for, with personal data
masked.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Any

from registers.core.findings import Finding
from registers.core.spec import KIND_BY_KEY, field_label
from registers.core.values.money import format_money
from registers.core.values.units import mask_phone
from registers.i18n.cli import CLI_TABLES
from registers.i18n.day import DAY
from registers.i18n.explain import EXPLAIN
from registers.i18n.group import GROUP
from registers.i18n.history import HISTORY
from registers.i18n.match import MATCH
from registers.i18n.monthly import MONTHLY
from registers.i18n.names import REASONS, REGISTER_NAMES, TYPE_NAMES
from registers.i18n.suggest import SUGGEST
from registers.i18n.ui import REPORTS, UI
from registers.i18n.watch import WATCH

LANGS = ("zh-Hans", "zh-Hant", "en")


def _catalogue() -> dict[str, dict[str, str]]:
    tables = (UI, REPORTS, REGISTER_NAMES, TYPE_NAMES, REASONS, SUGGEST, DAY, MONTHLY, GROUP, EXPLAIN, HISTORY, MATCH,
              WATCH, *CLI_TABLES)
    merged: dict[str, dict[str, str]] = {}
    for table in tables:
        merged.update(table)
    if len(merged) != sum(len(t) for t in tables):  # tests/i18n/test_catalogue.py names the key
        raise AssertionError("a message key is defined in more than one table of registers.i18n")
    return merged


CATALOGUE: dict[str, dict[str, str]] = _catalogue()


def word(key: str, lang: str, **kw: Any) -> str:
    """The text of ``key`` in ``lang`` (Simplified Chinese where a language lacks it), filled with ``kw``."""
    table = CATALOGUE[key]
    text = table.get(lang) or table["zh-Hans"]
    return text.format(**kw) if kw else text


def words(report: str, lang: str) -> dict[str, str]:
    """The words an HTML template of ``report`` (``day``, ``monthly``) sees as ``w.key``: every text without
    fields, a key of that report's own under its short name (``day.title`` as ``title``)."""
    prefix = report + "."
    out: dict[str, str] = {}
    for key in CATALOGUE:
        if "." in key and not key.startswith(prefix):
            continue  # another report's own word, or a name filled into rule messages
        if "{" not in (text := word(key, lang)) and (key.startswith(prefix) or key not in out):
            out[key.removeprefix(prefix)] = text
    return out


def register_name(key: str, lang: str) -> str:
    return word(f"register.{key}", lang) if f"register.{key}" in CATALOGUE else key


def _format_arg(name: str, value: Any, lang: str, show_personal: bool) -> Any:
    if name.endswith("_fen") or name in {"amount", "expected", "actual", "difference"}:
        return format_money(value) if isinstance(value, int) else value
    if name == "field" and isinstance(value, str) and ":" in value:
        kind_key, field_name = value.split(":", 1)
        sheet_kind = KIND_BY_KEY.get(kind_key)
        if sheet_kind is not None:
            try:
                return field_label(sheet_kind, field_name, lang)
            except KeyError:
                return field_name
    if name == "register_name":
        return register_name(str(value), lang)
    if name == "reason" and isinstance(value, str):
        reason, _, detail = value.partition("|")
        table = CATALOGUE.get(f"reason.{reason}")
        if table:
            return table.get(lang, table["zh-Hans"]).format(detail=detail)
    if name == "type" and isinstance(value, str):
        kind_name, _, choices = value.partition("|")
        table = CATALOGUE.get(f"type.{kind_name}")
        if table:
            return table.get(lang, table["zh-Hans"]).format(choices=choices)
    if name == "phone" and not show_personal:
        return mask_phone(value)
    if isinstance(value, str) and not show_personal:
        return mask_phones_in(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return value


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_message(finding: Finding, lang: str = "zh-Hans", *, show_personal: bool = False) -> str:
    """The finding's message in ``lang``, from its rule's catalogue entry."""
    from registers.rules import catalogue

    if "crash" in finding.args:
        return word("rule-crashed", lang, rule=finding.rule, error=finding.args["crash"])
    rule = catalogue().get(finding.rule)
    if rule is None:
        return finding.rule
    message = rule.message_one if rule.message_one is not None and finding.args.get("count") == 1 else rule.message
    template = message.get(lang) or message["zh-Hans"]
    args = _Missing({k: _format_arg(k, v, lang, show_personal) for k, v in finding.args.items()})
    args.setdefault("key", shown_text(finding.key or "", show_personal=show_personal))
    if finding.value is not None and "value" not in args:
        args["value"] = shown_value(finding, show_personal=show_personal)
    return template.format_map(args)


def render_suggestion(finding: Finding, lang: str = "zh-Hans", *,
                      show_personal: bool = False) -> tuple[str, str] | None:
    """The finding's suggestion as ``(value, reason)`` in ``lang``; None when it has none.  Phone numbers in
    either are masked unless personal data was asked for (a suggestion never proposes one, but may quote text)."""
    s = finding.suggestion
    if s is None:
        return None
    args = _Missing({k: _format_arg(k, v, lang, show_personal) for k, v in s.args.items()})
    table = CATALOGUE.get(s.reason)
    reason = (table.get(lang) or table["zh-Hans"]).format_map(args) if table else s.reason
    return shown_text(s.value, show_personal=show_personal), reason


def suggestion_text(finding: Finding, lang: str = "zh-Hans", *, show_personal: bool = False) -> str | None:
    """``建议：118.44（依据：收费标准 …）``, shown under a finding's message; None when it has no suggestion."""
    shown = render_suggestion(finding, lang, show_personal=show_personal)
    if shown is None:
        return None
    return word("suggest.line", lang, value=shown[0], reason=shown[1])


def _is_phone_field(ref: object) -> bool:
    if not isinstance(ref, str) or ":" not in ref:
        return False
    kind_key, field_name = ref.split(":", 1)
    kind = KIND_BY_KEY.get(kind_key)
    return kind is not None and any(f.name == field_name and f.kind == "phone" for f in kind.fields)


_DIGIT_RUN = re.compile(r"\d{7,}")
# A mobile (138 0013 8000, 138-0013-8000, +86 13800138000) or a landline with its area code
# (0552-3871234) inside free text; not part of a longer run of digits (order numbers, ids).
_MOBILE_IN_TEXT = re.compile(r"(?<![\d*])((?:\+?86[ -]?)?1[3-9]\d)([ -]?)\d{4}\2(\d{4})(?![\d*])")
_LANDLINE_IN_TEXT = re.compile(r"(?<![\d*])(\(?0\d{2,3}\)?)([ -]|(?<=\)))(\d{3,4})(\d{4})(?![\d*])")


_FOUR_DIGITS = re.compile(r"\d{4}")  # both kinds of number end in four digits


def mask_phones_in(text: str) -> str:
    """Phone numbers inside free text masked as the phone columns are: ``请回电13800138000`` →
    ``请回电138****8000``, ``0552-3871234`` → ``0552-***1234``."""
    if not _FOUR_DIGITS.search(text):
        return text  # no phone number can be in it (the reports ask this of every cell: a quick no)
    return _mask_phones_in(text)


@functools.lru_cache(maxsize=1 << 16)
def _mask_phones_in(text: str) -> str:
    text = _MOBILE_IN_TEXT.sub(lambda m: f"{m[1]}****{m[3]}", text)
    return _LANDLINE_IN_TEXT.sub(lambda m: f"{m[1]}{m[2]}{'*' * len(m[3])}{m[4]}", text)


def shown_text(text: str, *, show_personal: bool = False) -> str:
    """Register text as reports show it: phone numbers in it masked unless personal data was asked for."""
    return text if show_personal or not text else mask_phones_in(text)


def shown_phone(phone: str | None, *, show_personal: bool = False) -> str:
    """A phone column's value as reports show it: ``138****8000`` unless personal data was asked for."""
    if not phone:
        return ""
    return phone if show_personal else mask_phone(phone) or ""


def shown_value(finding: Finding, *, show_personal: bool = False) -> str | None:
    """The offending value as reports show it: a phone number (even a mistyped one) is masked
    (``138****8000``) unless personal data was asked for, and so is a phone number inside any other value."""
    value = finding.value
    if value is None or show_personal:
        return value
    if not _is_phone_field(finding.args.get("field")):
        return mask_phones_in(value)
    return _DIGIT_RUN.sub(lambda m: m.group()[:3] + "*" * (len(m.group()) - 7) + m.group()[-4:], value)


def rule_title(rule_id: str, lang: str) -> str:
    from registers.rules import catalogue

    rule = catalogue().get(rule_id)
    if rule is None:
        return rule_id
    return rule.title.get(lang) or rule.title["zh-Hans"]


def coverage_text(coverage: str, lang: str) -> str:
    """Whether a statement covers a channel's day (``registers.reports.day.compute.COVERED`` …), in words."""
    return word(f"cover-{coverage}", lang)


def problem_text(status: str, lang: str, *, kind: str = "payment", order: str = "") -> str:
    """Why a receipt or a platform payment is listed under the day close's non-cash check."""
    if kind != "payment":
        return word("st-refund", lang)
    if status == "reused":
        return word("st-reused", lang, order=order or "—")
    return word({"unmatched": "st-unmatched", "refunded": "st-refunded"}.get(status, "st-unrecorded"), lang)


def statement_text(has_statement: bool, uncovered_days: int, lang: str) -> str:
    """Whether the platform statements cover the month's days with receipts (monthly report)."""
    if not has_statement:
        return word("pf_none", lang)
    return word("pf_uncovered", lang, n=uncovered_days) if uncovered_days else word("pf_covered", lang)


def month_label(year: int, month: int, lang: str) -> str:
    return word("month_title", lang, year=year, month=month)

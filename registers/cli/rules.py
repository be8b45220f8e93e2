"""``registers rules``: the rule catalogue (id, clause, severity, title) as text, JSON or Markdown.

Kept light to import: the rules are imported when the command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from registers.core.settings import LANGUAGES


def add_parser(sub: Any, lang: str = "zh-Hans") -> None:
    from registers.i18n import word

    def t(key: str) -> str:
        return word(key, lang)

    r = sub.add_parser("rules", help=t("cli.rules.help"), description=t("cli.rules.desc"))
    r.add_argument("--lang", choices=LANGUAGES, help=t("cli.opt.lang"))
    r.add_argument("--format", choices=("text", "json", "markdown"), default="text", help=t("cli.opt.format"))
    r.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from registers.cli.lang import current
    from registers.reports.findings.terminal import print_rules

    print_rules(args.lang or current(), args.format)
    return 0


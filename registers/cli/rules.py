"""``registers rules``: the rule catalogue (id, clause, severity, title) as text, JSON or Markdown.

Kept light to import: the rules are imported when the command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from registers.core.settings import LANGUAGES


def add_parser(sub: Any) -> None:
    r = sub.add_parser("rules", help="list the rule catalogue: id, clause, severity, title",
                       description="List every rule with its stable id, clause of the regulation and severity.")
    r.add_argument("--lang", choices=LANGUAGES, default="zh-Hans")
    r.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    r.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from registers.reports.findings.terminal import print_rules

    print_rules(args.lang, args.format)
    return 0


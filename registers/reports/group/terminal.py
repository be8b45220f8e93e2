"""The group check on the terminal: one line per office, a table per rule, the totals; progress on a TTY."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from registers.i18n import rule_title, word
from registers.rules import catalogue

if TYPE_CHECKING:
    from registers.group import GroupResult, OfficeResult, ProgressFn

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _console() -> Console:
    if sys.stdout.isatty():
        return Console(highlight=False)
    return Console(width=220, highlight=False)  # piped: long lines, not wrapped at 80 columns


def print_group(result: GroupResult, lang: str) -> None:
    console = _console()
    offices = Table(title=word("offices", lang), title_justify="left")
    offices.add_column(word("folder", lang), overflow="fold")
    offices.add_column(word("office", lang), overflow="fold")
    for key in ("errors", "warnings", "group.notes"):
        offices.add_column(word(key, lang), justify="right", no_wrap=True)
    offices.add_column(word("detail", lang), overflow="fold")
    for o in result.offices:
        office_name = Text(o.report["office"]) if o.report else Text("")
        if o.report is None:
            offices.add_row(Text(o.name), office_name, "", "", "",
                            Text(f"{word('failed', lang)}: {o.error}", style=_STYLE["error"]))
            continue
        c = o.counts()
        offices.add_row(Text(o.name), office_name,
                        Text(str(c["error"]), style=_STYLE["error"] if c["error"] else ""),
                        str(c["warning"]), str(c["info"]), Text("; ".join(o.warnings)))
    console.print(offices)

    matrix = result.rule_matrix()
    if matrix:
        rules = Table(title=word("by-rule", lang), title_justify="left")
        for key in ("rule", "severity", "rule-title", "group.total", "n-offices"):
            rules.add_column(word(key, lang), no_wrap=key != "rule-title",
                             justify="right" if key in ("group.total", "n-offices") else "left")
        known = catalogue()
        for rule_id, per_office in matrix.items():
            rule = known.get(rule_id)
            sev = rule.severity.label if rule else "error"
            rules.add_row(rule_id, Text(word(sev, lang), style=_STYLE[sev]), rule_title(rule_id, lang),
                          str(sum(per_office.values())), str(len(per_office)))
        console.print(rules)
    console.print(totals_line(result, lang))


def totals_line(result: GroupResult, lang: str) -> str:
    t = result.totals()
    opts = result.options
    period = f"{opts.period.start} ~ {opts.period.end}"
    failed = f", {word('failed', lang)} {t['failed']}" if t["failed"] else ""
    return (f"{word('group.title', lang)}  {period}: {word('offices', lang)} {t['offices']}{failed} — "
            f"{word('errors', lang)} {t['error']}, {word('warnings', lang)} {t['warning']}, "
            f"{word('group.notes', lang)} {t['info']}")


@contextlib.contextmanager
def group_progress(*, enabled: bool, lang: str, total: int) -> Iterator[ProgressFn | None]:
    """A progress bar of offices done on stderr when it is a terminal; ``None`` otherwise."""
    if not enabled:
        yield None
        return
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[item]}"), console=Console(stderr=True), transient=True)
    task = progress.add_task(word("offices", lang), total=total, item="")

    def update(done: int, n: int, result: OfficeResult) -> None:
        progress.update(task, completed=done, total=n, item=result.name)

    with progress:
        yield update

"""Terminal output: the findings table grouped by register, the rule catalogue, progress."""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Callable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING, Any

from registers.core.findings import Severity
from registers.core.spec import KIND_BY_KEY, field_label
from registers.i18n import register_name, render_message, rule_title, word
from registers.rules import catalogue

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID
    from rich.text import Text

    from registers.check import Report
    from registers.office.load import SheetRead

# rich is imported by the functions that draw: a check that prints JSON does not load it

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# C0/C1 control characters (ESC starts terminal escape sequences); tab and newline are kept
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: object, style: str = "") -> Text:
    """Text from a register (or a file or sheet name) for the terminal: shown as typed, never read as Rich
    markup (``[bold]``, ``[/]``) and without control characters (no terminal escape sequences)."""
    from rich.text import Text

    return Text(_CONTROL.sub("\ufffd", str(text)), style=style)


def _console() -> Console:
    from rich.console import Console

    # Piped output gets wide lines (no wrapping at 80 columns) so addresses can be grepped.
    if sys.stdout.isatty():
        return Console(highlight=False)
    return Console(width=220, highlight=False)


def print_report(report: Report, lang: str, *, verbose: bool = False, show_personal: bool = False) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console()
    office = report.office
    if verbose:
        console.print(plain(word("sheets-read", lang), "bold"))
        for s in office.sources:
            console.print(plain(f"  {s.file}!{s.sheet} → {register_name(s.kind, lang)} ({s.header_row})"))
        if office.ignored_sheets:
            console.print(plain(word("sheets-ignored", lang), "bold"))
            for ignored in office.sheets:
                if ignored.register is None:
                    note = f" — {best_line(ignored, lang)}" if ignored.best else ""
                    console.print(plain(f"  {ignored.file}!{ignored.sheet}{note}"))
        console.print()
    for register, group in groupby(report.findings, key=lambda f: f.register or "office"):
        items = list(group)
        table = Table(title=plain(f"{register_name(register, lang)} ({len(items)})"), title_justify="left",
                      show_lines=False, expand=False)
        table.add_column(word("severity", lang), no_wrap=True)
        table.add_column(word("rule", lang), no_wrap=True)
        table.add_column(word("clause", lang), no_wrap=True)
        table.add_column(word("cell", lang), no_wrap=True)
        table.add_column(word("message", lang), overflow="fold")
        for f in items:
            table.add_row(
                Text(word(f.severity.label, lang), style=_STYLE[f.severity]),
                plain(f.rule), plain(f.clause), plain(f.address),
                plain(render_message(f, lang, show_personal=show_personal)),
            )
        console.print(table)
    counts = report.summary()
    if not report.findings:
        console.print(word("clean", lang))
    for note in open_elsewhere_notes(report, lang):
        console.print(plain(note, "yellow"))
    from registers.check import fee_source_json

    source = fee_source_json(office, lang)
    if source is not None:
        console.print(plain(source["message"]))
    for line in registers_read(report, lang):
        console.print(plain(line))
    console.print(plain(
        word("summary", lang, office=office.settings.office, start=office.period.start, end=office.period.end,
           as_of=office.as_of.strftime("%Y-%m-%d %H:%M"),
           error=counts["error"], warning=counts["warning"], info=counts["info"])
    ))


def registers_read(report: Report, lang: str) -> list[str]:
    """One line per register read: its rows and where from (the first sheet, and how many there were)."""
    read: dict[str, list[SheetRead]] = {}
    for s in report.office.sheets:
        if s.register is not None:
            read.setdefault(s.register, []).append(s)
    lines = []
    for key, sheets in read.items():
        where = f"{sheets[0].file}!{sheets[0].sheet}"
        if len(sheets) > 1:
            where = word("register-read-more", lang, where=where, n=len(sheets))
        lines.append(word("register-read", lang, register=register_name(key, lang),
                          rows=f"{sum(s.rows for s in sheets):,}", where=where))
    return lines


def best_line(s: SheetRead, lang: str) -> str:
    """An ignored sheet's closest register, how close, and the required columns it lacks."""
    assert s.best is not None
    kind = KIND_BY_KEY[s.best[0]]
    missing = "、".join(field_label(kind, name, lang) for name in s.missing) or "—"
    return word("sheet-best", lang, register=register_name(s.best[0], lang), score=f"{s.best[1]:.0%}",
                missing=missing)


def open_elsewhere_notes(report: Report, lang: str) -> list[str]:
    """One line per workbook that has a lock file beside it: what was checked is its last saved version."""
    return [word("open-elsewhere", lang, file=file, lock=lock) for file, lock in report.office.open_elsewhere]


def print_rules(lang: str, fmt: str) -> None:
    rules = list(catalogue().values())
    if fmt == "json":
        data: list[dict[str, Any]] = [
            {"id": r.id, "clause": r.clause, "severity": r.severity.label, "title": r.title.get(lang),
             "settings": list(r.settings), "doc": r.doc}
            for r in rules
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if fmt == "markdown":
        sys.stdout.write(rules_markdown(lang))
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    for col in ("rule", "clause", "severity", "title", "setting"):
        table.add_column(word(col, lang), no_wrap=col != "title")
    for r in rules:
        table.add_row(r.id, r.clause, Text(word(r.severity.label, lang), style=_STYLE[r.severity]),
                      rule_title(r.id, lang), ", ".join(r.settings))
    _console().print(table)


def rules_markdown(lang: str = "en") -> str:
    """The rules reference page, generated from the catalogue."""
    lines = ["# Rules reference", "", "Generated from the rule catalogue (`registers rules --format markdown`).", ""]
    for r in catalogue().values():
        lines += [
            f"## `{r.id}` — {r.title.get(lang, r.title['zh-Hans'])}",
            "",
            f"- clause {r.clause}, severity **{r.severity.label}**",
            f"- settings: {', '.join(f'`{s}`' for s in r.settings) or 'none'}",
            f"- 标题 / 標題: {r.title['zh-Hans']} / {r.title['zh-Hant']}",
            "",
            r.doc,
            "",
        ]
    return "\n".join(lines)


@contextlib.contextmanager
def progress_reporter(*, enabled: bool, lang: str) -> Iterator[Callable[[str, str, int, int], None] | None]:
    """A progress callback drawing on stderr when it is a terminal; ``None`` when piped."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[item]}"), console=Console(stderr=True), transient=True)
    tasks: dict[str, TaskID] = {}

    def update(stage: str, item: str, i: int, n: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(word(stage, lang), total=n, item="")
        progress.update(tasks[stage], completed=i, total=n, item=item)

    with progress:
        yield update

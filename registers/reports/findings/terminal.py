"""Terminal output: the findings table grouped by register, the rule catalogue, progress."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registers.core.findings import Severity
from registers.core.spec import KIND_BY_KEY, field_label
from registers.i18n import register_name, render_message, rule_title, suggestion_text, word
from registers.rules import catalogue

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID
    from rich.text import Text

    from registers.check import Report
    from registers.office.load import SheetRead

# rich is imported by the functions that draw: a check that prints JSON does not load it

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# C0/C1 control characters (ESC starts terminal escape sequences); tab and newline are kept
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: object, style: str = "") -> Text:
    """Text from a register (or a file or sheet name) for the terminal: shown as typed, never read as Rich
    markup (``[bold]``, ``[/]``) and without control characters (no terminal escape sequences)."""
    from rich.text import Text

    return Text(_CONTROL.sub("\ufffd", str(text)), style=style)


def stdout_console() -> Console:
    from rich.console import Console

    # Piped output is wrapped at $COLUMNS, else 200 columns: every address stays whole on its own line either way.
    if sys.stdout.isatty():
        return Console(highlight=False)
    columns = os.environ.get("COLUMNS", "")
    return Console(width=int(columns) if columns.isdigit() and int(columns) > 0 else 200, highlight=False)


def links_shown(console: Console) -> bool:
    """Whether addresses are OSC 8 hyperlinks: on a terminal that draws them, not when piped, not under
    ``NO_COLOR`` or ``TERM=dumb``, not on the legacy Windows console."""
    return bool(console.is_terminal and not console.legacy_windows and not console.is_dumb_terminal
                and not console.no_color and console.color_system is not None)


def file_link(root: Path, file: str | None) -> str | None:
    """The file URI of a workbook of the office (the address's sheet and cell are not in it: terminals open files)."""
    if not file:
        return None
    try:
        return (root / file).resolve().as_uri()
    except ValueError:
        return None


def print_lines(console: Console, spans: Sequence[tuple[str, Any]], indent: int = 0, hang: int = 2,
                files: Sequence[str] = ()) -> None:
    """Spans wrapped at the console's width (never inside a date or an address into ``files``), one printed line
    each."""
    from registers.reports.findings.wrap import wrap

    for line in wrap([(_CONTROL.sub("\ufffd", t), st) for t, st in spans], console.width, indent, hang, files):
        console.print(line, no_wrap=True, crop=False, overflow="ignore")


def print_finding(console: Console, head: Sequence[tuple[str, Any]], address: str, link: str | None,
                  message: str, files: Sequence[str] = (), suggestion: str | None = None) -> None:
    """One finding: an address line (``head`` parts, then the address, whole, a hyperlink when ``link``), the
    message on its own line(s) below it (addresses into ``files`` kept whole), then its suggestion, if any."""
    from rich.style import Style

    from registers.reports.findings.wrap import Whole

    spans: list[tuple[str, Any]] = []
    for text, style in head:
        if text:
            spans += [(text, style), ("  ", "")]
    if address:
        spans.append((address, Whole(Style(link=link) if link and links_shown(console) else "")))
    print_lines(console, spans, indent=2, hang=4)
    step = 6 if console.width >= 60 else 4
    print_lines(console, [(message, "")], indent=step, hang=step, files=files)
    if suggestion:
        print_lines(console, [(suggestion, "green")], indent=step, hang=step + 2, files=files)


def print_report(report: Report, lang: str, *, verbose: bool = False, show_personal: bool = False,
                 console: Console | None = None) -> None:
    console = console or stdout_console()
    office = report.office
    if verbose:
        print_lines(console, [(word("sheets-read", lang), "bold")])
        for s in office.sources:
            print_lines(console, [(f"{s.file}!{s.sheet} → {register_name(s.kind, lang)} ({s.header_row})", "")],
                        indent=2, hang=4)
        if office.ignored_sheets:
            print_lines(console, [(word("sheets-ignored", lang), "bold")])
            for ignored in office.sheets:
                if ignored.register is None:
                    note = f" — {best_line(ignored, lang)}" if ignored.best else ""
                    print_lines(console, [(f"{ignored.file}!{ignored.sheet}{note}", "")], indent=2, hang=4)
        console.print()
    files = office_files(report)
    for register, group in groupby(report.findings, key=lambda f: f.register or "office"):
        items = list(group)
        print_lines(console, [(f"{register_name(register, lang)} ({len(items)})", "bold")])
        for f in items:
            print_finding(console, [(word(f.severity.label, lang), SEVERITY_STYLE[f.severity]), (f.rule, ""),
                                    (f.clause, "")],
                          f.address, file_link(office.root, f.file),
                          render_message(f, lang, show_personal=show_personal), files,
                          suggestion_text(f, lang, show_personal=show_personal))
        console.print()
    if not report.findings:
        print_lines(console, [(word("clean", lang), "")])
    for note in open_elsewhere_notes(report, lang):
        print_lines(console, [(note, "yellow")])
    from registers.check import fee_source_json

    source = fee_source_json(office, lang)
    if source is not None:
        print_lines(console, [(source["message"], "")])
    for line in registers_read(report, lang):
        print_lines(console, [(line, "")], hang=4, files=files)
    print_lines(console, [(report.summary_line(lang), "")])


def office_files(report: Report) -> list[str]:
    """The workbooks an office's findings and messages name (addresses into them are never broken)."""
    names = {s.file for s in report.office.sheets} | {f.file for f in report.findings if f.file}
    return sorted(names | set(report.office.workbooks))


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
        table.add_row(r.id, r.clause, Text(word(r.severity.label, lang), style=SEVERITY_STYLE[r.severity]),
                      rule_title(r.id, lang), ", ".join(r.settings))
    stdout_console().print(table)


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

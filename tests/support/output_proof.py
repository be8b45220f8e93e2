"""What the reports promise, proven on the demo office (issue 9, items 3-5).

* **Injection** — :func:`plant_payloads` rewrites every text cell of every register of a copy of the
  demo office (and every third enum, unit, phone and period cell, so unreadable values are echoed in
  findings) with formula, DDE, markup, template, terminal and SQL payloads; :func:`injection_campaign`
  runs every command that writes output on it and :func:`scan_output` checks each output: in a workbook
  every string is a string cell (quote-prefixed when it looks like a formula), every formula is one of
  ours (known functions, references to the workbook's own sheets and names, our own words as text),
  no payload inside a ``<f>``, no external or DDE link; in HTML no element or attribute came from a
  register; JSON parses; the terminal shows no control characters.
* **Personal data** — :func:`personal_campaign`: the demo office's phone numbers appear nowhere
  (reports, terminal, JSON, run history, scheduler logs) by default; with ``--show-personal-data``
  they do, and the run history records which runs showed them.
* **Crash safety** — :func:`kill_campaign` SIGKILLs runs at random moments and at every rename and
  commit (``REGISTERS_TEST_KILL_AT``), then checks every report is a complete file, the history is
  consistent, the registers untouched and stale temporary files cleaned up;
  :func:`concurrent_campaign` runs two commands at once on one office.

Used by ``tests/reports/test_output_safety.py`` (a few cases) and ``scripts/prove_outputs.py`` (many).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.formula.tokenizer import Token, Tokenizer

from tests.support.paths import REPO

AS_OF = "2026-11-30 23:59"
DAYS = ("2026-11-03", "2026-11-11", "2026-11-16", "2026-11-27")  # a large receipt, an open repair, a key out
OFFICE_NAME = "阿尔卡迪亚"

def looks_like_formula(text: str) -> bool:
    """What Excel evaluates when typed: ``= + - @`` (or full-width) first, after blanks.  Kept here, apart
    from the code under test (``registers.reports.cells``)."""
    first = text.lstrip(" \t\r\n\u3000\u00a0")[:1]
    return first != "" and first in "=+-@＝＋－＠"


# ---------------------------------------------------------------- payloads


@dataclass(frozen=True)
class Payload:
    text: str  # what is typed into the register cell
    needle: str  # what shows it survived into an output (the reader strips blanks)
    kind: str  # formula | dde | markup | template | terminal | sql | personal


PAYLOADS: tuple[Payload, ...] = (
    Payload('=HYPERLINK("http://x","y")', 'HYPERLINK("http://x"', "formula"),
    Payload("=cmd|' /C calc'!A0", "cmd|' /C calc'!A0", "dde"),
    Payload("+1+1", "+1+1", "formula"),
    Payload("-2+3", "-2+3", "formula"),
    Payload("@SUM(A1)", "@SUM(A1)", "formula"),
    Payload("\t=7*191", "=7*191", "formula"),
    Payload("＝SUM(9,9)", "＝SUM(9,9)", "formula"),
    Payload("<script>alert(1)</script>", "<script>alert(1)</script>", "markup"),
    Payload('"><img src=x onerror=alert(2)>', "onerror=alert(2)", "markup"),
    Payload("javascript:alert(3)", "javascript:alert(3)", "markup"),
    Payload("{{7*7}}", "{{7*7}}", "template"),
    Payload("${7*7}", "${7*7}", "template"),
    Payload("\u202egnp.exe", "gnp.exe", "terminal"),
    Payload("[bold red]rich[/bold red][/]", "[bold red]rich[/bold red][/]", "terminal"),
    Payload("x'); DROP TABLE runs;--", "DROP TABLE runs", "sql"),
    Payload("请回电13912345678", "13912345678", "personal"),
)
INJECTION = tuple(p for p in PAYLOADS if p.kind != "personal")
PERSONAL = next(p for p in PAYLOADS if p.kind == "personal")

TEXT_KINDS = frozenset({"text", "id", "ids", "remark", "signature", "flag_or_text"})
# every third row of these too: the value becomes unreadable and is echoed in an input.bad-value finding
SOMETIMES_KINDS = frozenset({"enum", "unit", "phone", "period"})


def make_demo(dest: Path) -> Path:
    """A fresh demo office at ``dest`` (what ``registers demo`` writes)."""
    from registers.demo.office import write_demo

    write_demo(dest)
    return dest


def _xls_to_xlsx(office: Path) -> None:
    """The legacy ``.xls`` workbooks of ``office`` rewritten as ``.xlsx`` (openpyxl cannot edit ``.xls``)."""
    import python_calamine as pc

    for path in sorted(office.rglob("*.xls")):
        book = pc.CalamineWorkbook.from_path(str(path))
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for name in book.sheet_names:
            ws = wb.create_sheet(name)
            for row in book.get_sheet_by_name(name).to_python():
                ws.append([None if v == "" else v for v in row])
        wb.save(path.with_suffix(".xlsx"))
        path.unlink()


def plant_payloads(office: Path) -> Counter[str]:
    """Rewrite, in place, every text cell of every register of ``office`` (a copy: never a clerk's office)
    with :data:`PAYLOADS` in turn; returns the number of cells per payload needle."""
    from registers.core.period import Period
    from registers.core.settings import load_settings
    from registers.core.spec import KIND_BY_KEY
    from registers.office.load import load_office

    _xls_to_xlsx(office)
    loaded = load_office(office, load_settings(office), Period(date(2026, 10, 1), date(2026, 11, 30)),
                         datetime(2026, 11, 30, 23, 59))
    by_file: dict[str, list[int]] = defaultdict(list)
    for i, src in enumerate(loaded.sources):
        by_file[src.file].append(i)
    planted: Counter[str] = Counter()
    n = 0
    for file, indexes in sorted(by_file.items()):
        path = office / file
        wb = openpyxl.load_workbook(path)
        for i in indexes:
            src = loaded.sources[i]
            ws = wb[src.sheet]
            kind = KIND_BY_KEY[src.kind]
            frame = loaded.frames[src.kind]
            rows = sorted(int(r) for r in frame.loc[frame["_src"] == i, "_row"])
            for k, row in enumerate(rows):
                for fld in kind.fields:
                    col = src.columns.get(fld.name)
                    if col is None or not (fld.kind in TEXT_KINDS or (fld.kind in SOMETIMES_KINDS and k % 3 == 1)):
                        continue
                    cell = ws[f"{col}{row}"]
                    if isinstance(cell, MergedCell):
                        continue
                    p = PAYLOADS[n % len(PAYLOADS)]
                    n += 1
                    cell.value = p.text
                    cell.data_type = "s"  # typed as text, the way a clerk's ' prefix keeps it
                    planted[p.needle] += 1
        wb.save(path)
    return planted


# ---------------------------------------------------------------- scanning outputs


@dataclass
class Scan:
    kind: str  # xlsx | html | json | terminal | excel-button
    name: str
    payloads: int = 0  # payload occurrences (cells, text nodes, strings, lines)
    escapes: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # the Excel button: every text it wrote


def count_needles(text: str, payloads: Sequence[Payload] = PAYLOADS) -> int:
    return sum(text.count(p.needle) for p in payloads)


_FUNCS = frozenset({"SUM", "SUMIFS", "IF"})
_A1 = re.compile(r"\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?|\$?[A-Z]{1,3}:\$?[A-Z]{1,3}")
_OUR_TEXT = re.compile(r"[<>=]{0,2}[\w\u3400-\u9fff ]{0,20}")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def formula_problems(formula: str, sheets: Iterable[str], names: Iterable[str]) -> list[str]:
    """Why ``formula`` is not one of ours: a function we do not use, a reference outside the workbook's own
    sheets and defined names, a text that is not one of our words, a payload inside it."""
    sheets, names = set(sheets), set(names)
    out = [f"payload inside formula {formula!r}" for p in PAYLOADS if p.needle in formula]
    try:
        tokens = Tokenizer(formula).items
    except Exception as exc:  # the tokenizer's own errors are plain exceptions
        return [*out, f"formula does not parse {formula!r}: {exc}"]
    for t in tokens:
        if t.type == Token.FUNC and t.subtype == Token.OPEN:
            if t.value[:-1].upper() not in _FUNCS:
                out.append(f"function {t.value[:-1]} in {formula!r}")
        elif t.type == Token.OPERAND and t.subtype == Token.RANGE:
            ref = t.value
            if "!" in ref:
                sheet, _, ref = ref.rpartition("!")
                sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
                if sheet not in sheets:
                    out.append(f"reference to sheet {sheet!r} in {formula!r}")
            if not _A1.fullmatch(ref) and ref not in names:
                out.append(f"reference {ref!r} in {formula!r}")
        elif t.type == Token.OPERAND and t.subtype == Token.TEXT:
            text = t.value[1:-1].replace('""', '"')
            if not _OUR_TEXT.fullmatch(text):
                out.append(f"text {text!r} in {formula!r}")
    return out


def scan_xlsx(path: Path) -> Scan:
    """Every string a string cell (quote-prefixed when it looks like a formula), every formula ours, no payload
    in a formula, no external (DDE, OLE) link, hyperlinks only to relative paths."""
    scan = Scan("xlsx", path.name)
    try:
        wb = openpyxl.load_workbook(path)
    except Exception as exc:
        scan.escapes.append(f"{path.name}: does not open ({exc})")
        return scan
    names = set(wb.defined_names.keys()) if hasattr(wb.defined_names, "keys") else set()
    for ws in wb.worksheets:
        names |= set(getattr(ws, "defined_names", {}) or {})
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if v is None:
                    continue
                where = f"{path.name}!{ws.title}!{c.coordinate}"
                if c.data_type == "f":
                    scan.escapes += [f"{where}: {p}" for p in formula_problems(str(v), wb.sheetnames, names)]
                elif isinstance(v, str):
                    n = count_needles(v)
                    scan.payloads += n
                    if c.data_type not in ("s", "inlineStr", "str"):
                        scan.escapes.append(f"{where}: text {v!r} stored as {c.data_type}")
                    elif looks_like_formula(v) and not c.quotePrefix:
                        scan.escapes.append(f"{where}: {v!r} looks like a formula and has no quote prefix")
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/externalLinks/"):
                scan.escapes.append(f"{path.name}: external link part {name}")
            if not name.endswith((".xml", ".rels")):
                continue
            xml = z.read(name).decode("utf-8", "replace")
            if "<ddeLink" in xml or "<oleLink" in xml:
                scan.escapes.append(f"{path.name}: DDE/OLE link in {name}")
            for f in re.findall(r"<f(?:\s[^>]*)?>(.*?)</f>", xml, re.S):
                text = unescape(f)
                scan.escapes += [f"{path.name}:{name}: payload in <f>{text}</f>" for p in PAYLOADS
                                 if p.needle in text]
            if name.endswith(".rels"):
                for target in re.findall(r'Target="([^"]*)"', xml):
                    t = unescape(target)
                    if 'TargetMode="External"' in xml and _SCHEME.match(t) and not t.startswith("#"):
                        scan.escapes.append(f"{path.name}: link to {t!r}")
                    if count_needles(t, INJECTION):
                        scan.escapes.append(f"{path.name}: payload in link target {t!r}")
    return scan


_DANGEROUS_TAGS = frozenset({"script", "img", "iframe", "object", "embed", "form", "input", "base", "link",
                             "button", "textarea", "video", "audio", "source", "math", "foreignobject"})


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.problems: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag in _DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> element")
        for k, v in attrs:
            if k.startswith("on") or k in ("src", "srcdoc", "formaction"):
                self.problems.append(f"<{tag} {k}=…> attribute")
            if k in ("href", "xlink:href") and v and _SCHEME.match(v):
                self.problems.append(f"<{tag} {k}={v!r}>")
            if v and count_needles(v, [p for p in INJECTION if p.kind in ("markup", "template")]) and k != "title":
                self.problems.append(f"payload in <{tag} {k}={v!r}>")

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def scan_html(path: Path) -> Scan:
    """No element or attribute from a register (scripts, images, event handlers, javascript: links); payloads
    are only ever text; the page is complete."""
    scan = Scan("html", path.name)
    text = path.read_text(encoding="utf-8")
    if not text.rstrip().endswith("</html>"):
        scan.escapes.append(f"{path.name}: incomplete page")
    parser = _Html()
    parser.feed(text)
    parser.close()
    if parser.tags["style"] > 1:
        parser.problems.append(f"{parser.tags['style']} <style> elements")
    scan.escapes += [f"{path.name}: {p}" for p in parser.problems]
    scan.payloads = sum(count_needles(d) for d in parser.data)
    return scan


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def scan_json(name: str, text: str) -> Scan:
    scan = Scan("json", name)
    try:
        doc = json.loads(text)
    except ValueError as exc:
        scan.escapes.append(f"{name}: not JSON ({exc})")
        return scan
    scan.payloads = sum(count_needles(s) for s in _strings(doc))
    return scan


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def scan_terminal(name: str, stdout: str, stderr: str = "", status: int | None = None) -> Scan:
    scan = Scan("terminal", name)
    for stream, text in (("stdout", stdout), ("stderr", stderr)):
        if _CONTROL.search(text):
            scan.escapes.append(f"{name}: control character on {stream}: {_CONTROL.search(text)!r}")
    if "Traceback (most recent call last)" in stderr:
        scan.escapes.append(f"{name}: crashed: {stderr.strip().splitlines()[-1]}")
    if status is not None and status not in (0, 1):
        scan.escapes.append(f"{name}: exit status {status}: {stderr.strip()[-300:]}")
    scan.payloads = sum(count_needles(line) for line in stdout.splitlines())
    return scan


def scan_output(path: Path) -> Scan | None:
    if path.suffix == ".xlsx":
        return scan_xlsx(path)
    if path.suffix == ".html":
        return scan_html(path)
    if path.suffix == ".json":
        return scan_json(path.name, path.read_text(encoding="utf-8"))
    return None


# ---------------------------------------------------------------- running commands


@dataclass
class Run:
    argv: list[str]
    status: int
    stdout: str
    stderr: str


def run_cli(argv: Sequence[str]) -> Run:
    """``registers ARGV`` in this process, its output captured."""
    from registers.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(argv))
        except SystemExit as exc:
            status = int(exc.code or 0)
        except Exception:
            import traceback

            traceback.print_exc(file=err)
            status = 99
    return Run(list(argv), status, out.getvalue(), err.getvalue())


def report_commands(office: Path, *, show_personal: bool = False, days: Sequence[str] = DAYS,
                    full: bool = True) -> list[list[str]]:
    """Every command that writes output, on ``office``."""
    o = str(office)
    flag = ["--show-personal-data"] if show_personal else []
    cmds = [
        ["check", o, "--month", "2026-11", "--as-of", AS_OF, "--xlsx", "--exit-zero", *flag],
        ["check", o, "--month", "2026-11", "--as-of", AS_OF, "--format", "json", "--exit-zero", "--no-history",
         *flag],
    ]
    cmds += [["close-day", o, "--date", d, *flag] for d in days]
    cmds.append(["close-day", o, "--date", days[0], "--format", "json", "--no-history", *flag])
    cmds.append(["monthly", o, "--month", "2026-11", "--no-pdf", *flag])
    cmds.append(["match", o, "--month", "2026-11", "--xlsx", *flag])
    if full:
        cmds += [
            ["check", o, "--month", "2026-10", "--as-of", "2026-10-31 23:59", "-v", "--exit-zero", "--no-history",
             *flag],
            ["monthly", o, "--month", "2026-10", "--no-pdf", "--format", "json", "--no-history", *flag],
            ["close-day", o, "--date", days[1], "--lang", "en", "--out", str(office / "reports" / "en"), *flag],
        ]
    return cmds


def group_available() -> bool:
    try:
        import registers.group  # noqa: F401
    except ImportError:
        return False
    return True


def excel_button_scans(office: Path, only: Sequence[str] | None = None) -> list[Scan]:
    """The Excel "check" button on every register workbook (through the in-memory book): what it writes into
    the clerk's workbook — the results sheet, its state sheet and notes — is literal text or our own link."""
    from registers.core.period import Period
    from registers.excel.actions import STATE_SHEET, check_open_workbook
    from registers.excel.memory import MemoryBook, MemorySheet
    from tests.support.helpers import sheets_from_file

    ours = re.compile(r"=HYPERLINK\(\"#'(?:[^']|'')*'![A-Z]+\d+\",\"[A-Z]+\d+\"\)")

    class Recording(MemoryBook):
        """Keeps the rows as the button hands them to Excel (``'`` prefix and all)."""

        def __init__(self, path: str, sheets: Sequence[MemorySheet]) -> None:
            super().__init__(path, sheets)
            self.handed: dict[str, list[list[Any]]] = {}

        def write_sheet(self, sheet: str, rows: Sequence[Sequence[Any]], *, hidden: bool = False) -> None:
            self.handed[sheet] = [list(r) for r in rows]
            super().write_sheet(sheet, rows, hidden=hidden)

    scans: list[Scan] = []
    for path in sorted(office.rglob("*.xlsx")):
        rel = path.relative_to(office)
        if rel.parts[0] in ("reports", ".registers") or path.name.startswith("."):
            continue
        if only is not None and rel.as_posix() not in only:
            continue
        try:
            sheets = sheets_from_file(path)
        except Exception:
            continue  # the demo's broken workbook
        titles = [s.name for s in sheets]  # the clerk's own sheets, before the button adds its own
        book = Recording(str(path.resolve()), sheets)
        scan = Scan("excel-button", rel.as_posix())
        result = check_open_workbook(book, office, period=Period.parse_month("2026-11"),
                                     as_of=datetime(2026, 11, 30, 23, 59))
        for sheet in (result.results_sheet, STATE_SHEET):
            for r, row in enumerate(book.handed.get(sheet, []), start=1):
                for c, v in enumerate(row, start=1):
                    if not isinstance(v, str) or not v:
                        continue
                    scan.written.append(v)
                    scan.payloads += count_needles(v)
                    if v.startswith("'") or ours.fullmatch(v):
                        continue  # Excel keeps a '-prefixed value as typed text
                    if looks_like_formula(v):
                        scan.escapes.append(f"{rel}: {sheet} R{r}C{c}: {v!r} written as a formula")
        for title in titles:
            for note in book.read_notes(title).values():
                scan.written.append(note)
                scan.payloads += count_needles(note)
        scans.append(scan)
    return scans


@dataclass
class InjectionResult:
    planted: Counter[str]
    scans: list[Scan]
    runs: list[Run]
    personal_leaks: list[str] = field(default_factory=list)  # the phone planted in free text, shown unmasked

    @property
    def escapes(self) -> list[str]:
        return [e for s in self.scans for e in s.escapes]

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """Output kind -> (outputs scanned, payload occurrences found in them)."""
        out: dict[str, tuple[int, int]] = {}
        for s in self.scans:
            n, p = out.get(s.kind, (0, 0))
            out[s.kind] = (n + 1, p + s.payloads)
        return out


def injection_campaign(work: Path, *, full: bool = True, group_summary: bool = True) -> InjectionResult:
    """Plant the payloads in a demo office under ``work`` and scan every output of every command
    (``full=False``: one of each kind of output, for the unit tests)."""
    group = work / "group"
    office = make_demo(group / OFFICE_NAME)
    planted = plant_payloads(office)
    runs = [run_cli(argv) for argv in report_commands(office, full=full, days=DAYS if full else DAYS[:2])]
    if group_summary and group_available():
        runs.append(run_cli(["check", str(group), "--offices", "--month", "2026-11", "--as-of", AS_OF,
                             "--exit-zero", "--no-history"]))
        runs.append(run_cli(["check", str(group), "--offices", "--month", "2026-11", "--as-of", AS_OF,
                             "--exit-zero", "--no-history", "--format", "json"]))
    scans: list[Scan] = []
    for run in runs:
        name = " ".join(a for a in run.argv if not a.startswith(str(work)))
        if "json" in run.argv:
            scans.append(scan_json(name, run.stdout))
            scans.append(scan_terminal(name, "", run.stderr, run.status))
        else:
            scans.append(scan_terminal(name, run.stdout, run.stderr, run.status))
    for path in sorted(p for p in group.rglob("*") if p.is_file() and "reports" in p.relative_to(group).parts):
        if path.name.startswith("."):
            continue
        scan = scan_output(path)
        if scan is not None:
            scans.append(scan)
    scans += excel_button_scans(office, None if full else ("收费台账.xlsx", "钥匙管理.xlsx"))
    # the run history took the SQL payloads as data
    from registers.history.queries import consistency_problems
    from registers.history.queries import runs as history_runs

    problems = consistency_problems(office)
    if problems or not history_runs(office):
        scans.append(Scan("history", "history.sqlite", 0, problems or ["no run recorded"]))
    # the phone number planted in free text: masked everywhere (nothing was run with --show-personal-data)
    texts = [(" ".join(r.argv[:1]), r.stdout + r.stderr) for r in runs]
    texts += [(f"Excel button on {s.name}", "\n".join(s.written)) for s in scans if s.written]
    texts += [(p.relative_to(group).as_posix(), text_of(p)) for p in sorted(group.rglob("*"))
              if p.is_file() and p.suffix in (".xlsx", ".html", ".json", ".sqlite", ".log")
              and {"reports", ".registers"} & set(p.relative_to(group).parts)]
    leaks = [f"{where}: {PERSONAL.needle}" for where, text in texts if PERSONAL.needle in text]
    return InjectionResult(planted, scans, runs, leaks)


# ---------------------------------------------------------------- personal data


def demo_phones(office: Path) -> list[str]:
    """The digits of every phone number in the office's registers."""
    from registers.core.period import Period
    from registers.core.settings import load_settings
    from registers.office.load import load_office

    loaded = load_office(office, load_settings(office), Period(date(2026, 10, 1), date(2026, 11, 30)),
                         datetime(2026, 11, 30, 23, 59))
    phones: set[str] = set()
    for frame in loaded.frames.values():
        if "phone" in frame.columns:
            phones |= {re.sub(r"\D", "", str(v)) for v in frame["phone"].dropna()}
    return sorted(p for p in phones if len(p) >= 7)


def phone_pattern(phones: Iterable[str]) -> re.Pattern[str]:
    """Any of ``phones`` as it may be written: digits with a blank or a hyphen between any two."""
    return re.compile("|".join(r"(?<!\d)" + r"[ -]?".join(p) + r"(?!\d)" for p in phones))


def text_of(path: Path) -> str:
    """Everything a file says: a workbook's XML parts, a database's every value, a text file's text."""
    if path.suffix in (".xlsx", ".xlsm"):
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    if path.suffix == ".sqlite":
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return "\n".join(str(row) for t in tables for row in con.execute(f'SELECT * FROM "{t}"'))
        finally:
            con.close()
    return path.read_bytes().decode("utf-8", "replace")


@dataclass
class PersonalResult:
    phones: int  # phone numbers of the office
    outputs: int  # outputs searched (files, terminal and JSON outputs, history, logs)
    leaks: list[str]  # "where: number" found by default
    shown_with_flag: int  # occurrences with --show-personal-data
    flagged_runs: int  # runs recorded with show_personal = 1
    flag_runs_expected: int


def _script(name: str, office: Path, *args: str) -> Run:
    argv = [sys.executable, str(REPO / "scripts" / name), str(office), *args]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    return Run(argv, p.returncode, p.stdout, p.stderr)


def personal_campaign(work: Path, *, full: bool = True) -> PersonalResult:
    """The demo office's phone numbers: nowhere by default; with the flag shown, and recorded
    (``full=False``: one of each kind of output, for the unit tests)."""
    from registers.history.queries import runs as history_runs

    office = make_demo(work / "personal" / OFFICE_NAME)
    phones = demo_phones(office)
    pattern = phone_pattern(phones)
    texts: list[tuple[str, str]] = []
    for run in [run_cli(argv) for argv in report_commands(office, full=full, days=DAYS if full else DAYS[1:2])]:
        texts += [(" ".join(run.argv[:1] + run.argv[2:]), run.stdout + run.stderr)]
    if full and group_available():
        run = run_cli(["check", str(office.parent), "--offices", "--month", "2026-11", "--as-of", AS_OF,
                       "--exit-zero", "--format", "json"])
        texts.append(("check --offices", run.stdout + run.stderr))
    scripts = (("close_day.py", ("--date", DAYS[1])), ("monthly.py", ("--month", "2026-11", "--no-pdf")))
    for script, args in scripts if full else ():
        if (REPO / "scripts" / script).exists():
            run = _script(script, office, *args)
            texts.append((script, run.stdout + run.stderr))
    for scan in excel_button_scans(office) if full else []:  # what the Excel button writes into a workbook
        texts.append((f"Excel button on {scan.name}", "\n".join(scan.written)))
    files = [p for p in office.rglob("*") if p.is_file() and p.relative_to(office).parts[0] in ("reports", ".registers")]
    files += [p for p in (office.parent / "reports").rglob("*") if p.is_file()]
    for path in files:
        if path.suffix in (".xlsx", ".html", ".json", ".log", ".sqlite", ".txt", ".pdf"):
            texts.append((path.relative_to(office.parent).as_posix(), text_of(path)))
    leaks = [f"{where}: {m.group()}" for where, text in texts for m in pattern.finditer(text)]
    before = len(history_runs(office, limit=10_000))
    shown_runs = [
        run_cli(["close-day", str(office), "--date", DAYS[1], "--show-personal-data"]),
        run_cli(["monthly", str(office), "--month", "2026-11", "--no-pdf", "--show-personal-data"]),
    ]
    if full:
        shown_runs.append(run_cli(["check", str(office), "--month", "2026-11", "--as-of", AS_OF, "--exit-zero",
                                   "--xlsx", "--show-personal-data"]))
    recorded = history_runs(office, limit=10_000)
    flagged = sum(1 for r in recorded[: len(recorded) - before] if r.show_personal)
    shown = sum(len(pattern.findall(r.stdout)) for r in shown_runs)
    for path in [*(office / "reports").rglob("*.xlsx"), *(office / "reports").rglob("*.html")]:
        shown += len(pattern.findall(text_of(path)))
    history_text = text_of(office / ".registers" / "history.sqlite")
    leaks += [f".registers/history.sqlite (after flagged runs): {m.group()}" for m in pattern.finditer(history_text)]
    return PersonalResult(phones=len(phones), outputs=len(texts), leaks=leaks, shown_with_flag=shown,
                          flagged_runs=flagged, flag_runs_expected=len(shown_runs))


# ---------------------------------------------------------------- crash safety


KILL_COMMANDS: dict[str, tuple[list[str], int]] = {
    # name: (arguments after OFFICE_DIR is put in, reports the command writes)
    "close-day": (["close-day", "{office}", "--date", DAYS[1]], 3),
    "check --xlsx": (["check", "{office}", "--month", "2026-11", "--as-of", AS_OF, "--xlsx", "--exit-zero"], 1),
    "monthly": (["monthly", "{office}", "--month", "2026-11", "--no-pdf"], 2),
}
KILL_POINTS = ("tmp-written", "replaced", "history-insert")


def _argv(name: str, office: Path) -> list[str]:
    args = [a.replace("{office}", str(office)) for a in KILL_COMMANDS[name][0]]
    return [sys.executable, "-m", "registers", *args]


def _env(kill_at: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "REGISTERS_TEST_KILL_AT"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if kill_at:
        env["REGISTERS_TEST_KILL_AT"] = kill_at
    return env


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def register_hashes(office: Path) -> dict[str, str]:
    """The clerks' files (everything but the tool's reports/ and .registers/)."""
    return {p.relative_to(office).as_posix(): _sha(p) for p in sorted(office.rglob("*")) if p.is_file()
            and p.relative_to(office).parts[0] not in ("reports", ".registers")}


def report_files(office: Path) -> list[Path]:
    return sorted(p for p in (office / "reports").rglob("*") if p.is_file())


def complete_problem(path: Path) -> str | None:
    """Why ``path`` is not a complete report, or None."""
    try:
        if path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            if not wb.sheetnames:
                return "no sheets"
        elif path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            if not text.rstrip().endswith("</html>"):
                return "page does not end with </html>"
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".pdf":
            data = path.read_bytes()
            if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
                return "not a complete PDF"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


@dataclass
class KillResult:
    random_points: int = 0
    deterministic_points: int = 0
    killed: int = 0  # runs that were actually killed (the others had finished)
    killed_writing: int = 0  # of them, killed after a report, a temporary file or the history had changed
    problems: list[str] = field(default_factory=list)
    temps: set[str] = field(default_factory=set)  # temporary files killed runs left (the next runs remove them)

    @property
    def temps_left(self) -> int:
        return len(self.temps)

    @property
    def tried(self) -> int:
        return self.random_points + self.deterministic_points


class _State:
    """What a complete run leaves: the registers' hashes and every complete report version seen."""

    def __init__(self, office: Path) -> None:
        self.office = office
        self.registers = register_hashes(office)
        self.complete: set[str] = set()

    def learn(self) -> None:
        for p in report_files(self.office):
            if not p.name.startswith("."):
                self.complete.add(_sha(p))

    def problems(self, label: str) -> list[str]:
        from registers.history.queries import consistency_problems
        from registers.history.store import HistoryError

        out: list[str] = []
        if register_hashes(self.office) != self.registers:
            out.append(f"{label}: a register changed")
        for p in report_files(self.office):
            if p.name.startswith(".tmp-"):
                continue  # a killed run's temporary file: hidden, never read as a register or a report
            if p.name.startswith("."):
                out.append(f"{label}: unexpected hidden file {p.name}")
                continue
            if _sha(p) in self.complete:
                continue
            why = complete_problem(p)
            if why:
                out.append(f"{label}: {p.relative_to(self.office)} is torn ({why})")
            else:
                self.complete.add(_sha(p))
        try:
            out += [f"{label}: history: {x}" for x in consistency_problems(self.office)]
        except HistoryError as exc:
            out.append(f"{label}: history unusable: {exc}")
        return out


def _run_to_end(name: str, office: Path, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_argv(name, office), env=_env(kill_at), capture_output=True, text=True, timeout=300)


def kill_points(names: Sequence[str] = tuple(KILL_COMMANDS)) -> list[tuple[str, str, int]]:
    """Every rename and commit of the commands: (command, point, n-th time the run passes it)."""
    return [(name, point, nth) for name in names for point in KILL_POINTS
            for nth in range(1, (1 if point == "history-insert" else KILL_COMMANDS[name][1]) + 1)]


def kill_campaign(work: Path, *, kills: int = 50, seed: int = 9,
                  points: Sequence[tuple[str, str, int]] | None = None,
                  names: Sequence[str] = tuple(KILL_COMMANDS), progress: Callable[[str], None] | None = None
                  ) -> KillResult:
    """SIGKILL the report commands at ``kills`` random moments (seeded; from 0 to a warm run's duration, every other
    one in its last 30 %, where the writing is), then at ``points`` (default: every rename and commit of ``names``)."""
    office = make_demo(work / "kill" / OFFICE_NAME)
    state = _State(office)
    result = KillResult()
    durations: dict[str, float] = {}
    for name in names:  # complete runs: the previous versions, and how long a (warm) run takes
        for _ in range(2):
            started = time.monotonic()
            done = _run_to_end(name, office)
            durations[name] = time.monotonic() - started
            if done.returncode not in (0, 1):
                result.problems.append(f"{name}: complete run failed ({done.returncode}): {done.stderr[-300:]}")
            state.learn()

    def footprint() -> tuple[frozenset[tuple[str, str]], int]:
        from registers.history.queries import runs as history_runs

        files = frozenset((p.relative_to(office).as_posix(), _sha(p)) for p in report_files(office))
        return files, len(history_runs(office, limit=1_000_000))

    before = footprint()

    def after(label: str, status: int) -> None:
        nonlocal before
        if status == -signal.SIGKILL:
            result.killed += 1
            result.killed_writing += footprint() != before
        elif status not in (0, 1):
            result.problems.append(f"{label}: exit status {status}")
        result.temps |= {p.name for p in report_files(office) if p.name.startswith(".tmp-")}
        result.problems.extend(state.problems(label))
        before = footprint()
        if progress:
            progress(label)

    rng = random.Random(seed)
    for i in range(kills):
        name = names[i % len(names)]
        # every other kill in the last 30 % of the run, where the reports and the history are written
        delay = rng.uniform(0 if i % 2 == 0 else durations[name] * 0.7, durations[name])
        proc = subprocess.Popen(_argv(name, office), env=_env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        status = proc.wait()
        result.random_points += 1
        after(f"random kill {i + 1} ({name} at {delay:.2f}s)", status)
    for name, point, nth in kill_points(names) if points is None else points:
        done = _run_to_end(name, office, f"{point}:{nth}")
        result.deterministic_points += 1
        label = f"{name} killed at {point} #{nth}"
        if done.returncode != -signal.SIGKILL:
            result.problems.append(f"{label}: the kill point was not reached ({done.returncode})")
        after(label, done.returncode)
    for name in names:  # complete runs again: everything whole, and the killed runs' temporary files gone
        done = _run_to_end(name, office)
        if done.returncode not in (0, 1):
            result.problems.append(f"{name}: run after the kills failed ({done.returncode}): {done.stderr[-300:]}")
    result.problems += state.problems("after the kills")
    left = [p.relative_to(office).as_posix() for p in report_files(office) if p.name.startswith(".tmp-")]
    if left:
        result.problems.append(f"stale temporary files not cleaned up by the next runs: {left}")
    return result


def make_v1_history(office: Path) -> None:
    """A run history as registers wrote it before schema 2 (no ``runs.show_personal``), with one run."""
    from registers.history.store import APP_ID, history_path

    path = history_path(office)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    try:
        con.executescript("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE registers_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, run_at TEXT NOT NULL, kind TEXT NOT NULL,
                period_start TEXT NOT NULL, period_end TEXT NOT NULL, as_of TEXT NOT NULL, rules TEXT NOT NULL,
                tool_version TEXT NOT NULL, n_error INTEGER NOT NULL, n_warning INTEGER NOT NULL,
                n_info INTEGER NOT NULL);
            CREATE INDEX runs_scope ON runs (kind, period_start, period_end, id);
            CREATE TABLE findings (run_id INTEGER NOT NULL REFERENCES runs (id), fingerprint TEXT NOT NULL,
                rule TEXT NOT NULL, severity TEXT NOT NULL, clause TEXT NOT NULL, register TEXT, file TEXT,
                sheet TEXT, row INTEGER, col TEXT, key TEXT, day TEXT, args TEXT NOT NULL);
            CREATE INDEX findings_run ON findings (run_id);
            CREATE INDEX findings_fingerprint ON findings (fingerprint, run_id);
        """)
        con.executemany("INSERT INTO registers_meta VALUES (?, ?)", [("app", APP_ID), ("schema_version", "1")])
        con.execute("INSERT INTO runs (run_at, kind, period_start, period_end, as_of, rules, tool_version, "
                    "n_error, n_warning, n_info) VALUES ('2026-11-01 08:00:00', 'check', '2026-10-01', "
                    "'2026-10-31', '2026-10-31 23:59:00', '[]', '0.1', 1, 0, 0)")
        con.execute("INSERT INTO findings VALUES (1, 'f', 'fee.x', 'error', '1', NULL, NULL, NULL, NULL, NULL, "
                    "NULL, NULL, '{}')")
        con.commit()
    finally:
        con.close()


def history_complaints(err: str, office: Path) -> list[str]:
    """The lines of a run's stderr that speak of the office's run history: every message the history gives
    (busy, damaged, not recorded …) names its file, in whichever language the office uses, so the file's name
    is looked for, not English words."""
    from registers.history.store import history_path

    path = history_path(office)
    return [line.strip() for line in err.splitlines() if path.name in line or str(path.parent) in line]


@dataclass
class ConcurrentResult:
    pairs: int = 0
    runs: int = 0
    problems: list[str] = field(default_factory=list)


CONCURRENT_PAIRS: tuple[tuple[str, str, str], ...] = (
    # (history before, first command, second command)
    ("none", "check --xlsx", "close-day"),
    ("none", "close-day", "close-day"),
    ("v1", "close-day", "close-day"),
    ("v1", "check --xlsx", "monthly"),
    ("current", "close-day", "close-day"),
    ("current", "monthly", "close-day"),
    ("current", "check --xlsx", "check --xlsx"),
)


def concurrent_campaign(work: Path, pairs: Sequence[tuple[str, str, str]] = CONCURRENT_PAIRS,
                        progress: Callable[[str], None] | None = None) -> ConcurrentResult:
    """Two commands started together on one office (no history yet, a schema-1 history, a current one):
    both finish, both runs are in the history whole, every report complete, the registers untouched."""
    from registers.history.queries import consistency_problems
    from registers.history.queries import runs as history_runs
    from registers.history.store import record_run

    master = make_demo(work / "concurrent-master")
    result = ConcurrentResult()
    for i, (history, first, second) in enumerate(pairs):
        office = Path(shutil.copytree(master, work / "concurrent" / f"{i}" / OFFICE_NAME))
        if history == "v1":
            make_v1_history(office)
        elif history == "current":
            from registers.check import check
            from registers.core.period import Period

            record_run(office, check(office, period=Period.parse_month("2026-10"),
                                     as_of=datetime(2026, 10, 31, 23, 59)), "check")
        registers = register_hashes(office)
        before = len(history_runs(office, limit=10_000))
        label = f"{first} + {second} ({history} history)"
        procs = [subprocess.Popen(_argv(n, office), env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for n in (first, second)]
        outs = [p.communicate(timeout=300) for p in procs]
        result.pairs += 1
        for n, proc, (_, err) in zip((first, second), procs, outs, strict=True):
            result.runs += 1
            if proc.returncode not in (0, 1):
                result.problems.append(f"{label}: {n} exit status {proc.returncode}: {err[-300:]}")
            complaints = history_complaints(err, office)
            if complaints:
                result.problems.append(f"{label}: {n}: {' | '.join(complaints)[-300:]}")
        after = len(history_runs(office, limit=10_000))
        if after - before != 2:
            result.problems.append(f"{label}: {after - before} runs recorded, not 2")
        result.problems += [f"{label}: history: {x}" for x in consistency_problems(office)]
        if register_hashes(office) != registers:
            result.problems.append(f"{label}: a register changed")
        for p in report_files(office):
            why = None if p.name.startswith(".") else complete_problem(p)
            if p.name.startswith("."):
                why = "temporary file left by a finished run"
            if why:
                result.problems.append(f"{label}: {p.relative_to(office)}: {why}")
        if progress:
            progress(label)
    return result

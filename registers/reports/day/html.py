"""The day close as HTML (``reports/daily/<date> 日结.html``), from the Jinja2 template ``day.html.j2``.

Templates are looked up in the office's own ``templates/`` folder first, then in
the shipped ones, so an office can restyle the page without touching the tool.
Autoescaping is on: text from a register is shown, never run.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from registers.core.findings import CellRef
from registers.core.output import write_atomically
from registers.core.shipped import templates_dir
from registers.core.values.money import format_money
from registers.i18n import coverage_text, problem_text, render_message, rule_title, suggestion_text, word, words
from registers.reports.day.book import day_stem, finding_counts, state_text
from registers.reports.day.compute import NONCASH_METHODS, DayClose
from registers.reports.day.platforms import COVERED

TEMPLATE = "day.html.j2"


def environment(office_dir: Path) -> Environment:
    """Office templates first (``OFFICE_DIR/templates``), then the shipped ones; autoescape on."""
    loader = ChoiceLoader([
        FileSystemLoader(str(office_dir / "templates")),
        FileSystemLoader(str(templates_dir())),
    ])
    return Environment(loader=loader, autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _href(book_dir: Path, office_dir: Path, where: CellRef | None) -> str | None:
    if where is None or not where.file:
        return None
    rel = os.path.relpath(office_dir / where.file, book_dir)
    return quote(PurePosixPath(*Path(rel).parts).as_posix())


def _when(v: Any) -> str:
    return v.strftime("%Y-%m-%d %H:%M") if v else ""


def context(close: DayClose, lang: str, book_dir: Path, office_dir: Path, *,
            show_personal: bool = False) -> dict[str, Any]:
    """Everything the template shows, as plain text (money formatted, links relative)."""

    def href(where: CellRef | None) -> str | None:
        return _href(book_dir, office_dir, where)

    t = close.totals
    cashiers = [{
        "name": c.cashier, "href": href(c.where), "where": c.where.address if c.where else "",
        "receipts": c.receipts, "expected": format_money(c.expected_cash), "handed": format_money(c.handed),
        "difference": format_money(c.difference), "cleared": close.cleared(c),
        "channels": [format_money(c.channels.get(ch, 0)) for ch in NONCASH_METHODS],
        "noncash": format_money(c.noncash), "total": format_money(c.total),
        "status": _status(close, c, lang),
    } for c in close.cashiers]
    findings = [{
        "severity": f.finding.severity.label, "severity_text": word(f.finding.severity.label, lang),
        "state": f.state or "", "state_text": state_text(f.state, f.since, lang),
        "rule": f.finding.rule, "title": rule_title(f.finding.rule, lang), "address": f.finding.address,
        "href": href(CellRef(f.finding.file, f.finding.sheet or "", f.finding.row, f.finding.column))
        if f.finding.file else None,
        "message": render_message(f.finding, lang, show_personal=show_personal),
        "suggestion": suggestion_text(f.finding, lang, show_personal=show_personal),
    } for f in close.findings]
    resolved = [{
        "rule": s.rule, "title": rule_title(s.rule, lang), "address": s.as_finding().address,
        "message": render_message(s.as_finding(), lang, show_personal=show_personal),
        "since": s.since.isoformat() if s.since else "",
    } for s in close.resolved]
    return {
        "lang": lang,
        "w": words("day", lang),
        "office": close.office_name,
        "day": close.day.isoformat(),
        "as_of": close.as_of.strftime("%Y-%m-%d %H:%M:%S"),
        "previous": word("previous", lang, when=_when(close.previous_as_of)) if close.previous_as_of else "",
        "history_note": word("history-broken", lang, reason=close.history)
        if close.history and close.history not in ("recorded", "off") else "",
        "fee_source_note": close.fee_source_note(lang),
        "channels": [word(ch, lang) for ch in NONCASH_METHODS],
        "cashiers": cashiers,
        "totals": {
            "receipts": t["receipts"], "expected": format_money(t["expected_cash"]),
            "handed": format_money(t["handed"]), "difference": format_money(t["difference"]),
            "channels": [format_money(t[ch]) for ch in NONCASH_METHODS], "noncash": format_money(t["noncash"]),
            "total": format_money(t["total"]),
        },
        "has_statements": close.statements > 0,
        "platforms": [{
            "channel": word(x.channel, lang), "receipts": x.receipts, "ledger": format_money(x.ledger),
            "checked": x.difference is not None, "payments": x.payments, "received": format_money(x.received),
            "difference": format_money(x.difference) if x.difference is not None else "—",
            "agrees": x.difference == 0, "refunded": format_money(x.refunded), "fees": format_money(x.fees),
            "covered": x.coverage == COVERED, "coverage": coverage_text(x.coverage, lang),
        } for x in close.platforms],
        "unpaid": [{"receipt_no": x.receipt_no, "href": href(x.where), "where": x.where.address, "method": x.method,
                    "amount": format_money(x.amount), "time": _when(x.paid_at),
                    "problem": problem_text(x.status, lang, order=x.claimed)} for x in close.unpaid],
        "unrecorded": [{"order_no": x.order_no or "—", "href": href(x.where), "channel": word(x.channel, lang),
                        "amount": format_money(x.amount), "fee": format_money(x.fee), "time": _when(x.at),
                        "file": x.file + (f"!{x.sheet}" if x.sheet else ""), "line": x.line,
                        "problem": problem_text(x.status, lang, kind=x.kind)} for x in close.unrecorded],
        "large_title": word("large", lang, limit=format_money(close.large_limit)),
        "large": [{"receipt_no": x.receipt_no, "href": href(x.where), "cashier": x.cashier, "unit": x.unit,
                   "item": x.item, "method": x.method, "amount": format_money(x.amount), "reported": x.reported}
                  for x in close.large],
        "ranges": [{"series": x.series, "first": x.first, "last": x.last, "used": x.used, "void": x.void,
                    "missing": x.missing, "href": href(x.where)} for x in close.ranges],
        "repairs": [{"id": x.repair_id or x.where.address, "href": href(x.where), "reported_at": _when(x.reported_at),
                     "address": x.address, "resident": x.resident, "phone": x.phone, "content": x.content,
                     "problem": word(x.problem, lang),
                     "deadline": _when(x.deadline), "hours_late": f"{x.hours_late:g}"} for x in close.repairs],
        "keys": [{"id": x.key_id or x.where.address, "href": href(x.where), "out_at": _when(x.out_at),
                  "borrower": x.borrower, "department": x.department, "purpose": x.purpose, "due": _when(x.due),
                  "overdue": x.overdue, "hours_late": f"{x.hours_late:g}"} for x in close.keys],
        "counts_line": word("findings_counts", lang, **finding_counts(close)),
        "findings": findings,
        "resolved": resolved,
    }


def _status(close: DayClose, c: Any, lang: str) -> str:
    if not c.has_handover and c.expected_cash:
        text = word("no-handover", lang)
    elif close.cleared(c):
        text = word("cleared", lang)
    else:
        text = word("short" if c.difference < 0 else "over", lang)
    return text + ("；" + word("unsure", lang) if c.unsure else "")


def render_day_html(close: DayClose, lang: str, book_dir: Path, office_dir: Path, *,
                    show_personal: bool = False) -> str:
    env = environment(office_dir)
    ctx = context(close, lang, book_dir.resolve(), office_dir.resolve(), show_personal=show_personal)
    return env.get_template(TEMPLATE).render(**ctx)


def write_day_html(close: DayClose, folder: Path, office_dir: Path, lang: str = "zh-Hans", *,
                   show_personal: bool = False) -> Path:
    """Write ``<folder>/<date> 日结.html`` atomically and return its path."""
    html = render_day_html(close, lang, folder, office_dir, show_personal=show_personal)
    target = folder / f"{day_stem(close)}.html"
    def write(tmp: Path) -> None:
        tmp.write_text(html, encoding="utf-8")

    write_atomically(target, write)
    return target

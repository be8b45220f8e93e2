"""``registers close-day``: the supervisor's end-of-day close (日结).

Kept light to import: argparse only at module level, the work is imported when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registers.cli.argtypes import add_run_options, office_folder, parse_date
from registers.core.findings import CellRef

if TYPE_CHECKING:
    from registers.pipeline.day import CloseResult


def add_parser(sub: Any, lang: str = "zh-Hans") -> argparse.ArgumentParser:
    from registers.i18n import word

    def t(key: str) -> str:
        return word(key, lang)

    p: argparse.ArgumentParser = sub.add_parser(
        "close-day", help=t("cli.day.help"), description=t("cli.day.desc"),
        epilog=t("cli.day.epilog"), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("office_dir", type=Path, metavar="OFFICE_DIR", help=t("cli.opt.office-dir"))
    p.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help=t("cli.day.date"))
    add_run_options(p, t, as_of="cli.day.as-of", out="cli.day.out")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    from registers.check import RunError
    from registers.cli.lang import config_error_text, current
    from registers.core.settings import ConfigError, load_settings
    from registers.i18n import word
    from registers.pipeline.day import FutureDay, close_day

    root: Path = office_folder(args.office_dir, args.lang)
    lang = args.lang or current()
    try:
        settings = load_settings(root)
        lang = args.lang or settings.language
        result = close_day(root, args.date, as_of=args.as_of, settings=settings, lang=lang, out=args.out,
                           history=not args.no_history, show_personal=args.show_personal_data)
    except ConfigError as exc:
        print(f"registers: {config_error_text(exc, args.lang or exc.lang or lang)}", file=sys.stderr)
        return 2
    except RunError as exc:
        print(f"registers: {word(exc.key, lang, **exc.kw)}", file=sys.stderr)
        return 2
    except FutureDay as exc:
        print(f"registers: {word('day.future', lang, day=exc.day, today=exc.today)}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"registers: {word('cli.could-not-write-day', lang, error=exc)}", file=sys.stderr)
        return 2
    for w in result.warnings:
        print(f"registers: {word('cli.warning', lang, text=w)}", file=sys.stderr)
    if args.format == "json":
        json.dump(day_json(result, lang, show_personal=args.show_personal_data), sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
    else:
        print_summary(result, lang, show_personal=args.show_personal_data)
    return result.exit_status


def day_json(result: CloseResult, lang: str, *, show_personal: bool = False) -> dict[str, Any]:
    from registers.check import finding_json
    from registers.reports.day.compute import NONCASH_METHODS

    c = result.close
    # where the property fee's arrears and 收缴率 come from, only for an office that keeps a fee roll (as check's JSON)
    source = {"fee_source": {"arrears": c.fee_source, "message": c.fee_source_note(lang)}} \
        if c.fee_source != "receipts" else {}
    return {
        **source,
        "office": c.office_name,
        "date": c.day.isoformat(),
        "as_of": c.as_of.strftime("%Y-%m-%dT%H:%M:%S"),
        "cashiers": [{
            "cashier": x.cashier, "receipts": x.receipts, "expected_cash_fen": x.expected_cash,
            "handed_fen": x.handed, "difference_fen": x.difference, "cleared": c.cleared(x),
            "unsure": x.unsure, "has_handover": x.has_handover,
            "noncash_fen": {ch: x.channels.get(ch, 0) for ch in NONCASH_METHODS}, "total_fen": x.total,
        } for x in c.cashiers],
        "totals_fen": c.totals,
        "large_receipts": [{"receipt_no": x.receipt_no, "cashier": x.cashier, "amount_fen": x.amount,
                            "method": x.method, "reported": x.reported, "cell": x.where.address} for x in c.large],
        "receipt_ranges": [{"series": x.series, "first": x.first, "last": x.last, "used": x.used, "void": x.void,
                            "missing": x.missing} for x in c.ranges],
        "noncash_check": {
            "statements": c.statements,
            "channels": [{"channel": x.channel, "receipts": x.receipts, "ledger_fen": x.ledger,
                          "payments": x.payments, "received_fen": x.received, "difference_fen": x.difference,
                          "refunded_fen": x.refunded, "fees_fen": x.fees, "coverage": x.coverage}
                         for x in c.platforms],
            "unpaid_receipts": [{"receipt_no": x.receipt_no, "channel": x.channel, "method": x.method,
                                 "amount_fen": x.amount, "paid_at": x.paid_at.isoformat(sep=" ") if x.paid_at else None,
                                 "status": x.status, "claimed": x.claimed or None, "cell": x.where.address}
                                for x in c.unpaid],
            "unrecorded_payments": [{"channel": x.channel, "kind": x.kind, "file": x.file, "sheet": x.sheet,
                                     "line": x.line, "order_no": x.order_no, "amount_fen": x.amount, "fee_fen": x.fee,
                                     "at": x.at.isoformat(sep=" ") if x.at else None, "status": x.status}
                                    for x in c.unrecorded],
        },
        "open_repairs": [{"repair_id": x.repair_id, "resident": x.resident, "phone": x.phone, "problem": x.problem,
                          "deadline": x.deadline.isoformat(sep=" ") if x.deadline else None,
                          "hours_late": x.hours_late, "cell": x.where.address} for x in c.repairs],
        "keys_out": [{"key_id": x.key_id, "out_at": x.out_at.isoformat(sep=" ") if x.out_at else None,
                      "due": x.due.isoformat(sep=" ") if x.due else None, "overdue": x.overdue,
                      "cell": x.where.address} for x in c.keys],
        "findings": [{**finding_json(f.finding, lang, show_personal=show_personal), "state": f.state,
                      "since": f.since.isoformat() if f.since else None} for f in c.findings],
        "resolved": [{**finding_json(s.as_finding(), lang, show_personal=show_personal), "state": "resolved",
                      "since": s.since.isoformat() if s.since else None} for s in c.resolved],
        "history": c.history,
        "summary": result.report.summary(),
        "written": [str(p) for p in result.paths],
    }


def print_summary(result: CloseResult, lang: str, *, show_personal: bool = False) -> None:
    from rich.table import Table
    from rich.text import Text

    from registers.core.findings import Severity
    from registers.core.values.money import format_money
    from registers.i18n import render_message, suggestion_text, word
    from registers.reports.day.book import finding_counts, state_text
    from registers.reports.findings.terminal import (
        SEVERITY_STYLE,
        file_link,
        plain,
        print_finding,
        print_lines,
        stdout_console,
    )

    console = stdout_console()
    c = result.close
    console.print(Text.assemble(plain(f"{c.office_name}  {word('day.title', lang)}  {c.day.isoformat()}", "bold"),
                                f"  ({word('as_of', lang)} {c.as_of.strftime('%Y-%m-%d %H:%M')})"))
    table = Table(title=word("cash", lang), title_justify="left", **narrow(console.width))
    for key in ("cashier", "expected_cash", "handed", "difference", "noncash", "status"):
        text = key in ("cashier", "status")  # amounts are never cut: the words wrap instead
        table.add_column(word(key, lang), justify="left" if text else "right", no_wrap=not text, overflow="fold")
    for x in c.cashiers:
        ok = c.cleared(x)
        status = word("cleared", lang) if ok else word("no-handover", lang) if not x.has_handover else \
            word("short" if x.difference < 0 else "over", lang)
        table.add_row(plain(x.cashier), format_money(x.expected_cash), format_money(x.handed),
                      Text(format_money(x.difference), style="" if ok else "bold red"), format_money(x.noncash),
                      Text(status, style="" if ok else "bold red"))
    t = c.totals
    table.add_row(word("sum", lang), format_money(t["expected_cash"]), format_money(t["handed"]),
                  format_money(t["difference"]), format_money(t["noncash"]), "")
    console.print(table)
    print_noncash(console, c, lang)
    unreported = [x for x in c.large if not x.reported]
    if c.large:
        console.print(f"{word('large', lang, limit=format_money(c.large_limit))}: {len(c.large)}"
                      + (f" ({word('reported', lang)} {word('no', lang)}: {len(unreported)})" if unreported else ""))
    for r in c.ranges:
        console.print(plain(f"{word('ranges', lang)}: {r.first} – {r.last} ({r.used})"))
    console.print(f"{word('repairs', lang)}: {len(c.repairs)}    {word('keys', lang)}: {len(c.keys)} "
                  f"({word('key-overdue', lang)} {sum(k.overdue for k in c.keys)})")
    root = result.report.office.root
    for f in c.findings:
        if f.finding.severity is Severity.INFO:
            continue
        print_finding(console, [(word(f.finding.severity.label, lang), SEVERITY_STYLE[f.finding.severity]),
                                (state_text(f.state, f.since, lang), "bold" if f.state == "new" else "")],
                      f.finding.address or "", file_link(root, f.finding.file),
                      render_message(f.finding, lang, show_personal=show_personal),
                      suggestion=suggestion_text(f.finding, lang, show_personal=show_personal))
    for s in c.resolved:
        print_finding(console, [(word("resolved-state", lang), "green")], s.as_finding().address,
                      file_link(root, s.as_finding().file),
                      render_message(s.as_finding(), lang, show_personal=show_personal))
    print_lines(console, [(word("findings_counts", lang, **finding_counts(c)), "")])
    if c.fee_source_note(lang):
        print_lines(console, [(c.fee_source_note(lang), "")])
    for p in result.paths:
        print_lines(console, [(f"{word('written', lang)}: {p}", "")], hang=4)


def narrow(width: int) -> dict[str, Any]:
    """A table's frame for a terminal under 100 columns: rules under the header only, so amounts keep their room."""
    from rich import box

    return {"box": box.SIMPLE_HEAD, "pad_edge": False, "collapse_padding": True} if width < 100 else {}


def print_noncash(console: Any, c: Any, lang: str) -> None:
    """The non-cash check of a day close (:class:`registers.reports.day.compute.DayClose`) on the terminal."""
    from rich.table import Table
    from rich.text import Text

    from registers.core.values.money import format_money
    from registers.i18n import coverage_text, problem_text, word
    from registers.reports.day.platforms import COVERED
    from registers.reports.findings.terminal import print_lines
    from registers.reports.findings.wrap import Whole

    if not c.statements:
        console.print(Text(word("no-statements", lang), style="bold red"))
    table = Table(title=word("noncash_check", lang), title_justify="left", **narrow(console.width))
    for key in ("channel", "ledger", "platform_received", "difference", "platform_refunded", "fees", "statement"):
        text = key in ("channel", "statement")
        table.add_column(word(key, lang), justify="left" if text else "right", no_wrap=not text, overflow="fold")
    for x in c.platforms:
        d = x.difference
        checked = d is not None
        table.add_row(word(x.channel, lang), format_money(x.ledger),
                      format_money(x.received) if checked else "—",
                      Text(format_money(d) if d is not None else "—", style="" if not d else "bold red"),
                      format_money(x.refunded) if checked else "—", format_money(x.fees) if checked else "—",
                      Text(coverage_text(x.coverage, lang), style="" if x.coverage == COVERED else "bold red"))
    console.print(table)
    if c.unpaid:
        console.print(Text(f"{word('unpaid', lang)}:", style="bold red"))
    for u in c.unpaid:
        print_lines(console, [
            (f"{u.receipt_no}  ", ""), (u.where.address, Whole("")), (f"  {u.method} {format_money(u.amount)}  "
             f"{u.paid_at.strftime('%Y-%m-%d %H:%M') if u.paid_at else ''}  "
             f"{problem_text(u.status, lang, order=u.claimed)}", "")], indent=2, hang=4)
    if c.unrecorded:
        console.print(Text(f"{word('unrecorded', lang)}:", style="bold red"))
    for p in c.unrecorded:
        print_lines(console, [
            (CellRef(p.file, p.sheet, p.line).address, Whole("")), (f"  {p.order_no or '—'}  "
             f"{word(p.channel, lang)} {format_money(p.amount)}  {p.at.strftime('%Y-%m-%d %H:%M') if p.at else ''}  "
             f"{problem_text(p.status, lang, kind=p.kind)}", "")], indent=2, hang=4)

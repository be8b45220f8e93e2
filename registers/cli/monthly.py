"""``registers monthly``: the month-end report (收支明细表 and the month's operations).

Kept light to import: argparse only at module level, the work is imported when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registers.cli.argtypes import add_run_options, office_folder, parse_month

if TYPE_CHECKING:
    from registers.pipeline.monthly import MonthlyResult


def add_parser(sub: Any, lang: str = "zh-Hans") -> argparse.ArgumentParser:
    from registers.i18n import word

    def t(key: str) -> str:
        return word(key, lang)

    p: argparse.ArgumentParser = sub.add_parser(
        "monthly", help=t("cli.monthly.help"), description=t("cli.monthly.desc"),
        epilog=t("cli.monthly.epilog"), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("office_dir", type=Path, metavar="OFFICE_DIR", help=t("cli.opt.office-dir"))
    p.add_argument("--month", type=parse_month, metavar="YYYY-MM", help=t("cli.monthly.month"))
    add_run_options(p, t, as_of="cli.monthly.as-of", out="cli.monthly.out",
                    extra=(("--no-pdf", "cli.monthly.no-pdf"), ("--full-detail", "cli.monthly.full-detail")))
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    from registers.check import RunError
    from registers.cli.lang import config_error_text, current
    from registers.core.settings import ConfigError, load_settings
    from registers.i18n import word
    from registers.pipeline.monthly import monthly_report
    from registers.reports.findings.terminal import progress_reporter

    root: Path = office_folder(args.office_dir, args.lang)
    lang = args.lang or current()
    try:
        settings = load_settings(root)
        lang = args.lang or settings.language
        with progress_reporter(enabled=args.format == "text" and sys.stderr.isatty(), lang=lang) as progress:
            result = monthly_report(root, args.month, as_of=args.as_of, settings=settings, lang=lang, out=args.out,
                                    history=not args.no_history, pdf=not args.no_pdf,
                                    show_personal=args.show_personal_data, full_detail=args.full_detail,
                                    progress=progress)
    except ConfigError as exc:
        print(f"registers: {config_error_text(exc, args.lang or exc.lang or lang)}", file=sys.stderr)
        return 2
    except RunError as exc:
        print(f"registers: {word(exc.key, lang, **exc.kw)}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"registers: {word('cli.could-not-write-monthly', lang, error=exc)}", file=sys.stderr)
        return 2
    for w in result.warnings:
        print(f"registers: {word('cli.warning', lang, text=w)}", file=sys.stderr)
    if args.format == "json":
        json.dump(monthly_json(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_summary(result, lang)
    return result.exit_status


def _line(x: Any) -> dict[str, Any]:
    return {"label": x.label, "amount_fen": x.amount, "cash_fen": x.cash}


def monthly_json(result: MonthlyResult) -> dict[str, Any]:
    mo = result.monthly
    c = mo.count
    col = mo.collection
    return {
        "office": mo.office_name,
        "month": f"{mo.period.start:%Y-%m}",
        "as_of": mo.as_of.strftime("%Y-%m-%dT%H:%M:%S"),
        "books_start": f"{mo.books_start:%Y-%m}",
        "statement": {
            "opening_fen": mo.opening,
            "own_income": [{"class": ci.fee_class, "lines": [_line(x) for x in ci.lines], "amount_fen": ci.amount,
                            "cash_fen": ci.cash} for ci in mo.own],
            "own_income_total_fen": mo.own_total.amount,
            "pass_through": [_line(x) for x in mo.pass_through],
            "pass_through_collected_fen": mo.pass_total.amount,
            "pass_through_paid_fen": mo.passed_on.amount,
            "deposits": [_line(x) for x in mo.deposits],
            "deposits_received_fen": mo.deposit_total.amount,
            "deposits_refunded_fen": mo.refunded.amount,
            "receipts_total_fen": mo.receipts_total.amount,
            "methods": {x.label or "": x.amount for x in mo.methods},
            "platforms": [{
                "channel": x.channel, "methods": list(x.methods), "ledger_fen": x.ledger, "received_fen": x.received,
                "difference_fen": x.difference, "refunded_fen": x.refunded, "fees_fen": x.fees, "net_fen": x.net,
                "has_statement": x.has_statement, "uncovered_days": x.uncovered_days,
            } for x in mo.platforms],
            "statements": mo.statements,
            "expenditures": [{**_line(x), "class": x.fee_class} for x in mo.expenses],
            "expenditures_total_fen": mo.expense_total.amount,
            "cash_receipts_fen": mo.cash_receipts,
            "cash_handed_fen": mo.handed,
            "cash_expenditures_fen": mo.cash_expenses,
            "closing_fen": mo.closing,
            "last_count": None if c is None else {
                "at": c.at.isoformat(sep=" "), "counted_fen": c.counted, "book_fen": c.book,
                "difference_fen": c.difference, "cell": c.where.address},
        },
        "arrears": {
            "units": len(mo.arrears), "owed_fen": mo.arrears_total,
            "collection_rate": None if col is None or col.rate is None else round(col.rate, 6),
            # where arrears and the rate come from: receipts | roll | both (the roll's figures, cross-checked)
            "source": None if col is None else col.source,
            "disagree": [] if col is None else list(col.disagree),
        },
        "repairs": None if mo.repairs is None else vars(mo.repairs),
        "keys": None if mo.keys is None else vars(mo.keys),
        "findings": {"summary": mo.severity, "by_rule": [
            {"rule": r.rule, "clause": r.clause, "count": r.count, "previous": r.previous} for r in mo.rules]},
        "missing_registers": mo.missing,
        "written": [str(p) for p in result.paths],
        "pdf_note": result.pdf_note,
    }


def _width(text: str) -> int:
    """Columns a text takes in a terminal: CJK characters are two wide."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_summary(result: MonthlyResult, lang: str) -> None:
    from registers.core.values.money import format_money
    from registers.i18n import month_label, word
    from registers.reports.monthly.notes import notes

    mo = result.monthly
    out = sys.stdout
    label = month_label(mo.period.start.year, mo.period.start.month, lang)
    print(f"{mo.office_name}  {word('monthly.title', lang)}  {label}  "
          f"({word('as_of', lang)} {mo.as_of:%Y-%m-%d %H:%M})",
          file=out)
    for n in notes(mo, lang):
        print(f"  ! {n}", file=out)
    rows = [
        (word("opening", lang), mo.opening),
        (word("own_total", lang), mo.own_total.amount),
        (word("pass_collected", lang), mo.pass_total.amount),
        (word("deposit_in", lang), mo.deposit_total.amount),
        (word("expenses_total", lang), mo.expense_total.amount),
        (word("cash_in", lang), mo.cash_receipts),
        (word("cash_handed", lang), mo.handed),
        (word("cash_spent", lang), mo.cash_expenses),
        (word("closing", lang), mo.closing),
    ]
    if mo.count is not None:
        rows += [(word("count_counted", lang), mo.count.counted), (word("count_diff", lang), mo.count.difference)]
    width = max(_width(k) for k, _ in rows) + 2
    for k, v in rows:
        print(f"  {k}{' ' * (width - _width(k))}{format_money(v):>16}", file=out)
    print_platforms(mo, lang)
    col = mo.collection
    if col is not None and col.rate is not None:
        print(f"  {word('rate', lang)}: {col.rate:.2%}    {word('sheet_arrears', lang)}: {len(mo.arrears)} "
              f"({format_money(mo.arrears_total)})", file=out)
    print(f"  {word('monthly.findings_counts', lang, **mo.severity)}", file=out)
    for p in result.paths:
        print(f"{word('written', lang)}: {p}", file=out)
    if result.pdf_note:
        print(word("pdf_skipped", lang, reason=result.pdf_note), file=out)


def print_platforms(mo: Any, lang: str) -> None:
    """The methods against the platform statements, a column per channel (:class:`PlatformMonth`)."""
    from registers.core.values.money import format_money
    from registers.i18n import statement_text, word

    if not mo.platforms:
        return
    out = sys.stdout
    print(f"  {word('pf_title', lang)}", file=out)
    if not mo.statements:
        print(f"  ! {word('pf_no_statements', lang)}", file=out)

    def money(x: Any, v: int | None) -> str:
        return format_money(v) if v is not None and x.has_statement else "—"

    rows: list[tuple[str, list[str]]] = [
        ("", [word(f"ch_{x.channel}", lang) for x in mo.platforms]),
        (word("pf_ledger", lang), [format_money(x.ledger) for x in mo.platforms]),
        (word("pf_received", lang), [money(x, x.received) for x in mo.platforms]),
        (word("pf_difference", lang), [money(x, x.difference) for x in mo.platforms]),
        (word("pf_refunded", lang), [money(x, x.refunded) for x in mo.platforms]),
        (word("pf_fees", lang), [money(x, x.fees) for x in mo.platforms]),
        (word("pf_net", lang), [money(x, x.net) for x in mo.platforms]),
        (word("pf_statement", lang), [statement_text(x.has_statement, x.uncovered_days, lang) for x in mo.platforms]),
    ]
    width = max(_width(k) for k, _ in rows) + 2
    cols = [max(_width(v[i]) for _, v in rows) + 2 for i in range(len(mo.platforms))]
    for k, values in rows:
        cells = "".join(" " * (w - _width(v)) + v for v, w in zip(values, cols, strict=True))
        print(f"    {k}{' ' * (width - _width(k))}{cells}", file=out)

"""``registers match``: the pairing of non-cash receipts with the platforms' statements, for a cashier.

Kept light to import: argparse only at module level, the work is imported when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registers.cli.argtypes import CliError, office_folder, parse_moment, parse_month
from registers.core.settings import LANGUAGES

if TYPE_CHECKING:
    from registers.core.period import Period
    from registers.office.load import Office
    from registers.views.payments import Reconciliation

BOOK_LANG = "zh-Hans"  # the workbook's language (its headers are Chinese)


def _said(group: str, code: object, lang: str) -> str:
    """A status, pairing way or payment kind in ``lang`` (``match.status.matched``); an unknown code as is."""
    from registers.i18n import CATALOGUE, word

    key = f"match.{group}.{code}"
    return word(key, lang) if key in CATALOGUE else ("" if code is None else str(code))


def add_parser(sub: Any, lang: str = "zh-Hans") -> argparse.ArgumentParser:
    from registers.i18n import word

    def t(key: str) -> str:
        return word(key, lang)

    p: argparse.ArgumentParser = sub.add_parser(
        "match", help=t("cli.match.help"), description=t("cli.match.desc"),
        epilog=t("cli.match.epilog"), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("office_dir", type=Path, metavar="OFFICE_DIR", help=t("cli.opt.office-dir"))
    p.add_argument("--month", type=parse_month, metavar="YYYY-MM", required=True, help=t("cli.match.month"))
    p.add_argument("--as-of", type=parse_moment, metavar="'YYYY-MM-DD HH:MM'", help=t("cli.match.as-of"))
    p.add_argument("--xlsx", action="store_true", help=t("cli.match.xlsx"))
    p.add_argument("--out", type=Path, metavar="DIR", help=t("cli.match.out"))
    p.add_argument("--show-personal-data", action="store_true", help=t("cli.match.show-personal"))
    p.add_argument("--lang", choices=LANGUAGES, help=t("cli.opt.lang"))
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    from registers.cli.lang import config_error_text, current
    from registers.core.output import output_dir, write_atomically
    from registers.core.settings import ConfigError, load_settings
    from registers.i18n import word
    from registers.office.load import load_office
    from registers.views.payments import reconcile

    root: Path = office_folder(args.office_dir, args.lang)
    try:
        settings = load_settings(root)
    except ConfigError as exc:
        print(f"registers: {config_error_text(exc, args.lang or current())}", file=sys.stderr)
        return 2
    period: Period = args.month
    lang = args.lang or settings.language
    if args.as_of is not None and args.as_of.date() < period.start:
        raise CliError(word("as-of-before-period", lang, as_of=f"{args.as_of:%Y-%m-%d %H:%M}",
                            start=period.start, end=period.end))
    as_of = args.as_of or period.end_dt
    office = load_office(root, settings, period, as_of)
    recon = reconcile(office)
    print_summary(recon, period, lang)
    if args.xlsx:
        folder = output_dir(root, args.out or settings.output_dir)
        target = folder / f"对账 {period.start:%Y-%m}.xlsx"
        try:
            write_atomically(target, lambda tmp: write_pairing(tmp, office, recon,
                                                               show_personal=args.show_personal_data))
        except OSError as exc:
            print(f"registers: {word('cli.could-not-write', lang, target=target, error=exc)}", file=sys.stderr)
            return 2
        print(f"{target}")
    r, p = recon.receipts, recon.payments
    clean = (r["status"] == "matched").all() and not p["status"].isin(["unrecorded"]).any() \
        and all(s.complete for s in recon.statements)
    return 0 if clean else 1


def print_summary(recon: Reconciliation, period: Period, lang: str = "zh-Hans") -> None:
    """Per channel: the ledger's and the platform's totals, their difference (ledger − platform, as the day close
    and the monthly statement give it) and the count of each status of the receipts and of the platform's
    payments; then every incomplete statement with its reason in words."""
    from registers.core.payment_settings import CHANNELS
    from registers.core.values.money import format_money
    from registers.i18n import word

    r, p = recon.receipts, recon.payments
    print(word("match.title", lang, month=f"{period.start:%Y-%m}", n=len(recon.statements)))
    sep, colon = (", ", ": ") if lang == "en" else ("，", "：")
    for ch in CHANNELS:
        mine = r[r["channel"] == ch]
        pays = p[(p["channel"] == ch) & (p["status"] != "outside")]
        ledger = int(mine["amount"].sum()) if len(mine) else 0
        platform = int(pays[pays["kind"] == "payment"]["amount"].sum()) if len(pays) else 0
        print("  " + word("match.channel", lang, channel=ch, count=len(mine), ledger=format_money(ledger),
                          platform=format_money(platform), difference=format_money(ledger - platform)))
        for label, frame in (("match.receipts", mine), ("match.payments", pays)):
            counts = frame["status"].value_counts()
            if len(counts):
                print(f"    {word(label, lang)}{colon}" + sep.join(f"{_said('status', k, lang)} {int(v)}"
                                                            for k, v in counts.items()))
    for s in recon.statements:
        if not s.complete:
            where = s.file + (f"!{s.sheet}" if s.sheet else "")
            detail = s.detail or (str(s.problem_line) if s.problem_line is not None else "")
            print("  " + word("match.incomplete", lang, where=where,
                              reason=word(f"reason.{s.problem}", lang, detail=detail)))


def write_pairing(path: Path, office: Office, recon: Reconciliation, *, show_personal: bool = False) -> None:
    """The pairing workbook: receipts with their payments, payments with their receipts, statements read.

    Text from the registers and the statements is written as literal cells, phone numbers in it masked unless
    ``show_personal``."""
    import pandas as pd
    import xlsxwriter

    from registers.core.spec import RECEIPTS
    from registers.i18n import shown_text
    from registers.reports.cells import Literals
    from registers.reports.paper import header_text, print_setup

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    lit = Literals(wb)
    try:
        bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        money = wb.add_format({"num_format": "#,##0.00"})
        when = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        bad = wb.add_format({"font_color": "#C00000"})

        def header(ws: Any, names: list[str], widths: list[int]) -> None:
            for c, (name, width) in enumerate(zip(names, widths, strict=True)):
                lit.write(ws, 0, c, name, bold)
                ws.set_column(c, c, width)
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, 0, len(names) - 1)
            print_setup(ws, BOOK_LANG, header=f"&L{header_text(office.settings.office)}&R&A")

        def text(ws: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
            if not isinstance(value, str) and pd.isna(value):
                return
            if str(value):
                lit.write(ws, row, col, shown_text(str(value), show_personal=show_personal), fmt)

        def stamp(ws: Any, row: int, col: int, value: Any) -> None:
            if not pd.isna(value):
                ws.write_datetime(row, col, value.to_pydatetime(), when)

        frame = office.frame(RECEIPTS)
        src_of: dict[Any, Any] = frame["_src"].to_dict()
        row_of: dict[Any, Any] = frame["_row"].to_dict()
        r = recon.receipts.sort_values("r_ord")
        p = recon.payments
        pays: dict[Any, dict[str, Any]] = {k: {str(c): v for c, v in d.items()} for k, d in p.to_dict("index").items()}
        ws = wb.add_worksheet("收据")
        header(ws, ["收据号", "收款时间", "房号", "收费项目", "金额", "收款方式", "对账结果", "配对方式", "平台单号",
                    "平台时间", "平台金额", "手续费", "对账单", "行", "收据位置"],
               [14, 18, 11, 12, 11, 9, 12, 10, 30, 18, 11, 8, 40, 6, 26])
        for i, (rid, row) in enumerate(zip(r.index, r.to_dict("records"), strict=True), 1):
            src = office.sources[int(src_of[rid])]
            col = src.columns.get("receipt_no", "A")
            pid = row["claimed"] if pd.isna(row["pid"]) else row["pid"]
            fmt = None if row["status"] == "matched" else bad
            text(ws, i, 0, row["receipt_no"])
            stamp(ws, i, 1, row["paid_at"])
            text(ws, i, 2, row["unit"])
            text(ws, i, 3, row["item"])
            ws.write_number(i, 4, int(row["amount"]) / 100, money)
            text(ws, i, 5, row["method"])
            text(ws, i, 6, _said("status", row["status"], BOOK_LANG), fmt)
            text(ws, i, 7, _said("how", row["how"], BOOK_LANG) if not pd.isna(row["how"]) else "")
            if not pd.isna(pid):
                pay = pays[int(pid)]
                stmt = recon.statements[int(pay["stmt"])]
                text(ws, i, 8, pay["order_no"] or pay["merchant_no"])
                stamp(ws, i, 9, pay["at"])
                ws.write_number(i, 10, int(pay["amount"]) / 100, money)
                ws.write_number(i, 11, int(pay["fee"]) / 100, money)
                text(ws, i, 12, stmt.file + (f"!{stmt.sheet}" if stmt.sheet else ""))
                ws.write_number(i, 13, int(pay["line"]))
            text(ws, i, 14, f"{src.file}!{src.sheet}!{col}{int(row_of[rid])}")

        ws = wb.add_worksheet("平台收款")
        header(ws, ["时间", "渠道", "类型", "金额", "手续费", "平台单号", "商户订单号", "退款单号", "对账结果",
                    "对应收据", "摘要", "对账单", "行"], [18, 7, 6, 11, 8, 30, 24, 30, 12, 24, 24, 40, 6])
        shown = p[p["status"] != "outside"].sort_values(["at", "order_no", "stmt", "line"])
        for i, shown_row in enumerate(shown.to_dict("records"), 1):
            pay = {str(c): v for c, v in shown_row.items()}
            stmt = recon.statements[int(pay["stmt"])]
            fmt = None if pay["status"] in ("matched", "recorded", "refunded") else bad
            stamp(ws, i, 0, pay["at"])
            text(ws, i, 1, pay["channel"])
            text(ws, i, 2, _said("kind", pay["kind"], BOOK_LANG))
            ws.write_number(i, 3, int(pay["amount"]) / 100, money)
            ws.write_number(i, 4, int(pay["fee"]) / 100, money)
            text(ws, i, 5, pay["order_no"])
            text(ws, i, 6, pay["merchant_no"])
            text(ws, i, 7, pay["refund_no"])
            text(ws, i, 8, _said("status", pay["status"], BOOK_LANG), fmt)
            text(ws, i, 9, pay["receipt_nos"])
            text(ws, i, 10, pay["text"])
            text(ws, i, 11, stmt.file + (f"!{stmt.sheet}" if stmt.sheet else ""))
            ws.write_number(i, 12, int(pay["line"]))

        ws = wb.add_worksheet("对账单")
        header(ws, ["文件", "工作表", "平台", "起", "止", "明细笔数", "完整", "问题行", "问题"],
               [48, 10, 8, 12, 12, 9, 6, 7, 30])
        for i, s in enumerate(recon.statements, 1):
            text(ws, i, 0, s.file)
            text(ws, i, 1, s.sheet)
            text(ws, i, 2, s.channel)
            text(ws, i, 3, s.first_day.isoformat() if s.first_day else "")
            text(ws, i, 4, s.last_day.isoformat() if s.last_day else "")
            ws.write_number(i, 5, s.lines)
            text(ws, i, 6, "是" if s.complete else "否", None if s.complete else bad)
            if s.problem_line is not None:
                ws.write_number(i, 7, s.problem_line)
            text(ws, i, 8, s.problem or "")
    finally:
        wb.close()

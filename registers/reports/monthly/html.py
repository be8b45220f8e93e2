"""The monthly report as HTML (``reports/monthly/<YYYY-MM> 收支明细表.html``), from ``monthly.html.j2``.

The same content as the workbook: the statement, the daily detail, arrears and
the collection rate, operations, and the two charts as inline SVG drawn here.
Templates are looked up in the office's own ``templates/`` folder first, then in
the shipped ones (:func:`registers.reports.day.html.environment`); autoescaping
is on, and every register text inside an SVG is escaped before it is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from registers.core.output import write_atomically
from registers.core.values.money import format_money
from registers.i18n import month_label, rule_title, statement_text, word, words
from registers.reports.day.html import environment
from registers.reports.monthly.book import month_stem
from registers.reports.monthly.model import DEPOSIT, PASS_THROUGH, Line, Monthly
from registers.reports.monthly.notes import notes

TEMPLATE = "monthly.html.j2"


@dataclass(frozen=True)
class Row:
    """A statement row for the template: ``kind`` is section / head / item / sub / total / note."""

    kind: str
    label: str
    amount: str = ""
    cash: str = ""
    remark: str = ""


def _m(fen: int | None) -> str:
    return "" if fen is None else format_money(fen)


def statement_rows(mo: Monthly, lang: str) -> list[Row]:
    def w(key: str, **kw: Any) -> str:
        return word(key, lang, **kw)

    rows: list[Row] = []

    def items(lines: list[Line], unlisted: bool = False) -> None:
        for x in lines:
            rows.append(Row("item", x.label or w("method_unknown"), _m(x.amount), _m(x.cash),
                            w("unlisted").strip("（）() ") if unlisted and not x.listed else ""))
        if not lines:
            rows.append(Row("item", w("no_lines")))

    head = Row("head", w("monthly.line"), w("amount"), w("of_which_cash"))
    rows.append(Row("section", w("s_opening")))
    rows.append(Row("sub", w("opening"), _m(mo.opening)))
    rows.append(Row("note", w("opening_how", start=f"{mo.books_start:%Y-%m}",
                              balance=f"{mo.opening_balance / 100:,.2f}")))
    rows += [Row("section", w("s_income")), head]
    for c in mo.own:
        rows.append(Row("group", c.fee_class))
        items(c.lines, unlisted=True)
        rows.append(Row("sub", w("class_total", cls=c.fee_class), _m(c.amount), _m(c.cash)))
    rows.append(Row("total", w("own_total"), _m(mo.own_total.amount), _m(mo.own_total.cash)))
    rows += [Row("section", w("s_pass")), head]
    items(mo.pass_through)
    t, p = mo.pass_total, mo.passed_on
    rows += [Row("sub", w("pass_collected"), _m(t.amount), _m(t.cash)),
             Row("item", w("pass_paid"), _m(p.amount), _m(p.cash)),
             Row("sub", w("pass_held"), _m(t.amount - p.amount), _m(t.cash - p.cash))]
    rows += [Row("section", w("s_deposit")), head]
    items(mo.deposits)
    t, p = mo.deposit_total, mo.refunded
    rows += [Row("sub", w("deposit_in"), _m(t.amount), _m(t.cash)),
             Row("item", w("deposit_out"), _m(p.amount), _m(p.cash)),
             Row("sub", w("deposit_net"), _m(t.amount - p.amount), _m(t.cash - p.cash))]
    t = mo.receipts_total
    rows.append(Row("total", w("receipts_total"), _m(t.amount), _m(t.cash)))
    rows += [Row("section", w("s_methods")), head]
    for x in mo.methods:
        rows.append(Row("item", x.label or w("method_unknown"), _m(x.amount)))
    rows.append(Row("total", w("methods_total"), _m(sum(x.amount for x in mo.methods))))
    rows += platform_rows(mo, lang)
    rows += [Row("section", w("s_expenses")), head]
    for x in mo.expenses:
        remark = {PASS_THROUGH: "expense_pass", DEPOSIT: "expense_deposit"}.get(x.fee_class)
        rows.append(Row("item", x.label, _m(x.amount), _m(x.cash), w(remark).strip("（）() ") if remark else ""))
    if not mo.expenses:
        rows.append(Row("item", w("no_lines")))
    rows.append(Row("total", w("expenses_total"), _m(mo.expense_total.amount), _m(mo.expense_total.cash)))
    rows += [Row("section", w("s_cash")), head,
             Row("item", w("opening"), _m(mo.opening)),
             Row("item", w("cash_in"), _m(mo.cash_receipts)),
             Row("item", w("cash_handed"), _m(mo.handed)),
             Row("item", w("cash_spent"), _m(mo.cash_expenses)),
             Row("total", w("closing"), _m(mo.closing))]
    cnt = mo.count
    if cnt is None:
        rows.append(Row("note", w("no_count")))
    else:
        rows += [Row("group", w("count_at", at=f"{cnt.at:%Y-%m-%d %H:%M}", counter=cnt.counter or "—")),
                 Row("item", w("count_counted"), _m(cnt.counted), remark=cnt.where.address),
                 Row("item", w("count_book"), _m(cnt.book)),
                 Row("bad" if cnt.difference else "sub", w("count_diff"), _m(cnt.difference))]
    return rows


def platform_rows(mo: Monthly, lang: str) -> list[Row]:
    """The methods against the platform statements: a column per channel (微信, 支付宝, 银行), as in the workbook."""
    if not mo.platforms:
        return []

    def w(key: str, **kw: Any) -> str:
        return word(key, lang, **kw)

    def per(value: Any, *, money: bool = True) -> list[str]:
        out = []
        for x in mo.platforms:
            v = value(x)
            out.append(v if not money else "—" if v is None else _m(v))
        return out

    checked = {x.channel: x.has_statement for x in mo.platforms}

    def platform(value: Any) -> Any:
        return lambda x: value(x) if checked[x.channel] else None

    rows = [Row("group", w("pf_title"))]
    if not mo.statements:
        rows.append(Row("warn", w("pf_no_statements")))
    rows.append(Row("head", w("monthly.line"), *[w(f"ch_{x.channel}") for x in mo.platforms]))
    for kind, key, value in (
        ("pf", "pf_ledger", lambda x: x.ledger),
        ("pf", "pf_received", platform(lambda x: x.received)),
        ("pf-sub", "pf_difference", lambda x: x.difference),
        ("pf", "pf_refunded", platform(lambda x: x.refunded)),
        ("pf", "pf_fees", platform(lambda x: x.fees)),
        ("pf", "pf_net", platform(lambda x: x.net)),
    ):
        rows.append(Row(kind, w(key), *per(value)))
    rows.append(Row("pf-text", w("pf_statement"),
                    *per(lambda x: statement_text(x.has_statement, x.uncovered_days, lang), money=False)))
    rows.append(Row("note", w("pf_note")))
    return rows


# ---------------------------------------------------------------- SVG charts


def _svg_text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 11, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{klass}>'
            f"{escape(text)}</text>")


def bar_chart(title: str, data: list[tuple[str, int]]) -> Markup:
    """Horizontal bars, one per item (labels escaped); amounts in yuan at the bar's end."""
    width, left, right, bar, gap, top = 720, 150, 120, 18, 8, 34
    height = top + len(data) * (bar + gap) + 12
    peak = max([v for _, v in data] + [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}">', f"<title>{escape(title)}</title>",
             _svg_text(width / 2, 20, title, anchor="middle", size=14, cls="title")]
    span = width - left - right
    for i, (label, v) in enumerate(data):
        y = top + i * (bar + gap)
        w = max(span * max(v, 0) / peak, 0)
        parts.append(_svg_text(left - 8, y + bar - 4, label, anchor="end"))
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar}" fill="#4472c4"/>')
        parts.append(_svg_text(left + w + 6, y + bar - 4, format_money(v)))
    parts.append("</svg>")
    return Markup("".join(parts))


def round_step(peak: int, ticks: int = 4) -> int:
    """The axis step, in fen, for at most about ``ticks`` steps up to ``peak``: 1, 2 or 5 × 10ⁿ yuan."""
    rough = max(peak, 1) / ticks
    unit = 100  # one yuan: ticks are whole yuan
    while True:
        for m in (1, 2, 5):
            if unit * m >= rough:
                return unit * m
        unit *= 10


def column_chart(title: str, data: list[tuple[date, int]]) -> Markup:
    """One column per day of the month; the day under every other column; the axis ticks at round sums."""
    width, height, left, bottom, top = 720, 300, 80, 40, 34
    tick = round_step(max([v for _, v in data] + [1]))
    count = -(-max([v for _, v in data] + [1]) // tick)
    peak = tick * count
    span_w, span_h = width - left - 16, height - top - bottom
    step = span_w / max(len(data), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}">', f"<title>{escape(title)}</title>",
             _svg_text(width / 2, 20, title, anchor="middle", size=14, cls="title")]
    for k in range(count + 1):
        y = top + span_h - span_h * k / count
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 16}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(_svg_text(left - 6, y + 4, format_money(tick * k), anchor="end", size=10, cls="tick"))
    for i, (d, v) in enumerate(data):
        h = span_h * max(v, 0) / peak
        x = left + i * step + step * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{top + span_h - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                     f'fill="#ed7d31"><title>{d.isoformat()} {format_money(v)}</title></rect>')
        if i % 2 == 0:
            parts.append(_svg_text(x + step * 0.35, height - bottom + 16, f"{d.month}-{d.day}", anchor="middle",
                                   size=10))
    parts.append("</svg>")
    return Markup("".join(parts))


# ---------------------------------------------------------------- the page


def context(mo: Monthly, lang: str) -> dict[str, Any]:
    label = month_label(mo.period.start.year, mo.period.start.month, lang)
    daily = mo.daily()
    cash = mo.daily_cash()
    totals = {item: sum(row.get(item, 0) for row in daily.values()) for item in mo.items}
    c = mo.collection
    rp, k = mo.repairs, mo.keys
    return {
        "lang": lang,
        "w": words("monthly", lang),
        "office": mo.office_name,
        "month": label,
        "period": f"{mo.period.start.isoformat()} — {mo.period.end.isoformat()}",
        "as_of": f"{mo.as_of:%Y-%m-%d %H:%M}",
        "notes": notes(mo, lang),
        "rows": statement_rows(mo, lang),
        "items": mo.items,
        "daily": [{"day": d.isoformat(), "values": [_m(row.get(i, 0)) for i in mo.items],
                   "total": _m(sum(row.values())), "cash": _m(cash[d])} for d, row in daily.items()],
        "daily_totals": [_m(totals[i]) for i in mo.items],
        "daily_total": _m(sum(totals.values())),
        "daily_cash": _m(sum(cash.values())),
        "arrears_note": word(mo.arrears_note_key, lang, start=f"{mo.books_start:%Y-%m}"),
        "arrears": [{
            "unit": a.unit, "owner": a.owner, "phone": a.phone, "area": "" if a.area is None else f"{a.area:.2f}",
            "paid_through": f"{a.paid_through:%Y-%m}" if a.paid_through else word("no_record", lang),
            "months": a.months, "buckets": [_m(b) for b in a.buckets] if a.owed is not None else ["", "", "", ""],
            "owed": _m(a.owed) if a.owed is not None else word("unknown", lang),
        } for a in mo.arrears],
        "arrears_buckets": [_m(sum(a.buckets[i] for a in mo.arrears)) for i in range(4)],
        "arrears_total": _m(mo.arrears_total),
        "arrears_months": sum(a.months for a in mo.arrears),
        "collection": {
            "units": c.units if c else 0, "receivable": _m(c.receivable if c else 0),
            "paid_units": c.paid_units if c else 0, "paid": _m(c.paid if c else 0),
            "rate": f"{c.rate:.2%}" if c and c.rate is not None else "—",
            "unpriced": word("unpriced", lang, n=c.unpriced) if c and c.unpriced else "",
        },
        "repairs": [] if rp is None else [
            (word("r_received", lang), rp.received), (word("r_completed", lang), rp.completed),
            (word("r_on_time", lang), rp.on_time),
            (word("r_on_time_rate", lang), f"{rp.on_time / rp.completed:.2%}" if rp.completed else "—"),
            (word("r_avg_hours", lang), "—" if rp.avg_hours is None else f"{rp.avg_hours:.1f}"),
            (word("r_open", lang), rp.open_at_end)],
        "keys": [] if k is None else [
            (word("k_lent", lang), k.lent), (word("k_returned", lang), k.returned),
            (word("k_overdue", lang), k.overdue), (word("k_out", lang), k.still_out),
            (word("k_no_spare", lang), k.no_spare_types)],
        "counts_line": word("monthly.findings_counts", lang, **mo.severity),
        "previous_note": word("no_previous", lang) if mo.previous_runs == "none" else ""
        if mo.previous_runs == "found" else word("history_broken", lang, reason=mo.previous_runs),
        "rules": [{
            "rule": r.rule, "clause": r.clause, "severity": r.severity.label,
            "severity_text": word(r.severity.label, lang), "title": rule_title(r.rule, lang), "count": r.count,
            "previous": "—" if r.previous is None else r.previous,
            "change": "—" if r.change is None else f"{r.change:+d}" if r.change else "0",
        } for r in mo.rules],
        "chart_items": bar_chart(word("chart_items", lang), [(i, totals[i]) for i in mo.items]),
        "chart_daily": column_chart(word("chart_daily", lang),
                                    [(d, sum(row.values())) for d, row in daily.items()]),
    }


def render_monthly_html(mo: Monthly, lang: str, office_dir: Path) -> str:
    return environment(office_dir).get_template(TEMPLATE).render(**context(mo, lang))


def write_monthly_html(mo: Monthly, folder: Path, office_dir: Path, lang: str = "zh-Hans") -> Path:
    """Write ``<folder>/<YYYY-MM> 收支明细表.html`` atomically and return its path."""
    html = render_monthly_html(mo, lang, office_dir)
    target = folder / f"{month_stem(mo)}.html"

    def write(tmp: Path) -> None:
        tmp.write_text(html, encoding="utf-8")

    write_atomically(target, write)
    return target

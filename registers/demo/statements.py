"""Platform statements for the demo office (called at the end of :func:`registers.demo.office.write_demo`).

This module imports the ledger's file name and :class:`~registers.demo.common.Planted` from
below it, never the orchestration, so the two do not import each other.

Reads the demo office's fee ledger with the tool's own reader and writes, into
``对账单/``, the statements the office would download for October and November
2026: WeChat Pay trade bills (CSV, UTF-8 with BOM, backtick fields), Alipay
account statements (CSV, GBK, ``#`` comment lines, separate 服务费 rows) and one
bank statement (CSV, UTF-8 without BOM, title lines above the header).  Every
non-cash receipt is paid, except the planted ones:

* ``fee.payment-unmatched``: a WeChat receipt no platform paid, and an Alipay
  receipt that was really paid by WeChat (which is also ``fee.payment-unrecorded``);
* ``fee.payment-unrecorded``: an evening WeChat parking payment with no receipt;
* ``fee.payment-reused``: a renovation fee receipt claiming the transfer that paid
  the deposit (both receipts name the permit in 备注; the transfer's memo names it too);
* ``fee.refund-unrecorded``: a WeChat refund of a water-fee payment, not voided in the ledger;
* ``fee.statement-incomplete``: a one-day WeChat bill re-downloaded and cut off mid-line.

The renovation fee and deposit of a permit paid together are one payment.  The
output is deterministic (fixed seed, no clock).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from registers.core.period import Period
from registers.core.settings import load_settings
from registers.core.spec import RECEIPTS
from registers.demo.common import Planted
from registers.demo.fees import FEE_FILE
from registers.office.load import load_office

FOLDER = "对账单"
SEED = 20261130 + 10
MERCHANT_ID = "1612345678"
APP_ID = "wx8a3f2b7c91d0e456"
ALIPAY_ACCOUNT = "20881234567890120156"
BANK_ACCOUNT = "1303 0112 0900 0123 456"
OFFICE_NAME = "蚌埠阿尔卡迪亚物业服务有限公司"
AS_OF = datetime(2026, 11, 30, 23, 59)

# planted (receipt numbers of the demo ledger)
UNPAID = "NO.0012054"  # 10-27 微信 电费: nothing arrived
WRONG_CHANNEL = "NO.0012119"  # 11-20 支付宝 物业服务费: really paid by WeChat
REFUNDED = "NO.0012097"  # 11-12 微信 水费: refunded on 11-14, ledger untouched
REUSE_PERMIT = "ZX2026-023"  # fee and deposit receipts both name it; one transfer (the deposit) arrived
EXTRA_PARKING = (datetime(2026, 11, 18, 19, 42, 11), 15000)  # WeChat payment nobody recorded
CUT_DAY = date(2026, 11, 29)  # the day of the truncated re-download

WECHAT_HEADER = ",".join((
    "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识", "交易类型",
    "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号", "商户退款单号", "退款金额",
    "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包", "手续费", "费率", "订单金额", "申请退款金额",
    "费率备注"))
WECHAT_SUMMARY = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
ALIPAY_HEADER = ("账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,"
                 "账户余额（元）,交易渠道,业务类型,备注")
BANK_HEADER = "交易日期,交易时间,摘要,借方发生额,贷方发生额,余额,对方户名,对方账号,交易流水号,附言"


@dataclass
class Pay:
    """One platform payment to write: the receipts it pays (empty for an unrecorded one)."""

    channel: str  # 微信 / 支付宝 / 银行
    at: datetime
    amount: int  # fen
    unit: str
    payer: str
    item: str
    receipts: tuple[str, ...]
    memo: str = ""
    method: str = ""
    refund_at: datetime | None = None
    planted: str | None = None  # rule id planted on this payment's line


def yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:.2f}"


def fee_of(fen: int) -> int:
    """The platforms' 0.6 % service fee, to the fen."""
    return int((Decimal(fen) * Decimal("0.006")).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _receipts(dest: Path) -> tuple[list[dict[str, Any]], Any]:
    office = load_office(dest, load_settings(dest), Period(date(2026, 10, 1), date(2026, 11, 30)), AS_OF)
    r = office.frame(RECEIPTS)
    live = r[(r["status"] != "作废").fillna(True) & r["method"].isin(["微信", "支付宝", "银行卡", "转账"])
             & r["amount"].notna() & (r["amount"].fillna(0) > 0) & r["paid_at"].notna()]
    live = live.sort_values(["paid_at", "receipt_no"])
    records: list[dict[str, Any]] = [{str(k): v for k, v in rec.items()} for rec in live.to_dict("records")]
    return records, office


def _payments(rows: list[dict[str, Any]], rng: random.Random) -> list[Pay]:
    channel = {"微信": "微信", "支付宝": "支付宝", "银行卡": "银行", "转账": "银行"}
    pays: list[Pay] = []
    used: set[str] = set()
    for i, r in enumerate(rows):
        no = str(r["receipt_no"])
        if no in used or no == UNPAID:
            continue
        at: datetime = r["paid_at"].to_pydatetime()
        together = [r]
        # a renovation fee and deposit paid at once: the next receipt, same unit, same method, a minute later
        if r["item"] == "装修管理费" and i + 1 < len(rows):
            nxt = rows[i + 1]
            if nxt["item"] == "装修押金" and nxt["unit"] == r["unit"] and nxt["method"] == r["method"]:
                together.append(nxt)
        note = str(r["note"]) if isinstance(r["note"], str) else ""
        if note == REUSE_PERMIT:
            # the owner transferred only the deposit and wrote the permit in the memo; both receipts name it
            deposit = next(x for x in rows if x["note"] == REUSE_PERMIT and x["item"] == "装修押金")
            used.update(str(x["receipt_no"]) for x in rows if x["note"] == REUSE_PERMIT)
            pays.append(Pay("银行", deposit["paid_at"].to_pydatetime() + timedelta(minutes=4, seconds=12),
                            int(deposit["amount"]), str(r["unit"]), str(r["payer"]), "装修押金",
                            (str(deposit["receipt_no"]),), memo=f"{REUSE_PERMIT}装修押金 {r['unit']}",
                            method="转账"))
            continue
        used.update(str(x["receipt_no"]) for x in together)
        if at.time() == time(0, 0):  # a date-only receipt: paid some time that day
            at = at.replace(hour=rng.randint(9, 16), minute=rng.randint(0, 59), second=rng.randint(0, 59))
        else:
            last = together[-1]["paid_at"].to_pydatetime()
            at = last + timedelta(seconds=rng.randint(-150, 290))
        ch = channel[str(r["method"])]
        if no == WRONG_CHANNEL:
            ch = "微信"
        pay = Pay(ch, at, sum(int(x["amount"]) for x in together), str(r["unit"]), str(r["payer"]),
                  "、".join(str(x["item"]) for x in together), tuple(str(x["receipt_no"]) for x in together),
                  method=str(r["method"]))
        if no == WRONG_CHANNEL:
            pay.planted = "fee.payment-unrecorded"
            pay.receipts = ()
        if no == REFUNDED:
            pay.refund_at = datetime.combine(at.date() + timedelta(days=2), time(10, 5, 33))
        pays.append(pay)
    at, amount = EXTRA_PARKING
    pays.append(Pay("微信", at, amount, "", "", "停车费", (), planted="fee.payment-unrecorded"))
    return sorted(pays, key=lambda p: (p.at, p.amount))


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _openid(rng: random.Random) -> str:
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "oX2pL" + "".join(rng.choice(chars) for _ in range(23))


# ---------------------------------------------------------------- WeChat Pay


def _wechat_bill(pays: list[Pay], rng: random.Random, month: int) -> tuple[list[str], dict[int, str], list[str]]:
    """Lines of one month's trade bill, the planted rule per line number, and the 11-29 detail lines."""
    events: list[tuple[datetime, str, Pay]] = []
    for p in pays:
        if p.channel != "微信":
            continue
        if p.at.month == month:
            events.append((p.at, "SUCCESS", p))
        if p.refund_at and p.refund_at.month == month:
            events.append((p.refund_at, "REFUND", p))
    events.sort(key=lambda e: (e[0], e[1]))
    lines = [WECHAT_HEADER]
    planted: dict[int, str] = {}
    cut_day: list[str] = []
    ids: dict[int, tuple[str, str, str]] = {}
    totals = {"n": 0, "settle": 0, "refund": 0, "fee": 0, "order": 0, "asked": 0}
    for at, status, p in events:
        if id(p) not in ids:
            ids[id(p)] = (f"4200002{_digits(rng, 3)}{p.at:%Y%m%d}{_digits(rng, 10)}",
                          f"WY{p.at:%Y%m%d%H%M%S}{_digits(rng, 4)}", _openid(rng))
        order, merchant, openid = ids[id(p)]
        fee = fee_of(p.amount)
        if status == "SUCCESS":
            fields = [f"{at:%Y-%m-%d %H:%M:%S}", APP_ID, MERCHANT_ID, "0", "", order, merchant, openid, "NATIVE",
                      "SUCCESS", "OTHERS", "CNY", yuan(p.amount), "0.00", "0", "0", "0.00", "0.00", "", "",
                      f"物业缴费-{p.item}", p.unit, yuan(fee), "0.60%", yuan(p.amount), "0.00", ""]
            totals["settle"] += p.amount
            totals["order"] += p.amount
        else:
            fields = [f"{at:%Y-%m-%d %H:%M:%S}", APP_ID, MERCHANT_ID, "0", "", order, merchant, openid, "NATIVE",
                      "REFUND", "OTHERS", "CNY", "0.00", "0.00",
                      f"5030000{_digits(rng, 3)}{at:%Y%m%d}{_digits(rng, 11)}",
                      f"TK{at:%Y%m%d%H%M%S}{_digits(rng, 4)}", yuan(p.amount), "0.00", "ORIGINAL", "SUCCESS",
                      f"物业缴费-{p.item}", p.unit, yuan(-fee), "0.60%", "0.00", yuan(p.amount), ""]
            fee = -fee
            totals["refund"] += p.amount
            totals["asked"] += p.amount
        totals["n"] += 1
        totals["fee"] += fee
        line = ",".join("`" + f for f in fields)
        lines.append(line)
        if status == "REFUND":
            planted[len(lines)] = "fee.refund-unrecorded"
        elif p.planted:
            planted[len(lines)] = p.planted
        if at.date() == CUT_DAY:
            cut_day.append(line)
    lines.append(WECHAT_SUMMARY)
    lines.append(",".join("`" + yuan(v) if k != "n" else f"`{v}" for k, v in (
        ("n", totals["n"]), ("settle", totals["settle"]), ("refund", totals["refund"]), ("voucher", 0),
        ("fee", totals["fee"]), ("order", totals["order"]), ("asked", totals["asked"]))))
    return lines, planted, cut_day


# ---------------------------------------------------------------- Alipay


def _alipay_statement(pays: list[Pay], rng: random.Random, month: int, balance: int) -> tuple[list[str], int]:
    start = date(2026, month, 1)
    end = date(2026, month + 1, 1)
    lines = [
        "#支付宝账务明细查询",
        f"#账号：[{ALIPAY_ACCOUNT}]",
        f"#起始日期：[{start:%Y年%m月%d日} 00:00:00]   终止日期：[{end:%Y年%m月%d日} 00:00:00]",
        "#-----------------------------------------账务明细列表----------------------------------------",
        ALIPAY_HEADER,
    ]
    n_in = n_out = s_in = s_out = 0
    for p in pays:
        if p.channel != "支付宝" or p.at.month != month:
            continue
        trade = f"{p.at:%Y%m%d}22001{_digits(rng, 3)}{_digits(rng, 12)}"
        merchant = f"WY{p.at:%Y%m%d%H%M%S}{_digits(rng, 4)}"
        payer = f"{_digits(rng, 3)}****{_digits(rng, 4)}"
        balance += p.amount
        lines.append(",".join([f"{p.at:%Y%m%d}{_digits(rng, 18)}\t", f"{trade}\t", f"{merchant}\t",
                               f"物业缴费-{p.item}", f"{p.at:%Y-%m-%d %H:%M:%S}", payer, yuan(p.amount), "",
                               yuan(balance), "支付宝", "在线支付", p.unit]))
        n_in, s_in = n_in + 1, s_in + p.amount
        fee = fee_of(p.amount)
        balance -= fee
        fee_at = p.at + timedelta(seconds=1)
        lines.append(",".join([f"{fee_at:%Y%m%d}{_digits(rng, 18)}\t", f"{trade}\t", f"{merchant}\t",
                               f"物业缴费-{p.item}", f"{fee_at:%Y-%m-%d %H:%M:%S}", "", "", yuan(-fee),
                               yuan(balance), "支付宝", "收费", "交易服务费[0.6%]"]))
        n_out, s_out = n_out + 1, s_out + fee
    lines += [
        "#-----------------------------------------账务明细列表结束------------------------------------",
        f"#支出合计：{n_out}笔，共-{yuan(s_out)}元",
        f"#收入合计：{n_in}笔，共{yuan(s_in)}元",
        f"#导出时间：[{end:%Y年%m月%d日} 09:12:30]",
    ]
    return lines, balance


# ---------------------------------------------------------------- bank


def _bank_statement(pays: list[Pay], rng: random.Random) -> tuple[list[str], dict[int, str]]:
    lines = [
        "中国建设银行 单位客户账户明细",
        f"账号：{BANK_ACCOUNT},户名：{OFFICE_NAME}",
        "起止日期：2026-10-01 至 2026-11-30,币种：人民币",
        BANK_HEADER,
    ]
    balance = 38_650_00
    debits = [(datetime(2026, 10, 10, 15, 2, 10), 128000, "蚌埠洁美保洁服务部", "保洁用品采购"),
              (datetime(2026, 10, 25, 10, 31, 44), 350000, "蚌埠绿源园林工程有限公司", "10月绿化养护"),
              (datetime(2026, 10, 30, 16, 5, 3), 420000, "安徽迅达电梯工程有限公司", "10月电梯维保"),
              (datetime(2026, 11, 28, 14, 40, 52), 420000, "安徽迅达电梯工程有限公司", "11月电梯维保")]
    events: list[tuple[datetime, int, str, str, str]] = [
        (at, -amount, name, memo, "网银转账") for at, amount, name, memo in debits]
    for p in pays:
        if p.channel == "银行":
            kind = "POS消费" if p.method == "银行卡" else "转账存入"
            events.append((p.at, p.amount, p.payer, p.memo or f"{p.unit} {p.item}", kind))
    events.sort(key=lambda e: (e[0], e[1]))
    for at, amount, name, memo, kind in events:
        balance += amount
        debit, credit = (yuan(-amount), "") if amount < 0 else ("", yuan(amount))
        lines.append(",".join([f"{at:%Y-%m-%d}", f"{at:%H:%M:%S}", kind, debit, credit, yuan(balance), name,
                               f"6222{_digits(rng, 4)}****{_digits(rng, 4)}", f"HQ{at:%Y%m%d}{_digits(rng, 8)}",
                               memo]))
    lines.append(f"合计,,,{yuan(sum(-a for _, a, *_ in events if a < 0))},"
                 f"{yuan(sum(a for _, a, *_ in events if a > 0))},,,,,")
    return lines, {}


# ---------------------------------------------------------------- entry point


def _write(path: Path, lines: list[str], encoding: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def write_demo_statements(dest: Path, planted: list[Planted]) -> list[Planted]:
    """Write the demo office's statements into ``dest/对账单/`` and append their planted findings to ``planted``."""
    dest = Path(dest)
    rows, office = _receipts(dest)
    rng = random.Random(SEED)
    pays = _payments(rows, rng)
    sheet_of = {str(r["receipt_no"]): (office.sources[int(r["_src"])], int(r["_row"])) for r in rows}

    def plant_receipt(rule: str, no: str, note: str) -> None:
        src, row = sheet_of[no]
        planted.append(Planted(rule, src.file, src.sheet, row, note))

    folder = dest / FOLDER
    cut: list[str] = []
    for month in (10, 11):
        rel = f"{FOLDER}/微信支付交易账单_{MERCHANT_ID}_2026{month:02d}.csv"
        lines, plants, cut_day = _wechat_bill(pays, rng, month)
        _write(dest / rel, lines, "utf-8-sig")
        for line, rule in plants.items():
            planted.append(Planted(rule, rel, "", line, f"WeChat bill line {line}"))
        cut += cut_day
    balance = 12_408_37
    for month in (10, 11):
        lines, balance = _alipay_statement(pays, rng, month, balance)
        _write(folder / f"{ALIPAY_ACCOUNT}0156_2026{month:02d}_账务明细.csv", lines, "gbk")
    lines, _ = _bank_statement(pays, rng)
    _write(folder / "建行对公账户明细_2026年10-11月.csv", lines, "utf-8")

    # a one-day bill downloaded again and cut off by the network halfway through a line
    assert cut, "the demo needs a WeChat payment on the day of the cut-off bill"
    rel = f"{FOLDER}/微信支付交易账单_{MERCHANT_ID}_{CUT_DAY:%Y%m%d}(1).csv"
    lines = [WECHAT_HEADER, *cut, cut[-1][:37]]
    _write(dest / rel, lines, "utf-8-sig")
    planted.append(Planted("fee.statement-incomplete", rel, "", len(lines), "WeChat bill cut off mid-line"))

    plant_receipt("fee.payment-unmatched", UNPAID, "微信 receipt that no WeChat payment pays")
    plant_receipt("fee.payment-unmatched", WRONG_CHANNEL, "支付宝 receipt paid by WeChat in fact")
    reuse = next(str(r["receipt_no"]) for r in rows if r["note"] == REUSE_PERMIT and r["item"] == "装修管理费")
    plant_receipt("fee.payment-reused", reuse, f"fee receipt claims the {REUSE_PERMIT} deposit transfer")
    assert sheet_of[UNPAID][0].file == FEE_FILE
    return planted

"""Non-cash receipts against WeChat Pay, Alipay and bank statements (shared/spec/payments.md)."""

from __future__ import annotations

import argparse
import random
import re
import string
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registers.core.payment_settings import BankMapping, PaymentSettings, parse_payments, window_minutes
from registers.core.period import Period
from registers.core.settings import load_settings
from registers.demo.common import Planted
from registers.demo.office import write_demo
from registers.demo.statements import write_demo_statements
from registers.i18n import _format_arg
from registers.io.statements import parse_lines, read_statement_bytes, read_statements
from registers.io.statements.fields import declared_range, reference_tokens
from registers.io.statements.model import BAD_LINE, SUMMARY, TRUNCATED, Statements, combine
from registers.office.load import load_office
from registers.rules import payments as rules
from registers.views.payments import reconcile_frames

RULES = (rules.payment_unmatched, rules.payment_reused, rules.payment_unrecorded, rules.refund_unrecorded,
         rules.statement_incomplete)
RULE_IDS = {r.id for r in RULES}
AS_OF = datetime(2026, 11, 30, 23, 59)

WECHAT_HEADER = ("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
                 "货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,"
                 "商户数据包,手续费,费率,订单金额,申请退款金额,费率备注")
OLD_WECHAT_HEADER = ("交易时间,公众账号ID,商户号,子商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
                     "货币种类,总金额,代金券或立减优惠金额,微信退款单号,商户退款单号,退款金额,代金券或立减优惠退款金额,退款类型,"
                     "退款状态,商品名称,商户数据包,手续费,费率")


def fen(yuan: str) -> int:
    return round(float(yuan) * 100)


def wechat_line(at: str, order: str, amount: str, status: str = "SUCCESS", refund: str = "0.00",
                refund_no: str = "0", old: bool = False) -> str:
    fee = f"{fen(amount) * 6 // 1000 / 100:.2f}"
    settle = amount if status == "SUCCESS" else "0.00"
    fields = [at, "wx2421b1c4370ec43b", "10000100", "0", "", order, f"M{order[-8:]}", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
              "NATIVE", status, "CMC", "CNY", settle, "0.00", refund_no, "0", refund, "0.00", "", "", "物业费", "", fee,
              "0.60%"]
    if not old:
        fields += [settle, refund, ""]
    return ",".join("`" + f for f in fields)


def wechat_bill(lines: Sequence[str], *, old: bool = False, count: int | None = None,
                total: str | None = None) -> str:
    """A trade bill with its summary computed from the detail lines (or overridden)."""
    n = len(lines)
    settle = sum(fen(line.split(",")[12].lstrip("`")) for line in lines)
    refund = sum(fen(line.split(",")[16].lstrip("`")) for line in lines)
    fees = sum(fen(line.split(",")[22].lstrip("`")) for line in lines)
    header = OLD_WECHAT_HEADER if old else WECHAT_HEADER
    summary = ("总交易单数,总交易额,总退款金额,总代金券或立减优惠退款金额,手续费总金额" if old else
               "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额")
    values = [str(count if count is not None else n), total or f"{settle / 100:.2f}", f"{refund / 100:.2f}", "0.00",
              f"{fees / 100:.2f}"]
    if not old:
        values += [f"{settle / 100:.2f}", f"{refund / 100:.2f}"]
    return "\r\n".join([header, *lines, summary, ",".join("`" + v for v in values)]) + "\r\n"


ALIPAY_HEADER = ("账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,"
                 "账户余额（元）,交易渠道,业务类型,备注")


def alipay_statement(rows: Sequence[tuple[str, str, str, str, str]], *, footer: bool = True,
                     income_total: str | None = None) -> str:
    """rows: (serial, trade no, time, income, spent, kind) → an 账务明细 CSV with its # lines."""
    lines = ["#支付宝账务明细查询", "#账号：[20881234567890120156]",
             "#起始日期：[2026年11月01日 00:00:00]   终止日期：[2026年12月01日 00:00:00]",
             "#-----------------------------------------账务明细列表----------------------------------------",
             ALIPAY_HEADER]
    n_in = n_out = s_in = s_out = 0
    for serial, trade, at, income, spent_kind in rows:
        spent, kind = spent_kind.split("|") if "|" in spent_kind else ("", spent_kind)
        lines.append(f"{serial}\t,{trade}\t,M{trade[-6:]}\t,物业费,{at},138****8000,{income},{spent},1000.00,支付宝,"
                     f"{kind},")
        if income:
            n_in, s_in = n_in + 1, s_in + fen(income)
        if spent:
            n_out, s_out = n_out + 1, s_out + abs(fen(spent))
    if footer:
        lines += ["#-----------------------------------------账务明细列表结束------------------------------------",
                  f"#支出合计：{n_out}笔，共-{s_out / 100:.2f}元",
                  f"#收入合计：{n_in}笔，共{income_total or f'{s_in / 100:.2f}'}元",
                  "#导出时间：[2026年12月01日 09:12:30]"]
    return "\r\n".join(lines) + "\r\n"


def receipts_frame(rows: Sequence[tuple[str, str, str, int, str]], notes: dict[str, str] | None = None,
                   status: dict[str, str] | None = None) -> pd.DataFrame:
    """(receipt_no, paid_at, unit, amount fen, method) → a receipts frame as the reader gives it."""
    notes, status = notes or {}, status or {}
    return pd.DataFrame({
        "receipt_no": pd.Series([r[0] for r in rows], dtype="string"),
        "paid_at": pd.Series([pd.Timestamp(r[1]) for r in rows], dtype="datetime64[us]"),
        "unit": pd.Series([r[2] for r in rows], dtype="string"),
        "item": pd.Series(["物业服务费"] * len(rows), dtype="string"),
        "amount": pd.Series([r[3] for r in rows], dtype="Int64"),
        "method": pd.Series([r[4] for r in rows], dtype="string"),
        "status": pd.Series([status.get(r[0], "正常") for r in rows], dtype="string"),
        "note": pd.Series([notes.get(r[0]) for r in rows], dtype="string"),
    })


NOV = (date(2026, 11, 1), date(2026, 11, 30))


def pairs_of(receipts: pd.DataFrame, stmts: Statements, window: int = 30) -> dict[str, tuple[str, Any]]:
    recon = reconcile_frames(receipts, stmts, *NOV, window)
    p = recon.payments
    out: dict[str, tuple[str, Any]] = {}
    for _, row in recon.receipts.iterrows():
        pid = row["pid"] if not pd.isna(row["pid"]) else row["claimed"]
        out[str(row["receipt_no"])] = (row["status"], None if pd.isna(pid) else p.at[int(pid), "order_no"])
    return out


# ---------------------------------------------------------------- reading statements


def test_wechat_bill_utf8_bom_and_gbk_read_alike() -> None:
    text = wechat_bill([wechat_line("2026-11-03 10:15:02", "4200001234202611031234567890", "120.00"),
                        wechat_line("2026-11-03 11:00:00", "4200001234202611031234567891", "50.00")])
    a = read_statement_bytes(text.encode("utf-8-sig"), "对账单/a.csv")
    b = read_statement_bytes(text.encode("gbk"), "对账单/b.csv")
    for s in (a, b):
        assert [st.complete for st in s.statements] == [True]
        assert list(s.payments["order_no"]) == ["4200001234202611031234567890", "4200001234202611031234567891"]
        assert list(s.payments["amount"]) == [12000, 5000]
        assert list(s.payments["line"]) == [2, 3]  # the header is line 1
        assert list(s.payments["fee"]) == [72, 30]
        assert s.payments["at"].iloc[0] == pd.Timestamp("2026-11-03 10:15:02")
    assert (a.statements[0].first_day, a.statements[0].last_day) == (date(2026, 11, 3), date(2026, 11, 3))


def test_old_wechat_bill_with_total_amount_column() -> None:
    text = wechat_bill([wechat_line("2026-11-04 09:00:00", "4200009", "88.00", old=True)], old=True)
    s = read_statement_bytes(text.encode("utf-8"), "x.csv")
    assert s.statements[0].complete
    assert list(s.payments["amount"]) == [8800]


def test_recognised_by_header_not_name_and_other_csv_ignored(tmp_path: Path) -> None:
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "export (3).txt").write_bytes(
        wechat_bill([wechat_line("2026-11-04 09:00:00", "4200009", "88.00")]).encode("utf-8-sig"))
    (tmp_path / "微信账单.csv").write_text("姓名,电话\n张三,138\n", encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "old.csv").write_bytes((tmp_path / "downloads" / "export (3).txt").read_bytes())
    s = read_statements(tmp_path)
    assert [(st.file, st.platform) for st in s.statements] == [("downloads/export (3).txt", "wechat")]


def test_summary_that_disagrees_is_incomplete() -> None:
    lines = [wechat_line("2026-11-03 10:15:02", "4200001", "120.00")]
    s = read_statement_bytes(wechat_bill(lines, count=2).encode("utf-8"), "x.csv").statements[0]
    assert (s.problem, s.problem_line) == (SUMMARY, 4)
    s = read_statement_bytes(wechat_bill(lines, total="130.00").encode("utf-8"), "x.csv").statements[0]
    assert s.problem == SUMMARY


@pytest.mark.slow
def test_truncated_wechat_bill_is_incomplete_never_a_crash() -> None:
    text = wechat_bill([wechat_line("2026-11-03 10:15:02", "4200001", "120.00"),
                        wechat_line("2026-11-03 11:15:02", "4200002", "20.00")])
    data = text.encode("utf-8-sig")
    for cut in range(len(WECHAT_HEADER.encode()) + 10, len(data) - 5, 7):
        s = read_statement_bytes(data[:cut], "x.csv")
        assert len(s.statements) == 1
        # never a silent partial read: either incomplete, or every detail is there (a cut inside the
        # summary's last figure can leave it equal, ``140.0`` for ``140.00``)
        assert not s.statements[0].complete or len(s.payments) == 2, cut
        assert s.statements[0].problem in (None, TRUNCATED, BAD_LINE, SUMMARY)
        if cut < data.index("总交易单数".encode()):
            assert not s.statements[0].complete, cut


def test_alipay_statement_gbk_with_comment_lines_fees_and_refund() -> None:
    text = alipay_statement([
        ("20261103200040011100260012345670", "2026110322001412341234567890", "2026-11-03 10:15:02", "300.00", ""),
        ("20261103200040011100260012345671", "2026110322001412341234567890", "2026-11-03 10:15:03", "",
         "-1.80|收费"),
        ("20261105200040011100260012345672", "2026110522001412341234567891", "2026-11-05 09:00:00", "", "-50.00|交易退款"),
    ])
    s = read_statement_bytes(text.encode("gbk"), "x.csv")
    st_ = s.statements[0]
    assert st_.complete and st_.platform == "alipay"
    assert (st_.first_day, st_.last_day) == (date(2026, 11, 1), date(2026, 11, 30))  # end 12-01 00:00 is exclusive
    p = s.payments
    assert list(p["kind"]) == ["payment", "refund"]
    assert list(p["amount"]) == [30000, 5000]
    assert p["fee"].iloc[0] == 180
    assert p["order_no"].iloc[0] == "2026110322001412341234567890"  # the tab padding is gone
    assert list(p["line"]) == [6, 8]


def test_alipay_without_its_footer_or_with_a_wrong_total_is_incomplete() -> None:
    rows = [("2026110320004001", "2026110322001412341234567890", "2026-11-03 10:15:02", "300.00", "")]
    s = read_statement_bytes(alipay_statement(rows, footer=False).encode("gbk"), "x.csv").statements[0]
    assert s.problem == TRUNCATED
    s = read_statement_bytes(alipay_statement(rows, income_total="310.00").encode("gbk"), "x.csv").statements[0]
    assert s.problem == SUMMARY and s.problem_line == 9


def test_bank_statement_through_the_builtin_and_a_configured_mapping() -> None:
    builtin = "\r\n".join([
        "账号：6222 0000 1111,起止日期：2026-11-01 至 2026-11-30",
        "交易日期,交易时间,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号,附言",
        "2026-11-03,10:15:02,转账存入,,2300.00,5000.00,王芳,HQ001,ZX2026-023 装修",
        "2026-11-04,11:00:00,网银转账,100.00,,4900.00,保洁公司,HQ002,",
        "合计,,,100.00,2300.00,,,,",
    ]).encode("gbk")
    s = read_statement_bytes(builtin, "bank.csv")
    assert s.statements[0].complete
    assert (s.statements[0].first_day, s.statements[0].last_day) == (date(2026, 11, 1), date(2026, 11, 30))
    assert list(s.payments["amount"]) == [230000]
    assert "ZX2026-023" in s.payments["refs"].iloc[0]
    custom = "\r\n".join(["入账时间,收款金额,付款方,银行流水", "2026/11/03 10:15,\"¥1,234.50\",李四,B77"]).encode("utf-8")
    assert read_statement_bytes(custom, "b.csv").statements == []
    mapping = PaymentSettings(banks=(BankMapping(date=("入账时间",), time=(), amount_in=("收款金额",),
                                                 counterparty=("付款方",), reference=("银行流水",), memo=()),))
    s = read_statement_bytes(custom, "b.csv", mapping)
    assert list(s.payments["amount"]) == [123450] and list(s.payments["order_no"]) == ["B77"]


def test_excel_statement_rows_are_worksheet_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws.append(["XX银行账户明细"])
    ws.append(["交易日期", "交易时间", "贷方发生额", "对方户名", "交易流水号"])
    ws.append([datetime(2026, 11, 3), "10:15:02", 2300, "王芳", "HQ001"])
    wb.save(tmp_path / "bank.xlsx")
    s = read_statements(tmp_path)
    assert [(x.file, x.sheet) for x in s.statements] == [("bank.xlsx", "明细")]
    assert list(s.payments["line"]) == [3]


def test_reference_tokens_and_declared_range() -> None:
    assert reference_tokens("微信单号4200001234202611031234567890 ZX2026-023") == (
        "4200001234202611031234567890", "ZX2026-023")
    assert reference_tokens("2026-11-03 3-2-1501 13800138000 2300.00 预交两年") == ()
    assert declared_range(["起始时间：[2026-11-01 00:00:00] 终止时间：[2026-11-30 23:59:59]"]) == (
        date(2026, 11, 1), date(2026, 11, 30))


def test_payment_settings_from_toml() -> None:
    s = parse_payments({"bank": {"date": "入账时间", "amount_in": ["收款金额", "贷方"]}}, "registers.toml")
    assert s.banks[0].amount_in == ("收款金额", "贷方") and s.banks[0].memo == ()
    bad: dict[str, Any]
    for bad in ({"bank": {"date": "x"}}, {"bank": {"date": "x", "amount_in": 3}}, {"banks": {}},
                {"bank": {"date": "x", "amount_in": "y", "colour": "z"}}):
        with pytest.raises(ValueError, match="payments"):
            parse_payments(bad, "registers.toml")
    assert window_minutes(load_settings(Path("/nonexistent"))) == 30


def test_a_bad_payments_setting_is_said_in_the_users_language(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Not "配置错误：" followed by English (issue 23): the key and what it needs, in Chinese by default."""
    from registers.cli.main import main

    (tmp_path / "registers.toml").write_text('[payments.bank]\ndate = "交易日期"\n', encoding="utf-8")
    assert main(["check", str(tmp_path), "--month", "2026-11"]) == 2
    err = capsys.readouterr().err
    assert "“payments.bank” 需要 amount_in（该列的表头文字）" in err and "needs" not in err
    assert main(["check", str(tmp_path), "--month", "2026-11", "--lang", "en"]) == 2
    assert "'payments.bank' needs 'amount_in'" in capsys.readouterr().err


# ---------------------------------------------------------------- matching


def _stmts(lines: Sequence[str]) -> Statements:
    return read_statement_bytes(wechat_bill(lines).encode("utf-8"), "w.csv")


def test_window_edges_a_minute_inside_matches_a_minute_outside_does_not() -> None:
    receipts = receipts_frame([("NO.1", "2026-11-03 10:00", "1-1-101", 12000, "微信"),
                               ("NO.2", "2026-11-03 15:00", "1-1-102", 5000, "微信")])
    stmts = _stmts([wechat_line("2026-11-03 10:29:00", "4200001", "120.00"),
                    wechat_line("2026-11-03 15:31:00", "4200002", "50.00")])
    got = pairs_of(receipts, stmts)
    assert got["NO.1"] == ("matched", "4200001")
    assert got["NO.2"] == ("unmatched", None)
    assert pairs_of(receipts, stmts, window=31)["NO.2"] == ("matched", "4200002")


def test_a_date_only_receipt_matches_the_whole_day() -> None:
    receipts = receipts_frame([("NO.1", "2026-11-03", "1-1-101", 12000, "微信")])
    stmts = _stmts([wechat_line("2026-11-03 21:45:00", "4200001", "120.00")])
    assert pairs_of(receipts, stmts)["NO.1"] == ("matched", "4200001")


def test_one_payment_covers_a_renovation_fee_and_deposit() -> None:
    receipts = receipts_frame([("NO.1", "2026-11-03 10:00", "2-2-601", 30000, "微信"),
                               ("NO.2", "2026-11-03 10:01", "2-2-601", 200000, "微信"),
                               ("NO.3", "2026-11-03 10:02", "3-1-101", 30000, "微信")])
    stmts = _stmts([wechat_line("2026-11-03 10:03:00", "4200001", "2300.00")])
    got = pairs_of(receipts, stmts)
    assert got["NO.1"] == got["NO.2"] == ("matched", "4200001")
    assert got["NO.3"][0] == "unmatched"  # another unit's receipt is not part of the group


def test_a_reference_in_the_note_decides() -> None:
    receipts = receipts_frame([("NO.1", "2026-11-03 10:00", "1-1-101", 12000, "微信"),
                               ("NO.2", "2026-11-03 10:01", "1-1-102", 12000, "微信")],
                              notes={"NO.2": "微信单号 4200001234202611030000000001"})
    stmts = _stmts([wechat_line("2026-11-03 10:00:30", "4200001234202611030000000001", "120.00"),
                    wechat_line("2026-11-03 16:00:00", "4200001234202611030000000002", "120.00")])
    got = pairs_of(receipts, stmts)
    # by time alone NO.1 would take the 10:00 payment; NO.2's reference gives it to NO.2
    assert got["NO.2"] == ("matched", "4200001234202611030000000001")
    assert got["NO.1"] == ("reused", "4200001234202611030000000001")


def test_two_receipts_one_payment_is_reuse_and_extra_payment_is_unrecorded() -> None:
    receipts = receipts_frame([("NO.1", "2026-11-03 10:00", "1-1-101", 12000, "微信"),
                               ("NO.2", "2026-11-03 10:05", "1-1-102", 12000, "微信")])
    stmts = _stmts([wechat_line("2026-11-03 10:01:00", "4200001", "120.00"),
                    wechat_line("2026-11-03 20:00:00", "4200002", "66.00")])
    recon = reconcile_frames(receipts, stmts, *NOV)
    assert dict(zip(recon.receipts["receipt_no"], recon.receipts["status"], strict=True)) == {
        "NO.1": "matched", "NO.2": "reused"}
    assert dict(zip(recon.payments["order_no"], recon.payments["status"], strict=True)) == {
        "4200001": "matched", "4200002": "unrecorded"}


def test_refund_recorded_by_a_voided_or_negative_receipt() -> None:
    lines = [wechat_line("2026-11-03 10:01:00", "4200001", "120.00"),
             wechat_line("2026-11-05 09:00:00", "4200001", "0.00", status="REFUND", refund="120.00", refund_no="5001"),
             wechat_line("2026-11-06 10:00:00", "4200002", "50.00"),
             wechat_line("2026-11-07 09:00:00", "4200002", "0.00", status="REFUND", refund="50.00", refund_no="5002"),
             wechat_line("2026-11-08 10:00:00", "4200003", "30.00"),
             wechat_line("2026-11-09 09:00:00", "4200003", "0.00", status="REFUND", refund="30.00", refund_no="5003")]
    receipts = receipts_frame([("NO.1", "2026-11-03 10:00", "1-1-101", 12000, "微信"),
                               ("NO.2", "2026-11-06 10:00", "1-1-102", 5000, "微信"),
                               ("NO.3", "2026-11-07 09:05", "1-1-102", -5000, "微信"),
                               ("NO.4", "2026-11-08 10:00", "1-1-103", 3000, "微信")],
                              status={"NO.1": "作废"})
    recon = reconcile_frames(receipts, _stmts(lines), *NOV)
    refunds = recon.payments[recon.payments["kind"] == "refund"]
    assert dict(zip(refunds["refund_no"], refunds["status"], strict=True)) == {
        "5001": "recorded", "5002": "recorded", "5003": "unrecorded"}
    # the voided receipt's payment was refunded in full: not money received and unrecorded
    assert recon.payments.set_index(["order_no", "kind"]).at[("4200001", "payment"), "status"] == "refunded"


def test_a_day_with_no_statement_is_uncovered_not_unmatched() -> None:
    receipts = receipts_frame([("NO.1", "2026-11-03 10:00", "1-1-101", 12000, "微信"),
                               ("NO.2", "2026-11-03 10:00", "1-1-101", 12000, "支付宝")])
    stmts = _stmts([wechat_line("2026-11-03 22:00:00", "4200001", "99.00")])
    recon = reconcile_frames(receipts, stmts, *NOV)
    assert list(recon.receipts["status"]) == ["unmatched", "uncovered"]
    assert [(c, d.date()) for c, d in zip(recon.uncovered["channel"], recon.uncovered["day"], strict=True)] == [
        ("支付宝", date(2026, 11, 3))]


def test_a_statement_whose_summary_disagrees_still_covers_its_days() -> None:
    """Issue 21, item 7: the disagreement is the statement's own finding; its days' receipts are judged as any —
    an unpaid receipt is unmatched, two receipts claiming one payment are reuse — not all set aside as on a day no
    statement covers.  A statement cut off before its summary covers nothing (its lines may be missing)."""
    receipts = receipts_frame([("NO.1", "2026-11-03 10:00", "1-1-101", 12000, "微信"),
                               ("NO.2", "2026-11-03 15:00", "1-1-102", 5000, "微信"),
                               ("NO.3", "2026-11-04 09:00", "1-1-103", 8000, "微信"),
                               ("NO.4", "2026-11-04 09:05", "1-1-103", 8000, "微信")])
    lines = [wechat_line("2026-11-03 10:02:00", "4200001", "120.00"),
             wechat_line("2026-11-04 09:01:00", "4200002", "80.00")]
    bill = wechat_bill(lines, count=3)
    disagreeing = read_statement_bytes(bill.encode("utf-8-sig"), "w.csv")
    assert disagreeing.statements[0].problem == SUMMARY
    recon = reconcile_frames(receipts, disagreeing, *NOV)
    assert dict(zip(recon.receipts["receipt_no"], recon.receipts["status"], strict=True)) == {
        "NO.1": "matched", "NO.2": "unmatched", "NO.3": "matched", "NO.4": "reused"}
    assert recon.uncovered.empty

    cut = read_statement_bytes(bill[:bill.index("总交易单数")].encode("utf-8-sig"), "w.csv")
    assert cut.statements[0].problem == TRUNCATED
    recon = reconcile_frames(receipts, cut, *NOV)
    assert dict(zip(recon.receipts["receipt_no"], recon.receipts["status"], strict=True))["NO.2"] == "uncovered"
    assert [d.date() for d in recon.uncovered["day"]] == [date(2026, 11, 3)]


# ---------------------------------------------------------------- order never matters

_AMOUNTS = ("50.00", "120.00", "150.00", "300.00", "2000.00", "2300.00")


@st.composite
def _books(draw: Any) -> tuple[list[tuple[str, str, str, int, str]], list[str], dict[str, str]]:
    n = draw(st.integers(1, 12))
    receipts, notes = [], {}
    for i in range(n):
        day = draw(st.integers(3, 4))
        minute = draw(st.sampled_from((0, 10, 20, 40, 60, 65, 120)))
        at = datetime(2026, 11, day, 10) + timedelta(minutes=minute)
        if draw(st.booleans()) and minute == 0:
            at = datetime(2026, 11, day)
        unit = draw(st.sampled_from(("1-1-101", "1-1-102")))
        receipts.append((f"NO.{i:04d}", at.strftime("%Y-%m-%d %H:%M"), unit, fen(draw(st.sampled_from(_AMOUNTS))),
                         "微信"))
    m = draw(st.integers(0, 12))
    lines = []
    for j in range(m):
        day = draw(st.integers(3, 4))
        minute = draw(st.sampled_from((0, 5, 15, 25, 45, 70, 125)))
        at = datetime(2026, 11, day, 10) + timedelta(minutes=minute, seconds=j)
        order = f"42000012342026110{j:011d}"
        lines.append(wechat_line(at.strftime("%Y-%m-%d %H:%M:%S"), order, draw(st.sampled_from(_AMOUNTS))))
        if draw(st.integers(0, 5)) == 0 and n:
            notes[f"NO.{draw(st.integers(0, n - 1)):04d}"] = f"单号 {order}"
    return receipts, lines, notes


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(_books(), st.randoms(use_true_random=False))
def test_shuffling_statement_lines_or_receipt_rows_never_changes_the_pairing(
    books: tuple[list[tuple[str, str, str, int, str]], list[str], dict[str, str]], rnd: random.Random,
) -> None:
    receipts, lines, notes = books
    base = pairs_of(receipts_frame(receipts, notes), _stmts(lines))
    shuffled_receipts = receipts[:]
    rnd.shuffle(shuffled_receipts)
    shuffled_lines = lines[:]
    rnd.shuffle(shuffled_lines)
    assert pairs_of(receipts_frame(shuffled_receipts, notes), _stmts(lines)) == base
    assert pairs_of(receipts_frame(receipts, notes), _stmts(shuffled_lines)) == base
    # a payment never serves two receipts unless they form one group of one unit
    matched = [(no, order) for no, (status, order) in base.items() if status == "matched"]
    by_order: dict[str, list[str]] = {}
    for no, order in matched:
        by_order.setdefault(order, []).append(no)
    units = {r[0]: r[2] for r in receipts}
    for order, nos in by_order.items():
        if len(nos) > 1 and not any(order in v for v in notes.values()):
            assert len({units[n] for n in nos}) == 1, order


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(string.digits), min_size=0, max_size=3), st.randoms(use_true_random=False))
def test_the_same_payment_in_two_downloads_counts_once(_: list[str], rnd: random.Random) -> None:
    text = wechat_bill([wechat_line("2026-11-03 10:15:02", "4200001", "120.00")])
    a = parse_lines([(i + 1, line.split(",")) for i, line in enumerate(text.splitlines())], "a.csv", "",
                    PaymentSettings())
    b = parse_lines([(i + 1, line.split(",")) for i, line in enumerate(text.splitlines())], "b.csv", "",
                    PaymentSettings())
    both = [*a, *b]
    rnd.shuffle(both)
    s = combine(both)
    assert len(s.payments) == 1 and s.payments["file"].iloc[0] == "a.csv"


# ---------------------------------------------------------------- the demo office


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Planted]]:
    root = tmp_path_factory.mktemp("demo") / "阿尔卡迪亚"
    planted = write_demo(root)
    return root, write_demo_statements(root, planted)


def _findings(root: Path, period: Period) -> list[Any]:
    office = load_office(root, load_settings(root), period, AS_OF)
    return [f for r in RULES for f in r(office)]


@pytest.mark.slow
def test_demo_statements_give_exactly_the_planted_findings(demo: tuple[Path, list[Planted]]) -> None:
    root, planted = demo
    found = {(f.rule, f.file, f.sheet, f.row) for f in _findings(root, Period(date(2026, 10, 1), date(2026, 11, 30)))}
    expected = {(p.rule, p.file, p.sheet, p.row) for p in planted if p.rule in RULE_IDS}
    assert {p.rule for p in planted if p.rule in RULE_IDS} == RULE_IDS
    assert found - expected == set(), "findings on clean rows"
    assert expected - found == set(), "planted problems not found"


def test_the_office_reads_its_statements_once_and_every_rule_shares_one_pairing(
        demo: tuple[Path, list[Planted]], monkeypatch: pytest.MonkeyPatch) -> None:
    """The statements are read by the office layer (Office.statements), once, and kept with the office's
    shared views; the pairing reads nothing from disk, and every rule (and report) gets the same one."""
    import registers.office.load as load
    from registers.views.payments import reconcile

    root, _ = demo
    office = load_office(root, load_settings(root), Period.month(2026, 11), AS_OF)
    calls: list[Path] = []
    real = load.read_statements

    def counted(root: Path, *args: Any, **kwargs: Any) -> Statements:
        calls.append(root)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(load, "read_statements", counted)
    assert [f for r in RULES for f in r(office)]
    assert office.statements() is office.statements()
    assert reconcile(office) is reconcile(office)
    assert calls == [root]


@pytest.mark.slow
def test_an_office_holding_no_statement_is_not_reconciled_at_all(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo office without its statements: the payment rules say nothing, and the year's non-cash
    receipts are not paired with nothing (that pairing cost a year's check 0.06-0.09 s)."""
    import shutil

    from registers.views import payments as match

    root = tmp_path / "o"
    write_demo(root)
    shutil.rmtree(root / "对账单")
    office = load_office(root, load_settings(root), Period.month(2026, 11), AS_OF)

    def not_wanted(office: object) -> None:
        raise AssertionError("reconciled an office that holds no statement")

    monkeypatch.setattr(match, "reconcile", not_wanted)
    monkeypatch.setattr(rules, "reconcile", not_wanted)
    assert office.has("fee_ledger.receipts")
    assert [f for r in RULES for f in r(office)] == []


@pytest.mark.slow
def test_demo_statements_formats(demo: tuple[Path, list[Planted]]) -> None:
    root, _ = demo
    files = sorted((root / "对账单").iterdir())
    wechat = [f for f in files if f.name.startswith("微信")]
    alipay = [f for f in files if "账务明细" in f.name]
    assert wechat and all(f.read_bytes().startswith(b"\xef\xbb\xbf") for f in wechat)
    for f in alipay:
        with pytest.raises(UnicodeDecodeError):
            f.read_bytes().decode("utf-8")
        assert f.read_bytes().decode("gbk").startswith("#支付宝账务明细查询")
    s = read_statements(root)
    groups = s.payments[s.payments["amount"] == 230000]
    assert set(groups["channel"]) >= {"微信", "支付宝", "银行"}  # fee and deposit paid at once, on every platform


@pytest.mark.slow
def test_demo_findings_carry_both_sides_and_render_in_every_language(demo: tuple[Path, list[Planted]]) -> None:
    root, _ = demo
    findings = _findings(root, Period.month(2026, 11))
    assert findings and all(f.date is None or f.date.month == 11 for f in findings)
    october = _findings(root, Period.month(2026, 10))
    assert {f.rule for f in october} == {"fee.payment-unmatched"}
    for f in findings:
        rule = next(r for r in RULES if r.id == f.rule)
        if f.file and f.file.startswith("对账单/"):
            assert f.sheet == "" and f.row and f.column is None
        for lang in ("zh-Hans", "zh-Hant", "en"):
            args = {k: _format_arg(k, v, lang, False) for k, v in f.args.items()}
            text = rule.message[lang].format(key=f.key or "", **args)
            assert "{" not in text
    reused = next(f for f in findings if f.rule == "fee.payment-reused")
    assert reused.key == "NO.0012100" and reused.args["other"] == "NO.0012101"
    assert reused.args["source"].startswith("对账单/") and reused.cell is not None
    unrecorded = [f for f in findings if f.rule == "fee.payment-unrecorded"]
    assert all(f.key and f.key.startswith("42000") for f in unrecorded)


def test_match_command_writes_the_pairing(demo: tuple[Path, list[Planted]], tmp_path: Path) -> None:
    from registers.cli import match as command

    parser = argparse.ArgumentParser()
    command.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["match", str(demo[0]), "--month", "2026-11", "--xlsx", "--out", str(tmp_path)])
    assert args.run(args) == 1
    wb = openpyxl.load_workbook(tmp_path / "对账 2026-11.xlsx")
    assert wb.sheetnames == ["收据", "平台收款", "对账单"]
    rows = list(wb["收据"].iter_rows(min_row=2, values_only=True))
    status = {r[0]: r[6] for r in rows}
    assert status["NO.0012100"] == "重复认领" and status["NO.0012119"] == "平台无此收款"
    assert status["NO.0012101"] == "已对上"
    assert all(isinstance(r[0], str) for r in rows)  # receipt numbers stay text


def test_match_summary_says_every_status_the_sign_of_close_day_and_reasons_in_words(
        demo: tuple[Path, list[Planted]], capsys: pytest.CaptureFixture[str]) -> None:
    """差额 is ledger − platform, as in the day close and the monthly statement; the platform's payments missing
    from the ledger are counted on the screen, not only in the workbook; an incomplete statement's reason is
    words, never its code (issue 23)."""
    from registers.cli.main import main

    main(["match", str(demo[0]), "--month", "2026-11"])
    out = capsys.readouterr().out
    wechat = next(line for line in out.splitlines() if line.strip().startswith("微信："))
    ledger, platform, difference = re.findall(r"-?¥[\d,]+\.\d\d", wechat)
    fen = [int(re.sub(r"[^\d-]", "", m)) for m in (ledger, platform, difference)]
    assert fen[2] == fen[0] - fen[1] and "差额（台账 − 平台）" in wechat
    assert "台账未入账 3" in out and "平台无此收款 1" in out and "重复认领 1" in out
    assert "statement-truncated" not in out and "对账单在第 3 行中断" in out
    main(["match", str(demo[0]), "--month", "2026-11", "--lang", "zh-Hant"])
    out = capsys.readouterr().out
    assert "臺賬未入賬 3" in out or "台賬未入賬 3" in out
    assert "對帳單在第 3 行中斷" in out


def test_an_office_without_statements_is_not_reconciled(tmp_path: Path) -> None:
    from tests.support.helpers import make_office

    header = ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"]
    root = make_office(tmp_path / "o", {"收费台账.xlsx": {"收费明细": [
        header, ["NO.1", "2026-11-03 10:00", "1-1-101", "物业服务费", 120, "微信", "王芳"]]}})
    assert _findings(root, Period.month(2026, 11)) == []
    (root / "对账单").mkdir()
    (root / "对账单" / "wx.csv").write_bytes(
        wechat_bill([wechat_line("2026-11-04 09:00:00", "4200009", "88.00")]).encode("utf-8-sig"))
    found = {(f.rule, f.sheet, f.row, f.key) for f in _findings(root, Period.month(2026, 11))}
    assert found == {("fee.statement-incomplete", "收费明细", None, "微信"),
                     ("fee.payment-unrecorded", "", 2, "4200009")}


def test_receipt_order_is_the_plain_sort_by_content() -> None:
    """The rank Arrow sorts is the one a stable pandas sort gives: time (none last), then the texts by
    code point (none as empty), amount — whatever the index."""
    import numpy as np
    import pandas as pd

    from registers.views.payments import receipt_order

    rng = np.random.default_rng(7)
    n = 3000
    r = pd.DataFrame({
        "paid_at": pd.Series(pd.to_datetime(rng.integers(0, 40, n), unit="h", origin="2026-11-01")).where(  # type: ignore[call-overload]  # pandas-stubs: unit "h" is valid but missing
            rng.random(n) > 0.1),
        "receipt_no": pd.array(rng.choice(np.array(["NO.1", "NO.2", "a", "Á", "", None, "中文", "z"], dtype=object), n), dtype="string"),
        "unit": pd.array(rng.choice(np.array(["1-1-1", "2-1-1", None], dtype=object), n), dtype="string"),
        "amount": pd.array(rng.integers(-5, 5, n), dtype="Int64"),
        "note": pd.array(rng.choice(np.array(["x", None, "𠀀", "ü"], dtype=object), n), dtype="string"),
    }, index=rng.permutation(n) + 100)
    text = {k: r[k].astype("string").fillna("").astype(str) for k in ("receipt_no", "unit", "note")}
    plain = pd.DataFrame({"t": r["paid_at"], "no": text["receipt_no"], "u": text["unit"],
                          "a": r["amount"].astype("int64"), "n": text["note"]}, index=r.index)
    ordered = plain.sort_values(["t", "no", "u", "a", "n"], kind="stable").index
    expected = pd.Series(np.arange(n), index=ordered).reindex(r.index)
    assert (receipt_order(r) == expected).all()

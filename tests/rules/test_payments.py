"""Issue 21, item 7, as the office sees it: a WeChat Pay bill whose summary disagrees with its details is reported
once, at its summary line, and the month's WeChat receipts are still checked against it — the unpaid receipt and
the payment claimed twice are named, not hidden behind "no statement covers the day"."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.support.helpers import flat, make_office, run_check
from tests.views.test_payments import alipay_statement, wechat_bill, wechat_line

RULES = ("fee.payment-unmatched", "fee.payment-reused", "fee.payment-unrecorded", "fee.statement-incomplete")


def _office(root: Path, bill: str) -> Path:
    rows: list[list[object]] = [["2026年11月 收费明细"],
            ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"],
            ["NO.0001", datetime(2026, 11, 3, 10, 0), "1-1-101", "物业服务费", 120, "微信", "王芳"],
            ["NO.0002", datetime(2026, 11, 3, 15, 0), "1-1-102", "物业服务费", 50, "微信", "王芳"],
            ["NO.0003", datetime(2026, 11, 4, 9, 0), "1-1-103", "物业服务费", 80, "微信", "李娜"],
            ["NO.0004", datetime(2026, 11, 4, 9, 5), "1-1-103", "物业服务费", 80, "微信", "李娜"]]
    root = make_office(root, {"收费台账.xlsx": {"收费明细": rows}})
    (root / "对账单").mkdir()
    (root / "对账单" / "微信支付交易账单_20261101-20261130.csv").write_bytes(bill.encode("utf-8-sig"))
    return root


LINES = [wechat_line("2026-11-03 10:02:00", "4200001", "120.00"), wechat_line("2026-11-04 09:01:00", "4200002", "80.00")]


def test_a_bill_whose_summary_disagrees_is_reported_and_its_days_still_checked(tmp_path: Path) -> None:
    root = _office(tmp_path / "o", wechat_bill(LINES, total="280.00"))
    found = flat(run_check(root).findings, rules=RULES)
    assert found == {("fee.statement-incomplete", "", 5, None),  # the bill's summary line
                     ("fee.payment-unmatched", "收费明细", 4, "E"),
                     ("fee.payment-reused", "收费明细", 6, "E")}


def test_a_csv_bill_line_is_named_one_way_everywhere(tmp_path: Path) -> None:
    """Issue 23: a CSV has lines, not sheets — ``账单.csv:6`` in the address, the JSON, the group summary and the
    message that quotes the platform payment, never ``账单.csv!6:6``."""
    from registers.reports.group.book import finding_address

    unrecorded = wechat_line("2026-11-05 11:00:00", "4200009", "66.00")  # paid, never written in the ledger
    root = _office(tmp_path / "o", wechat_bill([*LINES, unrecorded], total="266.00"))
    report = run_check(root)
    bill = "对账单/微信支付交易账单_20261101-20261130.csv"
    reused = next(f for f in report.findings if f.rule == "fee.payment-reused")
    on_bill = [f for f in report.findings if f.file and f.file.endswith(".csv")]
    assert on_bill, [f.rule for f in report.findings]
    for f in on_bill:
        assert f.address == f"{bill}:{f.row}"
    found = report.to_json()["findings"]
    assert all("!" not in finding_address(f) for f in found if (f["file"] or "").endswith(".csv"))
    text = next(f["message"] for f in found if f["rule"] == "fee.payment-reused")
    assert f"{bill}:" in text and f"{bill}!" not in text, text
    assert reused.args["source"].startswith(f"{bill}:")


# ---------------------------------------------------------------- suggestions: a receipt recorded on the wrong platform


def _wrong_platform_office(root: Path) -> Path:
    """支付宝 on the ledger for a payment the WeChat bill has (a clerk's slip the demo plants too), and a receipt
    two WeChat payments could be."""
    rows: list[list[object]] = [["2026年11月 收費明細"],
            ["收據號", "收款日期", "房號", "收費項目", "金額", "收款方式", "收款人"],
            ["NO.0001", datetime(2026, 11, 3, 10, 0), "1-1-101", "物業服務費", 120, "支付宝", "王芳"],
            ["NO.0002", datetime(2026, 11, 20, 13, 57), "1-1-102", "物業服務費", 322.2, "支付宝", "王芳"],
            ["NO.0003", datetime(2026, 11, 21, 9, 0), "1-1-103", "物業服務費", 88, "支付宝", "李娜"],
            ["合計", None, None, None, 530.2, None, None]]
    root = make_office(root, {"收费台账.xlsx": {"收费明细": rows}})
    (root / "对账单").mkdir()
    wechat = wechat_bill([wechat_line("2026-11-20 14:00:00", "4200009", "322.20"),
                          wechat_line("2026-11-21 09:05:00", "4200010", "88.00"),
                          wechat_line("2026-11-21 09:10:00", "4200011", "88.00")])
    (root / "对账单" / "微信支付交易账单_20261101-20261130.csv").write_bytes(wechat.encode("utf-8-sig"))
    alipay = alipay_statement([("20261103200040011100260012345670", "2026110322001412341234567890",
                                "2026-11-03 10:02:00", "120.00", "在线支付")])
    (root / "对账单" / "账务明细_202611.csv").write_bytes(alipay.encode("gbk"))
    return root


def test_a_receipt_on_the_wrong_platform_suggests_the_platform_that_has_its_payment(tmp_path: Path) -> None:
    from tests.rules.test_fees_suggestions import assert_accepting_clears, shown

    root = _wrong_platform_office(tmp_path / "office")
    found = run_check(root).findings
    unmatched = {f.key: f for f in found if f.rule == "fee.payment-unmatched"}
    unrecorded = {f.key: f for f in found if f.rule == "fee.payment-unrecorded"}
    assert set(unmatched) == {"NO.0002", "NO.0003"} and set(unrecorded) == {"4200009", "4200010", "4200011"}
    # the receipt's finding and the payment's both suggest 微信 for the receipt's 收款方式 (F4)
    for f in (unmatched["NO.0002"], unrecorded["4200009"]):
        assert [(w.file, w.sheet, w.cell, w.value) for w in f.writes()] == [("收费台账.xlsx", "收费明细", "F4", "微信")]
        value, reason = shown(f)
        assert value == "微信" and "4200009" in reason and "30 分钟" in reason
        assert "min" in shown(f, "en")[1] and "分鐘" in shown(f, "zh-Hant")[1]
    assert_accepting_clears(root, unmatched["NO.0002"])
    # NO.0003 might be either of two WeChat payments of 88.00: none is suggested, on either side
    assert unmatched["NO.0003"].suggestion is None
    assert unrecorded["4200010"].suggestion is None and unrecorded["4200011"].suggestion is None


def test_the_payments_finding_accepted_clears_the_receipts_too(tmp_path: Path) -> None:
    from tests.rules.test_fees_suggestions import accepted
    from tests.support.suggest import key

    root = _wrong_platform_office(tmp_path / "office")
    found = run_check(root).findings
    (payment,) = [f for f in found if f.rule == "fee.payment-unrecorded" and f.key == "4200009"]
    (receipt,) = [f for f in found if f.rule == "fee.payment-unmatched" and f.key == "NO.0002"]
    before, after = accepted(root, payment)
    assert {key(payment), key(receipt)} & after == set() and after - before == set()

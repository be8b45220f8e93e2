"""Issue 21, item 7, as the office sees it: a WeChat Pay bill whose summary disagrees with its details is reported
once, at its summary line, and the month's WeChat receipts are still checked against it — the unpaid receipt and
the payment claimed twice are named, not hidden behind "no statement covers the day"."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.support.helpers import flat, make_office, run_check
from tests.views.test_payments import wechat_bill, wechat_line

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

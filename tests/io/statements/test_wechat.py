"""Issue 21, item 7: a WeChat Pay trade bill as downloaded gives 手续费 per line and 手续费总金额 in its summary to
five decimals (``0.00600`` on a ¥1.00 payment at 0.6%); the summary is compared with the lines at the precision
it is given, so a bill is never called incomplete over rounding each line to fen."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from registers.io.statements import read_statement_bytes
from registers.io.statements.model import SUMMARY
from tests.views.test_payments import WECHAT_HEADER

SUMMARY_HEADER = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
# (time, WeChat order number, amount, 手续费 as the bill writes it)
PAYMENTS = [("2026-11-03 10:15:02", "4200001234202611031234567890", "1.00", "0.00600"),
            ("2026-11-03 11:40:17", "4200001234202611031234567891", "2.50", "0.01500"),
            ("2026-11-04 09:02:55", "4200001234202611041234567892", "120.00", "0.72000")]


def _bill(payments: Sequence[tuple[str, str, str, str]], fee_total: str) -> bytes:
    lines = [WECHAT_HEADER]
    for at, order, amount, fee in payments:
        lines.append(",".join("`" + f for f in [
            at, "wx2421b1c4370ec43b", "1900000109", "0", "", order, f"ZX{order[-10:]}", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
            "JSAPI", "SUCCESS", "CMB_DEBIT", "CNY", amount, "0.00", "0", "0", "0.00", "0.00", "", "", "物业服务费", "",
            fee, "0.60%", amount, "0.00", ""]))
    total = f"{sum(int(a.replace('.', '')) for _, _, a, _ in payments) / 100:.2f}"
    lines += [SUMMARY_HEADER, ",".join("`" + v for v in [str(len(payments)), total, "0.00", "0.00", fee_total, total,
                                                            "0.00"])]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


@pytest.mark.parametrize("fee_total", ["0.74100", "0.74"])  # as the bill gives it; or rounded to fen
def test_fees_to_five_decimals_agree_with_their_summary(fee_total: str) -> None:
    s = read_statement_bytes(_bill(PAYMENTS, fee_total), "微信支付交易账单.csv")
    assert [(x.platform, x.complete, x.problem) for x in s.statements] == [("wechat", True, None)]
    assert list(s.payments["amount"]) == [100, 250, 12000]


@pytest.mark.parametrize("fee_total", ["0.75100", "0.73", "0.75"])
def test_a_fee_summary_that_disagrees_at_its_own_precision_is_incomplete(fee_total: str) -> None:
    s = read_statement_bytes(_bill(PAYMENTS, fee_total), "微信支付交易账单.csv").statements[0]
    assert (s.problem, s.problem_line) == (SUMMARY, 6)
    assert s.detail == f"0.74100 ≠ {fee_total}"

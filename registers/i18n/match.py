"""The words of ``registers match`` (对账): its summary on the screen and the statuses of its workbook."""

from __future__ import annotations

T = dict[str, str]

MATCH: dict[str, T] = {
    "match.title": {"zh-Hans": "对账 {month}：{n} 份对账单", "zh-Hant": "對帳 {month}：{n} 份對帳單",
                    "en": "Reconciliation {month}: {n} statements"},
    # per channel: the ledger's receipts, the platform's payments, ledger − platform (as close-day and monthly)
    "match.channel": {
        "zh-Hans": "{channel}：台账 {count} 笔 {ledger}，平台 {platform}，差额（台账 − 平台）{difference}",
        "zh-Hant": "{channel}：台賬 {count} 筆 {ledger}，平台 {platform}，差額（台賬 − 平台）{difference}",
        "en": "{channel}: ledger {count} receipts {ledger}, platform {platform}, difference (ledger − platform) "
              "{difference}",
    },
    "match.receipts": {"zh-Hans": "收据", "zh-Hant": "收據", "en": "receipts"},
    "match.payments": {"zh-Hans": "平台收款", "zh-Hant": "平台收款", "en": "platform payments"},
    "match.incomplete": {"zh-Hans": "不完整：{where}：{reason}", "zh-Hant": "不完整：{where}：{reason}",
                         "en": "incomplete: {where}: {reason}"},
    "match.status.matched": {"zh-Hans": "已对上", "zh-Hant": "已對上", "en": "matched"},
    "match.status.reused": {"zh-Hans": "重复认领", "zh-Hant": "重複認領", "en": "claimed twice"},
    "match.status.unmatched": {"zh-Hans": "平台无此收款", "zh-Hant": "平台無此收款", "en": "not on the platform"},
    "match.status.uncovered": {"zh-Hans": "无对账单覆盖", "zh-Hant": "無對帳單涵蓋", "en": "no statement covers it"},
    "match.status.unrecorded": {"zh-Hans": "台账未入账", "zh-Hant": "台賬未入賬", "en": "not in the ledger"},
    "match.status.refunded": {"zh-Hans": "已全额退款", "zh-Hant": "已全額退款", "en": "refunded in full"},
    "match.status.recorded": {"zh-Hans": "已登记", "zh-Hant": "已登記", "en": "recorded"},
    "match.status.outside": {"zh-Hans": "期间外", "zh-Hant": "期間外", "en": "outside the period"},
    "match.how.reference": {"zh-Hans": "备注单号", "zh-Hant": "備註單號", "en": "reference"},
    "match.how.time": {"zh-Hans": "时间金额", "zh-Hant": "時間金額", "en": "time and amount"},
    "match.how.group": {"zh-Hans": "合并支付", "zh-Hant": "合併支付", "en": "paid together"},
    "match.kind.payment": {"zh-Hans": "收款", "zh-Hant": "收款", "en": "payment"},
    "match.kind.refund": {"zh-Hans": "退款", "zh-Hant": "退款", "en": "refund"},
}

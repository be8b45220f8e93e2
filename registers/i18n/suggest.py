"""Why a suggested value is right (``suggest.*``): the reasons shown under a finding beside the value to type.

A rule that knows the right value attaches a :class:`registers.core.findings.Suggestion` naming one of these
keys; :func:`registers.i18n.render_suggestion` fills it in the language asked for.  Each reason says where the
value comes from (the posted price, the owner archive, the receipts…) so that a clerk can check it before
accepting it.
"""

from __future__ import annotations

T = dict[str, str]

SUGGEST: dict[str, T] = {
    "suggest.label": {"zh-Hans": "建议", "zh-Hant": "建議", "en": "Suggested"},
    "suggest.reason-label": {"zh-Hans": "依据", "zh-Hant": "依據", "en": "Because"},
    "suggest.accept": {"zh-Hans": "采用（打✓）", "zh-Hant": "採用（打✓）", "en": "Accept (tick ✓)"},
    "suggest.posted-price": {
        "zh-Hans": "收费标准 {item} 单价 {price_fen} × 数量 {quantity} × {months} 个月",
        "zh-Hant": "收費標準 {item} 單價 {price_fen} × 數量 {quantity} × {months} 個月",
        "en": "the posted price of {item}, {price_fen} × quantity {quantity} × {months} months",
    },
}

# fee rules
SUGGEST.update({
    "suggest.posted-item": {
        "zh-Hans": "{date} 有效的收费标准中，只有“{item}”与所填“{typed}”相近",
        "zh-Hant": "{date} 有效的收費標準中，只有「{item}」與所填「{typed}」相近",
        "en": "of the fee schedule in force on {date}, only '{item}' is near '{typed}'",
    },
    "suggest.roll-receipts": {
        "zh-Hans": "收据 {receipts} 这个月合计 {received_fen}",
        "zh-Hant": "收據 {receipts} 這個月合計 {received_fen}",
        "en": "receipt {receipts} paid {received_fen} for this month",
    },
    "suggest.roll-receipts-total": {
        "zh-Hans": "收据 {receipts} 这个月合计 {received_fen}；本行已缴合计随之改为 {total_fen}",
        "zh-Hant": "收據 {receipts} 這個月合計 {received_fen}；本行已繳合計隨之改為 {total_fen}",
        "en": "receipt {receipts} paid {received_fen} for this month; the row's total paid becomes {total_fen}",
    },
    "suggest.roll-months": {
        "zh-Hans": "本行各月金额合计 {expected_fen}",
        "zh-Hant": "本行各月金額合計 {expected_fen}",
        "en": "the row's month cells add up to {expected_fen}",
    },
    "suggest.receipt-gap": {
        "zh-Hans": "缺少的收据号；本格无需修改：找出这些收据的存根，作废的登记为“作废”，已开出的补登收款",
        "zh-Hant": "缺少的收據號；本格無需修改：找出這些收據的存根，作廢的登記為「作廢」，已開出的補登收款",
        "en": "the missing receipt numbers; nothing to change here: find their stubs, enter a voided one as 作废 "
              "and an issued one as its payment",
    },
    "suggest.handover-row": {
        "zh-Hans": "{date} {cashier} 现金收款合计 {expected_fen}，日结上交没有这一天的记录：在 {sheet} 第 {row} 行补登"
                   "（日期 | 收款人 | 现金上交 | 接收人）",
        "zh-Hant": "{date} {cashier} 現金收款合計 {expected_fen}，日結上交沒有這一天的記錄：在 {sheet} 第 {row} 行補登"
                   "（日期 | 收款人 | 現金上交 | 接收人）",
        "en": "{cashier} took {expected_fen} in cash on {date} and the handover sheet has no row for that day: "
              "add one at row {row} of {sheet} (date | cashier | cash handed over | received by)",
    },
    "suggest.other-channel": {
        "zh-Hans": "{channel}对账单 {source} 有一笔同日、同金额、{window} 分钟内未入账的收款 {order_no}：收款方式应为{method}",
        "zh-Hant": "{channel}對帳單 {source} 有一筆同日、同金額、{window} 分鐘內未入帳的收款 {order_no}：收款方式應為{method}",
        "en": "the {channel} statement has an unrecorded payment {order_no} of the same amount, day and "
              "{window} min window ({source}): the payment method is {method}",
    },
    "suggest.renovation-schedule": {
        "zh-Hans": "收费标准：{ref}",
        "zh-Hant": "收費標準：{ref}",
        "en": "the fee schedule: {ref}",
    },
})

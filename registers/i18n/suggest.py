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
    "suggest.value-head": {"zh-Hans": "建议值", "zh-Hant": "建議值", "en": "Suggested value"},
    "suggest.reason-label": {"zh-Hans": "依据", "zh-Hant": "依據", "en": "Because"},
    "suggest.accept": {"zh-Hans": "采用（打✓）", "zh-Hant": "採用（打✓）", "en": "Accept (tick ✓)"},
    "suggest.line": {"zh-Hans": "建议：{value}（依据：{reason}）", "zh-Hant": "建議：{value}（依據：{reason}）",
                     "en": "Suggested: {value} (because: {reason})"},
    "suggest.applied": {
        "zh-Hans": "已采用 {ticked} 条建议，改写 {applied} 个单元格（{already} 个本来就是建议值）。每个改过的单元格都有批注"
                   "写明原值和依据；确认无误后请保存，不想要的可点“撤销建议”。",
        "zh-Hant": "已採用 {ticked} 條建議，改寫 {applied} 個儲存格（{already} 個本來就是建議值）。每個改過的儲存格都有註解"
                   "寫明原值和依據；確認無誤後請儲存，不想要的可點「撤銷建議」。",
        "en": "{ticked} suggestions accepted, {applied} cells changed ({already} already held the value). Each changed "
              "cell has a note with what it held and why; save when satisfied, or click 'Undo suggestions'.",
    },
    "suggest.no-check": {
        "zh-Hans": "请先点“核查”，在“核查结果”表的“采用”列打✓，再点“采用建议”。",
        "zh-Hant": "請先點「核查」，在「核查結果」表的「採用」欄打✓，再點「採用建議」。",
        "en": "Click 'Check' first, tick the suggestions to accept in the results sheet, then click 'Apply'.",
    },
    "suggest.note": {
        "zh-Hans": "{mark}原值：{old} → 改为：{new}\n依据：{reason}（{rule}）",
        "zh-Hant": "{mark}原值：{old} → 改為：{new}\n依據：{reason}（{rule}）",
        "en": "{mark}was: {old} → now: {new}\nbecause: {reason} ({rule})",
    },
    "suggest.done": {"zh-Hans": "已采用", "zh-Hant": "已採用", "en": "applied"},
    "suggest.empty": {"zh-Hans": "（空）", "zh-Hant": "（空）", "en": "(empty)"},
    "suggest.posted-price": {
        "zh-Hans": "收费标准 {item} 单价 {price_fen} × 数量 {quantity} × {months} 个月",
        "zh-Hant": "收費標準 {item} 單價 {price_fen} × 數量 {quantity} × {months} 個月",
        "en": "the posted price of {item}, {price_fen} × quantity {quantity} × {months} months",
    },
    # input, key and visit rules
    "suggest.lookalike-digits": {
        "zh-Hans": "“{typed}”中把字母当数字打了（O→0、l/I→1），应为 {fixed}",
        "zh-Hant": "「{typed}」中把字母當數字打了（O→0、l/I→1），應為 {fixed}",
        "en": "'{typed}' has letters typed for digits (O→0, l/I→1): {fixed}",
    },
    "suggest.date-one-reading": {
        "zh-Hans": "“{typed}”只能读作 {reading}",
        "zh-Hant": "「{typed}」只能讀作 {reading}",
        "en": "'{typed}' can only be read as {reading}",
    },
    "suggest.date-sheet-month": {
        "zh-Hans": "本表登记 {month} 月，“{typed}”读作 {reading}（另一种读法 {alternative} 不在本月）",
        "zh-Hant": "本表登記 {month} 月，「{typed}」讀作 {reading}（另一種讀法 {alternative} 不在本月）",
        "en": "this sheet records {month}, so '{typed}' reads as {reading} (the other reading, {alternative}, is not "
              "in that month)",
    },
    "suggest.date-month-first": {
        "zh-Hans": "“{typed}”按月/日/年读作 {reading}，与本工具读“3/4”的方式一致；若为日/月/年则是 {alternative}，请核对",
        "zh-Hant": "「{typed}」按月/日/年讀作 {reading}，與本工具讀「3/4」的方式一致；若為日/月/年則是 {alternative}，請核對",
        "en": "'{typed}' read month first is {reading}, as this tool reads '3/4'; day first it would be "
              "{alternative}: check which was meant",
    },
    "suggest.free-id": {
        "zh-Hans": "前后两行为 {before} 和 {after}，其间唯一未用的编号是 {free}",
        "zh-Hant": "前後兩行為 {before} 和 {after}，其間唯一未用的編號是 {free}",
        "en": "the rows around it are {before} and {after}, and {free} is the one id between them not used",
    },
    "suggest.key-copy-label": {
        "zh-Hans": "同一钥匙的另一把（{category}）在钥匙清单中标为此",
        "zh-Hant": "同一鑰匙的另一把（{category}）在鑰匙清單中標為此",
        "en": "the other copy of this key ({category}) is labelled so in the key inventory",
    },
    "suggest.key-id-spelling": {
        "zh-Hans": "钥匙清单中只有此编号与“{typed}”写法相同（不计标点、大小写，字母 O/I/L 当数字）",
        "zh-Hant": "鑰匙清單中只有此編號與「{typed}」寫法相同（不計標點、大小寫，字母 O/I/L 當數字）",
        "en": "the one id in the key inventory that '{typed}' spells (ignoring punctuation and case, O/I/L as digits)",
    },
    "suggest.visit-ref": {
        "zh-Hans": "{unit} 在 {visited_at} 回访前完结、尚未回访的{kind}只有这一件",
        "zh-Hant": "{unit} 在 {visited_at} 回訪前完結、尚未回訪的{kind}只有這一件",
        "en": "the one {kind} of {unit} completed before the visit of {visited_at} and not yet visited",
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

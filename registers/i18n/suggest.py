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
}

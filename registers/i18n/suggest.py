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

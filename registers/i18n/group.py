"""The words of the group summary (集团汇总): its sheets, columns and statuses.

Keys another output also uses with different words carry the prefix ``group.``; shared words are in
:mod:`registers.i18n.ui`.
"""

from __future__ import annotations

T = dict[str, str]

GROUP: dict[str, T] = {
    "group.title": {"zh-Hans": "集团汇总", "zh-Hant": "集團匯總", "en": "Group summary"},
    "offices": {"zh-Hans": "各管理处", "zh-Hant": "各管理處", "en": "Offices"},
    "by-rule": {"zh-Hans": "按规则", "zh-Hant": "按規則", "en": "By rule"},
    "group.findings": {"zh-Hans": "全部问题", "zh-Hant": "全部問題", "en": "All findings"},
    "folder": {"zh-Hans": "文件夹", "zh-Hant": "資料夾", "en": "Folder"},
    "office": {"zh-Hans": "管理处", "zh-Hant": "管理處", "en": "Office"},
    "checked": {"zh-Hans": "已核查", "zh-Hant": "已核查", "en": "checked"},
    "failed": {"zh-Hans": "无法核查", "zh-Hant": "無法核查", "en": "could not be checked"},
    "errors": {"zh-Hans": "错误", "zh-Hant": "錯誤", "en": "Errors"},
    "warnings": {"zh-Hans": "警告", "zh-Hant": "警告", "en": "Warnings"},
    "group.notes": {"zh-Hans": "提示", "zh-Hant": "提示", "en": "Notes"},
    "group.total": {"zh-Hans": "合计", "zh-Hant": "合計", "en": "Total"},
    "as-of": {"zh-Hans": "截至", "zh-Hant": "截至", "en": "As of"},
    "detail": {"zh-Hans": "说明", "zh-Hant": "說明", "en": "Detail"},
    "rule-title": {"zh-Hans": "规则名称", "zh-Hant": "規則名稱", "en": "Rule title"},
    "group.address": {"zh-Hans": "位置", "zh-Hant": "位置", "en": "Address"},
    "n-offices": {"zh-Hans": "涉及管理处", "zh-Hant": "涉及管理處", "en": "Offices"},
}

"""Messages in Simplified Chinese (default), Traditional Chinese and English.

Rule titles and messages live with their rules; this module holds the words
shared by every output (register names, value types, reasons a file cannot
be read, table headings) and renders a finding's message late, in the
language asked for.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Any

from registers.core.findings import Finding
from registers.core.spec import KIND_BY_KEY, field_label
from registers.core.values.money import format_money
from registers.core.values.units import mask_phone

LANGS = ("zh-Hans", "zh-Hant", "en")

T = dict[str, str]

REGISTER_NAMES: dict[str, T] = {
    "units": {"zh-Hans": "业主档案", "zh-Hant": "業主檔案", "en": "Owner archive"},
    "repair_log": {"zh-Hans": "住户报修记录表", "zh-Hant": "住戶報修記錄表", "en": "Repair log"},
    "return_visits": {"zh-Hans": "回访记录表", "zh-Hant": "回訪記錄表", "en": "Return visits"},
    "complaints": {"zh-Hans": "业主投诉记录表", "zh-Hant": "業主投訴記錄表", "en": "Complaints"},
    "keys": {"zh-Hans": "钥匙管理", "zh-Hant": "鑰匙管理", "en": "Key register"},
    "keys.inventory": {"zh-Hans": "钥匙清单", "zh-Hant": "鑰匙清單", "en": "Key inventory"},
    "keys.ledger": {"zh-Hans": "钥匙借还记录", "zh-Hant": "鑰匙借還記錄", "en": "Key loans"},
    "archives": {"zh-Hans": "档案管理", "zh-Hant": "檔案管理", "en": "Archives"},
    "archives.inspections": {"zh-Hans": "档案检查记录", "zh-Hant": "檔案檢查記錄", "en": "Archive inspections"},
    "archives.loans": {"zh-Hans": "档案借阅记录", "zh-Hant": "檔案借閱記錄", "en": "Archive loans"},
    "renovations": {"zh-Hans": "装修登记", "zh-Hant": "裝修登記", "en": "Renovations"},
    "fee_ledger": {"zh-Hans": "收费台账", "zh-Hant": "收費台賬", "en": "Fee ledger"},
    "fee_ledger.receipts": {"zh-Hans": "收费明细", "zh-Hant": "收費明細", "en": "Receipts"},
    "fee_ledger.schedule": {"zh-Hans": "收费标准", "zh-Hant": "收費標準", "en": "Fee schedule"},
    "fee_ledger.handover": {"zh-Hans": "日结上交", "zh-Hant": "日結上交", "en": "Daily handover"},
    "fee_ledger.expenditures": {"zh-Hans": "支出明细", "zh-Hant": "支出明細", "en": "Expenditures"},
    "fee_ledger.cash_counts": {"zh-Hans": "现金盘点", "zh-Hant": "現金盤點", "en": "Cash counts"},
    "duty_log": {"zh-Hans": "值班记录表", "zh-Hant": "值班記錄表", "en": "Duty log"},
    "handovers": {"zh-Hans": "交接班记录", "zh-Hant": "交接班記錄", "en": "Shift handovers"},
    "office": {"zh-Hans": "整个办公文件夹", "zh-Hant": "整個辦公資料夾", "en": "Office folder"},
}

TYPE_NAMES: dict[str, T] = {
    "date": {"zh-Hans": "日期", "zh-Hant": "日期", "en": "a date"},
    "datetime": {"zh-Hans": "日期时间", "zh-Hant": "日期時間", "en": "a date and time"},
    "time": {"zh-Hans": "时间", "zh-Hant": "時間", "en": "a time"},
    "money": {"zh-Hans": "金额", "zh-Hant": "金額", "en": "an amount of money"},
    "number": {"zh-Hans": "数字", "zh-Hant": "數字", "en": "a number"},
    "int": {"zh-Hans": "整数", "zh-Hant": "整數", "en": "a whole number"},
    "phone": {"zh-Hans": "电话号码", "zh-Hant": "電話號碼", "en": "a phone number"},
    "bool": {"zh-Hans": "是/否", "zh-Hant": "是/否", "en": "yes/no"},
    "unit": {"zh-Hans": "房号（如 3-2-1501）", "zh-Hant": "房號（如 3-2-1501）", "en": "a unit (e.g. 3-2-1501)"},
    "enum": {"zh-Hans": "可选值之一：{choices}", "zh-Hant": "可選值之一：{choices}", "en": "one of: {choices}"},
    "period": {"zh-Hans": "所属期间（如 2026.10-2026.12）", "zh-Hant": "所屬期間（如 2026.10-2026.12）",
               "en": "a period (e.g. 2026.10-2026.12)"},
}

REASONS: dict[str, T] = {
    "encrypted": {"zh-Hans": "工作簿设有打开密码", "zh-Hant": "工作簿設有開啟密碼",
                  "en": "the workbook is password-protected"},
    "not-spreadsheet": {"zh-Hans": "不是电子表格文件（内容不是 Excel/WPS/ODS 格式）",
                        "zh-Hant": "不是電子表格檔案（內容不是 Excel/WPS/ODS 格式）",
                        "en": "not a spreadsheet (the content is not Excel, WPS or ODS)"},
    "corrupt": {"zh-Hans": "文件已损坏或格式不完整（{detail}）", "zh-Hant": "檔案已損壞或格式不完整（{detail}）",
                "en": "the file is corrupt or incomplete ({detail})"},
    "empty": {"zh-Hans": "文件为空（0 字节）", "zh-Hant": "檔案為空（0 位元組）", "en": "the file is empty (0 bytes)"},
    "too-large": {"zh-Hans": "文件过大（{detail}），超过设置 max_file_mb",
                  "zh-Hant": "檔案過大（{detail}），超過設定 max_file_mb",
                  "en": "the file is too large ({detail}), over the max_file_mb setting"},
    "too-many-cells": {"zh-Hans": "工作表跨越的单元格数过多（{detail}），超过设置 max_cells",
                       "zh-Hant": "工作表跨越的儲存格數過多（{detail}），超過設定 max_cells",
                       "en": "a sheet spans too many cells ({detail}), over the max_cells setting"},
    "locked": {"zh-Hans": "文件被占用或无权限读取，请关闭后重试", "zh-Hant": "檔案被佔用或無權限讀取，請關閉後重試",
               "en": "the file is locked or not readable; close it and try again"},
    "os-error": {"zh-Hans": "读取出错（{detail}）", "zh-Hant": "讀取出錯（{detail}）", "en": "read error ({detail})"},
    "changed": {"zh-Hans": "读取时文件正在被保存（{detail}），未核查此文件，请稍后重试",
                "zh-Hant": "讀取時檔案正在被儲存（{detail}），未核查此檔案，請稍後重試",
                "en": "the file was being saved while it was read ({detail}), so it was not checked; try again"},
    "zip-bomb": {"zh-Hans": "解压后体积异常（{detail}），超过设置 max_unzipped_mb / max_compression_ratio，疑似“压缩炸弹”",
                 "zh-Hant": "解壓後體積異常（{detail}），超過設定 max_unzipped_mb / max_compression_ratio，疑似「壓縮炸彈」",
                 "en": "it unpacks to an absurd size ({detail}), over the max_unzipped_mb / max_compression_ratio settings "
                       "(a \"zip bomb\")"},
    # why a platform statement is incomplete (registers.io.statements, registers.rules.payments)
    "statement-no-cover": {"zh-Hans": "{detail} 有该渠道的非现金收款，但没有覆盖这一天的平台对账单",
                           "zh-Hant": "{detail} 有該渠道的非現金收款，但沒有涵蓋這一天的平台對帳單",
                           "en": "there are receipts of this channel on {detail} but no platform statement covers that day"},
    "statement-truncated": {"zh-Hans": "对账单在第 {detail} 行中断，缺少汇总（文件不完整，请重新下载）",
                            "zh-Hant": "對帳單在第 {detail} 行中斷，缺少匯總（檔案不完整，請重新下載）",
                            "en": "the statement stops at line {detail} without its summary (incomplete: download it again)"},
    "statement-summary": {"zh-Hans": "汇总与明细不符（明细笔数 / 金额 ≠ 汇总：{detail}）",
                          "zh-Hant": "匯總與明細不符（明細筆數 / 金額 ≠ 匯總：{detail}）",
                          "en": "the summary disagrees with the details (details count / amount ≠ summary: {detail})"},
    "statement-bad-line": {"zh-Hans": "第 {detail} 行无法读取（字段缺失或格式不符），其后的明细未核对",
                           "zh-Hant": "第 {detail} 行無法讀取（欄位缺失或格式不符），其後的明細未核對",
                           "en": "line {detail} cannot be read (fields missing or malformed); the details after it were not checked"},
    "statement-unreadable": {"zh-Hans": "文件无法按 UTF-8 或 GBK 读取（{detail}）",
                             "zh-Hant": "檔案無法按 UTF-8 或 GBK 讀取（{detail}）",
                             "en": "the file cannot be read as UTF-8 or GBK ({detail})"},
}

UI: dict[str, T] = {
    "rule": {"zh-Hans": "规则", "zh-Hant": "規則", "en": "Rule"},
    "clause": {"zh-Hans": "条款", "zh-Hant": "條款", "en": "Clause"},
    "severity": {"zh-Hans": "级别", "zh-Hant": "級別", "en": "Severity"},
    "cell": {"zh-Hans": "位置", "zh-Hant": "位置", "en": "Cell"},
    "message": {"zh-Hans": "说明", "zh-Hant": "說明", "en": "Message"},
    "title": {"zh-Hans": "名称", "zh-Hant": "名稱", "en": "Title"},
    "error": {"zh-Hans": "错误", "zh-Hant": "錯誤", "en": "error"},
    "warning": {"zh-Hans": "警告", "zh-Hant": "警告", "en": "warning"},
    "info": {"zh-Hans": "提示", "zh-Hant": "提示", "en": "info"},
    "summary": {"zh-Hans": "{office}  {start} 至 {end}（截至 {as_of}）：错误 {error} 项，警告 {warning} 项，提示 {info} 项",
                "zh-Hant": "{office}  {start} 至 {end}（截至 {as_of}）：錯誤 {error} 項，警告 {warning} 項，提示 {info} 項",
                "en": "{office}  {start} to {end} (as of {as_of}): {error} errors, {warning} warnings, {info} notes"},
    "clean": {"zh-Hans": "未发现问题。", "zh-Hant": "未發現問題。", "en": "No findings."},
    "reading": {"zh-Hans": "读取台账", "zh-Hant": "讀取台賬", "en": "Reading registers"},
    "checking": {"zh-Hans": "核查规则", "zh-Hant": "核查規則", "en": "Checking rules"},
    "no-workbooks": {"zh-Hans": "{dir} 中没有找到任何电子表格（.xlsx/.xls/.ods）——这是管理处的台账文件夹吗？",
                     "zh-Hant": "{dir} 中沒有找到任何電子表格（.xlsx/.xls/.ods）——這是管理處的台賬資料夾嗎？",
                     "en": "No spreadsheet (.xlsx/.xls/.ods) found in {dir} — is this the office's register folder?"},
    "no-dir": {"zh-Hans": "文件夹不存在：{dir}", "zh-Hant": "資料夾不存在：{dir}", "en": "No such folder: {dir}"},
    "rule-crashed": {"zh-Hans": "规则 {rule} 运行出错：{error}（其余规则照常核查）",
                     "zh-Hant": "規則 {rule} 執行出錯：{error}（其餘規則照常核查）",
                     "en": "rule {rule} crashed: {error} (the other rules still ran)"},
    "sheets-read": {"zh-Hans": "已识别的工作表", "zh-Hant": "已識別的工作表", "en": "Sheets recognised"},
    "sheets-ignored": {"zh-Hans": "未识别（已忽略）的工作表", "zh-Hant": "未識別（已忽略）的工作表",
                       "en": "Sheets not recognised (ignored)"},
    "setting": {"zh-Hans": "设置项", "zh-Hant": "設定項", "en": "Setting"},
    "open-elsewhere": {"zh-Hans": "注意：{file} 旁有锁文件 {lock}，可能正在 Excel/WPS 中打开——核查的是最后一次保存的内容，未保存的修改不在其中；保存后请再核查一次。",
                       "zh-Hant": "注意：{file} 旁有鎖定檔 {lock}，可能正在 Excel/WPS 中開啟——核查的是最後一次儲存的內容，未儲存的修改不在其中；儲存後請再核查一次。",
                       "en": "Note: {file} has a lock file ({lock}) beside it, so it is probably open in Excel/WPS — the last saved version was checked, without unsaved changes; save it and check again."},
}


def ui(key: str, lang: str, **kw: Any) -> str:
    text = UI[key].get(lang) or UI[key]["zh-Hans"]
    return text.format(**kw) if kw else text


def register_name(key: str, lang: str) -> str:
    names = REGISTER_NAMES.get(key)
    if names is None:
        return key
    return names.get(lang, names["zh-Hans"])


def _format_arg(name: str, value: Any, lang: str, show_personal: bool) -> Any:
    if name.endswith("_fen") or name in {"amount", "expected", "actual", "difference"}:
        return format_money(value) if isinstance(value, int) else value
    if name == "field" and isinstance(value, str) and ":" in value:
        kind_key, field_name = value.split(":", 1)
        sheet_kind = KIND_BY_KEY.get(kind_key)
        if sheet_kind is not None:
            try:
                return field_label(sheet_kind, field_name, lang)
            except KeyError:
                return field_name
    if name == "register_name":
        return register_name(str(value), lang)
    if name == "reason" and isinstance(value, str):
        reason, _, detail = value.partition("|")
        table = REASONS.get(reason)
        if table:
            return table.get(lang, table["zh-Hans"]).format(detail=detail)
    if name == "type" and isinstance(value, str):
        kind_name, _, choices = value.partition("|")
        table = TYPE_NAMES.get(kind_name)
        if table:
            return table.get(lang, table["zh-Hans"]).format(choices=choices)
    if name == "phone" and not show_personal:
        return mask_phone(value)
    if isinstance(value, str) and not show_personal:
        return mask_phones_in(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return value


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_message(finding: Finding, lang: str = "zh-Hans", *, show_personal: bool = False) -> str:
    """The finding's message in ``lang``, from its rule's catalogue entry."""
    from registers.rules import catalogue

    if "crash" in finding.args:
        return ui("rule-crashed", lang, rule=finding.rule, error=finding.args["crash"])
    rule = catalogue().get(finding.rule)
    if rule is None:
        return finding.rule
    template = rule.message.get(lang) or rule.message["zh-Hans"]
    args = _Missing({k: _format_arg(k, v, lang, show_personal) for k, v in finding.args.items()})
    args.setdefault("key", shown_text(finding.key or "", show_personal=show_personal))
    if finding.value is not None and "value" not in args:
        args["value"] = shown_value(finding, show_personal=show_personal)
    return template.format_map(args)


def _is_phone_field(ref: object) -> bool:
    if not isinstance(ref, str) or ":" not in ref:
        return False
    kind_key, field_name = ref.split(":", 1)
    kind = KIND_BY_KEY.get(kind_key)
    return kind is not None and any(f.name == field_name and f.kind == "phone" for f in kind.fields)


_DIGIT_RUN = re.compile(r"\d{7,}")
# A mobile (138 0013 8000, 138-0013-8000, +86 13800138000) or a landline with its area code
# (0552-3871234) inside free text; not part of a longer run of digits (order numbers, ids).
_MOBILE_IN_TEXT = re.compile(r"(?<![\d*])((?:\+?86[ -]?)?1[3-9]\d)([ -]?)\d{4}\2(\d{4})(?![\d*])")
_LANDLINE_IN_TEXT = re.compile(r"(?<![\d*])(\(?0\d{2,3}\)?)([ -]|(?<=\)))(\d{3,4})(\d{4})(?![\d*])")


_FOUR_DIGITS = re.compile(r"\d{4}")  # both kinds of number end in four digits


def mask_phones_in(text: str) -> str:
    """Phone numbers inside free text masked as the phone columns are: ``请回电13800138000`` →
    ``请回电138****8000``, ``0552-3871234`` → ``0552-***1234``."""
    if not _FOUR_DIGITS.search(text):
        return text  # no phone number can be in it (the reports ask this of every cell: a quick no)
    return _mask_phones_in(text)


@functools.lru_cache(maxsize=1 << 16)
def _mask_phones_in(text: str) -> str:
    text = _MOBILE_IN_TEXT.sub(lambda m: f"{m[1]}****{m[3]}", text)
    return _LANDLINE_IN_TEXT.sub(lambda m: f"{m[1]}{m[2]}{'*' * len(m[3])}{m[4]}", text)


def shown_text(text: str, *, show_personal: bool = False) -> str:
    """Register text as reports show it: phone numbers in it masked unless personal data was asked for."""
    return text if show_personal or not text else mask_phones_in(text)


def shown_phone(phone: str | None, *, show_personal: bool = False) -> str:
    """A phone column's value as reports show it: ``138****8000`` unless personal data was asked for."""
    if not phone:
        return ""
    return phone if show_personal else mask_phone(phone) or ""


def shown_value(finding: Finding, *, show_personal: bool = False) -> str | None:
    """The offending value as reports show it: a phone number (even a mistyped one) is masked
    (``138****8000``) unless personal data was asked for, and so is a phone number inside any other value."""
    value = finding.value
    if value is None or show_personal:
        return value
    if not _is_phone_field(finding.args.get("field")):
        return mask_phones_in(value)
    return _DIGIT_RUN.sub(lambda m: m.group()[:3] + "*" * (len(m.group()) - 7) + m.group()[-4:], value)


def rule_title(rule_id: str, lang: str) -> str:
    from registers.rules import catalogue

    rule = catalogue().get(rule_id)
    if rule is None:
        return rule_id
    return rule.title.get(lang) or rule.title["zh-Hans"]

"""The words of the day close (日结) in Simplified Chinese, Traditional Chinese and English."""

from __future__ import annotations

from typing import Any

T = dict[str, str]

WORDS: dict[str, T] = {
    "title": {"zh-Hans": "日结", "zh-Hant": "日結", "en": "Day close"},
    "as_of": {"zh-Hans": "截至", "zh-Hant": "截至", "en": "As of"},
    "cash": {"zh-Hans": "收款与现金上交", "zh-Hant": "收款與現金上交", "en": "Receipts and cash handed over"},
    "cashier": {"zh-Hans": "收款人", "zh-Hant": "收款人", "en": "Cashier"},
    "receipts": {"zh-Hans": "收据数", "zh-Hant": "收據數", "en": "Receipts"},
    "expected_cash": {"zh-Hans": "现金应交", "zh-Hant": "現金應交", "en": "Cash expected"},
    "handed": {"zh-Hans": "现金已交", "zh-Hant": "現金已交", "en": "Cash handed over"},
    "difference": {"zh-Hans": "差额", "zh-Hant": "差額", "en": "Difference"},
    "微信": {"zh-Hans": "微信", "zh-Hant": "微信", "en": "WeChat"},
    "支付宝": {"zh-Hans": "支付宝", "zh-Hant": "支付寶", "en": "Alipay"},
    "银行卡": {"zh-Hans": "银行卡", "zh-Hant": "銀行卡", "en": "Bank card"},
    "转账": {"zh-Hans": "转账", "zh-Hant": "轉賬", "en": "Transfer"},
    "noncash": {"zh-Hans": "非现金合计", "zh-Hant": "非現金合計", "en": "Non-cash"},
    "total": {"zh-Hans": "收款合计", "zh-Hant": "收款合計", "en": "Total received"},
    "status": {"zh-Hans": "状态", "zh-Hant": "狀態", "en": "Status"},
    "sum": {"zh-Hans": "合计", "zh-Hant": "合計", "en": "Total"},
    "cleared": {"zh-Hans": "已日清", "zh-Hant": "已日清", "en": "cleared"},
    "short": {"zh-Hans": "短款", "zh-Hant": "短款", "en": "short"},
    "over": {"zh-Hans": "长款", "zh-Hant": "長款", "en": "over"},
    "no-handover": {"zh-Hans": "无日结上交记录", "zh-Hant": "無日結上交記錄", "en": "no handover row"},
    "unsure": {"zh-Hans": "有无法识别的金额或收款方式", "zh-Hant": "有無法識別的金額或收款方式",
               "en": "an amount or method could not be read"},
    "no-receipts": {"zh-Hans": "当日无收款", "zh-Hant": "當日無收款", "en": "no receipts this day"},
    "large": {"zh-Hans": "大额收款（≥ {limit}）", "zh-Hant": "大額收款（≥ {limit}）",
              "en": "Large receipts (≥ {limit})"},
    "receipt_no": {"zh-Hans": "收据号", "zh-Hant": "收據號", "en": "Receipt"},
    "unit": {"zh-Hans": "房号", "zh-Hant": "房號", "en": "Unit"},
    "item": {"zh-Hans": "收费项目", "zh-Hant": "收費項目", "en": "Item"},
    "method": {"zh-Hans": "收款方式", "zh-Hant": "收款方式", "en": "Method"},
    "amount": {"zh-Hans": "金额", "zh-Hant": "金額", "en": "Amount"},
    "reported": {"zh-Hans": "已报", "zh-Hant": "已報", "en": "Reported"},
    "yes": {"zh-Hans": "是", "zh-Hant": "是", "en": "yes"},
    "no": {"zh-Hans": "否", "zh-Hant": "否", "en": "no"},
    "none": {"zh-Hans": "无", "zh-Hant": "無", "en": "none"},
    "ranges": {"zh-Hans": "当日收据号", "zh-Hant": "當日收據號", "en": "Receipt numbers used"},
    "series": {"zh-Hans": "字头", "zh-Hant": "字頭", "en": "Series"},
    "first": {"zh-Hans": "起号", "zh-Hant": "起號", "en": "First"},
    "last": {"zh-Hans": "止号", "zh-Hant": "止號", "en": "Last"},
    "used": {"zh-Hans": "张数", "zh-Hant": "張數", "en": "Used"},
    "void": {"zh-Hans": "作废", "zh-Hant": "作廢", "en": "Void"},
    "missing": {"zh-Hans": "缺号", "zh-Hant": "缺號", "en": "Missing"},
    "repairs": {"zh-Hans": "超时未结的报修", "zh-Hant": "超時未結的報修", "en": "Open repairs past their limits"},
    "repair_id": {"zh-Hans": "报修编号", "zh-Hant": "報修編號", "en": "Repair"},
    "reported_at": {"zh-Hans": "报修时间", "zh-Hant": "報修時間", "en": "Reported"},
    "address": {"zh-Hans": "地址", "zh-Hant": "地址", "en": "Address"},
    "content": {"zh-Hans": "报修内容", "zh-Hant": "報修內容", "en": "Content"},
    "resident": {"zh-Hans": "住户", "zh-Hant": "住戶", "en": "Resident"},
    "phone": {"zh-Hans": "联系电话", "zh-Hant": "聯繫電話", "en": "Phone"},
    "problem": {"zh-Hans": "情况", "zh-Hant": "情況", "en": "Problem"},
    "not-dispatched": {"zh-Hans": "未通知维修", "zh-Hant": "未通知維修", "en": "not dispatched"},
    "overdue": {"zh-Hans": "超时未完成", "zh-Hant": "超時未完成", "en": "overdue"},
    "deadline": {"zh-Hans": "时限", "zh-Hant": "時限", "en": "Due by"},
    "hours_late": {"zh-Hans": "超时（小时）", "zh-Hant": "超時（小時）", "en": "Hours late"},
    "keys": {"zh-Hans": "未归还的钥匙", "zh-Hant": "未歸還的鑰匙", "en": "Keys still out"},
    "key_id": {"zh-Hans": "钥匙编号", "zh-Hant": "鑰匙編號", "en": "Key"},
    "out_at": {"zh-Hans": "借出时间", "zh-Hant": "借出時間", "en": "Out at"},
    "borrower": {"zh-Hans": "借用人", "zh-Hant": "借用人", "en": "Borrower"},
    "department": {"zh-Hans": "部门", "zh-Hant": "部門", "en": "Department"},
    "purpose": {"zh-Hans": "事由", "zh-Hant": "事由", "en": "Purpose"},
    "due": {"zh-Hans": "应还时间", "zh-Hant": "應還時間", "en": "Due"},
    "key-overdue": {"zh-Hans": "逾期", "zh-Hant": "逾期", "en": "overdue"},
    "key-out": {"zh-Hans": "借出中", "zh-Hant": "借出中", "en": "out"},
    "findings": {"zh-Hans": "当日问题", "zh-Hant": "當日問題", "en": "Findings of the day"},
    "findings_counts": {
        "zh-Hans": "问题：错误 {error} 项，警告 {warning} 项，提示 {info} 项；"
                   "新增 {new}，仍未解决 {open}，已解决 {resolved}",
        "zh-Hant": "問題：錯誤 {error} 項，警告 {warning} 項，提示 {info} 項；"
                   "新增 {new}，仍未解決 {open}，已解決 {resolved}",
        "en": "Findings: {error} errors, {warning} warnings, {info} notes; "
              "{new} new, {open} still open, {resolved} resolved",
    },
    "see_sheet": {"zh-Hans": "明细见工作表“{sheet}”。", "zh-Hant": "明細見工作表「{sheet}」。",
                  "en": "Details on the sheet '{sheet}'."},
    "history-state": {"zh-Hans": "跟踪", "zh-Hant": "跟蹤", "en": "Tracking"},
    "new": {"zh-Hans": "新增", "zh-Hant": "新增", "en": "new"},
    "open": {"zh-Hans": "{since} 起未解决", "zh-Hant": "{since} 起未解決", "en": "still open since {since}"},
    "resolved": {"zh-Hans": "上次核查后已解决", "zh-Hant": "上次核查後已解決", "en": "Resolved since the last run"},
    "resolved-state": {"zh-Hans": "已解决", "zh-Hant": "已解決", "en": "resolved"},
    "history-off": {"zh-Hans": "未记录运行历史", "zh-Hant": "未記錄運行歷史", "en": "run history not recorded"},
    "history-broken": {"zh-Hans": "运行历史不可用：{reason}", "zh-Hant": "運行歷史不可用：{reason}",
                       "en": "run history unavailable: {reason}"},
    "previous": {"zh-Hans": "上次日结：{when}", "zh-Hant": "上次日結：{when}", "en": "Previous close: {when}"},
    "first-run": {"zh-Hans": "本日首次日结", "zh-Hant": "本日首次日結", "en": "first close of this day"},
    "severity": {"zh-Hans": "级别", "zh-Hant": "級別", "en": "Severity"},
    "rule": {"zh-Hans": "规则", "zh-Hant": "規則", "en": "Rule"},
    "cell": {"zh-Hans": "位置", "zh-Hant": "位置", "en": "Cell"},
    "file": {"zh-Hans": "文件", "zh-Hant": "檔案", "en": "File"},
    "sheet": {"zh-Hans": "工作表", "zh-Hant": "工作表", "en": "Sheet"},
    "key": {"zh-Hans": "编号", "zh-Hant": "編號", "en": "Key"},
    "date": {"zh-Hans": "日期", "zh-Hant": "日期", "en": "Date"},
    "message": {"zh-Hans": "说明", "zh-Hant": "說明", "en": "Message"},
    "error": {"zh-Hans": "错误", "zh-Hant": "錯誤", "en": "error"},
    "warning": {"zh-Hans": "警告", "zh-Hant": "警告", "en": "warning"},
    "info": {"zh-Hans": "提示", "zh-Hant": "提示", "en": "info"},
    "prepared_by": {"zh-Hans": "制表人：", "zh-Hant": "製表人：", "en": "Prepared by:"},
    "reviewed_by": {"zh-Hans": "审核人：", "zh-Hant": "審核人：", "en": "Reviewed by:"},
    "sign_date": {"zh-Hans": "日期：", "zh-Hant": "日期：", "en": "Date:"},
    "page": {"zh-Hans": "第 &P 页，共 &N 页", "zh-Hant": "第 &P 頁，共 &N 頁", "en": "Page &P of &N"},
    "clean": {"zh-Hans": "当日未发现问题。", "zh-Hant": "當日未發現問題。", "en": "No findings for the day."},
    "written": {"zh-Hans": "已写入", "zh-Hant": "已寫入", "en": "written"},
    "money_note": {"zh-Hans": "金额单位：元；差额 = 已交 − 应交，负数为短款。",
                   "zh-Hant": "金額單位：元；差額 = 已交 − 應交，負數為短款。",
                   "en": "Amounts in yuan; difference = handed over − expected, negative means short."},
    # non-cash receipts against the platform statements (微信 / 支付宝 / 银行)
    "noncash_check": {"zh-Hans": "非现金对账", "zh-Hant": "非現金對帳",
                      "en": "Non-cash receipts against the platforms"},
    "channel": {"zh-Hans": "渠道", "zh-Hant": "渠道", "en": "Channel"},
    "银行": {"zh-Hans": "银行", "zh-Hant": "銀行", "en": "Bank"},
    "ledger": {"zh-Hans": "台账收款", "zh-Hant": "台帳收款", "en": "Ledger"},
    "payments_count": {"zh-Hans": "平台笔数", "zh-Hant": "平台筆數", "en": "Payments"},
    "platform_received": {"zh-Hans": "平台收款", "zh-Hant": "平台收款", "en": "Platform received"},
    "platform_refunded": {"zh-Hans": "平台退款", "zh-Hant": "平台退款", "en": "Refunded"},
    "fees": {"zh-Hans": "手续费", "zh-Hant": "手續費", "en": "Fees"},
    "statement": {"zh-Hans": "对账单", "zh-Hant": "對帳單", "en": "Statement"},
    "cover-covered": {"zh-Hans": "对账单覆盖当日", "zh-Hant": "對帳單涵蓋當日", "en": "a statement covers the day"},
    "cover-incomplete": {"zh-Hans": "对账单不完整，差额仅供参考", "zh-Hant": "對帳單不完整，差額僅供參考",
                         "en": "the statement is incomplete: the difference is indicative only"},
    "cover-none": {"zh-Hans": "无对账单覆盖当日，未对账", "zh-Hant": "無對帳單涵蓋當日，未對帳",
                   "en": "no statement covers the day: not reconciled"},
    "no-statements": {"zh-Hans": "办公室文件夹中没有平台对账单（微信、支付宝、银行），非现金收款未与平台核对。",
                      "zh-Hant": "辦公室資料夾中沒有平台對帳單（微信、支付寶、銀行），非現金收款未與平台核對。",
                      "en": "No platform statement (WeChat Pay, Alipay, bank) in the office folder: non-cash "
                            "receipts are not checked against the platforms."},
    "noncash_note": {
        "zh-Hans": "台账收款 = 当日未作废、金额大于零的非现金收据（银行 = 银行卡 + 转账）；平台收款为当日到账金额，"
                   "未扣退款和手续费；差额 = 台账 − 平台收款，正数为台账已记而平台未收到，负数为平台已收而台账未记。",
        "zh-Hant": "台帳收款 = 當日未作廢、金額大於零的非現金收據（銀行 = 銀行卡 + 轉賬）；平台收款為當日到帳金額，"
                   "未扣退款和手續費；差額 = 台帳 − 平台收款，正數為台帳已記而平台未收到，負數為平台已收而台帳未記。",
        "en": "Ledger = the day's non-cash receipts, not voided, above zero (bank = card + transfer); platform "
              "received = what arrived that day, before refunds and fees; difference = ledger − platform: "
              "positive, recorded but not received; negative, received but not recorded.",
    },
    "unpaid": {"zh-Hans": "台账有、平台无的收款", "zh-Hant": "台帳有、平台無的收款",
               "en": "Receipts with no platform payment"},
    "unrecorded": {"zh-Hans": "平台有、台账无的收款和退款", "zh-Hant": "平台有、台帳無的收款和退款",
                   "en": "Platform payments and refunds not in the ledger"},
    "time": {"zh-Hans": "时间", "zh-Hant": "時間", "en": "Time"},
    "line": {"zh-Hans": "行", "zh-Hant": "行", "en": "Line"},
    "order_no": {"zh-Hans": "平台单号", "zh-Hant": "平台單號", "en": "Platform number"},
    "st-unmatched": {"zh-Hans": "平台无此收款", "zh-Hant": "平台無此收款", "en": "no such platform payment"},
    "st-reused": {"zh-Hans": "认领的收款 {order} 已对应其他收据", "zh-Hant": "認領的收款 {order} 已對應其他收據",
                  "en": "claims payment {order}, which pays another receipt"},
    "st-unrecorded": {"zh-Hans": "收款未入账", "zh-Hant": "收款未入帳", "en": "payment not in the ledger"},
    "st-refunded": {"zh-Hans": "收款未入账（已全额退款）", "zh-Hant": "收款未入帳（已全額退款）",
                    "en": "payment not in the ledger (refunded in full)"},
    "st-refund": {"zh-Hans": "退款未登记（无作废或负数收据）", "zh-Hant": "退款未登記（無作廢或負數收據）",
                  "en": "refund not recorded (no voided or negative receipt)"},
}


def word(key: str, lang: str, **kw: Any) -> str:
    table = WORDS[key]
    text = table.get(lang) or table["zh-Hans"]
    return text.format(**kw) if kw else text


def coverage_text(coverage: str, lang: str) -> str:
    """Whether a statement covers a channel's day (``registers.reports.day.compute.COVERED`` …), in words."""
    return word(f"cover-{coverage}", lang)


def problem_text(status: str, lang: str, *, kind: str = "payment", order: str = "") -> str:
    """Why a receipt or a platform payment is listed under the non-cash check."""
    if kind != "payment":
        return word("st-refund", lang)
    if status == "reused":
        return word("st-reused", lang, order=order or "—")
    return word({"unmatched": "st-unmatched", "refunded": "st-refunded"}.get(status, "st-unrecorded"), lang)

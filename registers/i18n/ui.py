"""The interface's own words: findings tables' headings, severities, the summary line, progress, errors of a run
(``UI``), and the words every report shares (``REPORTS``: signatures, page footers, yes/no, common columns).

The words used by more than one output live here once; a report's own words are in its module
(``day``, ``monthly``, ``group``).
"""

from __future__ import annotations

T = dict[str, str]

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
    "as-of-before-period": {
        "zh-Hans": "截至时刻 {as_of} 在所查期间（{start} 至 {end}）开始之前：那时期间尚未开始，时限无从计算。"
                   "请给出期间内或之后的时刻，或不写 --as-of（默认：期间结束，若尚未结束则为现在）。",
        "zh-Hant": "截至時刻 {as_of} 在所查期間（{start} 至 {end}）開始之前：那時期間尚未開始，時限無從計算。"
                   "請給出期間內或之後的時刻，或不寫 --as-of（預設：期間結束，若尚未結束則為現在）。",
        "en": "--as-of {as_of} is before the period checked ({start} to {end}) begins: nothing of it can be judged "
              "then. Give a moment in or after the period, or leave --as-of out (default: the period's end, or "
              "now if that is earlier).",
    },
    "file-not-dir": {
        "zh-Hans": "{path} 是一个文件，不是管理处文件夹：请给出它所在的文件夹，例如 {dir}（该文件夹里的台账都会核查）",
        "zh-Hant": "{path} 是一個檔案，不是管理處資料夾：請給出它所在的資料夾，例如 {dir}（該資料夾裡的台賬都會核查）",
        "en": "{path} is a file, not an office folder: give the folder that holds it, e.g. {dir} (every register in "
              "it is checked)",
    },
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

REPORTS: dict[str, T] = {
    "findings-book": {"zh-Hans": "核查结果", "zh-Hant": "核查結果", "en": "Findings"},
    "register": {"zh-Hans": "台账", "zh-Hant": "台賬", "en": "Register"},
    "value": {"zh-Hans": "原值", "zh-Hant": "原值", "en": "Value"},
    "as_of": {"zh-Hans": "截至", "zh-Hant": "截至", "en": "As of"},
    "status": {"zh-Hans": "状态", "zh-Hant": "狀態", "en": "Status"},
    "sum": {"zh-Hans": "合计", "zh-Hant": "合計", "en": "Total"},
    "unit": {"zh-Hans": "房号", "zh-Hant": "房號", "en": "Unit"},
    "amount": {"zh-Hans": "金额", "zh-Hant": "金額", "en": "Amount"},
    "yes": {"zh-Hans": "是", "zh-Hant": "是", "en": "yes"},
    "no": {"zh-Hans": "否", "zh-Hant": "否", "en": "no"},
    "phone": {"zh-Hans": "联系电话", "zh-Hant": "聯繫電話", "en": "Phone"},
    "date": {"zh-Hans": "日期", "zh-Hant": "日期", "en": "Date"},
    "prepared_by": {"zh-Hans": "制表人：", "zh-Hant": "製表人：", "en": "Prepared by:"},
    "reviewed_by": {"zh-Hans": "审核人：", "zh-Hant": "審核人：", "en": "Reviewed by:"},
    "sign_date": {"zh-Hans": "日期：", "zh-Hant": "日期：", "en": "Date:"},
    "page": {"zh-Hans": "第 &P 页，共 &N 页", "zh-Hant": "第 &P 頁，共 &N 頁", "en": "Page &P of &N"},
    "written": {"zh-Hans": "已写入", "zh-Hant": "已寫入", "en": "written"},
}

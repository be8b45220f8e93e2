"""Every command's help, description and examples (``registers <command> --help``), in three languages."""

from __future__ import annotations

T = dict[str, str]

# every command's help (registers/cli/*.py)
HELP: dict[str, T] = {
    "cli.main.desc": {"zh-Hans": "对照规范检查物业管理处的 Excel 台账。",
                      "zh-Hant": "對照規範檢查物業管理處的 Excel 台賬。",
                      "en": "Check a property-management office's Excel registers (台账) against the regulation."},
    "cli.main.commands": {"zh-Hans": "命令", "zh-Hant": "命令", "en": "commands"},
    "cli.opt.office-dir": {"zh-Hans": "存放台账的管理处文件夹", "zh-Hant": "存放台賬的管理處資料夾",
                           "en": "the office folder holding the registers"},
    "cli.opt.format": {"zh-Hans": "输出格式（默认：text）", "zh-Hant": "輸出格式（預設：text）",
                       "en": "output format (default: text)"},
    "cli.opt.lang": {"zh-Hans": "界面和报告的语言（默认：管理处 registers.toml 中的 language，否则简体中文）",
                     "zh-Hant": "介面和報告的語言（預設：管理處 registers.toml 中的 language，否則簡體中文）",
                     "en": "language of the messages and reports (default: the office's registers.toml language, "
                           "else Simplified Chinese)"},
    "cli.opt.no-history": {"zh-Hans": "不把本次运行记入运行记录（.registers/history.sqlite）",
                           "zh-Hant": "不把本次執行記入執行記錄（.registers/history.sqlite）",
                           "en": "do not record this run in the run history (.registers/history.sqlite)"},
    "cli.opt.show-personal": {"zh-Hans": "显示完整电话号码（默认遮蔽为 138****8000）；会记入运行记录",
                              "zh-Hant": "顯示完整電話號碼（預設遮蔽為 138****8000）；會記入執行記錄",
                              "en": "show phone numbers unmasked (masked 138****8000 by default); recorded in the "
                                    "run history"},
    "cli.opt.as-of": {"zh-Hans": "衡量时限的时刻（默认：期间结束时，若尚未结束则为现在）",
                      "zh-Hant": "衡量時限的時刻（預設：期間結束時，若尚未結束則為現在）",
                      "en": "the moment time limits are measured against (default: end of period or now, if earlier)"},
    "cli.opt.out": {"zh-Hans": "报告写入的文件夹（默认：管理处的 reports/ 文件夹）",
                    "zh-Hant": "報告寫入的資料夾（預設：管理處的 reports/ 資料夾）",
                    "en": "folder for written reports (default: the office's reports/ folder)"},
    # check
    "cli.check.help": {"zh-Hans": "检查一个管理处文件夹的台账并列出问题",
                       "zh-Hant": "檢查一個管理處資料夾的台賬並列出問題",
                       "en": "check an office folder's registers and list the findings"},
    "cli.check.desc": {
        "zh-Hans": "读取 OFFICE_DIR 下的每个工作簿，按表头认出各台账，并对照规范检查。台账本身从不修改；"
                   "本工具只写入运行记录（.registers/）和你要求的报告（reports/）。",
        "zh-Hant": "讀取 OFFICE_DIR 下的每個工作簿，依表頭認出各台賬，並對照規範檢查。台賬本身從不修改；"
                   "本工具只寫入執行記錄（.registers/）和你要求的報告（reports/）。",
        "en": "Read every workbook under OFFICE_DIR, recognise the registers by their headers, and check them against "
              "the regulation. The registers are never modified; the tool writes only its run history (.registers/) "
              "and the reports you ask for (reports/)."},
    "cli.check.epilog": {
        "zh-Hans": "示例：\n"
                   "  registers check 管理处台账                      本月，截至现在\n"
                   "  registers check 管理处台账 --month 2026-11      整月\n"
                   "  registers check 管理处台账 --date 2026-11-27    一天\n"
                   "  registers check 管理处台账 --select fee --ignore fee.receipt-gap\n"
                   "  registers check 管理处台账 --format json > findings.json\n\n"
                   "退出状态：0 没有错误级问题，1 有错误级问题，2 无法运行。\n"
                   "时间均为管理处当地时间（registers.toml 的 timezone，默认 Asia/Shanghai）。\n",
        "zh-Hant": "範例：\n"
                   "  registers check 管理處台賬                      本月，截至現在\n"
                   "  registers check 管理處台賬 --month 2026-11      整月\n"
                   "  registers check 管理處台賬 --date 2026-11-27    一天\n"
                   "  registers check 管理處台賬 --select fee --ignore fee.receipt-gap\n"
                   "  registers check 管理處台賬 --format json > findings.json\n\n"
                   "結束狀態：0 沒有錯誤級問題，1 有錯誤級問題，2 無法執行。\n"
                   "時間均為管理處當地時間（registers.toml 的 timezone，預設 Asia/Shanghai）。\n",
        "en": "examples:\n"
              "  registers check 管理处台账                      this month, as of now\n"
              "  registers check 管理处台账 --month 2026-11      a whole month\n"
              "  registers check 管理处台账 --date 2026-11-27    one day\n"
              "  registers check 管理处台账 --select fee --ignore fee.receipt-gap\n"
              "  registers check 管理处台账 --format json > findings.json\n\n"
              "exit status: 0 no error findings, 1 error findings, 2 could not run.\n"
              "Times are the office's local time (registers.toml: timezone, default Asia/Shanghai).\n"},
    "cli.check.office-dir": {"zh-Hans": "存放台账的管理处文件夹（用 --offices 时：集团文件夹）",
                             "zh-Hant": "存放台賬的管理處資料夾（用 --offices 時：集團資料夾）",
                             "en": "the office folder holding the registers (with --offices: the group folder)"},
    "cli.check.offices": {
        "zh-Hans": "OFFICE_DIR 是集团文件夹：并行检查其中每个管理处文件夹，并写出 reports/集团汇总 PERIOD.json 和 .xlsx（见下文）",
        "zh-Hant": "OFFICE_DIR 是集團資料夾：並行檢查其中每個管理處資料夾，並寫出 reports/集團彙總 PERIOD.json 和 .xlsx（見下文）",
        "en": "OFFICE_DIR is a group folder: check every office folder in it in parallel and write "
              "reports/集团汇总 PERIOD.json and .xlsx (see below)"},
    "cli.check.scheduler": {
        "zh-Hans": "配合 --offices：在这个 Dask 调度器（tcp://host:8786）上为每个管理处运行一个任务，而不用本机的处理器；"
                   "需先 pip install 'registers[dask]'（见 docs/group.md）",
        "zh-Hant": "配合 --offices：在這個 Dask 排程器（tcp://host:8786）上為每個管理處執行一個任務，而不用本機的處理器；"
                   "需先 pip install 'registers[dask]'（見 docs/group.md）",
        "en": "with --offices: run one task per office on this Dask scheduler (tcp://host:8786) instead of this "
              "machine's cores; needs pip install 'registers[dask]' (docs/group.md)"},
    "cli.check.month": {"zh-Hans": "检查一个月（默认：本月）", "zh-Hant": "檢查一個月（預設：本月）",
                        "en": "check one month (default: this month)"},
    "cli.check.date": {"zh-Hans": "检查一天", "zh-Hant": "檢查一天", "en": "check one day"},
    "cli.check.from": {"zh-Hans": "一段日期的第一天：配合 --to 查到那一天；单独使用时只查这一天",
                       "zh-Hant": "一段日期的第一天：配合 --to 查到那一天；單獨使用時只查這一天",
                       "en": "first day of a span of days: with --to, up to that day; alone, that one day only"},
    "cli.check.to": {"zh-Hans": "由 --from 开始的一段日期的最后一天（含当天）",
                     "zh-Hant": "由 --from 開始的一段日期的最後一天（含當天）",
                     "en": "last day of the span begun by --from (included)"},
    "cli.check.select": {"zh-Hans": "只用这些规则（规则 id 或前缀：fee、key.overdue、input.*）",
                         "zh-Hant": "只用這些規則（規則 id 或前綴：fee、key.overdue、input.*）",
                         "en": "only these rules (ids or prefixes: fee, key.overdue, input.*)"},
    "cli.check.ignore": {"zh-Hans": "跳过这些规则", "zh-Hant": "跳過這些規則", "en": "skip these rules"},
    "cli.check.show-personal": {"zh-Hans": "显示完整电话号码", "zh-Hant": "顯示完整電話號碼",
                                "en": "show phone numbers unmasked"},
    "cli.check.verbose": {"zh-Hans": "同时列出认出的和忽略的工作表", "zh-Hant": "同時列出認出的和忽略的工作表",
                          "en": "also list the sheets recognised and ignored"},
    "cli.check.xlsx": {"zh-Hans": "同时写出问题工作簿（reports/核查结果 DATE.xlsx），带指向单元格的链接",
                       "zh-Hant": "同時寫出問題工作簿（reports/核查結果 DATE.xlsx），帶指向儲存格的連結",
                       "en": "also write the findings workbook (reports/核查结果 DATE.xlsx) with links to the cells"},
    "cli.check.exit-zero": {"zh-Hans": "即使有错误级问题也以 0 退出（只查看而不让脚本失败）",
                            "zh-Hant": "即使有錯誤級問題也以 0 結束（只查看而不讓腳本失敗）",
                            "en": "exit 0 even when there are error findings (to look without failing a script)"},
}

HELP_GROUP: dict[str, T] = {
    "cli.group.help": {
        "zh-Hans": "集团的多个管理处（--offices）：\n"
                   "  registers check 集团 --offices --month 2026-11\n"
                   "      并行检查 集团 下的每个管理处文件夹（每个处理器一个进程），并写出\n"
                   "      集团/reports/集团汇总 2026-11.json 和 .xlsx（或写入 --out DIR）。\n"
                   "  管理处文件夹是含有 registers.toml 的文件夹（任意深度；其子文件夹归它所有），\n"
                   "  否则是 GROUP_DIR 下直接含有电子表格的子文件夹。\n"
                   "  隐藏文件夹和 GROUP_DIR/reports 会跳过。无法检查的管理处（registers.toml 有误、\n"
                   "  没有可读的内容、程序出错）会被报告，其余照常进行。\n"
                   "  每个管理处的运行记入它自己的 .registers/history.sqlite（--no-history：不记录）；\n"
                   "  --xlsx 还会把每个管理处的问题工作簿写入它自己的 reports/ 文件夹；\n"
                   "  -v 列出找到的管理处文件夹。\n"
                   "  --scheduler tcp://host:8786 改为在该 Dask 调度器的工作节点上为每个管理处运行一个任务\n"
                   "  （pip install 'registers[dask]'；工作节点需装好 registers，\n"
                   "  并能以相同路径访问管理处文件夹，例如在共享盘上）。\n"
                   "  退出状态：取各管理处单独 `registers check` 时最差的一个 —— 有管理处无法检查（或集团\n"
                   "  无法运行）为 2，否则有管理处存在错误级问题为 1（--exit-zero 时为 0），否则为 0。\n",
        "zh-Hant": "集團的多個管理處（--offices）：\n"
                   "  registers check 集團 --offices --month 2026-11\n"
                   "      並行檢查 集團 下的每個管理處資料夾（每個處理器一個程序），並寫出\n"
                   "      集團/reports/集團彙總 2026-11.json 和 .xlsx（或寫入 --out DIR）。\n"
                   "  管理處資料夾是含有 registers.toml 的資料夾（任意深度；其子資料夾歸它所有），\n"
                   "  否則是 GROUP_DIR 下直接含有試算表的子資料夾。\n"
                   "  隱藏資料夾和 GROUP_DIR/reports 會跳過。無法檢查的管理處（registers.toml 有誤、\n"
                   "  沒有可讀的內容、程式出錯）會被報告，其餘照常進行。\n"
                   "  每個管理處的執行記入它自己的 .registers/history.sqlite（--no-history：不記錄）；\n"
                   "  --xlsx 還會把每個管理處的問題工作簿寫入它自己的 reports/ 資料夾；\n"
                   "  -v 列出找到的管理處資料夾。\n"
                   "  --scheduler tcp://host:8786 改為在該 Dask 排程器的工作節點上為每個管理處執行一個任務\n"
                   "  （pip install 'registers[dask]'；工作節點需裝好 registers，\n"
                   "  並能以相同路徑存取管理處資料夾，例如在共用磁碟上）。\n"
                   "  結束狀態：取各管理處單獨 `registers check` 時最差的一個 —— 有管理處無法檢查（或集團\n"
                   "  無法執行）為 2，否則有管理處存在錯誤級問題為 1（--exit-zero 時為 0），否則為 0。\n",
        "en": "group of offices (--offices):\n"
              "  registers check 集团 --offices --month 2026-11\n"
              "      checks every office folder under 集团 in parallel (one process per core) and\n"
              "      writes 集团/reports/集团汇总 2026-11.json and .xlsx (or into --out DIR).\n"
              "  An office folder is a folder holding a registers.toml (at any depth; its subfolders\n"
              "  belong to it), or else a direct child folder of GROUP_DIR holding spreadsheets.\n"
              "  Hidden folders and GROUP_DIR/reports are skipped.  An office that cannot be checked\n"
              "  (bad registers.toml, nothing to read, a crash) is reported and the others go on.\n"
              "  Each office's run is recorded in its own .registers/history.sqlite (--no-history: none);\n"
              "  --xlsx also writes each office's findings workbook into its own reports/ folder;\n"
              "  -v lists the office folders found.\n"
              "  --scheduler tcp://host:8786 runs one task per office on that Dask scheduler's workers\n"
              "  instead (pip install 'registers[dask]'; the workers need registers installed and the\n"
              "  office folders under the same paths, e.g. on a shared drive).\n"
              "  exit status: the worst of what `registers check` would give each office — 2 when an\n"
              "  office could not be checked (or the group could not run), else 1 when any office has\n"
              "  error findings (0 with --exit-zero), else 0.\n"},
}

HELP_DAY: dict[str, T] = {
    "cli.day.help": {"zh-Hans": "日结：当日合计、现金交接、未结事项、问题", "zh-Hant": "日結：當日合計、現金交接、未結事項、問題",
                     "en": "the end-of-day close (日结): day totals, cash handed over, open items, findings"},
    "cli.day.desc": {
        "zh-Hans": "检查管理处台账中的一天并写出日结：按收费员和付款方式的收款（应交现金与实交现金）、大额收款、"
                   "所用收据号、超过时限的未完成报修、未归还的钥匙，以及当天的问题（标为新增 / 仍未解决 / 已解决）。",
        "zh-Hant": "檢查管理處台賬中的一天並寫出日結：按收費員和付款方式的收款（應交現金與實交現金）、大額收款、"
                   "所用收據號、超過時限的未完成報修、未歸還的鑰匙，以及當天的問題（標為新增 / 仍未解決 / 已解決）。",
        "en": "Check one day of the office's registers and write the day close: receipts per cashier and payment "
              "method (cash expected vs handed over), large receipts, receipt numbers used, open repairs past their "
              "limits, keys still out, and the day's findings marked new / still open / resolved."},
    "cli.day.epilog": {
        "zh-Hans": "示例：\n"
                   "  registers close-day 管理处台账                       今天，截至现在\n"
                   "  registers close-day 管理处台账 --date 2026-11-27     过去的一天，截至当天 23:59:59\n"
                   "  registers close-day 管理处台账 --date 2026-11-27 --format json > 日结.json\n\n"
                   "写入 OFFICE_DIR/reports/daily/（或 --out DIR/daily/）：\n"
                   "  2026-11-27 日结.xlsx   供打印签字的封面页，问题带指向收费员单元格的链接\n"
                   "  2026-11-27 日结.html   同样内容的网页\n"
                   "以及 OFFICE_DIR/reports/核查结果 2026-11-27.xlsx（问题工作簿）。\n"
                   "每次运行都记入 OFFICE_DIR/.registers/history.sqlite，因此问题会标为新增、\n"
                   "自某日起仍未解决，或自上次日结以来已解决。\n\n"
                   "退出状态：0 当天没有错误级问题，1 有错误级问题（计划任务可据此报警），2 无法运行。\n",
        "zh-Hant": "範例：\n"
                   "  registers close-day 管理處台賬                       今天，截至現在\n"
                   "  registers close-day 管理處台賬 --date 2026-11-27     過去的一天，截至當天 23:59:59\n"
                   "  registers close-day 管理處台賬 --date 2026-11-27 --format json > 日結.json\n\n"
                   "寫入 OFFICE_DIR/reports/daily/（或 --out DIR/daily/）：\n"
                   "  2026-11-27 日結.xlsx   供列印簽字的封面頁，問題帶指向收費員儲存格的連結\n"
                   "  2026-11-27 日結.html   同樣內容的網頁\n"
                   "以及 OFFICE_DIR/reports/核查結果 2026-11-27.xlsx（問題工作簿）。\n"
                   "每次執行都記入 OFFICE_DIR/.registers/history.sqlite，因此問題會標為新增、\n"
                   "自某日起仍未解決，或自上次日結以來已解決。\n\n"
                   "結束狀態：0 當天沒有錯誤級問題，1 有錯誤級問題（排程工作可據此警示），2 無法執行。\n",
        "en": "examples:\n"
              "  registers close-day 管理处台账                       today, as of now\n"
              "  registers close-day 管理处台账 --date 2026-11-27     a past day, as of 23:59:59 that day\n"
              "  registers close-day 管理处台账 --date 2026-11-27 --format json > 日结.json\n\n"
              "writes into OFFICE_DIR/reports/daily/ (or --out DIR/daily/):\n"
              "  2026-11-27 日结.xlsx   cover page to print and sign, findings with links to the clerk's cells\n"
              "  2026-11-27 日结.html   the same as a web page\n"
              "and OFFICE_DIR/reports/核查结果 2026-11-27.xlsx (the findings workbook).\n"
              "Each run is recorded in OFFICE_DIR/.registers/history.sqlite, so findings are\n"
              "marked new, still open since a date, or resolved since the last close of that day.\n\n"
              "exit status: 0 no error findings that day, 1 error findings (a scheduler can\n"
              "alert on it), 2 could not run.\n"},
    "cli.day.date": {"zh-Hans": "要日结的一天（默认：管理处时区的今天）", "zh-Hant": "要日結的一天（預設：管理處時區的今天）",
                     "en": "the day to close (default: today in the office's time zone)"},
    "cli.day.as-of": {"zh-Hans": "日结的时刻（默认：过去的一天为当天 23:59:59，今天为现在）",
                      "zh-Hant": "日結的時刻（預設：過去的一天為當天 23:59:59，今天為現在）",
                      "en": "the moment of the close (default: 23:59:59 of a past day, now for today)"},
    "cli.day.out": {"zh-Hans": "报告写入的文件夹（默认：管理处的 reports/ 文件夹）；日结写入 DIR/daily/",
                    "zh-Hant": "報告寫入的資料夾（預設：管理處的 reports/ 資料夾）；日結寫入 DIR/daily/",
                    "en": "folder for the reports (default: the office's reports/ folder); the day close goes into "
                          "DIR/daily/"},
}

HELP_MONTHLY: dict[str, T] = {
    "cli.monthly.help": {"zh-Hans": "月末报告：收支明细表、欠费、运营情况", "zh-Hant": "月末報告：收支明細表、欠費、營運情況",
                         "en": "the month-end report: income and expenditure statement (收支明细表), arrears, operations"},
    "cli.monthly.desc": {
        "zh-Hans": "检查管理处台账中的一个月并写出月报：含期初、期末库存现金的收支明细表（Excel 实时公式）、"
                   "逐日明细、欠费与收缴率、报修、钥匙，以及与上月相比的问题，附图表。",
        "zh-Hant": "檢查管理處台賬中的一個月並寫出月報：含期初、期末庫存現金的收支明細表（Excel 即時公式）、"
                   "逐日明細、欠費與收繳率、報修、鑰匙，以及與上月相比的問題，附圖表。",
        "en": "Check one month of the office's registers and write the monthly report: the income and expenditure "
              "statement with opening and closing cash on hand (live Excel formulas), the daily detail, arrears and "
              "the collection rate, repairs, keys and findings against last month, with charts."},
    "cli.monthly.epilog": {
        "zh-Hans": "示例：\n"
                   "  registers monthly 管理处台账 --month 2026-11\n"
                   "  registers monthly 管理处台账 --month 2026-11 --lang en --out /tmp/reports\n"
                   "  registers monthly 管理处台账 --month 2026-11 --format json > 2026-11.json\n\n"
                   "写入 OFFICE_DIR/reports/monthly/（或 --out DIR/monthly/）：\n"
                   "  2026-11 收支明细表.xlsx   供打印签字的报表（合计是对明细表的实时公式），\n"
                   "                           逐日明细、欠费、运营情况、图表\n"
                   "  2026-11 收支明细表.html   同样内容的网页\n"
                   "  2026-11 收支明细表.pdf    打印页面（装有 LibreOffice 即 soffice 时）\n"
                   "明细表列出本月的收支，期初库存现金从上月结转；\n"
                   "--full-detail 则列出建账以来的全部收支。\n"
                   "本次运行作为对该月的检查记入 OFFICE_DIR/.registers/history.sqlite，\n"
                   "因此下月的报告会显示各规则问题数的变化。\n\n"
                   "退出状态：0 本月没有错误级问题，1 有错误级问题，2 无法运行。\n",
        "zh-Hant": "範例：\n"
                   "  registers monthly 管理處台賬 --month 2026-11\n"
                   "  registers monthly 管理處台賬 --month 2026-11 --lang en --out /tmp/reports\n"
                   "  registers monthly 管理處台賬 --month 2026-11 --format json > 2026-11.json\n\n"
                   "寫入 OFFICE_DIR/reports/monthly/（或 --out DIR/monthly/）：\n"
                   "  2026-11 收支明細表.xlsx   供列印簽字的報表（合計是對明細表的即時公式），\n"
                   "                           逐日明細、欠費、營運情況、圖表\n"
                   "  2026-11 收支明細表.html   同樣內容的網頁\n"
                   "  2026-11 收支明細表.pdf    列印頁面（裝有 LibreOffice 即 soffice 時）\n"
                   "明細表列出本月的收支，期初庫存現金從上月結轉；\n"
                   "--full-detail 則列出建帳以來的全部收支。\n"
                   "本次執行作為對該月的檢查記入 OFFICE_DIR/.registers/history.sqlite，\n"
                   "因此下月的報告會顯示各規則問題數的變化。\n\n"
                   "結束狀態：0 本月沒有錯誤級問題，1 有錯誤級問題，2 無法執行。\n",
        "en": "examples:\n"
              "  registers monthly 管理处台账 --month 2026-11\n"
              "  registers monthly 管理处台账 --month 2026-11 --lang en --out /tmp/reports\n"
              "  registers monthly 管理处台账 --month 2026-11 --format json > 2026-11.json\n\n"
              "writes into OFFICE_DIR/reports/monthly/ (or --out DIR/monthly/):\n"
              "  2026-11 收支明细表.xlsx   the statement to print and sign (totals are live formulas over the\n"
              "                           detail sheet), daily detail, arrears, operations, charts\n"
              "  2026-11 收支明细表.html   the same as a web page\n"
              "  2026-11 收支明细表.pdf    the printed pages, when LibreOffice (soffice) is installed\n"
              "The detail sheet lists the month's movements, the opening cash on hand carried\n"
              "in from last month; --full-detail lists every movement since the books began.\n"
              "The run is recorded in OFFICE_DIR/.registers/history.sqlite as a check of the\n"
              "month, so next month's report shows the change in findings per rule.\n\n"
              "exit status: 0 no error findings in the month, 1 error findings, 2 could not run.\n"},
    "cli.monthly.month": {"zh-Hans": "报告的月份（默认：管理处时区的本月）", "zh-Hant": "報告的月份（預設：管理處時區的本月）",
                          "en": "the month to report (default: this month in the office's time zone)"},
    "cli.monthly.as-of": {"zh-Hans": "衡量时限的时刻（默认：月末，若尚未到月末则为现在）",
                          "zh-Hant": "衡量時限的時刻（預設：月底，若尚未到月底則為現在）",
                          "en": "the moment limits are measured against (default: the month's end, or now if earlier)"},
    "cli.monthly.out": {"zh-Hans": "报告写入的文件夹（默认：管理处的 reports/ 文件夹）；月报写入 DIR/monthly/",
                        "zh-Hant": "報告寫入的資料夾（預設：管理處的 reports/ 資料夾）；月報寫入 DIR/monthly/",
                        "en": "folder for the reports (default: the office's reports/ folder); the report goes into "
                              "DIR/monthly/"},
    "cli.monthly.no-pdf": {"zh-Hans": "不把工作簿打印为 PDF", "zh-Hant": "不把工作簿列印為 PDF",
                           "en": "do not print the workbook to PDF"},
    "cli.monthly.full-detail": {
        "zh-Hans": "明细表列出建账以来的全部收支（默认：只列本月，期初现金结转）",
        "zh-Hant": "明細表列出建帳以來的全部收支（預設：只列本月，期初現金結轉）",
        "en": "the detail sheet lists every movement since the books began (default: the month's, with the "
              "opening cash carried in)"},
}

HELP_MATCH: dict[str, T] = {
    "cli.match.help": {"zh-Hans": "把非现金收款与微信支付、支付宝和银行对账单配对（对账）",
                       "zh-Hant": "把非現金收款與微信支付、支付寶和銀行對帳單配對（對帳）",
                       "en": "pair non-cash receipts with WeChat Pay, Alipay and bank statements (对账)"},
    "cli.match.desc": {
        "zh-Hans": "把收费台账中一个月的 微信 / 支付宝 / 银行卡 / 转账 收款与管理处文件夹里平台对账单上的收款配对，"
                   "列出配上的和没配上的。",
        "zh-Hant": "把收費台賬中一個月的 微信 / 支付寶 / 銀行卡 / 轉帳 收款與管理處資料夾裡平台對帳單上的收款配對，"
                   "列出配上的和沒配上的。",
        "en": "Pair the fee ledger's 微信 / 支付宝 / 银行卡 / 转账 receipts of a month with the payments on the "
              "platform statements in the office folder, and list what pairs and what does not."},
    "cli.match.epilog": {
        "zh-Hans": "示例：\n"
                   "  registers match 管理处台账 --month 2026-11            在屏幕上按渠道计数\n"
                   "  registers match 管理处台账 --month 2026-11 --xlsx     另写出 reports/对账 2026-11.xlsx\n\n"
                   "对账单（微信支付交易账单、支付宝账务明细、银行流水）可放在 OFFICE_DIR 的任何位置，\n"
                   "按表头行认出。工作簿列出每笔非现金收款及其配上的平台收款（或没有），\n"
                   "每笔平台收款和退款及其收据，以及读到的对账单。\n\n"
                   "退出状态：0 全部配上，1 有没配上的，2 无法运行。\n",
        "zh-Hant": "範例：\n"
                   "  registers match 管理處台賬 --month 2026-11            在螢幕上按管道計數\n"
                   "  registers match 管理處台賬 --month 2026-11 --xlsx     另寫出 reports/對帳 2026-11.xlsx\n\n"
                   "對帳單（微信支付交易帳單、支付寶帳務明細、銀行流水）可放在 OFFICE_DIR 的任何位置，\n"
                   "按表頭列認出。工作簿列出每筆非現金收款及其配上的平台收款（或沒有），\n"
                   "每筆平台收款和退款及其收據，以及讀到的對帳單。\n\n"
                   "結束狀態：0 全部配上，1 有沒配上的，2 無法執行。\n",
        "en": "examples:\n"
              "  registers match 管理处台账 --month 2026-11            counts per channel on the screen\n"
              "  registers match 管理处台账 --month 2026-11 --xlsx     also write reports/对账 2026-11.xlsx\n\n"
              "Statements (WeChat Pay trade bills, Alipay account statements, bank statements)\n"
              "are found anywhere in OFFICE_DIR by their header line. The workbook lists every\n"
              "non-cash receipt with the platform payment it matched (or none), every platform\n"
              "payment and refund with its receipts, and the statements read.\n\n"
              "exit status: 0 everything pairs, 1 something does not, 2 could not run.\n"},
    "cli.match.month": {"zh-Hans": "要配对的月份", "zh-Hant": "要配對的月份", "en": "the month to pair"},
    "cli.match.as-of": {"zh-Hans": "检查的时刻（默认：月末）", "zh-Hant": "檢查的時刻（預設：月底）",
                        "en": "the moment of the check (default: the end of the month)"},
    "cli.match.xlsx": {"zh-Hans": "写出 reports/对账 YYYY-MM.xlsx", "zh-Hant": "寫出 reports/對帳 YYYY-MM.xlsx",
                       "en": "write reports/对账 YYYY-MM.xlsx"},
    "cli.match.out": {"zh-Hans": "工作簿写入的文件夹（默认：管理处的 reports/ 文件夹）",
                      "zh-Hant": "工作簿寫入的資料夾（預設：管理處的 reports/ 資料夾）",
                      "en": "folder for the workbook (default: the office's reports/ folder)"},
    "cli.match.show-personal": {"zh-Hans": "在工作簿中显示完整电话号码（默认遮蔽为 138****8000）",
                                "zh-Hant": "在工作簿中顯示完整電話號碼（預設遮蔽為 138****8000）",
                                "en": "show phone numbers unmasked in the workbook (masked 138****8000 by default)"},
}

HELP_OTHER: dict[str, T] = {
    "cli.explain.help": {"zh-Hans": "显示每张工作表如何被读取（或为何没有），以及要在 registers.toml 中添加什么",
                         "zh-Hant": "顯示每張工作表如何被讀取（或為何沒有），以及要在 registers.toml 中加入什麼",
                         "en": "show how each sheet is read (or why not) and what to add to registers.toml"},
    "cli.explain.desc": {
        "zh-Hans": "对 OFFICE_DIR 下每个工作簿的每张工作表：它被读作哪本台账、由哪些表头决定；或最接近的台账、"
                   "缺少的列和没有台账认识的表头词 —— 并给出能读取它的 registers.toml 行（pin 和 columns）。",
        "zh-Hant": "對 OFFICE_DIR 下每個工作簿的每張工作表：它被讀作哪本台賬、由哪些表頭決定；或最接近的台賬、"
                   "缺少的欄和沒有台賬認識的表頭詞 —— 並給出能讀取它的 registers.toml 行（pin 和 columns）。",
        "en": "For every sheet of every workbook under OFFICE_DIR: the register it is read as and the headers that "
              "decided it, or the closest register, the columns it lacks and the header words no register knows — "
              "with the registers.toml lines (a pin, and columns) that would read it."},
    "cli.explain.epilog": {
        "zh-Hans": "示例：\n"
                   "  registers explain 管理处台账             每张工作表为何被（或没被）读作台账\n"
                   "  registers explain 管理处台账 --format json\n\n"
                   "退出状态：0 有工作表被读作台账，1 一张都没有，2 无法运行。\n",
        "zh-Hant": "範例：\n"
                   "  registers explain 管理處台賬             每張工作表為何被（或沒被）讀作台賬\n"
                   "  registers explain 管理處台賬 --format json\n\n"
                   "結束狀態：0 有工作表被讀作台賬，1 一張都沒有，2 無法執行。\n",
        "en": "examples:\n"
              "  registers explain 管理处台账             why each sheet is, or is not, read as a register\n"
              "  registers explain 管理处台账 --format json\n\n"
              "exit status: 0 some sheet is read as a register, 1 none is, 2 could not run.\n"},
    "cli.init.help": {"zh-Hans": "新建管理处文件夹：空白台账和带注释的 registers.toml",
                      "zh-Hant": "新建管理處資料夾：空白台賬和帶註解的 registers.toml",
                      "en": "start an office folder: blank registers and a commented registers.toml"},
    "cli.init.desc": {"zh-Hans": "在 DIR 中写入空白台账工作簿（表头、格式、下拉列表）和带注释的 registers.toml。"
                                 "已有的文件从不覆盖。",
                      "zh-Hant": "在 DIR 中寫入空白台賬工作簿（表頭、格式、下拉清單）和帶註解的 registers.toml。"
                                 "已有的檔案從不覆寫。",
                      "en": "Write blank register workbooks (headers, formats, drop-down lists) and a commented "
                            "registers.toml into DIR. Existing files are never overwritten."},
    "cli.init.dest": {"zh-Hans": "要新建的管理处文件夹", "zh-Hant": "要新建的管理處資料夾",
                      "en": "the office folder to start"},
    "cli.init.office": {"zh-Hans": "管理处名称，写入 registers.toml 并显示在每份报告上（默认：DIR 的名称）",
                        "zh-Hant": "管理處名稱，寫入 registers.toml 並顯示在每份報告上（預設：DIR 的名稱）",
                        "en": "the office's name, written into registers.toml and shown on every report "
                              "(default: the name of DIR)"},
    "cli.demo.help": {"zh-Hans": "写出一个逼真的示例管理处文件夹，用来试用本工具",
                      "zh-Hant": "寫出一個逼真的範例管理處資料夾，用來試用本工具",
                      "en": "write a realistic demo office folder to try the tool on"},
    "cli.demo.desc": {"zh-Hans": "写出示例管理处（两个月的台账，埋有若干问题）。",
                      "zh-Hant": "寫出範例管理處（兩個月的台賬，埋有若干問題）。",
                      "en": "Write the Arcadia demo office (two months of registers with planted problems)."},
    "cli.demo.dest": {"zh-Hans": "要新建的文件夹（须不存在或为空）", "zh-Hant": "要新建的資料夾（須不存在或為空）",
                      "en": "folder to create (must not exist or be empty)"},
    "cli.rules.help": {"zh-Hans": "列出规则目录：id、条款、级别、标题", "zh-Hant": "列出規則目錄：id、條款、級別、標題",
                       "en": "list the rule catalogue: id, clause, severity, title"},
    "cli.rules.desc": {"zh-Hans": "列出每条规则的固定 id、对应的规范条款和级别。",
                       "zh-Hant": "列出每條規則的固定 id、對應的規範條款和級別。",
                       "en": "List every rule with its stable id, clause of the regulation and severity."},
    "cli.excel.help": {"zh-Hans": "Excel 按钮（xlwings）：写出要安装的宏和设置",
                       "zh-Hant": "Excel 按鈕（xlwings）：寫出要安裝的巨集和設定",
                       "en": "Excel buttons (xlwings): write the macros and settings to install"},
    "cli.excel.desc": {"zh-Hans": "通过免费的 xlwings 加载项在 Excel 中一键检查。Excel 中的步骤见 docs/excel.md。",
                       "zh-Hant": "透過免費的 xlwings 增益集在 Excel 中一鍵檢查。Excel 中的步驟見 docs/excel.md。",
                       "en": "One-click checks inside Excel through the free xlwings add-in. See docs/excel.md for "
                             "the steps in Excel."},
    "cli.excel.actions": {"zh-Hans": "操作", "zh-Hant": "操作", "en": "actions"},
    "cli.excel.install.help": {"zh-Hans": "把 registers.bas（宏）、xlwings.conf 和说明写入 DIR",
                               "zh-Hant": "把 registers.bas（巨集）、xlwings.conf 和說明寫入 DIR",
                               "en": "write registers.bas (the macros), xlwings.conf and a README into DIR"},
    "cli.excel.install.desc": {
        "zh-Hans": "把 registers.bas（四个调用 RunPython 的宏）、xlwings.conf（本 Python）和 README-Excel.txt 写入 DIR"
                   "（默认：./registers-excel）。已有的文件保留，除非给出 --force。",
        "zh-Hant": "把 registers.bas（四個呼叫 RunPython 的巨集）、xlwings.conf（本 Python）和 README-Excel.txt 寫入 DIR"
                   "（預設：./registers-excel）。已有的檔案保留，除非給出 --force。",
        "en": "Write registers.bas (four macros calling RunPython), xlwings.conf (this Python) and README-Excel.txt "
              "into DIR (default: ./registers-excel). Existing files are kept unless --force."},
    "cli.excel.dest": {"zh-Hans": "写入的文件夹（默认：./registers-excel）", "zh-Hant": "寫入的資料夾（預設：./registers-excel）",
                       "en": "the folder to write into (default: ./registers-excel)"},
    "cli.excel.interpreter": {"zh-Hans": "Excel 要运行的 Python（默认：当前这个）",
                              "zh-Hant": "Excel 要執行的 Python（預設：目前這個）",
                              "en": "the Python Excel should run (default: this one)"},
    "cli.excel.user-config": {"zh-Hans": "同时把设置写入 ~/.xlwings/xlwings.conf（xlwings 在那里查找设置）",
                              "zh-Hant": "同時把設定寫入 ~/.xlwings/xlwings.conf（xlwings 在那裡尋找設定）",
                              "en": "also write the settings to ~/.xlwings/xlwings.conf (where xlwings looks for them)"},
    "cli.excel.force": {"zh-Hans": "覆盖之前写出的文件", "zh-Hant": "覆寫之前寫出的檔案",
                        "en": "overwrite files written earlier"},
}

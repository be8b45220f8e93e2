"""``registers watch``'s own words: its help, the lines it prints and its page's words, in three languages."""

from __future__ import annotations

T = dict[str, str]

WATCH: dict[str, T] = {
    # help (registers watch --help)
    "cli.watch.help": {"zh-Hans": "监视管理处文件夹：每次保存台账后自动重新核查（可选实时网页）",
                       "zh-Hant": "監視管理處資料夾：每次儲存台賬後自動重新核查（可選即時網頁）",
                       "en": "watch an office folder: re-check each time a register is saved (optionally a live page)"},
    "cli.watch.desc": {
        "zh-Hans": "一直运行，监视 OFFICE_DIR。文员在 Excel、WPS 或其他软件中保存台账后，等文件夹安静下来（约 0.1 秒），"
                   "重新核查整个管理处，在终端列出本次保存新增和已解决的问题，并重写问题工作簿（reports/核查结果 DATE.xlsx）。"
                   "未改动的工作簿不会重新读取，所读台账都未改动的规则沿用上次结果，结果与 registers check 完全相同。台账本身从不修改。按 Ctrl-C 结束。",
        "zh-Hant": "一直執行，監視 OFFICE_DIR。文員在 Excel、WPS 或其他軟體中儲存台賬後，等資料夾安靜下來（約 0.1 秒），"
                   "重新核查整個管理處，在終端列出本次儲存新增和已解決的問題，並重寫問題工作簿（reports/核查結果 DATE.xlsx）。"
                   "未改動的工作簿不會重新讀取，所讀台賬都未改動的規則沿用上次結果，結果與 registers check 完全相同。台賬本身從不修改。按 Ctrl-C 結束。",
        "en": "Runs until stopped, watching OFFICE_DIR. When a clerk saves a register (in Excel, WPS or anything else) "
              "and the folder has been quiet for about 0.1 s, the whole office is checked again: the terminal lists "
              "the findings that save added and resolved, and the findings workbook (reports/核查结果 DATE.xlsx) is "
              "rewritten. Workbooks that did not change are not read again, and a rule none of whose registers changed "
              "keeps its findings; the findings are exactly those of "
              "registers check. The registers are never written. Ctrl-C ends it.",
    },
    "cli.watch.epilog": {
        "zh-Hans": "示例：\n  registers watch 管理处台账                       # 本月，终端和问题工作簿\n"
                   "  registers watch 管理处台账 --serve                # 另开网页 http://127.0.0.1:8765/\n"
                   "  registers watch 管理处台账 --serve --port 9000 --month 2026-11\n"
                   "开机自动运行（Windows 任务计划程序、Linux systemd）：见 docs/watch.md。",
        "zh-Hant": "範例：\n  registers watch 管理處台賬                       # 本月，終端和問題工作簿\n"
                   "  registers watch 管理處台賬 --serve                # 另開網頁 http://127.0.0.1:8765/\n"
                   "  registers watch 管理處台賬 --serve --port 9000 --month 2026-11\n"
                   "開機自動執行（Windows 工作排程器、Linux systemd）：見 docs/watch.md。",
        "en": "examples:\n  registers watch office                       # this month: terminal and findings workbook\n"
              "  registers watch office --serve               # and the page at http://127.0.0.1:8765/\n"
              "  registers watch office --serve --port 9000 --month 2026-11\n"
              "starting it at logon (Windows Task Scheduler, Linux systemd): docs/watch.md.",
    },
    "cli.watch.office-dir": {"zh-Hans": "要监视的管理处文件夹", "zh-Hant": "要監視的管理處資料夾",
                             "en": "the office folder to watch"},
    "cli.watch.month": {"zh-Hans": "核查的月份（默认：每次核查时的本月）", "zh-Hant": "核查的月份（預設：每次核查時的本月）",
                        "en": "the month checked (default: the current month at each re-check)"},
    "cli.watch.serve": {"zh-Hans": "同时提供实时网页（只读，默认只允许本机访问）",
                        "zh-Hant": "同時提供即時網頁（唯讀，預設只允許本機存取）",
                        "en": "also serve the live page (read-only; this computer only by default)"},
    "cli.watch.host": {"zh-Hans": "网页绑定的地址（默认 127.0.0.1：只有本机能打开；0.0.0.0 则局域网内都能打开）",
                       "zh-Hant": "網頁綁定的位址（預設 127.0.0.1：只有本機能開啟；0.0.0.0 則區域網路內都能開啟）",
                       "en": "address the page is bound to (default 127.0.0.1: this computer only; 0.0.0.0: the "
                             "whole local network)"},
    "cli.watch.port": {"zh-Hans": "网页的端口（默认 8765；0 表示任选一个空闲端口）",
                       "zh-Hant": "網頁的連接埠（預設 8765；0 表示任選一個空閒連接埠）",
                       "en": "port of the page (default 8765; 0: any free port)"},
    "cli.watch.no-xlsx": {"zh-Hans": "不重写问题工作簿", "zh-Hant": "不重寫問題工作簿",
                          "en": "do not rewrite the findings workbook"},
    # what it prints
    "watch.port-in-use": {
        "zh-Hans": "无法打开网页：{host} 的端口 {port} 已被其他程序占用（可能是另一个 registers watch）。"
                   "请用 --port 指定其他端口（如 --port {other}），或先关闭占用该端口的程序。",
        "zh-Hant": "無法開啟網頁：{host} 的連接埠 {port} 已被其他程式佔用（可能是另一個 registers watch）。"
                   "請用 --port 指定其他連接埠（如 --port {other}），或先關閉佔用該連接埠的程式。",
        "en": "Cannot serve the page: port {port} on {host} is already in use (another registers watch?). "
              "Choose another with --port (e.g. --port {other}), or stop the program using it.",
    },
    "watch.cannot-bind": {"zh-Hans": "无法在 {host}:{port} 打开网页：{reason}",
                          "zh-Hant": "無法在 {host}:{port} 開啟網頁：{reason}",
                          "en": "Cannot serve the page on {host}:{port}: {reason}"},
    "watch.started": {"zh-Hans": "正在监视 {dir}：保存台账后自动重新核查。按 Ctrl-C 结束。",
                      "zh-Hant": "正在監視 {dir}：儲存台賬後自動重新核查。按 Ctrl-C 結束。",
                      "en": "Watching {dir}: each save of a register is checked. Ctrl-C ends it."},
    "watch.page-at": {"zh-Hans": "实时网页：{url}", "zh-Hant": "即時網頁：{url}", "en": "Live page: {url}"},
    "watch.checked": {"zh-Hans": "[{time}] 第 {n} 次核查，用时 {seconds} 秒（重新读取 {parsed} 个工作簿，沿用 {cached} 个；"
                                 "重新运行 {ran} 条规则，{kept} 条所读未变、结果沿用）",
                      "zh-Hant": "[{time}] 第 {n} 次核查，用時 {seconds} 秒（重新讀取 {parsed} 個工作簿，沿用 {cached} 個；"
                                 "重新執行 {ran} 條規則，{kept} 條所讀未變、結果沿用）",
                      "en": "[{time}] check {n}, {seconds} s ({parsed} workbooks read, {cached} unchanged; "
                            "{ran} rules run, {kept} kept: what they read is unchanged)"},
    "watch.saved": {"zh-Hans": "已保存：{files}", "zh-Hant": "已儲存：{files}", "en": "Saved: {files}"},
    "watch.new": {"zh-Hans": "新增 {count} 项", "zh-Hant": "新增 {count} 項", "en": "{count} new"},
    "watch.resolved": {"zh-Hans": "已解决 {count} 项", "zh-Hant": "已解決 {count} 項", "en": "{count} resolved"},
    "watch.no-change": {"zh-Hans": "问题与上次核查相同。", "zh-Hant": "問題與上次核查相同。",
                        "en": "Same findings as the last check."},
    "watch.more": {"zh-Hans": "……另有 {count} 项（见网页或问题工作簿）", "zh-Hant": "……另有 {count} 項（見網頁或問題工作簿）",
                   "en": "… and {count} more (see the page or the findings workbook)"},
    "watch.book": {"zh-Hans": "问题工作簿：{path}", "zh-Hant": "問題工作簿：{path}", "en": "Findings workbook: {path}"},
    "watch.book-error": {"zh-Hans": "问题工作簿未写出：{reason}", "zh-Hant": "問題工作簿未寫出：{reason}",
                         "en": "Findings workbook not written: {reason}"},
    "watch.still-saving": {"zh-Hans": "{files} 仍在保存中，稍后再读。", "zh-Hant": "{files} 仍在儲存中，稍後再讀。",
                           "en": "{files} still being saved; reading it again shortly."},
    "watch.stopped": {"zh-Hans": "已停止监视。", "zh-Hant": "已停止監視。", "en": "Stopped watching."},
    "watch.failed": {"zh-Hans": "无法继续监视 {dir}：{reason}", "zh-Hant": "無法繼續監視 {dir}：{reason}",
                     "en": "Cannot go on watching {dir}: {reason}"},
    "watch.config-error": {"zh-Hans": "registers.toml 有误，等它改正后再核查：{reason}",
                           "zh-Hant": "registers.toml 有誤，等它改正後再核查：{reason}",
                           "en": "registers.toml is wrong; checking again once it is fixed: {reason}"},
    # the page
    "watch.page.title": {"zh-Hans": "台账实时核查", "zh-Hant": "台賬即時核查", "en": "Registers, checked live"},
    "watch.page.checked": {"zh-Hans": "最近核查：{time}（第 {n} 次，用时 {seconds} 秒）",
                           "zh-Hant": "最近核查：{time}（第 {n} 次，用時 {seconds} 秒）",
                           "en": "Last checked: {time} (check {n}, {seconds} s)"},
    "watch.page.changes": {"zh-Hans": "最近一次保存的变化", "zh-Hant": "最近一次儲存的變化",
                           "en": "What the last save changed"},
    "watch.page.first": {"zh-Hans": "首次核查：保存台账后，这里会列出新增和已解决的问题。",
                         "zh-Hant": "首次核查：儲存台賬後，這裡會列出新增和已解決的問題。",
                         "en": "First check: after a save, the findings it added and resolved are listed here."},
    "watch.page.tag-new": {"zh-Hans": "新增", "zh-Hant": "新增", "en": "new"},
    "watch.page.tag-resolved": {"zh-Hans": "已解决", "zh-Hant": "已解決", "en": "resolved"},
    "watch.page.findings": {"zh-Hans": "当前问题", "zh-Hant": "目前問題", "en": "Current findings"},
    "watch.page.live": {"zh-Hans": "实时更新中", "zh-Hant": "即時更新中", "en": "Live"},
    "watch.page.offline": {"zh-Hans": "与监视程序的连接已断开，正在重连……", "zh-Hant": "與監視程式的連線已中斷，正在重連……",
                           "en": "Lost the connection to the watch; reconnecting…"},
    "watch.page.links": {
        "zh-Hans": "点击地址可打开该工作簿（浏览器允许打开本机文件时）；也可把感叹号后的单元格地址粘贴到 Excel 或 WPS 的名称框。",
        "zh-Hant": "點擊位址可開啟該工作簿（瀏覽器允許開啟本機檔案時）；也可把驚嘆號後的儲存格位址貼到 Excel 或 WPS 的名稱方塊。",
        "en": "An address opens its workbook when clicked (where the browser lets a page open local files); the "
              "cell after the last '!' can be pasted into the Name Box of Excel or WPS.",
    },
}

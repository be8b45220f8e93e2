"""The run history's own words: why it could not be used or written (warnings of check, close-day, monthly)."""

from __future__ import annotations

HISTORY: dict[str, dict[str, str]] = {
    "history.not-recorded": {"zh-Hans": "运行历史未记录：{reason}", "zh-Hant": "運行歷史未記錄：{reason}",
                             "en": "run history not recorded: {reason}"},
    "history.busy": {
        "zh-Hans": "运行历史 {path} 正被另一次运行占用，已等待 {seconds} 秒仍未空出；历史文件完好，请稍后再试（不要移走它）",
        "zh-Hant": "運行歷史 {path} 正被另一次運行佔用，已等待 {seconds} 秒仍未空出；歷史檔案完好，請稍後再試（不要移走它）",
        "en": "run history {path} is busy: another run kept it for {seconds} s; the history is fine, try again in a "
              "minute (do not move it)"},
    "history.damaged": {
        "zh-Hans": "运行历史 {path} 已损坏或不是数据库（{detail}）；请把它移到别处，下次运行会新建历史",
        "zh-Hant": "運行歷史 {path} 已損壞或不是資料庫（{detail}）；請把它移到別處，下次運行會新建歷史",
        "en": "run history {path} is damaged or not a database ({detail}); move it aside to start a new history"},
    "history.unusable": {
        "zh-Hans": "运行历史 {path} 无法使用（{detail}）",
        "zh-Hant": "運行歷史 {path} 無法使用（{detail}）",
        "en": "run history {path} cannot be used ({detail})"},
    "history.not-written": {
        "zh-Hans": "运行历史 {path} 无法写入本次运行（{detail}）",
        "zh-Hant": "運行歷史 {path} 無法寫入本次運行（{detail}）",
        "en": "run history {path}: could not record the run ({detail})"},
    "history.cannot-open": {
        "zh-Hans": "运行历史 {path} 无法打开（{detail}）",
        "zh-Hant": "運行歷史 {path} 無法開啟（{detail}）",
        "en": "run history {path} cannot be opened ({detail})"},
    "history.no-access": {
        "zh-Hans": "运行历史 {path} 无法打开或写入（{detail}）；请检查该文件夹是否可写",
        "zh-Hant": "運行歷史 {path} 無法開啟或寫入（{detail}）；請檢查該資料夾是否可寫",
        "en": "run history {path} cannot be opened or written ({detail}); check that its folder is writable"},
    "history.disk": {
        "zh-Hans": "运行历史 {path} 读写出错（{detail}）；请检查磁盘空间或网络共享的连接",
        "zh-Hant": "運行歷史 {path} 讀寫出錯（{detail}）；請檢查磁碟空間或網路共用的連線",
        "en": "run history {path}: disk error ({detail}); check the free space or the network share"},
    "history.no-folder": {
        "zh-Hans": "运行历史 {path} 的文件夹无法创建（{detail}）",
        "zh-Hant": "運行歷史 {path} 的資料夾無法建立（{detail}）",
        "en": "run history {path}: cannot create its folder ({detail})"},
    "history.not-a-file": {
        "zh-Hans": "运行历史 {path} 不是文件", "zh-Hant": "運行歷史 {path} 不是檔案",
        "en": "run history {path} is not a file"},
    "history.foreign": {
        "zh-Hans": "运行历史 {path} 是其他程序的 SQLite 数据库（没有 registers_meta 表）；请把它移到别处，下次运行会新建历史",
        "zh-Hant": "運行歷史 {path} 是其他程式的 SQLite 資料庫（沒有 registers_meta 表）；請把它移到別處，下次運行會新建歷史",
        "en": "run history {path} is a SQLite database of another program (no registers_meta table); "
              "move it aside to start a new history"},
    "history.not-ours": {
        "zh-Hans": "运行历史 {path} 不是 registers 的运行历史（app = {app!r}）",
        "zh-Hant": "運行歷史 {path} 不是 registers 的運行歷史（app = {app!r}）",
        "en": "run history {path} is not a registers history database (app = {app!r})"},
    "history.newer": {
        "zh-Hans": "运行历史 {path} 由更新版本的 registers 写入（结构版本 {version}，本版本读 {reads}）；请升级 registers",
        "zh-Hant": "運行歷史 {path} 由更新版本的 registers 寫入（結構版本 {version}，本版本讀 {reads}）；請升級 registers",
        "en": "run history {path} was written by a newer registers (schema {version}, this one reads {reads}); "
              "upgrade registers"},
    "history.incomplete": {
        "zh-Hans": "运行历史 {path} 的结构未知或不完整（版本 {version}）",
        "zh-Hant": "運行歷史 {path} 的結構未知或不完整（版本 {version}）",
        "en": "run history {path} has an unknown or incomplete schema (version {version})"},
}

"""What every run says it read, and ``registers explain``'s words: one table of the catalogue."""

from __future__ import annotations

EXPLAIN: dict[str, dict[str, str]] = {
    "nothing-recognised": {
        "zh-Hans": "{dir} 的 {files} 个工作簿（{sheets} 个工作表）中没有一个工作表被识别为台账，什么都没有核查——"
                   "这不是“未发现问题”。运行 `registers explain {dir}` 查看每个工作表为何未被识别、缺少哪些列，"
                   "并按它给出的几行写进 registers.toml（pins 指定工作表属于哪本台账，columns 指定列）。",
        "zh-Hant": "{dir} 的 {files} 個活頁簿（{sheets} 個工作表）中沒有一個工作表被識別為台賬，什麼都沒有核查——"
                   "這不是「未發現問題」。執行 `registers explain {dir}` 查看每個工作表為何未被識別、缺少哪些欄，"
                   "並按它給出的幾行寫進 registers.toml（pins 指定工作表屬於哪本台賬，columns 指定欄）。",
        "en": "No sheet of the {files} workbook(s) ({sheets} sheets) in {dir} was recognised as a register: nothing "
              "was checked — this is not a clean office. Run `registers explain {dir}` to see why each sheet was "
              "not recognised and which columns it lacks, and add the lines it gives to registers.toml (pins say "
              "which register a sheet is, columns which header holds a field).",
    },
    "pin-header-not-found": {
        "zh-Hans": "registers.toml 的 pins 中 columns 写了 {field} = \"{header}\"，但 {file} 的工作表 {sheet} "
                   "没有“{header}”这一表头；它的表头是：{headers}",
        "zh-Hant": "registers.toml 的 pins 中 columns 寫了 {field} = \"{header}\"，但 {file} 的工作表 {sheet} "
                   "沒有「{header}」這一表頭；它的表頭是：{headers}",
        "en": "registers.toml: a pin's columns say {field} = \"{header}\", but sheet {sheet} of {file} has no "
              "header \"{header}\"; its headers are: {headers}",
    },
    "register-read": {
        "zh-Hans": "已读取 {register}：{rows} 行，{where}",
        "zh-Hant": "已讀取 {register}：{rows} 行，{where}",
        "en": "Read {register}: {rows} rows, {where}",
    },
    "register-read-more": {
        "zh-Hans": "{where} 等 {n} 个工作表", "zh-Hant": "{where} 等 {n} 個工作表", "en": "{n} sheets, the first {where}",
    },
    "sheet-best": {
        "zh-Hans": "最接近 {register}（必需列吻合 {score}），缺少：{missing}",
        "zh-Hant": "最接近 {register}（必需欄吻合 {score}），缺少：{missing}",
        "en": "closest to {register} ({score} of its required columns), lacking: {missing}",
    },
    "explain.title": {"zh-Hans": "{dir}：{files} 个工作簿，{sheets} 个工作表，{read} 个识别为台账",
                      "zh-Hant": "{dir}：{files} 個活頁簿，{sheets} 個工作表，{read} 個識別為台賬",
                      "en": "{dir}: {files} workbook(s), {sheets} sheets, {read} recognised as registers"},
    "explain.read-as": {"zh-Hans": "读作 {register}（表头在第 {row} 行，{rows} 行数据）",
                        "zh-Hant": "讀作 {register}（表頭在第 {row} 行，{rows} 行資料）",
                        "en": "read as {register} (header on row {row}, {rows} data rows)"},
    "explain.pinned": {"zh-Hans": "依据：registers.toml 的 pins 指定", "zh-Hant": "依據：registers.toml 的 pins 指定",
                       "en": "why: pinned in registers.toml"},
    "explain.matched": {"zh-Hans": "依据：表头 {pairs}", "zh-Hant": "依據：表頭 {pairs}", "en": "why: headers {pairs}"},
    "explain.named": {"zh-Hans": "依据：工作表名或标题中的“{word}”", "zh-Hant": "依據：工作表名或標題中的「{word}」",
                      "en": "why: '{word}' in the sheet's name or title"},
    "explain.missing": {"zh-Hans": "缺少必需列：{fields}", "zh-Hant": "缺少必需欄：{fields}",
                        "en": "required columns missing: {fields}"},
    "explain.not-read": {"zh-Hans": "未识别为任何台账", "zh-Hant": "未識別為任何台賬",
                         "en": "not recognised as any register"},
    "explain.best": {"zh-Hans": "最接近：{register}（表头第 {row} 行，必需列吻合 {score}）",
                     "zh-Hant": "最接近：{register}（表頭第 {row} 行，必需欄吻合 {score}）",
                     "en": "closest: {register} (header row {row}, {score} of its required columns)"},
    "explain.no-candidate": {"zh-Hans": "没有一个表头是任何台账的必需列", "zh-Hant": "沒有一個表頭是任何台賬的必需欄",
                             "en": "no header names a required column of any register"},
    "explain.unknown": {"zh-Hans": "不认识的表头：{words}", "zh-Hant": "不認識的表頭：{words}",
                        "en": "headers not known: {words}"},
    "explain.fix": {"zh-Hans": "若它是 {register}，在 registers.toml 末尾加上：",
                    "zh-Hant": "若它是 {register}，在 registers.toml 末尾加上：",
                    "en": "If it is {register}, add to the end of registers.toml:"},
    "explain.fix-partial": {"zh-Hans": "# 仍需在 columns 中写明这些列对应的表头：{fields}",
                            "zh-Hant": "# 仍需在 columns 中寫明這些欄對應的表頭：{fields}",
                            "en": "# still name in columns the headers holding: {fields}"},
    "explain.unreadable": {"zh-Hans": "无法打开：{reason}", "zh-Hant": "無法開啟：{reason}",
                           "en": "cannot be opened: {reason}"},
}

"""The words of the group summary (集团汇总): its sheets, columns and statuses.

Keys another output also uses with different words carry the prefix ``group.``; shared words are in
:mod:`registers.i18n.ui`.
"""

from __future__ import annotations

T = dict[str, str]

GROUP: dict[str, T] = {
    "group.one-office": {
        "zh-Hans": "{dir} 里有 registers.toml：它是一个管理处，请不加 --offices 检查它",
        "zh-Hant": "{dir} 裡有 registers.toml：它是一個管理處，請不加 --offices 檢查它",
        "en": "{dir} holds a registers.toml: it is one office — check it without --offices"},
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
    # --scheduler: the group on a Dask distributed cluster (registers.group_dask)
    "dask.missing": {"zh-Hans": "--scheduler 需要 Dask（dask.distributed），本机未安装：请运行 pip install 'registers[dask]'（{error}）", "zh-Hant": "--scheduler 需要 Dask（dask.distributed），本機未安裝：請執行 pip install 'registers[dask]'（{error}）", "en": "--scheduler needs Dask (dask.distributed), which is not installed here: run pip install 'registers[dask]' ({error})"},
    "dask.unreachable": {"zh-Hans": "无法连接 Dask 调度器 {address}：{error}。请检查地址（如 tcp://主机:8786）以及调度器（dask scheduler）是否已启动、端口是否可达", "zh-Hant": "無法連線 Dask 排程器 {address}：{error}。請檢查位址（如 tcp://主機:8786）以及排程器（dask scheduler）是否已啟動、連接埠是否可達", "en": "cannot reach the Dask scheduler at {address}: {error}. Check the address (such as tcp://host:8786), that the scheduler (dask scheduler) is running and that its port is reachable"},
    "dask.no-workers": {"zh-Hans": "Dask 调度器 {address} 在 {seconds} 秒内没有任何工作进程（worker）：请在各计算机上启动 dask worker {address}", "zh-Hant": "Dask 排程器 {address} 在 {seconds} 秒內沒有任何工作程序（worker）：請在各電腦上啟動 dask worker {address}", "en": "the Dask scheduler at {address} had no worker within {seconds} s: start dask worker {address} on the machines"},
    "dask.worker-died": {"zh-Hans": "无法核查：核查本管理处时工作进程（worker）多次退出（内存不足、被终止或崩溃），已放弃重试", "zh-Hant": "無法核查：核查本管理處時工作程序（worker）多次結束（記憶體不足、被終止或當機），已放棄重試", "en": "crashed: the worker died each time it checked this office (out of memory, killed, or a crash); not retried again"},
    "dask.lost": {"zh-Hans": "无法核查：该任务在 Dask 集群上丢失（调度器重启或任务被取消），请重新运行", "zh-Hant": "無法核查：該任務在 Dask 叢集上遺失（排程器重新啟動或任務被取消），請重新執行", "en": "not checked: the task was lost on the Dask cluster (the scheduler restarted or the run was cancelled); run the group again"},
}

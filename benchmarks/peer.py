"""The straightforward peer for R2: pandas + openpyxl on every sheet, and a few of the same rules written plainly.

Reads every sheet of every workbook of the office with ``pandas.read_excel(engine="openpyxl",
sheet_name=None)`` (the header on row 2, under the title row, as the benchmark office lays it
out), then checks, the way one would write it in a notebook:

* ``repair.dispatch-late`` — dispatched more than 30 minutes after the report;
* ``fee.not-cleared`` — a cashier's cash receipts of a day ≠ the cash handed over that day;
* ``key.overdue`` — a key returned more than 24 h after it was lent (or its due time);
* ``input.duplicate-id`` — a receipt number seen twice.

It knows the layout in advance (no header search, no Traditional/English headers, no
merged cells, no unreadable-cell findings), so it does less than ``registers check``.

    python benchmarks/peer.py OFFICE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def load(root: Path) -> dict[str, pd.DataFrame]:
    sheets: dict[str, pd.DataFrame] = {}
    for path in sorted(root.rglob("*.xlsx")):
        if "reports" in path.relative_to(root).parts:
            continue
        for name, frame in pd.read_excel(path, engine="openpyxl", sheet_name=None, header=1).items():
            sheets[f"{path.name}!{name}"] = frame
    return sheets


def money(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.replace(r"[¥,\s]", "", regex=True)
    return pd.to_numeric(text, errors="coerce")


def moment(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.replace("年", "-").str.replace("月", "-").str.replace("日", "")
    return pd.to_datetime(text, errors="coerce", format="mixed")


def main(root: Path) -> int:
    sheets = load(root)
    found: dict[str, int] = {}
    receipts = pd.concat([f for k, f in sheets.items() if k.startswith("收费台账.xlsx!") and "月" in k.split("!")[1]])
    repairs = pd.concat([f for k, f in sheets.items() if "住户报修记录表" in k])
    handover = sheets["收费台账.xlsx!日结上交"]
    loans = sheets["钥匙管理.xlsx!借还记录"]

    reported, dispatched = moment(repairs["报修时间"]), moment(repairs["通知维修时间"])
    found["repair.dispatch-late"] = int(((dispatched - reported) > pd.Timedelta(minutes=30)).sum())

    receipts = receipts.assign(day=moment(receipts["收款日期"]).dt.normalize(), amount=money(receipts["金额(元)"]))
    cash = receipts[(receipts["收款方式"] == "现金") & (receipts["状态"] != "作废")]
    taken = cash.groupby(["day", "收款人"])["amount"].sum()
    handover = handover.assign(day=moment(handover["日期"]).dt.normalize(), cash=money(handover["现金上交"]))
    handed = handover.groupby(["day", "收款人"])["cash"].sum()
    both = pd.concat([taken, handed], axis=1).fillna(0)
    found["fee.not-cleared"] = int(((both["amount"] - both["cash"]).abs() > 0.005).sum())

    out, back, due = moment(loans["借出时间"]), moment(loans["归还时间"]), moment(loans["预计归还时间"])
    limit = due.fillna(out + pd.Timedelta(hours=24))
    found["key.overdue"] = int((back.fillna(pd.Timestamp.max) > limit).sum())

    found["input.duplicate-id"] = int(receipts["收据号"].duplicated().sum())
    print(found)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))

"""Non-cash receipts against the payment platforms' own records (``shared/spec/payments.md``).

The office drops the statements it downloads — WeChat Pay trade bills, Alipay
account statements, bank statements — anywhere in its folder;
:mod:`registers.io.statements` reads them exactly as downloaded,
:mod:`registers.views.payments` pairs them with the fee ledger's non-cash
receipts, and ``registers.rules.payments`` reports what does not pair.

This module holds only the settings (standard library only, so that
``registers.core.settings`` can import it cheaply): the bank-statement column mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Ledger 收款方式 → the platform channel that pays it.  Card payments and transfers both
# land on the office's bank account.
WECHAT = "微信"
ALIPAY = "支付宝"
BANK = "银行"
CHANNEL_OF_METHOD: Mapping[str, str] = {"微信": WECHAT, "支付宝": ALIPAY, "银行卡": BANK, "转账": BANK}
CHANNELS: tuple[str, ...] = (WECHAT, ALIPAY, BANK)

DEFAULT_WINDOW_MINUTES = 30


@dataclass(frozen=True)
class BankMapping:
    """Which columns of a bank's export hold what; each entry lists the header texts accepted.

    Headers are compared without spaces and without a bracketed unit (``贷方发生额(元)``).
    ``date`` may hold the date alone or date and time; ``time`` is an optional separate
    time column.  A sheet or CSV is read as a bank statement when one line holds a
    ``date`` header and an ``amount_in`` header — through the built-in mapping only when the
    sheet also shows it is the bank's (the bank's wording of a column, a counterparty or serial
    number, or the bank's header block above; not a clerk's ledger of 日期 | 摘要 | 收入 | 支出 | 余额).
    """

    date: tuple[str, ...] = ("交易日期", "记账日期", "入账日期", "交易时间", "日期", "Transaction Date", "Date")
    time: tuple[str, ...] = ("交易时间", "时间", "Time")
    amount_in: tuple[str, ...] = ("贷方发生额", "贷方金额", "收入金额", "存入金额", "入账金额", "收入", "贷方",
                                  "Credit Amount", "Credit")
    counterparty: tuple[str, ...] = ("对方户名", "对方账户名称", "对方账户名", "对方名称", "付款人名称", "对方单位",
                                     "Counterparty")
    reference: tuple[str, ...] = ("交易流水号", "流水号", "交易参考号", "业务流水号", "凭证号", "Reference")
    memo: tuple[str, ...] = ("摘要", "附言", "用途", "交易附言", "备注", "Memo", "Remark")


@dataclass(frozen=True)
class PaymentSettings:
    """``[payments]`` of ``registers.toml``: bank column mappings tried before the built-in one."""

    banks: tuple[BankMapping, ...] = ()
    builtin_bank: BankMapping = field(default_factory=BankMapping)

    @property
    def bank_mappings(self) -> tuple[BankMapping, ...]:
        return (*self.banks, self.builtin_bank)


_BANK_KEYS = ("date", "time", "amount_in", "counterparty", "reference", "memo")


class PaymentConfigError(ValueError):
    """A bad ``[payments]`` value: the English message, and the catalogue's ``config.*`` key with its fields
    (registers.core.settings makes it a ConfigError, which the command line words in the user's language)."""

    def __init__(self, message: str, key: str, **kw: Any) -> None:
        super().__init__(message)
        self.key = key
        self.kw = kw


def parse_payments(table: Any, where: str) -> PaymentSettings:
    """``[payments]`` from a parsed TOML table; a bad value is a :class:`ValueError` naming the key.

    Accepted::

        [payments.bank]            # or [[payments.bank]] for several banks
        date = "交易日期"           # required: the date (or date and time) column
        time = "交易时间"           # optional: a separate time column
        amount_in = "贷方发生额"    # required: the money-in column
        counterparty = "对方户名"   # optional
        reference = "交易流水号"    # optional: the bank's serial number
        memo = ["摘要", "附言"]      # optional: text that may carry a reference

    Each value is a header text or a list of header texts.
    """
    if not isinstance(table, dict):
        raise PaymentConfigError(f"{where}: [payments] must be a table", "config.table", file=where, name="payments")
    for key in table:
        if key != "bank":
            raise PaymentConfigError(f"{where}: unknown key 'payments.{key}'; accepted: bank", "config.unknown",
                                     file=where, name=f"payments.{key}", accepted="bank")
    raw = table.get("bank", [])
    entries = [raw] if isinstance(raw, dict) else raw
    if not isinstance(entries, list):
        raise PaymentConfigError(f"{where}: 'payments.bank' must be a table or a list of tables", "config.table",
                                 file=where, name="payments.bank")
    banks = []
    for i, entry in enumerate(entries):
        name = f"payments.bank[{i}]" if isinstance(raw, list) else "payments.bank"
        if not isinstance(entry, dict):
            raise PaymentConfigError(f"{where}: '{name}' must be a table", "config.table", file=where, name=name)
        kw: dict[str, tuple[str, ...]] = {}
        for key, value in entry.items():
            if key not in _BANK_KEYS:
                accepted = ", ".join(sorted(_BANK_KEYS))
                raise PaymentConfigError(f"{where}: unknown key '{name}.{key}'; accepted: {accepted}",
                                         "config.unknown", file=where, name=f"{name}.{key}", accepted=accepted)
            values = [value] if isinstance(value, str) else value
            if not (isinstance(values, list) and values and all(isinstance(v, str) and v.strip() for v in values)):
                raise PaymentConfigError(f"{where}: '{name}.{key}' must be a column header or a list of headers",
                                         "config.headers", file=where, name=f"{name}.{key}")
            kw[key] = tuple(v.strip() for v in values)
        for key in ("date", "amount_in"):
            if key not in kw:
                raise PaymentConfigError(
                    f"{where}: '{name}' needs '{key}' (the header of the {key.replace('_', ' ')} column)",
                    "config.bank-needs", file=where, name=name, field=key)
        banks.append(BankMapping(**{k: kw.get(k, ()) for k in _BANK_KEYS}))
    return PaymentSettings(banks=tuple(banks))


def payment_settings(settings: Any) -> PaymentSettings:
    """The office's payment settings (``Settings.payments``), or the defaults."""
    found = getattr(settings, "payments", None)
    return found if isinstance(found, PaymentSettings) else PaymentSettings()


def window_minutes(settings: Any) -> int:
    """The matching window, ``limits.payment_window_minutes`` (default 30)."""
    return int(getattr(getattr(settings, "limits", None), "payment_window_minutes", DEFAULT_WINDOW_MINUTES))

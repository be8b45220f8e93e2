"""Office settings: ``registers.toml`` in the office folder, defaults from the regulation.

Every limit a rule uses lives here; rules never carry magic numbers.  A bad
config is a :class:`ConfigError` naming the key and what it accepts (the CLI
turns it into exit status 2).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from registers.core.payment_settings import PaymentConfigError, PaymentSettings, parse_payments

if TYPE_CHECKING:
    from registers.core.spec import SheetKind

CONFIG_NAME = "registers.toml"
LANGUAGES = ("zh-Hans", "zh-Hant", "en")


class ConfigError(Exception):
    """The office config cannot be used; the message names the key and the accepted values.

    ``key`` is the same said by the message catalogue (registers.i18n: ``config.*``), filled with ``kw`` (the
    command line shows that, in the user's language); the message itself is English, for logs and libraries."""

    key: str | None = None
    kw: dict[str, Any]
    lang: str | None = None  # the office's language, when it is known (a sheet's error)

    def __init__(self, message: str, key: str | None = None, **kw: Any) -> None:
        super().__init__(message)
        self.key = key
        self.kw = kw


class SheetConfigError(ConfigError):
    """The config names something a sheet does not have (found as the sheet is read): a catalogue message."""

    def __init__(self, message: str, key: str, lang: str, **kw: Any) -> None:
        super().__init__(message, key, **kw)
        self.lang = lang


@dataclass(frozen=True)
class Limits:
    """The regulation's limits (registers.md, "Defaults the rules start from")."""

    repair_dispatch_minutes: int = 30  # 4.2.2
    repair_complete_hours: int = 24  # 4.2.1, after the appointment
    complaint_visit_days: int = 3  # 4.3.2 / 4.6.1, after closing
    repair_visit_rate: float = 0.30  # 4.3.2
    complaint_forward_minutes: int = 30  # 4.6.2
    complaint_close_days: int = 2  # 4.6.2
    key_return_hours: int = 24  # 4.5.5, when the loan has no due time
    archive_inspections_per_year: int = 2  # 4.4.2
    archive_first_inspection_by: str = "06-30"  # 4.4.2, month-day
    archive_loan_days: int = 7  # 4.4.4
    renovation_acceptance_days: int = 7  # 4.7.4
    large_receipt: float = 5000.00  # 4.8.4, yuan
    amount_tolerance: float = 0.01  # 4.8.1, yuan
    roll_tolerance: float = 0.05  # 4.8.1/4.8.2, yuan a month: the fee roll and bills against receipts and prices
    opening_float: float = 0.00  # 4.8.2, yuan
    payment_window_minutes: int = 30  # payments.md: a platform record pairs with a receipt this close in time

    @property
    def large_receipt_fen(self) -> int:
        return round(self.large_receipt * 100)

    @property
    def tolerance_fen(self) -> int:
        return round(self.amount_tolerance * 100)

    @property
    def roll_tolerance_fen(self) -> int:
        return round(self.roll_tolerance * 100)

    @property
    def opening_float_fen(self) -> int:
        return round(self.opening_float * 100)


@dataclass(frozen=True)
class Pin:
    """Read ``sheet`` of ``file`` as register sheet ``register`` whatever its headers look like; ``columns``
    names the sheet's header for a field whose header the reader does not know (field name, header text)."""

    register: str
    file: str
    sheet: str | None = None
    columns: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Settings:
    office: str = "管理处"
    language: str = "zh-Hans"
    timezone: str = "Asia/Shanghai"
    output_dir: str = "reports"
    opening_balance: float = 0.00
    opening_month: str | None = None
    # The day this office's registers begin: days before it are not judged for records they lack (a duty log
    # begun on 2026-10-08 has no cover to give for October's first week); None: every day is judged.
    records_from: date | None = None
    limits: Limits = field(default_factory=Limits)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    not_kept: tuple[str, ...] = ()  # registers this office does not keep (no missing-register warning)
    pins: tuple[Pin, ...] = ()
    payments: PaymentSettings = field(default_factory=PaymentSettings)
    max_cells: int = 20_000_000  # a sheet declaring more cells than this is refused (input.unreadable)
    max_file_mb: int = 200
    max_unzipped_mb: int = 2000  # an .xlsx/.ods whose parts unpack to more than this is refused
    max_compression_ratio: int = 100  # a part unpacking to more than this many times its packed size (zip bomb)
    source: Path | None = None  # the file the settings were read from

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def with_overrides(self, **kw: Any) -> Settings:
        return replace(self, **{k: v for k, v in kw.items() if v is not None})


_TOP_KEYS = {
    "office": str,
    "language": str,
    "timezone": str,
    "output_dir": str,
    "opening_balance": (int, float),
    "opening_month": str,
    "max_cells": int,
    "max_file_mb": int,
    "max_unzipped_mb": int,
    "max_compression_ratio": int,
}
_DATE_KEYS = ("records_from",)  # a TOML date (2026-10-08) or the same as text
_POSITIVE_KEYS = ("max_cells", "max_file_mb", "max_unzipped_mb", "max_compression_ratio")
_SECTIONS = ("limits", "rules", "registers", "payments")


def _type_name(t: Any) -> str:
    if isinstance(t, tuple):
        return "number"
    return {str: "text", int: "whole number", float: "number", bool: "true/false"}.get(t, str(t))


def _type_code(t: Any) -> str:
    return "number" if isinstance(t, tuple) else {str: "text", int: "int", float: "number", bool: "bool"}.get(t, "text")


def _check_type(where: str, name: str, value: Any, t: Any) -> None:
    ok = isinstance(value, t) and not (isinstance(value, bool) and t is not bool)
    if not ok:
        raise ConfigError(f"{where}: '{name}': expected {_type_name(t)}, got {value!r}", "config.type",
                          file=where, name=name, type=_type_code(t), value=repr(value))


def parse_settings(data: dict[str, Any], source: Path | None = None) -> Settings:
    """Settings from a parsed TOML document; unknown keys and wrong types are errors."""
    where = str(source) if source else CONFIG_NAME
    known = set(_TOP_KEYS) | set(_DATE_KEYS) | set(_SECTIONS)
    for key in data:
        if key not in known:
            raise ConfigError(f"{where}: unknown key '{key}'; accepted: {', '.join(sorted(known))}", "config.unknown",
                              file=where, name=key, accepted=", ".join(sorted(known)))
    kw: dict[str, Any] = {}
    for key, t in _TOP_KEYS.items():
        if key in data:
            _check_type(where, key, data[key], t)
            kw[key] = data[key]
    if "language" in kw and kw["language"] not in LANGUAGES:
        raise ConfigError(f"{where}: 'language' = {kw['language']!r}; accepted: {', '.join(LANGUAGES)}",
                          "config.choice", file=where, name="language", value=repr(kw["language"]),
                          accepted=", ".join(LANGUAGES))
    if "timezone" in kw:
        try:
            ZoneInfo(kw["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"{where}: 'timezone' = {kw['timezone']!r} is not an IANA time zone (e.g. Asia/Shanghai)",
                "config.timezone", file=where, value=repr(kw["timezone"]),
            ) from None
    if "opening_month" in kw:
        try:
            y, m = kw["opening_month"].split("-")
            date(int(y), int(m), 1)
        except ValueError:
            raise ConfigError(f"{where}: 'opening_month' = {kw['opening_month']!r}; expected YYYY-MM", "config.pattern",
                              file=where, name="opening_month", value=repr(kw["opening_month"]), pattern="YYYY-MM",
                              example="opening_month = \"2026-10\"") from None
    for key in _DATE_KEYS:
        if key in data:
            value = data[key]
            if isinstance(value, str):
                try:
                    value = date.fromisoformat(value.strip())
                except ValueError:
                    value = None
            if not isinstance(value, date) or isinstance(value, datetime):
                raise ConfigError(f"{where}: '{key}' = {data[key]!r}; expected a day, e.g. {key} = 2026-10-08",
                                  "config.pattern", file=where, name=key, value=repr(data[key]), pattern="YYYY-MM-DD",
                                  example=f"{key} = 2026-10-08")
            kw[key] = value
    if "opening_balance" in kw:
        kw["opening_balance"] = float(kw["opening_balance"])
    for key in _POSITIVE_KEYS:
        if key in kw and kw[key] < 1:
            raise ConfigError(f"{where}: '{key}' = {kw[key]!r}; must be 1 or more", "config.min", file=where, name=key,
                              value=repr(kw[key]), min=1)

    limits = data.get("limits", {})
    if not isinstance(limits, dict):
        raise ConfigError(f"{where}: [limits] must be a table", "config.table", file=where, name="limits")
    defaults = Limits()
    lim_kw: dict[str, Any] = {}
    lim_fields = {f.name: f for f in fields(Limits)}
    for key, value in limits.items():
        if key not in lim_fields:
            raise ConfigError(
                f"{where}: unknown key 'limits.{key}'; accepted: {', '.join(sorted(lim_fields))}", "config.unknown",
                file=where, name=f"limits.{key}", accepted=", ".join(sorted(lim_fields)),
            )
        default = getattr(defaults, key)
        expected: Any = (int, float) if isinstance(default, float) else type(default)
        _check_type(where, f"limits.{key}", value, expected)
        if isinstance(default, (int, float)) and value < 0:
            raise ConfigError(f"{where}: 'limits.{key}' = {value!r}; must be 0 or more", "config.min", file=where,
                              name=f"limits.{key}", value=repr(value), min=0)
        lim_kw[key] = float(value) if isinstance(default, float) else value
    if "repair_visit_rate" in lim_kw and lim_kw["repair_visit_rate"] > 1:
        raise ConfigError(f"{where}: 'limits.repair_visit_rate' = {lim_kw['repair_visit_rate']}; a share from 0 to 1",
                          "config.share", file=where, name="limits.repair_visit_rate",
                          value=str(lim_kw["repair_visit_rate"]))
    if "archive_first_inspection_by" in lim_kw:
        try:
            mm, dd = lim_kw["archive_first_inspection_by"].split("-")
            date(2024, int(mm), int(dd))
        except ValueError:
            raise ConfigError(f"{where}: 'limits.archive_first_inspection_by' expects MM-DD, e.g. 06-30",
                              "config.pattern", file=where, name="limits.archive_first_inspection_by",
                              value=repr(lim_kw["archive_first_inspection_by"]), pattern="MM-DD",
                              example="06-30") from None
    kw["limits"] = replace(defaults, **lim_kw)

    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise ConfigError(f"{where}: [rules] must be a table", "config.table", file=where, name="rules")
    for key, value in rules.items():
        if key not in ("select", "ignore"):
            raise ConfigError(f"{where}: unknown key 'rules.{key}'; accepted: ignore, select", "config.unknown",
                              file=where, name=f"rules.{key}", accepted="ignore, select")
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ConfigError(f"{where}: 'rules.{key}' must be a list of rule ids, e.g. [\"fee.receipt-gap\"]",
                              "config.list", file=where, name=f"rules.{key}", example='["fee.receipt-gap"]')
        kw[key] = tuple(value)

    regs = data.get("registers", {})
    if not isinstance(regs, dict):
        raise ConfigError(f"{where}: [registers] must be a table", "config.table", file=where, name="registers")
    from registers.core.spec import KIND_BY_KEY, REGISTERS

    for key, value in regs.items():
        if key == "not_kept":
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ConfigError(f"{where}: 'registers.not_kept' must be a list of register names", "config.list",
                                  file=where, name="registers.not_kept", example='["key", "archive"]')
            for v in value:
                if v not in REGISTERS and v not in KIND_BY_KEY:
                    raise ConfigError(
                        f"{where}: 'registers.not_kept' names {v!r}; accepted: {', '.join(sorted(KIND_BY_KEY))}",
                        "config.choice", file=where, name="registers.not_kept", value=repr(v),
                        accepted=", ".join(sorted(KIND_BY_KEY)),
                    )
            kw["not_kept"] = tuple(value)
        elif key == "pins":
            if not isinstance(value, list):
                raise ConfigError(f"{where}: 'registers.pins' must be a list of tables", "config.list", file=where,
                                  name="registers.pins", example='[{ register = "fee", file = "收费.xlsx" }]')
            pins = []
            for i, p in enumerate(value):
                if not isinstance(p, dict) or "register" not in p or "file" not in p:
                    raise ConfigError(f"{where}: 'registers.pins[{i}]' needs register and file (and optionally sheet)",
                                      "config.pin-needs", file=where, name=f"registers.pins[{i}]")
                extra = set(p) - {"register", "file", "sheet", "columns"}
                if extra:
                    raise ConfigError(
                        f"{where}: 'registers.pins[{i}]' unknown key {sorted(extra)[0]!r}; "
                        "accepted: columns, file, register, sheet", "config.unknown", file=where,
                        name=f"registers.pins[{i}].{sorted(extra)[0]}", accepted="columns, file, register, sheet",
                    )
                if p["register"] not in KIND_BY_KEY:
                    raise ConfigError(
                        f"{where}: 'registers.pins[{i}].register' = {p['register']!r}; "
                        f"accepted: {', '.join(sorted(KIND_BY_KEY))}", "config.choice", file=where,
                        name=f"registers.pins[{i}].register", value=repr(p["register"]),
                        accepted=", ".join(sorted(KIND_BY_KEY)),
                    )
                columns = _pin_columns(where, f"registers.pins[{i}].columns", KIND_BY_KEY[p["register"]],
                                       p.get("columns", {}))
                pins.append(Pin(str(p["register"]), str(p["file"]), str(p["sheet"]) if "sheet" in p else None,
                                columns))
            kw["pins"] = tuple(pins)
        else:
            raise ConfigError(f"{where}: unknown key 'registers.{key}'; accepted: not_kept, pins", "config.unknown",
                              file=where, name=f"registers.{key}", accepted="not_kept, pins")
    if "payments" in data:
        try:
            kw["payments"] = parse_payments(data["payments"], where)
        except PaymentConfigError as exc:
            raise ConfigError(str(exc), exc.key, **exc.kw) from None
    return Settings(source=source, **kw)


def _pin_columns(file: str, name: str, kind: SheetKind, value: Any) -> tuple[tuple[str, str], ...]:
    """A pin's ``columns = { 房号 = "室号" }``: each field (its name or its header in any of the three
    languages) with the sheet's header that holds it."""
    from registers.core.spec import normalise_header

    where = f"{file}: '{name}'"
    if not isinstance(value, dict):
        raise ConfigError(f'{where} must be a table of field = "header", e.g. {{ 房号 = "室号" }}', "config.columns",
                          file=file, name=name)
    names = {normalise_header(n): f.name for f in kind.fields for n in (f.name, f.label, f.label_en)}
    out: list[tuple[str, str]] = []
    for key, header in value.items():
        field = names.get(normalise_header(key))
        if field is None:
            accepted = "、".join(f.label for f in kind.fields)
            raise ConfigError(f"{where}: {key!r} is not a field of {kind.key}; its fields: {accepted}",
                              "config.not-a-field", file=file, name=name, field=repr(key), register=kind.key,
                              accepted=accepted)
        if not isinstance(header, str) or not header.strip():
            raise ConfigError(f"{where}: {key} = {header!r}; expected the sheet's header text, e.g. \"室号\"",
                              "config.header", file=file, name=name, field=key, value=repr(header))
        if any(n == field for n, _ in out):
            raise ConfigError(f"{where}: {key!r} names the field {field} a second time", "config.field-twice",
                              file=file, name=name, field=field)
        out.append((field, header.strip()))
    return tuple(out)


def load_settings(office_dir: Path) -> Settings:
    """The office's settings; the regulation's defaults when it has no ``registers.toml``."""
    path = office_dir / CONFIG_NAME
    if not path.exists():
        return Settings()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}", "config.toml", file=str(path), detail=str(exc)) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror}", "config.unreadable", file=str(path),
                          detail=str(exc.strerror)) from None
    return parse_settings(data, path)

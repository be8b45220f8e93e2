"""``registers explain OFFICE_DIR``: for every sheet, which register it is read as and why, or why not —
and the lines to add to ``registers.toml`` to read it.

Kept light to import: argparse only at module level.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registers.core.settings import LANGUAGES

if TYPE_CHECKING:
    from registers.office.explain import FileVerdict, SheetVerdict

def add_parser(sub: Any, lang: str = "zh-Hans") -> None:
    from registers.i18n import word

    def t(key: str) -> str:
        return word(key, lang)

    e = sub.add_parser(
        "explain", help=t("cli.explain.help"), description=t("cli.explain.desc"), epilog=t("cli.explain.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument("office_dir", type=Path, metavar="OFFICE_DIR", help=t("cli.opt.office-dir"))
    e.add_argument("--lang", choices=LANGUAGES, help=t("cli.opt.lang"))
    e.add_argument("--format", choices=("text", "json"), default="text", help=t("cli.opt.format"))
    e.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from registers.cli.argtypes import CliError, office_folder
    from registers.core.settings import load_settings
    from registers.i18n import word
    from registers.office.explain import explain_office

    root: Path = office_folder(args.office_dir, args.lang)
    settings = load_settings(root)
    lang = args.lang or settings.language
    files = list(explain_office(root, settings))
    if not files:
        raise CliError(word("no-workbooks", lang, dir=root))
    if args.format == "json":
        json.dump([_file_json(f) for f in files], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(explain_lines(root, files, lang)) + "\n")
    return 0 if any(s.register for f in files for s in f.sheets) else 1


def _file_json(f: FileVerdict) -> dict[str, Any]:
    return {"file": f.file, "unreadable": None if f.unreadable is None else f.unreadable.reason,
            "sheets": [asdict(s) for s in f.sheets]}


def explain_lines(root: Path, files: list[FileVerdict], lang: str) -> list[str]:
    """The text of ``registers explain``: a block per sheet."""
    from registers.i18n import word

    sheets = [s for f in files for s in f.sheets]
    lines = [word("explain.title", lang, dir=root, files=len(files), sheets=len(sheets),
                  read=sum(1 for s in sheets if s.register))]
    for f in files:
        if f.unreadable is not None:
            from registers.i18n import CATALOGUE

            key, detail = f"reason.{f.unreadable.reason}", f.unreadable.detail
            reason = word(key, lang, detail=detail) if key in CATALOGUE else f"{f.unreadable.reason} {detail}"
            lines += ["", f"{f.file}", "  " + word("explain.unreadable", lang, reason=reason)]
        for s in f.sheets:
            lines += ["", f"{s.file}!{s.sheet}", *("  " + line for line in _sheet_lines(s, lang))]
    return lines


def _fields(register: str, names: tuple[str, ...] | list[str], lang: str) -> str:
    from registers.core.spec import KIND_BY_KEY, field_label

    kind = KIND_BY_KEY[register]
    return "、".join(field_label(kind, n, lang) for n in names) or "—"


def _sheet_lines(s: SheetVerdict, lang: str) -> list[str]:
    from registers.core.spec import KIND_BY_KEY, field_label
    from registers.i18n import word

    if s.error is not None:
        return [s.error]
    if s.register is not None:
        kind = KIND_BY_KEY[s.register]
        pairs = "，".join(f"{header}（{col}）→ {field_label(kind, name, lang)}" for name, header, col in s.matched)
        out = [word("explain.read-as", lang, register=_name(s.register, lang), row=s.header_row, rows=s.rows),
               "  " + (word("explain.pinned", lang) if s.pinned else word("explain.matched", lang, pairs=pairs))]
        if s.pinned:
            out.append("  " + word("explain.matched", lang, pairs=pairs))
        if s.named is not None:
            out.append("  " + word("explain.named", lang, word=s.named))
        if s.missing:
            out.append("  " + word("explain.missing", lang, fields=_fields(s.register, s.missing, lang)))
        if s.unknown:
            out.append("  " + word("explain.unknown", lang, words="、".join(s.unknown)))
        return out + _fix_lines(s, s.register, lang)
    out = [word("explain.not-read", lang)]
    if s.best is None:
        out.append("  " + word("explain.no-candidate", lang))
    else:
        out.append("  " + word("explain.best", lang, register=_name(s.best, lang), row=s.header_row,
                               score=f"{s.score:.0%}"))
        if s.missing:
            out.append("  " + word("explain.missing", lang, fields=_fields(s.best, s.missing, lang)))
    if s.unknown:
        out.append("  " + word("explain.unknown", lang, words="、".join(s.unknown)))
    return out + (_fix_lines(s, s.best, lang) if s.best else [])


def _fix_lines(s: SheetVerdict, register: str, lang: str) -> list[str]:
    from registers.i18n import register_name, word

    if not s.fix:
        return []
    out = ["  " + word("explain.fix", lang, register=register_name(register, lang))]
    out += ["    " + line for line in s.fix]
    if s.fix_missing:
        out.append("    " + word("explain.fix-partial", lang, fields=_fields(register, s.fix_missing, lang)))
    return out


def _name(key: str, lang: str) -> str:
    from registers.i18n import register_name

    return f"{register_name(key, lang)} ({key})"

"""The language the command line speaks, and argparse made to speak it.

The language is ``--lang`` when the command line has it, else the ``language`` of the office folder named
on the command line (its registers.toml), else Simplified Chinese.  It is chosen from the raw arguments
before the parser is built, as the parser's help texts are in it (:func:`ui_language`).  argparse's own
words (``usage:``, ``error:``, ``the following arguments are required``) go through gettext; while
:func:`speaking` is active they are looked up in the catalogue instead (``cli.ap.*``).

Kept light to import: the catalogue is imported when a text is needed.
"""

from __future__ import annotations

import argparse
import contextlib
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from registers.core.settings import CONFIG_NAME, LANGUAGES, ConfigError

DEFAULT = "zh-Hans"
_current: ContextVar[str] = ContextVar("registers_cli_lang", default=DEFAULT)

# argparse's msgids (Python 3.11–3.13) → catalogue keys
_ARGPARSE_KEYS = {
    "usage: ": "cli.ap.usage",
    "positional arguments": "cli.ap.positional",
    "options": "cli.ap.options",
    "show this help message and exit": "cli.ap.help",
    "show program's version number and exit": "cli.ap.version",
    "argument %(argument_name)s: %(message)s": "cli.ap.argument",
    "%(prog)s: error: %(message)s\n": "cli.ap.error",
    "the following arguments are required: %s": "cli.ap.required",
    "unrecognized arguments: %s": "cli.ap.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.ap.invalid-choice",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "cli.ap.unknown-parser",
    "expected one argument": "cli.ap.one-arg",
    "expected at least one argument": "cli.ap.at-least-one",
    "expected at most one argument": "cli.ap.at-most-one",
    "ignored explicit argument %r": "cli.ap.explicit",
    "not allowed with argument %s": "cli.ap.not-allowed",
    "one of the arguments %s is required": "cli.ap.one-required",
    "invalid %(type)s value: %(value)r": "cli.ap.invalid-type",
    "ambiguous option: %(option)s could match %(matches)s": "cli.ap.ambiguous",
}


def current() -> str:
    """The language the command line speaks now (Simplified Chinese outside :func:`speaking`)."""
    return _current.get()


def say(key: str, **kw: Any) -> str:
    """A catalogue text in the command line's language."""
    from registers.i18n import word

    return word(key, current(), **kw)


def ui_language(argv: Sequence[str]) -> str:
    """``--lang X`` (or ``--lang=X``) from ``argv``; else the ``language`` of the first argument that is an
    office folder with a registers.toml (or a file in one); else Simplified Chinese.  A registers.toml that
    cannot be read, or says no language, says nothing here (its error is reported when the command reads it)."""
    args = list(argv)
    for i, a in enumerate(args):
        value = args[i + 1] if a == "--lang" and i + 1 < len(args) else a.partition("=")[2] \
            if a.startswith("--lang=") else None
        if value in LANGUAGES:
            return value
    for a in args:
        if a.startswith("-"):
            continue
        path = Path(a)
        with contextlib.suppress(OSError):
            folder = path if path.is_dir() else path.parent if path.is_file() else None
            if folder is not None and (folder / CONFIG_NAME).is_file():
                with contextlib.suppress(tomllib.TOMLDecodeError, OSError):
                    language = tomllib.loads((folder / CONFIG_NAME).read_text(encoding="utf-8")).get("language")
                    if language in LANGUAGES:
                        return str(language)
                return DEFAULT
    return DEFAULT


def _gettext(message: str) -> str:
    key = _ARGPARSE_KEYS.get(message)
    return say(key) if key is not None else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return say("cli.ap.expected-n")
    return singular if n == 1 else plural


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """While active, the command line's texts and argparse's own words are in ``lang``.  argparse looks its
    words up through the names ``_`` and ``ngettext`` of its module (gettext's functions, imported at its top
    in every Python from 3.11 to 3.13); they are swapped for the catalogue's and put back after."""
    module: Any = argparse
    saved: tuple[Callable[..., str], Callable[..., str]] = (module._, module.ngettext)
    token = _current.set(lang)
    module._, module.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        module._, module.ngettext = saved
        _current.reset(token)


def config_error_text(exc: ConfigError, lang: str) -> str:
    """A :class:`ConfigError` in ``lang``: its catalogue key and fields (the type it wants in words too), else its
    English message as the detail of a ``config error``."""
    from registers.i18n import word

    if exc.key is None:
        return word("config.error", lang, detail=str(exc))
    kw = dict(exc.kw)
    if exc.key == "config.type":
        kw["type"] = word(f"config.t.{kw['type']}", lang)
    return word(exc.key, lang, **kw)

"""``registers`` — the command line.  Each command parses options, calls one library function,
renders the result and sets the exit status (0 clean, 1 error findings, 2 could not run)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from registers import __version__
from registers.cli import check
from registers.cli.argtypes import CliError
from registers.cli.lang import config_error_text, say, speaking, ui_language
from registers.core.settings import ConfigError

# One module per command: each module has ``add_parser(subparsers, lang)`` (its help in ``lang``), which sets
# ``run=<function(args) -> exit status>`` as the parser's default (``check`` is run with the main
# parser too, whose usage its errors print).  Keep these modules light
# to import (argparse only at module level).
COMMAND_MODULES: tuple[str, ...] = (
    "registers.cli.check",
    "registers.cli.demo",
    "registers.cli.init",
    "registers.cli.rules",
    "registers.cli.explain",
    "registers.cli.close_day",
    "registers.cli.monthly",
    "registers.cli.match",
    "registers.cli.excel",
    "registers.cli.watch",
)


def build_parser(lang: str = "zh-Hans") -> argparse.ArgumentParser:
    """The parser, its help in ``lang`` (argparse's own words too while :func:`~registers.cli.lang.speaking`)."""
    from registers.i18n import word

    p = argparse.ArgumentParser(
        prog="registers", description=word("cli.main.desc", lang), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"registers {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", title=word("cli.main.commands", lang))

    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(sub, lang)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; every word it prints in the language of :func:`~registers.cli.lang.ui_language`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = ui_language(argv)
    with speaking(lang):
        return _main(argv, lang)


def _main(argv: list[str], lang: str) -> int:
    parser = build_parser(lang)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "check":
            return check.run(args, parser)
        if hasattr(args, "run"):
            status: int = args.run(args)
            return status
    except ConfigError as exc:  # said in --lang, else the office's language (a sheet's error), else the interface's
        print(f"registers: {config_error_text(exc, getattr(args, 'lang', None) or exc.lang or lang)}", file=sys.stderr)
        return 2
    except (CliError, FileNotFoundError, NotADirectoryError) as exc:
        print(f"registers: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"registers: {say('cli.interrupted')}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so, keep the details for a report, and never exit as "findings"
        import traceback

        traceback.print_exc(file=sys.stderr)
        print(f"registers: {say('cli.internal-error', error=f'{type(exc).__name__}: {exc}')}", file=sys.stderr)
        return 2
    parser.error(say("cli.unknown-command", command=args.command))
    return 2


def run() -> None:  # console-script entry point
    from registers.core.resources import prepare_process

    prepare_process()
    status = main()
    # Everything is written and closed by now.  Freezing the objects left spares the interpreter's
    # final garbage collections over them (0.1 s after a year's check); they are still freed.
    import gc

    gc.freeze()
    sys.exit(status)


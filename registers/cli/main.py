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
from registers.core.settings import ConfigError

# One module per command: each module has ``add_parser(subparsers)``, which sets
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
)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="registers",
        description="Check a property-management office's Excel registers (台账) against the regulation.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"registers {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
    except ConfigError as exc:
        if exc.key is not None:  # found as a sheet was read: said in the office's language (or --lang)
            from registers.i18n import word

            print(f"registers: {word(exc.key, getattr(args, 'lang', None) or exc.lang, **exc.kw)}", file=sys.stderr)
        else:
            print(f"registers: config error: {exc}", file=sys.stderr)
        return 2
    except (CliError, FileNotFoundError, NotADirectoryError) as exc:
        print(f"registers: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("registers: interrupted", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so, keep the details for a report, and never exit as "findings"
        import traceback

        traceback.print_exc(file=sys.stderr)
        print(f"registers: internal error ({type(exc).__name__}: {exc}); nothing was checked to the end. "
              "Please report it with the lines above.", file=sys.stderr)
        return 2
    parser.error(f"unknown command {args.command}")
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


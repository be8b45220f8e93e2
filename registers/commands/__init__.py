"""Subcommands that live with their feature (see ``registers.cli.COMMAND_MODULES``)."""

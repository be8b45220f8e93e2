"""The floor every other layer stands on.

The register spec and its sheet keys, text values, findings, rule declarations and
the ``input.*`` codes, settings, periods, frame helpers, output files.
"""

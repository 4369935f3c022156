"""Command line: ``python -m geo …`` (:mod:`geo.cli.main.main` and one module per command group)."""

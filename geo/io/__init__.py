"""Files in and out: import (CLI and page), export of the filtered view, a static public site.

The modules, in the order a file travels through them:

- :mod:`.sniff` tells what a file is from its bytes (never its name) and refuses what is
  not one of the five accepted formats; :mod:`.safezip` unpacks zips with limits.
- :mod:`.readers` and :mod:`.csvread` turn a file into a :class:`~.table.SourceTable`.
- :mod:`.columns` maps its columns to model fields; :mod:`.values` reads Swedish numbers,
  dates and words; :mod:`.crs` decides the coordinate system; :mod:`.geometry` builds,
  repairs and checks shapes.
- :mod:`.rows` makes validated model records, :mod:`.ledger` writes them in one
  transaction and remembers what was imported; :mod:`.importer` runs it all and
  returns an :class:`~.report.ImportReport`.
- :mod:`.export` writes exactly a :class:`~geo.domain.filters.Filter`'s features;
  :mod:`.cli` adds the three commands (the public site is :mod:`geo.site`).

The store reads a pledge's document through :mod:`.guard`, so this face imports nothing:
the importer (which writes to the store) is imported by name, :mod:`geo.io.importer`.
"""

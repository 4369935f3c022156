"""Limits on what an import accepts: a file larger than these is refused before parsing.

They bound memory and time for one import on a small server; a municipality's
real files (a few thousand rows, a few MB) are far below them.
"""

from __future__ import annotations

#: Largest accepted upload or file (bytes).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Most data rows (features) in one file.
MAX_ROWS = 500_000
#: Zip archives: most entries, most bytes unpacked, highest compression ratio.
MAX_ZIP_ENTRIES = 200
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
MAX_ZIP_RATIO = 200
#: Most cells (rows × columns, empty ones too) read from an XLSX sheet, and most bytes of
#: one sheet's XML unpacked. openpyxl reads about 60,000 cells a second here, and parses a
#: sheet without a <dimension> element twice (once to size it, inside load_workbook), so
#: both bound an XLSX read to seconds: a 5.5 MB workbook holds about 840,000 cells in
#: 45 MB of XML, 44 s of server time. 8,000 rows of 25 columns pass; more comes as CSV.
MAX_CELLS = 200_000
MAX_SHEET_BYTES = 12 * 1024 * 1024
#: Most columns in a table.
MAX_COLUMNS = 500
#: Longest field in a CSV (characters).
MAX_FIELD_CHARS = 100_000
#: Most vertices (coordinate pairs) of one shape, and of all shapes in a file. A
#: municipality's most detailed boundary has some tens of thousands.
MAX_FEATURE_VERTICES = 200_000
MAX_VERTICES = 2_000_000

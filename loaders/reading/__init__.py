"""Reading partner files: CSV, XLSX, JSON and JSON Lines, as rows of canonical columns.

``open_table`` reads the header (refusing a file that cannot be loaded at all, see
below) and returns a ``Table`` whose ``chunks()`` stream the data rows, re-reading
the file on each call, so a 1M-row CSV is read in bounded memory.

Rows are ``(row_number, {canonical column: value})``. Values are text, cleaned with
``hub.text.clean`` (NFC, control characters and NUL removed, trimmed; None when
blank), except XLSX date cells (``date``/``datetime``). Numbers are their text,
without a spurious ``.0`` (a tax code read as a number stays ``3700635642``).
Row numbers are what a clerk sees: the physical line (CSV, where a record starts)
or row (XLSX) counting the header as row 1; the 1-based index in a JSON array; the
line number in JSON Lines. Entirely blank rows are skipped.

Decisions:
- CSV encodings are found from the bytes: a BOM (UTF-8, UTF-16, UTF-32), else strict
  UTF-8 over the whole file, else Windows-1258 when its decoding looks Vietnamese
  (every tone mark lands on a vowel and the other letters are of the Vietnamese
  alphabet), else charset-normalizer's guess under the same test. Anything else,
  binary content and UTF-8 that was double-encoded (``Ã´`` for ``ô``) are refused
  rather than stored as mojibake.
- XLSX is read row by row from the sheet's XML as it inflates (``xlsx.py``): a
  formula cell gives its cached value (what Excel last displayed); formulas are never
  evaluated, and one without a cached value reads as blank. Text cells such as
  ``=1+1`` stay text. Nothing is sized from what the workbook declares; the limits of
  ``limits.ReadLimits`` (settings) are checked as the XML streams, and a DTD refuses
  the file. .xls and .ods would get a module of their own (python-calamine).
- JSON and JSON Lines have depth and number-length limits; CSV lines a length limit.
- JSON is parsed one array element at a time; JSON and JSON Lines are scanned once
  up front, so their columns are the union of the keys, and a broken file is refused
  before any row is handed out. A list of scalars becomes ``a;b`` text.
- The header is the first non-blank row, or the first of the next few rows that
  names a known column when title rows sit above the table (a warning says so).
"""

from loaders.reading.header import Column, header_key
from loaders.reading.table import Table, open_table

__all__ = ["Column", "Table", "header_key", "open_table"]

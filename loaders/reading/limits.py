"""What a partner file may hold before it is refused: the readers' limits.

Every limit is a setting (``hub/settings.py``, ``HUB_XLSX_*``, ``HUB_JSON_*``...), so
an operator can raise one for a trusted sender; ``ReadLimits()`` has the defaults.
Each is checked while the file is read, before anything it declares is allocated.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.settings import Settings

_MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    xlsx_unzipped_bytes: int
    xlsx_rows: int
    xlsx_columns: int
    xlsx_cells: int
    xlsx_shared_strings_bytes: int
    csv_line_chars: int
    json_depth: int
    json_number_digits: int
    epcis_event_values: int
    workbook_bytes: int = 64 * _MB  # .xls / .ods: the file (an .ods unpacked)

    @classmethod
    def of(cls, settings: Settings) -> ReadLimits:
        return cls(
            xlsx_unzipped_bytes=settings.xlsx_max_unzipped_mb * _MB,
            xlsx_rows=settings.xlsx_max_rows,
            xlsx_columns=settings.xlsx_max_columns,
            xlsx_cells=settings.xlsx_max_cells,
            xlsx_shared_strings_bytes=settings.xlsx_max_shared_strings_mb * _MB,
            csv_line_chars=settings.csv_max_line_chars,
            json_depth=settings.json_max_depth,
            json_number_digits=settings.json_max_number_digits,
            epcis_event_values=settings.epcis_max_event_values,
            workbook_bytes=settings.workbook_max_mb * _MB,
        )


DEFAULT_LIMITS = ReadLimits.of(Settings())

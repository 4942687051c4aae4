"""The data contract in the repository (``docs/data-contract.md``), generated from the
loaders' own column definitions and the vocabulary: ``python -m loaders.contract``.
A test fails when the page is stale, so what the page promises is what loads."""

from __future__ import annotations

import sys

from loaders.reading.header import Column
from loaders.registry import LOADERS

_HOLDERS = {
    "tax_code": "enterprise_name",
    "producer_tax_code": "producer_name",
    "actor_tax_code": "actor_name",
}

_INTRO = """\
# Data contract: what partner agencies send

This page is generated from the loaders' own column definitions and the hub's
vocabulary (`python -m loaders.contract > docs/data-contract.md`); a test fails when
it is stale. What it lists is exactly what loads.

## Every file

- **Formats**: CSV, XLSX, XLS (Excel 97-2003) and ODS (the first sheet unless one is
  named: `hub load --sheet NAME|N`, `sheet=` on the upload API), JSON (an array of
  objects) and JSON Lines. A workbook whose first sheet is empty or not the table is
  refused with the list of its sheets.
- **Encodings**: UTF-8, UTF-8 with BOM, UTF-16 (Excel "Unicode text"), Windows-1258,
  and text typed in the legacy fonts TCVN3 (ABC, `.VnTime`) and VNI (`VNI-Times`),
  found per column (headers included) and converted to Unicode NFC. A column that does
  not convert cleanly, or mixes legacy and Unicode text, is refused naming it: no
  mojibake is ever stored.
- **Headers**: a column's name below or any of its accepted headers; matching ignores
  case, diacritics, spaces and punctuation. The header may sit below title rows; a
  two-row header (a merged "Giấy chứng nhận" over "Số | Ngày cấp | Ngày hết hạn") is
  combined. Unknown columns are ignored with a warning. A missing required column
  refuses the file, naming it and the file's closest header; `--map 'HEADER=column'`
  (`map=` on the API, which a partner's key can also save) reads any header as a column.
- **Report layouts**: a row numbering the columns (`(1) (2) …`), total rows ("Tổng
  cộng: …") and the signature block ("Người lập biểu", "KT. CHI CỤC TRƯỞNG", "…, ngày …
  tháng … năm …") are skipped with one warning each, not reported as bad rows.
- **Text**: stored as given, in Unicode NFC, trimmed. **Dates**: `YYYY-MM-DD`,
  `DD/MM/YYYY`, `DD-MM-YYYY`, date cells of a workbook. Times without an offset are
  Asia/Ho_Chi_Minh. **Tax codes**: 10 digits, or 10 + 3 for a branch; spreadsheet damage
  (`3700635642.0`, a lost leading zero) is repaired; the check digit is validated.
- **Row errors** reject that row only (file, row, column, value, reason, code; in
  English or Vietnamese, `--lang`, `Accept-Language`); `--strict` refuses the file on
  any. `--rejects FILE` writes the rejected rows in the file's own columns with a "Lỗi"
  column, ready to fix and send again. Re-sending the same file changes nothing.
- **Templates**: `hub template KIND` (or `GET /api/v1/templates/{kind}`) writes a
  ready-to-fill XLSX with these headers, drop-downs and notes.

Enumerated values are accepted in any spelling listed (case and diacritics ignored);
the first, Vietnamese spelling is what templates offer.
"""


def reference() -> str:
    lines = [_INTRO]
    for kind, loader in LOADERS.items():
        lines += [f"## `{kind}`", ""]
        if not loader.columns:
            lines += [
                "EPCIS 2.0 JSON / JSON-LD documents: ObjectEvent, AggregationEvent,",
                "TransformationEvent, AssociationEvent; bizStep and disposition in bare,",
                "URN and URI forms.",
                "",
            ]
            continue
        lines += [
            "| column | Vietnamese label | also accepted | required | values | notes |",
            "|---|---|---|---|---|---|",
        ]
        names = {c.name for c in loader.columns}
        for column in loader.columns:
            lines.append(_row(column, names))
        lines.append("")
    return "\n".join(lines)


def _row(column: Column, names: set[str]) -> str:
    label = column.labels[0] if column.labels else ""
    others = ", ".join(column.labels[1:])
    required = "yes" if column.required else ""
    partner = _HOLDERS.get(column.name)
    if partner in names:
        required = f"this or `{partner}`"
    elif column.name in _HOLDERS.values():
        tax = next(k for k, v in _HOLDERS.items() if v == column.name)
        required = f"this or `{tax}`" if tax in names else ""
    values = ""
    if column.values is not None:
        values = "; ".join(
            f"`{value}` ({', '.join(spellings)})" if spellings else f"`{value}`"
            for value, spellings in column.values.items()
        )
    cells = [f"`{column.name}`", label, others, required, values, column.note]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


if __name__ == "__main__":
    sys.stdout.write(reference())

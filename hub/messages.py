"""The one catalogue of what the hub says about input: a stable code, its words.

Every row error, every refused file and every load warning is a *message id* with
parameters (``render("bad-date:format", value="31/02", hint=...)``). The id's part
before ``:`` is the **code** clients filter by (``bad-date``); the part after it picks
the wording of one case. Codes are stable; wording may change and be translated.

Each entry is one row of the catalogue: its English template now; a Vietnamese one
is a second column (``vi=``) filled later, and ``render(..., lang="vi")`` falls back
to English where it is still empty. Templates use ``str.format`` fields; only the
templates are ours, the values come from the data and are never formatted further.

``docs/errors.md`` is generated from this module: ``python -m hub.messages``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hub.errors import FileRefusedError


@dataclass(frozen=True)
class Text:
    en: str
    vi: str | None = None  # the second language: filled by a later issue


@dataclass(frozen=True)
class Code:
    kind: str  # "row" (one row rejected), "file" (the file refused) or "warning"
    doc: str  # what it means and what a sender does about it


# Codes ---------------------------------------------------------------------------------

CODES: dict[str, Code] = {
    # Row errors: the row is rejected, the rest of the file loads.
    "missing-value": Code("row", "A required value is empty (or only invisible characters)."),
    "invalid-tax-code": Code("row", "A tax code (mã số thuế) cannot be read or fails its check."),
    "unknown-value": Code("row", "A value is not one of the accepted values of its column."),
    "bad-date": Code("row", "A date or time cannot be read or is not a real one."),
    "bad-number": Code("row", "A number cannot be read."),
    "out-of-range": Code(
        "row",
        "A number is outside what the column allows: too small, too large for a "
        "64-bit whole number, NaN or infinite.",
    ),
    "date-order": Code("row", "Two dates of one record contradict each other."),
    "invalid-product-code": Code(
        "row", "A product code looks like a GTIN with a wrong check digit."
    ),
    "duplicate-record": Code("row", "The same record (same key) appears earlier in the file."),
    "too-long": Code("row", "A value is longer than the hub stores."),
    "wrong-type": Code("row", "A JSON value is of the wrong type (a list where text belongs...)."),
    "conflicting-keys": Code("row", "A JSON object has the same key twice with different values."),
    "too-large": Code(
        "row",
        "Row: one EPCIS event is larger than allowed. File: the file, a sheet or a value in "
        "it is over a limit (size, rows, columns, cells, digits).",
    ),
    # Refusals: nothing of the file is written.
    "not-a-file": Code("file", "The path is missing, unreadable, or not a regular file."),
    "empty-file": Code("file", "The file is empty or holds no records."),
    "not-utf8": Code(
        "file", "The text encoding is not one the hub reads (or contradicts its BOM)."
    ),
    "not-text": Code("file", "A text file was expected, but the bytes are binary."),
    "garbled-text": Code("file", "The text was converted twice (mojibake such as `Ã´`)."),
    "broken-csv": Code(
        "file", "The CSV cannot be read (an unclosed quote, text after a quote...)."
    ),
    "broken-json": Code("file", "The JSON is not valid or not of the expected shape."),
    "too-deep": Code("file", "JSON nested deeper than allowed."),
    "unsafe-xml": Code("file", "A workbook's XML declares a DTD or entities (never in Excel's)."),
    "damaged-workbook": Code("file", "The XLSX is truncated, damaged or not a workbook."),
    "encrypted-workbook": Code("file", "The workbook is protected by a password."),
    "old-excel-format": Code("file", "An old binary .xls workbook (perhaps renamed .xlsx)."),
    "unknown-sheet": Code("file", "The sheet asked for is not in the workbook."),
    "no-header": Code("file", "No header row: the file holds only blank rows."),
    "missing-column": Code("file", "A required column is missing."),
    "duplicate-column": Code("file", "Two columns mean the same field."),
    "no-known-column": Code("file", "No column of the header is one the kind knows."),
    "not-epcis": Code("file", "The JSON is not an EPCIS document, or has no events."),
    "strict": Code("file", "`--strict` (or `strict=true`) and at least one row error."),
    "refused": Code("file", "Any other refusal (the message says why)."),
    # Warnings: the file loads; the report says what was set aside.
    "unknown-column": Code("warning", "A column the kind does not know, ignored."),
    "header-below-top": Code("warning", "The header is not the first row; rows above ignored."),
    "extra-cells": Code("warning", "A row has more cells than the header; extras ignored."),
    "snapshot-not-retired": Code("warning", "A snapshot retired nothing (rows were rejected)."),
    "more-warnings": Code("warning", "Warnings beyond the listed ones, counted."),
}

_DATE_HINT = "use DD/MM/YYYY or YYYY-MM-DD"
INT64_MAX = 2**63 - 1
_SHOWN_CHARS = 80  # characters of a value quoted in a message

# Messages: id -> wording ------------------------------------------------------------------

CATALOGUE: dict[str, Text] = {
    "missing-value": Text("a value is required"),
    "missing-value:holder": Text("either {tax_column} or {name_column} is required"),
    "missing-value:input-lots": Text("a {kind} event needs its input lots"),
    "missing-value:event-field": Text("the event has no {field}"),
    "missing-value:epc-class": Text("{field} has no epcClass"),
    "missing-value:list-item": Text("{field} is blank"),
    "invalid-tax-code:empty": Text("tax code is empty"),
    "invalid-tax-code:characters": Text("tax code must contain only digits and separators"),
    "invalid-tax-code:script": Text(
        "tax code contains {char!r} ({codepoint}, {name}), a digit of another script; "
        "type the code with the digits 0-9"
    ),
    "invalid-tax-code:letter": Text(
        "tax code contains {char!r} ({codepoint}, {name}); a tax code has only the digits "
        "0-9 and separators"
    ),
    "invalid-tax-code:length": Text("tax code must have 10 or 13 digits, not {count}"),
    "invalid-tax-code:check-digit": Text("tax code is not valid: {detail}"),
    "invalid-tax-code:field": Text("{field} {value!r}: {reason}"),
    "unknown-value": Text("{value!r} is not an accepted value; use one of: {allowed}"),
    "unknown-value:event-type": Text("unknown event type {value!r} (known: {allowed})"),
    "unknown-value:action": Text("action {value!r} is not ADD, OBSERVE or DELETE"),
    "bad-date:empty": Text("the {what} is empty"),
    "bad-date:format": Text("{value!r} is not a date (" + _DATE_HINT + ")"),
    "bad-date:impossible": Text("{value!r} is not a real date (" + _DATE_HINT + ")"),
    "bad-date:time": Text("{value!r} has an unreadable time"),
    "bad-date:impossible-time": Text("{value!r} has an impossible time"),
    "bad-date:number": Text("{value!r} is a number, not a date (" + _DATE_HINT + ")"),
    "bad-date:serial": Text("{value!r} is not an Excel date serial number"),
    "bad-date:year": Text("{value!r}: year {year} is outside {low}..{high}"),
    "bad-date:event-time": Text(
        "{field} {value!r} is not a date-time like 2024-05-01T08:30:00+07:00"
    ),
    "bad-date:event-time-invalid": Text("{field} {value!r} is not a valid date-time"),
    "bad-date:event-time-range": Text("{field} {value!r} is out of range in {offset}"),
    "bad-date:offset": Text("{field} {value!r} is not an offset like +07:00"),
    "bad-number:empty": Text("the {what} is empty"),
    "bad-number:integer": Text("{value!r} is not a whole number"),
    "bad-number:amount": Text(
        "{value!r} is not an amount in VND; write it like 12.500.000 or 12500000"
    ),
    "bad-number:quantity": Text("quantity must be a number"),
    "bad-number:year": Text("{value!r} is not a year"),
    "out-of-range:minimum": Text("{number} is less than {minimum}"),
    "out-of-range:year": Text("year {year} is outside {low}..{high}"),
    "out-of-range:int64": Text(
        "{value!r} is too large: whole numbers must lie within ±" + f"{INT64_MAX:,}"
    ),
    "out-of-range:not-finite": Text("{value!r} is not a finite number (NaN or infinity)"),
    "out-of-range:too-big": Text("{value!r} is too large a number to store"),
    "out-of-range:negative": Text("{what} cannot be negative"),
    "out-of-range:event-quantity": Text("{field} {value!r} is out of range"),
    "out-of-range:amount": Text("{value!r} is not a whole, non-negative amount of VND"),
    "date-order": Text("expires before it was issued"),
    "invalid-product-code": Text("looks like a GTIN but its check digit is wrong"),
    "duplicate-record": Text("the same record appears earlier in this file"),
    "too-long": Text("a value longer than {limit} characters"),
    "wrong-type": Text("{field} must be {expected}, not {found}"),
    "conflicting-keys": Text("the key {key!r} appears twice in one object with different values"),
    "too-large:event": Text(
        "the event holds more than {limit:,} values; split it into smaller events"
    ),
    "too-large:links": Text(
        "the event links {count:,} inputs to outputs, more than {limit:,}; split it into "
        "smaller events"
    ),
    # Refusals (the file's name is put before each)
    "not-a-file:missing": Text("the file does not exist or is not a file"),
    "not-a-file:not-regular": Text("not a regular file ({what}); give the path of a saved file"),
    "not-a-file:unreadable": Text("cannot be read ({why})"),
    "empty-file": Text("the file is empty"),
    "empty-file:no-records": Text("has no records (an empty array or only blank lines)"),
    "empty-file:no-events": Text("no events found: {why}"),
    "not-utf8:bom": Text(
        "starts with a {encoding} byte-order mark but is not {encoding} text; "
        "save it again as CSV UTF-8"
    ),
    "not-utf8": Text(
        "the text encoding is not recognised (it is not UTF-8, UTF-16 or Windows-1258) "
        "or the file is not text; save it as CSV UTF-8"
    ),
    "not-utf8:json": Text("not JSON: the bytes are not UTF-8 (or UTF-16/32) text"),
    "not-text": Text("is not a text file (it looks binary)"),
    "garbled-text": Text(
        "the text is garbled by a double conversion (e.g. {sample!r} instead of a "
        "Vietnamese letter); export the original again as CSV UTF-8"
    ),
    "broken-csv:unclosed-quote": Text(
        "the row starting at line {line} opens a quoted value that is never closed"
    ),
    "broken-csv:after-quote": Text(
        "the row starting at line {line} has text after a closing quote; put the whole "
        "value in quotes"
    ),
    "broken-csv:field-too-long": Text(
        "the row starting at line {line} has a value longer than the limit (a quoted value "
        "may not be closed)"
    ),
    "broken-csv": Text("the row starting at line {line} cannot be read as CSV ({detail})"),
    "broken-json:not-array": Text("is not a JSON array; the file must be [ {{...}}, {{...}} ]"),
    "broken-json:element-not-object": Text("element {index} of the array is not an object"),
    "broken-json:element": Text(
        "the JSON is broken at or after element {index} (truncated file or a syntax error)"
    ),
    "broken-json:after-array": Text("has content after the end of the JSON array"),
    "broken-json:line": Text("line {line} is not valid JSON ({detail})"),
    "broken-json:line-not-object": Text(
        "line {line} is not a JSON object; JSON Lines needs one object per line"
    ),
    "broken-json:syntax": Text("not JSON: {detail} near byte {offset:,}{where}"),
    "too-deep": Text("JSON nested more than {limit} levels deep at {where}; flatten it"),
    "too-large:number": Text(
        "a number with more than {limit} digits at {where}; no field holds such a number"
    ),
    "too-large:line": Text(
        "line {line:,} is longer than {limit:,} characters (a missing line break?); split it"
    ),
    "too-large:unzipped": Text(
        "the workbook unpacks to {size} MB, more than the {limit} MB allowed; split it"
    ),
    "too-large:ratio": Text(
        "the workbook part {member} unpacks to {size} MB, over {ratio} times its packed size "
        "(a zip bomb?); save the file again from Excel"
    ),
    "too-large:rows": Text("sheet {sheet!r} has more than {limit:,} rows with data; split it"),
    "too-large:columns": Text(
        "sheet {sheet!r} has a value in cell {cell}, beyond column {last} (the limit is "
        "{limit:,} columns); delete stray cells far to the right or split the sheet"
    ),
    "too-large:cells": Text(
        "sheet {sheet!r} spans more than {limit:,} cells (each row counted up to its last "
        "value); split it"
    ),
    "too-large:row-number": Text(
        "sheet {sheet!r} has a row numbered {row:,}, beyond Excel's last row"
    ),
    "too-large:shared-strings": Text(
        "the workbook's shared text is more than {limit} MB; save the sheet as CSV UTF-8 "
        "or split it"
    ),
    "too-large:document": Text("an EPCIS document over {limit} MB; split it"),
    "unsafe-xml": Text(
        "the workbook part {member} declares a DTD or entities, which Excel never writes; "
        "save the file again from Excel"
    ),
    "damaged-workbook": Text(
        "the workbook is damaged or truncated (not a readable .xlsx); save it again from Excel"
    ),
    "damaged-workbook:not-xlsx": Text("is a zip file but not an Excel .xlsx workbook"),
    "damaged-workbook:part": Text(
        "the workbook part {member} cannot be read ({detail}); save it again from Excel"
    ),
    "damaged-workbook:no-sheet": Text("the workbook has no sheet"),
    "encrypted-workbook": Text(
        "the workbook is protected by a password; open it in Excel, remove the password "
        "(File > Info > Protect Workbook > Encrypt with Password, clear it) and send it again"
    ),
    "old-excel-format": Text(
        "is an old Excel 97-2003 (.xls) workbook{renamed}; open it in Excel and save it as "
        "Excel Workbook (.xlsx) or CSV UTF-8"
    ),
    "unknown-sheet": Text("has no sheet named {sheet!r}; its sheets are: {names}"),
    "no-header": Text("has no header row (it holds only blank rows)"),
    "missing-column": Text("required column {columns} is missing; {where} has: {has}"),
    "duplicate-column": Text(
        "columns {first!r} ({first_at}) and {second!r} ({second_at}) both mean {column}; "
        "keep only one of them"
    ),
    "no-known-column": Text(
        "no known column in {where} ({has}); expected columns such as {expected}"
    ),
    "not-epcis": Text("{detail}"),
    "strict": Text("--strict: {count} rows have errors"),
    "refused": Text("{detail}"),
    # Warnings
    "unknown-column": Text("unknown column {name!r} ignored"),
    "header-below-top": Text("the header is row {row}; rows above it ignored"),
    "extra-cells": Text(
        "row {row} has more cells than the header (a delimiter inside an unquoted value?); "
        "extra cells ignored"
    ),
    "snapshot-not-retired": Text(
        "snapshot: nothing was retired because {why}; correct the file and send it again"
    ),
    "more-warnings": Text("... and {count:,} more warnings"),
}


def code_of(message_id: str) -> str:
    """The stable code of a message id: ``bad-date`` for ``bad-date:format``."""
    return message_id.split(":", 1)[0]


def render(message_id: str, params: Mapping[str, Any] | None = None, lang: str = "en") -> str:
    """The message in ``lang`` (English where the language has no wording yet)."""
    text = CATALOGUE[message_id]
    template = getattr(text, lang, None) or text.en
    return template.format_map({k: _shown(k, v) for k, v in (params or {}).items()})


def _shown(name: str, value: Any) -> Any:
    """A value as a message quotes it: long data cut, huge numbers described."""
    if name == "value" and isinstance(value, str) and len(value) > _SHOWN_CHARS:
        return value[:_SHOWN_CHARS] + "…"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"a number of about {int(value.bit_length() * 0.30103)} digits"
    return value


class Coded(ValueError):
    """A problem with a message id and its parameters; ``str()`` is the English text."""

    def __init__(self, message_id: str, /, **params: Any) -> None:
        self.message_id = message_id
        self.params = params
        super().__init__(render(message_id, params))

    @property
    def code(self) -> str:
        return code_of(self.message_id)


def refusal(file: str | None, message_id: str, /, **params: Any) -> FileRefusedError:
    """A FileRefusedError for ``file`` whose text comes from the catalogue."""
    text = render(message_id, params)
    return FileRefusedError(
        f"{file}: {text}" if file else text, refusal=code_of(message_id), file=file
    )


def reference() -> str:
    """The error reference in Markdown (``docs/errors.md``), from the catalogue."""
    lines = [
        "# Error codes",
        "",
        "Every row error, refused file and warning of a load carries a stable `code`",
        "(`errors[].code` and `refused_code` in `hub load --json` and in upload answers;",
        "`rejected_by_code` counts rejected rows per code, also stored on the LoadRun as",
        "`rejectedByCode`). Filter by code, not by message: the words may change and will",
        "be translated. This page is generated: `python -m hub.messages > docs/errors.md`.",
        "",
    ]
    titles = {"row": "Row errors", "file": "Refusals", "warning": "Warnings"}
    notes = {
        "row": "The row is rejected and listed; the rest of the file loads "
        "(`--strict` refuses the file instead).",
        "file": "Nothing of the file is written; the report has `status: refused`, "
        "`refused` (the message) and `refused_code`.",
        "warning": "The file loads; the report lists the first warnings and counts the rest.",
    }
    for kind, title in titles.items():
        lines += [
            f"## {title}",
            "",
            notes[kind],
            "",
            "| code | meaning | messages |",
            "|---|---|---|",
        ]
        for code, spec in CODES.items():
            if spec.kind != kind and not (code == "too-large" and kind == "file"):
                continue
            texts = [
                t.en.replace("|", "\\|").replace("{{", "{").replace("}}", "}")
                for mid, t in CATALOGUE.items()
                if code_of(mid) == code
            ]
            shown = "<br>".join(f"`{t}`" for t in texts)
            lines.append(f"| `{code}` | {spec.doc} | {shown} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(reference())

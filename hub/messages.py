"""The one catalogue of what the hub says about input: a stable code, its words.

Every row error, every refused file and every load warning is a *message id* with
parameters (``render("bad-date:format", value="31/02", hint=...)``). The id's part
before ``:`` is the **code** clients filter by (``bad-date``); the part after it picks
the wording of one case. Codes are stable; wording may change and is translated.

Each entry is one row of the catalogue: its English and its Vietnamese template, with
the same ``str.format`` fields (a test holds them together). Only the templates are
ours; the values come from the data and are never formatted further.

**Language.** ``render`` speaks the language of the current context (``language``:
``hub load --lang``, the upload API's ``Accept-Language``), English by default, so the
reasons a loader words deep inside a load come out in the caller's language without
being passed down. ``language_of_locale`` and ``language_of_header`` pick it.

``docs/errors.md`` is generated from this module: ``python -m hub.messages``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from hub.errors import FileRefusedError

LANGUAGES = ("en", "vi")
_LANGUAGE: ContextVar[str] = ContextVar("hub_language", default="en")


@dataclass(frozen=True)
class Text:
    en: str
    vi: str


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
    "wrong-sheet": Code(
        "file", "No sheet was named and the first one is empty or not the table; lists the sheets."
    ),
    "legacy-font": Code(
        "file",
        "A column typed in a legacy font (TCVN3, VNI) does not convert cleanly to Unicode, "
        "or mixes legacy and Unicode text.",
    ),
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
    "two-row-header": Code("warning", "A header over two rows (merged cells); names combined."),
    "mapped-column": Code("warning", "A header read through a mapping (`--map`, `map=`)."),
    "layout-row": Code(
        "warning",
        "A report's column-number row, section heading, total row or signature block; "
        "skipped, not an error.",
    ),
    "font-converted": Code(
        "warning", "A column (or the header) typed in TCVN3 or VNI, converted to Unicode."
    ),
    "offline": Code("warning", "`--offline`: links to enterprises were not checked."),
    "rejects-not-kept": Code("warning", "The kind's rejected rows cannot make a return file."),
    "snapshot-not-retired": Code("warning", "A snapshot retired nothing (rows were rejected)."),
    "more-warnings": Code("warning", "Warnings beyond the listed ones, counted."),
    # The words of a load report itself (not a code a client meets).
    "report": Code("text", "The wording of `hub load`'s text report."),
}

_DATE_HINT = "use DD/MM/YYYY or YYYY-MM-DD"
_DATE_HINT_VI = "hãy ghi DD/MM/YYYY hoặc YYYY-MM-DD"
INT64_MAX = 2**63 - 1
_SHOWN_CHARS = 80  # characters of a value quoted in a message

# Messages: id -> wording ------------------------------------------------------------------

CATALOGUE: dict[str, Text] = {
    "missing-value": Text("a value is required", "cần có giá trị"),
    "missing-value:holder": Text(
        "either {tax_column} or {name_column} is required",
        "cần có {tax_column} hoặc {name_column}",
    ),
    "missing-value:input-lots": Text(
        "a {kind} event needs its input lots", "sự kiện {kind} cần có các lô đầu vào"
    ),
    "missing-value:event-field": Text("the event has no {field}", "sự kiện thiếu {field}"),
    "missing-value:epc-class": Text("{field} has no epcClass", "{field} thiếu epcClass"),
    "missing-value:list-item": Text("{field} is blank", "{field} để trống"),
    "invalid-tax-code:empty": Text("tax code is empty", "mã số thuế để trống"),
    "invalid-tax-code:characters": Text(
        "tax code must contain only digits and separators",
        "mã số thuế chỉ được gồm chữ số và dấu phân cách",
    ),
    "invalid-tax-code:script": Text(
        "tax code contains {char!r} ({codepoint}, {name}), a digit of another script; "
        "type the code with the digits 0-9",
        "mã số thuế chứa {char!r} ({codepoint}, {name}), một chữ số của hệ chữ khác; "
        "hãy gõ lại mã bằng các chữ số 0-9",
    ),
    "invalid-tax-code:letter": Text(
        "tax code contains {char!r} ({codepoint}, {name}); a tax code has only the digits "
        "0-9 and separators",
        "mã số thuế chứa {char!r} ({codepoint}, {name}); mã số thuế chỉ gồm các chữ số "
        "0-9 và dấu phân cách",
    ),
    "invalid-tax-code:length": Text(
        "tax code must have 10 or 13 digits, not {count}",
        "mã số thuế phải có 10 hoặc 13 chữ số, không phải {count}",
    ),
    "invalid-tax-code:check-digit": Text(
        "tax code is not valid: its check digit does not match (a digit is mistyped or missing)",
        "mã số thuế không hợp lệ: chữ số kiểm tra không khớp (có chữ số bị gõ sai hoặc thiếu)",
    ),
    "invalid-tax-code:part": Text(
        "tax code is not valid: its province, serial or branch part is not one a tax code can have",
        "mã số thuế không hợp lệ: phần mã tỉnh, số thứ tự hoặc mã chi nhánh không đúng",
    ),
    "invalid-tax-code:field": Text("{field} {value!r}: {reason}", "{field} {value!r}: {reason}"),
    "unknown-value": Text(
        "{value!r} is not an accepted value; use one of: {allowed}",
        "{value!r} không phải giá trị được chấp nhận; hãy dùng một trong: {allowed}",
    ),
    "unknown-value:event-type": Text(
        "unknown event type {value!r} (known: {allowed})",
        "loại sự kiện {value!r} không hợp lệ (các loại: {allowed})",
    ),
    "unknown-value:action": Text(
        "action {value!r} is not ADD, OBSERVE or DELETE",
        "action {value!r} không phải ADD, OBSERVE hay DELETE",
    ),
    "bad-date:empty": Text("the {what} is empty", "{what} để trống"),
    "bad-date:format": Text(
        "{value!r} is not a date (" + _DATE_HINT + ")",
        "{value!r} không phải ngày tháng (" + _DATE_HINT_VI + ")",
    ),
    "bad-date:impossible": Text(
        "{value!r} is not a real date (" + _DATE_HINT + ")",
        "{value!r} không phải ngày có thật (" + _DATE_HINT_VI + ")",
    ),
    "bad-date:time": Text("{value!r} has an unreadable time", "{value!r} có giờ không đọc được"),
    "bad-date:impossible-time": Text(
        "{value!r} has an impossible time", "{value!r} có giờ không tồn tại"
    ),
    "bad-date:number": Text(
        "{value!r} is a number, not a date (" + _DATE_HINT + ")",
        "{value!r} là một số, không phải ngày tháng (" + _DATE_HINT_VI + ")",
    ),
    "bad-date:serial": Text(
        "{value!r} is not an Excel date serial number",
        "{value!r} không phải số ngày tháng của Excel",
    ),
    "bad-date:year": Text(
        "{value!r}: year {year} is outside {low}..{high}",
        "{value!r}: năm {year} nằm ngoài khoảng {low}..{high}",
    ),
    "bad-date:event-time": Text(
        "{field} {value!r} is not a date-time like 2024-05-01T08:30:00+07:00",
        "{field} {value!r} không phải ngày giờ dạng 2024-05-01T08:30:00+07:00",
    ),
    "bad-date:event-time-invalid": Text(
        "{field} {value!r} is not a valid date-time",
        "{field} {value!r} không phải ngày giờ hợp lệ",
    ),
    "bad-date:event-time-range": Text(
        "{field} {value!r} is out of range in {offset}",
        "{field} {value!r} vượt quá giới hạn ở múi giờ {offset}",
    ),
    "bad-date:offset": Text(
        "{field} {value!r} is not an offset like +07:00",
        "{field} {value!r} không phải múi giờ dạng +07:00",
    ),
    "bad-number:empty": Text("the {what} is empty", "{what} để trống"),
    "bad-number:integer": Text("{value!r} is not a whole number", "{value!r} không phải số nguyên"),
    "bad-number:amount": Text(
        "{value!r} is not an amount in VND; write it like 12.500.000 or 12500000",
        "{value!r} không phải số tiền VNĐ; hãy ghi dạng 12.500.000 hoặc 12500000",
    ),
    "bad-number:quantity": Text("quantity must be a number", "số lượng phải là một số"),
    "bad-number:year": Text("{value!r} is not a year", "{value!r} không phải năm"),
    "out-of-range:minimum": Text(
        "{number} is less than {minimum}", "{number} nhỏ hơn mức tối thiểu {minimum}"
    ),
    "out-of-range:year": Text(
        "year {year} is outside {low}..{high}", "năm {year} nằm ngoài khoảng {low}..{high}"
    ),
    "out-of-range:int64": Text(
        "{value!r} is too large: whole numbers must lie within ±" + f"{INT64_MAX:,}",
        "{value!r} quá lớn: số nguyên phải nằm trong khoảng ±" + f"{INT64_MAX:,}",
    ),
    "out-of-range:not-finite": Text(
        "{value!r} is not a finite number (NaN or infinity)",
        "{value!r} không phải số hữu hạn (NaN hoặc vô cực)",
    ),
    "out-of-range:too-big": Text(
        "{value!r} is too large a number to store", "{value!r} là số quá lớn để lưu"
    ),
    "out-of-range:negative": Text("{what} cannot be negative", "{what} không được âm"),
    "out-of-range:event-quantity": Text(
        "{field} {value!r} is out of range", "{field} {value!r} vượt quá giới hạn"
    ),
    "out-of-range:amount": Text(
        "{value!r} is not a whole, non-negative amount of VND",
        "{value!r} không phải số tiền VNĐ nguyên, không âm",
    ),
    "date-order": Text("expires before it was issued", "ngày hết hạn trước ngày cấp"),
    "invalid-product-code": Text(
        "looks like a GTIN but its check digit is wrong",
        "trông như mã GTIN nhưng chữ số kiểm tra bị sai",
    ),
    "duplicate-record": Text(
        "the same record appears earlier in this file",
        "bản ghi này đã xuất hiện ở một dòng trước trong tệp",
    ),
    "too-long": Text("a value longer than {limit} characters", "có giá trị dài hơn {limit} ký tự"),
    "wrong-type": Text(
        "{field} must be {expected}, not {found}", "{field} phải là {expected}, không phải {found}"
    ),
    "conflicting-keys": Text(
        "the key {key!r} appears twice in one object with different values",
        "khóa {key!r} xuất hiện hai lần trong một đối tượng với giá trị khác nhau",
    ),
    "too-large:event": Text(
        "the event holds more than {limit:,} values; split it into smaller events",
        "sự kiện chứa hơn {limit:,} giá trị; hãy tách thành các sự kiện nhỏ hơn",
    ),
    "too-large:links": Text(
        "the event links {count:,} inputs to outputs, more than {limit:,}; split it into "
        "smaller events",
        "sự kiện nối {count:,} đầu vào với đầu ra, nhiều hơn {limit:,}; hãy tách thành các "
        "sự kiện nhỏ hơn",
    ),
    # Refusals (the file's name is put before each)
    "not-a-file:missing": Text(
        "the file does not exist or is not a file", "tệp không tồn tại hoặc không phải là tệp"
    ),
    "not-a-file:not-regular": Text(
        "not a regular file ({what}); give the path of a saved file",
        "không phải tệp thông thường ({what}); hãy chỉ đường dẫn của một tệp đã lưu",
    ),
    "not-a-file:unreadable": Text("cannot be read ({why})", "không đọc được ({why})"),
    "empty-file": Text("the file is empty", "tệp trống"),
    "empty-file:no-records": Text(
        "has no records (an empty array or only blank lines)",
        "không có bản ghi nào (mảng rỗng hoặc chỉ có dòng trống)",
    ),
    "empty-file:no-events": Text("no events found: {why}", "không tìm thấy sự kiện nào: {why}"),
    "not-utf8:bom": Text(
        "starts with a {encoding} byte-order mark but is not {encoding} text; "
        "save it again as CSV UTF-8",
        "bắt đầu bằng dấu BOM {encoding} nhưng nội dung không phải {encoding}; "
        "hãy lưu lại dưới dạng CSV UTF-8",
    ),
    "not-utf8": Text(
        "the text encoding is not recognised (it is not UTF-8, UTF-16, Windows-1258 or a "
        "legacy TCVN3/VNI font) or the file is not text; save it as CSV UTF-8",
        "không nhận ra bảng mã của văn bản (không phải UTF-8, UTF-16, Windows-1258 hay phông "
        "cũ TCVN3/VNI) hoặc tệp không phải văn bản; hãy lưu dưới dạng CSV UTF-8",
    ),
    "not-utf8:json": Text(
        "not JSON: the bytes are not UTF-8 (or UTF-16/32) text",
        "không phải JSON: nội dung không phải văn bản UTF-8 (hay UTF-16/32)",
    ),
    "not-text": Text(
        "is not a text file (it looks binary)", "không phải tệp văn bản (có vẻ là tệp nhị phân)"
    ),
    "garbled-text": Text(
        "the text is garbled by a double conversion (e.g. {sample!r} instead of a "
        "Vietnamese letter); export the original again as CSV UTF-8",
        "văn bản bị lỗi do chuyển mã hai lần (ví dụ {sample!r} thay cho một chữ cái tiếng "
        "Việt); hãy xuất lại tệp gốc dưới dạng CSV UTF-8",
    ),
    "broken-csv:unclosed-quote": Text(
        "the row starting at line {line} opens a quoted value that is never closed",
        "dòng bắt đầu ở dòng {line} mở dấu ngoặc kép nhưng không đóng lại",
    ),
    "broken-csv:after-quote": Text(
        "the row starting at line {line} has text after a closing quote; put the whole "
        "value in quotes",
        "dòng bắt đầu ở dòng {line} có chữ sau dấu ngoặc kép đóng; hãy đặt cả giá trị "
        "trong ngoặc kép",
    ),
    "broken-csv:field-too-long": Text(
        "the row starting at line {line} has a value longer than the limit (a quoted value "
        "may not be closed)",
        "dòng bắt đầu ở dòng {line} có giá trị dài quá giới hạn (có thể một dấu ngoặc kép "
        "chưa đóng)",
    ),
    "broken-csv": Text(
        "the row starting at line {line} cannot be read as CSV ({detail})",
        "dòng bắt đầu ở dòng {line} không đọc được dạng CSV ({detail})",
    ),
    "broken-json:not-array": Text(
        "is not a JSON array; the file must be [ {{...}}, {{...}} ]",
        "không phải mảng JSON; tệp phải có dạng [ {{...}}, {{...}} ]",
    ),
    "broken-json:element-not-object": Text(
        "element {index} of the array is not an object",
        "phần tử thứ {index} của mảng không phải đối tượng",
    ),
    "broken-json:element": Text(
        "the JSON is broken at or after element {index} (truncated file or a syntax error)",
        "JSON bị hỏng tại hoặc sau phần tử thứ {index} (tệp bị cắt cụt hoặc lỗi cú pháp)",
    ),
    "broken-json:after-array": Text(
        "has content after the end of the JSON array", "có nội dung sau khi mảng JSON kết thúc"
    ),
    "broken-json:line": Text(
        "line {line} is not valid JSON ({detail})", "dòng {line} không phải JSON hợp lệ ({detail})"
    ),
    "broken-json:line-not-object": Text(
        "line {line} is not a JSON object; JSON Lines needs one object per line",
        "dòng {line} không phải đối tượng JSON; JSON Lines cần mỗi dòng một đối tượng",
    ),
    "broken-json:syntax": Text(
        "not JSON: {detail} near byte {offset:,}{where}",
        "không phải JSON: {detail} gần byte {offset:,}{where}",
    ),
    "too-deep": Text(
        "JSON nested more than {limit} levels deep at {where}; flatten it",
        "JSON lồng sâu hơn {limit} cấp tại {where}; hãy làm phẳng dữ liệu",
    ),
    "too-large:number": Text(
        "a number with more than {limit} digits at {where}; no field holds such a number",
        "có số dài hơn {limit} chữ số tại {where}; không trường nào chứa được số như vậy",
    ),
    "too-large:line": Text(
        "line {line:,} is longer than {limit:,} characters (a missing line break?); split it",
        "dòng {line:,} dài hơn {limit:,} ký tự (thiếu dấu xuống dòng?); hãy tách nhỏ",
    ),
    "too-large:unzipped": Text(
        "the workbook unpacks to {size} MB, more than the {limit} MB allowed; split it",
        "tệp Excel giải nén ra {size} MB, vượt mức {limit} MB cho phép; hãy tách nhỏ",
    ),
    "too-large:workbook": Text(
        "the workbook is {size} MB, more than the {limit} MB allowed for .xls and .ods; "
        "split it or save it as CSV UTF-8",
        "tệp Excel nặng {size} MB, vượt mức {limit} MB cho phép với .xls và .ods; hãy tách "
        "nhỏ hoặc lưu dưới dạng CSV UTF-8",
    ),
    "too-large:ratio": Text(
        "the workbook part {member} unpacks to {size} MB, over {ratio} times its packed size "
        "(a zip bomb?); save the file again from Excel",
        "phần {member} của tệp Excel giải nén ra {size} MB, gấp hơn {ratio} lần kích thước "
        "nén (bom zip?); hãy lưu lại tệp từ Excel",
    ),
    "too-large:rows": Text(
        "sheet {sheet!r} has more than {limit:,} rows with data; split it",
        "trang tính {sheet!r} có hơn {limit:,} dòng dữ liệu; hãy tách nhỏ",
    ),
    "too-large:columns": Text(
        "sheet {sheet!r} has a value in cell {cell}, beyond column {last} (the limit is "
        "{limit:,} columns); delete stray cells far to the right or split the sheet",
        "trang tính {sheet!r} có giá trị ở ô {cell}, vượt quá cột {last} (giới hạn là "
        "{limit:,} cột); hãy xóa các ô thừa ở xa bên phải hoặc tách trang tính",
    ),
    "too-large:cells": Text(
        "sheet {sheet!r} spans more than {limit:,} cells (each row counted up to its last "
        "value); split it",
        "trang tính {sheet!r} trải trên hơn {limit:,} ô (mỗi dòng tính đến giá trị cuối); "
        "hãy tách nhỏ",
    ),
    "too-large:row-number": Text(
        "sheet {sheet!r} has a row numbered {row:,}, beyond Excel's last row",
        "trang tính {sheet!r} có dòng số {row:,}, vượt quá dòng cuối cùng của Excel",
    ),
    "too-large:shared-strings": Text(
        "the workbook's shared text is more than {limit} MB; save the sheet as CSV UTF-8 "
        "or split it",
        "phần văn bản dùng chung của tệp Excel lớn hơn {limit} MB; hãy lưu trang tính dưới "
        "dạng CSV UTF-8 hoặc tách nhỏ",
    ),
    "too-large:document": Text(
        "an EPCIS document over {limit} MB; split it",
        "tài liệu EPCIS lớn hơn {limit} MB; hãy tách nhỏ",
    ),
    "unsafe-xml": Text(
        "the workbook part {member} declares a DTD or entities, which Excel never writes; "
        "save the file again from Excel",
        "phần {member} của tệp Excel khai báo DTD hoặc thực thể, điều Excel không bao giờ "
        "ghi; hãy lưu lại tệp từ Excel",
    ),
    "damaged-workbook": Text(
        "the workbook is damaged or truncated (not a readable .xlsx); save it again from Excel",
        "tệp Excel bị hỏng hoặc bị cắt cụt (không đọc được .xlsx); hãy lưu lại từ Excel",
    ),
    "damaged-workbook:not-xlsx": Text(
        "is a zip file but not an Excel .xlsx workbook",
        "là tệp zip nhưng không phải tệp Excel .xlsx",
    ),
    "damaged-workbook:part": Text(
        "the workbook part {member} cannot be read ({detail}); save it again from Excel",
        "không đọc được phần {member} của tệp Excel ({detail}); hãy lưu lại từ Excel",
    ),
    "damaged-workbook:no-sheet": Text("the workbook has no sheet", "tệp Excel không có trang tính"),
    "damaged-workbook:other": Text(
        "the {format} workbook cannot be read ({detail}); save it again as .xlsx or CSV UTF-8",
        "không đọc được tệp {format} ({detail}); hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8",
    ),
    "encrypted-workbook": Text(
        "the workbook is protected by a password; open it in Excel, remove the password "
        "(File > Info > Protect Workbook > Encrypt with Password, clear it) and send it again",
        "tệp Excel được bảo vệ bằng mật khẩu; hãy mở trong Excel, gỡ mật khẩu (Tệp > Thông "
        "tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu) rồi gửi lại",
    ),
    "old-excel-format": Text(
        "is an old Excel 97-2003 (.xls) workbook{renamed} that cannot be read; open it in "
        "Excel and save it as Excel Workbook (.xlsx) or CSV UTF-8",
        "là tệp Excel 97-2003 (.xls){renamed} không đọc được; hãy mở trong Excel và lưu "
        "dưới dạng Excel Workbook (.xlsx) hoặc CSV UTF-8",
    ),
    "unknown-sheet": Text(
        "has no sheet named {sheet!r}; its sheets are: {names}",
        "không có trang tính tên {sheet!r}; các trang tính là: {names}",
    ),
    "unknown-sheet:number": Text(
        "has no sheet number {sheet}; it has {count} sheets: {names}",
        "không có trang tính số {sheet}; tệp có {count} trang tính: {names}",
    ),
    "wrong-sheet": Text(
        "{reason} (read from sheet {sheet!r}, the first); the workbook's sheets are: {names}; "
        "name the one to load with --sheet (sheet= on the API)",
        "{reason} (đọc từ trang tính đầu tiên {sheet!r}); các trang tính của tệp là: {names}; "
        "hãy chỉ trang cần nạp bằng --sheet (sheet= khi gửi qua API)",
    ),
    "no-header": Text(
        "has no header row (it holds only blank rows)",
        "không có dòng tiêu đề (chỉ có các dòng trống)",
    ),
    "missing-column": Text(
        "required column {columns} is missing; {where} has: {has}{hint}",
        "thiếu cột bắt buộc {columns}; {where} có: {has}{hint}",
    ),
    "missing-column:did-you-mean": Text(
        "; did you mean {header!r}? If so, add --map '{header}={column}' (map= on the API)",
        "; có phải là cột {header!r}? Nếu đúng, hãy thêm --map '{header}={column}' (map= "
        "khi gửi qua API)",
    ),
    "duplicate-column": Text(
        "columns {first!r} ({first_at}) and {second!r} ({second_at}) both mean {column}; "
        "keep only one of them",
        "cột {first!r} ({first_at}) và {second!r} ({second_at}) cùng có nghĩa là {column}; "
        "hãy giữ lại một cột",
    ),
    "no-known-column": Text(
        "no known column in {where} ({has}); expected columns such as {expected}",
        "không có cột nào quen thuộc ở {where} ({has}); cần các cột như {expected}",
    ),
    "legacy-font:unclean": Text(
        "column {column!r} is typed in the legacy font {font}, but {value!r} (row {row}) "
        "does not convert cleanly to Unicode; convert the file to Unicode (e.g. with "
        "Unikey's converter) and send it again",
        "cột {column!r} được gõ bằng phông cũ {font}, nhưng {value!r} (dòng {row}) không "
        "chuyển sạch sang Unicode; hãy chuyển mã tệp sang Unicode (ví dụ bằng công cụ "
        "chuyển mã của Unikey) rồi gửi lại",
    ),
    "legacy-font:mixed": Text(
        "column {column!r} mixes Unicode text with text typed in the legacy font {font} "
        "(row {row}: {value!r}); convert the file to Unicode (e.g. with Unikey's converter) "
        "and send it again",
        "cột {column!r} lẫn văn bản Unicode với văn bản gõ bằng phông cũ {font} (dòng "
        "{row}: {value!r}); hãy chuyển mã tệp sang Unicode (ví dụ bằng công cụ chuyển mã "
        "của Unikey) rồi gửi lại",
    ),
    "not-epcis:json": Text(
        "not an EPCIS document: the JSON is {found}",
        "không phải tài liệu EPCIS: JSON là {found}",
    ),
    "not-epcis:no-body": Text(
        "not an EPCIS document: it has no epcisBody and is not an event",
        "không phải tài liệu EPCIS: không có epcisBody và không phải một sự kiện",
    ),
    "not-epcis:list": Text(
        "{name} must be a list, not {found}", "{name} phải là một danh sách, không phải {found}"
    ),
    "not-epcis:object": Text(
        "{name} must be an object, not {found}", "{name} phải là một đối tượng, không phải {found}"
    ),
    "strict": Text(
        "--strict: {count} rows have errors", "--strict: {count} dòng có lỗi nên từ chối cả tệp"
    ),
    "refused": Text("{detail}", "{detail}"),
    # Warnings
    "unknown-column": Text("unknown column {name!r} ignored", "bỏ qua cột không xác định {name!r}"),
    "header-below-top": Text(
        "the header is row {row}; rows above it ignored",
        "dòng tiêu đề là dòng {row}; bỏ qua các dòng phía trên",
    ),
    "two-row-header": Text(
        "the header spans rows {first} and {second}; their names were combined",
        "dòng tiêu đề gồm hai dòng {first} và {second}; tên cột đã được ghép lại",
    ),
    "mapped-column": Text(
        "column {header!r} read as {column} (mapping)",
        "cột {header!r} được đọc là {column} (theo ánh xạ)",
    ),
    "mapped-column:unused": Text(
        "the mapping names {header!r}, which is not in the header; ignored",
        "ánh xạ nêu cột {header!r} nhưng dòng tiêu đề không có cột này; bỏ qua",
    ),
    "layout-row:numbers": Text(
        "row {row} numbers the columns ({sample}); skipped",
        "dòng {row} là dòng đánh số cột ({sample}); bỏ qua",
    ),
    "layout-row:section": Text(
        "row {row} is a section heading ({text!r}); skipped",
        "dòng {row} là dòng tiêu đề mục ({text!r}); bỏ qua",
    ),
    "layout-row:total": Text(
        "row {row} is a total row ({text!r}); skipped",
        "dòng {row} là dòng tổng cộng ({text!r}); bỏ qua",
    ),
    "layout-row:signature": Text(
        "row {row} belongs to the signature block ({text!r}); skipped",
        "dòng {row} thuộc phần ký tên ({text!r}); bỏ qua",
    ),
    "font-converted": Text(
        "column {column!r} was typed in the legacy font {font}; converted to Unicode",
        "cột {column!r} được gõ bằng phông cũ {font}; đã chuyển sang Unicode",
    ),
    "font-converted:header": Text(
        "the header was typed in the legacy font {font}; converted to Unicode",
        "dòng tiêu đề được gõ bằng phông cũ {font}; đã chuyển sang Unicode",
    ),
    "extra-cells": Text(
        "row {row} has more cells than the header (a delimiter inside an unquoted value?); "
        "extra cells ignored",
        "dòng {row} có nhiều ô hơn dòng tiêu đề (dấu phân cách nằm trong giá trị không có "
        "ngoặc kép?); bỏ qua các ô thừa",
    ),
    "snapshot-not-retired:rejected": Text(
        "snapshot: nothing was retired because {count} rows were rejected; correct the file "
        "and send it again",
        "ảnh chụp: không ngừng theo dõi bản ghi nào vì {count} dòng bị từ chối; hãy sửa tệp "
        "rồi gửi lại",
    ),
    "snapshot-not-retired:empty": Text(
        "snapshot: nothing was retired because the file is empty; correct the file and send "
        "it again",
        "ảnh chụp: không ngừng theo dõi bản ghi nào vì tệp trống; hãy sửa tệp rồi gửi lại",
    ),
    "offline": Text(
        "offline: links to enterprises were not checked ({count} rows name a firm without "
        "a tax code)",
        "ngoại tuyến: chưa kiểm tra liên kết với doanh nghiệp ({count} dòng nêu doanh nghiệp "
        "không có mã số thuế)",
    ),
    "rejects-not-kept": Text(
        "the rejected rows of {kind} files are not written to a return file",
        "các dòng bị từ chối của tệp {kind} không được ghi ra tệp trả lại",
    ),
    "more-warnings": Text("... and {count:,} more warnings", "... và {count:,} cảnh báo khác"),
    # How a report is worded (hub load's text report)
    "report:refused": Text(
        "{file}: REFUSED ({kind}): {reason}", "{file}: TỪ CHỐI ({kind}): {reason}"
    ),
    "report:summary": Text(
        "{file}: {kind}: {read} rows read, {loaded} {verb}, {rejected} rejected, "
        "{unresolved} unresolved, {changed} records created or changed ({seconds:.1f} s)",
        "{file}: {kind}: đọc {read} dòng, {loaded} {verb}, {rejected} bị từ chối, "
        "{unresolved} chưa liên kết, {changed} bản ghi được tạo hoặc thay đổi ({seconds:.1f} s)",
    ),
    "report:loaded": Text("loaded", "đã nạp"),
    "report:validated": Text("validated (dry run)", "hợp lệ (chạy thử)"),
    "report:replayed": Text(
        "earlier (the same upload, answered from its receipt)",
        "từ trước (cùng lần gửi, trả lời theo biên nhận)",
    ),
    "report:retired": Text(
        "snapshot: {count} records left out of it were retired",
        "ảnh chụp: {count} bản ghi không có trong tệp đã ngừng theo dõi",
    ),
    "report:warning": Text("warning: {text}", "cảnh báo: {text}"),
    "report:row": Text(
        "row {row}, column {column}: {reason} (value {value!r})",
        "dòng {row}, cột {column}: {reason} (giá trị {value!r})",
    ),
    "report:row:empty": Text(
        "row {row}, column {column}: {reason}", "dòng {row}, cột {column}: {reason}"
    ),
    "report:more-rejected": Text(
        "... and {count} more rejected rows", "... và {count} dòng bị từ chối khác"
    ),
    "report:where-row": Text("row {row}", "dòng {row}"),
    "report:where-records": Text("the records", "các bản ghi"),
    "report:and-more": Text(" and {count:,} more", " và {count:,} cột khác"),
    "report:column-letter": Text("column {letters}", "cột {letters}"),
    "report:json-key": Text("key", "khóa"),
    "report:not-linked": Text("not checked (offline)", "chưa kiểm tra (ngoại tuyến)"),
    "report:rejects": Text(
        "rejected rows written to {path}, with a {column!r} column, ready to fix and send again",
        "các dòng bị từ chối đã ghi vào {path}, kèm cột {column!r}, để sửa và gửi lại",
    ),
}


def code_of(message_id: str) -> str:
    """The stable code of a message id: ``bad-date`` for ``bad-date:format``."""
    return message_id.split(":", 1)[0]


def render(
    message_id: str, params: Mapping[str, Any] | None = None, lang: str | None = None
) -> str:
    """The message in ``lang`` (default: the current context's language)."""
    lang = lang or _LANGUAGE.get()
    text = CATALOGUE[message_id]
    template = text.vi if lang == "vi" else text.en
    return template.format_map({k: _shown(k, v, lang) for k, v in (params or {}).items()})


def current_language() -> str:
    return _LANGUAGE.get()


@contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Speak ``lang`` (``en`` or ``vi``; None keeps the current one) inside the block."""
    chosen = lang if lang in LANGUAGES else _LANGUAGE.get()
    token = _LANGUAGE.set(chosen)
    try:
        yield chosen
    finally:
        _LANGUAGE.reset(token)


def language_of_locale(locale: str | None) -> str:
    """``vi`` for a Vietnamese locale (``LANG=vi_VN.UTF-8``), else ``en``."""
    return "vi" if (locale or "").lower().startswith("vi") else "en"


_RANGE = re.compile(r"\s*([A-Za-z*]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


def language_of_header(header: str | None) -> str:
    """The language an ``Accept-Language`` header prefers among ours (English by default)."""
    best, best_q = "en", 0.0
    for part in (header or "").split(",")[:20]:
        match = _RANGE.fullmatch(part)
        if not match:
            continue
        try:
            q = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        lang = match.group(1).lower()
        if lang in LANGUAGES and q > best_q:
            best, best_q = lang, q
    return best


# Words that reach messages as parameters (the kind of a value, why a file is empty).
_TERMS_VI = {
    "date": "ngày",
    "date and time": "ngày giờ",
    "number": "số",
    "amount": "số tiền",
    "quantity": "số lượng",
    "value": "giá trị",
    "an object": "một đối tượng",
    "a list": "một danh sách",
    "a string": "một chuỗi",
    "a number": "một số",
    "a boolean": "giá trị đúng/sai",
    "a tax code (text)": "mã số thuế (dạng văn bản)",
    "the event list is empty": "danh sách sự kiện trống",
    "epcisBody has no eventList and no queryResults": (
        "epcisBody không có eventList hay queryResults"
    ),
    "the query results have no eventList": "kết quả truy vấn không có eventList",
    "a folder": "một thư mục",
    "a named pipe": "một đường ống có tên",
    "a socket": "một socket",
    "a device": "một thiết bị",
}
_TERM_PARAMS = frozenset({"what", "expected", "found", "why"})


def _shown(name: str, value: Any, lang: str = "en") -> Any:
    """A value as a message quotes it: long data cut, huge numbers described."""
    if name == "value" and isinstance(value, str) and len(value) > _SHOWN_CHARS:
        return value[:_SHOWN_CHARS] + "…"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        digits = int(value.bit_length() * 0.30103)
        return (
            f"một số khoảng {digits} chữ số"
            if lang == "vi"
            else f"a number of about {digits} digits"
        )
    if lang == "vi" and name in _TERM_PARAMS and isinstance(value, str):
        return _TERMS_VI.get(value, value)
    return value


class Coded(ValueError):
    """A problem with a message id and its parameters; ``str()`` is its text in the
    language of the context it was raised in."""

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
        "`rejectedByCode`). Filter by code, not by message: the words may change. Each",
        "message is worded in English and Vietnamese (`hub load --lang vi|en`, the upload",
        "API's `Accept-Language`); `vi:` below is the Vietnamese wording.",
        "This page is generated: `python -m hub.messages > docs/errors.md`.",
        "",
    ]
    titles = {
        "row": "Row errors",
        "file": "Refusals",
        "warning": "Warnings",
        "text": "Report wording",
    }
    notes = {
        "row": "The row is rejected and listed; the rest of the file loads "
        "(`--strict` refuses the file instead).",
        "file": "Nothing of the file is written; the report has `status: refused`, "
        "`refused` (the message) and `refused_code`.",
        "warning": "The file loads; the report lists the first warnings and counts the rest.",
        "text": "Not codes: the words of `hub load`'s text report.",
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
                f"`{_cell(t.en)}`<br>vi: `{_cell(t.vi)}`"
                for mid, t in CATALOGUE.items()
                if code_of(mid) == code
            ]
            shown = "<br>".join(texts)
            lines.append(f"| `{code}` | {spec.doc} | {shown} |")
        lines.append("")
    return "\n".join(lines)


def _cell(template: str) -> str:
    return template.replace("|", "\\|").replace("{{", "{").replace("}}", "}")


if __name__ == "__main__":
    sys.stdout.write(reference())

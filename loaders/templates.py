"""Ready-to-fill templates of a kind: the Vietnamese headers, drop-downs and notes.

Built from the kind's own column definitions (``KindLoader.columns``) and the value
sets of ``hub.vocabulary``, so a filled-in template loads: each header is the
contract's first Vietnamese label, each enumerated column offers its values'
Vietnamese spelling (the first one) in a drop-down fed from a hidden list sheet, tax
codes are text cells (a number would lose a leading zero), dates show DD/MM/YYYY.
The notes sheet says which columns are required and what each one takes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from loaders.base import KindLoader
from loaders.reading.header import Column

FORMATS = ("xlsx", "csv")
MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
TEMPLATE_ROWS = 1000  # rows the drop-downs and cell formats cover
DATA_SHEET = "Dữ liệu"
LISTS_SHEET = "Danh mục"
NOTES_SHEET = "Hướng dẫn"
_HOLDER = {"tax_code", "enterprise_name", "producer_tax_code", "producer_name"}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")


class NoTemplateError(ValueError):
    """The kind is not a table (EPCIS documents)."""


def template_name(kind: str, fmt: str) -> str:
    return f"mau-{kind}.{fmt}"


def build_template(loader: KindLoader, fmt: str = "xlsx") -> bytes:
    if not loader.columns:
        raise NoTemplateError(f"{loader.kind} files are EPCIS JSON documents, not tables")
    if fmt == "csv":
        header = ",".join(_csv_cell(c.label) for c in loader.columns)
        return (header + "\r\n").encode("utf-8-sig")
    if fmt != "xlsx":
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return _workbook(loader)


def choices(column: Column) -> list[str]:
    """What a drop-down offers: each value's first (Vietnamese) spelling."""
    if column.values is None:
        return []
    return [spellings[0] if spellings else value for value, spellings in column.values.items()]


def _workbook(loader: KindLoader) -> bytes:
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = DATA_SHEET
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    notes = book.create_sheet(NOTES_SHEET)
    list_column = 0
    for index, column in enumerate(loader.columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(1, index, column.label)
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(_describe(column), "hub")
        data.column_dimensions[letter].width = max(14, min(40, len(column.label) + 6))
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        if "tax_code" in column.name:
            _format(data, index, "@")
        elif column.name.endswith("_on"):
            _format(data, index, "DD/MM/YYYY")
        values = choices(column)
        if values:
            list_column += 1
            source = get_column_letter(list_column)
            lists.cell(1, list_column, column.label)
            for row, value in enumerate(values, start=2):
                lists.cell(row, list_column, value)
            ref = f"{quote_sheetname(LISTS_SHEET)}!${source}$2:${source}${len(values) + 1}"
            check = DataValidation(type="list", formula1=f"={ref}", allow_blank=True)
            check.error = "Chọn một giá trị trong danh sách (Choose a value from the list)"
            check.errorTitle = column.label
            check.showErrorMessage = True
            data.add_data_validation(check)
            check.add(cells)
    data.freeze_panes = "A2"
    data.row_dimensions[1].height = 32
    _notes(notes, loader)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _format(sheet: object, index: int, number_format: str) -> None:
    for row in range(2, TEMPLATE_ROWS + 2):
        sheet.cell(row, index).number_format = number_format  # type: ignore[attr-defined]


def _describe(column: Column) -> str:
    parts = [f"{column.name}", "bắt buộc (required)" if column.required else "không bắt buộc"]
    if column.values is not None:
        parts.append("chọn trong danh sách")
    if column.note:
        parts.append(column.note)
    return "\n".join(parts)


def _notes(sheet: object, loader: KindLoader) -> None:
    rows: list[Sequence[str]] = [
        [f"Mẫu dữ liệu: {loader.kind}"],
        [
            "Điền mỗi bản ghi một dòng ở trang 'Dữ liệu', bắt đầu từ dòng 2; "
            "giữ nguyên dòng tiêu đề."
        ],
        ["Ngày tháng: DD/MM/YYYY (ví dụ 15/03/2024) hoặc YYYY-MM-DD."],
        ["Mã số thuế: 10 chữ số, hoặc 10 + 3 chữ số cho chi nhánh (3700635642-001)."],
        ["Gửi bằng: hub load KIND FILE, hoặc POST /api/v1/datasets/KIND."],
        [],
        ["Cột", "Tên chuẩn", "Bắt buộc", "Giá trị chấp nhận", "Ghi chú"],
    ]
    for column in loader.columns:
        if column.required:
            required = "có"
        elif column.name in _HOLDER:
            required = "một trong hai: mã số thuế hoặc tên"
        else:
            required = ""
        rows.append([column.label, column.name, required, ", ".join(choices(column)), column.note])
    for row in rows:
        sheet.append(list(row))  # type: ignore[attr-defined]
    for cell in sheet[7]:  # type: ignore[index]
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=14)  # type: ignore[index]
    for letter, width in zip("ABCDE", (30, 20, 22, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width  # type: ignore[attr-defined]


def _csv_cell(text: str) -> str:
    return f'"{text}"' if any(ch in text for ch in ',"\n') else text

"""Excel-friendly files the floor writes and reads: CSV (UTF-8 with BOM, CRLF) and XLSX.

The only module that imports openpyxl (inside the functions: an app that never exports does not
load it).

Text that a spreadsheet would run as a formula (it starts with = + - @ or a tab) is written as text:
in XLSX the cell is typed as a string, in CSV it gets the apostrophe Excel itself uses for that
(and the floor's import reader strips it again), so an exported file can never run a formula
that somebody typed into a listing title or an enterprise name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and value != "-"


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["'" + v if _looks_like_formula(v) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class UnreadableWorkbook(Exception):
    """The bytes are not an XLSX workbook openpyxl can open (damaged, or another format)."""


def _append_row(sheet, row: Sequence) -> None:
    """Appends to a sheet with formula-looking text typed as plain text."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        if _looks_like_formula(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    sheet.append(cells)


def strip_formula_guard(text: str) -> str:
    """The reader's side: "'=1+1" written by csv_bytes reads back as "=1+1"."""
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def xlsx_bytes(sheet_name: str, rows: Iterable[Sequence]) -> bytes:
    """One plain sheet, written as it streams (a catalogue of 20,000 listings stays small)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    for row in rows:
        _append_row(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_xlsx_bytes(sheet_name: str, title: str, headers: Sequence,
                      rows: Sequence[Sequence]) -> bytes:
    """A report sheet: a bold title line, bold headers frozen above the rows, fitted widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        _append_row(sheet, row)
    for index, header in enumerate(headers, start=1):
        widest = max([len(str(header))] + [len(str(row[index - 1])) for row in rows[:500]])
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = min(
            max(10, widest + 2), 60)
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_rows(content: bytes) -> list[tuple]:
    """The values of the first sheet, row by row; UnreadableWorkbook when it cannot be opened."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableWorkbook(str(exc)) from exc
    try:
        return list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()

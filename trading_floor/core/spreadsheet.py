"""Excel-friendly files the floor writes: CSV (UTF-8 with BOM, CRLF) and XLSX.

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


def append_row(sheet, row: Sequence) -> None:
    """Appends to an openpyxl sheet with formula-looking text typed as plain text."""
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

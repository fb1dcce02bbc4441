"""Excel-friendly exports of any dashboard table: XLSX (openpyxl) and CSV (UTF-8 with BOM)."""

from __future__ import annotations

import io

from flask_babel import gettext as _

from trading_floor.core.spreadsheet import append_row, csv_bytes
from trading_floor.monitoring.tables import Table


def csv_headers(table: Table) -> list[str]:
    """The CSV is data for programs: numbers without thousands separators and with a decimal
    POINT (41.7), whatever the language. Each column holding decimals says so in its header, so
    nobody mistakes 41.7 for the page's Vietnamese 41,7 % (XLSX carries real numbers instead,
    shown the way the reader's Excel is set up)."""
    decimal_columns = {i for row in table.rows for i, value in enumerate(row)
                       if isinstance(value, float)}
    note = _("thập phân dùng dấu chấm, vd 41.7")
    return [f"{header} [{note}]" if i in decimal_columns else header
            for i, header in enumerate(table.headers)]


def to_csv(table: Table) -> bytes:
    return csv_bytes([csv_headers(table), *table.rows])


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.name[:31]
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(table.headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        append_row(sheet, row)
    for index, header in enumerate(table.headers, start=1):
        widest = max([len(str(header))] + [len(str(row[index - 1])) for row in table.rows[:500]])
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = min(
            max(10, widest + 2), 60)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

"""Excel-friendly exports of any dashboard table: XLSX and CSV (UTF-8 with BOM)."""

from __future__ import annotations

from flask_babel import gettext as _

from trading_floor.core.spreadsheet import csv_bytes, report_xlsx_bytes
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
    return report_xlsx_bytes(table.name, table.title, table.headers, table.rows)

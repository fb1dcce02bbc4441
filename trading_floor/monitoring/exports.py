"""Excel-friendly exports of any dashboard table: XLSX and CSV (UTF-8 with BOM)."""

from __future__ import annotations

from trading_floor.core.spreadsheet import csv_bytes, report_xlsx_bytes
from trading_floor.monitoring.tables import Table


def to_csv(table: Table) -> bytes:
    return csv_bytes([table.headers, *table.rows])


def to_xlsx(table: Table) -> bytes:
    return report_xlsx_bytes(table.name, table.title, table.headers, table.rows)

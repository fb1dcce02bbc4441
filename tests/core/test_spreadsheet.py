"""Exports never run a formula typed into the floor, and the floor reads its own exports back."""

import io

from openpyxl import Workbook, load_workbook

from trading_floor.core.spreadsheet import append_row, csv_bytes
from trading_floor.core.tabular import read_table


def test_csv_neutralises_formulas_and_reads_back():
    content = csv_bytes([["title", "price_vnd"], ["=HYPERLINK(\"http://x\")", 45000],
                         ["- loại 1", 100], ["@SUM(A1)", ""], ["-", 5]])
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text and "\r\n" in text
    table = read_table(content, "x.csv", {"title": (), "price_vnd": ()}, ("title",))
    assert [row["title"] for _, row in table.rows] == [
        '=HYPERLINK("http://x")', "- loại 1", "@SUM(A1)", "-"]


def test_xlsx_types_formula_looking_text_as_text():
    for write_only in (True, False):
        book = Workbook(write_only=write_only)
        sheet = book.create_sheet("x") if write_only else book.active
        append_row(sheet, ["=1+1", 3, "Nhãn"])
        buffer = io.BytesIO()
        book.save(buffer)
        cells = next(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows())
        assert [c.value for c in cells] == ["=1+1", 3, "Nhãn"]
        assert cells[0].data_type == "s"  # text, not a formula

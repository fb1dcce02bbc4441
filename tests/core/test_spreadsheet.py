"""Exports never run a formula typed into the floor, and the floor reads its own exports back."""

import io

from openpyxl import load_workbook

from trading_floor.core.spreadsheet import csv_bytes, report_xlsx_bytes, xlsx_bytes
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
    for content, line in ((xlsx_bytes("x", [["=1+1", 3, "Nhãn"]]), 0),
                          (report_xlsx_bytes("x", "Báo cáo", ["a", "b", "c"],
                                             [["=1+1", 3, "Nhãn"]]), 2)):
        cells = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows())[line]
        assert [c.value for c in cells] == ["=1+1", 3, "Nhãn"]
        assert cells[0].data_type == "s"  # text, not a formula

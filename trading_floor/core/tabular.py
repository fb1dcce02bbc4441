"""Reads the CSV and XLSX files that officers and enterprises prepare (the public import contract).

UTF-8 with or without BOM, comma-separated, CRLF or LF, a header row whose keys are
case-insensitive and may be the English key or its Vietnamese label; an XLSX file with the same
header on its first sheet is equivalent. Line numbers count the header as line 1.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from trading_floor.core.spreadsheet import UnreadableWorkbook, strip_formula_guard, xlsx_rows


@dataclass
class RowError:
    line: int
    column: str
    reason: str


@dataclass
class ImportReport:
    """What an import did (added / updated / unchanged), or every bad line of a refused file."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    read: int = 0  # data rows in the file
    valid: int = 0  # of them, rows without an error

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Table:
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


class FileRefused(ValueError):
    """The file as a whole cannot be read; nothing was changed."""


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).strip().lower().split())


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return strip_formula_guard(unicodedata.normalize("NFC", str(value)).strip())


def _raw_rows(content: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        try:
            return [[_cell(v) for v in row] for row in xlsx_rows(content)]
        except UnreadableWorkbook as exc:
            raise FileRefused(_("Không đọc được tệp Excel (XLSX): tệp hỏng hoặc sai định dạng.")) from exc
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            _("Tệp không phải UTF-8 (dòng %(line)d). Trong Excel hãy chọn Lưu thành "
              "\"CSV UTF-8 (Comma delimited)\" rồi nhập lại.",
              line=content[: exc.start].count(b"\n") + 1)
        ) from exc
    if "\x00" in text:
        raise FileRefused(_("Tệp chứa ký tự NUL: đây không phải tệp CSV văn bản."))
    return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text, newline=""))]


def read_table(content: bytes, filename: str, columns: dict[str, tuple[str, ...]],
               required: tuple[str, ...]) -> Table:
    """Rows keyed by the English column key; header aliases matched case-insensitively."""
    if not content or not content.strip():
        raise FileRefused(_("Tệp rỗng: cần một dòng tiêu đề và ít nhất một dòng dữ liệu."))
    raw = _raw_rows(content, filename)
    while raw and not any(raw[-1]):
        raw.pop()
    if not raw:
        raise FileRefused(_("Tệp rỗng: cần một dòng tiêu đề và ít nhất một dòng dữ liệu."))
    aliases = {_key(alias): key for key, names in columns.items() for alias in (key, *names)}
    header = [aliases.get(_key(name)) for name in raw[0]]
    unknown = [name for name, key in zip(raw[0], header, strict=True) if name and key is None]
    missing = [key for key in required if key not in header]
    if missing:
        raise FileRefused(_("Thiếu cột: %(cols)s. Dòng tiêu đề (dòng 1) phải có: %(all)s.",
                            cols=", ".join(missing), all=", ".join(columns)))
    if unknown:
        raise FileRefused(_("Cột không rõ ở dòng 1: %(cols)s.", cols=", ".join(unknown)))
    table = Table()
    for index, values in enumerate(raw[1:], start=2):
        if not any(values):
            continue
        row = {key: "" for key in columns}
        for key, value in zip(header, values, strict=False):
            if key:
                row[key] = value.strip()
        table.rows.append((index, row))
    if not table.rows:
        raise FileRefused(_("Tệp chỉ có dòng tiêu đề, không có dữ liệu."))
    return table


def read_table_or_refuse(content: bytes, filename: str, columns: dict[str, tuple[str, ...]],
                         required: tuple[str, ...], errors: list[RowError]) -> Table | None:
    """read_table for an import: a file refused as a whole becomes one error on line 1 of the
    report (`errors`) and None, so the import stops having changed nothing."""
    try:
        return read_table(content, filename, columns, required)
    except FileRefused as refused:
        errors.append(RowError(1, "", str(refused)))
        return None


def parse_date(text: str) -> date:
    """dd/mm/yyyy or ISO yyyy-mm-dd."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)

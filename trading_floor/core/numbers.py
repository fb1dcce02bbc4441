"""Whole numbers people type or put in a URL, read one way everywhere.

Python's `str.isdigit()` is true for `²` and `٣` (which `int()` then refuses: a 500), and `int()`
refuses more than 4,300 digits, so nothing here calls either on unchecked text. The floor reads
ASCII digits 0–9; full-width digits `０–９` (typed with some phone keyboards and Asian IMEs) are
read as the same digits (the forms' help says so); every other digit-like character is refused.
Path and query integers are ids, pages and codes: at most 2^31 − 1, what a PostgreSQL INTEGER
column holds, so no lookup overflows the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL INTEGER
MAX_DIGITS = 18  # anything longer is refused before int(), well below int()'s 4,300 digits
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_DIGITS = re.compile(r"[0-9]+")


def ascii_digits(text: str) -> str:
    """The text with full-width digits read as ASCII ones; nothing else changes."""
    return text.translate(_FULL_WIDTH)


def whole_number(text: object, max_digits: int = MAX_DIGITS) -> int | None:
    """'123' or '１２３' -> 123; None for anything else (signs, spaces, `²`, too many digits)."""
    if not isinstance(text, str):
        return None
    value = ascii_digits(text.strip())
    if not value or len(value) > max_digits or not _DIGITS.fullmatch(value):
        return None
    return int(value)


def query_int(args: Mapping, name: str, default: int | None = None, minimum: int = 0,
              maximum: int = MAX_ID) -> int | None:
    """An integer query parameter (`page`, `category`, `commune`…), `default` when it is missing,
    not a whole number, or outside [minimum, maximum] — never an exception."""
    number = whole_number(args.get(name))
    if number is None or not minimum <= number <= maximum:
        return default
    return number


def query_page(args: Mapping, maximum: int = 100_000) -> int:
    """`?page=`: 1 when missing or odd, at most `maximum` (deeper pages are empty anyway)."""
    number = whole_number(args.get("page"))
    if number is None or number < 1:
        return 1
    return min(number, maximum)


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: ASCII digits only and at most 2^31 − 1, else a 404 (Werkzeug's
    own converter takes any length, and its `\\d` lets other scripts' digits through)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, url_map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = MAX_ID, signed: bool = False) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

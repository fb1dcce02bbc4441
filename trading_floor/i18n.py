"""Vietnamese-first formatting: money in whole đồng, dates dd/mm/yyyy in Asia/Ho_Chi_Minh."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request, session

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and e-mails sent outside a request speak Vietnamese
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang") or request.cookies.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def in_language(vietnamese: str, english: str | None) -> str:
    """The English form on an English page when there is one, else the Vietnamese."""
    from flask_babel import get_locale

    return english if english and has_request_context() and str(get_locale()) == "en" \
        else vietnamese


def category_name(category) -> str:
    """A category's name in the visitor's language (English when the taxonomy has it)."""
    return in_language(category.name_vi, category.name_en)


def format_vnd(amount: int | None) -> str:
    """1250000 -> '1.250.000 ₫' (a dot groups thousands, as Vietnamese write it)."""
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".") + "\u00a0₫"


def format_number(value: int | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN_TZ)


def local_today() -> date:
    """Today's date in Vietnam (Asia/Ho_Chi_Minh), whatever the server's time zone."""
    return datetime.now(VN_TZ).date()


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return to_local(value).strftime("%H:%M %d/%m/%Y")


def utcnow() -> datetime:
    """Naive UTC, as stored in the database (the same on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _fold_by_decomposition(text: str) -> str:
    text = unicodedata.normalize("NFD", text or "").lower().replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", text.replace("\u0111", "d"))


# each precomposed Latin letter (Vietnamese ones included) -> its folded form, for str.translate
_FOLD_TABLE = {code: folded for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
               if (folded := _fold_by_decomposition(chr(code))) != chr(code)}


def fold(text: str) -> str:
    """NFC, lowercase, diacritics removed and đ folded to d: 'Gà Đông Tảo' -> 'ga dong tao'.

    One str.translate over a table of precomposed letters (search folds every word it shows);
    a text that is not plain ASCII after it (another script, a stray combining mark) goes the
    decomposition way, so the result is always the same as decomposing."""
    lowered = unicodedata.normalize("NFC", text or "").lower()
    folded = lowered.translate(_FOLD_TABLE)
    return folded if folded.isascii() else _fold_by_decomposition(lowered)


def slugify(text: str, max_length: int = 80) -> str:
    """Vietnamese-aware slug: 'Nhãn lồng Hưng Yên' -> 'nhan-long-hung-yen'."""
    out = []
    for ch in fold(text):
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    slug = "-".join(part for part in "".join(out).split("-") if part)
    return slug[:max_length].strip("-") or "san-pham"

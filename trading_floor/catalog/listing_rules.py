"""The B2B terms of a listing as people write them, read into values or refused with a reason.

Every parser takes the text a person typed (a form field or a cell of an import file) and returns
the stored value, or raises RuleError whose message says, in Vietnamese, what is wrong.
The form and the import file share these rules, so a value accepted in one is accepted in the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from trading_floor.catalog.models import CERTIFICATIONS
from trading_floor.core.markup import strip_markup
from trading_floor.core.numbers import MAX_DIGITS, ascii_digits, whole_number
from trading_floor.i18n import format_number

# suggested in forms (a <datalist>), never a closed list
SUGGESTED_UNITS = ("kg", "tấn", "tạ", "yến", "gam", "cái", "chiếc", "bộ", "đôi", "thùng", "hộp",
                   "bao", "túi", "gói", "cuộn", "tấm", "m", "m²", "m³", "lít", "chai", "hũ", "lọ",
                   "can", "con", "quả", "bó", "chuyến", "suất", "giờ", "tháng")
MAX_UNIT = 20
MAX_PRICE = 10**13  # ten thousand billion đồng: beyond that it is a typing mistake
MAX_QTY = 10**9
AVAILABILITY_WORDS = {
    "in_stock": "in_stock", "còn hàng": "in_stock", "sẵn hàng": "in_stock", "có sẵn": "in_stock",
    "made_to_order": "made_to_order", "đặt trước": "made_to_order",
    "sản xuất theo đơn": "made_to_order", "theo đơn đặt hàng": "made_to_order",
    "seasonal": "seasonal", "theo mùa": "seasonal", "theo mùa vụ": "seasonal",
}
AVAILABILITY_LABELS = {
    "in_stock": _l("Còn hàng"), "made_to_order": _l("Đặt trước / sản xuất theo đơn"),
    "seasonal": _l("Theo mùa"),
}
# whether the price includes VAT and delivery; "" (not stated) reads as included (README)
PRICE_TERMS_LABELS = {
    "": _l("Không ghi (được hiểu là đã gồm VAT và phí giao hàng)"),
    "all_in": _l("Đã gồm VAT và phí giao hàng"),
    "ex_vat": _l("Chưa gồm VAT, đã gồm phí giao hàng"),
    "ex_delivery": _l("Đã gồm VAT, chưa gồm phí giao hàng"),
    "ex_both": _l("Chưa gồm VAT và phí giao hàng"),
}
CERT_LABELS = {
    "OCOP3": _l("OCOP 3 sao"), "OCOP4": _l("OCOP 4 sao"), "OCOP5": _l("OCOP 5 sao"),
    "VietGAP": "VietGAP", "GlobalGAP": "GlobalG.A.P.", "HACCP": "HACCP",
    "ISO22000": "ISO 22000", "ISO9001": "ISO 9001", "organic": _l("Hữu cơ"),
}


def certification_words() -> dict[str, str]:
    """Code -> what a search finds a certification by: its Vietnamese label and its code."""
    with force_locale("vi"):
        return {code: f"{CERT_LABELS[code]} {code}" for code in CERTIFICATIONS}


_CERT_KEYS = {re.sub(r"[\s._-]", "", code.lower()): code for code in CERTIFICATIONS}
_CERT_KEYS.update({"huuco": "organic", "hữucơ": "organic", "globalgap": "GlobalGAP",
                   "ocop3sao": "OCOP3", "ocop4sao": "OCOP4", "ocop5sao": "OCOP5"})
_GROUPED = re.compile(r"[0-9]{1,3}(?:[.\s\u00a0][0-9]{3})+")
_CURRENCY = re.compile(r"\s*(₫|đ|đồng|vnd|vnđ)\s*$", re.IGNORECASE)
_MARKUP = re.compile(r"<[a-zA-Z/!?]")


class RuleError(ValueError):
    """A value a person wrote that the floor cannot accept; str() is the reason, in Vietnamese."""


@dataclass
class Terms:
    """The validated B2B terms, ready to be stored on a Listing."""

    price_vnd: int | None = None
    unit: str = ""
    moq: int = 1
    tiers: list[list[int]] = field(default_factory=list)
    availability: str = "in_stock"
    season_from: int | None = None
    season_to: int | None = None


def parse_amount(text: str, what: str = "price") -> int:
    """'30000', '30.000', '30 000', '30.000 đ' -> 30000 (a dot groups thousands, as in Vietnam).

    Full-width digits (３０.０００) read as ASCII ones; `²` and other digit-like signs are refused,
    and so is a number of more than 18 digits (before int() sees it)."""
    raw = (text or "").strip()
    if len(raw) > 40:
        raw = raw[:40] + "…"  # the message echoes what was typed, not a 5,000-digit paste
    value = ascii_digits(_CURRENCY.sub("", (text or "").strip()).strip())
    if _GROUPED.fullmatch(value):
        value = re.sub(r"[^0-9]", "", value)
    if re.fullmatch(r"[0-9]+", value) and len(value) > MAX_DIGITS:
        raise RuleError(_("«%(v)s» lớn quá mức cho phép", v=raw))
    number = whole_number(value)
    if number is None:
        if what == "qty":
            raise RuleError(_("«%(v)s» không phải số nguyên", v=raw))
        raise RuleError(_("«%(v)s»: giá ghi bằng số đồng, ví dụ 30000 hoặc 30.000 "
                          "(để trống nếu giá liên hệ)", v=raw))
    limit = MAX_QTY if what == "qty" else MAX_PRICE
    if number > limit:
        raise RuleError(_("«%(v)s» lớn quá mức cho phép", v=raw))
    return number


def parse_price(text: str) -> int | None:
    """Whole đồng, or None for "liên hệ" (empty, or the words themselves)."""
    value = (text or "").strip()
    if not value or value.lower() in ("liên hệ", "lien he", "contact"):
        return None
    price = parse_amount(value)
    if price <= 0:
        raise RuleError(_("giá phải lớn hơn 0 (để trống nếu giá liên hệ)"))
    return price


def parse_unit(text: str) -> str:
    unit = " ".join((text or "").split())
    if not unit:
        raise RuleError(_("thiếu đơn vị bán (ví dụ kg, chiếc, thùng)"))
    if len(unit) > MAX_UNIT:
        raise RuleError(_("đơn vị dài quá %(n)d ký tự", n=MAX_UNIT))
    return unit


def parse_moq(text: str | int | None) -> int:
    if text is None or str(text).strip() == "":
        return 1
    moq = parse_amount(str(text), "qty")
    if moq < 1:
        raise RuleError(_("số lượng đặt tối thiểu phải từ 1 trở lên"))
    return moq


def parse_tiers(text: str, moq: int) -> list[list[int]]:
    """'100:95000;500:90000' -> [[100, 95000], [500, 90000]]: quantities up, prices not up."""
    text = (text or "").strip().strip(";")
    if not text:
        return []
    tiers: list[list[int]] = []
    for part in text.split(";"):
        part = part.strip()
        if ":" not in part:
            raise RuleError(_("«%(v)s»: mỗi bậc giá ghi dạng số_lượng:giá, ví dụ 100:95000", v=part))
        qty_text, price_text = part.split(":", 1)
        qty = parse_amount(qty_text, "qty")
        price = parse_amount(price_text)
        if qty < 1 or price < 1:
            raise RuleError(_("«%(v)s»: số lượng và giá phải lớn hơn 0", v=part))
        if tiers and qty <= tiers[-1][0]:
            raise RuleError(_("số lượng các bậc phải tăng dần (%(a)d rồi %(b)d)",
                              a=tiers[-1][0], b=qty))
        if tiers and price > tiers[-1][1]:
            raise RuleError(_("giá bậc sau không được cao hơn bậc trước (%(a)s rồi %(b)s)",
                              a=format_number(tiers[-1][1]), b=format_number(price)))
        tiers.append([qty, price])
    if tiers[0][0] < moq:
        raise RuleError(_("bậc đầu tiên (%(q)d) phải từ số lượng tối thiểu (%(m)d) trở lên",
                          q=tiers[0][0], m=moq))
    if len(tiers) > 10:
        raise RuleError(_("tối đa 10 bậc giá"))
    return tiers


def format_tiers(tiers: list[list[int]] | None) -> str:
    return ";".join(f"{qty}:{price}" for qty, price in tiers or [])


def parse_availability(text: str) -> tuple[str, int | None, int | None]:
    """'in_stock', 'đặt trước', 'seasonal:5-8', 'theo mùa: 5-8' -> (code, from month, to month)."""
    raw = (text or "").strip()
    if not raw:
        return "in_stock", None, None
    word, _sep, months = raw.partition(":")
    code = AVAILABILITY_WORDS.get(" ".join(word.lower().split()))
    if code is None:
        raise RuleError(_("«%(v)s»: cần in_stock, made_to_order, seasonal hoặc seasonal:5-8 "
                          "(còn hàng, đặt trước, theo mùa)", v=raw))
    if not months.strip():
        return code, None, None
    if code != "seasonal":
        raise RuleError(_("«%(v)s»: chỉ hàng theo mùa mới ghi tháng", v=raw))
    match = re.fullmatch(r"\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*", months)
    if not match or not all(1 <= int(m) <= 12 for m in match.groups()):
        raise RuleError(_("«%(v)s»: tháng ghi dạng 5-8 (từ tháng 5 đến tháng 8)", v=raw))
    return code, int(match.group(1)), int(match.group(2))


def in_season(season_from: int | None, season_to: int | None, month: int) -> bool:
    """Whether `month` falls in the season 'from-to' (11-2 runs over the new year); a season
    without months is always in."""
    if not (season_from and season_to):
        return True
    if season_from <= season_to:
        return season_from <= month <= season_to
    return month >= season_from or month <= season_to


def format_availability(code: str, season_from: int | None, season_to: int | None) -> str:
    if code == "seasonal" and season_from and season_to:
        return f"seasonal:{season_from}-{season_to}"
    return code


def parse_certifications(text: str) -> list[str]:
    """'OCOP4; VietGAP' -> ['OCOP4', 'VietGAP']; one OCOP rating at most."""
    codes: list[str] = []
    for part in re.split(r"[;,]", text or ""):
        key = re.sub(r"[\s._-]", "", part.strip().lower())
        if not key:
            continue
        code = _CERT_KEYS.get(key)
        if code is None:
            raise RuleError(_("«%(v)s»: chứng nhận cần là một trong %(all)s", v=part.strip(),
                              all=", ".join(CERTIFICATIONS)))
        if code not in codes:
            codes.append(code)
    if sum(code.startswith("OCOP") for code in codes) > 1:
        raise RuleError(_("một sản phẩm chỉ có một hạng OCOP"))
    return codes


def clean_description(text: str) -> str:
    """Plain text with paragraphs; markup pasted from elsewhere is stripped (nh3), never kept."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if _MARKUP.search(text):
        text = strip_markup(text)
    return text[:10000]


def check_terms(price: str, unit: str, moq: str | int | None, tiers: str,
                availability: str) -> tuple[Terms, dict[str, str]]:
    """All B2B terms at once: the values, and the reason per field for each one refused."""
    errors: dict[str, str] = {}
    terms = Terms()
    for name, parse in (("price_vnd", lambda: parse_price(price)),
                        ("unit", lambda: parse_unit(unit)),
                        ("moq", lambda: parse_moq(moq))):
        try:
            setattr(terms, name, parse())
        except RuleError as error:
            errors[name] = str(error)
    if "moq" not in errors:
        try:
            terms.tiers = parse_tiers(tiers, terms.moq)
        except RuleError as error:
            errors["tiers"] = str(error)
    try:
        terms.availability, terms.season_from, terms.season_to = parse_availability(availability)
    except RuleError as error:
        errors["availability"] = str(error)
    return terms, errors

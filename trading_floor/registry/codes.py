"""Enterprise codes (mã số doanh nghiệp), VSIC 2018 sections and administrative units."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from stdnum.exceptions import ValidationError
from stdnum.vn import mst

# VSIC 2018: division (first two digits) -> section letter
_SECTIONS = (
    ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
    ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68),
    ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93),
    ("S", 94, 96), ("T", 97, 98), ("U", 99, 99),
)
# divisions that VSIC 2018 does not have although they fall inside a section's range
_MISSING_DIVISIONS = {4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89}

SECTION_NAMES = {
    "A": _l("Nông nghiệp, lâm nghiệp và thủy sản"),
    "B": _l("Khai khoáng"),
    "C": _l("Công nghiệp chế biến, chế tạo"),
    "D": _l("Sản xuất và phân phối điện, khí đốt"),
    "E": _l("Cung cấp nước; quản lý và xử lý rác thải"),
    "F": _l("Xây dựng"),
    "G": _l("Bán buôn và bán lẻ; sửa chữa ô tô, mô tô"),
    "H": _l("Vận tải kho bãi"),
    "I": _l("Dịch vụ lưu trú và ăn uống"),
    "J": _l("Thông tin và truyền thông"),
    "K": _l("Hoạt động tài chính, ngân hàng và bảo hiểm"),
    "L": _l("Hoạt động kinh doanh bất động sản"),
    "M": _l("Hoạt động chuyên môn, khoa học và công nghệ"),
    "N": _l("Hoạt động hành chính và dịch vụ hỗ trợ"),
    "O": _l("Hoạt động của Đảng, tổ chức chính trị - xã hội, quản lý nhà nước"),
    "P": _l("Giáo dục và đào tạo"),
    "Q": _l("Y tế và hoạt động trợ giúp xã hội"),
    "R": _l("Nghệ thuật, vui chơi và giải trí"),
    "S": _l("Hoạt động dịch vụ khác"),
    "T": _l("Hoạt động làm thuê các công việc trong hộ gia đình"),
    "U": _l("Hoạt động của các tổ chức và cơ quan quốc tế"),
}


def section_label(key: str | None) -> str:
    """"A — Nông nghiệp, lâm nghiệp và thủy sản": a VSIC section as lists and filters show it."""
    return f"{key} — {SECTION_NAMES.get(key, '')}".strip(" —") if key else ""


def vsic_section(code: str) -> str | None:
    """'0121' -> 'A', '1079' -> 'C'; None when the code is not a VSIC 2018 code."""
    if not re.fullmatch(r"\d{2,5}", code or ""):
        return None
    division = int(code[:2])
    if division in _MISSING_DIVISIONS:
        return None
    for letter, low, high in _SECTIONS:
        if low <= division <= high:
            return letter
    return None


def normalise_code(text: str) -> str:
    return re.sub(r"[\s.]", "", text or "")


def check_enterprise_code(text: str) -> tuple[str, str | None]:
    """Returns (code as people write it, parent code for a branch) or raises ValueError(reason)."""
    code = normalise_code(text)
    if re.fullmatch(r"\d{12}", code):
        # a personal ID (CCCD) of a household business: the first three digits are a province code
        if not 1 <= int(code[:3]) <= 96:
            raise ValueError("personal_id")
        return code, None
    if re.fullmatch(r"\d{10}-?\d{3}", code):
        code = f"{code[:10]}-{code[-3:]}"
        try:
            mst.validate(code)
        except ValidationError as exc:
            raise ValueError("checksum") from exc
        return code, code[:10]
    if re.fullmatch(r"\d{10}", code):
        try:
            mst.validate(code)
        except ValidationError as exc:
            raise ValueError("checksum") from exc
        return code, None
    raise ValueError("format")


def tax_check_digit(first_nine: str) -> str:
    """The tenth digit of a tax code (for the demo generator and tests)."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    total = sum(int(d) * w for d, w in zip(first_nine, weights, strict=True))
    digit = 10 - total % 11
    return str(digit) if digit < 10 else ""  # a remainder of 0 has no valid tenth digit

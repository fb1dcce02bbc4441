"""VietQR (NAPAS 247 on EMVCo merchant-presented QR): the payload and its SVG drawing.

Fields, in the order the published examples use: 00 payload format "01", 01 point of
initiation ("12" with an amount, "11" without), 38 merchant account (00 GUID A000000727,
01 beneficiary: 00 bank BIN + 01 account number, 02 service QRIBFTTA), 53 currency 704,
54 amount, 58 country VN, 62 additional data (08 purpose), 63 CRC-16/CCITT-FALSE.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"field {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection), 4 upper-case hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def ascii_purpose(text: str, limit: int = 25) -> str:
    """Banks read the purpose as plain ASCII: diacritics folded, đ→d, at most 25 characters."""
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = re.sub(r"[^A-Za-z0-9 .\-]", " ", text)
    return " ".join(text.split())[:limit].strip()


@dataclass(frozen=True)
class Beneficiary:
    bank_bin: str
    account: str
    account_name: str = ""


def payload(bank_bin: str, account: str, amount_vnd: int | None = None,
            purpose: str = "") -> str:
    """The VietQR string for a transfer to an account, with the CRC appended."""
    if not re.fullmatch(r"\d{6}", bank_bin or ""):
        raise ValueError("bank BIN must be 6 digits")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", account or ""):
        raise ValueError("account number must be 1 to 19 letters or digits")
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    merchant = tlv("00", GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    parts = [tlv("00", "01"), tlv("01", "12" if amount_vnd else "11"), tlv("38", merchant),
             tlv("53", "704")]
    if amount_vnd:
        if amount_vnd < 0 or amount_vnd > 9_999_999_999_999:
            raise ValueError("amount out of range")
        parts.append(tlv("54", str(int(amount_vnd))))
    parts.append(tlv("58", "VN"))
    purpose = ascii_purpose(purpose)
    if purpose:
        parts.append(tlv("62", tlv("08", purpose)))
    body = "".join(parts) + "6304"
    return body + crc16_ccitt_false(body)


def parse(text: str) -> dict[str, str]:
    """Top-level tag → value (nested templates left as strings); raises ValueError when broken."""
    fields: dict[str, str] = {}
    position = 0
    while position < len(text):
        tag, length = text[position:position + 2], text[position + 2:position + 4]
        if not length.isdigit():
            raise ValueError(f"bad length at {position}")
        value = text[position + 4:position + 4 + int(length)]
        if len(value) != int(length):
            raise ValueError(f"field {tag} truncated")
        fields[tag] = value
        position += 4 + int(length)
    return fields


def crc_ok(text: str) -> bool:
    return len(text) > 8 and text[-8:-4] == "6304" and crc16_ccitt_false(text[:-4]) == text[-4:]


def svg(data: str, scale: int = 4) -> str:
    """The QR code as an inline SVG (segno through core/qr.py, error correction M)."""
    from trading_floor.core import qr

    return qr.svg(data, scale=scale, title="VietQR")

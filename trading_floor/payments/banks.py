"""Vietnamese banks by their NAPAS BIN (the 6 digits a VietQR code carries), for showing
"Vietcombank — Ngân hàng TMCP Ngoại Thương Việt Nam" instead of "970436".

The list is the NAPAS/VietQR bank list as packaged by `vietnam-qr-pay` (MIT; the Python port of
the npm `vietnam-qr-pay` list, which follows the banks published by VietQR/NAPAS, renames such
as OceanBank → MBV and DongA Bank → Vikki Bank included). A renamed bank keeps its BIN: the
package marks the old name deprecated and the floor shows the current one.
"""

from __future__ import annotations

from dataclasses import dataclass

from vietnam_qr_pay import BanksObject
from vietnam_qr_pay.constants import VietQRStatus


@dataclass(frozen=True)
class Bank:
    bin: str
    short_name: str
    name: str
    receives_vietqr: bool  # NAPAS 247 transfers to it can be started from a VietQR code


def _load() -> dict[str, Bank]:
    banks: dict[str, Bank] = {}
    for entry in BanksObject.values():
        if not entry.bin or entry.deprecated:
            continue
        banks.setdefault(entry.bin, Bank(
            bin=entry.bin, short_name=entry.short_name, name=entry.name,
            receives_vietqr=entry.viet_qr_status != VietQRStatus.NOT_SUPPORTED))
    return banks


_BY_BIN = _load()
BANKS: tuple[Bank, ...] = tuple(sorted(_BY_BIN.values(), key=lambda b: b.short_name.lower()))


def bank_by_bin(bank_bin: str | None) -> Bank | None:
    return _BY_BIN.get((bank_bin or "").strip())

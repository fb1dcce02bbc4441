"""The maintained list of outside floors and the domains a shop URL on each may have."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class OutsideFloor:
    key: str
    label: object  # lazy; a brand name reads the same in both languages
    domains: tuple[str, ...]  # empty: any domain (own website, other)


FLOORS = (
    OutsideFloor("postmart", "Postmart", ("postmart.vn",)),
    OutsideFloor("voso", "Voso", ("voso.vn",)),
    OutsideFloor("shopee", "Shopee", ("shopee.vn", "shp.ee")),
    OutsideFloor("lazada", "Lazada", ("lazada.vn", "lzd.co")),
    OutsideFloor("tiki", "Tiki", ("tiki.vn",)),
    OutsideFloor("tiktok", "TikTok Shop", ("tiktok.com", "tiktokshop.com")),
    OutsideFloor("sendo", "Sendo", ("sendo.vn",)),
    OutsideFloor("hoptacxa", _l("Sàn hợp tác xã (hoptacxa)"), ("hoptacxa.vn",)),
    OutsideFloor("website", _l("Website riêng"), ()),
    OutsideFloor("other", _l("Sàn khác"), ()),
)
BY_KEY = {floor.key: floor for floor in FLOORS}


def host_matches(floor: OutsideFloor, host: str) -> bool:
    """shopee.vn, www.shopee.vn or shop.tiktok.com — never shopee.vn.evil.example."""
    host = host.lower().rstrip(".")
    return not floor.domains or any(host == d or host.endswith("." + d) for d in floor.domains)

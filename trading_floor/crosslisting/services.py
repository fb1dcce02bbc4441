"""Recording an enterprise's outside shops, and the officers' coverage figures."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from trading_floor.core.collation import commune_sort_key
from trading_floor.crosslisting.floors import BY_KEY, FLOORS, host_matches
from trading_floor.crosslisting.models import OutsideShop
from trading_floor.extensions import db
from trading_floor.i18n import local_today
from trading_floor.registry.codes import section_label
from trading_floor.registry.models import ACTIVE, AdminUnit, RegistryEnterprise

SIZE_LABELS = {"micro": _l("Siêu nhỏ"), "small": _l("Nhỏ"), "medium": _l("Vừa"),
               "large": _l("Lớn")}


class CrossListingError(ValueError):
    pass


def active_on(day: date):
    """The shop was open on that (Vietnamese) day."""
    return and_(OutsideShop.started_on <= day,
                or_(OutsideShop.ended_on.is_(None), OutsideShop.ended_on > day))


def shops_of(enterprise_id: int, current_only: bool = True) -> list[OutsideShop]:
    stmt = select(OutsideShop).where(OutsideShop.enterprise_id == enterprise_id)
    if current_only:
        stmt = stmt.where(active_on(local_today()))
    order = {f.key: i for i, f in enumerate(FLOORS)}
    return sorted(db.session.scalars(stmt), key=lambda s: (order.get(s.floor, 99), s.id))


def add_shop(enterprise_id: int, floor: str, url: str, started_on: date | None,
             actor_id: int | None) -> OutsideShop:
    """Records a shop; the URL must be http(s) on one of that floor's domains."""
    outside = BY_KEY.get(floor)
    if outside is None:
        raise CrossListingError(_("Hãy chọn một sàn trong danh sách."))
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500 \
            or parts.username or parts.password:
        raise CrossListingError(_("Địa chỉ gian hàng phải là một URL http:// hoặc https:// "
                                  "đầy đủ."))
    if not host_matches(outside, parts.hostname):
        raise CrossListingError(_("Địa chỉ này không thuộc %(floor)s (%(domains)s).",
                                  floor=outside.label, domains=", ".join(outside.domains)))
    today = local_today()
    started_on = started_on or today
    if started_on > today:
        raise CrossListingError(_("Ngày bắt đầu bán không được sau hôm nay."))
    shop = OutsideShop(enterprise_id=enterprise_id, floor=floor, url=url, started_on=started_on,
                       recorded_by_id=actor_id)
    db.session.add(shop)
    db.session.commit()
    return shop


def end_shop(shop: OutsideShop) -> None:
    """The enterprise no longer sells there, from today (the past stays as it was)."""
    if shop.ended_on is None:
        shop.ended_on = max(local_today(), shop.started_on)
        db.session.commit()


# --- officers' coverage ------------------------------------------------------------------------------
COLUMNS = {"commune": RegistryEnterprise.commune_code, "sector": RegistryEnterprise.vsic_section,
           "size": RegistryEnterprise.size_class}


def _active_heads():
    return and_(RegistryEnterprise.status == ACTIVE, RegistryEnterprise.parent_code.is_(None))


def coverage(dimension: str) -> dict:
    """{group key: {floor key: enterprises with a current shop there, "_any": on any floor,
    "_all": active head offices}} for today."""
    column = COLUMNS[dimension]
    table: dict = defaultdict(lambda: defaultdict(int))
    for key, count in db.session.execute(select(column, db.func.count()).where(_active_heads())
                                         .group_by(column)):
        table[key]["_all"] = count
    shops = (select(column, OutsideShop.floor, OutsideShop.enterprise_id)
             .join(RegistryEnterprise, RegistryEnterprise.id == OutsideShop.enterprise_id)
             .where(_active_heads(), active_on(local_today())).distinct().subquery())
    for key, floor, count in db.session.execute(
            select(shops.c[0], shops.c.floor, db.func.count()).group_by(shops.c[0], shops.c.floor)):
        table[key][floor] = count
    anywhere = (select(column, OutsideShop.enterprise_id)
                .join(RegistryEnterprise, RegistryEnterprise.id == OutsideShop.enterprise_id)
                .where(_active_heads(), active_on(local_today())).distinct().subquery())
    for key, count in db.session.execute(select(anywhere.c[0], db.func.count())
                                         .group_by(anywhere.c[0])):
        table[key]["_any"] = count
    return table


def on_no_floor(limit: int = 500) -> list[RegistryEnterprise]:
    """Active head offices with no current outside shop (for outreach), by name."""
    has_shop = select(OutsideShop.id).where(OutsideShop.enterprise_id == RegistryEnterprise.id,
                                            active_on(local_today())).exists()
    return list(db.session.scalars(select(RegistryEnterprise).where(_active_heads(), ~has_shop)
                                   .order_by(RegistryEnterprise.name).limit(limit)))


def count_on_no_floor() -> int:
    has_shop = select(OutsideShop.id).where(OutsideShop.enterprise_id == RegistryEnterprise.id,
                                            active_on(local_today())).exists()
    return db.session.scalar(select(db.func.count()).select_from(RegistryEnterprise)
                             .where(_active_heads(), ~has_shop)) or 0


def group_names(dimension: str, keys: list) -> dict:
    if dimension == "commune":
        return dict(db.session.execute(select(AdminUnit.code, AdminUnit.name)
                                       .where(AdminUnit.code.in_(keys))).all())
    if dimension == "sector":
        return {k: section_label(k) for k in keys}
    return {k: str(SIZE_LABELS.get(k, k)) for k in keys}


def group_sort_key(dimension: str, name: str):
    if dimension == "commune":
        return commune_sort_key(name)
    if dimension == "size":
        order = [str(label) for label in SIZE_LABELS.values()]
        return (order.index(name) if name in order else 9, name)
    return name

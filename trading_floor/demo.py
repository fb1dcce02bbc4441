"""The demo province, built once on an empty database by `flask setup` (DEMO=0 skips it)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from trading_floor.accounts.models import Membership, User
from trading_floor.accounts.services import hash_password
from trading_floor.alerts.demo import build_alerts_demo
from trading_floor.authority.demo import build_authority_demo
from trading_floor.catalog.demo import build_catalog_demo
from trading_floor.complaints.demo import build_complaints_demo
from trading_floor.content.demo import build_content_demo
from trading_floor.extensions import db
from trading_floor.legal.demo import build_legal_demo
from trading_floor.monitoring.demo import build_activity_demo
from trading_floor.outreach.demo import build_outreach_demo
from trading_floor.registry import demo as registry_demo
from trading_floor.registry.models import RegistryEnterprise


def build_demo(echo: Callable[[str], None] = print, scale: float = 1.0) -> None:
    password_hash = hash_password(registry_demo.DEMO_PASSWORD)
    for email, name, role in (
        (registry_demo.ADMIN_EMAIL, "Quản trị viên", "admin"),
        (registry_demo.OFFICER_EMAIL, "Cán bộ Sở Công Thương", "officer"),
        (registry_demo.BUYER_EMAIL, "Người mua mẫu", "buyer"),
        (registry_demo.OWNER_EMAIL, "Chủ doanh nghiệp mẫu", "buyer"),
    ):
        db.session.add(User(email=email, full_name=name, role=role, password_hash=password_hash))
    db.session.commit()
    echo("Đang tạo tỉnh mẫu (sổ đăng ký, chủ doanh nghiệp)…")
    counts = registry_demo.generate(count=int(3000 * scale), password_hash=password_hash)
    echo(f"  {counts['enterprises']} doanh nghiệp, {counts['owners']} chủ doanh nghiệp đã xác minh.")
    # the demo owner account owns the first verified enterprise
    first = db.session.scalar(select(Membership).order_by(Membership.id))
    owner = db.session.scalar(select(User).where(User.email == registry_demo.OWNER_EMAIL))
    if first and owner:
        first.user_id = owner.id
        db.session.commit()
    build_catalog_demo(echo=echo, scale=scale)
    # before the activity: the members it brings in then get their visits too
    build_outreach_demo(echo=echo, scale=scale, password_hash=password_hash)
    build_activity_demo(echo=echo, scale=scale)
    build_content_demo(echo=echo, scale=scale)
    build_legal_demo(echo=echo, scale=scale, accepted_by=(
        registry_demo.ADMIN_EMAIL, registry_demo.OFFICER_EMAIL, registry_demo.BUYER_EMAIL,
        registry_demo.OWNER_EMAIL))
    build_complaints_demo(echo=echo, scale=scale)
    build_authority_demo(echo=echo, scale=scale)
    build_alerts_demo(registry_demo.BUYER_EMAIL, registry_demo.OWNER_EMAIL, echo=echo)


def print_credentials(echo: Callable[[str], None] = print) -> None:
    owner = db.session.scalar(select(User).where(User.email == registry_demo.OWNER_EMAIL))
    enterprise = db.session.get(RegistryEnterprise, owner.enterprise.id) if owner and owner.enterprise else None
    echo(f"Tài khoản mẫu (mật khẩu: {registry_demo.DEMO_PASSWORD}):")
    echo(f"  quản trị viên : {registry_demo.ADMIN_EMAIL}")
    echo(f"  cán bộ Sở CT  : {registry_demo.OFFICER_EMAIL}")
    echo(f"  chủ doanh nghiệp: {registry_demo.OWNER_EMAIL}"
         + (f" ({enterprise.name}, {enterprise.code})" if enterprise else ""))
    echo(f"  người mua     : {registry_demo.BUYER_EMAIL}")

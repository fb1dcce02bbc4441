"""Users, their role on the floor, and their membership of an enterprise."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(255))
    # buyer | officer | admin; owners and staff are buyers with a membership
    role: Mapped[str] = mapped_column(String(20), default="buyer")
    is_active_account: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # part of every session's id (get_id): raising it ends every session and remember cookie of
    # the account (sign-out, password change or reset, "sign out everywhere") and every reset link
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: a disabled account cannot sign in
        return self.is_active_account

    def get_id(self) -> str:  # Flask-Login: what the session and the remember cookie carry
        return f"{self.id}:{self.session_version}"

    @property
    def membership(self) -> Membership | None:
        return next((m for m in self.memberships if m.active), None)

    @property
    def enterprise(self):
        membership = self.membership
        return membership.enterprise if membership else None

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class Membership(db.Model):
    """A user's place in an enterprise: owner (the verified claimant) or staff (invited)."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "enterprise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(10))  # owner | staff
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    enterprise = relationship("RegistryEnterprise", back_populates="memberships", lazy="joined")


class Invitation(db.Model):
    """An owner's invitation of a staff member by e-mail; accepted through a signed link."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]

    enterprise = relationship("RegistryEnterprise")

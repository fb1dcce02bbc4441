"""Accounts: sign-up, passwords, reset links, staff invitations, roles."""

from __future__ import annotations

import secrets

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from trading_floor.accounts.models import Invitation, Membership, User
from trading_floor.core.numbers import MAX_ID, whole_number
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.jobs import send_mail_later
from trading_floor.policy import ROLES, STAFF

RESET_MAX_AGE = 3600
INVITE_MAX_AGE = 7 * 24 * 3600
MIN_PASSWORD = 8


class AccountError(ValueError):
    """A rule of the floor refused the request; the message is for the user."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def find_users(email_part: str = "", limit: int = 200) -> list[User]:
    """The administrators' list of people: officers and admins first, by e-mail."""
    stmt = select(User).order_by(User.role.desc(), User.email)
    if email_part:
        stmt = stmt.where(User.email.ilike(f"%{email_part}%"))
    return list(db.session.scalars(stmt.limit(limit)))


def create_user(email: str, password: str, full_name: str = "", role: str = "buyer",
                phone: str | None = None) -> User:
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(_("Vai trò không hợp lệ: %(role)s", role=role))
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(_("Mật khẩu cần ít nhất %(n)d ký tự.", n=MIN_PASSWORD))
    if find_user(email):
        raise AccountError(_("Email này đã có tài khoản."))
    user = User(email=email, full_name=full_name.strip() or email.split("@")[0],
                password_hash=hash_password(password), role=role, phone=phone)
    db.session.add(user)
    db.session.commit()
    return user


_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    """A hash of a random password made with the floor's method (one per method and process)."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return _DUMMY_HASHES[method]


def authenticate(email: str, password: str) -> User | None:
    """The user if the e-mail and password match an active account. An unknown e-mail checks the
    password against a dummy hash, so both answers take the same time (no account probing)."""
    user = find_user(email)
    password_hash = user.password_hash if user else _dummy_hash()
    matches = check_password_hash(password_hash, password or "")
    if user and matches and user.is_active_account:
        return user
    return None


def set_role(user: User, role: str) -> None:
    if role not in ROLES:
        raise AccountError(_("Vai trò không hợp lệ: %(role)s", role=role))
    user.role = role
    db.session.commit()


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def user_of_session(session_id: str) -> User | None:
    """The user a session id ('12:3', from User.get_id) names, if the session is still valid:
    the account is active and its session version has not moved on since the sign-in."""
    user_part, _sep, version_part = str(session_id or "").partition(":")
    user_id, version = whole_number(user_part), whole_number(version_part)
    if user_id is None or version is None or user_id > MAX_ID:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version or not user.is_active_account:
        return None
    return user


def end_sessions(user: User, commit: bool = True) -> None:
    """Ends every session of the account, on every device (and every password-reset link)."""
    user.session_version = User.session_version + 1  # in SQL: two sign-outs at once both count
    if commit:
        db.session.commit()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """A new password for a signed-in user who knows the current one; ends every session."""
    if not check_password_hash(user.password_hash, current_password or ""):
        raise AccountError(_("Mật khẩu hiện tại không đúng."))
    if len(new_password or "") < MIN_PASSWORD:
        raise AccountError(_("Mật khẩu cần ít nhất %(n)d ký tự.", n=MIN_PASSWORD))
    user.password_hash = hash_password(new_password)
    end_sessions(user)


def send_password_reset(email: str) -> None:
    """Mail a reset link if the account exists; say nothing either way (no account probing)."""
    user = find_user(email)
    if not user:
        return
    # the session version makes the link single-use: a reset (or any end of sessions) raises it
    token = _serializer("reset").dumps({"id": user.id, "v": user.session_version})
    link = url_for("accounts.reset_password", token=token, _external=True)
    send_mail_later(user.email, _("Đặt lại mật khẩu — Sàn TMĐT Hưng Yên"),
              _("Để đặt lại mật khẩu, mở liên kết sau trong vòng 1 giờ:\n\n%(link)s\n\n"
                "Nếu bạn không yêu cầu, hãy bỏ qua thư này.", link=link))
    db.session.commit()  # nothing else changes: the e-mail's job is the transaction


def reset_password(token: str, new_password: str) -> User:
    try:
        data = _serializer("reset").loads(token, max_age=RESET_MAX_AGE)
    except SignatureExpired as exc:
        raise AccountError(_("Liên kết đã hết hạn. Vui lòng yêu cầu liên kết mới.")) from exc
    except BadSignature as exc:
        raise AccountError(_("Liên kết không hợp lệ.")) from exc
    user_id = data.get("id") if isinstance(data, dict) else None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if not user or data.get("v") != user.session_version:
        raise AccountError(_("Liên kết không hợp lệ hoặc đã được dùng."))
    if len(new_password or "") < MIN_PASSWORD:
        raise AccountError(_("Mật khẩu cần ít nhất %(n)d ký tự.", n=MIN_PASSWORD))
    user.password_hash = hash_password(new_password)
    end_sessions(user)
    return user


def invite_staff(owner: User, enterprise, email: str) -> Invitation:
    email = normalise_email(email)
    existing = find_user(email)
    if existing and any(m.enterprise_id == enterprise.id and m.active for m in existing.memberships):
        raise AccountError(_("Người này đã là thành viên của doanh nghiệp."))
    invitation = Invitation(enterprise_id=enterprise.id, email=email, invited_by_id=owner.id)
    db.session.add(invitation)
    db.session.flush()  # the link carries the invitation's id; the e-mail commits with it
    token = _serializer("invite").dumps({"id": invitation.id})
    link = url_for("accounts.accept_invitation", token=token, _external=True)
    send_mail_later(email, _("Lời mời tham gia %(name)s trên Sàn TMĐT Hưng Yên", name=enterprise.name),
              _("%(owner)s mời bạn làm nhân viên của %(name)s trên Sàn TMĐT Hưng Yên.\n"
                "Đăng nhập (hoặc đăng ký bằng email này) rồi mở liên kết:\n\n%(link)s",
                owner=owner.full_name, name=enterprise.name, link=link))
    db.session.commit()
    return invitation


def accept_invitation(user: User, token: str) -> Membership:
    try:
        data = _serializer("invite").loads(token, max_age=INVITE_MAX_AGE)
    except BadSignature as exc:
        raise AccountError(_("Lời mời không hợp lệ hoặc đã hết hạn.")) from exc
    invitation = db.session.get(Invitation, data.get("id"))
    if not invitation or invitation.accepted_at:
        raise AccountError(_("Lời mời không hợp lệ hoặc đã được dùng."))
    if invitation.email != normalise_email(user.email):
        raise AccountError(_("Lời mời này dành cho một email khác."))
    if user.membership:
        raise AccountError(_("Tài khoản này đã thuộc một doanh nghiệp."))
    membership = Membership(user_id=user.id, enterprise_id=invitation.enterprise_id, role=STAFF)
    invitation.accepted_at = utcnow()
    db.session.add(membership)
    db.session.commit()
    return membership

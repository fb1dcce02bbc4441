"""Who may do what: every role check of the floor lives here."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

BUYER, OFFICER, ADMIN = "buyer", "officer", "admin"
ROLES = (BUYER, OFFICER, ADMIN)
OWNER, STAFF = "owner", "staff"


def is_officer(user) -> bool:
    return bool(user and user.is_authenticated and user.role in (OFFICER, ADMIN))


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.role == ADMIN)


def membership_of(user, enterprise_id: int | None = None):
    """The user's active membership of a verified enterprise (or of the given one), if any."""
    if not (user and user.is_authenticated):
        return None
    for membership in user.memberships:
        if membership.active and (enterprise_id is None or membership.enterprise_id == enterprise_id):
            return membership
    return None


def is_member(user, enterprise_id: int) -> bool:
    membership = membership_of(user, enterprise_id)
    return bool(membership and membership.enterprise.is_verified)


def is_owner(user, enterprise_id: int) -> bool:
    membership = membership_of(user, enterprise_id)
    return bool(membership and membership.role == OWNER and membership.enterprise.is_verified)


def _require(check):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from trading_floor.extensions import login_manager

                return login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


officer_required = _require(is_officer)
admin_required = _require(is_admin)
member_required = _require(lambda user: membership_of(user) is not None
                           and membership_of(user).enterprise.is_verified)


def sees_hidden_listing(user, enterprise_id: int) -> bool:
    """Members of the listing's enterprise and officers also see its unpublished listings."""
    return is_officer(user) or membership_of(user, enterprise_id) is not None

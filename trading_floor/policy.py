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


# --- trade: who may buy, sell, see and move an order -------------------------------------------
def can_buy(user) -> bool:
    """Inquiries, RFQs and orders are for buyer accounts (owners and staff are buyers too)."""
    return bool(user and user.is_authenticated and user.role == BUYER)


def sells_for(user, enterprise_id: int) -> bool:
    """Owner or staff of that verified enterprise: both may act for it."""
    return is_member(user, enterprise_id)


def can_see_order(user, order) -> bool:
    return bool(user and user.is_authenticated and (
        order.buyer_id == user.id or sells_for(user, order.enterprise_id) or is_admin(user)))


def can_see_inquiry(user, inquiry) -> bool:
    return bool(user and user.is_authenticated and (
        inquiry.buyer_id == user.id or sells_for(user, inquiry.enterprise_id)))


def can_quote(user, rfq) -> bool:
    """A member of a verified, active enterprise, and not of the buyer's own enterprise."""
    membership = membership_of(user)
    return bool(membership and membership.enterprise.is_verified
                and membership.enterprise.status == "active" and rfq.buyer_id != user.id
                and membership_of(rfq.buyer, membership.enterprise_id) is None)
def can_manage_listings(user, enterprise_id: int) -> bool:
    """Owner or staff of a verified enterprise create and change that enterprise's listings."""
    return is_member(user, enterprise_id)


def can_moderate(user) -> bool:
    """Department officers (and administrators) moderate listings and handle abuse reports."""
    return is_officer(user)


def can_report_abuse(user) -> bool:
    return bool(user and user.is_authenticated)
# --- payments -------------------------------------------------------------------------------
def can_view_order_payment(user, order) -> bool:
    """The buyer, members of the selling enterprise, officers and admins."""
    if not (user and user.is_authenticated):
        return False
    return user.id == order.buyer_id or is_member(user, order.enterprise_id) or is_officer(user)


def can_pay_order(user, order) -> bool:
    return bool(user and user.is_authenticated and user.id == order.buyer_id)


def can_confirm_transfer(user, order) -> bool:
    """The seller (a member of the order's enterprise) records a bank transfer it received."""
    return is_member(user, order.enterprise_id)


def can_refund_payment(user, order) -> bool:
    """The seller or a platform administrator refunds a card payment."""
    return is_member(user, order.enterprise_id) or is_admin(user)


def can_edit_bank_account(user, enterprise_id: int) -> bool:
    return is_owner(user, enterprise_id)
def sees_hidden_listing(user, enterprise_id: int) -> bool:
    """Members of the listing's enterprise and officers also see its unpublished listings."""
    return is_officer(user) or membership_of(user, enterprise_id) is not None
# --- content: the Department's pages and announcements ----------------------------------------
def can_edit_content(user) -> bool:
    """Officers and administrators write the pages and announcements; everyone reads them."""
    return is_officer(user)


content_editor_required = _require(can_edit_content)

"""Each member's frequency per kind of e-mail, the one-click unsubscribe link per kind (RFC 8058)
and the links every alert e-mail carries.

The unsubscribe token is signed by outreach.links (Flask's signing serializer, a salt per kind of
link), like the campaigns' opt-out: it works without signing in and only ever sets "never"."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from trading_floor.accounts.models import User
from trading_floor.alerts.models import (
    DigestItem,
    NotificationPreference,
    SavedSearch,
    SummaryMark,
)
from trading_floor.extensions import db
from trading_floor.outreach import links

IMMEDIATE, DAILY, WEEKLY, NEVER = "immediate", "daily", "weekly", "never"
FREQUENCY_LABELS = {IMMEDIATE: _l("Ngay lập tức"), DAILY: _l("Hằng ngày"),
                    WEEKLY: _l("Hằng tuần"), NEVER: _l("Không nhận")}
RFQ, SAVED_SEARCH, SUMMARY = "rfq", "saved_search", "summary"


class Kind:
    def __init__(self, name: str, label, help_text, frequencies: tuple[str, ...], default: str):
        self.name, self.label, self.help_text = name, label, help_text
        self.frequencies, self.default = frequencies, default


KINDS = {
    RFQ: Kind(RFQ, _l("Yêu cầu chào mua trong danh mục của doanh nghiệp"),
              _l("Khi có yêu cầu chào mua mới trong danh mục doanh nghiệp bạn đang bán."),
              (IMMEDIATE, DAILY, WEEKLY, NEVER), DAILY),
    SAVED_SEARCH: Kind(SAVED_SEARCH, _l("Sản phẩm mới khớp tìm kiếm đã lưu"),
                       _l("Sản phẩm mới đăng khớp với các tìm kiếm bạn đã lưu."),
                       (DAILY, WEEKLY, NEVER), DAILY),
    SUMMARY: Kind(SUMMARY, _l("Tóm tắt hằng tuần cho chủ doanh nghiệp"),
                  _l("Lượt xem sản phẩm, hỏi hàng mới, yêu cầu chào mua chờ báo giá và những gì "
                     "người mua tìm mà ít kết quả."),
                  (WEEKLY, NEVER), WEEKLY),
}
UNSUBSCRIBE = "alerts-unsubscribe"  # the signing salt's kind (outreach.links)


class PreferenceError(ValueError):
    """A choice that does not exist; the message is for the member."""


def frequency(user_id: int, kind: str) -> str:
    row = db.session.get(NotificationPreference, (user_id, kind))
    return row.frequency if row else KINDS[kind].default


def frequencies_of(user_id: int) -> dict[str, str]:
    """Every kind with its frequency (the default where the member chose nothing)."""
    chosen = {row.kind: row.frequency for row in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user_id))}
    return {name: chosen.get(name, kind.default) for name, kind in KINDS.items()}


def frequencies_for(kind: str, user_ids) -> dict[int, str]:
    """The frequency of one kind for many members at once (the fan-out and the digest runs)."""
    ids = list(user_ids)
    chosen = {}
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        chosen.update(db.session.execute(
            select(NotificationPreference.user_id, NotificationPreference.frequency)
            .where(NotificationPreference.kind == kind,
                   NotificationPreference.user_id.in_(ids[start:start + 900]))).tuples().all())
    return {user_id: chosen.get(user_id, KINDS[kind].default) for user_id in ids}


def set_frequency(user: User, kind: str, value: str, commit: bool = True) -> None:
    """Saves a member's choice; "never" also drops what was waiting for their next digest."""
    if kind not in KINDS or value not in KINDS[kind].frequencies:
        raise PreferenceError(str(_l("Lựa chọn không hợp lệ.")))
    row = db.session.get(NotificationPreference, (user.id, kind))
    if row is None:
        db.session.add(NotificationPreference(user_id=user.id, kind=kind, frequency=value))
    else:
        row.frequency = value
    if value == NEVER:
        db.session.execute(delete(DigestItem).where(DigestItem.user_id == user.id,
                                                    DigestItem.kind == kind,
                                                    DigestItem.sent_at.is_(None)))
    if commit:
        db.session.commit()


def set_language(user: User, locale: str) -> None:
    if locale not in current_app.config["LANGUAGES"]:
        raise PreferenceError(str(_l("Lựa chọn không hợp lệ.")))
    user.locale = locale
    db.session.commit()


# --- links in the e-mails ----------------------------------------------------------------------
def external_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail written by a job (no request): FLOOR_BASE_URL + the route."""
    base = urlsplit(current_app.config["FLOOR_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def unsubscribe_token(user_id: int, kind: str) -> str:
    return links.sign(UNSUBSCRIBE, {"u": user_id, "k": kind})


def read_unsubscribe(token: str) -> tuple[User, str]:
    """The member and kind of an unsubscribe link; PreferenceError if it is not one of ours."""
    try:
        data = links.read(UNSUBSCRIBE, token)
    except links.BadLink as error:
        raise PreferenceError(str(_l("Liên kết không hợp lệ."))) from error
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or data.get("k") not in KINDS:
        raise PreferenceError(str(_l("Liên kết không hợp lệ.")))
    return user, data["k"]


def unsubscribe(token: str) -> tuple[User, str]:
    """The one-click unsubscribe: that kind becomes "never" for that member."""
    user, kind = read_unsubscribe(token)
    set_frequency(user, kind, NEVER)
    return user, kind


def mail_links(user_id: int, kind: str) -> tuple[str, str, dict[str, str]]:
    """(unsubscribe link, preferences page, RFC 8058 headers) for an e-mail of this kind."""
    link = external_url("alerts.unsubscribe", token=unsubscribe_token(user_id, kind))
    return link, external_url("alerts.preferences_page"), links.list_unsubscribe_headers(link)


# --- the member's personal data (privacy: the data download and the account deletion) ----------
def member_data(user: User) -> dict:
    """The e-mail choices and saved searches of a member, as plain data."""
    return {"email_frequencies": frequencies_of(user.id),
            "saved_searches": [{"query": s.query, "filters": s.filters,
                                "created_at": s.created_at.isoformat() + "Z"}
                               for s in db.session.scalars(select(SavedSearch).where(
                                   SavedSearch.user_id == user.id))]}


def forget_member(user: User) -> None:
    """Removes what alerts keep about a member (in the caller's transaction)."""
    for model in (NotificationPreference, SavedSearch, DigestItem, SummaryMark):
        db.session.execute(delete(model).where(model.user_id == user.id))

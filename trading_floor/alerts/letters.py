"""The alert e-mails: written in the member's language (their account's, Vietnamese by default)
with a one-click unsubscribe for their kind and a link to the preferences page, then handed to
the job queue (jobs.send_mail_later, the Message-ID is the key: each e-mail goes once)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from trading_floor import jobs
from trading_floor.alerts import preferences


@contextmanager
def in_language_of(user) -> Iterator[None]:
    """Everything written inside speaks the member's language."""
    chosen = user.locale if user.locale in current_app.config["LANGUAGES"] else None
    with force_locale(chosen or current_app.config["BABEL_DEFAULT_LOCALE"]):
        yield


def localized(vietnamese: str, english: str | None) -> str:
    """A name of the floor's data in the language being written (English when it has one)."""
    return english if english and str(get_locale()) == "en" else vietnamese


def send(user, kind: str, subject: str, lines: list[str], key: str) -> None:
    """Records one alert e-mail of `kind` for `user` (call it in the caller's transaction)."""
    unsubscribe, page, headers = preferences.mail_links(user.id, kind)
    footer = ["", "-- ", _("Ngừng nhận loại thư này (một lần bấm): %(link)s", link=unsubscribe),
              _("Chọn loại thư và tần suất nhận: %(link)s", link=page)]
    jobs.send_mail_later(user.email, subject, "\n".join(lines + footer), key=key, headers=headers)

"""The base of every form of the floor: WTForms' own messages in the reader's language.

WTForms writes some messages itself ("This field is required.", "Invalid email address.",
"Field must be between 8 and 128 characters long."). It ships no Vietnamese, so the floor keeps
a Vietnamese catalogue of them (translations/vi/LC_MESSAGES/wtforms.po, domain `wtforms`, made
by scripts/wtforms_vi.py) and hands it to every form through WTForms' public `Meta.
get_translations` hook. English mode finds no catalogue and shows WTForms' English as it is.
Forms subclass `FloorForm`, never FlaskForm directly (tests/core/test_form_messages.py checks).
"""

from __future__ import annotations

from flask_babel import Domain
from flask_wtf import FlaskForm

from trading_floor.config import ROOT

_WTFORMS_DOMAIN = Domain(translation_directories=str(ROOT / "translations"), domain="wtforms")


class ValidatorMessages:
    """The gettext/ngettext pair WTForms asks for, answering in the request's language."""

    def gettext(self, string: str) -> str:
        return _WTFORMS_DOMAIN.get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _WTFORMS_DOMAIN.get_translations().ungettext(singular, plural, n)


VALIDATOR_MESSAGES = ValidatorMessages()


class FloorForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return VALIDATOR_MESSAGES

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice

from trading_floor.alerts.preferences import FREQUENCY_LABELS, KINDS, RFQ, SAVED_SEARCH, SUMMARY
from trading_floor.core.forms import FloorForm


def _choices(kind: str) -> list[SelectChoice]:
    return [SelectChoice(value, FREQUENCY_LABELS[value]) for value in KINDS[kind].frequencies]


class PreferencesForm(FloorForm):
    rfq = SelectField(KINDS[RFQ].label, choices=_choices(RFQ))
    saved_search = SelectField(KINDS[SAVED_SEARCH].label, choices=_choices(SAVED_SEARCH))
    summary = SelectField(KINDS[SUMMARY].label, choices=_choices(SUMMARY))
    locale = SelectField(_l("Ngôn ngữ của thư"),
                         choices=[SelectChoice("vi", _l("Tiếng Việt")),
                                  SelectChoice("en", _l("Tiếng Anh"))])


class SaveSearchForm(FloorForm):
    """The search page's words and filters, carried as they were (the service checks them)."""

    q = HiddenField()
    category = HiddenField()
    commune = HiddenField()
    price_min = HiddenField()
    price_max = HiddenField()
    moq_max = HiddenField()
    cert = HiddenField()


class ActionForm(FloorForm):
    pass

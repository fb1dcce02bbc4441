"""The officers' synonym form."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from trading_floor.core.forms import FloorForm


class SynonymForm(FloorForm):
    words = StringField(_l("Các từ cùng nghĩa, cách nhau bởi dấu phẩy"),
                        validators=[DataRequired(), Length(max=300)])


class RemoveForm(FloorForm):
    """The button that removes a group."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from trading_floor.core.forms import FloorForm


class ComplaintForm(FloorForm):
    title = StringField(_l("Tiêu đề"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Nội dung khiếu nại"), validators=[DataRequired(),
                                                                      Length(max=5000)],
                                render_kw={"rows": 6})


class StepForm(FloorForm):
    text = TextAreaField(_l("Nội dung"), validators=[Optional(), Length(max=5000)],
                         render_kw={"rows": 3})

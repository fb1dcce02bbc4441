from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from trading_floor.core.forms import FloorForm
from trading_floor.crosslisting.floors import FLOORS


class OutsideShopForm(FloorForm):
    floor = SelectField(_l("Sàn"), choices=[SelectChoice(f.key, f.label) for f in FLOORS],
                        validators=[DataRequired(_l("Hãy chọn một sàn."))])
    url = StringField(_l("Địa chỉ gian hàng (URL)"), validators=[
        DataRequired(_l("Hãy ghi địa chỉ gian hàng.")), Length(max=500)])
    started_on = DateField(_l("Bán ở đó từ ngày"), format=["%Y-%m-%d", "%d/%m/%Y"],
                           invalid_value_message=_l("Ngày không hợp lệ, hãy ghi theo dạng "
                                                    "28/11/2026."),
                           validators=[Optional()])


class ActionForm(FloorForm):
    """A button (CSRF only)."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from trading_floor.core.forms import FloorForm


class TargetsForm(FloorForm):
    participation_target = IntegerField(
        _l("Chỉ tiêu tỷ lệ tham gia (%)"),
        validators=[DataRequired(_l("Cần nhập chỉ tiêu.")),
                    NumberRange(1, 100, _l("Chỉ tiêu phải từ 1 đến 100."))])
    access_target = IntegerField(
        _l("Chỉ tiêu tỷ lệ truy cập (%)"),
        validators=[DataRequired(_l("Cần nhập chỉ tiêu.")),
                    NumberRange(1, 100, _l("Chỉ tiêu phải từ 1 đến 100."))])
    deadline = DateField(_l("Thời hạn đạt chỉ tiêu"), validators=[Optional()])


class TokenForm(FloorForm):
    name = StringField(_l("Tên khoá (ai dùng, để làm gì)"),
                       validators=[DataRequired(_l("Cần đặt tên cho khoá.")), Length(max=120)])


class RevokeForm(FloorForm):
    pass

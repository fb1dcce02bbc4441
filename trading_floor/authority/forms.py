from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DateTimeLocalField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from trading_floor.core.forms import FloorForm


class RequestForm(FloorForm):
    issuer = StringField(_l("Cơ quan yêu cầu"), validators=[DataRequired(), Length(max=255)])
    document_number = StringField(_l("Số văn bản"), validators=[DataRequired(), Length(max=100)])
    document_date = DateField(_l("Ngày văn bản"), validators=[InputRequired()])
    received_at = DateTimeLocalField(_l("Sàn nhận lúc (giờ Việt Nam)"),
                                     format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    what = TextAreaField(_l("Nội dung yêu cầu"), validators=[DataRequired(), Length(max=5000)],
                         render_kw={"rows": 3})
    enterprise_code = StringField(_l("Mã số doanh nghiệp"), validators=[Optional(),
                                                                       Length(max=14)])


class TakedownForm(RequestForm):
    listing_id = StringField(_l("Số sản phẩm cần gỡ (để trống: gỡ cả gian hàng)"),
                             validators=[Optional(), Length(max=12)],
                             render_kw={"inputmode": "numeric"})
    take_down_now = BooleanField(_l("Gỡ xuống ngay"), default=True)


class ActionForm(FloorForm):
    """A button: the CSRF token only."""

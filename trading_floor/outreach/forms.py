from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from trading_floor.core.forms import FloorForm


class CampaignForm(FloorForm):
    name = StringField(_l("Tên chiến dịch"),
                       validators=[DataRequired(_l("Hãy đặt tên chiến dịch.")), Length(max=200)])
    subject = StringField(_l("Tiêu đề thư"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Nội dung thư"), validators=[DataRequired(), Length(max=8000)])


class StartForm(FloorForm):
    pass


class ClaimLinkForm(FloorForm):
    position = StringField(_l("Chức vụ của bạn"), validators=[Optional(), Length(max=120)])


class OptOutForm(FloorForm):
    pass


class SettingsForm(FloorForm):
    messages_per_minute = IntegerField(
        _l("Số thư gửi mỗi phút"),
        validators=[DataRequired(_l("Cần nhập số thư mỗi phút.")),
                    NumberRange(1, 10000, _l("Số thư mỗi phút phải từ 1 đến 10.000."))])
    auto_verify = BooleanField(_l("Xác minh ngay khi doanh nghiệp nhận qua liên kết riêng bằng "
                                  "đúng e-mail của sổ đăng ký"))

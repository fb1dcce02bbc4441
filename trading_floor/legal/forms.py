"""Publishing a version of the rules or the privacy notice; accepting them; consents."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from trading_floor.core.forms import FloorForm
from trading_floor.legal.models import PRIVACY, RULES


class PublishForm(FloorForm):
    kind = SelectField(_l("Loại văn bản"), choices=[
        SelectChoice(RULES, _l("Quy chế hoạt động")),
        SelectChoice(PRIVACY, _l("Thông báo xử lý dữ liệu cá nhân"))])
    title = StringField(_l("Tiêu đề"), validators=[DataRequired()])
    body = TextAreaField(_l("Nội dung (Markdown)"), validators=[DataRequired()],
                         render_kw={"rows": 18})
    effective_on = DateField(_l("Có hiệu lực từ ngày"), validators=[InputRequired()])


class AcceptForm(FloorForm):
    agree = BooleanField(_l("Tôi đã đọc và đồng ý với các văn bản trên"))


class ConsentForm(FloorForm):
    marketing = BooleanField(_l("Nhận thư giới thiệu, tin xúc tiến thương mại của sàn qua e-mail"))

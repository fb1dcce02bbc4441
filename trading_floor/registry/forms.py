from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from trading_floor.core.forms import FloorForm


class ClaimForm(FloorForm):
    code = StringField(_l("Mã số doanh nghiệp"), validators=[DataRequired(), Length(max=20)])
    position = StringField(_l("Chức vụ của bạn"), validators=[Optional(), Length(max=120)])
    evidence = TextAreaField(_l("Thông tin giúp xác minh (số giấy phép, người đại diện…)"),
                             validators=[Optional(), Length(max=4000)])


class InfoResponseForm(FloorForm):
    evidence = TextAreaField(_l("Thông tin bổ sung"), validators=[DataRequired(), Length(max=4000)])


class DecisionForm(FloorForm):
    decision = SelectField(_l("Quyết định"), choices=[
        SelectChoice("approved", _l("Duyệt")), SelectChoice("rejected", _l("Từ chối")),
        SelectChoice("info_requested", _l("Yêu cầu bổ sung")),
    ])
    reason = TextAreaField(_l("Lý do / thông tin cần bổ sung"), validators=[Length(max=2000)])


class RegistryImportForm(FloorForm):
    file = FileField(_l("Tệp CSV hoặc XLSX"), validators=[FileRequired()])

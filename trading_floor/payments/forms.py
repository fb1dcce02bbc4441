from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from trading_floor.core.forms import FloorForm


class MethodForm(FloorForm):
    method = HiddenField(validators=[DataRequired()])


class ConfirmTransferForm(FloorForm):
    confirm = BooleanField(validators=[DataRequired(
        _l("Hãy đánh dấu ô xác nhận đã nhận đủ tiền trước khi ghi nhận."))])


class RefundForm(FloorForm):
    payment_id = HiddenField(validators=[DataRequired()])
    amount = IntegerField(_l("Số tiền hoàn (đồng)"),
                          validators=[DataRequired(), NumberRange(min=1)])
    reason = StringField(_l("Lý do"), validators=[Optional(), Length(max=500)])
    confirm = BooleanField(validators=[DataRequired(
        _l("Hãy đánh dấu ô xác nhận số tiền hoàn trước khi hoàn tiền."))])


class BankAccountForm(FloorForm):
    bank_bin = StringField(_l("Mã BIN ngân hàng (6 chữ số)"),
                           validators=[DataRequired(), Length(max=6)])
    bank_account = StringField(_l("Số tài khoản"), validators=[DataRequired(), Length(max=30)])
    bank_account_name = StringField(_l("Tên chủ tài khoản"),
                                    validators=[DataRequired(), Length(max=70)])


class StatementForm(FloorForm):
    file = FileField(_l("Sao kê ngân hàng (CSV hoặc XLSX)"), validators=[FileRequired()])

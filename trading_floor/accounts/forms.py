from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from trading_floor.core.forms import FloorForm
from trading_floor.policy import ADMIN, BUYER, OFFICER, ROLES

ROLE_LABELS = {BUYER: _l("Người mua"), OFFICER: _l("Cán bộ Sở"), ADMIN: _l("Quản trị viên")}


class SignupForm(FloorForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False)])
    phone = StringField(_l("Số điện thoại"), validators=[Optional(), Length(max=30)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(min=8, max=128)])
    confirm = PasswordField(
        _l("Nhập lại mật khẩu"),
        validators=[DataRequired(), EqualTo("password", message=_l("Hai mật khẩu không khớp."))],
    )


class LoginForm(FloorForm):
    email = EmailField(_l("Email"), validators=[DataRequired()])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired()])


class ResetRequestForm(FloorForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False)])


class ResetPasswordForm(FloorForm):
    password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(), Length(min=8, max=128)])
    confirm = PasswordField(
        _l("Nhập lại mật khẩu"),
        validators=[DataRequired(), EqualTo("password", message=_l("Hai mật khẩu không khớp."))],
    )


class ChangePasswordForm(FloorForm):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired()])
    password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(), Length(min=8, max=128)])
    confirm = PasswordField(
        _l("Nhập lại mật khẩu"),
        validators=[DataRequired(), EqualTo("password", message=_l("Hai mật khẩu không khớp."))],
    )


class ActionForm(FloorForm):
    """A button that only needs its CSRF token."""


class InviteForm(FloorForm):
    email = EmailField(_l("Email nhân viên"), validators=[DataRequired(), Email(check_deliverability=False)])


class CreateUserForm(FloorForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False)])
    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(min=8, max=128)])


class RoleForm(FloorForm):
    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES])

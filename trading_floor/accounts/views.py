from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from trading_floor.accounts import services
from trading_floor.accounts.forms import (
    ROLE_LABELS,
    ActionForm,
    ChangePasswordForm,
    CreateUserForm,
    InviteForm,
    LoginForm,
    ResetPasswordForm,
    ResetRequestForm,
    RoleForm,
    SignupForm,
)
from trading_floor.accounts.models import User
from trading_floor.core.redirects import checked_next
from trading_floor.extensions import db, limiter
from trading_floor.policy import admin_required, is_owner

bp = Blueprint("accounts", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    """The account a sign-in tries (as typed, normalised), so failures count per account."""
    return "account:" + services.normalise_email(request.form.get("email", ""))[:254]


def _address_and_account_key() -> str:
    # behind nginx the address is the client's once TRUSTED_PROXIES is set (ProxyFix)
    return f"{request.remote_addr}|{_account_key()}"


def _failed(response) -> bool:
    # only failed attempts count against the limit; a successful sign-in redirects
    return response.status_code != 302


@bp.route("/dang-ky", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
def signup():
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.password.data,
                                        form.full_name.data, phone=form.phone.data or None)
        except services.AccountError as error:
            flash(str(error), "error")
        else:
            login_user(user)
            flash(_("Chào mừng bạn đến với Sàn TMĐT Hưng Yên!"), "success")
            return redirect(checked_next(request.args.get("next"))
                            or url_for("accounts.account"))
    return render_template("accounts/signup.html", form=form,
                           next=checked_next(request.args.get("next")))


@bp.route("/dang-nhap", methods=["GET", "POST"])
# 5 failures a minute per (address, account): one guesser cannot lock out everyone behind the
# same address; a wider limit per account slows guessing spread over many addresses
@limiter.limit(_login_limit, key_func=_address_and_account_key, methods=["POST"],
               deduct_when=_failed)
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user:
            login_user(user)
            return redirect(checked_next(request.args.get("next")) or url_for("core.home"))
        flash(_("Email hoặc mật khẩu không đúng."), "error")
    return render_template("accounts/login.html", form=form,
                           next=checked_next(request.args.get("next")))


@bp.post("/dang-xuat")
def logout():
    # a copy of the session cookie (another device, a stolen one) must not outlive the sign-out
    if current_user.is_authenticated:
        services.end_sessions(current_user)
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("core.home"))


@bp.post("/tai-khoan/dang-xuat-moi-noi")
@login_required
def logout_everywhere():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    services.end_sessions(current_user)
    logout_user()
    flash(_("Đã đăng xuất tài khoản trên mọi thiết bị."), "info")
    return redirect(url_for("accounts.login"))


@bp.post("/tai-khoan/doi-mat-khau")
@login_required
def change_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(map(str, errors)), "error")
        return redirect(url_for("accounts.account"))
    try:
        services.change_password(current_user, form.current.data, form.password.data)
    except services.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("accounts.account"))
    # this device stays signed in under the new session version (the user itself, not the proxy)
    login_user(db.session.get(User, current_user.id))
    flash(_("Đã đổi mật khẩu; các thiết bị khác đã bị đăng xuất."), "success")
    return redirect(url_for("accounts.account"))


@bp.route("/quen-mat-khau", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
        flash(_("Nếu email này có tài khoản, chúng tôi đã gửi liên kết đặt lại mật khẩu."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form)


@bp.route("/dat-lai-mat-khau/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.AccountError as error:
            flash(str(error), "error")
        else:
            flash(_("Mật khẩu đã được đổi. Mời bạn đăng nhập."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)


@bp.route("/tai-khoan")
@login_required
def account():
    return render_template("accounts/account.html", invite_form=InviteForm(),
                           password_form=ChangePasswordForm(), action_form=ActionForm())


@bp.post("/tai-khoan/moi-nhan-vien")
@login_required
def invite():
    enterprise = current_user.enterprise
    if not enterprise or not is_owner(current_user, enterprise.id):
        abort(403)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite_staff(current_user, enterprise, form.email.data)
        except services.AccountError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã gửi lời mời tới %(email)s.", email=form.email.data), "success")
    else:
        flash(_("Email không hợp lệ."), "error")
    return redirect(url_for("accounts.account"))


@bp.route("/loi-moi/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token: str):
    if request.method == "POST":
        try:
            membership = services.accept_invitation(current_user, token)
        except services.AccountError as error:
            flash(str(error), "error")
        else:
            flash(_("Bạn đã là nhân viên của %(name)s.", name=membership.enterprise.name), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/accept_invitation.html", token=token)


@bp.route("/quan-tri/nguoi-dung", methods=["GET", "POST"])
@admin_required
def users():
    form = CreateUserForm()
    if form.validate_on_submit():
        try:
            services.create_user(form.email.data, form.password.data, form.full_name.data,
                                 role=form.role.data)
        except services.AccountError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã tạo tài khoản %(email)s.", email=form.email.data), "success")
            return redirect(url_for("accounts.users"))
    query = request.args.get("q", "").strip()
    people = services.find_users(query)
    return render_template("accounts/users.html", form=form, people=people, role_form=RoleForm(),
                           role_labels=ROLE_LABELS, q=query)


@bp.post("/quan-tri/nguoi-dung/<int:user_id>/vai-tro")
@admin_required
def change_role(user_id: int):
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Vai trò không hợp lệ."), "error")
    elif user.id == current_user.id:
        flash(_("Bạn không thể tự đổi vai trò của mình."), "error")
    else:
        services.set_role(user, form.role.data)
        flash(_("Đã đổi vai trò của %(email)s.", email=user.email), "success")
    return redirect(url_for("accounts.users"))

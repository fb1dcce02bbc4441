"""Trade forms. Numbers are typed as Vietnamese write them ("1.250.000"), so they are text fields
parsed here rather than IntegerFields (whose error messages are not translated)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from trading_floor.core.forms import FloorForm
from trading_floor.core.numbers import whole_number

_GROUPING = re.compile(r"[\s.,_]|₫|đ$", re.IGNORECASE)


def parse_whole(value: str | None) -> int | None:
    """'1.250.000 ₫' -> 1250000; '' -> None; anything else -> ValueError."""
    text = _GROUPING.sub("", (value or "").strip())
    if not text:
        return None
    number = whole_number(text, max_digits=12)
    if number is None:
        raise ValueError(value)
    return number


class WholeNumber:
    """A whole number ≥ minimum, written with or without thousand separators."""

    def __init__(self, minimum: int = 1):
        self.minimum = minimum

    def __call__(self, form, field) -> None:
        try:
            number = parse_whole(field.data)
        except ValueError:
            raise ValidationError(_l("Hãy nhập một số nguyên, ví dụ 1.250.000.")) from None
        if number is not None and number < self.minimum:
            raise ValidationError(_l("Giá trị nhỏ nhất là %(n)s.", n=self.minimum))


class VnDateField(DateField):
    """A date from a date picker (yyyy-mm-dd) or typed as Vietnamese write it (dd/mm/yyyy), with
    an error message in the floor's language (WTForms has no Vietnamese catalogue)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%d", "%d/%m/%Y"])
        kwargs.setdefault("invalid_value_message",
                          _l("Ngày không hợp lệ, hãy ghi theo dạng 28/11/2026."))
        super().__init__(*args, **kwargs)


def number_of(field) -> int | None:
    return parse_whole(field.data)


class InquiryForm(FloorForm):
    quantity = StringField(_l("Số lượng cần mua"), validators=[Optional(), WholeNumber()])
    message = TextAreaField(_l("Câu hỏi của bạn"), validators=[
        DataRequired(_l("Hãy viết câu hỏi.")), Length(max=4000)])


class ReplyForm(FloorForm):
    message = TextAreaField(_l("Tin nhắn"), validators=[
        DataRequired(_l("Hãy viết nội dung tin nhắn.")), Length(max=4000)])


class OrderForm(FloorForm):
    quantity = StringField(_l("Số lượng"), validators=[
        DataRequired(_l("Hãy nhập số lượng.")), WholeNumber()])
    delivery_address = TextAreaField(_l("Địa chỉ giao hàng"), validators=[
        DataRequired(_l("Hãy ghi địa chỉ giao hàng.")), Length(max=1000)])
    note = TextAreaField(_l("Ghi chú cho người bán"), validators=[Optional(), Length(max=2000)])
    payment_method = SelectField(_l("Cách thanh toán"), choices=[
        SelectChoice("bank_transfer", _l("Chuyển khoản ngân hàng")),
        SelectChoice("card", _l("Thẻ (qua cổng thanh toán)"))], default="bank_transfer")


class RfqForm(FloorForm):
    title = StringField(_l("Cần mua gì"), validators=[
        DataRequired(_l("Hãy ghi tên hàng cần mua.")), Length(max=200)])
    description = TextAreaField(_l("Mô tả, yêu cầu chất lượng"), validators=[
        Optional(), Length(max=4000)])
    category = SelectField(_l("Danh mục"), validators=[DataRequired(_l("Hãy chọn một danh mục."))])
    quantity = StringField(_l("Số lượng"), validators=[
        DataRequired(_l("Hãy nhập số lượng.")), WholeNumber()])
    unit = StringField(_l("Đơn vị tính"), validators=[
        DataRequired(_l("Hãy ghi đơn vị tính.")), Length(max=20)])
    target_price = StringField(_l("Giá mong muốn (đồng / đơn vị, không bắt buộc)"),
                               validators=[Optional(), WholeNumber()])
    delivery_commune = SelectField(_l("Xã/phường giao hàng"), validators=[Optional()])
    delivery_place = StringField(_l("Hoặc nơi giao hàng (ghi rõ)"),
                                 validators=[Optional(), Length(max=255)])
    deadline = VnDateField(_l("Hạn chót nhận báo giá"), validators=[
        InputRequired(_l("Hãy chọn hạn chót."))])

    def fill_choices(self, categories, communes) -> None:
        self.category.choices = [SelectChoice("", _l("— Chọn danh mục —"))] + [
            SelectChoice(str(c.id), label) for c, label in categories]
        self.delivery_commune.choices = [SelectChoice("", _l("— Không chọn —"))] + [
            SelectChoice(str(u.code), u.name) for u in communes]


class QuoteForm(FloorForm):
    unit_price = StringField(_l("Đơn giá (đồng)"), validators=[
        DataRequired(_l("Hãy nhập đơn giá.")), WholeNumber()])
    quantity = StringField(_l("Số lượng"), validators=[
        DataRequired(_l("Hãy nhập số lượng.")), WholeNumber()])
    lead_time_days = StringField(_l("Giao hàng sau (ngày)"), validators=[
        DataRequired(_l("Hãy nhập số ngày giao hàng.")), WholeNumber(0)])
    valid_until = VnDateField(_l("Báo giá có hiệu lực đến"), validators=[
        InputRequired(_l("Hãy chọn ngày hết hiệu lực."))])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])


class ConfirmForm(FloorForm):
    """A money or acceptance step: nothing happens until the person confirms it (works without
    JavaScript: a confirmation page or a checkbox sends `confirm`)."""

    confirm = BooleanField(validators=[DataRequired(_l("Hãy xác nhận trước khi tiếp tục."))])


class ActionForm(FloorForm):
    """A button on the order or RFQ page (CSRF only, plus an optional note)."""

    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])

"""Forms of the seller workspace, the moderation desk and the taxonomy page.

Forms only carry what was typed; the rules (prices, tiers, units…) live in listing_rules/services,
so the web form and the import file refuse exactly the same values.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from trading_floor.catalog.listing_rules import AVAILABILITY_LABELS, CERT_LABELS, PRICE_TERMS_LABELS
from trading_floor.catalog.models import CERTIFICATIONS
from trading_floor.core.forms import FloorForm


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def month_choices():
    return [SelectChoice("", "—")] + [SelectChoice(str(m), str(m)) for m in range(1, 13)]


class ListingForm(FloorForm):
    title = StringField(_l("Tên sản phẩm"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Tên tiếng Anh (không bắt buộc)"),
                           validators=[Optional(), Length(max=200)])
    sku = StringField(_l("Mã sản phẩm của doanh nghiệp (để trống: sàn tự đặt)"),
                      validators=[Optional(), Length(max=64)])
    category = SelectField(_l("Danh mục"), validators=[DataRequired()], choices=[])
    price = StringField(_l("Giá (đồng), để trống nếu giá liên hệ"),
                        render_kw={"inputmode": "numeric", "placeholder": "30.000"})
    unit = StringField(_l("Đơn vị bán"), validators=[DataRequired(), Length(max=20)],
                       render_kw={"list": "unit-suggestions", "placeholder": "kg"})
    moq = StringField(_l("Số lượng đặt tối thiểu"), default="1",
                      render_kw={"inputmode": "numeric"})
    tiers = StringField(_l("Giá theo số lượng (không bắt buộc)"),
                        render_kw={"placeholder": "100:95000;500:90000"})
    price_terms = SelectField(_l("Giá đã gồm VAT và phí giao hàng chưa"), choices=[
        SelectChoice(code, label) for code, label in PRICE_TERMS_LABELS.items()], default="")
    availability = SelectField(_l("Tình trạng hàng"), choices=[
        SelectChoice(code, label) for code, label in AVAILABILITY_LABELS.items()])
    season_from = SelectField(_l("Mùa vụ từ tháng"), choices=month_choices(), default="")
    season_to = SelectField(_l("đến tháng"), choices=month_choices(), default="")
    origin_commune_code = SelectField(_l("Xuất xứ (xã/phường trong tỉnh)"), choices=[],
                                      default="")
    certifications = CheckboxesField(_l("Chứng nhận"), choices=[
        SelectChoice(code, CERT_LABELS[code]) for code in CERTIFICATIONS])
    ocop_number = StringField(_l("Số giấy chứng nhận OCOP"), validators=[Optional(),
                                                                       Length(max=60)])
    ocop_expires = DateField(_l("OCOP có hiệu lực đến"), validators=[Optional()])
    description = TextAreaField(_l("Mô tả"), validators=[Optional(), Length(max=10000)],
                                render_kw={"rows": 6})
    photos = MultipleFileField(_l("Thêm ảnh (JPEG, PNG, WebP; tối đa 5 MB mỗi ảnh, 8 ảnh)"),
                               render_kw={"accept": "image/jpeg,image/png,image/webp"})
    save = SubmitField(_l("Lưu nháp"))
    save_submit = SubmitField(_l("Lưu và gửi duyệt"))


class AnswerTimeForm(FloorForm):
    """The enterprise's published answer time for orders (checked by registry.services)."""

    answer_hours = StringField(_l("Thời gian trả lời đơn hàng (giờ)"),
                               validators=[Optional(), Length(max=10)],
                               render_kw={"inputmode": "numeric"})


class ActionForm(FloorForm):
    """A button that changes a status (submit, archive, reopen, approve, delete a photo)."""


class ReasonForm(FloorForm):
    reason = TextAreaField(_l("Lý do"), validators=[DataRequired(), Length(max=2000)])


class RejectForm(FloorForm):
    """Rejecting one listing or several: standard reasons picked, and/or the officer's words."""

    reasons = CheckboxesField(_l("Lý do mẫu"), coerce=int, choices=[], validate_choice=False)
    reason = TextAreaField(_l("Ghi thêm cho doanh nghiệp"),
                           validators=[Optional(), Length(max=2000)])


class RejectionReasonForm(FloorForm):
    text = StringField(_l("Lý do mẫu"), validators=[DataRequired(), Length(max=300)])


class ReportForm(FloorForm):
    """An abuse report on a listing (posted from the public listing page)."""

    reason = TextAreaField(_l("Sản phẩm này có vấn đề gì?"),
                           validators=[DataRequired(), Length(max=2000)])


class ListingImportForm(FloorForm):
    file = FileField(_l("Tệp CSV hoặc XLSX"), validators=[FileRequired()])
    submit_all = BooleanField(_l("Gửi duyệt ngay các sản phẩm mới và đã sửa"))


class CategoryForm(FloorForm):
    slug = StringField(_l("Mã (đường dẫn), ví dụ trai-cay"),
                       validators=[DataRequired(), Length(max=80)])
    name_vi = StringField(_l("Tên tiếng Việt"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Tên tiếng Anh"), validators=[Optional(), Length(max=120)])
    parent = SelectField(_l("Danh mục cha"), choices=[], default="")


class CategoryEditForm(FloorForm):
    name_vi = StringField(_l("Tên tiếng Việt"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Tên tiếng Anh"), validators=[Optional(), Length(max=120)])
    parent = SelectField(_l("Danh mục cha"), choices=[], default="")


class CategoryImportForm(FloorForm):
    file = FileField(_l("Tệp CSV hoặc XLSX (slug, parent_slug, name_vi, name_en)"),
                     validators=[FileRequired()])

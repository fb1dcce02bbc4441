from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from trading_floor.core.forms import FloorForm
from trading_floor.partners.models import SCOPES

SCOPE_LABELS = {"catalogue": _l("Sản phẩm và danh mục"), "enterprises": _l("Doanh nghiệp"),
                "rfqs": _l("Yêu cầu chào mua")}


class PartnerKeyForm(FloorForm):
    partner = StringField(_l("Tên đối tác"),
                          validators=[DataRequired(_l("Cần tên đối tác.")), Length(max=120)])
    scopes = SelectMultipleField(_l("Phạm vi"), choices=[SelectChoice(s, SCOPE_LABELS[s]) for s in SCOPES],
                                 default=list(SCOPES),
                                 validators=[DataRequired(_l("Chọn ít nhất một phạm vi."))],
                                 widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput())


class SellerTokenForm(FloorForm):
    name = StringField(_l("Tên mã (phần mềm nào dùng)"),
                       validators=[DataRequired(_l("Cần đặt tên cho mã.")), Length(max=120)])


class RevokeForm(FloorForm):
    pass

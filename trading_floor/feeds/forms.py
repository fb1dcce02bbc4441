from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from trading_floor.core.forms import FloorForm


class MerchantImportForm(FloorForm):
    file = FileField(_l("Tệp nguồn sản phẩm (TSV hoặc XML định dạng Merchant)"),
                     validators=[FileRequired(_l("Hãy chọn một tệp."))])
    category = SelectField(_l("Danh mục cho sản phẩm chưa khớp danh mục của sàn"), choices=[],
                           validators=[DataRequired(_l("Hãy chọn một danh mục."))])
    unit = StringField(_l("Đơn vị tính của các sản phẩm"), default="chiếc",
                       validators=[DataRequired(_l("Hãy ghi đơn vị tính.")), Length(max=20)])

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from trading_floor.core.forms import FloorForm
from trading_floor.webhooks.models import (
    LISTING_CHANGED,
    LISTING_PUBLISHED,
    LISTING_REMOVED,
    RFQ_CLOSED,
    RFQ_OPENED,
)

EVENT_LABELS = {
    LISTING_PUBLISHED: _l("Sản phẩm được công khai"),
    LISTING_CHANGED: _l("Sản phẩm công khai thay đổi"),
    LISTING_REMOVED: _l("Sản phẩm thôi công khai"),
    RFQ_OPENED: _l("Yêu cầu chào mua mở"),
    RFQ_CLOSED: _l("Yêu cầu chào mua đóng"),
}


class EventsField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EndpointForm(FloorForm):
    name = StringField(_l("Tên đối tác"), validators=[DataRequired(_l("Hãy ghi tên đối tác.")),
                                                     Length(max=120)])
    url = StringField(_l("Địa chỉ nhận (URL)"), validators=[
        DataRequired(_l("Hãy ghi địa chỉ nhận.")), Length(max=500)])
    events = EventsField(_l("Sự kiện"), choices=[SelectChoice(key, label) for key, label in
                                                   EVENT_LABELS.items()],
                         validators=[DataRequired(_l("Hãy chọn ít nhất một sự kiện."))])


class ActionForm(FloorForm):
    """A button (CSRF only)."""

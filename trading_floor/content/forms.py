"""The small editor of pages and announcements (Markdown text, optional English version)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from trading_floor.content.models import EVENT, MARKET, NEWS
from trading_floor.content.services import Draft
from trading_floor.core.forms import FloorForm

MARKDOWN_HINT = _l("Viết bằng Markdown: **đậm**, *nghiêng*, ## Tiêu đề mục, - danh sách, "
                   "[chữ liên kết](https://…), ![mô tả ảnh](/static/…). Mã HTML không được hiển thị.")


def parse_day(text: str | None) -> date | None:
    """'28/11/2026' or '2026-11-28' (what a date input sends); empty is None."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _day(form, field) -> None:
    try:
        parse_day(field.data)
    except ValueError:
        raise ValidationError(_("Ngày không hợp lệ: hãy viết dạng 28/11/2026.")) from None


class PageForm(FloorForm):
    title = StringField(_l("Tiêu đề"))
    body = TextAreaField(_l("Nội dung"))
    title_en = StringField(_l("Tiêu đề tiếng Anh (không bắt buộc)"))
    body_en = TextAreaField(_l("Nội dung tiếng Anh (không bắt buộc)"))

    def draft(self) -> Draft:
        return Draft(title=self.title.data or "", body=self.body.data or "",
                     title_en=self.title_en.data or "", body_en=self.body_en.data or "")


class AnnouncementForm(PageForm):
    kind = SelectField(_l("Loại tin"), choices=[
        SelectChoice(NEWS, _l("Tin tức")), SelectChoice(EVENT, _l("Xúc tiến thương mại")),
        SelectChoice(MARKET, _l("Thông tin thị trường"))], validate_choice=False)
    event_starts_on = StringField(_l("Ngày bắt đầu (sự kiện)"), validators=[_day])
    event_ends_on = StringField(_l("Ngày kết thúc (không bắt buộc)"), validators=[_day])
    event_place = StringField(_l("Địa điểm (sự kiện)"))

    def draft(self) -> Draft:
        draft = super().draft()
        draft.kind = self.kind.data or NEWS
        draft.event_starts_on = parse_day(self.event_starts_on.data)
        draft.event_ends_on = parse_day(self.event_ends_on.data)
        draft.event_place = self.event_place.data or ""
        return draft


class ActionForm(FloorForm):
    """A button that changes something (publish, take down): the CSRF token only."""

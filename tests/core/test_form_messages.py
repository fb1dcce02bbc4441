"""Item 3 of issue 10: WTForms' own messages in Vietnamese, and in English in English mode."""

from importlib import import_module
from pathlib import Path

from babel.messages.pofile import read_po
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path

from tests.conftest import post_form
from trading_floor import BLUEPRINTS
from trading_floor.config import ROOT
from trading_floor.core.forms import FloorForm

CATALOGUE = ROOT / "translations/vi/LC_MESSAGES/wtforms.po"


def _english(client):
    assert client.get("/ngon-ngu/en").status_code == 302


def test_sign_up_speaks_vietnamese(client):
    page = post_form(client, "/dang-ky", {"full_name": "", "email": "khong-phai-email",
                                          "password": "ngan", "confirm": "ngan"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Địa chỉ email không hợp lệ." in html
    assert "Độ dài phải từ 8 đến 128 ký tự." in html
    assert "Không được để trống ô này." in html
    for english in ("Invalid email address", "Field must be between", "This field is required"):
        assert english not in html


def test_sign_up_speaks_english_in_english_mode(client):
    _english(client)
    page = post_form(client, "/dang-ky", {"full_name": "", "email": "not-an-email",
                                          "password": "short", "confirm": "short"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Invalid email address." in html
    assert "Field must be between 8 and 128 characters long." in html
    assert "This field is required." in html
    assert "Địa chỉ email không hợp lệ" not in html and "Độ dài phải từ" not in html


def test_sign_in_required_fields_in_both_languages(client):
    page = post_form(client, "/dang-nhap", {"email": "", "password": ""})
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("Không được để trống ô này.") == 2
    _english(client)
    page = post_form(client, "/dang-nhap", {"email": "", "password": ""})
    assert page.get_data(as_text=True).count("This field is required.") == 2


def test_forgot_password_email_message_in_vietnamese(client):
    page = post_form(client, "/quen-mat-khau", {"email": "a@"})
    assert page.status_code == 200
    assert "Địa chỉ email không hợp lệ." in page.get_data(as_text=True)


def test_bank_account_form_length_message_in_vietnamese(client, login_as, verified_owner):
    owner, _enterprise = verified_owner()
    login_as(owner)
    page = post_form(client, "/doanh-nghiep/tai-khoan-ngan-hang", {
        "bank_bin": "9704360", "bank_account": "0011001234567", "bank_account_name": "CONG TY"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Không được dài quá 6 ký tự." in html
    assert "Field cannot be longer" not in html


def test_every_message_of_the_installed_wtforms_has_vietnamese():
    with open(Path(messages_path()) / "wtforms.pot", "rb") as handle:
        wanted = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(handle) if m.id}
    with CATALOGUE.open("rb") as handle:
        ours = {(m.id[0] if isinstance(m.id, tuple) else m.id): m.string
                for m in read_po(handle) if m.id}
    missing = sorted(k for k in wanted
                     if not ours.get(k) or not all(ours[k] if isinstance(ours[k], tuple)
                                                   else [ours[k]]))
    assert not missing, f"run scripts/wtforms_vi.py and translate: {missing}"


def test_every_form_of_the_floor_uses_the_translated_base():
    for name in BLUEPRINTS:
        import_module(name)
    for package in ("accounts", "catalog", "monitoring", "payments", "registry", "trade"):
        for path in (ROOT / "trading_floor" / package).rglob("*.py"):
            import_module("trading_floor." + ".".join(
                path.relative_to(ROOT / "trading_floor").with_suffix("").parts))

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(FlaskForm) if c.__module__.startswith("trading_floor")]
    assert len(ours) > 20
    strays = [f"{c.__module__}.{c.__name__}" for c in ours if not issubclass(c, FloorForm)]
    assert not strays, f"subclass trading_floor.core.forms.FloorForm instead: {strays}"

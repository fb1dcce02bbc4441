"""The B2B terms as people write them: prices, tiers, availability, certifications."""

import pytest

from trading_floor.catalog.listing_rules import (
    RuleError,
    clean_description,
    parse_availability,
    parse_certifications,
    parse_price,
    parse_tiers,
)


@pytest.mark.parametrize("text, value", [
    ("30000", 30000), ("30.000", 30000), ("1.250.000", 1250000), ("30 000", 30000),
    ("30.000 đ", 30000), ("45000₫", 45000), ("", None), ("liên hệ", None), ("Liên hệ", None),
])
def test_prices_as_vietnamese_write_them(app, text, value):
    assert parse_price(text) == value


@pytest.mark.parametrize("text", ["30,5", "30.5", "abc", "-100", "0", "1.2345"])
def test_prices_refused(app, text):
    with pytest.raises(RuleError):
        parse_price(text)


def test_tiers_read():
    assert parse_tiers("100:95000;500:90.000", moq=50) == [[100, 95000], [500, 90000]]
    assert parse_tiers("100:95000;500:95000", moq=100) == [[100, 95000], [500, 95000]]
    assert parse_tiers("", moq=1) == []


@pytest.mark.parametrize("text, moq, words", [
    ("500:90000;100:95000", 1, "tăng dần"),
    ("100:90000;100:85000", 1, "tăng dần"),
    ("100:90000;500:95000", 1, "không được cao hơn"),
    ("10:90000", 50, "số lượng tối thiểu"),
    ("100-90000", 1, "số_lượng:giá"),
    ("100:abc", 1, "giá ghi bằng số"),
    ("0:1000", 1, "lớn hơn 0"),
])
def test_tiers_refused_with_reason(app, text, moq, words):
    with pytest.raises(RuleError) as error:
        parse_tiers(text, moq)
    assert words in str(error.value)


@pytest.mark.parametrize("text, value", [
    ("in_stock", ("in_stock", None, None)), ("còn hàng", ("in_stock", None, None)),
    ("đặt trước", ("made_to_order", None, None)), ("seasonal:5-8", ("seasonal", 5, 8)),
    ("Theo mùa: 6-8", ("seasonal", 6, 8)), ("", ("in_stock", None, None)),
])
def test_availability(app, text, value):
    assert parse_availability(text) == value


@pytest.mark.parametrize("text", ["hết hàng", "seasonal:0-13", "in_stock:5-8", "seasonal:5"])
def test_availability_refused(app, text):
    with pytest.raises(RuleError):
        parse_availability(text)


def test_certifications(app):
    assert parse_certifications("OCOP4; VietGAP;iso 22000") == ["OCOP4", "VietGAP", "ISO22000"]
    with pytest.raises(RuleError):
        parse_certifications("OCOP3;OCOP4")
    with pytest.raises(RuleError):
        parse_certifications("ISO14001")


def test_markup_in_description_is_stripped_to_plain_text():
    text = clean_description("<p>Nhãn <b>ngọt</b> &amp; thơm</p><script>alert(1)</script>\r\n\r\nĐoạn 2")
    assert text == "Nhãn ngọt & thơm\n\nĐoạn 2"
    assert clean_description("Giá < 50.000 đ & ngon") == "Giá < 50.000 đ & ngon"

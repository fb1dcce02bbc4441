"""The VietQR payload, field by field and by CRC, against an example of the published spec."""

import pytest

from trading_floor.payments import vietqr

# The example from NAPAS's VietQR specification: Vietcombank (BIN 970436), account 0011001800879,
# 100.000 ₫, purpose "nhan tien".
SPEC_EXAMPLE = ("00020101021238570010A00000072701270006970436011300110018008790208QRIBFTTA"
                "530370454061000005802VN62130809nhan tien6304D1EF")


def test_spec_example_field_by_field():
    fields = vietqr.parse(SPEC_EXAMPLE)
    assert fields["00"] == "01"                       # payload format indicator
    assert fields["01"] == "12"                       # dynamic: the amount is set
    merchant = vietqr.parse(fields["38"])
    assert merchant["00"] == "A000000727"             # NAPAS GUID
    beneficiary = vietqr.parse(merchant["01"])
    assert beneficiary == {"00": "970436", "01": "0011001800879"}
    assert merchant["02"] == "QRIBFTTA"               # transfer to an account
    assert fields["53"] == "704"                      # VND
    assert fields["54"] == "100000"
    assert fields["58"] == "VN"
    assert vietqr.parse(fields["62"]) == {"08": "nhan tien"}
    assert fields["63"] == "D1EF"
    assert vietqr.crc_ok(SPEC_EXAMPLE)


# A code a bank app accepted, published as a test vector: VietinBank (970415), 120.000 ₫.
BANK_SAMPLE = ("00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
               "530370454061200005802VN62170813ung ho lu lut6304C15C")


@pytest.mark.parametrize("expected,args", [
    (SPEC_EXAMPLE, ("970436", "0011001800879", 100000, "nhan tien")),
    (BANK_SAMPLE, ("970415", "0011001932418", 120000, "ung ho lu lut")),
])
def test_builder_reproduces_published_examples_exactly(expected, args):
    assert vietqr.crc_ok(expected)
    assert vietqr.payload(*args) == expected


def test_crc_is_ccitt_false():
    assert vietqr.crc16_ccitt_false("123456789") == "29B1"  # the CRC catalogue's check value


def test_a_changed_amount_breaks_the_crc():
    tampered = SPEC_EXAMPLE.replace("5406100000", "5406900000")
    assert not vietqr.crc_ok(tampered)


def test_order_payload_carries_the_reference_as_purpose():
    text = vietqr.payload("970415", "113366668888", 1_250_000, "HY000123")
    fields = vietqr.parse(text)
    assert fields["54"] == "1250000"
    assert vietqr.parse(fields["62"])["08"] == "HY000123"
    assert vietqr.crc_ok(text)


def test_purpose_is_plain_ascii_within_25_characters():
    text = vietqr.payload("970415", "113366668888", 5000, "Thanh toán đơn HY000123 — Đông Tảo xyz")
    purpose = vietqr.parse(vietqr.parse(text)["62"])["08"]
    assert purpose.isascii() and len(purpose) <= 25
    assert purpose.startswith("Thanh toan don HY000123")


def test_without_amount_the_code_is_static():
    fields = vietqr.parse(vietqr.payload("970415", "113366668888"))
    assert fields["01"] == "11" and "54" not in fields


@pytest.mark.parametrize("bank_bin,account", [("97043", "123456"), ("970436", ""),
                                              ("970436", "12345678901234567890")])
def test_bad_bank_details_are_refused(bank_bin, account):
    with pytest.raises(ValueError):
        vietqr.payload(bank_bin, account, 1000, "HY000123")


def test_svg_drawing():
    drawing = vietqr.svg(SPEC_EXAMPLE)
    assert drawing.startswith("<svg") and "VietQR" in drawing

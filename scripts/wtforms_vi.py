"""Writes translations/vi/LC_MESSAGES/wtforms.po: Vietnamese for the messages WTForms and
Flask-WTF write themselves ("This field is required.", "Invalid email address."…).

WTForms ships no Vietnamese catalogue; its msgids are English and fixed by the library, so this
catalogue (domain `wtforms`) maps them to Vietnamese, and English mode shows the msgids as they
are. Run it again after upgrading WTForms: tests/core/test_form_messages.py fails while a message of
the installed WTForms has no Vietnamese here.

    .venv/bin/python scripts/wtforms_vi.py
"""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from wtforms.i18n import messages_path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "translations/vi/LC_MESSAGES/wtforms.po"

VI = {
    "Invalid field name '%s'.": "Tên trường không hợp lệ: '%s'.",
    "Field must be equal to %(other_name)s.": "Trường này phải giống %(other_name)s.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Phải có đúng %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.":
        "Độ dài phải từ %(min)d đến %(max)d ký tự.",
    "Number must be at least %(min)s.": "Số nhỏ nhất được nhận là %(min)s.",
    "Number must be at most %(max)s.": "Số lớn nhất được nhận là %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải từ %(min)s đến %(max)s.",
    "Date must be at least %(min)s.": "Ngày phải từ %(min)s trở đi.",
    "Date must be at most %(max)s.": "Ngày không được sau %(max)s.",
    "Date must be between %(min)s and %(max)s.": "Ngày phải từ %(min)s đến %(max)s.",
    "This field is required.": "Không được để trống ô này.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Invalid email address.": "Địa chỉ email không hợp lệ.",
    "Invalid IP address.": "Địa chỉ IP không hợp lệ.",
    "Invalid Mac address.": "Địa chỉ MAC không hợp lệ.",
    "Invalid URL.": "Địa chỉ web (URL) không hợp lệ.",
    "Invalid UUID.": "Mã UUID không hợp lệ.",
    "Invalid value, must be one of: %(values)s.":
        "Giá trị không hợp lệ, phải là một trong: %(values)s.",
    "Invalid value, can't be any of: %(values)s.":
        "Giá trị không hợp lệ, không được là: %(values)s.",
    "This field cannot be edited.": "Không được sửa ô này.",
    "This field is disabled and cannot have a value.": "Ô này đã khoá, không nhận giá trị.",
    "Invalid CSRF Token.": "Mã bảo vệ của biểu mẫu không hợp lệ; hãy tải lại trang.",
    "CSRF token missing.": "Thiếu mã bảo vệ của biểu mẫu; hãy tải lại trang.",
    "CSRF failed.": "Biểu mẫu không qua được kiểm tra bảo vệ; hãy tải lại trang.",
    "CSRF token expired.": "Mã bảo vệ của biểu mẫu đã hết hạn; hãy tải lại trang.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Choices cannot be None.": "Chưa có danh sách lựa chọn.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.":
        "Có lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.":
        "'%(value)s' không phải là lựa chọn hợp lệ.",
    "Not a valid datetime value.": "Ngày giờ không hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Not a valid week value.": "Tuần không hợp lệ.",
    "Not a valid integer value.": "Hãy nhập một số nguyên.",
    "Not a valid decimal value.": "Hãy nhập một số.",
    "Not a valid float value.": "Hãy nhập một số.",
    # Flask-WTF's file validators
    "File does not have an approved extension: {extensions}":
        "Loại tệp này không được nhận; chỉ nhận: {extensions}",
    "File does not have an approved extension.": "Loại tệp này không được nhận.",
}


def main() -> None:
    with open(Path(messages_path()) / "wtforms.pot", "rb") as handle:
        template = read_po(handle)
    catalog = Catalog(locale="vi", domain="wtforms", project="Sàn TMĐT Hưng Yên",
                      fuzzy=False)
    missing = []
    for message in template:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key not in VI:
            missing.append(key)
            continue
        # Vietnamese has one plural form
        catalog.add(message.id, (VI[key],) if isinstance(message.id, tuple) else VI[key])
    for key in ("File does not have an approved extension: {extensions}",
                "File does not have an approved extension."):
        catalog.add(key, VI[key])
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)
    if missing:
        raise SystemExit("no Vietnamese for: " + "; ".join(missing))


if __name__ == "__main__":
    main()

"""Photos: real images re-encoded without EXIF; bombs, non-images and oversized files refused,
nothing left behind."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.conftest import post_form
from trading_floor.catalog.images import PhotoError, prepare_photo
from trading_floor.catalog.models import ListingImage


def png_bomb(width: int = 20000, height: int = 20000) -> bytes:
    """A tiny PNG whose header claims 400 megapixels (the classic decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 16)  # a few rows: it is the claim that matters
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def uploads(app) -> list[Path]:
    return sorted((Path(app.config["UPLOAD_DIR"]) / "listings").glob("*"))


def test_jpeg_png_webp_reencoded_without_exif(app, photo):
    for fmt in ("JPEG", "PNG", "WEBP"):
        prepared = prepare_photo(photo(fmt, exif=(fmt == "JPEG")), f"a.{fmt.lower()}")
        with Image.open(io.BytesIO(prepared.full)) as image:
            assert image.format == "JPEG" and not image.getexif()
        with Image.open(io.BytesIO(prepared.thumb)) as thumb:
            assert thumb.width <= 480
    big = prepare_photo(photo("JPEG", size=(3000, 2000)))
    assert (big.width, big.height) == (1600, 1067)


@pytest.mark.parametrize("content, words", [
    (b"%PDF-1.4 not an image", "không phải ảnh"),
    (b"GIF89a" + b"\x00" * 100, "không phải ảnh"),
    (b"", "rỗng"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "không phải ảnh"),  # a truncated JPEG
])
def test_non_images_refused(app, content, words):
    with pytest.raises(PhotoError) as error:
        prepare_photo(content, "x.jpg")
    assert words in str(error.value)


def test_gif_refused_even_if_valid(app):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(PhotoError):
        prepare_photo(buffer.getvalue())


def test_decompression_bomb_refused(app):
    with pytest.raises(PhotoError) as error:
        prepare_photo(png_bomb(), "bom.png")
    assert "bom giải nén" in str(error.value)
    # between the limit and twice the limit Pillow only warns: refused as well
    with pytest.raises(PhotoError):
        prepare_photo(png_bomb(7000, 7000), "bom2.png")


def test_oversized_file_refused(app):
    with pytest.raises(PhotoError) as error:
        prepare_photo(b"\xff\xd8" + b"\x00" * (5 * 1024 * 1024 + 10))
    assert "5 MB" in str(error.value)


def test_bad_photo_in_the_form_leaves_nothing_behind(client, db, app, login_as, verified_owner,
                                                     category, photo):
    owner, enterprise = verified_owner()
    login_as(owner)
    data = {"title": "Gà Đông Tảo", "category": str(category.id), "unit": "con", "moq": "1",
            "availability": "in_stock", "save": "1",
            "photos": [(io.BytesIO(photo()), "tot.jpg"), (io.BytesIO(png_bomb()), "bom.png")]}
    response = post_form(client, "/gian-hang/san-pham/moi", data,
                         content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "bom giải nén" in page
    assert db.session.scalar(select(func.count()).select_from(ListingImage)) == 0
    from trading_floor.catalog.models import Listing

    assert db.session.scalar(select(func.count()).select_from(Listing)) == 0
    assert uploads(app) == []


def test_at_most_eight_photos(client, db, app, login_as, verified_owner, make_listing, photo):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise)
    login_as(owner)
    url = f"/gian-hang/san-pham/{listing.id}"
    base = {"title": listing.title, "category": str(listing.category_id), "unit": "kg",
            "moq": "1", "availability": "in_stock", "save": "1"}
    post_form(client, url, {**base, "photos": [(io.BytesIO(photo()), f"{i}.jpg")
                                               for i in range(6)]},
              content_type="multipart/form-data")
    assert len(uploads(app)) == 12  # six photos and their thumbnails
    response = post_form(client, url, {**base, "photos": [(io.BytesIO(photo()), f"{i}.jpg")
                                                          for i in range(3)]},
                         content_type="multipart/form-data")
    assert "tối đa 8 ảnh" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(listing.images) == 6 and len(uploads(app)) == 12

"""Listing photos: verified with Pillow, re-encoded (EXIF and the rest dropped), thumbnailed.

Files are stored under server-generated names in UPLOAD_DIR/listings/: `<token>.jpg` (at most
1600 px) and `<token>-t.jpg` (the thumbnail). Nothing a user sent is written to disk as such.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 8
# 40 megapixels: far above any phone photo; a larger canvas is a decompression bomb to refuse
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG", "PNG", "WEBP"}
FULL_SIZE = 1600
THUMB_SIZE = 480
ACCEPT = ".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"


class PhotoError(ValueError):
    """A photo the floor refuses; str() says why, in Vietnamese."""


@dataclass
class PreparedPhoto:
    full: bytes
    thumb: bytes
    width: int
    height: int


def prepare_photo(content: bytes, name: str = "") -> PreparedPhoto:
    """Checks and re-encodes one upload in memory; raises PhotoError with a clear reason."""
    label = name or _("ảnh")
    if not content:
        raise PhotoError(_("%(f)s: tệp rỗng.", f=label))
    if len(content) > MAX_BYTES:
        raise PhotoError(_("%(f)s: ảnh lớn quá 5 MB.", f=label))
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    bomb = _("%(f)s: ảnh có kích thước điểm ảnh quá lớn (nghi là «bom giải nén»), sàn không "
             "nhận. Hãy gửi ảnh dưới 40 megapixel.", f=label)
    not_image = _("%(f)s: không phải ảnh JPEG, PNG hoặc WebP, hoặc tệp ảnh bị hỏng.", f=label)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                if probe.format not in FORMATS:
                    raise PhotoError(not_image)
                if probe.width * probe.height > MAX_PIXELS:
                    raise PhotoError(bomb)
                probe.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                image = _flatten(image)
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoError(bomb) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise PhotoError(not_image) from error
    image.thumbnail((FULL_SIZE, FULL_SIZE))
    full = _jpeg(image, 85)
    thumb_image = image.copy()
    thumb_image.thumbnail((THUMB_SIZE, THUMB_SIZE))
    return PreparedPhoto(full=full, thumb=_jpeg(thumb_image, 80), width=image.width,
                         height=image.height)


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background (a transparent PNG logo stays readable as JPEG)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)  # no EXIF
    return buffer.getvalue()


def photo_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "listings"
    path.mkdir(parents=True, exist_ok=True)
    return path


def thumb_name(filename: str) -> str:
    return filename.replace(".jpg", "-t.jpg")


def store(photo: PreparedPhoto) -> str:
    """Writes both files under a fresh random name; returns the name of the full-size file."""
    filename = f"{secrets.token_urlsafe(18)}.jpg"
    directory = photo_dir()
    try:
        (directory / filename).write_bytes(photo.full)
        (directory / thumb_name(filename)).write_bytes(photo.thumb)
    except OSError:
        remove(filename)
        raise
    return filename


def remove(filename: str) -> None:
    """Deletes a photo and its thumbnail (missing files are fine: the goal is that none is left)."""
    directory = photo_dir()
    for name in (filename, thumb_name(filename)):
        (directory / name).unlink(missing_ok=True)

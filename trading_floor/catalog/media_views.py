"""Serves listing photos (blueprint `media`): public ones with long cache headers.

Names are random, and a photo of a listing that is not public is served only to the members of
its enterprise and to officers (privately cached), so a draft's photos do not leak.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, send_from_directory, url_for
from flask_login import current_user
from sqlalchemy import select

from trading_floor import policy
from trading_floor.catalog.images import photo_dir
from trading_floor.catalog.models import ListingImage
from trading_floor.catalog.visibility import is_public
from trading_floor.extensions import db

bp = Blueprint("media", __name__)
NAME = re.compile(r"[A-Za-z0-9_-]{24}(-t)?\.jpg")
YEAR = 365 * 24 * 3600


@bp.route("/anh/<name>")
def photo(name: str):
    if not NAME.fullmatch(name):
        abort(404)
    image = db.session.scalar(select(ListingImage).where(
        ListingImage.filename == name.replace("-t.jpg", ".jpg")))
    if image is None:
        abort(404)
    listing = image.listing
    public = is_public(listing)
    if not public and not (policy.can_manage_listings(current_user, listing.enterprise_id)
                           or policy.can_moderate(current_user)):
        abort(404)
    response = send_from_directory(photo_dir(), name, max_age=YEAR if public else 0,
                                   conditional=True)
    if public:  # a name never gets other content: caches may keep it for a year
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.app_template_global()
def photo_url(image: ListingImage, thumb: bool = False) -> str:
    """URL of a listing photo (thumb=True: the small version for cards and lists)."""
    name = image.filename.replace(".jpg", "-t.jpg") if thumb else image.filename
    return url_for("media.photo", name=name)

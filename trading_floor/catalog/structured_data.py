"""schema.org Product / Offer JSON-LD of a listing, for search engines and partner floors."""

from __future__ import annotations

import json
from datetime import date

from markupsafe import Markup

from trading_floor.catalog.models import Listing

SCHEMA = "https://schema.org/"
OCOP_STARS = {"OCOP3": 3, "OCOP4": 4, "OCOP5": 5}


def in_season(listing: Listing, today: date | None = None) -> bool:
    """Whether a seasonal listing is in season this month (a season may wrap the new year)."""
    if listing.availability != "seasonal" or not (listing.season_from and listing.season_to):
        return True
    month = (today or date.today()).month
    start, end = listing.season_from, listing.season_to
    return start <= month <= end if start <= end else month >= start or month <= end


def availability_url(listing: Listing) -> str:
    if listing.availability == "made_to_order":
        return SCHEMA + "MadeToOrder"
    if listing.availability == "seasonal" and not in_season(listing):
        return SCHEMA + "PreOrder"
    return SCHEMA + "InStock"


def _quantity(min_value: int, unit: str) -> dict:
    return {"@type": "QuantitativeValue", "minValue": min_value, "unitText": unit}


def listing_jsonld(listing: Listing, url: str, seller_url: str,
                   image_urls: list[str] | None = None) -> dict:
    """The Product with its Offer; a "liên hệ" listing has an Offer without any price."""
    enterprise = listing.enterprise
    address = {"@type": "PostalAddress", "streetAddress": enterprise.address,
               "addressRegion": "Hưng Yên", "addressCountry": "VN"}
    if enterprise.commune is not None:
        address["addressLocality"] = enterprise.commune.name
    seller = {"@type": "Organization", "name": enterprise.name, "taxID": enterprise.code,
              "url": seller_url, "address": address}
    if enterprise.phone:
        seller["telephone"] = enterprise.phone
    if enterprise.email:
        seller["email"] = enterprise.email
    offer: dict = {
        "@type": "Offer", "url": url, "priceCurrency": "VND",
        "availability": availability_url(listing),
        "eligibleQuantity": _quantity(listing.moq, listing.unit),
        "seller": seller,
    }
    if listing.price_vnd is not None:
        offer["price"] = listing.price_vnd
        tiers = [{"@type": "UnitPriceSpecification", "price": listing.price_vnd,
                  "priceCurrency": "VND", "unitText": listing.unit,
                  "eligibleQuantity": _quantity(listing.moq, listing.unit)}]
        for quantity, price in listing.tiers or []:
            tiers.append({"@type": "UnitPriceSpecification", "price": int(price),
                          "priceCurrency": "VND", "unitText": listing.unit,
                          "eligibleQuantity": _quantity(int(quantity), listing.unit)})
        offer["priceSpecification"] = tiers
    product: dict = {
        "@context": "https://schema.org", "@type": "Product", "name": listing.title,
        "sku": listing.sku, "url": url, "category": listing.category.name_vi, "offers": offer,
        "brand": {"@type": "Brand", "name": enterprise.name},
    }
    if listing.description:
        product["description"] = listing.description[:5000]
    if image_urls:
        product["image"] = image_urls
    stars = [OCOP_STARS[c] for c in listing.cert_codes if c in OCOP_STARS]
    if stars:
        product["award"] = f"OCOP {max(stars)} sao"
    return product


def embed(data: dict) -> Markup:
    """JSON safe inside <script>: no '</script>', '<!--' or '&' can end or confuse the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 (escaped above for the script context)

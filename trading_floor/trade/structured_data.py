"""schema.org Demand JSON-LD of a request for quotation: what is wanted, how much, where, until
when. The buyer's name and contacts stay out (a partner reads the request, then answers here)."""

from __future__ import annotations

from trading_floor.i18n import to_local
from trading_floor.trade.models import Rfq


def demand_jsonld(rfq: Rfq, url: str, is_open: bool) -> dict:
    demand: dict = {
        "@context": "https://schema.org", "@type": "Demand", "name": rfq.title, "url": url,
        "itemOffered": {"@type": "Product", "name": rfq.title, "category": rfq.category.name_vi},
        "eligibleQuantity": {"@type": "QuantitativeValue", "value": rfq.quantity,
                             "unitText": rfq.unit},
        "availabilityStarts": to_local(rfq.created_at).isoformat(),
        "availabilityEnds": to_local(rfq.deadline).isoformat(),
        "availability": "https://schema.org/" + ("InStock" if is_open else "Discontinued"),
    }
    if rfq.description:
        demand["description"] = rfq.description[:5000]
    if rfq.target_price_vnd:
        demand["priceSpecification"] = {"@type": "UnitPriceSpecification",
                                        "price": rfq.target_price_vnd, "priceCurrency": "VND",
                                        "unitText": rfq.unit}
    place = ", ".join(p for p in (rfq.delivery_place,
                                  rfq.delivery_commune.name if rfq.delivery_commune else "") if p)
    if place:
        demand["areaServed"] = {"@type": "Place", "name": place,
                                "address": {"@type": "PostalAddress", "addressRegion": "Hưng Yên",
                                            "addressCountry": "VN"}}
    return demand

"""The SQL of the postgres search backend (with postgres_backend.py and postgres_bitmaps.py, the
only modules writing search SQL): the index tables and their indexes, the upserts of analysed
documents, and the tsquery expressions and filter conditions of one search.

Tsvectors are built from analysis.py's tokens (already NFC-normalised, lowercased and
tokenised): `tsv_exact` ('simple' configuration: accents kept; no description), `tsv_folded`
(`floor_folded`: the `unaccent` dictionary, whose default rules also map đ to d, then 'simple')
and `tsv_title`. Sections carry weights A–D (title, category and certifications, enterprise,
description). User text only ever reaches SQL as bound parameters of plainto_tsquery /
phraseto_tsquery.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy.engine import Connection

from trading_floor.search import analysis
from trading_floor.search import postgres_bitmaps as bitmaps
from trading_floor.search.backend import (
    EnterpriseDocument,
    Filters,
    ListingDocument,
)

WEIGHTS = "'{0.1, 0.3, 0.5, 1.0}'"  # D description, C enterprise, B category+certs, A title
LISTING_TABLE = """CREATE TABLE {name} (
    listing_id integer PRIMARY KEY, enterprise_id integer NOT NULL, category_id integer NOT NULL,
    commune_code integer, price_vnd bigint, moq integer NOT NULL, cert_mask integer NOT NULL,
    published_at timestamp, title text NOT NULL,
    tsv_exact tsvector NOT NULL, tsv_folded tsvector NOT NULL, tsv_title tsvector NOT NULL)"""
LISTING_INDEXES = [
    "CREATE INDEX {name}_folded_gin ON {name} USING gin (tsv_folded)",
    "CREATE INDEX {name}_exact_gin ON {name} USING gin (tsv_exact)",
    "CREATE INDEX {name}_title_gin ON {name} USING gin (tsv_title)",
    # the sorted pages walk these in order and stop after one page (a common word matches most
    # rows): each matches its ORDER BY exactly, NULLS and tie-breaker included
    "CREATE INDEX {name}_newest ON {name} (published_at DESC NULLS LAST, listing_id DESC)",
    "CREATE INDEX {name}_price_up ON {name} (price_vnd ASC NULLS LAST, listing_id)",
    "CREATE INDEX {name}_price_down ON {name} (price_vnd DESC NULLS LAST, listing_id)",
]
ORDERS = {"newest": "published_at DESC NULLS LAST, listing_id DESC",
          "price_asc": "price_vnd ASC NULLS LAST, listing_id",
          "price_desc": "price_vnd DESC NULLS LAST, listing_id"}
ENTERPRISE_TABLE = """CREATE TABLE {name} (
    enterprise_id integer PRIMARY KEY, commune_code integer, sector varchar(1),
    tsv_exact tsvector NOT NULL, tsv_folded tsvector NOT NULL)"""
ENTERPRISE_INDEXES = ["CREATE INDEX {name}_folded_gin ON {name} USING gin (tsv_folded)"]


def _tsv(config: str, prefix: str, weights: str = "ABCD") -> str:
    """SQL of a weighted tsvector from bound section parameters (one per weight)."""
    return " || ".join(f"setweight(to_tsvector('{config}', :{prefix}{i}), '{w}')"
                       for i, w in enumerate(weights))


LISTING_INSERT = f"""INSERT INTO {{name}} (listing_id, enterprise_id, category_id, commune_code,
    price_vnd, moq, cert_mask, published_at, title, tsv_exact, tsv_folded, tsv_title)
  VALUES (:listing_id, :enterprise_id, :category_id, :commune_code, :price_vnd, :moq, :cert_mask,
    :published_at, :title, {_tsv('simple', 's', 'ABC')}, {_tsv('floor_folded', 's')},
    to_tsvector('floor_folded', :s0))
  ON CONFLICT (listing_id) DO UPDATE SET enterprise_id = EXCLUDED.enterprise_id,
    category_id = EXCLUDED.category_id, commune_code = EXCLUDED.commune_code,
    price_vnd = EXCLUDED.price_vnd, moq = EXCLUDED.moq, cert_mask = EXCLUDED.cert_mask,
    published_at = EXCLUDED.published_at, title = EXCLUDED.title,
    tsv_exact = EXCLUDED.tsv_exact, tsv_folded = EXCLUDED.tsv_folded,
    tsv_title = EXCLUDED.tsv_title"""
ENTERPRISE_INSERT = f"""INSERT INTO {{name}} (enterprise_id, commune_code, sector, tsv_exact,
    tsv_folded)
  VALUES (:enterprise_id, :commune_code, :sector, {_tsv('simple', 's')},
    {_tsv('floor_folded', 's')})
  ON CONFLICT (enterprise_id) DO UPDATE SET commune_code = EXCLUDED.commune_code,
    sector = EXCLUDED.sector, tsv_exact = EXCLUDED.tsv_exact, tsv_folded = EXCLUDED.tsv_folded"""
PREFIX_PATTERN = re.compile(r"^[a-z0-9]{2,40}$")


def _sections(sections: Iterable[str]) -> dict[str, str]:
    # analysed words joined by spaces, so PostgreSQL's parser sees exactly our tokens
    return {f"s{i}": " ".join(analysis.words(section)) for i, section in enumerate(sections)}


def listing_row(doc: ListingDocument) -> dict:
    return {"listing_id": doc.listing_id, "enterprise_id": doc.enterprise_id,
            "category_id": doc.category_id, "commune_code": doc.commune_code,
            "price_vnd": doc.price_vnd, "moq": doc.moq, "cert_mask": doc.cert_mask,
            "published_at": doc.published_at, "title": doc.title, **_sections(doc.sections)}


def enterprise_row(doc: EnterpriseDocument) -> dict:
    return {"enterprise_id": doc.enterprise_id, "commune_code": doc.commune_code,
            "sector": doc.sector[:1] or None, **_sections(doc.sections)}


def bitmap_keys(connection: Connection, doc: ListingDocument, row: dict) -> set[str]:
    """The bitmap keys of a listing (its words as PostgreSQL folds them: see postgres_bitmaps)."""
    sections = [row[f"s{i}"] for i in range(len(doc.sections))]
    title = bitmaps.lexemes(connection, sections[:1])  # each section's words folded once
    return bitmaps.document_keys(doc, title | bitmaps.lexemes(connection, sections[1:]), title)


class QuerySQL:
    """The tsquery expressions and filter conditions of one search, as SQL with bound params."""

    def __init__(self, terms: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]):
        self.params: dict = {}
        parts = []
        for i, term in enumerate(terms):
            self.params[f"t{i}"] = term
            parts.append(f"plainto_tsquery('floor_folded', :t{i})")
        for i, phrase in enumerate(phrases):
            self.params[f"p{i}"] = " ".join(phrase)
            parts.append(f"phraseto_tsquery('floor_folded', :p{i})")
        self.folded = " && ".join(parts) if parts else None
        accented = [(i, t) for i, t in enumerate(terms) if analysis.fold(t) != t]
        # a word typed without diacritics may mean any spelling: no accent-exact bonus then
        self.exact = " || ".join(f"plainto_tsquery('simple', :t{i})" for i, _ in accented) or None
        words = list(terms) + [w for p in phrases for w in p]
        self.phrase = None
        if len(set(words)) > 1:
            self.params["all_words"] = " ".join(words)
            self.phrase = "phraseto_tsquery('floor_folded', :all_words)"

    def where(self, filters: Filters, skip: str | None = None, words: bool = True) -> str:
        conditions = [f"tsv_folded @@ ({self.folded})"] if self.folded and words else []
        params = self.params
        if filters.category_ids is not None and skip != "category":
            params["categories"] = sorted(filters.category_ids)
            conditions.append("category_id = ANY(:categories)")
        if filters.commune_code is not None and skip != "commune":
            params["commune"] = filters.commune_code
            conditions.append("commune_code = :commune")
        if filters.cert_bit is not None and skip != "cert":
            params["cert_bit"] = filters.cert_bit
            conditions.append("(cert_mask & :cert_bit) <> 0")
        if filters.price_min is not None:
            params["price_min"] = filters.price_min
            conditions.append("price_vnd >= :price_min")
        if filters.price_max is not None:
            params["price_max"] = filters.price_max
            conditions.append("price_vnd <= :price_max")
        if filters.moq_max is not None:
            params["moq_max"] = filters.moq_max
            conditions.append("moq <= :moq_max")
        return " AND ".join(conditions) or "TRUE"

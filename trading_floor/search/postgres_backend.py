"""The scale-out search backend: PostgreSQL full-text search (the only module writing search SQL).

Several app nodes share one database, so the index lives there, in the tables `search_listings`
and `search_enterprises` of the migrations: tsvectors with GIN indexes, written in the
transaction that changes the listing (indexing.py calls the backend with that transaction's
connection). A search is one `ORDER BY rank LIMIT` over every match; the total is counted up
to COUNT_CAP and the facets are one GROUP BY (GROUPING SETS) over the matches.

Tsvectors are built from analysis.py's words (already NFC, lowercased and split): `tsv_exact`
('simple': accents kept; no description), `tsv_folded` (`floor_folded`: `unaccent`, which also
maps đ to d, then 'simple') and `tsv_title`. Sections carry weights A–D (title, category and
certifications, enterprise, description). User text only ever reaches SQL as bound parameters.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from trading_floor.extensions import db
from trading_floor.search import analysis
from trading_floor.search.backend import (
    COUNT_CAP,
    EnterpriseQuery,
    Facets,
    Filters,
    IndexUnavailable,
    ListingDocument,
    SearchBackend,
    SearchHits,
    SearchQuery,
    Words,
)

UNDEFINED_TABLE = "42P01"
WEIGHTS = "'{0.1, 0.3, 0.5, 1.0}'"  # D description, C enterprise, B category+certs, A title
LISTINGS, ENTERPRISES = "search_listings", "search_enterprises"
ORDERS = {"newest": "published_at DESC NULLS LAST, listing_id DESC",
          "price_asc": "price_vnd ASC NULLS LAST, listing_id",
          "price_desc": "price_vnd DESC NULLS LAST, listing_id"}
PREFIX_PATTERN = re.compile(r"^[a-z0-9]{2,40}$")


def _tsv(config: str, weights: str = "ABCD") -> str:
    """SQL of a weighted tsvector from bound section parameters (one per weight)."""
    return " || ".join(f"setweight(to_tsvector('{config}', :s{i}), '{w}')"
                       for i, w in enumerate(weights))


LISTING_UPSERT = f"""INSERT INTO {LISTINGS} (listing_id, enterprise_id, category_id, commune_code,
    price_vnd, moq, cert_mask, published_at, title, tsv_exact, tsv_folded, tsv_title)
  VALUES (:listing_id, :enterprise_id, :category_id, :commune_code, :price_vnd, :moq, :cert_mask,
    :published_at, :title, {_tsv('simple', 'ABC')}, {_tsv('floor_folded')},
    to_tsvector('floor_folded', :s0))
  ON CONFLICT (listing_id) DO UPDATE SET enterprise_id = EXCLUDED.enterprise_id,
    category_id = EXCLUDED.category_id, commune_code = EXCLUDED.commune_code,
    price_vnd = EXCLUDED.price_vnd, moq = EXCLUDED.moq, cert_mask = EXCLUDED.cert_mask,
    published_at = EXCLUDED.published_at, title = EXCLUDED.title,
    tsv_exact = EXCLUDED.tsv_exact, tsv_folded = EXCLUDED.tsv_folded,
    tsv_title = EXCLUDED.tsv_title"""
ENTERPRISE_UPSERT = f"""INSERT INTO {ENTERPRISES} (enterprise_id, commune_code, sector,
    tsv_exact, tsv_folded)
  VALUES (:enterprise_id, :commune_code, :sector, {_tsv('simple')}, {_tsv('floor_folded')})
  ON CONFLICT (enterprise_id) DO UPDATE SET commune_code = EXCLUDED.commune_code,
    sector = EXCLUDED.sector, tsv_exact = EXCLUDED.tsv_exact, tsv_folded = EXCLUDED.tsv_folded"""


def _sections(sections: Iterable[str]) -> dict[str, str]:
    # analysed words joined by spaces, so PostgreSQL's parser sees exactly our tokens
    return {f"s{i}": " ".join(analysis.words(section)) for i, section in enumerate(sections)}


def _listing_row(doc: ListingDocument) -> dict:
    return {"listing_id": doc.listing_id, "enterprise_id": doc.enterprise_id,
            "category_id": doc.category_id, "commune_code": doc.commune_code,
            "price_vnd": doc.price_vnd, "moq": doc.moq, "cert_mask": doc.cert_mask,
            "published_at": doc.published_at, "title": doc.title, **_sections(doc.sections)}


class QuerySQL:
    """The tsquery expressions of one search, as SQL with bound parameters."""

    def __init__(self, words: Words):
        self.params: dict = {}
        terms = []
        for i, alternatives in enumerate(words.terms):
            parts = []
            for j, alternative in enumerate(alternatives):
                self.params[f"t{i}_{j}"] = alternative
                parts.append(f"phraseto_tsquery('floor_folded', :t{i}_{j})")
            terms.append(f"({' || '.join(parts)})")
        phrases = []
        for i, phrase in enumerate(words.phrases):
            self.params[f"p{i}"] = " ".join(phrase)
            phrases.append(f"phraseto_tsquery('floor_folded', :p{i})")
        self.everything = " && ".join(terms + phrases) or None
        if len(terms) >= 3:  # every word but one: any of the conjunctions leaving one out
            relaxed = " || ".join("(" + " && ".join(terms[:n] + terms[n + 1:]) + ")"
                                  for n in range(len(terms)))
            self.needed = " && ".join([f"({relaxed})", *phrases])
        else:
            self.needed = self.everything
        self.exact = None
        for i, word in enumerate(words.accented):
            self.params[f"x{i}"] = word
        if words.accented:  # a word typed without diacritics may mean any spelling: no bonus
            self.exact = " || ".join(f"plainto_tsquery('simple', :x{i})"
                                     for i in range(len(words.accented)))
        self.typed = None
        if words.unaccented_synonymous:  # the typed words above synonyms and typos
            self.params["typed"] = " ".join(words.unaccented_synonymous)
            self.typed = "plainto_tsquery('floor_folded', :typed)"
        self.phrase = None
        if len(set(words.plain)) > 1:
            self.params["all_words"] = " ".join(words.plain)
            self.phrase = "phraseto_tsquery('floor_folded', :all_words)"

    def rank(self, title: str = "s.tsv_title") -> str:
        rank = f"ts_rank({WEIGHTS}, s.tsv_folded, {self.needed})"
        if self.exact:
            rank += f" + 2 * ts_rank({WEIGHTS}, s.tsv_exact, {self.exact})"
        if self.typed:
            rank += f" + ts_rank({WEIGHTS}, s.tsv_folded, {self.typed})"
        if self.phrase:  # a phrase in the title counts most
            rank = (f"({rank}) * (CASE WHEN {title} @@ {self.phrase} THEN 2.0 "
                    f"WHEN s.tsv_folded @@ {self.phrase} THEN 1.3 ELSE 1.0 END)")
        if self.needed is not self.everything:  # all the words first, then those missing one
            rank = f"(s.tsv_folded @@ ({self.everything}))::int DESC, {rank}"
        return rank

    def where(self, filters: Filters, skip: tuple[str, ...] = ()) -> str:
        conditions = [f"tsv_folded @@ ({self.needed})"] if self.needed else []
        params = self.params
        if filters.category_ids is not None and "category" not in skip:
            params["categories"] = sorted(filters.category_ids)
            conditions.append("category_id = ANY(:categories)")
        if filters.commune_code is not None and "commune" not in skip:
            params["commune"] = filters.commune_code
            conditions.append("commune_code = :commune")
        if filters.cert_bit is not None and "cert" not in skip:
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


class PostgresBackend(SearchBackend):
    name = "postgres"

    def __init__(self):
        self._vocabulary: tuple[float, dict[str, int]] | None = None

    @contextmanager
    def _connection(self, connection=None, write: bool = False):
        """The caller's connection (its transaction), or one of our own; IndexUnavailable when
        the tables of the migrations are missing."""
        if db.engine.dialect.name != "postgresql":
            raise IndexUnavailable("the postgres search backend needs a PostgreSQL database")
        try:
            if connection is not None:
                yield connection
            else:
                with (db.engine.begin() if write else db.engine.connect()) as own:
                    yield own
        except ProgrammingError as error:
            if getattr(error.orig, "sqlstate", None) == UNDEFINED_TABLE:
                raise IndexUnavailable("the search schema is missing: run `flask db upgrade`") \
                    from error
            raise

    def health(self) -> str:
        try:
            with self._connection() as connection:
                if connection.scalar(text("SELECT to_regclass(:t)"), {"t": LISTINGS}) is None:
                    return "error: search index missing: run `flask db upgrade`"
        except IndexUnavailable as error:
            return f"error: search index {error}"
        return "ok"

    # --- writing --------------------------------------------------------------------------------
    def index(self, documents: Iterable[ListingDocument], connection=None) -> None:
        rows = [_listing_row(d) for d in documents]
        if rows:
            with self._connection(connection, write=True) as conn:
                conn.execute(text(LISTING_UPSERT), rows)

    def remove(self, listing_ids: Iterable[int], connection=None) -> None:
        ids = sorted(set(listing_ids))
        if ids:
            with self._connection(connection, write=True) as conn:
                conn.execute(text(f"DELETE FROM {LISTINGS} WHERE listing_id = ANY(:ids)"),
                             {"ids": ids})

    def index_enterprises(self, documents, remove_ids=(), connection=None) -> None:
        rows = [{"enterprise_id": d.enterprise_id, "commune_code": d.commune_code,
                 "sector": d.sector[:1] or None, **_sections(d.sections)} for d in documents]
        ids = sorted(set(remove_ids))
        if not rows and not ids:
            return
        with self._connection(connection, write=True) as conn:
            if ids:
                conn.execute(text(f"DELETE FROM {ENTERPRISES} WHERE enterprise_id = ANY(:ids)"),
                             {"ids": ids})
            if rows:
                conn.execute(text(ENTERPRISE_UPSERT), rows)

    def reindex(self, listings, enterprises, progress=None) -> int:
        """Rewrites both tables in one transaction: searches see the old rows until it commits."""
        count = 0
        with self._connection(write=True) as connection:
            connection.execute(text(f"DELETE FROM {LISTINGS}"))
            connection.execute(text(f"DELETE FROM {ENTERPRISES}"))
            batch: list[ListingDocument] = []
            for document in listings:
                batch.append(document)
                if len(batch) == 1000:
                    self.index(batch, connection)
                    count += len(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            self.index(batch, connection)
            count += len(batch)
            if progress and batch:
                progress(len(batch))
            self.index_enterprises(list(enterprises), connection=connection)
        with self._connection(write=True) as connection:
            connection.execute(text(f"ANALYZE {LISTINGS}"))
        self._vocabulary = None
        return count

    def clear(self) -> None:
        with self._connection(write=True) as connection:
            connection.execute(text(f"TRUNCATE {LISTINGS}, {ENTERPRISES}"))
        self._vocabulary = None

    # --- reading --------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchHits:
        sql = QuerySQL(query.words)
        where = sql.where(query.filters)
        facets = Facets()
        with self._connection() as connection:
            if query.facets:
                total = self._count_and_facets(connection, sql, query.filters, facets)
            else:
                total = connection.scalar(text(
                    f"SELECT count(*) FROM (SELECT 1 FROM {LISTINGS} WHERE {where} "
                    "LIMIT :cap) matched"), {**sql.params, "cap": COUNT_CAP + 1})
            ids: list[int] = []
            if query.limit and total:
                order = (sql.rank() + " DESC, s.listing_id"
                         if sql.needed and query.sort == "relevance"
                         else ORDERS.get(query.sort, ORDERS["newest"]))
                ids = list(connection.scalars(text(
                    f"SELECT s.listing_id FROM {LISTINGS} s WHERE {where} ORDER BY {order} "
                    "LIMIT :limit OFFSET :offset"),
                    {**sql.params, "limit": query.limit, "offset": query.offset}))
        return SearchHits(total=min(total, COUNT_CAP + 1), ids=ids, facets=facets)

    @staticmethod
    def _count_and_facets(connection, sql: QuerySQL, filters: Filters, facets: Facets) -> int:
        """The total and the facet counts in ONE scan of the matches (GROUPING SETS).

        The facet filters (category, commune, cert) are not in the WHERE clause but in FILTER
        clauses of the aggregates: a facet's counts ignore its own filter and apply the others,
        so a click on a value gives exactly its count; the total applies them all."""
        where = sql.where(filters, skip=("category", "commune", "cert"))
        conditions = {}
        if filters.category_ids is not None:
            sql.params["categories"] = sorted(filters.category_ids)
            conditions["category"] = "category_id = ANY(:categories)"
        if filters.commune_code is not None:
            sql.params["commune"] = filters.commune_code
            conditions["commune"] = "commune_code = :commune"
        if filters.cert_bit is not None:
            sql.params["cert_bit"] = filters.cert_bit
            conditions["cert"] = "(cert_mask & :cert_bit) <> 0"

        def counted(skip: str | None) -> str:
            parts = [c for name, c in conditions.items() if name != skip]
            return f"count(*) FILTER (WHERE {' AND '.join(parts)})" if parts else "count(*)"

        statement = f"""
            SELECT GROUPING(category_id, commune_code, cert_mask), category_id, commune_code,
                   cert_mask, {counted('category')}, {counted('commune')}, {counted('cert')},
                   {counted(None)}
              FROM {LISTINGS} WHERE {where}
              GROUP BY GROUPING SETS ((category_id), (commune_code), (cert_mask), ())"""
        total = 0
        for grouping, category, commune, mask, by_category, by_commune, by_cert, all_ in \
                connection.execute(text(statement), sql.params):
            if grouping == 0b011 and by_category:
                facets.category[category] = by_category
            elif grouping == 0b101 and by_commune and commune is not None:
                facets.commune[commune] = by_commune
            elif grouping == 0b110 and by_cert:
                for bit in (1 << b for b in range(16) if mask & (1 << b)):
                    facets.cert[bit] = facets.cert.get(bit, 0) + by_cert
            elif grouping == 0b111:
                total = all_
        return total

    def search_enterprises(self, query: EnterpriseQuery) -> tuple[int, list[int]]:
        sql = QuerySQL(query.words)
        conditions = [f"tsv_folded @@ ({sql.needed})"] if sql.needed else []
        params = {**sql.params, "limit": query.limit, "offset": query.offset}
        if query.commune_code:
            conditions.append("commune_code = :commune")
            params["commune"] = query.commune_code
        if query.sector:
            conditions.append("sector = :sector")
            params["sector"] = query.sector[:1]
        where = " AND ".join(conditions) or "TRUE"
        order = f"{sql.rank(title='s.tsv_folded')} DESC, enterprise_id" if sql.needed else "enterprise_id"
        with self._connection() as connection:
            total = connection.scalar(text(f"SELECT count(*) FROM {ENTERPRISES} WHERE {where}"),
                                      params)
            ids = list(connection.scalars(text(
                f"SELECT enterprise_id FROM {ENTERPRISES} s WHERE {where} ORDER BY {order} "
                "LIMIT :limit OFFSET :offset"), params))
        return total, ids

    def suggest(self, folded_terms, prefix, limit=8) -> list[str]:
        if not PREFIX_PATTERN.match(prefix):
            return []
        parts = [f"plainto_tsquery('floor_folded', :w{i})" for i in range(len(folded_terms))]
        parts.append("to_tsquery('floor_folded', :prefix)")  # prefix is [a-z0-9]+ (checked)
        params = {f"w{i}": w for i, w in enumerate(folded_terms)}
        params["prefix"] = f"{prefix}:*"
        with self._connection() as connection:
            titles = list(connection.scalars(text(
                f"SELECT DISTINCT title FROM (SELECT title FROM {LISTINGS} "
                f"WHERE tsv_title @@ ({' && '.join(parts)}) LIMIT 200) t"), params))
        titles.sort(key=lambda t: (len(t), t))
        return titles[:limit]

    def vocabulary(self) -> dict[str, int]:
        if self._vocabulary and time.monotonic() - self._vocabulary[0] < 300:
            return self._vocabulary[1]
        words: dict[str, int] = {}
        with self._connection() as connection:
            for word, ndoc in connection.execute(text(
                    f"SELECT word, ndoc FROM ts_stat('SELECT tsv_exact FROM {LISTINGS}')")):
                folded = analysis.fold(word)
                if folded != word:
                    words[word] = ndoc
                words[folded] = words.get(folded, 0) + ndoc
        self._vocabulary = (time.monotonic(), words)
        return words

    def indexed_ids(self) -> dict[int, datetime | None]:
        with self._connection() as connection:
            return dict(connection.execute(text(
                f"SELECT listing_id, published_at FROM {LISTINGS}")).all())

"""The scale-out search backend: PostgreSQL full-text search (with postgres_sql.py, its SQL, and
postgres_bitmaps.py, its count bitmaps, the only modules writing search SQL).

Several app nodes share one database, so the index lives there: tables `search_listings`,
`search_enterprises` and `search_listing_bits`, owned by these modules (a derived index like the
Whoosh directory, rebuilt by `search reindex`, hence outside the Alembic schema), tsvectors with
GIN indexes. Plain `ts_rank` over every match of a common word, and counting its ~90k matches
into facets, are what make the tail slow: totals and facet counts of common words come from the
bitmaps, and ranking runs over a bounded candidate set (title matches first).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ProgrammingError

from trading_floor.extensions import db
from trading_floor.search import analysis
from trading_floor.search import postgres_bitmaps as bitmaps
from trading_floor.search.backend import (
    CANDIDATE_CAP,
    CERT_BITS,
    EnterpriseQuery,
    Facets,
    Filters,
    IndexUnavailable,
    ListingDocument,
    SearchBackend,
    SearchHits,
    SearchQuery,
)
from trading_floor.search.postgres_sql import (
    ENTERPRISE_INDEXES,
    ENTERPRISE_INSERT,
    ENTERPRISE_TABLE,
    LISTING_INDEXES,
    LISTING_INSERT,
    LISTING_TABLE,
    ORDERS,
    PREFIX_PATTERN,
    WEIGHTS,
    QuerySQL,
    bitmap_keys,
    enterprise_row,
    listing_row,
)

CHECK_SECONDS = 1.0
UNDEFINED_TABLE = "42P01"
RANK_ALL = CANDIDATE_CAP  # a bitmap-counted search with at most this many matches ranks them all
TITLE_SCAN = 3000  # title matches read to pick the candidates of a filtered search with more


class PostgresBackend(SearchBackend):
    name = "postgres"
    LISTINGS, ENTERPRISES = "search_listings", "search_enterprises"

    def __init__(self, bitmap_min_docs: int = 500):
        self._ready = False
        self._vocabulary: tuple[float, dict[str, int]] | None = None
        self.bitmap_min_docs = bitmap_min_docs  # a word in fewer listings is counted in SQL
        self.mirror = bitmaps.BitmapMirror()
        self._checked: tuple[float, bool] | None = None  # (when, bitmaps exist) of the last check

    # --- schema ---------------------------------------------------------------------------------
    def _ensure(self, connection: Connection) -> None:
        if self._ready:
            return
        if connection.dialect.name != "postgresql":
            raise IndexUnavailable("the postgres search backend needs a PostgreSQL database")
        # the extension and the text search configuration come from the migrations
        if connection.scalar(text("SELECT to_regclass('search_bits_meta')")) is None or \
                not connection.scalar(text("SELECT count(*) FROM pg_ts_config "
                                           "WHERE cfgname = 'floor_folded'")):
            raise IndexUnavailable("the search schema is missing: run `flask db upgrade`")
        for table, ddl, indexes in ((self.LISTINGS, LISTING_TABLE, LISTING_INDEXES),
                                    (self.ENTERPRISES, ENTERPRISE_TABLE, ENTERPRISE_INDEXES)):
            if connection.scalar(text("SELECT to_regclass(:t)"), {"t": table}) is None:
                connection.execute(text(ddl.format(name=table)))
                for statement in indexes:
                    connection.execute(text(statement.format(name=table)))
                if table == self.LISTINGS:  # a fresh, empty index: its (empty) bitmaps too
                    bitmaps.BitmapBuilder(self.bitmap_min_docs).write(
                        connection, f"{bitmaps.TABLE}_new")
                    bitmaps.swap(connection, f"{bitmaps.TABLE}_new")
        self._ready = True

    def _write(self, apply: Callable[[Connection], None]) -> None:
        with db.engine.begin() as connection:
            self._ensure(connection)
            apply(connection)

    def _read(self, fresh: bool = False):
        """A connection to read the index; IndexUnavailable if its tables are missing (checked
        at most once a CHECK_SECONDS per process: a table dropped meanwhile is caught by
        _reading from the error itself)."""
        connection = db.engine.connect()
        checked = self._checked
        if fresh or checked is None or time.monotonic() - checked[0] > CHECK_SECONDS:
            try:
                exists, has_bitmaps = connection.execute(
                    text("SELECT to_regclass(:t), to_regclass(:b)"),
                    {"t": self.LISTINGS, "b": bitmaps.TABLE}).one()
            except Exception:
                connection.close()
                raise
            if exists is None:
                connection.close()
                self._checked = None
                raise IndexUnavailable("missing")
            self._checked = (time.monotonic(), has_bitmaps is not None)
        return connection

    def _bitmaps_ready(self) -> bool:
        """Whether the last check of the tables found the count bitmaps."""
        checked = self._checked
        return checked is not None and checked[1]

    @contextmanager
    def _reading(self):
        connection = self._read()
        try:
            yield connection
        except ProgrammingError as error:
            if getattr(error.orig, "sqlstate", None) == UNDEFINED_TABLE:  # dropped meanwhile
                self._checked = None
                raise IndexUnavailable("missing") from error
            raise
        finally:
            connection.close()

    def health(self) -> str:
        try:
            self._read(fresh=True).close()
        except IndexUnavailable as error:
            return f"error: search index {error}"
        return "ok"

    # --- writing --------------------------------------------------------------------------------
    def index(self, documents: Iterable[ListingDocument]) -> None:
        documents = list(documents)
        rows = [listing_row(d) for d in documents]
        if not rows:
            return

        def apply(connection):
            connection.execute(text(LISTING_INSERT.format(name=self.LISTINGS)), rows)
            self.mirror.apply(connection, {doc.listing_id: bitmap_keys(connection, doc, row)
                                           for doc, row in zip(documents, rows, strict=True)})

        self._write(apply)

    def remove(self, listing_ids: Iterable[int]) -> None:
        ids = sorted(set(listing_ids))
        if not ids:
            return

        def apply(connection):
            connection.execute(text(f"DELETE FROM {self.LISTINGS} WHERE listing_id = ANY(:ids)"),
                               {"ids": ids})
            self.mirror.apply(connection, dict.fromkeys(ids))

        self._write(apply)

    def index_enterprises(self, documents, remove_ids=()) -> None:
        rows, ids = [enterprise_row(d) for d in documents], sorted(set(remove_ids))
        if not rows and not ids:
            return

        def apply(connection):
            if ids:
                connection.execute(text(f"DELETE FROM {self.ENTERPRISES} "
                                        "WHERE enterprise_id = ANY(:ids)"), {"ids": ids})
            if rows:
                connection.execute(text(ENTERPRISE_INSERT.format(name=self.ENTERPRISES)), rows)

        self._write(apply)

    def reindex(self, listings, enterprises, progress=None) -> int:
        """Builds `*_new` tables beside the live ones, then swaps them in one transaction."""
        count = 0
        with db.engine.begin() as connection:
            self._ensure(connection)
            for table, ddl in ((self.LISTINGS, LISTING_TABLE), (self.ENTERPRISES, ENTERPRISE_TABLE)):
                connection.execute(text(f"DROP TABLE IF EXISTS {table}_new"))
                connection.execute(text(ddl.format(name=f"{table}_new")))
        batch: list[dict] = []
        documents: list[ListingDocument] = []
        builder = bitmaps.BitmapBuilder(self.bitmap_min_docs)

        def flush(insert: str, table: str):
            with db.engine.begin() as connection:
                connection.execute(text(insert.format(name=f"{table}_new")), batch)
                for document, row in zip(documents, batch, strict=False):
                    builder.add(document.listing_id, bitmap_keys(connection, document, row))
            batch.clear()
            documents.clear()

        for document in listings:
            batch.append(listing_row(document))
            documents.append(document)
            count += 1
            if len(batch) == 1000:
                flush(LISTING_INSERT, self.LISTINGS)
                if progress:
                    progress(1000)
        if batch:
            if progress:
                progress(len(batch))
            flush(LISTING_INSERT, self.LISTINGS)
        for document in enterprises:
            batch.append(enterprise_row(document))
            if len(batch) == 1000:
                flush(ENTERPRISE_INSERT, self.ENTERPRISES)
        if batch:
            flush(ENTERPRISE_INSERT, self.ENTERPRISES)
        with db.engine.begin() as connection:
            for table, indexes in ((self.LISTINGS, LISTING_INDEXES),
                                   (self.ENTERPRISES, ENTERPRISE_INDEXES)):
                for statement in indexes:  # built after the rows: much faster than row by row
                    connection.execute(text(statement.format(name=f"{table}_new")))
            connection.execute(text(f"ANALYZE {self.LISTINGS}_new"))
            builder.write(connection, f"{bitmaps.TABLE}_new")
        with db.engine.begin() as connection:  # the swap: one short transaction
            bitmaps.swap(connection, f"{bitmaps.TABLE}_new")
            for table, indexes in ((self.LISTINGS, LISTING_INDEXES),
                                   (self.ENTERPRISES, ENTERPRISE_INDEXES)):
                connection.execute(text(f"DROP TABLE IF EXISTS {table}"))
                connection.execute(text(f"ALTER TABLE {table}_new RENAME TO {table}"))
                connection.execute(text(f"ALTER INDEX {table}_new_pkey RENAME TO {table}_pkey"))
                for statement in indexes:
                    index_name = statement.split()[2].format(name=table)
                    old_name = statement.split()[2].format(name=f"{table}_new")
                    connection.execute(text(f"ALTER INDEX {old_name} RENAME TO {index_name}"))
        self._vocabulary = None
        self._checked = None  # the bitmaps may exist only from now on
        return count

    # --- reading --------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchHits:
        sql = QuerySQL(query.terms, query.phrases)
        where = sql.where(query.filters)
        facets = Facets()
        with self._reading() as connection:
            total = matched = None
            folded = tuple(analysis.fold(t) for t in query.terms)
            if self._bitmaps_ready() and not query.phrases:
                self.mirror.sync(connection)
                matched = self.mirror.counts(folded, query.filters,
                                             facets if query.facets else None)
                total = None if matched is None else matched.bit_count()
            if total is None:  # (else counted from the bitmaps)
                if sql.folded:
                    # Counting a word's matches: the planner picks a sequential scan for a word
                    # in most rows, which tests every row's tsvector; the GIN bitmap needs no
                    # recheck for plain words and only reads the facet columns (73 -> 36 ms for
                    # *hàng*). SET LOCAL: this read transaction only.
                    connection.execute(text("SET LOCAL enable_seqscan = off"))
                if query.facets:
                    total = self._count_and_facets(connection, sql, query.filters, facets)
                else:
                    total = connection.scalar(text(
                        f"SELECT count(*) FROM {self.LISTINGS} WHERE {where}"), sql.params)
            ids: list[int] = []
            if query.limit and total and matched is not None and total <= RANK_ALL:
                # few matches (selective filters on common words): rank them all, by id; the
                # SQL way would wade through every match of the words to find them
                ids = self._page(connection, sql, "listing_id = ANY(:ids)", query,
                                 {"ids": bitmaps.members(matched)})
            elif (query.limit and total and matched is not None and sql.folded
                  and query.sort == "relevance"):
                ids = self._page(connection, sql, "listing_id = ANY(:ids)", query, {
                    "ids": self._candidates(connection, sql, folded, matched, query)})
            elif query.limit and total:
                ids = self._page(connection, sql, where, query)
        return SearchHits(total=total, ids=ids, facets=facets)

    def _count_and_facets(self, connection, sql: QuerySQL, filters: Filters,
                          facets: Facets) -> int:
        """The total and the facet counts in ONE scan of the matches (GROUPING SETS).

        The facet filters (category, commune, cert) are not in the WHERE clause but in FILTER
        clauses of the aggregates: a facet's counts ignore its own filter and apply the others,
        so a click on a value gives exactly its count; the total applies them all. A set facet
        filter used to need its own scan of every text match (each ~80 ms for a common word)."""
        dimensions = (("category", "category_id", facets.category),
                      ("commune", "commune_code", facets.commune), ("cert", "cert_mask", None))
        # WHERE: the text and the non-facet filters (price, MOQ), shared by every count
        base = Filters(price_min=filters.price_min, price_max=filters.price_max,
                       moq_max=filters.moq_max)
        where = sql.where(base)
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

        columns = ", ".join(f"{column}, GROUPING({column}), {counted(name)}"
                            for name, column, _ in dimensions)
        sets = ", ".join(f"({column})" for _, column, _ in dimensions)
        rows = connection.execute(text(
            f"SELECT {columns}, {counted(None)} FROM {self.LISTINGS} "
            f"WHERE {where} GROUP BY GROUPING SETS ({sets}, ())"), sql.params).all()
        total = 0
        for row in rows:
            grouped = [i for i in range(len(dimensions)) if not row[3 * i + 1]]
            if not grouped:  # the grand total row
                total = row[-1]
                continue
            i = grouped[0]
            if row[3 * i + 2]:
                self._add(facets, dimensions[i][2], row[3 * i], row[3 * i + 2])
        return total

    @staticmethod
    def _add(facets: Facets, target: dict | None, value, count: int) -> None:
        if value is None:
            return
        if target is not None:
            target[value] = count
            return
        for bit in CERT_BITS.values():
            if value & bit:
                facets.cert[bit] = facets.cert.get(bit, 0) + count

    def _page(self, connection, sql: QuerySQL, where: str, query: SearchQuery,
              ids: dict | None = None) -> list[int]:
        params = {**sql.params, "limit": query.limit, "offset": query.offset, **(ids or {})}
        sort = query.sort if (sql.folded or query.sort != "relevance") else "newest"
        if sort != "relevance":
            order = ORDERS[sort]
            return list(connection.scalars(text(
                f"SELECT listing_id FROM {self.LISTINGS} WHERE {where} ORDER BY {order} "
                "LIMIT :limit OFFSET :offset"), params))
        if ids is not None:  # every match is a candidate
            return list(connection.scalars(text(
                f"SELECT listing_id FROM {self.LISTINGS} s WHERE {where} "
                f"ORDER BY {self._rank(sql)} DESC, s.listing_id LIMIT :limit OFFSET :offset"),
                params))
        params["cap"] = max(CANDIDATE_CAP, query.offset + query.limit)
        filtered = sql.where(query.filters, words=False)
        rank = self._rank(sql)
        # a bounded candidate set: listings with every word in the title first (a title match
        # implies a match, and a common word's title postings are short), topped up with other
        # matches only when the title ones are fewer than the cap (LIMIT 0 never scans them)
        statement = f"""
            WITH titled AS (
              SELECT listing_id FROM {self.LISTINGS} WHERE tsv_title @@ ({sql.folded})
                AND {filtered} LIMIT :cap),
            others AS (
              SELECT listing_id FROM {self.LISTINGS} WHERE {where}
                AND listing_id NOT IN (SELECT listing_id FROM titled)
              LIMIT GREATEST(0, :cap - (SELECT count(*) FROM titled)))
            SELECT s.listing_id FROM {self.LISTINGS} s
              JOIN (SELECT listing_id FROM titled UNION ALL SELECT listing_id FROM others) c
              USING (listing_id)
            ORDER BY {rank} DESC, s.listing_id LIMIT :limit OFFSET :offset"""
        return list(connection.scalars(text(statement), params))

    def _candidates(self, connection, sql: QuerySQL, folded: tuple[str, ...], matched: int,
                    query: SearchQuery) -> list[int]:
        """The bounded candidate set of a bitmap-counted search with many matches: matches with
        every word in the title first (a word's title postings are short), topped up with other
        matches; the bitmap decides what matches, so no SQL wades through the words' postings."""
        cap = max(CANDIDATE_CAP, query.offset + query.limit)
        in_title = self.mirror.in_title(folded)
        if in_title is not None:
            titled = bitmaps.lowest(matched & in_title, cap)
        else:  # a rarer title word: its title postings are short, read them
            # a title match is a match unless a filter rules it out: read more of them then
            scan = cap if query.filters == Filters() else max(cap, TITLE_SCAN)
            is_match = bitmaps.contains(matched)
            titled = [i for i in connection.scalars(text(
                f"SELECT listing_id FROM {self.LISTINGS} WHERE tsv_title @@ ({sql.folded}) "
                "LIMIT :scan"), {**sql.params, "scan": scan}) if is_match(i)][:cap]
        if len(titled) < cap:
            chosen = set(titled)
            titled.extend(i for i in bitmaps.lowest(matched, cap) if i not in chosen)
        return titled[:cap]

    @staticmethod
    def _rank(sql: QuerySQL) -> str:
        rank = f"ts_rank({WEIGHTS}, s.tsv_folded, {sql.folded})"
        if sql.exact:
            rank += f" + 2 * ts_rank({WEIGHTS}, s.tsv_exact, {sql.exact})"
        if sql.phrase:  # a phrase in the title counts most
            rank = (f"({rank}) * (CASE WHEN s.tsv_title @@ {sql.phrase} THEN 2.0 "
                    f"WHEN s.tsv_folded @@ {sql.phrase} THEN 1.3 ELSE 1.0 END)")
        return rank

    def search_enterprises(self, query: EnterpriseQuery) -> tuple[int, list[int]]:
        sql = QuerySQL(query.terms, ())
        conditions = [f"tsv_folded @@ ({sql.folded})"] if sql.folded else []
        params = {**sql.params, "limit": query.limit, "offset": query.offset}
        if query.commune_code:
            conditions.append("commune_code = :commune")
            params["commune"] = query.commune_code
        if query.sector:
            conditions.append("sector = :sector")
            params["sector"] = query.sector[:1]
        where = " AND ".join(conditions) or "TRUE"
        order = (f"ts_rank({WEIGHTS}, tsv_folded, {sql.folded}) DESC, enterprise_id"
                 if sql.folded else "enterprise_id")
        with self._reading() as connection:
            total = connection.scalar(text(f"SELECT count(*) FROM {self.ENTERPRISES} "
                                           f"WHERE {where}"), params)
            ids = list(connection.scalars(text(
                f"SELECT enterprise_id FROM {self.ENTERPRISES} WHERE {where} ORDER BY {order} "
                "LIMIT :limit OFFSET :offset"), params))
        return total, ids

    def suggest(self, folded_terms, prefix, limit=8) -> list[str]:
        if not PREFIX_PATTERN.match(prefix):
            return []
        parts = [f"plainto_tsquery('floor_folded', :w{i})" for i in range(len(folded_terms))]
        parts.append("to_tsquery('floor_folded', :prefix)")  # prefix is [a-z0-9]+ (checked)
        params = {f"w{i}": w for i, w in enumerate(folded_terms)}
        params["prefix"] = f"{prefix}:*"
        with self._reading() as connection:
            titles = list(connection.scalars(text(
                f"SELECT DISTINCT title FROM (SELECT title FROM {self.LISTINGS} "
                f"WHERE tsv_title @@ ({' && '.join(parts)}) LIMIT 200) t"), params))
        titles.sort(key=lambda t: (len(t), t))
        return titles[:limit]

    def vocabulary(self) -> dict[str, int]:
        if self._vocabulary and time.monotonic() - self._vocabulary[0] < 300:
            return self._vocabulary[1]
        words: dict[str, int] = {}
        with self._reading() as connection:
            for word, ndoc in connection.execute(text(
                    f"SELECT word, ndoc FROM ts_stat('SELECT tsv_exact FROM {self.LISTINGS}')")):
                folded = analysis.fold(word)
                if folded != word:
                    words[word] = ndoc
                words[folded] = words.get(folded, 0) + ndoc
        self._vocabulary = (time.monotonic(), words)
        return words

    def indexed_ids(self) -> dict[int, datetime | None]:
        with self._reading() as connection:
            indexed = dict(connection.execute(text(
                f"SELECT listing_id, published_at FROM {self.LISTINGS}")).all())
            if self._bitmaps_ready():  # the counts' bitmaps must hold exactly the indexed listings
                self.mirror.sync(connection)
                if set(bitmaps.members(self.mirror.maps.get(bitmaps.ALL, 0))) != set(indexed):
                    raise IndexUnavailable("bitmaps out of step")
        return indexed

    def clear(self) -> None:
        with db.engine.begin() as connection:
            self._ensure(connection)
            connection.execute(text(f"TRUNCATE {self.LISTINGS}, {self.ENTERPRISES}"))
            bitmaps.BitmapBuilder(self.bitmap_min_docs).write(connection, f"{bitmaps.TABLE}_new")
            bitmaps.swap(connection, f"{bitmaps.TABLE}_new")
        self._vocabulary = None
        self._checked = None

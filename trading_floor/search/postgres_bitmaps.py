"""Exact totals and facet counts of dense searches for the postgres backend, from bitmaps.

Counting the ~90,000 matches of a very common word (*hàng*, *xuất khẩu*) or of a category page
into three facets is what made the postgres backend's tail slow: a bitmap heap scan of every
match plus a hash aggregation, ~50 ms, whatever the index. This module keeps, in the table
`search_listing_bits`, one bitmap of listing ids (bit n = listing n, little-endian bytea) per

- common folded word (`w:hang`: in at least `min_docs` listings at the last reindex),
- facet value (`c:<category id>`, `m:<commune code>`, `x:<cert bit>`), all listings (`a`),
- bit of the price and of the MOQ (`p:<i>`, `q:<i>`, a bit-sliced index) and priced (`pn`),

maintained in the same transaction as the listing rows (writers serialise on an advisory lock,
so versions commit in order). Every app process mirrors the table in memory as Python integers
and brings it up to date with one query per search (rows whose version moved; a reindex changes
the epoch and reloads everything). A search whose words all have a bitmap, without a quoted
phrase, then gets its total and every facet count from a few integer ANDs and popcounts: exact,
as every bitmap is the set the SQL conditions would select. Anything else (a rarer word: small
match sets, fast in SQL anyway; a phrase) goes the SQL way.

Lexemes are PostgreSQL's own where it matters: a bitmap word is letters a-z only (which both the
`floor_folded` configuration and analysis.fold give identically), and a document whose folded
words are not all ASCII has its lexemes computed by PostgreSQL (`unaccent` folds a few letters,
such as æ, that Python's decomposition keeps).
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection

from trading_floor.search import analysis
from trading_floor.search.backend import Facets, Filters, ListingDocument

TABLE, META, SEQUENCE = "search_listing_bits", "search_bits_meta", "search_bits_version"
TABLE_DDL = "CREATE TABLE {name} (key text PRIMARY KEY, version bigint NOT NULL, bits bytea NOT NULL)"
LOCK = f"SELECT pg_advisory_xact_lock(hashtext('{TABLE}'))"
_LETTERS = re.compile(r"^[a-z]+$")
ALL, PRICED = "a", "pn"
WORD_KINDS = ("w:", "t:")
NUMBERED = ("c:", "m:", "x:", "p:", "q:")  # facet values and bit slices  # a word anywhere / in the title: bitmaps only for common ones


def _bits_of(value: int) -> Iterable[int]:
    index = 0
    while value:
        if value & 1:
            yield index
        value >>= 1
        index += 1


def document_keys(doc: ListingDocument, lexemes: Iterable[str],
                  title_lexemes: Iterable[str] = ()) -> set[str]:
    """Every bitmap key a listing belongs to (word keys for all its letters-only lexemes)."""
    keys = {ALL, f"c:{doc.category_id}"}
    if doc.commune_code is not None:
        keys.add(f"m:{doc.commune_code}")
    keys.update(f"x:{1 << bit}" for bit in _bits_of(doc.cert_mask))
    if doc.price_vnd is not None:
        keys.add(PRICED)
        keys.update(f"p:{i}" for i in _bits_of(doc.price_vnd))
    keys.update(f"q:{i}" for i in _bits_of(doc.moq))
    keys.update(f"w:{lexeme}" for lexeme in lexemes if _LETTERS.match(lexeme))
    keys.update(f"t:{lexeme}" for lexeme in title_lexemes if _LETTERS.match(lexeme))
    return keys


def lexemes(connection: Connection, sections: Iterable[str]) -> set[str]:
    """The folded lexemes of a document's analysed sections, as PostgreSQL indexes them."""
    words = " ".join(sections).split()
    folded = set(map(analysis.fold_word, words))
    if all(word.isascii() for word in folded):
        return folded
    return set(connection.scalar(text(
        "SELECT tsvector_to_array(to_tsvector('floor_folded', :t))"), {"t": " ".join(words)}))


def _at_most(slices: dict[int, int], exists: int, bound: int) -> int:
    """Documents of `exists` whose value <= bound, from the bit slices (O'Neil's BSI compare)."""
    if bound < 0:
        return 0
    below, equal = 0, exists
    for i in range(max(bound.bit_length(), max(slices, default=-1) + 1) - 1, -1, -1):
        slice_ = slices.get(i, 0)
        if bound >> i & 1:
            below |= equal & ~slice_
            equal &= slice_
        else:
            equal &= ~slice_
    return below | equal


class BitmapMirror:
    """This process's copy of the bitmap table (see the module docstring)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.epoch: int | None = None
        self.version = 0
        # (key -> bitmap, prefix "c:" "m:" "x:" "p:" "q:" -> [(value, bitmap)]): one tuple,
        # replaced whole by sync, so a search never mixes two versions
        self.state: tuple[dict[str, int], dict[str, list[tuple[int, int]]]] = ({}, {})

    @property
    def maps(self) -> dict[str, int]:
        return self.state[0]

    def sync(self, connection: Connection) -> None:
        """Brings the mirror up to date (one statement: one snapshot of epoch and rows)."""
        with self._lock:
            rows = connection.execute(text(
                f"SELECT m.epoch, b.key, b.version, b.bits FROM {META} m "
                f"LEFT JOIN {TABLE} b ON b.version > :v"),
                {"v": self.version if self.epoch is not None else -1}).all()
            epoch = rows[0][0] if rows else None
            maps, version = self.maps, self.version
            if epoch != self.epoch and self.epoch is not None:
                rows = connection.execute(text(
                    f"SELECT m.epoch, b.key, b.version, b.bits FROM {META} m "
                    f"LEFT JOIN {TABLE} b ON TRUE")).all()
                epoch = rows[0][0] if rows else None
                maps, version = {}, 0
            if any(row[1] is not None for row in rows) or maps is not self.maps:
                maps = dict(maps)  # readers keep the dict they took: replace, never mutate
                for _epoch, key, row_version, bits in rows:
                    if key is not None:
                        maps[key] = int.from_bytes(bits, "little")
                        version = max(version, row_version)
            if maps is not self.maps:
                groups: dict[str, list[tuple[int, int]]] = {}
                for key, bitmap in maps.items():
                    if key[:2] in NUMBERED:
                        groups.setdefault(key[:2], []).append((int(key[2:]), bitmap))
                self.state = (maps, groups)
            self.epoch, self.version = epoch, version

    # --- reading --------------------------------------------------------------------------------
    def counts(self, folded_terms: tuple[str, ...], filters: Filters,
               facets: Facets | None) -> int | None:
        """The bitmap of the matches (facet counts into `facets`), or None if a word has none."""
        maps, groups = self.state
        if ALL not in maps and maps:
            return None
        base = maps.get(ALL, 0)
        for word in set(folded_terms):
            bitmap = maps.get(f"w:{word}") if _LETTERS.match(word) else None
            if bitmap is None:
                return None
            base &= bitmap
        if filters.price_min is not None or filters.price_max is not None:
            slices = dict(groups.get("p:", ()))
            priced = maps.get(PRICED, 0)
            if filters.price_max is not None:
                base &= _at_most(slices, priced, filters.price_max)
            if filters.price_min is not None:
                base &= priced & ~_at_most(slices, priced, filters.price_min - 1)
        if filters.moq_max is not None:
            slices = dict(groups.get("q:", ()))
            base &= _at_most(slices, maps.get(ALL, 0), filters.moq_max)
        selected = {}
        if filters.category_ids is not None:
            union = 0
            for category_id in filters.category_ids:
                union |= maps.get(f"c:{category_id}", 0)
            selected["category"] = union
        if filters.commune_code is not None:
            selected["commune"] = maps.get(f"m:{filters.commune_code}", 0)
        if filters.cert_bit is not None:
            selected["cert"] = 0
            for bit in _bits_of(filters.cert_bit):  # any of the bits, as `cert_mask & bit <> 0`
                selected["cert"] |= maps.get(f"x:{1 << bit}", 0)
        matched = base
        for bitmap in selected.values():
            matched &= bitmap
        if facets is not None and matched | base:
            for name, prefix, target in (("category", "c:", facets.category),
                                         ("commune", "m:", facets.commune),
                                         ("cert", "x:", facets.cert)):
                scope = base
                for other, bitmap in selected.items():
                    if other != name:
                        scope &= bitmap
                if not scope:
                    continue
                for value, bitmap in groups.get(prefix, ()):
                    count = (scope & bitmap).bit_count()
                    if count:
                        target[value] = count
        return matched

    def in_title(self, folded_terms: tuple[str, ...]) -> int | None:
        """The listings with every word in the title, or None if a word has no title bitmap."""
        maps, result = self.maps, None
        for word in set(folded_terms):
            bitmap = maps.get(f"t:{word}")
            if bitmap is None:
                return None
            result = bitmap if result is None else result & bitmap
        return result

    # --- writing --------------------------------------------------------------------------------
    def apply(self, connection: Connection, changes: dict[int, set[str] | None]) -> None:
        """Listing id -> its keys now (None: removed), in the caller's transaction."""
        if not changes or connection.scalar(text("SELECT to_regclass(:t)"), {"t": TABLE}) is None:
            return  # an index built before bitmaps existed: counts go the SQL way until reindex
        connection.execute(text(LOCK))
        self.sync(connection)
        maps = self.maps  # all committed bitmaps: nobody else writes while we hold the lock
        mask, wanted = 0, {}
        for listing_id, keys in changes.items():
            mask |= 1 << listing_id
            for key in keys or ():
                if key[:2] in WORD_KINDS and key not in maps:
                    continue  # not a common word (the set is fixed at reindex)
                wanted[key] = wanted.get(key, 0) | 1 << listing_id
        rows = []
        for key in set(maps) | set(wanted):
            old = maps.get(key, 0)
            new = (old & ~mask) | wanted.get(key, 0)
            if new != old or key not in maps:
                rows.append({"key": key, "bits": _to_bytes(new)})
        if rows:
            connection.execute(text(
                f"INSERT INTO {TABLE} (key, version, bits) VALUES "
                f"(:key, nextval('{SEQUENCE}'), :bits) ON CONFLICT (key) DO UPDATE "
                "SET version = EXCLUDED.version, bits = EXCLUDED.bits"), rows)


_ONE = re.compile("1")


def members(bitmap: int) -> list[int]:
    """The listing ids of a bitmap, ascending (a C-level scan of its binary digits)."""
    digits = bin(bitmap)
    last = len(digits) - 1
    return [last - match.start() for match in _ONE.finditer(digits, 2)][::-1]


def lowest(bitmap: int, count: int, window: int = 8192) -> list[int]:
    """The `count` lowest listing ids of a bitmap (window by window: a dense bitmap stops early)."""
    found: list[int] = []
    low, mask = 0, (1 << window) - 1
    while len(found) < count:
        rest = bitmap >> low
        if not rest:
            break
        found.extend(low + i for i in members(rest & mask))
        low += window
    return found[:count]


def contains(bitmap: int) -> Callable[[int], bool]:
    """A fast membership test of one bitmap (its bytes: no big-integer shift per test)."""
    data = _to_bytes(bitmap)
    size = len(data)
    return lambda i: (i >> 3) < size and bool(data[i >> 3] >> (i & 7) & 1)


def _to_bytes(bitmap: int) -> bytes:
    return bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")


class BitmapBuilder:
    """Bitmaps of a full reindex, accumulated document by document."""

    def __init__(self, min_docs: int):
        # title words get bitmaps from a lower frequency: they pick a search's candidates
        self.min_docs = {"w:": min_docs, "t:": max(1, min_docs // 4)}
        self.ids: dict[str, list[int]] = {}

    def add(self, listing_id: int, keys: set[str]) -> None:
        ids = self.ids
        for key in keys:
            found = ids.get(key)
            if found is None:
                ids[key] = [listing_id]
            else:
                found.append(listing_id)

    def write(self, connection: Connection, name: str) -> None:
        """Fills table `name` (created here) with the bitmaps; rare words get none."""
        connection.execute(text(f"DROP TABLE IF EXISTS {name}"))
        connection.execute(text(TABLE_DDL.format(name=name)))
        rows = []
        for key, ids in self.ids.items():
            if key[:2] in WORD_KINDS and len(ids) < self.min_docs[key[:2]]:
                continue
            bits = bytearray(max(ids) // 8 + 1)
            for listing_id in ids:
                bits[listing_id >> 3] |= 1 << (listing_id & 7)
            rows.append({"key": key, "bits": bytes(bits)})
            if len(rows) == 200:
                self._insert(connection, name, rows)
        self._insert(connection, name, rows)

    @staticmethod
    def _insert(connection: Connection, name: str, rows: list[dict]) -> None:
        if rows:
            connection.execute(text(f"INSERT INTO {name} (key, version, bits) VALUES "
                                    f"(:key, nextval('{SEQUENCE}'), :bits)"), rows)
            rows.clear()


def swap(connection: Connection, name: str) -> None:
    """Puts the freshly built table in place, with a new epoch (every mirror reloads)."""
    connection.execute(text(LOCK))
    connection.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
    connection.execute(text(f"ALTER TABLE {name} RENAME TO {TABLE}"))
    connection.execute(text(f"ALTER INDEX {name}_pkey RENAME TO {TABLE}_pkey"))
    connection.execute(text(f"DELETE FROM {META}"))
    connection.execute(text(f"INSERT INTO {META} (epoch) VALUES (:e)"),
                       {"e": secrets.randbits(62)})


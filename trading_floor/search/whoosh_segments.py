"""Per-segment data of the Whoosh query engine (no whoosh import: it works on the readers the
backend opens): posting lists read a block at a time and cached, the resident lists of common
words, positions for phrase checks, in-memory columns, facet bitmaps and sort orders.

A segment never changes (new writes make new segments), so everything here is valid across the
index generations that include it. Relies on 2.7.4's W3 codec internals, pinned in
pyproject.toml.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable
from itertools import accumulate, repeat

from trading_floor.search import whoosh_bits
from trading_floor.search.backend import CERT_BITS

SECTION_GAP = 10_000  # positions between sections, so a phrase never spans title and description
LISTINGS, ENTERPRISES = "listings", "enterprises"
RESIDENT_FIELDS = ("folded", "exact", "tfold")
COLUMNS = {LISTINGS: ("lid", "ent", "cat", "commune", "price", "moq", "cert", "pub"),
           ENTERPRISES: ("eid", "commune", "sector")}


class Postings:
    """One word's posting list in a segment: sorted local docnums and their weights, as compact
    arrays (8 bytes a posting), usable like a read-only dict docnum -> weight."""

    __slots__ = ("ids", "weights", "bits")

    def __init__(self, ids: Iterable[int] = (), weights: Iterable[float] = ()):
        self.ids = array("i", ids)
        self.weights = array("f", weights)
        self.bits: int | None = None  # the same docnums as a bitmap (whoosh_bits), made on demand

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self):
        return iter(self.ids)

    def get(self, docnum: int, default: float = 0.0) -> float:
        i = bisect_left(self.ids, docnum)
        if i < len(self.ids) and self.ids[i] == docnum:
            return self.weights[i]
        return default

    def __contains__(self, docnum: int) -> bool:
        i = bisect_left(self.ids, docnum)
        return i < len(self.ids) and self.ids[i] == docnum

    def __getitem__(self, docnum: int) -> float:
        weight = self.get(docnum, -1.0)
        if weight < 0:
            raise KeyError(docnum)
        return weight


EMPTY = Postings()
EMPTY.bits = 0


class _SegmentData:
    """Columns and posting lists of one immutable segment (valid across index generations).

    The posting lists of very common words (in ≥ RESIDENT_SHARE of the segment's documents) are
    read once when the segment is first opened and stay resident: they are the ones that make
    the tail slow (*hàng*, *xuất*), and they are few. Others go through a small LRU cache.
    """

    POSTINGS_CACHED = 600
    POSITIONS_CACHED = 200_000
    RESIDENT_SHARE, RESIDENT_MIN_DF, RESIDENT_MAX = 0.04, 1000, 200

    BITS_CACHED = 64  # filter bitmaps (a price or MOQ bound) kept per segment

    def __init__(self, reader, kind: str):
        self.reader = reader
        # arrays, not lists: a list of 100k ints is 100k references the garbage collector
        # visits on every full collection (~60 ms a collection with lists at 100k listings)
        self.columns = {name: array("q", reader.column_reader(name)) for name in COLUMNS[kind]}
        self.size = reader.doc_count_all()
        self.full = (1 << self.size) - 1  # every document of the segment, deleted ones included
        self._postings: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._lock = threading.Lock()
        # the segment's reader is shared by every view that includes the segment, so by the
        # requests and by the writing thread's warming of a new view; Whoosh's matchers seek
        # and read a shared file object: one reading at a time
        self.read_lock = threading.RLock()
        # bitmaps and sort orders derived from the columns: a segment never changes, so they
        # survive the commits that open new views (a commit adds a small segment and deletions)
        self._values: dict[str, dict[int, int]] = {}
        self._bits: OrderedDict[tuple, int] = OrderedDict()
        self._orders: dict[str, tuple[array, array]] = {}
        # (word, local docnum) -> positions: a segment never changes, so the phrase checks of
        # the popular queries' best documents survive the commits that open new views
        self.positions: dict[tuple[str, int], tuple[int, ...]] = {}
        self.resident: dict[tuple[str, str], Postings] = {}
        threshold = max(self.RESIDENT_MIN_DF, self.RESIDENT_SHARE * reader.doc_count_all())
        # the accent-exact and title-only lists of common words too: ranking reads them for
        # every query with such a word (the exact bonus, the title candidates)
        for field in RESIDENT_FIELDS:
            if field not in reader.schema:
                continue
            common = []
            for word, info in reader.iter_field(field):
                if info.doc_frequency() >= threshold:
                    common.append((info.doc_frequency(), word))
            for _, word in sorted(common, reverse=True)[:self.RESIDENT_MAX]:
                word = word.decode() if isinstance(word, bytes) else word
                self.resident[(field, word)] = _read_postings(reader, field, word)
        if kind == LISTINGS:  # what nearly every query needs: facet bitmaps, sort orders
            for column in ("cat", "commune"):
                self.value_bits(column)
            for bit in CERT_BITS.values():
                self.cert_bits(bit)
            for sort in SORT_KEYS:
                self.order(sort)

    def postings(self, reader, field: str, word: str) -> Postings:
        """Local docnum -> weight (section-boosted term frequency), deleted documents included."""
        key = (field, word)
        resident = self.resident.get(key)
        if resident is not None:
            return resident
        with self._lock:
            cached = self._postings.get(key)
            if cached is not None:
                self._postings.move_to_end(key)
                return cached
        with self.read_lock:
            result = _read_postings(reader, field, word)
        with self._lock:
            self._postings[key] = result
            while len(self._postings) > self.POSTINGS_CACHED:
                self._postings.popitem(last=False)
        return result

    def close(self) -> None:
        self.reader.close()

    def word_bits(self, reader, field: str, word: str) -> int:
        """The documents containing a word, as a bitmap (deleted documents included)."""
        postings = self.postings(reader, field, word)
        bits = postings.bits
        if bits is None:
            bits = postings.bits = whoosh_bits.from_ids(postings.ids, self.size)
        return bits

    def value_bits(self, column: str) -> dict[int, int]:
        """Value -> bitmap of the documents holding it, for a facet column (category, commune)."""
        values = self._values.get(column)
        if values is None:
            groups: dict[int, list[int]] = {}
            for docnum, value in enumerate(self.columns[column]):
                members = groups.get(value)
                if members is None:
                    groups[value] = [docnum]
                else:
                    members.append(docnum)
            values = self._values[column] = {
                value: whoosh_bits.from_ids(members, self.size)
                for value, members in groups.items()}
        return values

    def bits_where(self, key: tuple, make_flags: Callable[[], Iterable]) -> int:
        """A cached bitmap of the documents passing a filter (make_flags: one 0/1 per document)."""
        with self._lock:
            bits = self._bits.get(key)
            if bits is not None:
                self._bits.move_to_end(key)
                return bits
        bits = whoosh_bits.from_flags(bytes(make_flags()))
        with self._lock:
            self._bits[key] = bits
            while len(self._bits) > self.BITS_CACHED:
                self._bits.popitem(last=False)
        return bits

    def cert_bits(self, bit: int) -> int:
        """The documents with a certification bit (a facet value: kept with the segment)."""
        values = self._values.setdefault("cert", {})
        bits = values.get(bit)
        if bits is None:
            flags = bytes(map(bool, map(bit.__and__, self.columns["cert"])))
            bits = values[bit] = whoosh_bits.from_flags(flags)
        return bits

    def order(self, sort: str) -> tuple[array, array]:
        """(sort keys by docnum, docnums in sort order) of one sort; a tie
        is broken: the later document first for "newest", else the earlier one."""
        found = self._orders.get(sort)
        if found is None:
            keys = _sort_keys(sort, self.columns)
            docnums = range(self.size - 1, -1, -1) if sort == "newest" else range(self.size)
            found = self._orders[sort] = (array("q", keys),
                                          array("i", sorted(docnums, key=keys.__getitem__)))
        return found

    def positions_of(self, reader, word: str, docnums: list[int]) -> dict[int, tuple[int, ...]]:
        """Positions of a folded word in a few local documents (cached; () when absent)."""
        cache, result, missing = self.positions, {}, []
        for docnum in docnums:
            hit = cache.get((word, docnum))
            if hit is None:
                missing.append(docnum)
            else:
                result[docnum] = hit
        if missing:
            with self.read_lock:
                found = _positions(reader, "folded", word, missing)
            if len(cache) > self.POSITIONS_CACHED:
                cache.clear()  # rare: a plain reset keeps it simple and bounded
            for docnum in missing:
                result[docnum] = cache[(word, docnum)] = tuple(found.get(docnum, ()))
        return result


def _read_postings(reader, field: str, word: str) -> Postings:
    if (field, word) not in reader:
        return EMPTY
    matcher = reader._terms.matcher(field, reader._text_to_bytes(field, word),
                                    reader.schema[field].format)
    result = Postings()
    # read whole blocks (arrays) instead of one posting at a time: 2.7.4's W3LeafMatcher internals
    # (a block's data is a pickled tuple: delta-encoded ids, weights as None, one float or a
    # tuple); the deltas are summed by itertools.accumulate instead of Whoosh's generator
    if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block"):
        ids, weights = result.ids, result.weights
        while not matcher._atend:
            if matcher._data is None:
                matcher._read_data()
            block_ids, block_weights = matcher._data[0], matcher._data[1]
            ids.extend(block_ids if matcher._byteids else accumulate(block_ids))
            if block_weights is None or isinstance(block_weights, float):
                weights.extend(repeat(1.0 if block_weights is None else block_weights,
                                      len(block_ids)))
            else:
                weights.extend(block_weights)
            matcher._next_block()
    else:  # pragma: no cover - another codec
        while matcher.is_active():
            result.ids.append(matcher.id())
            result.weights.append(matcher.weight())
            matcher.next()
    return result


def _positions(reader, field: str, word: str, docnums: list[int]) -> dict[int, list[int]]:
    """Positions of a word in a few documents (phrase checks on a bounded candidate set)."""
    if (field, word) not in reader:
        return {}
    matcher = reader._terms.matcher(field, reader._text_to_bytes(field, word),
                                    reader.schema[field].format)
    found = {}
    for docnum in sorted(docnums):
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                break
        if matcher.id() == docnum:
            found[docnum] = matcher.value_as("positions")
    return found


SORT_KEYS = ("newest", "price_asc", "price_desc")


def _sort_keys(sort: str, columns: dict[str, list[int]]) -> list[int]:
    """One sort key per document (smaller first); "liên hệ" (no price) after every price."""
    if sort == "newest":
        return [-p for p in columns["pub"]]
    price = columns["price"]
    if sort == "price_asc":
        return [p if p >= 0 else 1 << 62 for p in price]
    return [-p if p >= 0 else 1 << 62 for p in price]

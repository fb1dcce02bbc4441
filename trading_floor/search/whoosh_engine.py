"""The query engine over Whoosh segments (no whoosh import: it works on the readers the backend
opens). Posting blocks are read whole and cached per immutable segment; filter and facet columns
are kept in memory; ranking runs over a bounded candidate set.

Whoosh's own collectors walk posting lists one posting at a time in Python: a common syllable
(*hàng*, *xuất*) then costs ~125 ms at 100k listings. Reading a block's id and weight arrays at
once, and caching them per segment (a segment never changes; new writes make new segments), is
what brings the tail down. It relies on 2.7.4's W3 codec internals, pinned in pyproject.toml.
"""

from __future__ import annotations

import heapq
import math
import threading
from array import array
from bisect import bisect_left
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from itertools import compress

from trading_floor.search.backend import CANDIDATE_CAP, SECTION_WEIGHTS, Filters

SECTION_GAP = 10_000  # positions between sections, so a phrase never spans title and description
LISTINGS, ENTERPRISES = "listings", "enterprises"
COLUMNS = {LISTINGS: ("lid", "ent", "cat", "commune", "price", "moq", "cert", "pub"),
           ENTERPRISES: ("eid", "commune", "sector")}


class Postings:
    """One word's posting list in a segment: sorted local docnums and their weights, as compact
    arrays (8 bytes a posting), usable like a read-only dict docnum -> weight."""

    __slots__ = ("ids", "weights")

    def __init__(self, ids: Iterable[int] = (), weights: Iterable[float] = ()):
        self.ids = array("i", ids)
        self.weights = array("f", weights)

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


class _SegmentData:
    """Columns and posting lists of one immutable segment (valid across index generations).

    The posting lists of very common words (in ≥ RESIDENT_SHARE of the segment's documents) are
    read once when the segment is first opened and stay resident: they are the ones that make
    the tail slow (*hàng*, *xuất*), and they are few. Others go through a small LRU cache.
    """

    POSTINGS_CACHED = 600
    POSITIONS_CACHED = 200_000
    RESIDENT_SHARE, RESIDENT_MIN_DF, RESIDENT_MAX = 0.04, 1000, 200

    def __init__(self, reader, kind: str):
        self.columns = {name: list(reader.column_reader(name)) for name in COLUMNS[kind]}
        self._postings: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._lock = threading.Lock()
        # (word, local docnum) -> positions: a segment never changes, so the phrase checks of
        # the popular queries' best documents survive the commits that open new views
        self.positions: dict[tuple[str, int], tuple[int, ...]] = {}
        self.resident: dict[tuple[str, str], Postings] = {}
        threshold = max(self.RESIDENT_MIN_DF, self.RESIDENT_SHARE * reader.doc_count_all())
        common = []
        for word, info in reader.iter_field("folded"):
            if info.doc_frequency() >= threshold:
                common.append((info.doc_frequency(), word))
        for _, word in sorted(common, reverse=True)[:self.RESIDENT_MAX]:
            word = word.decode() if isinstance(word, bytes) else word
            self.resident[("folded", word)] = _read_postings(reader, "folded", word)

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
        result = _read_postings(reader, field, word)
        with self._lock:
            self._postings[key] = result
            while len(self._postings) > self.POSTINGS_CACHED:
                self._postings.popitem(last=False)
        return result

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
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        while not matcher._atend:
            matcher._read_ids()
            matcher._read_weights()
            result.ids.extend(matcher._ids)
            result.weights.extend(matcher._weights)
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


class _View:
    """One opened generation of one index: its searcher and the merged columns of its segments."""

    def __init__(self, ix, kind: str, segments: dict[str, _SegmentData]):
        self.ix = ix
        self.searcher = ix.searcher()
        self.generation = self.searcher.reader().generation()
        self.parts = []  # (reader, offset, data, deleted local docnums)
        self.columns: dict[str, list[int]] = {name: [] for name in COLUMNS[kind]}
        self.deleted: set[int] = set()
        for reader, offset in self.searcher.reader().leaf_readers():
            if reader.segment() is None:  # an empty index has one empty reader
                continue
            segment_id = reader.segment().segment_id()
            data = segments.get(segment_id)
            if data is None:
                data = segments[segment_id] = _SegmentData(reader, kind)
            deleted = frozenset(reader._perdoc.deleted_docs())
            self.parts.append((reader, offset, data, deleted))
            self.deleted.update(offset + d for d in deleted)
            for name, values in data.columns.items():
                self.columns[name].extend(values)
        self.results: dict = {}  # SearchQuery -> SearchHits of this generation (see backend)
        self.hits: Counter = Counter()  # how often each query was asked (what to warm next time)
        self.size = len(next(iter(self.columns.values()))) if self.columns else 0
        self.doc_count = self.size - len(self.deleted)

    def close(self):
        self.searcher.close()

    def postings(self, field: str, word: str) -> list[tuple[int, Postings]]:
        return [(offset, data.postings(reader, field, word))
                for reader, offset, data, _ in self.parts]

    def doc_frequency(self, word: str) -> int:
        return sum(len(p) for _, p in self.postings("folded", word))

    def match(self, folded_terms: tuple[str, ...], field: str = "folded") -> set[int]:
        """Global docnums containing every folded term (deleted documents excluded)."""
        result: set[int] = set()
        for reader, offset, data, deleted in self.parts:
            local: set[int] | None = None
            lists = sorted((data.postings(reader, field, w) for w in set(folded_terms)), key=len)
            for postings in lists:
                local = set(postings) if local is None else local.intersection(postings)
                if not local:
                    break
            if local:
                local.difference_update(deleted)
                result.update(local if offset == 0 else (offset + d for d in local))
        return result

    def all_docs(self) -> set[int]:
        return set(range(self.size)) - self.deleted

    def part_of(self, docnum: int):
        for part in reversed(self.parts):
            if docnum >= part[1]:
                return part
        raise IndexError(docnum)

    def has_phrase(self, words: tuple[str, ...], docnums: Iterable[int]) -> dict[int, int]:
        """The documents among `docnums` where the folded words occur next to each other, with
        the best (lowest-numbered: title first) section where they do."""
        by_part: dict[int, list[int]] = {}
        for docnum in docnums:
            by_part.setdefault(self.part_of(docnum)[1], []).append(docnum)
        found: dict[int, int] = {}
        for reader, offset, data, _deleted in self.parts:
            local = [d - offset for d in by_part.get(offset, ())]
            if not local:
                continue
            positions = [data.positions_of(reader, w, local) for w in words]
            for docnum in local:
                starts = set(positions[0].get(docnum, ()))
                for shift, later in enumerate(positions[1:], start=1):
                    following = set(later.get(docnum, ()))
                    starts = {p for p in starts if p + shift in following}
                if starts:
                    found[docnum + offset] = min(starts) // SECTION_GAP
        return found

    def rank(self, docs: set[int], exact: tuple[str, ...], folded: tuple[str, ...],
             phrase_words: tuple[str, ...], limit: int, title_field: str | None = None
             ) -> list[int]:
        """The best `limit` of `docs`: accent-exact matches count double, phrases count more."""
        n = max(self.doc_count, 1)
        terms = []
        for exact_word, folded_word in dict(zip(exact, folded, strict=True)).items():
            folded_postings = self.postings("folded", folded_word)
            df = sum(len(p) for _, p in folded_postings) or 1
            idf = math.log(1 + n / df)
            # a word typed without diacritics may mean any spelling: no accent-exact bonus then
            exact_postings = (self.postings("exact", exact_word) if exact_word != folded_word
                              else [(offset, EMPTY) for offset, _ in folded_postings])
            terms.append((idf, folded_postings, exact_postings))
        if not terms:
            return sorted(docs)[:limit]

        def score(docnum: int, selected=terms) -> float:
            total = 0.0
            for idf, folded_postings, exact_postings in selected:
                for (offset, fp), (_, ep) in zip(folded_postings, exact_postings, strict=True):
                    local = docnum - offset
                    wf = fp.get(local, 0.0)
                    if wf:
                        we = ep.get(local, 0.0)
                        total += idf * (_saturate(wf) + 2 * _saturate(we))
                        break
            return total

        candidates = docs
        if len(docs) > CANDIDATE_CAP:
            docs = docs if isinstance(docs, set) else set(docs)
        if len(docs) > CANDIDATE_CAP and title_field:
            # a bounded candidate set: listings with every word in the title first (a common
            # word's title postings are short), topped up with others; scoring every match of
            # *hàng* in Python is what made the tail slow
            in_title = self.match(folded, title_field) & docs
            if len(in_title) >= CANDIDATE_CAP:
                candidates = sorted(in_title)[:CANDIDATE_CAP]
            else:
                rest = sorted(docs - in_title)[:CANDIDATE_CAP - len(in_title)]
                candidates = list(in_title) + rest
        elif len(docs) > CANDIDATE_CAP:
            rarest = [max(terms, key=lambda term: term[0])]
            candidates = heapq.nlargest(CANDIDATE_CAP, docs, key=lambda d: score(d, rarest))
        scored = {d: score(d) for d in candidates}
        best = heapq.nlargest(max(limit, 50), scored, key=lambda d: (scored[d], -d))
        if len(set(phrase_words)) > 1:
            for docnum, section in self.has_phrase(phrase_words, best).items():
                # a phrase in the title counts most, in the description least
                weight = SECTION_WEIGHTS[min(section, len(SECTION_WEIGHTS) - 1)]
                scored[docnum] *= 1 + weight / SECTION_WEIGHTS[0]
            best = heapq.nlargest(max(limit, 50), scored, key=lambda d: (scored[d], -d))
            if limit > len(best):
                best = heapq.nlargest(limit, scored, key=lambda d: (scored[d], -d))
        return best[:limit]


def _saturate(weight: float, k: float = 1.2) -> float:
    return weight * (k + 1) / (weight + k) if weight else 0.0


def _filter_tests(filters: Filters, columns: dict[str, list[int]]) -> dict[str, Callable]:
    """One function per active filter: a list of docnums -> those that pass. Each runs as C-level
    map/compress over the in-memory columns (a Python lambda per document was the tail's cost)."""
    tests: dict[str, Callable[[list[int]], list[int]]] = {}

    def keep(column: list[int], predicate: Callable) -> Callable[[list[int]], list[int]]:
        return lambda docs: list(compress(docs, map(predicate, map(column.__getitem__, docs))))

    if filters.category_ids is not None:
        tests["category"] = keep(columns["cat"], filters.category_ids.__contains__)
    if filters.commune_code is not None:
        tests["commune"] = keep(columns["commune"], filters.commune_code.__eq__)
    if filters.cert_bit is not None:
        tests["cert"] = keep(columns["cert"], filters.cert_bit.__and__)
    price = columns["price"]
    if filters.price_min is not None:
        tests["price_min"] = keep(price, filters.price_min.__le__)
    if filters.price_max is not None:
        below = keep(price, filters.price_max.__ge__)
        priced = keep(price, (0).__le__)  # -1 is "liên hệ": no price, never in a price range
        tests["price_max"] = lambda docs: priced(below(docs))
    if filters.moq_max is not None:
        tests["moq"] = keep(columns["moq"], filters.moq_max.__ge__)
    return tests


def _apply(docs, tests) -> list[int]:
    result = list(docs)
    for test in tests:
        result = test(result)
    return result

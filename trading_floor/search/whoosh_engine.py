"""The query engine over Whoosh segments (no whoosh import: it works on the readers the backend
opens). Posting blocks are read whole and cached per immutable segment (whoosh_segments.py);
filter and facet columns are kept in memory; ranking runs over a bounded candidate set.

Whoosh's own collectors walk posting lists one posting at a time in Python: a common syllable
(*hàng*, *xuất*) then costs ~125 ms at 100k listings. Reading a block's id and weight arrays at
once, and caching them per segment (a segment never changes; new writes make new segments), is
what brings the tail down. It relies on 2.7.4's W3 codec internals, pinned in pyproject.toml.

A listing query runs on bitmaps (`Selection`, whoosh_bits): per segment, the text matches, each
filter and each facet value are sets of documents as Python ints, so a very common word's ~90k
matches are intersected, filtered and counted by C-level integer operations; only the ranked
candidates or a sorted page become docnums. A segment keeps its reader, posting lists, bitmaps
and sort orders across the generations (commits) that include it.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import compress, repeat

from trading_floor.search import whoosh_bits
from trading_floor.search.backend import CANDIDATE_CAP, CERT_BITS, SECTION_WEIGHTS, Facets, Filters
from trading_floor.search.whoosh_segments import (
    COLUMNS,
    EMPTY,
    SECTION_GAP,
    Postings,
    _SegmentData,
)


class _View:
    """One generation of one index: the segments its table of contents lists, their deletions
    in that generation, and the merged columns.

    A segment's reader is opened once and kept with its _SegmentData (a segment's files never
    change; only its deletions do, and they are read from the generation's table of contents):
    Whoosh's own searcher reopens every segment for each generation, which copies each big
    segment's files out of the memory map (~40 ms at 100k listings, on every commit)."""

    def __init__(self, ix, kind: str, segments: dict[str, _SegmentData],
                 open_reader: Callable):
        self.ix = ix
        toc = ix._read_toc()
        self.generation = toc.generation
        self.parts = []  # (reader, offset, data, deleted local docnums)
        self.columns: dict[str, array] = {name: array("q") for name in COLUMNS[kind]}
        self.deleted: set[int] = set()
        self.live: list[int] = []  # per part: its documents minus the deleted ones, as a bitmap
        offset = 0
        for segment in toc.segments:
            segment_id = segment.segment_id()
            data = segments.get(segment_id)
            if data is None:
                reader = open_reader(toc.schema, segment, toc.generation)
                data = segments[segment_id] = _SegmentData(reader, kind)
            reader = data.reader
            deleted = frozenset(segment.deleted_docs())
            self.parts.append((reader, offset, data, deleted))
            self.live.append(data.full ^ whoosh_bits.from_ids(deleted, data.size) if deleted
                             else data.full)
            self.deleted.update(offset + d for d in deleted)
            for name, values in data.columns.items():
                self.columns[name].extend(values)
            offset += data.size
        self.results: dict = {}  # SearchQuery -> SearchHits of this generation (see backend)
        self.hits: Counter = Counter()  # how often each query was asked (what to warm next time)
        self.size = len(next(iter(self.columns.values()))) if self.columns else 0
        self.doc_count = self.size - len(self.deleted)

    def close(self):
        """Nothing to release: the segments' readers belong to their _SegmentData."""

    def changes_since(self, old: _View) -> _Changes | None:
        """What a commit did between `old` and this view, when it only added segments and
        deleted documents (None when segments were merged: docnums and posting lists moved)."""
        if len(self.parts) < len(old.parts):
            return None
        deleted = []
        for (_r, old_offset, old_data, old_deleted), (reader, offset, data, now_deleted) in zip(
                old.parts, self.parts[:len(old.parts)], strict=True):
            if data is not old_data or offset != old_offset or not now_deleted >= old_deleted:
                return None
            if len(now_deleted) > len(old_deleted):
                deleted.append((reader, data, now_deleted - old_deleted))
        return _Changes(deleted, self.parts[len(old.parts):], self.doc_count == old.doc_count)

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

        def scores(candidates: Iterable[int]) -> dict[int, float]:
            """score() of each candidate, a term and a segment at a time (C-level lookups)."""
            candidates = sorted(candidates)
            scored = dict.fromkeys(candidates, 0.0)
            bounds = [bisect_left(candidates, offset) for _, offset, *_ in self.parts]
            bounds.append(len(candidates))
            for idf, folded_postings, exact_postings in terms:
                for index, ((offset, fp), (_, ep)) in enumerate(
                        zip(folded_postings, exact_postings, strict=True)):
                    docs = candidates[bounds[index]:bounds[index + 1]]
                    if not docs or not len(fp):
                        continue
                    local = [d - offset for d in docs] if offset else docs
                    exact_weights = _weights_of(ep, local)
                    for docnum, wf, we in zip(docs, _weights_of(fp, local), exact_weights,
                                              strict=True):
                        if wf:
                            scored[docnum] += idf * (_saturate(wf) + 2 * _saturate(we))
            return scored

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
        scored = scores(candidates)
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


class _Changes:
    """The documents a commit deleted and added (see _View.changes_since)."""

    def __init__(self, deleted: list, added: list, same_count: bool):
        self.deleted, self.added, self.same_count = deleted, added, same_count

    def may_change(self, words: tuple[str, ...], relevance: bool) -> bool:
        """Whether a listing query with these folded words (every one required) may answer
        differently after the commit. It cannot when no added document holds any of the words
        (the exact and title-only fields hold folds of the same words: none there either) and
        no deleted document held all of them (it was no match): the matches, their facets and
        their sort keys are the same; for relevance, so are the document count and the
        document frequencies (posting lists keep deleted documents until a merge), hence the
        scores and the ranked candidates (the lowest docnums, unchanged without a merge)."""
        if not words or (relevance and not self.same_count):
            return True
        words = tuple(set(words))
        for reader, _offset, data, _deleted in self.added:
            if any(len(data.postings(reader, "folded", word)) for word in words):
                return True
        for reader, data, deleted in self.deleted:
            lists = [data.postings(reader, "folded", word) for word in words]
            if any(all(docnum in postings for postings in lists) for docnum in deleted):
                return True
        return False


class Selection:
    """A listing query's documents in one view, as one bitmap per segment: the text matches
    (deleted documents removed) and each active filter apart, so that a facet can count the
    matches under every filter but its own. Totals and facet counts never visit the documents."""

    def __init__(self, view: _View, required: tuple[str, ...], filters: Filters):
        self.view = view
        self.parts = []  # (reader, offset, data, text matches, {filter name: bitmap})
        words = set(required)
        for (reader, offset, data, _deleted), live in zip(view.parts, view.live, strict=True):
            matches = live
            for word in words:
                if not matches:
                    break
                matches &= data.word_bits(reader, "folded", word)
            self.parts.append((reader, offset, data, matches, _filter_bits(filters, data)))
        self._matched: list[int] | None = None

    def require_phrase(self, words: tuple[str, ...]) -> None:
        """Keeps the matches where the folded words occur next to each other."""
        found = set(self.view.has_phrase(words, _global_ids(
            [(offset, matches) for _r, offset, _d, matches, _t in self.parts])))
        self.parts = [(reader, offset, data, whoosh_bits.from_ids(
            [d - offset for d in found if offset <= d < offset + data.size], data.size), tests)
            for reader, offset, data, _matches, tests in self.parts]
        self._matched = None

    @property
    def matched(self) -> list[int]:
        """Per part: the text matches that pass every filter."""
        if self._matched is None:
            self._matched = []
            for _reader, _offset, _data, matches, tests in self.parts:
                for bits in tests.values():
                    matches &= bits
                self._matched.append(matches)
        return self._matched

    @property
    def total(self) -> int:
        return sum(bits.bit_count() for bits in self.matched)

    def ids(self, limit: int | None = None) -> list[int]:
        """Global docnums of the matches that pass every filter, in increasing order."""
        return _global_ids([(offset, bits) for (_r, offset, *_), bits
                            in zip(self.parts, self.matched, strict=True)], limit)

    def facets(self) -> Facets:
        """Each facet counts the matches under every filter but its own (what a click gives)."""
        facets = Facets()
        for name, column, counts in (("category", "cat", facets.category),
                                     ("commune", "commune", facets.commune),
                                     ("cert", "cert", facets.cert)):
            for (_reader, _offset, data, matches, tests), matched in zip(
                    self.parts, self.matched, strict=True):
                base = matches
                if name in tests:
                    for other, bits in tests.items():
                        if other != name:
                            base &= bits
                else:
                    base = matched
                if not base:
                    continue
                values = (data.value_bits(column).items() if name != "cert" else
                          ((bit, data.cert_bits(bit)) for bit in CERT_BITS.values()))
                for value, bits in values:
                    count = (base & bits).bit_count()
                    if count:
                        counts[value] = counts.get(value, 0) + count
        facets.commune.pop(0, None)
        return facets

    def candidates(self, title_words: tuple[str, ...], cap: int = CANDIDATE_CAP) -> list[int]:
        """The documents `_View.rank` scores, chosen as it chooses them from a set: every match
        when there are at most `cap`, else those with every word in the title (the lowest
        docnums), topped up with the lowest-numbered others."""
        if self.total <= cap:
            return self.ids()
        in_title, rest = [], []
        for (reader, offset, data, *_), matched in zip(self.parts, self.matched, strict=True):
            title = matched
            for word in set(title_words):
                if not title:
                    break
                title &= data.word_bits(reader, "tfold", word)
            in_title.append((offset, title))
            rest.append((offset, matched & ~title))
        titled = sum(bits.bit_count() for _, bits in in_title)
        if titled >= cap:
            return _global_ids(in_title, cap)
        return _global_ids(in_title) + _global_ids(rest, cap - titled)

    def sorted_ids(self, sort: str, limit: int) -> list[int]:
        """The first `limit` matches in a sort order (see _SegmentData.order for ties)."""
        runs = []
        newest = sort == "newest"
        for (_reader, offset, data, *_), matched in zip(self.parts, self.matched, strict=True):
            if not matched:
                continue
            keys, order = data.order(sort)
            if matched.bit_count() <= 1000:
                local = whoosh_bits.ids(matched)
                if newest:
                    local.reverse()
                local.sort(key=keys.__getitem__)  # stable: ties keep the docnum order above
                local = local[:limit]
            else:  # walk the precomputed order until the page is full
                local = whoosh_bits.ordered(matched, data.size, order, limit)
            runs.append([(keys[d], -(offset + d) if newest else offset + d, offset + d)
                         for d in local])
        return [docnum for *_, docnum in heapq.merge(*runs)][:limit]


def _global_ids(parts: list[tuple[int, int]], limit: int | None = None) -> list[int]:
    found: list[int] = []
    for offset, bits in parts:
        if limit is not None and len(found) >= limit:
            break
        local = whoosh_bits.ids(bits, None if limit is None else limit - len(found))
        found.extend(local if offset == 0 else [offset + d for d in local])
    return found


def _filter_bits(filters: Filters, data: _SegmentData) -> dict[str, int]:
    """One bitmap per active filter (the same names and tests as _filter_tests)."""
    tests: dict[str, int] = {}
    columns = data.columns
    if filters.category_ids is not None:
        values, bits = data.value_bits("cat"), 0
        for category_id in filters.category_ids:
            bits |= values.get(category_id, 0)
        tests["category"] = bits
    if filters.commune_code is not None:
        tests["commune"] = data.value_bits("commune").get(filters.commune_code, 0)
    if filters.cert_bit is not None:
        tests["cert"] = data.cert_bits(filters.cert_bit)
    price = columns["price"]
    if filters.price_min is not None:
        bound = filters.price_min
        tests["price_min"] = data.bits_where(("price_min", bound), lambda: map(bound.__le__, price))
    if filters.price_max is not None:
        bound = filters.price_max
        # -1 is "liên hệ": no price, never in a price range
        tests["price_max"] = data.bits_where(("price_max", bound), lambda: map(
            bound.__ge__, price)) & data.bits_where(("priced",), lambda: map((0).__le__, price))
    if filters.moq_max is not None:
        bound, moq = filters.moq_max, columns["moq"]
        tests["moq"] = data.bits_where(("moq", bound), lambda: map(bound.__ge__, moq))
    return tests


def _weights_of(postings: Postings, docnums: list[int]) -> list[float]:
    """The weights of sorted local docnums in a posting list (0.0 where absent)."""
    ids, weights = postings.ids, postings.weights
    if not ids:
        return [0.0] * len(docnums)
    last = len(ids) - 1
    found = [min(i, last) for i in map(bisect_left, repeat(ids, len(docnums)), docnums)]
    return [weights[i] if ids[i] == d else 0.0 for i, d in zip(found, docnums, strict=True)]


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

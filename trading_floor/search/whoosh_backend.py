"""The embedded search backend: Whoosh 2.7.4 (the only module of the floor that imports whoosh).

Layout: SEARCH_INDEX_DIR/current is a symlink to one generation directory holding two Whoosh
indexes, `listings` and `enterprises`. A reindex builds a new generation directory and swaps the
symlink atomically (os.replace), so searches keep being answered from the old one meanwhile.

Speed: Whoosh's own collectors walk posting lists one posting at a time in Python, which makes a
common syllable (*hàng*, *xuất*) cost ~125 ms at 100k listings. This module reads posting blocks
whole (ids and weights arrays), caches them per immutable segment, keeps filter/facet columns in
memory per segment, and ranks a bounded candidate set; Whoosh does storage, segments, merging and
locking. A searcher is reused between requests and reopened only when the index generation moves.
"""

from __future__ import annotations

import heapq
import logging
import math
import os
import shutil
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.reading import TermNotFound
from whoosh.writing import LockError

from trading_floor.search import analysis
from trading_floor.search.backend import (
    CANDIDATE_CAP,
    CERT_BITS,
    SECTION_WEIGHTS,
    EnterpriseDocument,
    EnterpriseQuery,
    Facets,
    Filters,
    IndexUnavailable,
    ListingDocument,
    SearchBackend,
    SearchHits,
    SearchQuery,
)

log = logging.getLogger(__name__)
SECTION_SEPARATOR = "\x1e"  # never in indexed text: analysis.normalize removes control characters
SECTION_GAP = 10_000  # positions between sections, so a phrase never spans title and description
LISTINGS, ENTERPRISES = "listings", "enterprises"
COLUMNS = {LISTINGS: ("lid", "ent", "cat", "commune", "price", "moq", "cert", "pub"),
           ENTERPRISES: ("eid", "commune", "sector")}


# --- analysis ---------------------------------------------------------------------------------
@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    return analysis.fold(word)


class VietnameseTokenizer(Tokenizer):
    """Tokens from analysis.tokenize, weighted by section (title, category, enterprise, text)."""

    def __init__(self, folded: bool):
        self.folded = folded

    def __eq__(self, other):
        return type(other) is type(self) and other.folded == self.folded

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for index, section in enumerate(value.split(SECTION_SEPARATOR)):
            boost = SECTION_WEIGHTS[min(index, len(SECTION_WEIGHTS) - 1)]
            for position, word in enumerate(analysis.words(section)):
                token.text = _fold(word) if self.folded else word
                token.boost = boost
                token.stopped = False
                if positions:
                    token.pos = start_pos + index * SECTION_GAP + position
                yield token


def _schema(kind: str) -> Schema:
    text = {"exact": TEXT(analyzer=VietnameseTokenizer(False), phrase=True),
            "folded": TEXT(analyzer=VietnameseTokenizer(True), phrase=True)}
    number = {name: NUMERIC(int, bits=64, signed=True, sortable=True) for name in COLUMNS[kind]}
    if kind == LISTINGS:
        return Schema(key=ID(unique=True), title=STORED(),
                      tfold=TEXT(analyzer=VietnameseTokenizer(True)), **text, **number)
    return Schema(key=ID(unique=True), **text, **number)


def _listing_fields(doc: ListingDocument) -> dict:
    body = SECTION_SEPARATOR.join(analysis.normalize(s) for s in doc.sections)
    published = int(doc.published_at.timestamp()) if doc.published_at else 0
    return {"key": str(doc.listing_id), "title": doc.title, "tfold": analysis.normalize(doc.title),
            "exact": body, "folded": body, "lid": doc.listing_id, "ent": doc.enterprise_id,
            "cat": doc.category_id, "commune": doc.commune_code or 0,
            "price": -1 if doc.price_vnd is None else doc.price_vnd, "moq": doc.moq,
            "cert": doc.cert_mask, "pub": published}


def _enterprise_fields(doc: EnterpriseDocument) -> dict:
    body = SECTION_SEPARATOR.join(analysis.normalize(s) for s in doc.sections)
    return {"key": str(doc.enterprise_id), "exact": body, "folded": body,
            "eid": doc.enterprise_id, "commune": doc.commune_code or 0,
            "sector": ord(doc.sector[0]) if doc.sector else 0}


# --- per-segment caches -----------------------------------------------------------------------
class _SegmentData:
    """Columns and posting lists of one immutable segment (valid across index generations)."""

    POSTINGS_CACHED = 600

    def __init__(self, reader, kind: str):
        self.columns = {name: list(reader.column_reader(name)) for name in COLUMNS[kind]}
        self._postings: OrderedDict[tuple[str, str], dict[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def postings(self, reader, field: str, word: str) -> dict[int, float]:
        """Local docnum -> weight (section-boosted term frequency), deleted documents included."""
        key = (field, word)
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


def _read_postings(reader, field: str, word: str) -> dict[int, float]:
    try:
        matcher = reader._terms.matcher(field, reader._text_to_bytes(field, word),
                                        reader.schema[field].format)
    except (KeyError, TermNotFound):
        return {}
    ids: list[int] = []
    weights: list[float] = []
    # read whole blocks (arrays) instead of one posting at a time: 2.7.4's W3LeafMatcher internals
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        while not matcher._atend:
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
    else:  # pragma: no cover - another codec
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return dict(zip(ids, weights, strict=True))


def _positions(reader, field: str, word: str, docnums: list[int]) -> dict[int, list[int]]:
    """Positions of a word in a few documents (phrase checks on a bounded candidate set)."""
    try:
        matcher = reader._terms.matcher(field, reader._text_to_bytes(field, word),
                                        reader.schema[field].format)
    except (KeyError, TermNotFound):
        return {}
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
        self.size = len(next(iter(self.columns.values()))) if self.columns else 0
        self.doc_count = self.size - len(self.deleted)

    def close(self):
        self.searcher.close()

    def postings(self, field: str, word: str) -> list[tuple[int, dict[int, float]]]:
        return [(offset, data.postings(reader, field, word))
                for reader, offset, data, _ in self.parts]

    def doc_frequency(self, word: str) -> int:
        return sum(len(p) for _, p in self.postings("folded", word))

    def match(self, folded_terms: tuple[str, ...]) -> set[int]:
        """Global docnums containing every folded term (deleted documents excluded)."""
        result: set[int] = set()
        for reader, offset, data, deleted in self.parts:
            local: set[int] | None = None
            lists = sorted((data.postings(reader, "folded", w) for w in set(folded_terms)), key=len)
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
        for reader, offset, _data, _deleted in self.parts:
            local = [d - offset for d in by_part.get(offset, ())]
            if not local:
                continue
            positions = [_positions(reader, "folded", w, local) for w in words]
            for docnum in local:
                starts = set(positions[0].get(docnum, ()))
                for shift, later in enumerate(positions[1:], start=1):
                    following = set(later.get(docnum, ()))
                    starts = {p for p in starts if p + shift in following}
                if starts:
                    found[docnum + offset] = min(starts) // SECTION_GAP
        return found

    def rank(self, docs: set[int], exact: tuple[str, ...], folded: tuple[str, ...],
             phrase_words: tuple[str, ...], limit: int) -> list[int]:
        """The best `limit` of `docs`: accent-exact matches count double, phrases count more."""
        n = max(self.doc_count, 1)
        terms = []
        for exact_word, folded_word in dict(zip(exact, folded, strict=True)).items():
            folded_postings = self.postings("folded", folded_word)
            df = sum(len(p) for _, p in folded_postings) or 1
            idf = math.log(1 + n / df)
            # a word typed without diacritics may mean any spelling: no accent-exact bonus then
            exact_postings = (self.postings("exact", exact_word) if exact_word != folded_word
                              else [(offset, {}) for offset, _ in folded_postings])
            terms.append((idf, folded_postings, exact_postings))
        if not terms:
            return sorted(docs)[:limit]

        def score(docnum: int, selected=terms) -> float:
            total = 0.0
            for idf, folded_postings, exact_postings in selected:
                for (offset, fp), (_, ep) in zip(folded_postings, exact_postings, strict=True):
                    local = docnum - offset
                    if local in fp:
                        wf = fp[local]
                        we = ep.get(local, 0.0)
                        total += idf * (_saturate(wf) + 2 * _saturate(we))
                        break
            return total

        candidates = docs
        if len(docs) > CANDIDATE_CAP:
            # a bounded candidate set: the documents where the rarest word weighs most
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


# --- the backend ------------------------------------------------------------------------------
class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self._lock = threading.RLock()
        self._views: dict[str, _View] = {}
        self._segments: dict[str, dict[str, _SegmentData]] = {LISTINGS: {}, ENTERPRISES: {}}
        self._opened_path: str | None = None
        self._vocabulary: tuple[float, dict[str, int]] | None = None

    # --- opening --------------------------------------------------------------------------------
    @property
    def current(self) -> Path:
        return self.root / "current"

    def _generation_dir(self) -> Path:
        try:
            target = os.readlink(self.current)
        except OSError as error:
            raise IndexUnavailable("missing") from error
        return self.root / target

    def _view(self, kind: str) -> _View:
        """The opened index, reopened when the symlink or the index generation moved."""
        path = self._generation_dir()
        with self._lock:
            if str(path) != self._opened_path:
                for view in self._views.values():
                    view.close()
                self._views = {}
                self._segments = {LISTINGS: {}, ENTERPRISES: {}}
                self._opened_path = str(path)
                self._vocabulary = None
            view = self._views.get(kind)
            try:
                if view is None:
                    ix = whoosh_index.open_dir(str(path), indexname=kind)
                elif view.ix.latest_generation() == view.generation:
                    return view
                else:
                    ix = view.ix
                # a brand-new searcher (not Searcher.refresh()): never a merged-away segment
                fresh = _View(ix, kind, self._segments[kind])
            except (OSError, whoosh_index.EmptyIndexError, ValueError, EOFError) as error:
                raise IndexUnavailable(f"unreadable: {error.__class__.__name__}") from error
            if view is not None:
                view.close()
                live = {reader.segment().segment_id() for reader, *_ in fresh.parts}
                for segment_id in list(self._segments[kind]):
                    if segment_id not in live:
                        del self._segments[kind][segment_id]
            self._views[kind] = fresh
            return fresh

    def health(self) -> str:
        try:
            self._view(LISTINGS)
            self._view(ENTERPRISES)
        except IndexUnavailable as error:
            return f"error: search index {error}"
        return "ok"

    # --- writing --------------------------------------------------------------------------------
    def _write(self, kind: str, apply: Callable) -> None:
        try:
            path = self._generation_dir()
            ix = whoosh_index.open_dir(str(path), indexname=kind)
        except (IndexUnavailable, OSError, whoosh_index.EmptyIndexError) as error:
            log.warning("search index unavailable, change not indexed (run `search reindex`): %s",
                        error)
            return
        for attempt in range(5):
            try:
                writer = ix.writer(timeout=10.0)
                break
            except LockError:  # another worker writes: wait for it
                if attempt == 4:
                    raise
                time.sleep(0.2)
        try:
            apply(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def index(self, documents: Iterable[ListingDocument]) -> None:
        documents = list(documents)
        if documents:
            self._write(LISTINGS, lambda w: [w.update_document(**_listing_fields(d))
                                             for d in documents])

    def remove(self, listing_ids: Iterable[int]) -> None:
        keys = [str(i) for i in listing_ids]
        if keys:
            self._write(LISTINGS, lambda w: [w.delete_by_term("key", k) for k in keys])

    def index_enterprises(self, documents: Iterable[EnterpriseDocument],
                          remove_ids: Iterable[int] = ()) -> None:
        documents, removed = list(documents), [str(i) for i in remove_ids]
        if not documents and not removed:
            return

        def apply(writer):
            for key in removed:
                writer.delete_by_term("key", key)
            for document in documents:
                writer.update_document(**_enterprise_fields(document))

        self._write(ENTERPRISES, apply)

    def reindex(self, listings, enterprises, progress=None) -> int:
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        building = self.root / f"gen-{stamp}"
        building.mkdir()
        writer = None
        try:
            count = 0
            ix = whoosh_index.create_in(str(building), _schema(LISTINGS), indexname=LISTINGS)
            writer = ix.writer(limitmb=256)
            for document in listings:
                writer.add_document(**_listing_fields(document))
                count += 1
                if progress and count % 500 == 0:
                    progress(500)
            writer.commit()
            if progress and count % 500:
                progress(count % 500)
            ix = whoosh_index.create_in(str(building), _schema(ENTERPRISES), indexname=ENTERPRISES)
            writer = ix.writer(limitmb=128)
            for document in enterprises:
                writer.add_document(**_enterprise_fields(document))
            writer.commit()
            writer = None
        except BaseException:
            if writer is not None and not writer.is_closed:
                writer.cancel()
            shutil.rmtree(building, ignore_errors=True)
            raise
        link = self.root / f".current-{stamp}"
        os.symlink(building.name, link)
        previous = os.readlink(self.current) if self.current.is_symlink() else None
        os.replace(link, self.current)  # atomic: a search sees the old index or the new one
        # keep the previous generation (a worker may still read it); remove older ones
        for old in self.root.glob("gen-*"):
            if old.name not in (building.name, previous):
                shutil.rmtree(old, ignore_errors=True)
        return count

    # --- reading --------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchHits:
        view = self._view(LISTINGS)
        with self._lock:
            return self._search(view, query)

    def _search(self, view: _View, query: SearchQuery) -> SearchHits:
        folded = tuple(_fold(t) for t in query.terms)
        phrase_words = tuple(w for p in query.phrases for w in p)
        required = folded + tuple(_fold(w) for w in phrase_words)
        docs = view.match(required) if required else view.all_docs()
        for phrase in query.phrases:
            if len(phrase) > 1 and docs:
                docs = set(view.has_phrase(tuple(_fold(w) for w in phrase), docs))
        columns = view.columns
        filters = query.filters
        tests = _filter_tests(filters, columns)
        matched = _apply(docs, tests.values())
        facets = Facets()
        if query.facets:
            for name, column, facet in (("category", "cat", facets.category),
                                        ("commune", "commune", facets.commune)):
                subset = _apply(docs, [t for k, t in tests.items() if k != name]) \
                    if name in tests else matched
                facet.update(Counter(map(columns[column].__getitem__, subset)))
            facets.commune.pop(0, None)
            subset = _apply(docs, [t for k, t in tests.items() if k != "cert"]) \
                if "cert" in tests else matched
            for mask, count in Counter(map(columns["cert"].__getitem__, subset)).items():
                for bit in CERT_BITS.values():
                    if mask & bit:
                        facets.cert[bit] = facets.cert.get(bit, 0) + count
        end = query.offset + query.limit
        sort = query.sort if (query.terms or query.phrases or query.sort != "relevance") \
            else "newest"
        if sort == "relevance":
            ordered = view.rank(matched, query.terms + phrase_words, folded + tuple(
                _fold(w) for w in phrase_words), folded if len(folded) > 1 else (), end)
        elif sort == "newest":
            pub, lid = columns["pub"], columns["lid"]
            ordered = heapq.nlargest(end, matched, key=lambda d: (pub[d], lid[d]))
        else:
            price, lid = columns["price"], columns["lid"]
            if sort == "price_asc":
                ordered = heapq.nsmallest(end, matched, key=lambda d: (
                    price[d] < 0, price[d], lid[d]))
            else:
                ordered = heapq.nsmallest(end, matched, key=lambda d: (
                    price[d] < 0, -price[d], lid[d]))
        lid = columns["lid"]
        return SearchHits(total=len(matched), ids=[lid[d] for d in ordered[query.offset:end]],
                          facets=facets)

    def search_enterprises(self, query: EnterpriseQuery) -> tuple[int, list[int]]:
        view = self._view(ENTERPRISES)
        with self._lock:
            folded = tuple(_fold(t) for t in query.terms)
            docs = view.match(folded) if folded else view.all_docs()
            commune, sector = view.columns["commune"], view.columns["sector"]
            if query.commune_code:
                docs = {d for d in docs if commune[d] == query.commune_code}
            if query.sector:
                code = ord(query.sector[0])
                docs = {d for d in docs if sector[d] == code}
            end = query.offset + query.limit
            ordered = view.rank(docs, query.terms, folded, folded if len(folded) > 1 else (), end)
            eid = view.columns["eid"]
            return len(docs), [eid[d] for d in ordered[query.offset:end]]

    def suggest(self, folded_terms, prefix, limit=8) -> list[str]:
        view = self._view(LISTINGS)
        with self._lock:
            titles: list[str] = []
            seen = set()
            for reader, _offset, data, deleted in view.parts:
                words = []
                for word in reader.expand_prefix("tfold", prefix):
                    words.append(word.decode() if isinstance(word, bytes) else word)
                    if len(words) >= 40:  # never an unbounded prefix expansion
                        break
                local: set[int] = set()
                for word in words:
                    local.update(data.postings(reader, "tfold", word))
                for word in folded_terms:
                    local.intersection_update(data.postings(reader, "tfold", word))
                local.difference_update(deleted)
                for docnum in sorted(local)[:200]:
                    title = reader.stored_fields(docnum).get("title", "")
                    if title.lower() not in seen:
                        seen.add(title.lower())
                        titles.append(title)
            titles.sort(key=lambda t: (len(t), t))
            return titles[:limit]

    def vocabulary(self) -> dict[str, int]:
        view = self._view(LISTINGS)
        with self._lock:
            if self._vocabulary and time.monotonic() - self._vocabulary[0] < 300:
                return self._vocabulary[1]
            reader = view.searcher.reader()
            words = {}
            for word, info in reader.iter_field("tfold"):
                word = word.decode() if isinstance(word, bytes) else word
                words[word] = info.doc_frequency()
            for field in ("folded", "exact"):
                for word, info in reader.iter_field(field):
                    word = word.decode() if isinstance(word, bytes) else word
                    words.setdefault(word, info.doc_frequency())
            self._vocabulary = (time.monotonic(), words)
            return words

    def indexed_ids(self) -> dict[int, datetime | None]:
        view = self._view(LISTINGS)
        lid, pub = view.columns["lid"], view.columns["pub"]
        return {lid[d]: datetime.utcfromtimestamp(pub[d]) if pub[d] else None  # noqa: DTZ004
                for d in view.all_docs()}


def _filter_tests(filters: Filters, columns: dict[str, list[int]]) -> dict[str, Callable]:
    """One predicate per active filter (a docnum -> bool on the in-memory columns)."""
    tests: dict[str, Callable[[int], bool]] = {}
    if filters.category_ids is not None:
        cat, wanted = columns["cat"], filters.category_ids
        tests["category"] = lambda d: cat[d] in wanted
    if filters.commune_code is not None:
        commune, code = columns["commune"], filters.commune_code
        tests["commune"] = lambda d: commune[d] == code
    if filters.cert_bit is not None:
        cert, bit = columns["cert"], filters.cert_bit
        tests["cert"] = lambda d: bool(cert[d] & bit)
    price = columns["price"]
    if filters.price_min is not None:
        low = filters.price_min
        tests["price_min"] = lambda d: price[d] >= low
    if filters.price_max is not None:
        high = filters.price_max
        tests["price_max"] = lambda d: 0 <= price[d] <= high
    if filters.moq_max is not None:
        moq, most = columns["moq"], filters.moq_max
        tests["moq"] = lambda d: moq[d] <= most
    return tests


def _apply(docs: set[int], tests) -> set[int]:
    tests = list(tests)
    if not tests:
        return docs
    return {d for d in docs if all(test(d) for test in tests)}

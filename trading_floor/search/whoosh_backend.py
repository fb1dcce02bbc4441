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
import os
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache, partial
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema
from whoosh.reading import SegmentReader
from whoosh.writing import LockError

from trading_floor.search import analysis
from trading_floor.search.backend import (
    CERT_BITS,
    SECTION_WEIGHTS,
    EnterpriseDocument,
    EnterpriseQuery,
    Facets,
    IndexUnavailable,
    ListingDocument,
    SearchBackend,
    SearchHits,
    SearchQuery,
)
from trading_floor.search.whoosh_engine import (
    COLUMNS,
    ENTERPRISES,
    LISTINGS,
    SECTION_GAP,
    Selection,
    _apply,
    _filter_tests,
    _SegmentData,
    _View,
)

log = logging.getLogger(__name__)
# a full rebuild indexes in parallel processes (one segment each, never merged: the engine reads
# several segments as easily as one)
BUILD_PROCS = int(os.environ.get("SEARCH_BUILD_PROCS", str(min(2, os.cpu_count() or 1))))
EXACT_SECTIONS = 3  # title, category and certifications, enterprise name
SECTION_SEPARATOR = "\x1e"  # never in indexed text: analysis.normalize removes control characters
# after a commit, the writing thread replays this many of the most asked queries on the new view
# (within a time budget, as it holds the GIL meanwhile)
WARM_QUERIES, WARM_SECONDS = 40, 0.15


# --- analysis ---------------------------------------------------------------------------------
@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    return analysis.fold(word)


class VietnameseTokenizer(Tokenizer):
    """Splits text that _analysed() prepared (words joined by spaces, sections by \x1e), weighting
    each section (title, category, enterprise, description); analysis runs once per document."""

    def __init__(self, folded: bool):
        self.folded = folded

    def __eq__(self, other):
        return type(other) is type(self) and other.folded == self.folded

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for index, section in enumerate(value.split(SECTION_SEPARATOR)):
            boost = SECTION_WEIGHTS[min(index, len(SECTION_WEIGHTS) - 1)]
            for position, word in enumerate(section.split()):
                token.text = word
                token.boost = boost
                token.stopped = False
                if positions:
                    token.pos = start_pos + index * SECTION_GAP + position
                yield token


def _analysed(sections) -> tuple[str, str]:
    """(accent-exact, folded) field values of a document's sections."""
    exact, folded = [], []
    for index, section in enumerate(sections):
        words = analysis.words(section)
        if index < EXACT_SECTIONS:
            exact.append(" ".join(words))
        folded.append(" ".join(map(_fold, words)))
    return SECTION_SEPARATOR.join(exact), SECTION_SEPARATOR.join(folded)


def _schema(kind: str) -> Schema:
    # accent-exact words only add a ranking bonus: no positions, and no description (the bulk of
    # the words), which halves the postings a build writes
    text = {"exact": TEXT(analyzer=VietnameseTokenizer(False), phrase=False),
            "folded": TEXT(analyzer=VietnameseTokenizer(True), phrase=True)}
    # filter/facet values as columns only: indexing them as numeric terms tripled the build time
    number = {name: COLUMN(NumericColumn("q")) for name in COLUMNS[kind]}
    if kind == LISTINGS:
        return Schema(key=ID(unique=True), title=STORED(),
                      tfold=TEXT(analyzer=VietnameseTokenizer(True)), **text, **number)
    return Schema(key=ID(unique=True), **text, **number)


def _listing_fields(doc: ListingDocument) -> dict:
    exact, folded = _analysed(doc.sections)
    published = int(doc.published_at.timestamp()) if doc.published_at else 0
    return {"key": str(doc.listing_id), "title": doc.title,
            "tfold": folded.split(SECTION_SEPARATOR, 1)[0], "exact": exact, "folded": folded, "lid": doc.listing_id, "ent": doc.enterprise_id,
            "cat": doc.category_id, "commune": doc.commune_code or 0,
            "price": -1 if doc.price_vnd is None else doc.price_vnd, "moq": doc.moq,
            "cert": doc.cert_mask, "pub": published}


def _enterprise_fields(doc: EnterpriseDocument) -> dict:
    exact, folded = _analysed(doc.sections)
    return {"key": str(doc.enterprise_id), "exact": exact, "folded": folded,
            "eid": doc.enterprise_id, "commune": doc.commune_code or 0,
            "sector": ord(doc.sector[0]) if doc.sector else 0}


def _build_codec() -> W3Codec:
    """The default codec without per-block field-length statistics: writing them looked up
    every posting's document length (a fifth of a build's time), and they only serve Whoosh's
    own BM25 block bounds, which the engine never uses (it scores with its own weights)."""
    codec = W3Codec()
    codec.length_stats = False
    return codec


# --- the backend ------------------------------------------------------------------------------
class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self._lock = threading.RLock()
        self._build_lock = threading.Lock()  # held while this process commits and warms a view
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
                for segments in self._segments.values():
                    for data in segments.values():
                        data.close()
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
                elif not self._build_lock.acquire(blocking=False):
                    # this process's writing thread is opening and warming the new generation
                    # right now (see _write): answer from the previous one until it swaps it in
                    return view
                else:
                    self._build_lock.release()
                    ix = view.ix
                # exactly the segments of the latest table of contents (never Whoosh's
                # Searcher.refresh(), which kept merged-away segments in whoosh-reloaded)
                fresh = self._open_view(ix, kind)
                if view is not None and kind == LISTINGS:
                    self._carry(view, fresh)
            except Exception as error:  # whoosh raises many kinds on a damaged index
                raise IndexUnavailable(f"unreadable: {error.__class__.__name__}") from error
            self._swap(kind, view, fresh)
            return fresh

    def _swap(self, kind: str, old: _View | None, fresh: _View) -> None:
        """Puts a new view in place of `old` (under self._lock: no search is running on it)."""
        if old is not None:
            old.close()
            fresh.hits.update(dict(old.hits.most_common(200)))
            live = {reader.segment().segment_id() for reader, *_ in fresh.parts}
            for segment_id in list(self._segments[kind]):
                if segment_id not in live:  # merged away: no view reads it any more
                    self._segments[kind].pop(segment_id).close()
        self._views[kind] = fresh

    @staticmethod
    def _carry(old: _View, fresh: _View) -> None:
        """Copies to a new generation the previous one's results that its commit cannot have
        changed (see _Changes.may_change): a commit changes one listing, most cached queries
        do not contain its words, and they need not be computed again."""
        changes = fresh.changes_since(old)
        if changes is None:
            return
        for query, hits in list(old.results.items()):  # a copy: requests may add meanwhile
            if not isinstance(query, SearchQuery) or query in fresh.results:
                continue
            words = tuple(_fold(w) for w in query.terms + tuple(w for p in query.phrases
                                                                for w in p))
            if not changes.may_change(words, query.sort == "relevance"):
                fresh.results[query] = hits

    def _open_view(self, ix, kind: str) -> _View:
        """A view of the latest generation. A segment that another process merged away between
        reading the table of contents and opening the segment: read them again (as Whoosh's
        own reader() does)."""
        for attempt in range(10):
            try:
                return _View(ix, kind, self._segments[kind], partial(SegmentReader, ix.storage))
            except OSError:
                if attempt == 9:
                    raise
                time.sleep(0.05)
        raise AssertionError("unreachable")

    def _warm(self, kind: str) -> None:
        """Opens the generation this process just committed in the writing thread, and replays
        the previous view's most asked queries on it (as Solr autowarms its caches), so the
        first requests after a commit find a warm view instead of rebuilding it themselves."""
        try:
            path = self._generation_dir()
        except IndexUnavailable:
            return
        with self._lock:
            old = self._views.get(kind)
            if old is None or str(path) != self._opened_path:
                return  # nothing opened yet, or a reindex swapped the generation: _view opens it
        try:
            if old.ix.latest_generation() == old.generation:
                return
            fresh = self._open_view(old.ix, kind)
        except Exception:  # noqa: BLE001 - a damaged index is reported by the next search
            log.exception("search index: could not open the new generation")
            return
        if kind == LISTINGS:
            deadline = time.perf_counter() + WARM_SECONDS
            try:
                self._carry(old, fresh)
                for query, _count in old.hits.most_common(WARM_QUERIES):
                    if time.perf_counter() > deadline:
                        break
                    if query not in fresh.results:
                        fresh.results[query] = self._search(fresh, query)
            except Exception:  # noqa: BLE001 - a reindex swapped the index meanwhile
                log.warning("search index: warming the new generation failed", exc_info=True)
                return
        with self._lock:
            if self._views.get(kind) is old and str(path) == self._opened_path:
                self._swap(kind, old, fresh)
            else:
                fresh.close()

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
        # requests keep the previous view while this thread commits and warms the next one
        with self._build_lock:
            try:
                apply(writer)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            self._warm(kind)

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
            writer = ix.writer(limitmb=256, procs=BUILD_PROCS, multisegment=BUILD_PROCS > 1,
                               codec=_build_codec())
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
        with self._lock:
            view = self._view(LISTINGS)
            view.hits[query] += 1
            # results are cached per opened generation only: any commit opens a new view
            cached = view.results.get(query)
            if cached is None:
                cached = view.results[query] = self._search(view, query)
                if len(view.results) > 256:
                    view.results.pop(next(k for k in view.results if isinstance(k, SearchQuery)))
            return cached

    def _search(self, view: _View, query: SearchQuery) -> SearchHits:
        """One query on one view, on bitmaps (whoosh_bits): the text matches, each filter and
        each facet value are sets of a segment's documents as Python ints, so a very common
        word's ~90k matches are intersected, filtered and counted without visiting them; only
        the ranked candidates or a sorted page become docnums. Same results as _search_plain."""
        folded = tuple(_fold(t) for t in query.terms)
        phrase_words = tuple(w for p in query.phrases for w in p)
        required = folded + tuple(_fold(w) for w in phrase_words)
        selection = Selection(view, required, query.filters)
        for phrase in query.phrases:
            if len(phrase) > 1:
                selection.require_phrase(tuple(_fold(w) for w in phrase))
        facets = selection.facets() if query.facets else Facets()
        end = query.offset + query.limit
        sort = query.sort if (query.terms or query.phrases or query.sort != "relevance") \
            else "newest"
        if end == 0:
            ordered = []
        elif sort == "relevance":
            folded_all = folded + tuple(_fold(w) for w in phrase_words)
            ordered = view.rank(selection.candidates(folded_all), query.terms + phrase_words,
                                folded_all, folded if len(folded) > 1 else (), end)
        else:
            ordered = selection.sorted_ids(sort, end)
        lid = view.columns["lid"]
        return SearchHits(total=selection.total, ids=[lid[d] for d in ordered[query.offset:end]],
                          facets=facets)

    def _search_plain(self, view: _View, query: SearchQuery) -> SearchHits:
        """The same query on docnum sets and lists: the reference the bitmap path is tested
        against (tests/search/test_bitmaps.py)."""
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
        matched = _apply(docs, tests.values())  # a list from here on
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
                _fold(w) for w in phrase_words), folded if len(folded) > 1 else (), end,
                title_field="tfold")
        else:
            # one precomputed sort key per document and generation; a C-level key function
            keys = view.results.get(("sort", sort))
            if keys is None:
                price = columns["price"]
                if sort == "newest":
                    keys = [-p for p in columns["pub"]]
                elif sort == "price_asc":
                    keys = [p if p >= 0 else 1 << 62 for p in price]
                else:
                    keys = [-p if p >= 0 else 1 << 62 for p in price]
                view.results[("sort", sort)] = keys
            # ties: the later listing first for "newest" (as PostgreSQL orders them), else the earlier
            ordered_docs = sorted(matched, reverse=sort == "newest")
            ordered = heapq.nsmallest(end, ordered_docs, key=keys.__getitem__)
        lid = columns["lid"]
        return SearchHits(total=len(matched), ids=[lid[d] for d in ordered[query.offset:end]],
                          facets=facets)

    def search_enterprises(self, query: EnterpriseQuery) -> tuple[int, list[int]]:
        with self._lock:
            view = self._view(ENTERPRISES)
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
        with self._lock:
            view = self._view(LISTINGS)
            titles: list[str] = []
            seen = set()
            for reader, _offset, data, deleted in view.parts:
                words = []
                with data.read_lock:  # the reader is shared with the writing thread's warming
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
                    with data.read_lock:
                        title = reader.stored_fields(docnum).get("title", "")
                    if title.lower() not in seen:
                        seen.add(title.lower())
                        titles.append(title)
            titles.sort(key=lambda t: (len(t), t))
            return titles[:limit]

    def vocabulary(self) -> dict[str, int]:
        with self._lock:
            view = self._view(LISTINGS)
            if self._vocabulary and time.monotonic() - self._vocabulary[0] < 300:
                return self._vocabulary[1]

            def frequencies(field: str) -> dict[str, int]:
                """Word -> document frequency summed over the segments, in term order (as
                Whoosh's merged reader lists them)."""
                found: dict[str, int] = {}
                for reader, _offset, data, _deleted in view.parts:
                    with data.read_lock:  # shared with the writing thread's warming
                        for word, info in reader.iter_field(field):
                            word = word.decode() if isinstance(word, bytes) else word
                            found[word] = found.get(word, 0) + info.doc_frequency()
                return dict(sorted(found.items()))

            words = frequencies("tfold")
            for field in ("folded", "exact"):
                for word, count in frequencies(field).items():
                    words.setdefault(word, count)
            self._vocabulary = (time.monotonic(), words)
            return words

    def indexed_ids(self) -> dict[int, datetime | None]:
        view = self._view(LISTINGS)
        lid, pub = view.columns["lid"], view.columns["pub"]
        return {lid[d]: datetime.utcfromtimestamp(pub[d]) if pub[d] else None  # noqa: DTZ004
                for d in view.all_docs()}

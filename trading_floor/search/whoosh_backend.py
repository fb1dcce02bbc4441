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

import logging
import multiprocessing
import os
import queue
import shutil
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache, partial
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.reading import SegmentReader
from whoosh.system import pack_uint
from whoosh.writing import LockError, SegmentWriter

from trading_floor.search import analysis
from trading_floor.search.backend import (
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
from trading_floor.search.whoosh_engine import Selection, _View
from trading_floor.search.whoosh_segments import (
    COLUMNS,
    ENTERPRISES,
    LISTINGS,
    SECTION_GAP,
    _SegmentData,
)

log = logging.getLogger(__name__)
# a full rebuild indexes in parallel processes, each a contiguous slice of the listings (one
# segment each, never merged: the engine reads several segments as easily as one), and one more
# process for the enterprises
# below this many listings a rebuild stays in this process (forking costs more than it saves)
PARALLEL_BUILD_MIN = 2000
PROGRESS_STEP = 500
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


def _section_postings(field, value: str):
    """What `field.index(value)` yields for a VietnameseTokenizer field, term for term and byte
    for byte ((utf-8 word, frequency, weight, encoded value), tests compare both), without
    Whoosh's token objects and generators: the same split of the prepared text, the same
    positions and the same section weights summed in the same order."""
    keep_positions = type(field.format) is Positions
    found: dict[str, list] = {}
    for index, section in enumerate(value.split(SECTION_SEPARATOR)):
        boost = SECTION_WEIGHTS[min(index, len(SECTION_WEIGHTS) - 1)]
        for position, word in enumerate(section.split(), index * SECTION_GAP):
            entry = found.get(word)
            if entry is None:
                found[word] = [boost, [position]]
            else:
                entry[0] += boost
                entry[1].append(position)
    field_boost = field.format.field_boost
    items = []
    if keep_positions:
        # most words occur once in a document: their encoded positions are cached per position
        encode, single = field.format.encode, _SINGLE_POSITION
        for word, (weight, positions) in found.items():
            if len(positions) == 1:
                vbytes = single.get(positions[0])
                if vbytes is None:
                    vbytes = single[positions[0]] = encode(positions)
            else:
                vbytes = encode(positions)
            items.append((word.encode("utf-8"), len(positions), weight * field_boost, vbytes))
    else:
        for word, (weight, positions) in found.items():
            frequency = len(positions)
            items.append((word.encode("utf-8"), frequency, weight * field_boost,
                          _FREQUENCIES[frequency] if frequency < 64 else pack_uint(frequency)))
    return items


_SINGLE_POSITION: dict[int, bytes] = {}  # Positions.encode([position]) by position
_FREQUENCIES = [pack_uint(frequency) for frequency in range(64)]


class _BuildWriter(SegmentWriter):
    """The writer of a full rebuild's segments: the same segment files as Whoosh's SegmentWriter,
    written with less work. Whoosh's writer puts every posting in a pool of tuples that it sorts
    at the end (and spills to disk in sorted runs past `limitmb`, then merges them back, in pure
    Python): here documents arrive in docnum order, so each term's postings are appended to that
    term's list already sorted, and only the terms are sorted at the end. The Vietnamese fields
    are split by _section_postings instead of Whoosh's tokenizer pipeline.

    Only what the floor's schemas use is supported: no boosts given with a document, no term
    vectors, no separate spelling fields."""

    def __init__(self, ix, lock: bool = False):
        super().__init__(ix, _lk=lock, codec=_build_codec())
        self._postings: dict[str, dict[bytes, list]] = {}
        self._fields, self._names = [], set(self.schema.names())
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name}: not supported by the build writer")
            fast = (isinstance(field.analyzer, VietnameseTokenizer)
                    and type(field.format) in (Positions, Frequency))
            self._fields.append((name, field, fast))
        self._fields.sort()

    def add_document(self, **fields):
        self._check_state()
        perdoc, docnum, postings = self.perdocwriter, self.docnum, self._postings
        if not fields.keys() <= self._names:
            raise ValueError(f"unknown fields: {sorted(fields.keys() - self._names)}")
        perdoc.start_doc(docnum)
        for name, field, fast in self._fields:  # sorted, as SegmentWriter.add_document
            value = fields.get(name)
            if value is None:
                continue
            length = 0
            if field.indexed:
                terms = postings.get(name)
                if terms is None:
                    terms = postings[name] = {}
                scorable = field.scorable
                items = _section_postings(field, value) if fast else field.index(value)
                for tbytes, frequency, weight, vbytes in items:
                    if scorable:
                        length += frequency
                    posting = (docnum, weight, vbytes)
                    term = terms.get(tbytes)
                    if term is None:
                        terms[tbytes] = [posting]
                    else:
                        term.append(posting)
            perdoc.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdoc.add_column_value(name, column, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        # what FieldWriter.add_postings does with the sorted pool (fields, then terms, in order,
        # each posting through W3PostingsWriter.add_posting), a block of postings at a time: the
        # same blocks (`blocklimit` postings, written when the next posting comes or at the end
        # of the term), the same ids, weights, values and maximum weight
        self.perdocwriter.close()
        writer = self.fieldwriter
        for name in sorted(self._postings):
            terms = self._postings[name]
            writer.start_field(name, self.schema[name])
            for tbytes in sorted(terms):
                postings = terms[tbytes]
                writer.start_term(tbytes)
                block = writer._postwriter
                limit = block._blocklimit
                for first in range(0, len(postings), limit):
                    if first:
                        block._write_block()
                    ids, weights, values = zip(*postings[first:first + limit], strict=True)
                    block._ids.extend(ids)
                    block._weights.extend(weights)
                    top = max(weights)
                    if top > block._maxweight:
                        block._maxweight = top
                    block._values.extend(filter(None, values))  # as add_posting: no empty values
                writer.finish_term()
            writer.finish_field()
        writer.close()
        self._postings = {}


def _build_segment(directory: str, kind: str, documents, progress=None):
    """Indexes `documents` into a new, not yet committed segment of the `kind` index in
    `directory`; returns the segment (None when there was no document)."""
    ix = whoosh_index.open_dir(directory, indexname=kind)
    writer = _BuildWriter(ix)
    fields_of = _listing_fields if kind == LISTINGS else _enterprise_fields
    try:
        done = 0
        for document in documents:
            writer.add_document(**fields_of(document))
            done += 1
            if progress and done % PROGRESS_STEP == 0:
                progress(PROGRESS_STEP)
        if progress and done % PROGRESS_STEP:
            progress(done % PROGRESS_STEP)
        if not done:
            writer._close_segment()
            return None
        return writer._finalize_segment()
    except BaseException:
        writer._close_segment()
        raise


def _build_part(directory: str, kind: str, documents, part: int, messages) -> None:
    """A build process: one segment, its progress and its result (or error) on `messages`."""
    try:
        def progress(done):
            messages.put(("progress", done))

        segment = _build_segment(directory, kind, documents,
                                 progress if kind == LISTINGS else None)
        messages.put(("done", (part, segment)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the build
        messages.put(("error", traceback.format_exc()))


def _commit_segments(directory: str, kind: str, segments: list) -> None:
    """Makes the built segments the `kind` index's content (as Whoosh's multisegment writer
    commits its sub-writers' segments, unmerged)."""
    writer = whoosh_index.open_dir(directory, indexname=kind).writer()
    writer._close_segment()  # the committing writer's own segment stays empty: not listed
    writer._commit_toc(segments)
    writer._finish()


class _Builders:
    """The forked processes of a parallel build (each gets its documents through fork, never
    pickled) and their messages; any failure fails the whole build."""

    def __init__(self, directory: str, progress):
        self.context = multiprocessing.get_context("fork")
        self.messages = self.context.Queue()
        self.directory, self.progress = directory, progress
        self.processes: list = []

    def start(self, kind: str, documents) -> None:
        part = len(self.processes)
        process = self.context.Process(target=_build_part, daemon=True, args=(
            self.directory, kind, documents, part, self.messages))
        process.start()
        self.processes.append((kind, process))

    def wait(self) -> dict[str, list]:
        """Each index's new segments, in the order their parts were started (so that docnums
        follow the listing ids, as a single writer would number them)."""
        finished: dict[int, object] = {}
        while len(finished) < len(self.processes):
            try:
                what, payload = self.messages.get(timeout=1.0)
            except queue.Empty:
                if any(p.exitcode not in (None, 0) for _, p in self.processes):
                    raise RuntimeError("search index build: a build process died") from None
                continue
            if what == "progress":
                if self.progress:
                    self.progress(payload)
            elif what == "error":
                raise RuntimeError(f"search index build failed:\n{payload}")
            else:
                part, segment = payload
                finished[part] = segment
        for _kind, process in self.processes:
            process.join()
        segments: dict[str, list] = {LISTINGS: [], ENTERPRISES: []}
        for part, (kind, _process) in enumerate(self.processes):
            if finished[part] is not None:
                segments[kind].append(finished[part])
        return segments

    def stop(self) -> None:
        for _kind, process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
        self.messages.close()


# --- the backend ------------------------------------------------------------------------------
class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, root: str | os.PathLike, build_procs: int = 1):
        self.root = Path(root)
        self.build_procs = build_procs  # processes of a rebuild (SEARCH_BUILD_PROCS)
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
        for attempt in range(5):
            try:
                path = self._generation_dir()
                ix = whoosh_index.open_dir(str(path), indexname=kind)
                break
            except (IndexUnavailable, whoosh_index.EmptyIndexError) as error:
                log.warning("search index unavailable, change not indexed (run `search "
                            "reindex`): %s", error)
                return
            except OSError:
                # another writer's commit removed the table of contents just read: read again;
                # in the end the job fails and is retried (never a silently lost change)
                if attempt == 4:
                    raise
                time.sleep(0.05)
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
                changed = apply(writer)
            except BaseException:
                writer.cancel()
                raise
            if changed is False:  # nothing to write: no new generation
                writer.cancel()
                return
            writer.commit()
            self._warm(kind)

    def index(self, documents: Iterable[ListingDocument]) -> None:
        documents = list(documents)
        if documents:
            self._write(LISTINGS, lambda w: [w.update_document(**_listing_fields(d))
                                             for d in documents])

    def _indexed(self, keys: list[str]) -> list[str]:
        """The keys the index holds; all of them when it cannot be read (_write reports that)."""
        try:
            ix = whoosh_index.open_dir(str(self._generation_dir()), indexname=LISTINGS)
            with ix.searcher() as searcher:
                return [k for k in keys if searcher.document_number(key=k) is not None]
        except (IndexUnavailable, OSError, whoosh_index.EmptyIndexError):
            return keys

    def remove(self, listing_ids: Iterable[int]) -> None:
        keys = [str(i) for i in listing_ids]
        if not keys:
            return
        keys = self._indexed(keys)  # never-indexed listings must not even open a writer
        if not keys:
            return

        def apply(writer) -> bool:
            # removing a listing that was never indexed must not write a generation
            with writer.searcher() as searcher:
                present = [k for k in keys if searcher.document_number(key=k) is not None]
            for key in present:
                writer.delete_by_term("key", key)
            return bool(present)

        self._write(LISTINGS, apply)

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
        directory = str(building)
        builders = None
        try:
            for kind in (LISTINGS, ENTERPRISES):
                whoosh_index.create_in(directory, _schema(kind), indexname=kind)
            segments: dict[str, list] = {LISTINGS: [], ENTERPRISES: []}
            if self.build_procs > 1 and "fork" in multiprocessing.get_all_start_methods():
                builders = _Builders(directory, progress)
            # all rows are read first (a few seconds for 100k listings), then each part is
            # analysed and indexed in its own process: the enterprises' while the listings are
            # being read, then one contiguous slice of the listings per process
            enterprises = list(enterprises)
            if builders and len(enterprises) >= PARALLEL_BUILD_MIN // 10:
                builders.start(ENTERPRISES, enterprises)
                enterprises = None
            listings = list(listings)
            count = len(listings)
            if builders and count >= PARALLEL_BUILD_MIN:
                size = -(-count // self.build_procs)
                for first in range(0, count, size):
                    builders.start(LISTINGS, listings[first:first + size])
                listings = None
            if listings is not None:
                segments[LISTINGS].append(_build_segment(directory, LISTINGS, listings, progress))
            if enterprises is not None:
                segments[ENTERPRISES].append(_build_segment(directory, ENTERPRISES, enterprises))
            if builders and builders.processes:
                for kind, built in builders.wait().items():
                    segments[kind].extend(built)
            for kind in (LISTINGS, ENTERPRISES):
                _commit_segments(directory, kind, [s for s in segments[kind] if s is not None])
        except BaseException:
            if builders:
                builders.stop()
            shutil.rmtree(building, ignore_errors=True)
            raise
        if builders:
            builders.stop()
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
        the ranked candidates or a sorted page become docnums."""
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

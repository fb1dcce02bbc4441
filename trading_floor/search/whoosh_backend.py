"""The embedded search backend: Whoosh 2.7 through its public API (the only module of the floor
that imports whoosh).

Layout: SEARCH_INDEX_DIR/current is a symlink to one generation directory holding two Whoosh
indexes, `listings` and `enterprises`. A reindex builds a new generation directory with Whoosh's
own writer (`procs`, `multisegment`) and swaps the symlink atomically (os.replace), so searches
keep being answered from the old one meanwhile.

A search is Whoosh's own top-k (`searcher.search(query, limit=…, filter=…, groupedby=…,
sortedby=…)`) over every match: BM25F over the weighted folded fields, with a bonus for the
accent-exact words and the words as a phrase. Facet counts are `groupedby` FieldFacets; a facet
whose own filter is set is counted by one more search without that filter (a click on a value
gives exactly its count). The searcher is kept between requests and refreshed when the index
moves; results are cached per index generation (immutable) inside this process.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import sorting
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.writing import LockError

from trading_floor.search import analysis
from trading_floor.search.backend import (
    COUNT_CAP,
    EnterpriseDocument,
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

log = logging.getLogger(__name__)
LISTINGS, ENTERPRISES = "listings", "enterprises"
# field weights: title above category and certifications, above enterprise name, above description
TEXT_FIELDS = (("title", 4.0), ("tags", 2.0), ("seller", 1.5), ("body", 1.0))
EXACT_BOOST, PHRASE_BOOST = 2.0, 2.0
NO_PRICE = 10**15  # sorts a "liên hệ" listing last both ways
RESULTS_CACHE = 256


def _text(boost: float, phrase: bool = False) -> TEXT:
    # the values are analysis.py's words, already normalised and folded, joined by spaces
    return TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=phrase, field_boost=boost)


def _schema(kind: str) -> Schema:
    fields = {name: _text(boost, phrase=name in ("title", "body")) for name, boost in TEXT_FIELDS}
    fields["exact"] = _text(1.0)  # accent-exact words of title, tags and seller (a bonus only)
    if kind == LISTINGS:
        return Schema(key=ID(unique=True, stored=True), title_text=STORED(),
                      cat=ID(sortable=True), commune=ID(sortable=True), cert=KEYWORD(sortable=True),
                      price=NUMERIC(bits=64), moq=NUMERIC(bits=64),
                      price_up=NUMERIC(bits=64, sortable=True),
                      price_down=NUMERIC(bits=64, signed=True, sortable=True),
                      pub=NUMERIC(bits=64, stored=True, sortable=True), **fields)
    return Schema(key=ID(unique=True, stored=True), commune=ID(), sector=ID(), **fields)


def _folded(text: str) -> str:
    return " ".join(analysis.fold_word(w) for w in analysis.words(text))


def _exact(*texts: str) -> str:
    return " ".join(w for text in texts for w in analysis.words(text))


def _listing_fields(doc: ListingDocument) -> dict:
    fields = {"key": str(doc.listing_id), "title_text": doc.title, "cat": str(doc.category_id),
              "commune": str(doc.commune_code or 0), "moq": doc.moq,
              "cert": " ".join(str(bit) for bit in doc.cert_bits) or None,
              "price_up": NO_PRICE if doc.price_vnd is None else doc.price_vnd,
              "price_down": -1 if doc.price_vnd is None else doc.price_vnd,
              "pub": int(doc.published_at.timestamp()) if doc.published_at else 0,
              "exact": _exact(doc.title, doc.category_text, doc.enterprise_text)}
    if doc.price_vnd is not None:
        fields["price"] = doc.price_vnd
    for (name, _boost), text in zip(TEXT_FIELDS, doc.sections, strict=True):
        fields[name] = _folded(text)
    return {k: v for k, v in fields.items() if v is not None}


def _enterprise_fields(doc: EnterpriseDocument) -> dict:
    fields = {"key": str(doc.enterprise_id), "commune": str(doc.commune_code or 0),
              "sector": doc.sector or "-", "exact": _exact(doc.name, doc.products)}
    for (name, _boost), text in zip(TEXT_FIELDS, doc.sections, strict=True):
        fields[name] = _folded(text)
    return fields


# --- queries ------------------------------------------------------------------------------------
def _word(alternatives: tuple[str, ...], fields=TEXT_FIELDS) -> wq.Query:
    """One word of the query: any of its alternatives (synonyms, a multi-word synonym as a
    phrase) in any weighted field."""
    clauses = []
    for alternative in alternatives:
        words = [analysis.fold_word(w) for w in alternative.split()]
        for name, _boost in fields:
            if len(words) == 1:
                clauses.append(wq.Term(name, words[0]))
            elif name in ("title", "body"):
                clauses.append(wq.Phrase(name, words))
            else:
                clauses.append(wq.And([wq.Term(name, w) for w in words]))
    return wq.Or(clauses)


def _text_query(words: Words) -> tuple[wq.Query | None, wq.Query | None]:
    """(what must match, what is all the words): every word, or every word but one for a query
    of three or more words; quoted phrases always."""
    clauses = [_word(alternatives) for alternatives in words.terms]
    phrases = [wq.Or([wq.Phrase(name, [analysis.fold_word(w) for w in phrase])
                      for name in ("title", "body")]) for phrase in words.phrases if len(phrase) > 1]
    phrases += [_word((phrase[0],)) for phrase in words.phrases if len(phrase) == 1]
    if not clauses and not phrases:
        return None, None
    everything = wq.And(clauses + phrases) if len(clauses) + len(phrases) > 1 \
        else (clauses + phrases)[0]
    if len(clauses) >= 3:
        # (Or's own minmatch is "not yet implemented" in Whoosh 2.7)
        needed = wq.Or([wq.And(clauses[:n] + clauses[n + 1:]) for n in range(len(clauses))])
        return (wq.And([needed, *phrases]) if phrases else needed), everything
    return everything, everything


def _bonus(words: Words) -> wq.Query | None:
    """What ranks a match higher: accent-exact words, the words together as a phrase."""
    bonus = [wq.Term("exact", t, boost=EXACT_BOOST) for t in words.accented]
    folded = [analysis.fold_word(w) for t in words.plain for w in t.split()]
    bonus += [_word((t,)) for t in words.unaccented_synonymous]  # above synonyms and typos
    if len(folded) > 1:
        bonus += [wq.Phrase("title", folded, boost=PHRASE_BOOST * 2),
                  wq.Phrase("body", folded, boost=PHRASE_BOOST)]
    return wq.Or(bonus) if bonus else None


def _filter(filters: Filters) -> wq.Query | None:
    parts: list[wq.Query] = []
    if filters.category_ids is not None:
        parts.append(wq.Or([wq.Term("cat", str(i)) for i in sorted(filters.category_ids)])
                     if filters.category_ids else wq.NullQuery)
    if filters.commune_code is not None:
        parts.append(wq.Term("commune", str(filters.commune_code)))
    if filters.cert_bit is not None:
        parts.append(wq.Term("cert", str(filters.cert_bit)))
    if filters.price_min is not None or filters.price_max is not None:
        parts.append(wq.NumericRange("price", filters.price_min, filters.price_max))
    if filters.moq_max is not None:
        parts.append(wq.NumericRange("moq", None, filters.moq_max))
    return wq.And(parts) if parts else None


FACETS = {"category": "cat", "commune": "commune", "cert": "cert"}
SORTS = {"newest": sorting.MultiFacet([sorting.FieldFacet("pub", reverse=True)]),
         "price_asc": sorting.FieldFacet("price_up"),
         "price_desc": sorting.FieldFacet("price_down", reverse=True)}


def _facet(name: str) -> sorting.FieldFacet:
    return sorting.FieldFacet(FACETS[name], allow_overlap=name == "cert", maptype=sorting.Count)


def _counts(groups: dict) -> dict[int, int]:
    return {int(value): count for value, count in groups.items() if value not in (None, "", b"")}


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, directory: str, build_procs: int = 1):
        self.root = Path(directory)
        self.build_procs = max(1, build_procs)
        self._lock = threading.RLock()
        self._searchers: dict[str, object] = {}
        self._opened_path: str | None = None
        self._results: OrderedDict = OrderedDict()  # (path, generation, query) -> hits
        self._vocabulary: tuple[tuple, dict[str, int]] | None = None

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

    def _searcher(self, kind: str):
        """The kept searcher of `kind`, refreshed when the index or its generation moved."""
        path = str(self._generation_dir())
        try:
            if path != self._opened_path:
                for searcher in self._searchers.values():
                    searcher.close()
                self._searchers, self._opened_path = {}, path
                self._results.clear()
            searcher = self._searchers.get(kind)
            if searcher is None:
                searcher = whoosh_index.open_dir(path, indexname=kind).searcher()
            elif not searcher.up_to_date():
                searcher = searcher.refresh()
            self._searchers[kind] = searcher
            return searcher
        except IndexUnavailable:
            raise
        except Exception as error:  # whoosh raises many kinds on a damaged index
            self._searchers.pop(kind, None)
            raise IndexUnavailable(f"unreadable: {error.__class__.__name__}") from error

    def forget_results(self) -> None:
        with self._lock:
            self._results.clear()

    def _stamp(self, searcher) -> tuple:
        return (self._opened_path, searcher.reader().generation())

    def health(self) -> str:
        try:
            with self._lock:
                self._searcher(LISTINGS)
                self._searcher(ENTERPRISES)
        except IndexUnavailable as error:
            return f"error: search index {error}"
        return "ok"

    # --- writing --------------------------------------------------------------------------------
    def _write(self, kind: str, apply) -> None:
        try:
            ix = whoosh_index.open_dir(str(self._generation_dir()), indexname=kind)
        except (IndexUnavailable, whoosh_index.EmptyIndexError) as error:
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
            changed = apply(writer)
        except BaseException:
            writer.cancel()
            raise
        if changed is False:  # nothing to write: no new generation
            writer.cancel()
        else:
            writer.commit()

    def index(self, documents: Iterable[ListingDocument], connection=None) -> None:
        documents = list(documents)
        if documents:
            self._write(LISTINGS, lambda w: [w.update_document(**_listing_fields(d))
                                             for d in documents])

    def _delete(self, kind: str, keys: list[str]) -> None:
        def present(searcher) -> list[str]:
            return [k for k in keys if searcher.document_number(key=k) is not None]

        def apply(writer) -> bool:
            with writer.searcher() as searcher:
                found = present(searcher)
            for key in found:
                writer.delete_by_term("key", key)
            return bool(found)

        if not keys:
            return
        # a never-indexed key must not even open a writer: Whoosh's writer starts a segment's
        # files as it is made, and a cancelled one leaves them in the generation
        try:
            ix = whoosh_index.open_dir(str(self._generation_dir()), indexname=kind)
            with ix.searcher() as searcher:
                if not present(searcher):
                    return
        except (IndexUnavailable, whoosh_index.EmptyIndexError):
            pass  # _write says what is wrong
        self._write(kind, apply)

    def remove(self, listing_ids: Iterable[int], connection=None) -> None:
        self._delete(LISTINGS, [str(i) for i in listing_ids])

    def index_enterprises(self, documents: Iterable[EnterpriseDocument],
                          remove_ids: Iterable[int] = (), connection=None) -> None:
        documents = list(documents)
        self._delete(ENTERPRISES, [str(i) for i in remove_ids])
        if documents:
            self._write(ENTERPRISES, lambda w: [w.update_document(**_enterprise_fields(d))
                                                for d in documents])

    def reindex(self, listings, enterprises, progress=None) -> int:
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        building = self.root / f"gen-{stamp}"
        building.mkdir()
        count = 0
        try:
            for kind, documents, fields_of in ((LISTINGS, listings, _listing_fields),
                                               (ENTERPRISES, enterprises, _enterprise_fields)):
                ix = whoosh_index.create_in(str(building), _schema(kind), indexname=kind)
                options = {"procs": self.build_procs, "multisegment": True, "limitmb": 128} \
                    if self.build_procs > 1 and kind == LISTINGS else {"limitmb": 128}
                writer = ix.writer(**options)
                try:
                    for document in documents:
                        writer.add_document(**fields_of(document))
                        if kind == LISTINGS:
                            count += 1
                            if progress and count % 500 == 0:
                                progress(500)
                except BaseException:
                    writer.cancel()
                    raise
                writer.commit()
            if progress and count % 500:
                progress(count % 500)
        except BaseException:
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
            searcher = self._searcher(LISTINGS)
            key = (*self._stamp(searcher), query)
            hits = self._results.get(key)
            if hits is None:
                hits = self._results[key] = self._search(searcher, query)
                while len(self._results) > RESULTS_CACHE:
                    self._results.popitem(last=False)
            return hits

    def _search(self, searcher, query: SearchQuery) -> SearchHits:
        needed, everything = _text_query(query.words)
        bonus = _bonus(query.words)
        matching = needed if needed is not None else wq.Every()
        ranked = wq.AndMaybe(matching, bonus) if bonus is not None else matching
        end = query.offset + query.limit
        facets, own_filter = Facets(), {}
        groups = {}
        if query.facets:
            for name in FACETS:
                if query.filters.without(name) == query.filters:
                    groups[name] = _facet(name)
                else:
                    own_filter[name] = query.filters.without(name)
        options = {"filter": _filter(query.filters), "groupedby": groups or None}
        if needed is None or query.sort != "relevance":
            options["sortedby"] = SORTS.get(query.sort, SORTS["newest"])
        elif everything is not needed:  # all the words first, then those missing one
            options["sortedby"] = [sorting.QueryFacet({0: everything}, other=1),
                                   sorting.ScoreFacet()]
        results = searcher.search(ranked, limit=max(end, 1), **options)
        total = len(results)
        for name in groups:
            setattr(facets, name, _counts(results.groups(name)))
        for name, filters in own_filter.items():
            counted = searcher.search(matching, limit=1, filter=_filter(filters), scored=False,
                                      groupedby={name: _facet(name)})
            setattr(facets, name, _counts(counted.groups(name)))
        ids = [int(hit["key"]) for hit in results[query.offset:end]] if end else []
        return SearchHits(total=min(total, COUNT_CAP + 1), ids=ids, facets=facets)

    def search_enterprises(self, query: EnterpriseQuery) -> tuple[int, list[int]]:
        with self._lock:
            searcher = self._searcher(ENTERPRISES)
            needed, _everything = _text_query(query.words)
            parts = []
            if query.commune_code:
                parts.append(wq.Term("commune", str(query.commune_code)))
            if query.sector:
                parts.append(wq.Term("sector", query.sector[:1]))
            bonus = _bonus(query.words)
            matching = needed if needed is not None else wq.Every()
            ranked = wq.AndMaybe(matching, bonus) if bonus is not None else matching
            end = query.offset + query.limit
            results = searcher.search(ranked, limit=max(end, 1),
                                      filter=wq.And(parts) if parts else None)
            return len(results), [int(hit["key"]) for hit in results[query.offset:end]]

    def suggest(self, folded_terms, prefix, limit=8) -> list[str]:
        with self._lock:
            searcher = self._searcher(LISTINGS)
            words = []
            for word in searcher.reader().expand_prefix("title", prefix):
                words.append(word.decode() if isinstance(word, bytes) else word)
                if len(words) >= 40:  # never an unbounded prefix expansion
                    break
            if not words:
                return []
            required = [wq.Term("title", w) for w in folded_terms]
            results = searcher.search(wq.And([*required, wq.Or([wq.Term("title", w)
                                                                for w in words])]),
                                      limit=200, scored=False)
            titles, seen = [], set()
            for hit in results:
                title = hit["title_text"]
                if title.lower() not in seen:
                    seen.add(title.lower())
                    titles.append(title)
            titles.sort(key=lambda t: (len(t), t))
            return titles[:limit]

    def vocabulary(self) -> dict[str, int]:
        with self._lock:
            searcher = self._searcher(LISTINGS)
            stamp = self._stamp(searcher)
            if self._vocabulary and self._vocabulary[0][0] == stamp[0] and \
                    time.monotonic() - self._vocabulary[0][1] < 300:
                return self._vocabulary[1]
            reader = searcher.reader()
            words: dict[str, int] = {}
            for field in ("title", "tags", "seller", "body", "exact"):
                for word, info in reader.iter_field(field):
                    word = word.decode() if isinstance(word, bytes) else word
                    words[word] = max(words.get(word, 0), info.doc_frequency())
            self._vocabulary = ((stamp[0], time.monotonic()), words)
            return words

    def indexed_ids(self) -> dict[int, datetime | None]:
        with self._lock:
            searcher = self._searcher(LISTINGS)
            return {int(fields["key"]): datetime.utcfromtimestamp(fields["pub"])  # noqa: DTZ004
                    if fields.get("pub") else None for fields in searcher.all_stored_fields()}

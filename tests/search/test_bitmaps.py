"""The Whoosh backend's answers (through its public `search`) equal a reference computed here, in
the test, straight from the documents: totals, facet counts, and pages in the asked order, for
queries with and without filters, across commits that add segments and delete documents."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from trading_floor.search import analysis, whoosh_bits
from trading_floor.search.backend import CERT_BITS, Facets, Filters, ListingDocument, SearchQuery

WORDS = ["nhãn", "lồng", "vải", "thiều", "gạo", "nếp", "cà", "phê", "mật", "ong", "tương", "bần"]
COMMON = ["hàng", "xuất", "khẩu", "chất", "lượng", "giao", "toàn", "quốc"]


def _documents(start: int, count: int, seed: int) -> list[ListingDocument]:
    rng = random.Random(seed)
    base = datetime(2026, 1, 1)
    documents = []
    for listing_id in range(start, start + count):
        title = " ".join(rng.sample(WORDS, 2) + rng.sample(COMMON, rng.randrange(0, 2)))
        description = " ".join(rng.sample(WORDS, 3) + [w for w in COMMON if rng.random() < 0.8])
        documents.append(ListingDocument(
            listing_id=listing_id, enterprise_id=listing_id % 37, title=title,
            category_text="Nông sản", enterprise_text="Hợp tác xã", description=description,
            category_id=rng.randrange(1, 9), commune_code=rng.choice([0, 101, 102, 103, 104]),
            price_vnd=None if rng.random() < 0.15 else rng.randrange(1, 40) * 5000,
            moq=rng.choice([1, 10, 50, 100]),
            cert_mask=sum(bit for bit in CERT_BITS.values() if rng.random() < 0.2),
            # equal dates on purpose: sort ties must be broken the same way
            published_at=base + timedelta(hours=rng.randrange(0, 200))))
    return documents


FILTERS = [Filters(), Filters(category_ids=frozenset({1, 2, 3})), Filters(commune_code=102),
           Filters(cert_bit=CERT_BITS["OCOP4"]), Filters(price_min=50000),
           Filters(price_max=100000), Filters(price_min=20000, price_max=150000, moq_max=50),
           Filters(category_ids=frozenset({4}), commune_code=101, cert_bit=CERT_BITS["HACCP"]),
           Filters(commune_code=999)]
TEXTS = [((), ()), (("hàng",), ()), (("hang",), ()), (("xuất", "khẩu"), ()),
         (("hàng", "nhãn"), ()), (("gạo",), (("xuất", "khẩu"),)), ((), (("cà", "phê"),)),
         (("khong", "co"), ())]


def _queries():
    for (terms, phrases) in TEXTS:
        for filters in FILTERS:
            for sort in ("relevance", "newest", "price_asc", "price_desc"):
                yield SearchQuery(terms=terms, phrases=phrases, filters=filters, sort=sort)
    yield SearchQuery(terms=("hàng",), offset=40, limit=20)
    yield SearchQuery(terms=("hàng",), sort="price_asc", offset=1180, limit=30)
    yield SearchQuery(terms=(), limit=0)
    yield SearchQuery(terms=("nhãn",), facets=False)


_WORDS: dict[int, tuple[ListingDocument, list[str], set[str]]] = {}


def _words(document: ListingDocument) -> tuple[list[str], set[str]]:
    """The folded words of a document, in order and as a set (kept per document object)."""
    cached = _WORDS.get(document.listing_id)
    if cached is None or cached[0] is not document:
        text = " ".join((document.title, document.category_text, document.enterprise_text,
                         document.description))
        words = [token.folded for token in analysis.tokenize(text)]
        cached = _WORDS[document.listing_id] = (document, words, set(words))
    return cached[1], cached[2]


def _passes(document: ListingDocument, filters: Filters, but: str | None = None) -> bool:
    price = document.price_vnd
    return ((but == "category" or filters.category_ids is None
             or document.category_id in filters.category_ids)
            and (but == "commune" or filters.commune_code is None
                 or document.commune_code == filters.commune_code)
            and (but == "cert" or filters.cert_bit is None
                 or bool(document.cert_mask & filters.cert_bit))
            and (filters.price_min is None or (price is not None and price >= filters.price_min))
            and (filters.price_max is None or (price is not None and price <= filters.price_max))
            and (filters.moq_max is None or document.moq <= filters.moq_max))


def _has_phrase(words: list[str], phrase: tuple[str, ...]) -> bool:
    return any(tuple(words[i:i + len(phrase)]) == phrase for i in range(len(words)))


def _reference(documents: dict[int, ListingDocument], query: SearchQuery):
    """(total, facets, matching documents) of `query`, by brute force over the documents."""
    fold = analysis.fold
    required = {fold(t) for t in query.terms} | {fold(w) for p in query.phrases for w in p}
    texts = []
    for document in documents.values():
        words, word_set = _words(document)
        if required <= word_set and all(_has_phrase(words, tuple(fold(w) for w in p))
                                           for p in query.phrases if len(p) > 1):
            texts.append(document)
    matched = [d for d in texts if _passes(d, query.filters)]
    facets = Facets()
    if query.facets:
        for name, counts, value in (("category", facets.category, lambda d: [d.category_id]),
                                    ("commune", facets.commune, lambda d: [d.commune_code]),
                                    ("cert", facets.cert, lambda d: [
                                        b for b in CERT_BITS.values() if d.cert_mask & b])):
            for document in texts:
                if _passes(document, query.filters, but=name):
                    for key in value(document):
                        counts[key] = counts.get(key, 0) + 1
        facets.commune.pop(0, None)
    return len(matched), facets, matched


SORT_KEYS = {"newest": lambda d: -d.published_at.timestamp(),
             "price_asc": lambda d: (d.price_vnd is None, d.price_vnd or 0),
             "price_desc": lambda d: (d.price_vnd is None, -(d.price_vnd or 0))}


def _assert_agrees_with_the_reference(backend, documents, every: int = 1):
    checked = 0
    for query in list(_queries())[::every]:
        hits = backend.search(query)
        total, facets, matched = _reference(documents, query)
        assert hits.total == total, query
        assert hits.facets == facets, query
        by_id = {d.listing_id: d for d in matched}
        assert len(hits.ids) == len(set(hits.ids)) == max(0, min(query.limit, total - query.offset))
        assert set(hits.ids) <= set(by_id), query
        sort = query.sort if (query.terms or query.phrases or query.sort != "relevance") \
            else "newest"
        if sort in SORT_KEYS:  # the page is the right slice of the order (ties in any order)
            keys = sorted(SORT_KEYS[sort](d) for d in matched)
            assert [SORT_KEYS[sort](by_id[i]) for i in hits.ids] == \
                keys[query.offset:query.offset + len(hits.ids)], query
        checked += bool(total)
    assert checked > 100 // every


@pytest.fixture(scope="module")
def documents():
    return {d.listing_id: d for d in _documents(1, 2400, seed=1)}


@pytest.fixture(scope="module")
def backend(tmp_path_factory, documents):
    from trading_floor.search.whoosh_backend import WhooshBackend

    backend = WhooshBackend(tmp_path_factory.mktemp("bitmaps"))
    backend.reindex(list(documents.values()), [])
    return backend


def test_answers_equal_the_reference(backend, documents):
    assert backend.search(SearchQuery(terms=("hàng",))).total > 1000
    _assert_agrees_with_the_reference(backend, documents)


def test_answers_equal_the_reference_across_commits_and_deletions(backend, documents):
    rng = random.Random(5)
    for step in range(6):
        # replaced documents (a deletion in an older segment and a new segment), new ones,
        # removed ones
        changed = _documents(rng.randrange(1, 2400), 3, seed=100 + step) + \
            _documents(3000 + 10 * step, 10, seed=200 + step)
        backend.index(changed)
        documents.update((d.listing_id, d) for d in changed)
        removed = [rng.randrange(1, 2400) for _ in range(5)]
        backend.remove(removed)
        for listing_id in removed:
            documents.pop(listing_id, None)
        _assert_agrees_with_the_reference(backend, documents, every=5)
    assert backend.search(SearchQuery(terms=(), limit=0)).total == len(documents)


def test_bit_conversions():
    ids = [0, 3, 8, 9, 63, 64, 1000]
    bits = whoosh_bits.from_ids(ids, 1001)
    assert bits == sum(1 << i for i in ids)
    assert bits.bit_count() == len(ids)
    assert whoosh_bits.ids(bits) == ids and whoosh_bits.ids(bits, 3) == ids[:3]
    assert whoosh_bits.ids(0) == [] and whoosh_bits.from_ids([], 10) == 0
    flags = whoosh_bits.flags(bits, 1001)
    assert len(flags) == 1001 and [i for i, f in enumerate(flags) if f] == ids
    assert whoosh_bits.from_flags(bytes(flags)) == bits
    order = list(range(1000, -1, -1))
    assert whoosh_bits.ordered(bits, 1001, order, 2) == [1000, 64]

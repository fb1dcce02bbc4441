"""The Whoosh backend answers on per-segment bitmaps (whoosh_bits); the plain path on docnum sets
is the reference: totals, facet counts and pages must be equal, for queries with and without
filters, across commits that add segments and delete documents."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from trading_floor.search import whoosh_bits
from trading_floor.search.backend import CERT_BITS, Filters, ListingDocument, SearchQuery

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


def _assert_paths_agree(backend):
    view = backend._view("listings")
    checked = 0
    for query in _queries():
        bitmaps, plain = backend._search(view, query), backend._search_plain(view, query)
        assert bitmaps.total == plain.total, query
        assert bitmaps.facets == plain.facets, query
        assert bitmaps.ids == plain.ids, query
        checked += bool(plain.total)
    assert checked > 100


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    from trading_floor.search.whoosh_backend import WhooshBackend

    backend = WhooshBackend(tmp_path_factory.mktemp("bitmaps"))
    backend.reindex(_documents(1, 2400, seed=1), [])
    return backend


def test_bitmaps_equal_the_plain_path(backend):
    view = backend._view("listings")
    assert len(view.parts) >= 1 and view.size == 2400
    assert backend._search(view, SearchQuery(terms=("hàng",))).total > 1000  # the capped ranking
    _assert_paths_agree(backend)


def test_bitmaps_equal_the_plain_path_across_commits_and_deletions(backend):
    rng = random.Random(5)
    for step in range(6):
        # replaced documents (a deletion in an older segment and a new segment), new ones,
        # removed ones
        replaced = _documents(rng.randrange(1, 2400), 3, seed=100 + step)
        backend.index(replaced + _documents(3000 + 10 * step, 10, seed=200 + step))
        backend.remove([rng.randrange(1, 2400) for _ in range(5)])
        view = backend._view("listings")
        assert view.deleted
        _assert_paths_agree(backend)
    # segment bitmaps outlive the views: a new view reuses them, minus its own deletions
    assert backend._search(view, SearchQuery(terms=(), limit=0)).total == view.doc_count


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


def test_results_carried_over_a_commit_equal_fresh_ones(backend):
    """After a commit, the previous generation's cached results that the commit cannot have
    changed are carried over; each must equal what the new generation computes."""
    queries = [q for q in _queries() if q.terms or q.phrases]
    rng = random.Random(9)
    carried = 0
    for step in range(8):
        old = backend._view("listings")
        for query in queries[:120]:
            backend.search(query)
        previous = dict(old.results)
        if step % 3 == 0:  # one listing changes: its old version deleted, the new one added
            document = _documents(rng.randrange(1, 2400), 1, seed=300 + step)[0]
            backend.index([document])
        elif step % 3 == 1:  # a listing leaves the floor
            backend.remove([rng.randrange(1, 2400)])
        else:  # a new listing with common words only
            backend.index(_documents(5000 + step, 1, seed=400 + step))
        fresh = backend._view("listings")
        assert fresh is not old
        for query, hits in list(fresh.results.items()):
            if not isinstance(query, SearchQuery):
                continue
            carried += hits is previous.get(query)
            again = backend._search(fresh, query)
            assert (hits.total, hits.ids, hits.facets) == (again.total, again.ids, again.facets), (
                step, query)
    assert carried >= 20  # and the others were computed again


def test_segment_readers_shared_between_threads_read_correctly(backend):
    """A segment's reader serves every view that includes it, so requests and the writing
    thread's warming read it at once; Whoosh's matchers seek and read a shared file object."""
    import sys
    import threading

    view = backend._view("listings")
    queries = [q for q in _queries() if q.terms][:60]
    expected = {q: backend._search(view, q) for q in queries}
    failures = []

    def search(seed):
        rng = random.Random(seed)
        for _ in range(150):
            for data in backend._segments["listings"].values():  # cold reads every time
                with data._lock:  # (the cache's own lock: the engine evicts under it too)
                    data._postings.clear()
                data.positions.clear()
            query = rng.choice(queries)
            try:
                hits = backend._search(view, query)
            except Exception as error:  # noqa: BLE001 - reported below
                failures.append(repr(error))
                continue
            if (hits.total, hits.ids, hits.facets) != (
                    expected[query].total, expected[query].ids, expected[query].facets):
                failures.append(query)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=search, args=(seed,)) for seed in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not failures, failures[:3]

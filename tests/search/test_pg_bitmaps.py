"""The postgres backend's bitmap counts (postgres_bitmaps.py) equal its SQL counts, exactly:
totals and every facet, with and without filters, after changes, removals and a reindex."""

from __future__ import annotations

import itertools

import pytest

from tests.search.conftest import IS_PG, search

ON_POSTGRES = [pytest.mark.skipif(not IS_PG, reason="needs TEST_DATABASE_URL=postgresql…"),
               pytest.mark.parametrize("backend_name", ["postgres"], indirect=True)]


def on_postgres(test):
    for mark in reversed(ON_POSTGRES):
        test = mark(test)
    return test

TERMS = [(), ("nhan",), ("nhãn",), ("hang",), ("ca", "phe"), ("hung", "yen"), ("say", "kho"),
         ("nep",), ("vang",)]


def _filter_sets(categories, communes):
    from trading_floor.search.backend import CERT_BITS, Filters

    fruit = frozenset({categories["trai-cay"].id})
    farm = frozenset({categories[s].id for s in ("nong-san", "trai-cay", "rau-cu", "gao")})
    return [Filters(), Filters(category_ids=fruit), Filters(category_ids=farm),
            Filters(commune_code=communes[1]), Filters(cert_bit=CERT_BITS["OCOP3"]),
            Filters(price_min=35000), Filters(price_max=45000), Filters(price_max=0),
            Filters(price_min=38000, price_max=38000), Filters(price_min=10**12),
            Filters(moq_max=20), Filters(moq_max=0), Filters(moq_max=10**9),
            Filters(category_ids=farm, commune_code=communes[2], cert_bit=CERT_BITS["VietGAP"],
                    price_max=50000, moq_max=100)]


def _compare(backend, categories, communes) -> int:
    """Asserts bitmap = SQL for every query; returns how many had a non-zero total."""
    from trading_floor.search import postgres_sql
    from trading_floor.search.analysis import fold
    from trading_floor.search.backend import Facets

    nonzero = 0
    for terms, filters in itertools.product(TERMS, _filter_sets(categories, communes)):
        with backend._read() as connection:
            backend.mirror.sync(connection)
            from_bits = Facets()
            matched = backend.mirror.counts(tuple(fold(t) for t in terms), filters, from_bits)
            sql = postgres_sql.QuerySQL(terms, ())
            from_sql = Facets()
            expected = backend._count_and_facets(connection, sql, filters, from_sql)
        assert matched is not None, terms  # every word has a bitmap at min_docs = 1
        total = matched.bit_count()
        assert (total, from_bits) == (expected, from_sql), (terms, filters)
        nonzero += bool(total)
    return nonzero


@pytest.fixture
def bitmap_backend(corpus):
    from trading_floor.search import get_backend, indexing

    backend = get_backend()
    backend.bitmap_min_docs = 1  # every word gets a bitmap (default: only common words)
    indexing.reindex()
    return backend


@on_postgres
def test_bitmap_counts_equal_sql_counts(bitmap_backend, categories, communes):
    assert _compare(bitmap_backend, categories, communes) > 40


@on_postgres
def test_counts_stay_exact_after_changes_and_removals(bitmap_backend, corpus, categories,
                                                      communes, db, make_listing):
    corpus["nhan-long"].price_vnd = 38000  # trade terms: stays published, re-indexed
    corpus["nhan-long"].moq = 20
    corpus["ca-phe"].status = "archived"
    db.session.commit()
    make_listing("Nhãn sấy Cæsar", "Hàng xuất khẩu", price=None, certs=["OCOP3"],
                 commune_code=communes[1])
    _compare(bitmap_backend, categories, communes)
    assert search("nhan", price_min=38000, price_max=38000).total == 1
    assert search("caesar").total == 1  # unaccent folds æ; PostgreSQL gave the lexemes


@on_postgres
def test_a_page_counts_what_it_lists(bitmap_backend, categories):
    """The service on the bitmap path: totals and facets as a click on them gives."""
    result = search("hang")
    assert result.total == 3 == len(result.hits)  # hàng xuất khẩu, lô hàng, hàng loại 1
    for value in result.facets["category"]:
        assert search("hang", category=value.value).total == value.count


@on_postgres
@pytest.mark.parametrize(("rank_all", "label"), [(2000, "every match ranked"),
                                                 (0, "bounded candidates")])
def test_relevance_suite_on_the_bitmap_path(bitmap_backend, rank_all, label, monkeypatch):
    """The relevance cases again with every word counted from bitmaps, the page ranked over
    all matches (few) or over the title-first candidate set (many)."""
    from tests.search.test_relevance import CASES, ranking_problems
    from trading_floor.search import postgres_backend

    monkeypatch.setattr(postgres_backend, "RANK_ALL", rank_all)
    problems = [p for query, first, below in CASES for p in ranking_problems(query, first, below)]
    assert problems == []


def test_members_lists_the_ids_of_a_bitmap():
    from trading_floor.search.postgres_bitmaps import contains, lowest, members

    ids = [0, 1, 7, 8, 63, 64, 1000, 99_999]
    assert members(sum(1 << i for i in ids)) == ids
    assert members(0) == []
    assert lowest(sum(1 << i for i in ids), 5, window=64) == ids[:5]
    assert lowest(1 << 70_000, 3) == [70_000]
    is_member = contains(sum(1 << i for i in ids))
    assert [i for i in range(100_010) if is_member(i)] == ids


@on_postgres
def test_writers_at_once_keep_the_bitmaps_exact(bitmap_backend, corpus, categories, communes,
                                               app):
    """Two threads re-index listings at the same time (as two app nodes would): the advisory
    lock orders their bitmap versions, and every process's mirror ends up exact."""
    import threading

    from trading_floor.extensions import db
    from trading_floor.search import indexing

    paths = indexing._category_paths(db.session)
    documents = {k: indexing.listing_document(listing, paths) for k, listing in corpus.items()}
    keys = list(corpus)
    halves = [keys[::2], keys[1::2]]
    errors = []

    def work(part):
        with app.app_context():
            try:
                for _ in range(3):
                    bitmap_backend.index(documents[k] for k in part)
                    bitmap_backend.remove([corpus[part[0]].id])
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

    threads = [threading.Thread(target=work, args=(part,)) for part in halves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    _compare(bitmap_backend, categories, communes)
    assert search("").total == len(keys) - 2  # each thread removed its first listing last


@on_postgres
def test_search_check_reports_bitmaps_out_of_step(bitmap_backend, runner, db):
    from sqlalchemy import text

    assert runner.invoke(args=["search", "check"]).exit_code == 0
    db.session.execute(text("UPDATE search_listing_bits SET bits = '\\x00'::bytea, "
                            "version = nextval('search_bits_version') WHERE key = 'a'"))
    db.session.commit()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 2  # the index cannot be trusted: rebuild it
    assert "bitmaps out of step" in result.output and "reindex" in result.output


@on_postgres
def test_an_index_dropped_between_checks_says_unavailable_then_reindex_repairs(corpus, db):
    """The tables' existence is checked at most once a second; a search in between that finds
    them gone says search is unavailable (never an error page), and a reindex repairs it."""
    from sqlalchemy import text

    from trading_floor.search import get_backend, indexing

    assert search("nhan").total > 0  # checked: the tables exist
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE search_listings"))
    result = search("nhan")
    assert result.unavailable and result.total == 0
    assert get_backend().health().startswith("error")
    indexing.reindex()
    assert search("nhan").total > 0

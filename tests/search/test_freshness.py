"""Freshness: index after commit — approved is found at once, archived / rejected / taken down /
suspended disappears at once; a reused searcher never returns duplicates or stale hits."""

from __future__ import annotations

from tests.search.conftest import search, titles


def test_approved_listing_is_found_and_archived_one_is_gone(backend_name, make_listing, db):
    listing = make_listing("Bưởi Diễn đặc sản", status="submitted")
    assert search("buoi dien").total == 0
    listing.status = "published"
    db.session.commit()
    assert titles(search("buoi dien")) == ["Bưởi Diễn đặc sản"]
    listing.status = "archived"
    db.session.commit()
    assert search("buoi dien").total == 0


def test_rejected_and_suspended_disappear(backend_name, make_listing, db):
    rejected = make_listing("Khoai lang mật")
    other = make_listing("Khoai tây Đà Lạt")
    assert search("khoai").total == 2
    rejected.status = "rejected"
    db.session.commit()
    assert titles(search("khoai")) == ["Khoai tây Đà Lạt"]
    other.enterprise.status = "suspended"
    db.session.commit()
    assert search("khoai").total == 0
    other.enterprise.status = "active"
    db.session.commit()
    assert titles(search("khoai")) == ["Khoai tây Đà Lạt"]


def test_signal_sent_after_a_bulk_change_updates_the_index(backend_name, make_listing, db):
    """A part that changes listings with a bulk UPDATE (no ORM events) sends listings_changed."""
    from sqlalchemy import update

    from trading_floor.catalog.models import Listing
    from trading_floor.core.signals import listings_changed

    listing = make_listing("Na dai Hưng Yên")
    assert search("na dai").total == 1
    db.session.execute(update(Listing).where(Listing.id == listing.id).values(status="archived"))
    db.session.commit()
    listings_changed.send(None, listing_ids=[listing.id])
    assert search("na dai").total == 0


def test_rolled_back_change_is_never_searchable(backend_name, make_listing, db):
    listing = make_listing("Cam Canh", status="submitted")
    listing.status = "published"
    db.session.flush()
    db.session.rollback()
    assert search("cam canh").total == 0


def test_many_small_commits_never_give_duplicates_or_stale_hits(app, make_listing, db):
    """Whoosh merges small segments as commits pile up; the reused searcher is reopened on each
    new generation, so every search sees exactly the current listings."""
    app.config["SEARCH_BACKEND"] = "whoosh"
    app.extensions.pop("search_backend", None)
    from trading_floor.search import get_backend

    get_backend().clear()
    listings = []
    for n in range(40):
        listings.append(make_listing(f"Sản phẩm thử {n} hàng mẫu"))
        result = search("hang mau", per_page=100)
        ids = [hit.listing.id for hit in result.hits]
        assert len(ids) == len(set(ids)) == result.total == n + 1
        if n % 3 == 0:  # change a title: the old words must not find it any more
            listings[n].title = f"Đã đổi tên {n} hàng mẫu"
            db.session.commit()
            assert search(f'"san pham thu {n}"').total == 0
    for listing in listings[:20]:
        listing.status = "archived"
        db.session.commit()
        result = search("hang mau", per_page=100)
        assert len({hit.listing.id for hit in result.hits}) == result.total
    assert search("hang mau", per_page=100).total == 20


def test_a_bulk_change_rebuilds_the_index_and_everything_is_found(backend_name, make_listing, db,
                                                                 monkeypatch):
    """A refresh of more listings than REBUILD_ABOVE (the demo province, an import) rebuilds the
    index aside instead of updating each document: every change is found, nothing stale stays."""
    from sqlalchemy import update

    from trading_floor.catalog.models import Listing
    from trading_floor.core.signals import listings_changed
    from trading_floor.search import indexing

    monkeypatch.setattr(indexing, "REBUILD_ABOVE", 2)
    rebuilds = []
    real = indexing.reindex
    monkeypatch.setattr(indexing, "reindex", lambda *a, **k: rebuilds.append(1) or real(*a, **k))
    kept = [make_listing(f"Mướp đắng {n}") for n in range(3)]
    gone = make_listing("Mướp hương")
    assert search("muop").total == 4
    db.session.execute(update(Listing).where(Listing.id == gone.id).values(status="archived"))
    db.session.commit()
    listings_changed.send(None, listing_ids=[listing.id for listing in [*kept, gone]])
    assert rebuilds, "a refresh of more than REBUILD_ABOVE listings rebuilds the index"
    assert sorted(titles(search("muop"))) == [f"Mướp đắng {n}" for n in range(3)]

"""Deleting a listing: asked to confirm; a never-published listing goes entirely, a listing that
was published keeps its status history but disappears everywhere; photos leave the disk."""

from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tests.conftest import post_form
from trading_floor.catalog import moderation, services
from trading_floor.catalog.images import photo_dir, thumb_name
from trading_floor.catalog.models import Listing, ListingImage, ListingStatusEvent


def with_photo(owner, enterprise, listing, photo):
    services.save_listing(owner, enterprise, services.ListingInput(
        title=listing.title, category="nhan", unit="kg", price="45000", sku=listing.sku),
        listing, photos=[FileStorage(BytesIO(photo()), "a.jpg")])
    names = [image.filename for image in listing.images]
    files = [photo_dir() / n for n in names] + [photo_dir() / thumb_name(n) for n in names]
    assert files and all(f.exists() for f in files)
    return files


def delete_via_web(client, listing_id):
    confirm = client.get(f"/gian-hang/san-pham/{listing_id}/xoa")
    assert confirm.status_code == 200
    return confirm.get_data(as_text=True), post_form(
        client, f"/gian-hang/san-pham/{listing_id}/xoa", {},
        form_url=f"/gian-hang/san-pham/{listing_id}/xoa", follow_redirects=True)


@pytest.mark.parametrize("status", ["draft", "rejected"])
def test_never_published_listing_goes_entirely(client, db, login_as, verified_owner,
                                               make_listing, photo, status):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, status)
    files = with_photo(owner, enterprise, listing, photo)
    listing_id, title = listing.id, listing.title
    login_as(owner)
    workspace = client.get("/gian-hang/").get_data(as_text=True)
    assert f"/gian-hang/san-pham/{listing_id}/xoa" in workspace  # a "Xoá" link on its row
    confirm, response = delete_via_web(client, listing_id)
    assert "chưa từng được đăng" in confirm and "Xoá vĩnh viễn" in confirm
    assert response.status_code == 200 and f"Đã xoá «{title}»" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Listing, listing_id) is None
    assert db.session.scalar(select(ListingStatusEvent).where(
        ListingStatusEvent.listing_id == listing_id)) is None
    assert db.session.scalar(select(ListingImage)) is None
    assert not any(f.exists() for f in files)
    assert title not in client.get("/gian-hang/").get_data(as_text=True)


def test_published_listing_keeps_its_history_and_disappears(client, db, login_as,
                                                            verified_owner, make_listing,
                                                            make_user, photo):
    from trading_floor.accounts.models import Membership
    from trading_floor.search import indexing

    indexing.reindex()  # an empty index; changes reach it after each commit
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "published", title="Nhãn lồng Phố Hiến xoá")
    files = with_photo(owner, enterprise, listing, photo)  # a new photo: back to draft
    services.submit_listing(owner, listing)
    moderation.approve(make_user("officer"), listing)
    listing_id, sku, public_url = listing.id, listing.sku, f"/san-pham/{listing.id}"
    assert client.get(public_url).status_code == 301
    found = client.get("/api/v1/search", query_string={"q": "nhan long pho hien xoa"})
    assert [r["id"] for r in found.get_json()["results"]] == [listing_id]

    staff = make_user()
    db.session.add(Membership(user_id=staff.id, enterprise_id=enterprise.id, role="staff"))
    db.session.commit()
    login_as(staff)
    confirm, response = delete_via_web(client, listing_id)
    assert "đã từng được đăng" in confirm and "Lịch sử trạng thái được giữ lại" in confirm
    assert response.status_code == 200
    db.session.expire_all()
    listing = db.session.get(Listing, listing_id)
    assert listing.status == "deleted" and listing.images == []
    last = db.session.scalars(select(ListingStatusEvent).where(
        ListingStatusEvent.listing_id == listing_id).order_by(ListingStatusEvent.id)).all()[-1]
    assert (last.status, last.actor_id) == ("deleted", staff.id) and last.changed_at
    assert not any(f.exists() for f in files)
    # gone from the workspace, its export, the public pages, the API and the search index
    assert "Nhãn lồng Phố Hiến xoá" not in client.get("/gian-hang/").get_data(as_text=True)
    assert "Nhãn lồng Phố Hiến xoá" not in client.get("/gian-hang/xuat.csv").get_data(
        as_text=True)
    assert client.get(f"/gian-hang/san-pham/{listing_id}").status_code == 404
    assert client.get(f"/gian-hang/san-pham/{listing_id}/xoa").status_code == 404
    assert client.get(public_url).status_code == 404  # even to its own members
    client.get("/dang-xuat")
    assert client.get(public_url).status_code == 404
    found = client.get("/api/v1/search", query_string={"q": "nhan long pho hien xoa"})
    assert found.get_json()["total"] == 0
    # the sku is free for a new listing
    again = services.save_listing(owner, enterprise, services.ListingInput(
        title="Nhãn lồng mới", category="nhan", unit="kg", sku=sku))
    assert again.sku == sku


def test_other_enterprise_gets_404_and_buyer_403(client, db, login_as, verified_owner,
                                                 make_listing, photo):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "draft")
    files = with_photo(owner, enterprise, listing, photo)
    url = f"/gian-hang/san-pham/{listing.id}/xoa"
    intruder, _ = verified_owner()
    login_as(intruder)
    assert client.get(url).status_code == 404
    assert post_form(client, url, {}, form_url="/gian-hang/").status_code == 404
    client.get("/dang-xuat")
    login_as("buyer")
    assert client.get(url).status_code == 403
    assert post_form(client, url, {}, form_url="/dang-nhap").status_code == 403
    db.session.expire_all()
    assert db.session.get(Listing, listing.id) is not None
    assert all(f.exists() for f in files)


def test_a_failed_deletion_keeps_the_photos(app, db, verified_owner, make_listing, photo,
                                            monkeypatch):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "draft")
    files = with_photo(owner, enterprise, listing, photo)

    def broken_commit(listing_ids):
        db.session.flush()
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "commit_and_signal", broken_commit)
    with pytest.raises(RuntimeError):
        services.delete_listing(owner, listing)
    monkeypatch.undo()
    db.session.expire_all()
    assert db.session.get(Listing, listing.id) is not None
    # the next commit of this session does not take the photos of the rolled-back deletion
    services.save_listing(owner, enterprise, services.ListingInput(
        title="Nhãn lồng đổi tên", category="nhan", unit="kg", sku=listing.sku), listing)
    assert len(listing.images) == 1
    assert all(Path(f).exists() for f in files)


def photos_of(enterprise_listings, owner, enterprise, photo):
    files = []
    for listing in enterprise_listings:
        files += with_photo(owner, enterprise, listing, photo)
    return files


@pytest.mark.parametrize("how", ["enterprise", "listings", "orm_listing"])
def test_photos_removed_by_a_cascade_leave_the_disk_after_the_commit(db, verified_owner,
                                                                     make_listing, photo, how):
    """Deleting an enterprise cascades in the database to its listings and their photo rows (as
    does deleting listings): the files follow once the deletion committed, and stay when it is
    rolled back."""
    from sqlalchemy import delete

    from trading_floor.registry.models import RegistryEnterprise

    owner, enterprise = verified_owner()
    listings = [make_listing(owner, enterprise, "draft"),
                make_listing(owner, enterprise, "published")]
    ids = [listing.id for listing in listings]
    files = photos_of(listings, owner, enterprise, photo)
    other_owner, other = verified_owner()
    kept = photos_of([make_listing(other_owner, other, "published")], other_owner, other, photo)

    def remove():
        if how == "enterprise":
            db.session.execute(delete(RegistryEnterprise)
                               .where(RegistryEnterprise.id == enterprise.id))
        elif how == "listings":
            db.session.execute(delete(Listing).where(Listing.enterprise_id == enterprise.id))
        else:
            for listing_id in ids:
                db.session.delete(db.session.get(Listing, listing_id))
            db.session.flush()

    remove()
    db.session.rollback()
    assert all(f.exists() for f in files + kept)  # rolled back: nothing left the disk
    assert db.session.get(Listing, ids[0]) is not None

    remove()
    assert all(f.exists() for f in files)  # not before the commit
    db.session.commit()
    assert db.session.scalar(select(Listing).where(Listing.id.in_(ids))) is None
    assert not any(f.exists() for f in files)
    assert all(f.exists() for f in kept)


def test_prune_removes_files_no_row_names(db, runner, verified_owner, make_listing, photo):
    """Photos whose rows were deleted outside the floor (psql) are found and removed; a photo
    still in use, and a file just written (its row not committed yet), stay."""
    import os
    import time

    from sqlalchemy import text

    owner, enterprise = verified_owner()
    used = with_photo(owner, enterprise, make_listing(owner, enterprise, "draft"), photo)
    orphaned_listing = make_listing(owner, enterprise, "draft")
    orphaned = with_photo(owner, enterprise, orphaned_listing, photo)
    with db.engine.begin() as connection:  # behind the floor's back: no hook sees it
        connection.execute(text("DELETE FROM listing_images WHERE listing_id = :id"),
                           {"id": orphaned_listing.id})
    fresh = photo_dir() / "ZZZZZZZZZZZZZZZZZZZZZZZZ.jpg"
    fresh.write_bytes(b"just uploaded")
    an_hour_ago = time.time() - 3700
    for path in used + orphaned:
        os.utime(path, (an_hour_ago, an_hour_ago))

    dry = runner.invoke(args=["catalog", "photos", "prune", "--dry-run"])
    assert dry.exit_code == 0 and "Sẽ xoá 2 tệp" in dry.output
    assert all(f.exists() for f in orphaned)
    result = runner.invoke(args=["catalog", "photos", "prune"])
    assert result.exit_code == 0 and "Đã xoá 2 tệp" in result.output
    assert not any(f.exists() for f in orphaned)
    assert all(f.exists() for f in used) and fresh.exists()

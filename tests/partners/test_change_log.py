"""The change log hands out its numbers one transaction after another: a writer waits for the
one that holds the counter, so a reader that saw seq N has seen every seq below N."""

from __future__ import annotations

import threading

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tests.partners.conftest import bearer
from trading_floor.catalog.models import Listing, ListingChange


def test_a_second_writer_waits_for_the_counter_and_numbers_after_the_first(
        app, client, seller, publish, db):
    from trading_floor.catalog import changes

    owner, enterprise, token = seller
    ids = [client.put(f"/api/v1/seller/listings/S{i}", json={
        "title": f"Gà {i}", "category": "nhan", "unit": "con"}, headers=bearer(token)
    ).get_json()["id"] for i in range(2)]
    for listing_id in ids:
        publish(db.session.get(Listing, listing_id))
    db.session.remove()

    first = Session(db.engine)
    first.execute(text("UPDATE change_counters SET value = value WHERE name = 'listings'"))
    done = threading.Event()

    def second_writer():
        with app.app_context():
            changes.record([ids[1]])
            done.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    assert not done.wait(1.0)  # blocked behind the first transaction's lock
    last = first.scalar(text("SELECT value FROM change_counters WHERE name = 'listings'"))
    first.execute(text("UPDATE listing_changes SET seq = :seq WHERE listing_id = :id"),
                  {"seq": last + 1, "id": ids[0]})
    first.execute(text("UPDATE change_counters SET value = :v WHERE name = 'listings'"),
                  {"v": last + 1})
    first.commit()
    first.close()
    thread.join(30)
    assert done.is_set()
    seqs = dict(db.session.execute(select(ListingChange.listing_id, ListingChange.seq)).all())
    assert seqs[ids[1]] == seqs[ids[0]] + 1  # numbered after the first committed, no clash

"""The real queue: a consumer process on SQLite (and Redis when REDIS_URL is set), killed with
SIGKILL at each point where work could be lost or done twice."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import select

from tests.jobs.conftest import ROOT, consumer_env, wait_for
from trading_floor.jobs.models import DONE, PENDING, RUNNING, Job


def _jobs(db, task: str | None = None) -> list[Job]:
    db.session.rollback()  # a fresh transaction: the consumer writes from another process
    query = select(Job).order_by(Job.id)
    if task:
        query = query.where(Job.task == task)
    return list(db.session.scalars(query))


def _listing(db, enterprise, category, title="Nhãn lồng Hưng Yên loại một", status="published"):
    from trading_floor.catalog.models import Listing
    from trading_floor.i18n import utcnow

    listing = Listing(enterprise_id=enterprise.id, sku=f"SKU-{title[:8]}-{enterprise.id}",
                      title=title, category_id=category.id, price_vnd=50_000, unit="kg", moq=10,
                      tiers=[], status=status,
                      published_at=utcnow() if status == "published" else None)
    db.session.add(listing)
    db.session.commit()
    return listing


def _claim(make_user, make_enterprise):
    from trading_floor.registry import services

    enterprise = make_enterprise()
    owner = make_user(email="chu@example.vn")
    officer = make_user("officer")
    return services.submit_claim(owner, enterprise.code), officer


def test_a_decision_e_mail_is_sent_by_the_consumer_once(queue_app, db, sink, consumer,
                                                       make_user, make_enterprise):
    from trading_floor.registry import services

    claim, officer = _claim(make_user, make_enterprise)
    services.decide_claim(claim, officer, "approved")
    [job] = _jobs(db, "mail.send")
    assert job.status == PENDING and job.enqueued_at is not None  # handed over, not sent
    assert sink.count() == 0  # the request did not wait on SMTP
    consumer()
    wait_for(lambda: sink.count() == 1, what="the e-mail")
    wait_for(lambda: _jobs(db, "mail.send")[0].status == DONE, what="the job done")
    assert sink.messages[0]["to"] == "chu@example.vn"
    assert sink.messages[0]["message_id"].startswith("<mail.send.")


def test_a_rolled_back_change_sends_nothing(queue_app, db, sink, consumer):
    from trading_floor import jobs

    jobs.send_mail_later("khong-gui@example.vn", "Không gửi", "rolled back")
    db.session.rollback()
    jobs.send_mail_later("gui@example.vn", "Gửi", "committed")
    db.session.commit()
    consumer()
    wait_for(lambda: sink.count() == 1, what="the committed e-mail")
    assert [job.payload for job in _jobs(db, "mail.send")] == [
        '{"to": "gui@example.vn", "subject": "Gửi", "body": "committed"}']
    assert [m["to"] for m in sink.messages] == ["gui@example.vn"]


# a business change in its own process, stopped (by the test's SIGKILL) after the commit and
# before the hand-over to the queue
SCRIPT_COMMIT_THEN_WAIT = """
import sys, time
from sqlalchemy import event
from sqlalchemy.orm import Session
from trading_floor import create_app
from trading_floor.extensions import db

app = create_app()
marker = sys.argv[3]

def committed(session):
    open(marker, "w").write("committed")
    time.sleep(600)  # the test kills this process here

with app.app_context():
    from trading_floor.accounts.models import User
    from trading_floor.registry import services
    from trading_floor.registry.models import Claim
    event.listen(Session, "after_commit", committed, insert=True)  # before the hand-over
    claim = db.session.get(Claim, int(sys.argv[1]))
    services.decide_claim(claim, db.session.get(User, int(sys.argv[2])), "approved")
"""


def test_killed_between_commit_and_hand_over_is_replayed_at_the_next_start(
        queue_app, db, sink, consumer, make_user, make_enterprise, tmp_path):
    claim, officer = _claim(make_user, make_enterprise)
    queue_app.extensions["jobs"].flush()  # the set-up's own jobs: replayed at the start too
    marker = tmp_path / "committed"
    web = subprocess.Popen([sys.executable, "-c", SCRIPT_COMMIT_THEN_WAIT, str(claim.id),
                            str(officer.id), str(marker)], cwd=ROOT,
                           env=consumer_env(queue_app))
    try:
        wait_for(marker.exists, timeout=60, what="the commit in the other process")
    finally:
        web.send_signal(signal.SIGKILL)
        web.wait(10)
    [job] = _jobs(db, "mail.send")
    assert job.status == PENDING and job.enqueued_at is None  # committed, never handed over
    assert queue_app.extensions["jobs"].backlog() == 0
    consumer()
    wait_for(lambda: sink.count() == 1, what="the replayed e-mail")
    wait_for(lambda: _jobs(db, "mail.send")[0].status == DONE, what="the job done")
    assert sink.per_message_id() == {sink.messages[0]["message_id"]: 1}


def test_consumer_killed_while_sending_loses_nothing_and_sends_once(
        queue_app, db, sink, consumer, make_user, make_enterprise):
    from trading_floor.registry import services

    sink.hold = threading.Event()  # the SMTP conversation waits after RCPT TO
    claim, officer = _claim(make_user, make_enterprise)
    services.decide_claim(claim, officer, "approved")
    first = consumer()
    wait_for(sink.in_flight.is_set, what="the consumer talking to the SMTP server")
    [job] = _jobs(db, "mail.send")
    assert job.status == RUNNING and job.claimed_by.endswith(f":{first.process.pid}")
    first.kill()  # task started, not acknowledged
    sink.hold.set()
    assert sink.count() == 0
    consumer()
    wait_for(lambda: sink.count() == 1, what="the e-mail after the restart")
    wait_for(lambda: _jobs(db, "mail.send")[0].status == DONE, what="the job done")
    job = _jobs(db, "mail.send")[0]
    assert job.attempts == 2
    assert list(sink.per_message_id().values()) == [1]


def test_a_job_handed_over_twice_runs_once(queue_app, db, sink, consumer):
    from trading_floor import jobs

    jobs.send_mail_later("mot-lan@example.vn", "Một lần", "once", key="once-1")
    db.session.commit()
    [job] = _jobs(db)
    queue = queue_app.extensions["jobs"]
    queue.enqueue(job.id)  # a second (and third) copy of the message in the queue
    queue.enqueue(job.id)
    consumer()
    wait_for(lambda: not queue.backlog(), what="the queue drained")
    wait_for(lambda: _jobs(db)[0].status == DONE, what="the job done")
    assert sink.count() == 1 and _jobs(db)[0].attempts == 1


def test_rfq_fan_out_and_its_e_mails_run_in_the_consumer(queue_app, db, sink, consumer,
                                                        verified_owner, make_user):
    from trading_floor.alerts.preferences import set_frequency
    from trading_floor.catalog.models import Category
    from trading_floor.trade.models import Notification
    from trading_floor.trade.rfqs import create_rfq, today_vn

    owners = [verified_owner(email=f"ban{i}@example.vn", name=f"Công ty {i}")[0]
              for i in range(3)]
    category = Category(slug="nhan", name_vi="Nhãn", name_en="Longan")
    db.session.add(category)
    db.session.commit()
    for owner in owners:
        _listing(db, owner.membership.enterprise, category)
    # two owners chose RFQ e-mails at once, the third keeps the default (the daily digest)
    for owner in owners[:2]:
        set_frequency(owner, "rfq", "immediate")
    buyer = make_user(email="mua@example.vn")
    create_rfq(buyer, title="Nhãn lồng 5 tấn", description="", category_id=category.id,
               quantity=5, unit="tấn", target_price_vnd=None, delivery_commune_code=None,
               delivery_place="Phố Hiến", deadline_day=today_vn())
    [fan_out] = _jobs(db, "trade.rfq_fan_out")
    assert fan_out.status == PENDING  # the page answered before any matching or SMTP
    assert db.session.scalar(select(Notification).where(Notification.text.like("%chào mua%"))) is None

    def rfq_mails():
        return sorted(m["to"] for m in sink.messages if "chào mua" in m["subject"])

    consumer()
    wait_for(lambda: len(rfq_mails()) == 2, what="two e-mails")
    assert rfq_mails() == [o.email for o in owners[:2]]
    db.session.rollback()
    notes = db.session.scalars(select(Notification).where(Notification.text.like("%chào mua%")))
    assert sorted(n.user_id for n in notes) == sorted(o.id for o in owners)


def test_an_approved_listing_is_indexed_by_the_consumer_once(queue_app, db, client, consumer,
                                                             verified_owner, make_user):
    from trading_floor.catalog import moderation
    from trading_floor.catalog.models import Category
    from trading_floor.search import get_backend

    get_backend().clear()
    owner, enterprise = verified_owner()
    category = Category(slug="nhan", name_vi="Nhãn", name_en="Longan")
    db.session.add(category)
    db.session.commit()
    listing = _listing(db, enterprise, category, status="submitted")
    before = len(_jobs(db, "search.refresh"))
    moderation.approve(make_user("officer"), listing)
    approval_jobs = _jobs(db, "search.refresh")[before:]
    # one path: the approval's transaction records one job; the signal adds no second one
    assert [json.loads(job.payload)["listing_ids"] for job in approval_jobs] == [[listing.id]]
    assert client.get("/api/v1/search?q=nhan+long").get_json()["total"] == 0  # not yet
    consumer()
    wait_for(lambda: client.get("/api/v1/search?q=nhan+long").get_json()["total"] == 1,
             what="the listing searchable")
    assert client.get("/api/v1/search?q=nhan+long").get_json()["results"][0]["id"] == listing.id


def test_pending_count_and_heartbeat_in_healthz(queue_app, client, consumer):
    from trading_floor.search import get_backend

    get_backend().clear()  # an index, so that only the queue decides the answer
    body = client.get("/healthz").get_json()
    assert client.get("/healthz").status_code == 503
    assert body["checks"]["queue"]["status"].startswith("error: no consumer")
    consumer()
    wait_for(lambda: client.get("/healthz").status_code == 200, what="a healthy queue")
    # schedules fire as the consumer starts (webhooks.retry every minute, the digests): each job
    # is counted in the backlog until it has run, so one answer must show both a recent
    # heartbeat and an empty backlog (two reads raced a schedule that fired in between)

    def healthy_and_drained() -> bool:
        queue = client.get("/healthz").get_json()["checks"]["queue"]
        return queue["backlog"] == 0 and queue["consumer_seen_seconds_ago"] <= 60

    wait_for(healthy_and_drained, what="a recent heartbeat and an empty backlog")


def test_consumer_stops_on_ctrl_c(queue_app, tmp_path):
    from tests.jobs.conftest import Consumer

    process = Consumer(queue_app, tmp_path / "c.log").start()
    wait_for(lambda: "Huey consumer started" in Path(tmp_path / "c.log").read_text(
        errors="replace"), timeout=60, what="the consumer started")
    process.process.send_signal(signal.SIGINT)
    assert process.process.wait(20) == 0  # Ctrl-C stops it cleanly

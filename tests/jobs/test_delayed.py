"""A job recorded with a delay is handed to the queue as a scheduled task (outreach paces its
e-mails with it), not run at once."""

from __future__ import annotations


def test_a_delayed_job_waits_in_the_queue(queue_app, db):
    from trading_floor.jobs import record
    from trading_floor.jobs.models import PENDING, Job

    queue = queue_app.extensions["jobs"]
    queue.flush()
    record("jobs.cleanup", {}, key="later", delay=60)
    record("jobs.cleanup", {}, key="now")
    db.session.commit()
    # huey carries the delay as the message's eta: the consumer holds it until then
    etas = sorted(task.eta is not None for task in queue.huey.pending())
    assert etas == [False, True]
    later = db.session.query(Job).filter_by(key="later").one()
    assert later.status == PENDING and later.enqueued_at is not None

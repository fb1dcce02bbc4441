"""Background work: the transactional outbox (outbox.py), the queue (queue.py, huey), the tasks
and schedules (trading_floor/tasks.py, registered by the app factory), the consumer command (cli.py) and the administrators' page (views.py).

Record work inside the business transaction; it runs after the commit, in the consumer:

    from trading_floor import jobs
    jobs.send_mail_later(user.email, subject, body)          # an e-mail
    jobs.record("search.refresh", {"listing_ids": [1, 2]})   # any task of trading_floor.tasks.HANDLERS
    db.session.commit()
"""

from __future__ import annotations

from trading_floor.jobs.outbox import record


def send_mail_later(to: str | None, subject: str, body: str, key: str | None = None,
                    headers: dict[str, str] | None = None) -> None:
    """Records an e-mail in the caller's transaction; the consumer sends it after the commit.
    `headers`: extra header lines (e.g. List-Unsubscribe)."""
    if to:
        payload = {"to": to, "subject": subject, "body": body}
        if headers:
            payload["headers"] = headers
        record("mail.send", payload, key=f"mail:{key}" if key else None)


__all__ = ["record", "send_mail_later"]

"""Every task and schedule of the floor, wired to the domain functions that do the work.

A handler receives the `Job` row and its decoded payload, runs inside the consumer's app
context and database session, and must be idempotent: its database writes commit together with
the job's `done` mark (outbox.execute), so a job that ran is never run again; an e-mail carries
the job key as its Message-ID. To add a task: write a handler here, add it to HANDLERS, and call
`jobs.record("<name>", payload, key=...)` inside the business transaction. To add a schedule: a
handler plus a Schedule in SCHEDULES (cron fields in UTC); it appears on /quan-tri/tac-vu.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

log = logging.getLogger(__name__)


# --- e-mail ---------------------------------------------------------------------------------------
def send_mail(job, payload: dict) -> None:
    from trading_floor.core.mail import send_mail as deliver

    deliver(payload["to"], payload["subject"], payload["body"], message_id=job.key,
            headers=payload.get("headers"))


# --- trade ----------------------------------------------------------------------------------------
def rfq_fan_out(job, payload: dict) -> None:
    from trading_floor.trade.rfqs import fan_out

    fan_out(payload["rfq_id"], payload.get("url", ""), payload.get("external_url", ""),
            payload.get("deadline", ""))


def close_expired_rfqs(job, payload: dict) -> None:
    from trading_floor.trade.rfqs import close_expired

    log.info("closed %d expired request(s) for quotation", close_expired())


# --- legal --------------------------------------------------------------------------------------
def legal_notify(job, payload: dict) -> None:
    from trading_floor.legal.services import notify_members

    log.info("told %d member(s) of a new legal document version",
             notify_members(payload["document_id"]))


def privacy_retention(job, payload: dict) -> None:
    from trading_floor.privacy.services import purge_read_notifications

    log.info("deleted %d read notification(s) past their retention", purge_read_notifications())


# --- search ---------------------------------------------------------------------------------------
def search_refresh(job, payload: dict) -> None:
    """The index writer. It takes the other waiting index jobs too and applies them all in one
    index commit: a backlog (1,000 approvals in a row) costs a few commits, not a thousand."""
    import json

    from trading_floor.jobs.outbox import claim_batch, finish_batch, release_batch
    from trading_floor.search import indexing

    batch = claim_batch("search.refresh")
    listing_ids = set(payload.get("listing_ids") or ())
    enterprise_ids = set(payload.get("enterprise_ids") or ())
    for other in batch:
        data = json.loads(other.payload or "{}")
        listing_ids.update(data.get("listing_ids") or ())
        enterprise_ids.update(data.get("enterprise_ids") or ())
    try:
        if len(listing_ids) > indexing.REBUILD_ABOVE:
            # a bulk change (the demo province, an import): building the index aside with the
            # engine's own writer is faster than updating each document (16,000 demo listings:
            # ~3 min one by one on Whoosh), and the old index answers meanwhile
            indexing.reindex()
        else:
            if enterprise_ids:
                indexing.refresh_enterprises(enterprise_ids)
            if listing_ids:
                indexing.refresh_listings(listing_ids)
    except Exception:
        release_batch(batch)  # the others go back to the queue; this job is retried
        raise
    finish_batch(batch)


def search_check(job, payload: dict) -> None:
    """The drift check: logged; a small drift is repaired by a refresh job, a large one needs
    `flask search reindex` (said in the log and in the job's error on the page)."""
    from trading_floor.jobs.outbox import record
    from trading_floor.search import checks

    report = checks.drift()
    if report.error:
        raise RuntimeError(f"search index unavailable: {report.error} (run `flask search reindex`)")
    log.info("search drift check: %d public, %d indexed, %d missing, %d extra", report.public,
             report.indexed, len(report.missing), len(report.extra))
    drifted = report.missing + report.extra
    if len(drifted) > 5000:
        raise RuntimeError(f"search index drift of {len(drifted)} listings: "
                           "run `flask search reindex`")
    if drifted:
        record("search.refresh", {"listing_ids": drifted})


# --- monitoring -----------------------------------------------------------------------------------
def monitoring_purge(job, payload: dict) -> None:
    from trading_floor.monitoring import rollups

    days = current_app.config["ACCESS_EVENT_RETENTION_DAYS"]
    log.info("purged %d access event(s) older than %d days",
             rollups.purge_raw_events(days), days)


def monitoring_refresh(job, payload: dict) -> None:
    from trading_floor.monitoring import spans

    spans.refresh()


# --- webhooks to partners -------------------------------------------------------------------------
def webhooks_fan_out(job, payload: dict) -> None:
    from trading_floor.webhooks.services import fan_out

    fan_out(payload["kind"], payload.get("ids") or [], payload.get("base_url", ""),
            payload.get("enterprise_ids") or [])


def webhooks_deliver(job, payload: dict) -> None:
    from trading_floor.webhooks.services import deliver

    deliver(payload["delivery_id"])


def webhooks_retry(job, payload: dict) -> None:
    from trading_floor.webhooks.services import retry_due

    log.info("handed %d webhook delivery(ies) due for another attempt", retry_due())


# --- outreach -------------------------------------------------------------------------------------
def outreach_send(job, payload: dict) -> None:
    """This minute's share of the campaigns being sent (messages per minute, each once); while
    some remain, the next share is recorded to run a minute later."""
    from trading_floor.outreach import services

    log.info("outreach: %d invitation(s) recorded", services.send_due())


# --- alerts to members ---------------------------------------------------------------------------
def alerts_rfq_matched(job, payload: dict) -> None:
    from trading_floor.alerts.digest import rfq_matched

    rfq_matched(payload["rfq_id"], payload.get("user_ids") or [], payload.get("url", ""))


def alerts_daily(job, payload: dict) -> None:
    from trading_floor.alerts.digest import DAILY, schedule_digests

    log.info("alerts: %d daily digest job(s) recorded", schedule_digests(DAILY))


def alerts_weekly(job, payload: dict) -> None:
    from trading_floor.alerts.digest import WEEKLY, schedule_digests

    log.info("alerts: %d weekly digest job(s) recorded", schedule_digests(WEEKLY))


def alerts_member_digest(job, payload: dict) -> None:
    from trading_floor.alerts.digest import member_digest

    member_digest(payload["user_id"], payload["frequency"], payload.get("stamp"))


# --- partners -------------------------------------------------------------------------------------
def partners_fetch_photo(job, payload: dict) -> None:
    from trading_floor.partners.seller import fetch_photo

    log.info("photo by URL for listing %s: %s", payload["listing_id"],
             fetch_photo(payload["token_id"], payload["listing_id"], payload["url"]))


# --- imports ------------------------------------------------------------------------------------
def _import_registry(run, content: bytes, progress, writing):
    from trading_floor.registry.importer import import_registry

    return import_registry(content, run.filename, imported_by_id=run.created_by_id,
                           progress=progress, writing=writing)


def _import_categories(run, content: bytes, progress, writing):
    from trading_floor.catalog.taxonomy import import_categories

    return import_categories(content, run.filename, writing=writing)


def _import_listings(run, content: bytes, progress, writing):
    import json

    from trading_floor.catalog.importer import import_listings
    from trading_floor.extensions import db
    from trading_floor.registry.models import RegistryEnterprise

    options = json.loads(run.options or "{}")
    return import_listings(content, run.filename, db.session.get(RegistryEnterprise,
                                                                 run.enterprise_id),
                           actor_id=run.created_by_id, submit=bool(options.get("submit")),
                           progress=progress, writing=writing)


IMPORTERS = {"registry": _import_registry, "categories": _import_categories,
             "listings": _import_listings}


def imports_run(job, payload: dict) -> None:
    """An uploaded import file: validated, then written in one short transaction (imports.runs)."""
    from trading_floor.imports import runs

    runs.execute(payload["run_id"], IMPORTERS,
                 last_attempt=job.attempts >= current_app.config["JOBS_MAX_ATTEMPTS"])


# --- the queue itself -----------------------------------------------------------------------------
def jobs_cleanup(job, payload: dict) -> None:
    from trading_floor.jobs.outbox import purge_done

    log.info("removed %d finished job(s) older than 30 days", purge_done(30))


@dataclass(frozen=True)
class Schedule:
    name: str  # also the task name of its runs
    cron: dict[str, str]  # huey crontab fields, UTC
    label: object  # lazy Vietnamese label
    every: object  # lazy "when", as people say it (Vietnamese time)


SCHEDULES = (
    Schedule("trade.close_expired", {"minute": "5"}, _l("Đóng yêu cầu chào mua quá hạn"),
             _l("mỗi giờ, phút thứ 5")),
    Schedule("monitoring.purge", {"minute": "30", "hour": "19"},
             _l("Xoá bản ghi truy cập quá thời hạn lưu"), _l("hằng ngày lúc 02:30")),
    Schedule("monitoring.refresh", {"minute": "*/15"}, _l("Cập nhật số liệu tổng hợp tỷ lệ"),
             _l("mỗi 15 phút")),
    Schedule("search.check", {"minute": "20"}, _l("Kiểm tra độ lệch chỉ mục tìm kiếm"),
             _l("mỗi giờ, phút thứ 20")),
    Schedule("privacy.retention", {"minute": "50", "hour": "19"},
             _l("Xoá thông báo đã đọc quá thời hạn lưu"), _l("hằng ngày lúc 02:50")),
    Schedule("webhooks.retry", {"minute": "*"}, _l("Gửi lại webhook đến hạn thử lại"),
             _l("mỗi phút")),
    # 00:00 UTC is 07:00 in Vietnam; huey's day_of_week 1 is Monday
    Schedule("alerts.daily", {"minute": "0", "hour": "0"}, _l("Gửi thư tổng hợp hằng ngày"),
             _l("hằng ngày lúc 07:00")),
    Schedule("alerts.weekly", {"minute": "0", "hour": "0", "day_of_week": "1"},
             _l("Gửi thư tổng hợp và tóm tắt hằng tuần"), _l("thứ Hai hằng tuần lúc 07:00")),
    Schedule("jobs.cleanup", {"minute": "45", "hour": "19"},
             _l("Dọn tác vụ đã xong quá 30 ngày"), _l("hằng ngày lúc 02:45")),
)

HANDLERS: dict[str, Callable] = {
    "mail.send": send_mail,
    "trade.rfq_fan_out": rfq_fan_out,
    "search.refresh": search_refresh,
    "trade.close_expired": close_expired_rfqs,
    "monitoring.purge": monitoring_purge,
    "monitoring.refresh": monitoring_refresh,
    "search.check": search_check,
    "jobs.cleanup": jobs_cleanup,
    "legal.notify": legal_notify,
    "privacy.retention": privacy_retention,
    "webhooks.fan_out": webhooks_fan_out,
    "webhooks.deliver": webhooks_deliver,
    "webhooks.retry": webhooks_retry,
    "outreach.send": outreach_send,
    "partners.fetch_photo": partners_fetch_photo,
    "alerts.rfq_matched": alerts_rfq_matched,
    "alerts.daily": alerts_daily,
    "alerts.weekly": alerts_weekly,
    "alerts.member_digest": alerts_member_digest,
    "imports.run": imports_run,
}
TASK_LABELS = {
    "mail.send": _l("Gửi e-mail"),
    "trade.rfq_fan_out": _l("Báo yêu cầu chào mua cho doanh nghiệp"),
    "outreach.send": _l("Gửi thư mời của chiến dịch vận động"),
    "search.refresh": _l("Cập nhật chỉ mục tìm kiếm"),
    "legal.notify": _l("Báo thành viên phiên bản mới của quy chế"),
    "webhooks.fan_out": _l("Tạo sự kiện webhook cho đối tác"),
    "webhooks.deliver": _l("Gửi webhook cho đối tác"),
    "partners.fetch_photo": _l("Tải ảnh sản phẩm theo địa chỉ (API doanh nghiệp)"),
    "alerts.rfq_matched": _l("Gửi e-mail yêu cầu chào mua theo lựa chọn của thành viên"),
    "alerts.member_digest": _l("Gửi thư tổng hợp cho một thành viên"),
    "imports.run": _l("Nhập tệp (sổ đăng ký, danh mục, sản phẩm)"),
    **{schedule.name: schedule.label for schedule in SCHEDULES},
}

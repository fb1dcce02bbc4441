"""Campaign rules: the target group, the invitation template, sending (throttled, each once),
claiming through a personal link (fast-tracked), and the opt-out."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from trading_floor.accounts.services import normalise_email
from trading_floor.extensions import db
from trading_floor.i18n import format_date, utcnow
from trading_floor.jobs import record, send_mail_later
from trading_floor.jobs.models import Job
from trading_floor.monitoring.periods import default_period
from trading_floor.monitoring.services import MISSING, MonitoringError, enterprise_lines
from trading_floor.outreach import links
from trading_floor.outreach.models import (
    DRAFT,
    NO_EMAIL,
    OPTED_OUT,
    SENDING,
    SENT,
    Campaign,
    CampaignTarget,
    OptOut,
    OutreachSettings,
)
from trading_floor.registry import services as registry
from trading_floor.registry.codes import SECTION_NAMES
from trading_floor.registry.models import APPROVED, SIZE_CLASSES, RegistryEnterprise

CONTACTED = ("any", "never", "before")
PLACEHOLDERS = ("ten_doanh_nghiep", "ma_so", "dia_chi", "lien_ket", "han_dung")
# the invitation goes to Vietnamese enterprises: the default template is Vietnamese whatever the
# officer's interface language (data, not interface text)
DEFAULT_SUBJECT = "Mời {ten_doanh_nghiep} tham gia Sàn thương mại điện tử tỉnh Hưng Yên"
DEFAULT_BODY = """Kính gửi {ten_doanh_nghiep} (mã số {ma_so}),

Sở Công Thương tỉnh Hưng Yên trân trọng mời doanh nghiệp tham gia Sàn thương mại điện tử của \
tỉnh: miễn phí, giới thiệu sản phẩm tới người mua trong và ngoài tỉnh, nhận yêu cầu chào mua.

Liên kết riêng của doanh nghiệp (dùng được một lần, đến hết ngày {han_dung}):
{lien_ket}

1. Mở liên kết, đăng ký tài khoản bằng chính địa chỉ e-mail nhận thư này.
2. Bấm "Nhận doanh nghiệp": doanh nghiệp được xác minh nhanh.
3. Đăng sản phẩm đầu tiên.

Trân trọng,
Sở Công Thương tỉnh Hưng Yên"""
SEND_JOB = "outreach.send"


class OutreachError(ValueError):
    """A rule refused the request; the message is for the user."""


# --- settings --------------------------------------------------------------------------------------
def settings() -> OutreachSettings:
    row = db.session.scalar(select(OutreachSettings).limit(1))
    if row is None:
        row = OutreachSettings()
        db.session.add(row)
        db.session.flush()
    return row


def update_settings(messages_per_minute: int, auto_verify: bool) -> None:
    if not 1 <= (messages_per_minute or 0) <= 10000:
        raise OutreachError(_("Số thư mỗi phút phải từ 1 đến 10.000."))
    row = settings()
    row.messages_per_minute, row.auto_verify = messages_per_minute, bool(auto_verify)
    row.updated_at = utcnow()
    db.session.commit()


# --- the target group ------------------------------------------------------------------------------
@dataclass
class Filters:
    missing: str = "either"
    commune: int | None = None
    sector: str | None = None
    size: str | None = None
    contacted: str = "any"
    # VSIC codes (the demand report's "invite this sector" button)
    vsic: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"missing": self.missing, "commune": self.commune, "sector": self.sector,
                "size": self.size, "contacted": self.contacted, "vsic": ",".join(self.vsic)}


def parse_filters(args) -> Filters:
    """The outreach filters from a query string or a stored dict; OutreachError when bad."""
    commune = str(args.get("commune") or "")
    filters = Filters(missing=args.get("missing") or "either",
                      commune=int(commune) if commune.isdigit() else None,
                      sector=args.get("sector") or None, size=args.get("size") or None,
                      contacted=args.get("contacted") or "any",
                      vsic=tuple(code.strip() for code in str(args.get("vsic") or "").split(",")
                                 if code.strip()))
    if (filters.missing not in MISSING
            or any(not (code.isdigit() and len(code) <= 5) for code in filters.vsic) or filters.contacted not in CONTACTED
            or (commune and not commune.isdigit())
            or (filters.sector and filters.sector not in SECTION_NAMES)
            or (filters.size and filters.size not in SIZE_CLASSES)):
        raise OutreachError(_("Bộ lọc không hợp lệ."))
    return filters


def contacted_ids() -> set[int]:
    """Enterprises a campaign has already e-mailed."""
    return set(db.session.scalars(select(CampaignTarget.enterprise_id).distinct()
                                  .where(CampaignTarget.sent_at.is_not(None))))


def opted_out_ids() -> set[int]:
    return set(db.session.scalars(select(OptOut.enterprise_id)))


@dataclass
class Group:
    lines: list = field(default_factory=list)
    with_email: int = 0
    without_email: int = 0
    opted_out: int = 0


def target_group(filters: Filters) -> Group:
    """The outreach list's enterprises under the filters, this year, split for the preview."""
    try:
        lines = enterprise_lines(default_period(), commune=filters.commune,
                                 sector=filters.sector, size=filters.size,
                                 missing=filters.missing)
    except MonitoringError as error:
        raise OutreachError(str(error)) from error
    if filters.vsic:
        coded = set(db.session.scalars(select(RegistryEnterprise.id).where(
            RegistryEnterprise.vsic_code.in_(filters.vsic))))
        lines = [line for line in lines if line.id in coded]
    if filters.contacted != "any":
        contacted = contacted_ids()
        keep = filters.contacted == "before"
        lines = [line for line in lines if (line.id in contacted) == keep]
    opted = opted_out_ids()
    group = Group(lines=lines)
    for line in lines:
        if line.id in opted:
            group.opted_out += 1
        elif line.email:
            group.with_email += 1
        else:
            group.without_email += 1
    return group


# --- the template ----------------------------------------------------------------------------------
def _fields(text: str) -> set[str]:
    try:
        return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}
    except ValueError as exc:
        raise OutreachError(_("Mẫu thư có dấu ngoặc nhọn không khớp: %(error)s",
                              error=str(exc))) from exc


def check_template(subject: str, body: str) -> None:
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise OutreachError(_("Cần tiêu đề và nội dung thư."))
    unknown = (_fields(subject) | _fields(body)) - set(PLACEHOLDERS)
    if unknown:
        raise OutreachError(_("Mẫu thư có ô không có: %(names)s. Các ô dùng được: %(known)s.",
                              names=", ".join(sorted(unknown)),
                              known=", ".join("{" + p + "}" for p in PLACEHOLDERS)))
    if "lien_ket" not in _fields(body):
        raise OutreachError(_("Nội dung thư phải có ô {lien_ket} (liên kết nhận doanh nghiệp)."))


def render(text: str, values: dict) -> str:
    return text.format_map(values)


def letter_values(target: CampaignTarget, claim_url: str) -> dict:
    enterprise = target.enterprise
    return {"ten_doanh_nghiep": enterprise.name, "ma_so": enterprise.code,
            "dia_chi": f"{enterprise.address}, {enterprise.commune.name}",
            "lien_ket": claim_url,
            # the link is signed now (when mailed or printed): valid 30 days from now
            "han_dung": format_date(utcnow() + links.CLAIM_MAX_AGE)}


# --- campaigns -------------------------------------------------------------------------------------
def create_campaign(officer, name: str, filters: Filters, subject: str = DEFAULT_SUBJECT,
                    body: str = DEFAULT_BODY) -> Campaign:
    """A draft campaign with its group frozen from the filters (opted-out enterprises are kept
    out of the e-mail but stay in the group for letters)."""
    name = (name or "").strip()
    if not name:
        raise OutreachError(_("Hãy đặt tên chiến dịch."))
    check_template(subject, body)
    group = target_group(filters)
    if not group.lines:
        raise OutreachError(_("Nhóm đối tượng không có doanh nghiệp nào."))
    campaign = Campaign(name=name[:200], filters=filters.as_dict(), subject=subject.strip(),
                        body=body.strip(), created_by_id=officer.id)
    db.session.add(campaign)
    db.session.flush()
    now = utcnow()
    db.session.execute(CampaignTarget.__table__.insert(), [
        {"campaign_id": campaign.id, "enterprise_id": line.id, "email": line.email or "",
         "created_at": now, "skipped": ""} for line in group.lines])
    db.session.commit()
    return campaign


def update_draft(campaign: Campaign, name: str, subject: str, body: str) -> None:
    if campaign.status != DRAFT:
        raise OutreachError(_("Chiến dịch đã gửi, không sửa được nữa."))
    if not (name or "").strip():
        raise OutreachError(_("Hãy đặt tên chiến dịch."))
    check_template(subject, body)
    campaign.name, campaign.subject, campaign.body = name.strip()[:200], subject.strip(), \
        body.strip()
    db.session.commit()


def start_campaign(campaign: Campaign, base_url: str) -> None:
    """Only records the work: the consumer sends, throttled (the request stays fast)."""
    if campaign.status != DRAFT:
        raise OutreachError(_("Chiến dịch này đã được gửi."))
    campaign.status, campaign.started_at = SENDING, utcnow()
    campaign.base_url = base_url.rstrip("/")
    record(SEND_JOB, {"campaign_id": campaign.id}, key=f"{SEND_JOB}:start:{campaign.id}")
    db.session.commit()


def claim_path(target: CampaignTarget) -> str:
    return "/moi/" + links.sign("claim", {"t": target.id})


def opt_out_path(target: CampaignTarget) -> str:
    return "/tu-choi-thu/" + links.sign("optout", {"e": target.enterprise_id,
                                                    "c": target.campaign_id})


def send_due(now=None) -> int:
    """Sends what the throttle allows this minute (messages per minute, across campaigns); each
    target once (its mail job's key is the target's id); while some remain, records the next
    share a minute later. Returns the number of e-mails recorded."""
    now = now or utcnow()
    allowed = settings().messages_per_minute
    recent = db.session.scalar(select(func.count()).select_from(CampaignTarget)
                               .where(CampaignTarget.sent_at > now - timedelta(minutes=1),
                                      CampaignTarget.skipped == ""))
    budget = max(0, allowed - recent)
    opted = opted_out_ids()
    sent = 0
    campaigns = list(db.session.scalars(select(Campaign).where(Campaign.status == SENDING)
                                        .order_by(Campaign.id)))
    for campaign in campaigns:
        while budget > 0:
            targets = list(db.session.scalars(
                select(CampaignTarget).where(CampaignTarget.campaign_id == campaign.id,
                                             CampaignTarget.sent_at.is_(None),
                                             CampaignTarget.skipped == "")
                .order_by(CampaignTarget.id).limit(min(budget, 500))))
            if not targets:
                break
            for target in targets:
                if target.enterprise_id in opted:
                    target.skipped = OPTED_OUT
                    continue
                if not target.email:
                    target.skipped = NO_EMAIL
                    continue
                _send(campaign, target)
                target.sent_at = now
                sent += 1
                budget -= 1
        left = db.session.scalar(select(func.count()).select_from(CampaignTarget).where(
            CampaignTarget.campaign_id == campaign.id, CampaignTarget.sent_at.is_(None),
            CampaignTarget.skipped == ""))
        if not left:
            campaign.status, campaign.finished_at = SENT, now
    if any(c.status == SENDING for c in campaigns):
        # the next minute's share: one job per minute however many chains run
        key = f"{SEND_JOB}:{(now + timedelta(minutes=1)).strftime('%Y-%m-%dT%H:%M')}"
        if db.session.scalar(select(Job.id).where(Job.key == key)) is None:
            record(SEND_JOB, {}, key=key, delay=60)
    return sent


def _send(campaign: Campaign, target: CampaignTarget) -> None:
    values = letter_values(target, campaign.base_url + claim_path(target))
    opt_out = campaign.base_url + opt_out_path(target)
    body = render(campaign.body, values) + "\n\n-- \n" + _(
        "Không muốn nhận thư mời của Sở Công Thương nữa? Từ chối tại: %(link)s", link=opt_out)
    send_mail_later(target.email, render(campaign.subject, values), body,
                    key=f"outreach:{target.id}",
                    headers=links.list_unsubscribe_headers(opt_out))


# --- the links -------------------------------------------------------------------------------------
def target_from_link(token: str) -> CampaignTarget:
    try:
        data = links.read("claim", token, max_age=links.CLAIM_MAX_AGE)
    except links.BadLink as error:
        if error.expired:
            raise OutreachError(_("Liên kết đã hết hạn (30 ngày). Hãy liên hệ Sở Công Thương "
                                  "hoặc nhận doanh nghiệp bằng mã số.")) from error
        raise OutreachError(_("Liên kết không hợp lệ.")) from error
    target = db.session.get(CampaignTarget, data.get("t"))
    if target is None:
        raise OutreachError(_("Liên kết không hợp lệ."))
    return target


def open_link(token: str) -> CampaignTarget:
    """The enterprise opened its link: the funnel's "link opened" step (the first time)."""
    target = target_from_link(token)
    if target.opened_at is None:
        target.opened_at = utcnow()
        db.session.commit()
    return target


@dataclass
class ClaimResult:
    claim: object
    fast_tracked: bool
    verified: bool


def claim_through_link(user, token: str, position: str = "") -> ClaimResult:
    """Claims the link's enterprise; the registry's own e-mail address fast-tracks it."""
    target = target_from_link(token)
    if target.claimed_at is not None:
        raise OutreachError(_("Liên kết này đã được dùng. Mỗi liên kết chỉ dùng được một lần."))
    enterprise = target.enterprise
    matches = bool(enterprise.email) and \
        normalise_email(user.email) == normalise_email(enterprise.email)
    now = utcnow()
    target.opened_at = target.opened_at or now
    target.user_id, target.claimed_at = user.id, now
    try:
        claim = registry.submit_claim(
            user, enterprise.code, position=position,
            evidence=_("Nhận qua liên kết riêng của chiến dịch «%(name)s».",
                       name=target.campaign.name), email_confirmed=matches)
    except registry.RegistryError as error:
        db.session.rollback()
        raise OutreachError(str(error)) from error
    target.claim_id = claim.id
    db.session.commit()
    verified = False
    if matches and settings().auto_verify:
        registry.decide_claim(claim, target.campaign.created_by, APPROVED,
                              _("Tự động: e-mail của sổ đăng ký đã xác nhận qua chiến dịch "
                                "«%(name)s».", name=target.campaign.name))
        verified = True
    return ClaimResult(claim, matches, verified)


def opt_out(token: str) -> RegistryEnterprise:
    try:
        data = links.read("optout", token)
    except links.BadLink as error:
        raise OutreachError(_("Liên kết không hợp lệ.")) from error
    enterprise = db.session.get(RegistryEnterprise, data.get("e"))
    if enterprise is None:
        raise OutreachError(_("Liên kết không hợp lệ."))
    if db.session.get(OptOut, enterprise.id) is None:
        campaign_id = data.get("c")
        if campaign_id is not None and db.session.get(Campaign, campaign_id) is None:
            campaign_id = None
        db.session.add(OptOut(enterprise_id=enterprise.id, campaign_id=campaign_id))
        db.session.commit()
    return enterprise


def enterprise_from_opt_out(token: str) -> RegistryEnterprise:
    try:
        data = links.read("optout", token)
    except links.BadLink as error:
        raise OutreachError(_("Liên kết không hợp lệ.")) from error
    enterprise = db.session.get(RegistryEnterprise, data.get("e"))
    if enterprise is None:
        raise OutreachError(_("Liên kết không hợp lệ."))
    return enterprise


def campaigns() -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).order_by(Campaign.created_at.desc())))


def target_counts(campaign: Campaign) -> dict[str, int]:
    rows = db.session.execute(
        select(CampaignTarget.sent_at.is_not(None), CampaignTarget.skipped, func.count())
        .where(CampaignTarget.campaign_id == campaign.id)
        .group_by(CampaignTarget.sent_at.is_not(None), CampaignTarget.skipped)).all()
    counts = {"total": 0, "sent": 0, "waiting": 0, NO_EMAIL: 0, OPTED_OUT: 0}
    for was_sent, skipped, n in rows:
        counts["total"] += n
        if was_sent:
            counts["sent"] += n
        elif skipped:
            counts[skipped] = counts.get(skipped, 0) + n
        else:
            counts["waiting"] += n
    return counts


def letter_targets(campaign: Campaign, commune: int | None = None,
                   which: str = "all") -> list[CampaignTarget]:
    """Targets for printed letters: all, those without an e-mail, or those that did not answer
    (no link opened); optionally of one commune."""
    stmt = (select(CampaignTarget).join(RegistryEnterprise)
            .where(CampaignTarget.campaign_id == campaign.id)
            .order_by(RegistryEnterprise.commune_code, RegistryEnterprise.name))
    if commune:
        stmt = stmt.where(RegistryEnterprise.commune_code == commune)
    if which == "no_email":
        stmt = stmt.where(CampaignTarget.email == "")
    elif which == "unanswered":
        stmt = stmt.where(CampaignTarget.opened_at.is_(None), CampaignTarget.claimed_at.is_(None))
    return list(db.session.scalars(stmt))

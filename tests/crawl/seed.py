"""A small but complete floor for the crawl, built through the floor's own services (the way
people and officers build it), so every page has something to show.

  registry   (imported from a CSV) head offices, a branch, a household business, a suspended
             and a dissolved enterprise; one vouched for by an officer's --publish import; a
             hundred more that do not take part yet (the outreach list has a second page)
  E1         verified, owner + staff (invited, accepted), bank account; listings published
             (with photo, tiers, OCOP, English title), "liên hệ" + seasonal, draft (photo),
             submitted, rejected, archived, taken down
  E2         verified, another owner, one published listing (a second quote on the RFQ)
  claims     one pending (E3), one where the officer asked for more (the buyer's, E4)
  trade      an inquiry with an answer, an open RFQ with two quotes, an RFQ whose quote was
             accepted (order awaiting transfer), an order from a listing paid by transfer and
             shipped, an abuse report, notifications, a monitoring API token
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from io import BytesIO

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tests.catalog.seller.conftest import image_bytes
from tests.conftest import outbox
from trading_floor.extensions import db
from trading_floor.registry.codes import tax_check_digit

PASSWORD = "matkhau123"


def _codes(keys: list[str], start: int = 1200) -> dict[str, str]:
    """Valid 10-digit enterprise codes (some heads have no check digit: skipped)."""
    codes, n = {}, start
    for key in keys:
        while not tax_check_digit(f"09{n:07d}"):
            n += 1
        codes[key] = f"09{n:07d}" + tax_check_digit(f"09{n:07d}")
        n += 1
    return codes


@dataclass
class Floor:
    users: dict = field(default_factory=dict)  # role -> User (the six crawl roles but anonymous)
    enterprises: dict = field(default_factory=dict)
    listings: dict = field(default_factory=dict)
    photos: list = field(default_factory=list)  # file names, full size and thumbnail
    categories: list = field(default_factory=list)
    claims: dict = field(default_factory=dict)
    inquiry: object = None
    rfqs: dict = field(default_factory=dict)
    orders: dict = field(default_factory=dict)
    reset_link: str = ""
    invitation_link: str = ""
    announcements: dict = field(default_factory=dict)
    revisions: dict = field(default_factory=dict)  # "page" / "announcement" -> revision id
    quote: object = None  # a quote still waiting for the buyer's answer
    legal: dict = field(default_factory=dict)  # "rules_v1", "rules_v2" (upcoming), "privacy_v1"
    complaint: object = None  # a complaint about an order, in mediation
    data_request: object = None  # an authority's data request about E1
    campaigns: dict = field(default_factory=dict)  # "sent" / "draft"
    claim_link: str = ""  # a campaign's personal claim link (local path)
    opt_out_link: str = ""
    unsubscribe_token: str = ""  # a member's one-click unsubscribe from RFQ alerts
    import_report: str = ""  # the token of the officer's report of a refused registry file
    import_runs: dict = field(default_factory=dict)  # "done" / "refused" / "running" -> ImportRun


def _photo(name: str = "nhan.jpg") -> FileStorage:
    return FileStorage(BytesIO(image_bytes("JPEG", size=(640, 480))), name)


def _link(app, to: str, path_prefix: str) -> str:
    """The local part of the last link mailed to `to` that starts with path_prefix."""
    for message in reversed(outbox(app)):
        if message["to"] == to:
            match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S+)",
                              message["body"])
            if match:
                return match.group(1)
    raise AssertionError(f"no mail to {to} with a {path_prefix} link")


def build(app) -> Floor:
    from trading_floor.accounts import services as accounts
    from trading_floor.catalog import moderation
    from trading_floor.catalog import services as catalog
    from trading_floor.catalog.importer import import_listings
    from trading_floor.catalog.models import Category, ListingImage
    from trading_floor.catalog.taxonomy import seed_taxonomy
    from trading_floor.monitoring import tokens
    from trading_floor.monitoring.recording import record_access
    from trading_floor.payments import services as payments
    from trading_floor.registry import services as registry
    from trading_floor.registry.importer import import_registry
    from trading_floor.registry.models import AdminUnit
    from trading_floor.trade import inquiries, rfqs
    from trading_floor.trade import services as trade

    floor = Floor()
    make = accounts.create_user
    floor.users = {
        "administrator": make("quantri@crawl.vn", PASSWORD, "Lê Quản Trị", role="admin"),
        "officer": make("canbo@crawl.vn", PASSWORD, "Phạm Cán Bộ", role="officer"),
        "buyer": make("nguoimua@crawl.vn", PASSWORD, "Trần Thị Mua"),
        "owner": make("chu@crawl.vn", PASSWORD, "Nguyễn Văn Chủ"),
        "staff": make("nhanvien@crawl.vn", PASSWORD, "Đỗ Thị Nhân Viên"),
    }
    officer, buyer, owner = (floor.users[r] for r in ("officer", "buyer", "owner"))
    owner2 = make("chu2@crawl.vn", PASSWORD, "Hoàng Văn Hai")
    claimant = make("nhan@crawl.vn", PASSWORD, "Vũ Thị Nhận")

    communes = list(db.session.scalars(select(AdminUnit.code).order_by(AdminUnit.code).limit(3)))
    codes = _codes(["e1", "e2", "e3", "e4", "e5", "e6", "e9"])
    crowd = _codes([f"c{n}" for n in range(101)], start=3000)  # fills more than one page
    rows = [
        (codes["e1"], "Công ty TNHH Nhãn Lồng Phố Hiến", communes[0], "0121", "small", "active"),
        (codes["e2"], "Hợp tác xã Gà Đông Tảo Khoái Châu", communes[1], "0146", "micro", "active"),
        (codes["e3"], "Công ty Cổ phần Dệt May Phố Nối", communes[1], "1410", "medium", "active"),
        (codes["e4"], "Công ty TNHH Tương Bần Mỹ Hào", communes[2], "1079", "small", "active"),
        (codes["e5"], "Công ty TNHH Cơ khí Văn Lâm", communes[2], "2511", "large", "suspended"),
        (codes["e6"], "Doanh nghiệp tư nhân Mây Tre Ân Thi", communes[0], "3290", "micro",
         "dissolved"),
        (codes["e9"], "Công ty Cổ phần Thực phẩm Tiên Lữ", communes[0], "1079", "small", "active"),
        (codes["e1"] + "-001", "Chi nhánh Công ty TNHH Nhãn Lồng Phố Hiến", communes[1], "0121",
         "small", "active"),
        ("033123456789", "Hộ kinh doanh Nguyễn Thị Hoa", communes[2], "0118", "micro", "active"),
        *((code, f"Công ty TNHH Thương mại Hưng Yên {n}", communes[n % 3], "4632", "micro",
           "active") for n, code in enumerate(crowd.values())),
    ]
    csv = "enterprise_code,name,address,commune_code,vsic_code,size_class,status,phone,email\n"
    csv += "".join(f'{code},"{name}","Số 12 đường Nguyễn Văn Linh",{commune},{vsic},{size},'
                   f"{status},0221386{n:04d},lienhe{n}@dn.crawl.vn\n"
                   for n, (code, name, commune, vsic, size, status) in enumerate(rows))
    report = import_registry(csv.encode(), "so-dang-ky.csv", imported_by_id=officer.id)
    assert not report.errors, report.errors
    for key, code in codes.items():
        floor.enterprises[key] = registry.find_enterprise(code)
    e1, e2 = floor.enterprises["e1"], floor.enterprises["e2"]

    # claims: two approved owners, one pending, one waiting for more information
    for user, enterprise in ((owner, e1), (owner2, e2)):
        registry.decide_claim(registry.submit_claim(user, enterprise.code, "Giám đốc"),
                              officer, "approved")
    floor.claims["pending"] = registry.submit_claim(claimant, codes["e3"], "Kế toán trưởng",
                                                    "Giấy ủy quyền số 12/UQ")
    floor.claims["info"] = registry.submit_claim(buyer, codes["e4"], "Trưởng phòng kinh doanh")
    registry.decide_claim(floor.claims["info"], officer, "info_requested",
                          "Bổ sung giấy ủy quyền của giám đốc")

    # staff: invited by the owner, accepted through the mailed link; one invitation still open
    accounts.invite_staff(owner, e1, "nhanvien@crawl.vn")
    token = _link(app, "nhanvien@crawl.vn", "/loi-moi/").rsplit("/", 1)[1]
    accounts.accept_invitation(floor.users["staff"], token)
    accounts.invite_staff(owner, e1, "moi@crawl.vn")
    floor.invitation_link = _link(app, "moi@crawl.vn", "/loi-moi/")
    accounts.send_password_reset("nguoimua@crawl.vn")
    floor.reset_link = _link(app, "nguoimua@crawl.vn", "/dat-lai-mat-khau/")

    # catalogue
    seed_taxonomy()
    nhan = db.session.scalar(select(Category).where(Category.slug == "nhan"))
    poultry = db.session.scalar(select(Category).where(Category.slug == "gia-cam"))
    floor.categories = [nhan, poultry, nhan.parent, nhan.parent.parent]
    db.session.refresh(owner)

    def listing(title, submit=False, photos=(), **terms):
        data = catalog.ListingInput(title=title, category=str(terms.pop("category", nhan.id)),
                                    unit=terms.pop("unit", "kg"), **terms)
        return catalog.save_listing(owner, e1, data, photos=photos, submit=submit)

    published = listing("Nhãn lồng Phố Hiến loại 1", submit=True, photos=[_photo()],
                        title_en="Pho Hien longan, grade 1", price="45.000", moq="10",
                        tiers="100:42000;500:40000", certifications=["OCOP4", "VietGAP"],
                        ocop_number="12/QĐ-UBND",
                        description="Nhãn lồng tuyển chọn, cùi dày, ngọt sắc.",
                        origin_commune_code=str(communes[0]))
    on_request = listing("Long nhãn sấy khô", submit=True, availability="seasonal:5-8",
                         unit="hộp", description="Cùi nhãn sấy dẻo, hàng xuất khẩu.")
    draft = listing("Mật ong hoa nhãn", photos=[_photo("mat-ong.png")], price="180.000")
    submitted = listing("Nhãn Hương Chi", submit=True, price="50.000")
    rejected = listing("Nhãn xuồng cơm vàng", submit=True, price="60.000")
    archived = listing("Nhãn chín sớm", submit=True, price="40.000")
    taken_down = listing("Nhãn muộn", submit=True, price="38.000")
    for item in (published, on_request, archived, taken_down):
        moderation.approve(officer, item)
    moderation.reject(officer, rejected, "Ảnh chưa đúng sản phẩm")
    catalog.archive_listing(owner, archived)
    moderation.take_down(officer, taken_down, "Trùng lặp sản phẩm")
    chicken = catalog.save_listing(owner2, e2, catalog.ListingInput(
        title="Gà Đông Tảo thịt", category=str(poultry.id), unit="con", price="650.000",
        moq="2"), submit=True)
    moderation.approve(officer, chicken)
    report = import_listings(
        "sku,title,category,price_vnd,unit\nTL-1,Tương Bần nếp cái,tuong,35000,chai\n".encode(),
        "san-pham.csv", floor.enterprises["e9"], actor_id=officer.id, publish=True)
    assert not report.errors, report.errors
    floor.listings = {"published": published, "on_request": on_request, "draft": draft,
                      "submitted": submitted, "rejected": rejected, "archived": archived,
                      "taken_down": taken_down, "other": chicken}
    for image in db.session.scalars(select(ListingImage)):
        floor.photos += [image.filename, image.filename.replace(".jpg", "-t.jpg")]

    # trade
    floor.inquiry = inquiries.send_inquiry(buyer, published, 200, "Cho hỏi giá giao tại Hà Nội?")
    inquiries.reply(floor.inquiry, owner, "Giá giao Hà Nội 43.000 ₫/kg, giao trong 2 ngày.")
    deadline = rfqs.today_vn() + timedelta(days=7)
    rfq = dict(description="Loại 1, đóng thùng 10 kg", category_id=nhan.id, quantity=2000,
               unit="kg", target_price_vnd=40000, delivery_commune_code=communes[0],
               delivery_place="Kho Phố Nối", deadline_day=deadline)
    floor.rfqs["open"] = rfqs.create_rfq(buyer, title="Cần mua nhãn lồng", **rfq)
    floor.rfqs["awarded"] = rfqs.create_rfq(buyer, title="Cần mua nhãn sấy", **rfq)
    for rfq_key in ("open", "awarded"):
        for seller in (owner, owner2):
            rfqs.submit_quote(seller, floor.rfqs[rfq_key], unit_price_vnd=41000, quantity=2000,
                              lead_time_days=5, valid_until=deadline, note="Giao tận kho")
    accepted = floor.rfqs["awarded"].quotes[0]
    payments.update_bank_account(e1, owner, "970436", "0011004455667", "Cong ty Nhan Long")
    floor.orders["from_quote"] = rfqs.accept_quote(buyer, accepted)
    paid = trade.create_order_from_listing(buyer, published, 120, "Số 5 Phố Hiến, Hưng Yên",
                                           "Giao buổi sáng")
    payments.mark_transfer_received(paid, owner, "Đã nhận đủ")
    trade.mark_shipped(paid, owner, "Xe tải 29C")
    floor.orders["paid"] = paid
    moderation.file_report(buyer, on_request, "Giá không đúng với thực tế")

    # monitoring: members of E2 looked around (access), and an API token
    record_access(owner2, "search")
    record_access(owner2, "listing", target_enterprise_id=e1.id)
    tokens.create_token(officer, "Hệ thống báo cáo của tỉnh")
    from trading_floor.core import import_reports
    from trading_floor.core.tabular import RowError

    floor.import_report = import_reports.save(
        [RowError(2, "commune_code", "«99999» không phải mã xã/phường của tỉnh")], officer.id)
    # import runs: the officer's registry file imported, the owner's listing file refused, and
    # a registry file still being checked (its page follows the progress)
    import json

    from trading_floor.i18n import utcnow
    from trading_floor.imports.models import ImportRun

    now = utcnow()
    floor.import_runs = {
        "done": ImportRun(kind="registry", filename="so-dang-ky.csv", stored_as="a.csv",
                          created_by_id=officer.id, status="done", progress=100, rows_read=3,
                          rows_valid=3, added=2, unchanged=1, started_at=now, finished_at=now),
        "refused": ImportRun(kind="listings", filename="san-pham.csv", stored_as="b.csv",
                             enterprise_id=e1.id, created_by_id=owner.id, status="failed",
                             progress=100, rows_read=2, rows_valid=1, errors_count=1,
                             errors_shown=json.dumps([[3, "price_vnd", "«²»: cần số đồng"]]),
                             error_totals=json.dumps([["price_vnd", 1]]),
                             report_token=import_reports.save(
                                 [RowError(3, "price_vnd", "«²»: cần số đồng")], owner.id),
                             started_at=now, finished_at=now),
        "running": ImportRun(kind="registry", filename="so-lon.csv", stored_as="c.csv",
                             created_by_id=officer.id, status="validating", progress=40,
                             rows_read=450_000, started_at=now),
    }
    db.session.add_all(floor.import_runs.values())
    db.session.commit()

    # connection: E1 also sells on Shopee (storefront links, coverage, the connected rate), and a
    # partner endpoint with a delivery that failed (nothing listens on port 9 of 127.0.0.1)
    from trading_floor.crosslisting.services import add_shop
    from trading_floor.webhooks import services as webhooks

    add_shop(e1.id, "shopee", "https://shopee.vn/nhanlongphohien", None, owner.id)
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    webhooks.register_endpoint("Sàn đối tác", "http://127.0.0.1:9/hook",
                               ["listing.published", "listing.changed"], None)
    webhooks.on_listings_changed(listing_ids=[published.id])

    # outreach: a campaign sent to the trading enterprises of one commune, and a draft
    from trading_floor.outreach import services as outreach

    outreach.update_settings(500, False)
    floor.campaigns["sent"] = outreach.create_campaign(
        officer, "Mời doanh nghiệp thương mại", outreach.Filters(sector="G", commune=communes[0]))
    outreach.start_campaign(floor.campaigns["sent"], "http://localhost/")
    floor.campaigns["draft"] = outreach.create_campaign(
        officer, "Mời doanh nghiệp chưa tham gia", outreach.Filters(missing="participation"))
    from trading_floor.outreach import demand

    demand.record_search(buyer, "nhãn lồng sấy", None, 1)
    demand.record_search(owner2, "gà đông tảo", None, 0)
    invited = floor.campaigns["sent"].targets[0].email
    floor.claim_link = _link(app, invited, "/moi/")
    floor.opt_out_link = _link(app, invited, "/tu-choi-thu/")

    # alerts: a buyer's saved search, an owner's choices, an unsubscribe link
    from trading_floor.alerts import preferences, saved_searches

    saved_searches.save_search(buyer, {"q": "nhãn lồng", "price_max": "60000"})
    preferences.set_frequency(owner, "rfq", "immediate")
    floor.unsubscribe_token = preferences.unsubscribe_token(owner.id, "rfq")

    # the search index, as an operator builds it
    _content(floor, officer)
    _legal(floor)
    floor.quote = floor.rfqs["open"].quotes[0]
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return floor


def _content(floor: Floor, officer) -> None:
    """The pages and announcements officers write, each edited once (so revisions exist)."""
    from trading_floor.content import services as content
    from trading_floor.content.models import EVENT, NEWS
    from trading_floor.i18n import local_today

    content.save_page("gioi-thieu", officer, content.Draft("Giới thiệu", "Sàn của tỉnh."))
    content.save_page("gioi-thieu", officer, content.Draft("Giới thiệu", "Sàn của tỉnh Hưng Yên.",
                                                           "About", "The province's floor."))
    news = content.create_announcement(officer, content.Draft(
        "Hội chợ nông sản", "Mời doanh nghiệp tham gia.", "Farm fair", "Enterprises are invited.",
        kind=NEWS), publish=True)
    content.update_announcement(news, officer, content.Draft(
        "Hội chợ nông sản 2026", "Mời doanh nghiệp tham gia.", "Farm fair 2026",
        "Enterprises are invited.", kind=NEWS))
    draft = content.create_announcement(officer, content.Draft(
        "Tuần hàng OCOP", "Bản nháp.", kind=EVENT, event_place="Phố Hiến",
        event_starts_on=local_today() + timedelta(days=20)))
    floor.announcements = {"published": news, "draft": draft}
    from sqlalchemy import select as _select

    from trading_floor.content.models import ContentRevision

    floor.revisions = {
        "page": db.session.scalar(_select(ContentRevision.id).where(
            ContentRevision.page_id.is_not(None))),
        "announcement": db.session.scalar(_select(ContentRevision.id).where(
            ContentRevision.announcement_id == news.id))}
    assert all(floor.revisions.values()), floor.revisions


def _legal(floor: Floor) -> None:
    """The rules in force (accepted by everyone, so the crawl is not stopped at the acceptance
    page), a new version in its notice period, and the privacy notice."""
    from sqlalchemy import select as _select

    from trading_floor.accounts.models import User
    from trading_floor.i18n import local_today
    from trading_floor.legal import services as legal
    from trading_floor.legal.models import PRIVACY, RULES, LegalDocument

    past = local_today() - timedelta(days=30)
    rules = LegalDocument(kind=RULES, version=1, title="Quy chế hoạt động", body="## Điều 1",
                          effective_on=past)
    privacy = LegalDocument(kind=PRIVACY, version=1, title="Thông báo", body="## Mục đích",
                            effective_on=past)
    db.session.add_all([rules, privacy])
    db.session.commit()
    for user in db.session.scalars(_select(User)).all():
        legal.accept(user, [rules, privacy])
    upcoming = legal.publish(floor.users["administrator"], legal.Draft(
        RULES, "Quy chế hoạt động (sửa đổi)", "## Điều 1 (sửa đổi)", legal.earliest_effective_on()))
    floor.legal = {"rules_v1": rules, "rules_v2": upcoming, "privacy_v1": privacy}

    from trading_floor.complaints import services as complaints

    order = next(iter(floor.orders.values()))
    complaint = complaints.file_complaint(order.buyer, complaints.subject_for(
        order.buyer, order_ref=order.reference), "Giao thiếu hàng", "Thiếu 5 kg.")
    seller = next(u for u in floor.users.values() if complaints.side_of(u, complaint) == "enterprise")
    complaints.act(seller, complaint, "message", "Chúng tôi sẽ giao bù.")
    complaints.act(order.buyer, complaint, "mediation_asked", "Chưa giao bù.")
    complaints.act(floor.users["officer"], complaint, "mediation", "Mời hai bên làm việc.")
    floor.complaint = complaint

    from trading_floor.authority import services as authority
    from trading_floor.i18n import utcnow

    document = authority.Document("Chi cục Quản lý thị trường", "12/QLTT", local_today(),
                                  utcnow(), "Cung cấp dữ liệu.")
    floor.data_request = authority.record_data_request(floor.users["officer"], document,
                                                       order.enterprise.code)
    authority.record_takedown(floor.users["officer"], document,
                              enterprise_code=order.enterprise.code, take_down_now=False)

"""Every page works for every role: the crawl.

On a small but complete seeded floor (tests/crawl/seed.py), each role — anonymous, buyer, owner,
staff, officer, administrator — requests every GET route of the app (from `app.url_map`, URL
parameters filled from the seeded data), then follows every local link and GET form found on
those pages to depth 2, first in Vietnamese, then in English (the language switch). It fails on:

- any 5xx answer, or an error logged while answering (a traceback in the app's log);
- a local link that answers 404 to the person it was shown to;
- an HTML page whose <html lang> is not the language chosen ("vi" by default);
- in English, visible text left in Vietnamese: words with Vietnamese letters that are neither
  data of the floor (names, places, what people wrote: read from the seeded database itself),
  nor inside an element marked lang="vi" (Vietnamese on purpose, e.g. the Vietnamese name of a
  category next to its English one), nor in the short ALLOWED_VIETNAMESE list.

All failures are reported at once: role, language, URL, the page the link was on, and why.
A GET route with URL parameters needs a FILLER (or an entry in UNFILLABLE with the reason):
a new route without one fails `test_every_get_route_has_a_filler` until someone adds it.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict, deque
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import String, Text, select
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from tests.conftest import post_form
from tests.crawl import seed
from tests.crawl.pages import Page, is_vietnamese, local_path, vietnamese_words

ROLES = ("anonymous", "buyer", "owner", "staff", "officer", "administrator")
LANGUAGES = ("vi", "en")
MAX_DEPTH = 2
# the start URLs cover each route; of the links found on pages, a few per route suffice (facet,
# sort and pager links would otherwise multiply the same page by hundreds)
LINKS_PER_ROUTE = 3

# endpoint -> the URL values to request it with (routes with parameters need one; a route
# without parameters is always requested bare, and a filler may add query-string variants)
FILLERS = {
    "accounts.accept_invitation": lambda f: [{"token": f.invitation_link.rsplit("/", 1)[1]}],
    "accounts.reset_password": lambda f: [{"token": f.reset_link.rsplit("/", 1)[1]}],
    "catalog.category": lambda f: [{"slug": c.slug} for c in f.categories]
    + [{"slug": f.categories[0].slug, "sort": s} for s in ("price_asc", "newest")],
    "catalog.listing": lambda f: [{"slug": item.slug, "listing_id": item.id}
                                  for item in f.listings.values()],
    "catalog.listing_by_id": lambda f: [{"listing_id": f.listings["published"].id}],
    "catalog.storefront": lambda f: [{"code": e.code} for e in f.enterprises.values()],
    "search.directory": lambda f: [{"q": "phố hiến"}, {"sector": "A"}],
    "content.announcement": lambda f: [{"slug": "hoi-cho", "announcement_id": a.id}
                                       for a in f.announcements.values()],
    "content.announcement_by_id": lambda f: [{"announcement_id": a.id}
                                             for a in f.announcements.values()],
    "content.edit_announcement": lambda f: [{"announcement_id": a.id}
                                            for a in f.announcements.values()],
    "content.announcement_revision": lambda f: [{
        "announcement_id": f.announcements["published"].id,
        "revision_id": f.revisions["announcement"]}],
    "content.edit_page": lambda f: [{"slug": s} for s in ("gioi-thieu", "huong-dan", "lien-he")],
    "content.page_revision": lambda f: [{"slug": "gioi-thieu", "revision_id": f.revisions["page"]}],
    "authority.data_zip": lambda f: [{"request_id": f.data_request.id}],
    "authority.export": lambda f: [{"fmt": "csv"}, {"fmt": "xlsx"}],
    "reporting.annual_xlsx": lambda f: [{"year": 2026}],
    "complaints.complaint": lambda f: [{"complaint_id": f.complaint.id}],
    "complaints.export": lambda f: [{"fmt": "csv"}, {"fmt": "xlsx"}],
    "legal.document": lambda f: [{"slug": "quy-che-hoat-dong"},
                                 {"slug": "thong-bao-du-lieu-ca-nhan"}],
    "legal.version": lambda f: [{"slug": "quy-che-hoat-dong", "version": 1},
                                {"slug": "quy-che-hoat-dong", "version": 2},
                                {"slug": "thong-bao-du-lieu-ca-nhan", "version": 1}],
    "legal.notice_log": lambda f: [{"document_id": d.id} for d in f.legal.values()],
    "seller.delete": lambda f: [{"listing_id": f.listings[k].id} for k in ("draft", "published")],
    "trade.accept_quote": lambda f: [{"quote_id": f.quote.id}],
    "core.set_language": lambda f: [{"lang": "vi"}, {"lang": "en"}, {"lang": "fr"}],
    "feeds.merchant_enterprise": lambda f: [{"code": e.code} for e in f.enterprises.values()],
    "feeds.sitemap": lambda f: [{"kind": k, "number": 1} for k in ("pages", "listings",
                                                                   "enterprises")],
    "feeds.listings_atom": lambda f: [{"slug": c.slug} for c in f.categories],
    "feeds.rfqs_atom": lambda f: [{"slug": c.slug} for c in f.categories],
    "core.import_report": lambda f: [{"token": f.import_report}],
    "imports.run": lambda f: [{"run_id": r.id} for r in f.import_runs.values()],
    "imports.state": lambda f: [{"run_id": r.id} for r in f.import_runs.values()],
    "media.photo": lambda f: [{"name": name} for name in f.photos],
    "moderation.queue": lambda f: [{"tab": tab} for tab in ("queue", "published", "reports",
                                                              "takedowns")],
    "moderation.review": lambda f: [{"listing_id": f.listings[k].id}
                                    for k in ("submitted", "published", "rejected")],
    "moderation.report": lambda f: [{"listing_id": f.listings["published"].id}],
    "monitoring.dashboard": lambda f: [{"period": p} for p in ("2026", "2026-Q4",
                                                               "last-30-days", "2026-13")],
    "monitoring.export": lambda f: [{"table": t, "fmt": fmt} for fmt in ("csv", "xlsx") for t in (
        "summary", "commune", "sector", "size", "trend", "outreach")]
    + [{"table": "group", "fmt": "csv", "size": "small"}],
    "monitoring.group": lambda f: [
        {"dimension": "commune", "key": f.enterprises["e1"].commune_code},
        {"dimension": "sector", "key": "A"}, {"dimension": "size", "key": "small"}],
    "monitoring.outreach": lambda f: [{"missing": "access"}, {"period": "2026"}],
    "monitoring_api.participation": lambda f: [{"period": "2026"}],
    "outreach.campaign": lambda f: [{"campaign_id": c.id} for c in f.campaigns.values()],
    "outreach.letters": lambda f: [{"campaign_id": f.campaigns["sent"].id, "which": "unanswered",
                                    "commune": f.enterprises["e1"].commune_code}],
    "outreach.funnel_page": lambda f: [{"campaign": f.campaigns["sent"].id, "by": "sector"}],
    "outreach.funnel_export": lambda f: [{"fmt": "csv"}, {"fmt": "xlsx", "by": "commune",
                                                         "campaign": f.campaigns["sent"].id}],
    "outreach.claim_link": lambda f: [{"token": f.claim_link.rsplit("/", 1)[1]}],
    "outreach.opt_out": lambda f: [{"token": f.opt_out_link.rsplit("/", 1)[1]}],
    "alerts.unsubscribe": lambda f: [{"token": f.unsubscribe_token}],
    "outreach.new": lambda f: [{"contacted": "never", "sector": "G"}, {"vsic": "0121,4632"}],
    "outreach.demand_report": lambda f: [{"weeks": 4}],
    "outreach.demand_group": lambda f: [{"category_id": c.id} for c in f.categories[:2]],
    "outreach.demand_export": lambda f: [{"fmt": "csv"}, {"fmt": "xlsx", "weeks": 52}],
    "partner_api.listings": lambda f: [{"cursor": "khong-hop-le"}, {"limit": "2"}],
    "partner_api.enterprises": lambda f: [{"page": "2", "per_page": "1"}],
    "partner_api.rfqs": lambda f: [{"per_page": "9999"}],
    "payments.order_payment": lambda f: [{"reference": o.reference} for o in f.orders.values()],
    "payments.pay_card": lambda f: [{"reference": o.reference} for o in f.orders.values()],
    "payments.vietqr_svg": lambda f: [{"reference": o.reference} for o in f.orders.values()],
    "registry.queue": lambda f: [{"status": "info_requested"}],
    "registry.respond": lambda f: [{"claim_id": f.claims["info"].id}],
    "search.results": lambda f: [{"q": "nhãn lồng"}, {"q": "nhan", "sort": "price_asc"},
                                 {"q": "nhn lng"}, {"q": "xyzxyz"}],
    "search.suggestions": lambda f: [{"q": "nha"}],
    "search.enterprises": lambda f: [{"q": "nhãn"}],
    "search_api.search": lambda f: [{"q": "nhãn", "per_page": "5"}, {"per_page": "1000"}],
    "seller_api.get_listing": lambda f: [{"sku": f.listings["published"].sku}],
    "seller.edit": lambda f: [{"listing_id": f.listings[k].id}
                              for k in ("draft", "rejected", "published", "other")],
    "seller.export": lambda f: [{"fmt": "csv"}, {"fmt": "xlsx"}],
    "static": lambda f: [{"filename": "css/floor.css"}],
    "taxonomy.edit": lambda f: [{"category_id": c.id} for c in f.categories],
    "trade.inquiry": lambda f: [{"inquiry_id": f.inquiry.id}],
    "trade.new_inquiry": lambda f: [{"listing_id": f.listings[k].id}
                                    for k in ("published", "on_request", "draft")],
    "trade.new_order": lambda f: [{"listing_id": f.listings[k].id}
                                  for k in ("published", "on_request")],
    "trade.order": lambda f: [{"reference": o.reference} for o in f.orders.values()],
    "trade.rfq": lambda f: [{"rfq_id": r.id} for r in f.rfqs.values()],
}
# endpoint -> why the crawl cannot request it (none today)
UNFILLABLE: dict[str, str] = {}

# Vietnamese that English mode shows on purpose: names of places and of the language itself
ALLOWED_VIETNAMESE = ("Hưng Yên", "Tiếng Việt", "đồng", "Đông Tảo", "Phố Hiến",
                      "siêu nhỏ, nhỏ, vừa, lớn")
# database columns whose words are names (shown alone or inside other text)
NAME_COLUMNS = ("registry_enterprises.name", "registry_enterprises.address", "admin_units.name",
                "users.full_name", "listings.title", "categories.name_vi")


def get_routes(app) -> list:
    return [rule for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())]


def test_every_get_route_has_a_filler(app):
    needing = {rule.endpoint for rule in get_routes(app) if rule.arguments}
    missing = sorted(needing - set(FILLERS) - set(UNFILLABLE))
    assert not missing, f"GET routes with parameters the crawl cannot fill: {missing} — add a " \
                        f"FILLER (or an UNFILLABLE entry with the reason) in {__file__}"
    known = {rule.endpoint for rule in get_routes(app)}
    stale = sorted((set(FILLERS) | set(UNFILLABLE)) - known)
    assert not stale, f"fillers for routes that no longer exist: {stale}"


# what a Content-Security-Policy without 'unsafe-inline' blocks: <script> without src (JSON-LD is
# data, not code), <style>, style="…" and on…="…" attributes
INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>"
                         r"|<style\b|\sstyle=[\"']|\son[a-z]+=[\"']", re.IGNORECASE)


class LogErrors(logging.Handler):
    """Errors the app logged (a traceback is logged at ERROR by the 500 handler)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


class EnglishCheck:
    """Finds Vietnamese left in English-mode text, leaving out the floor's data."""

    def __init__(self, db):
        data, name_words = set(), set()
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text):
                    continue
                key = f"{table.name}.{column.name}"
                stmt = select(column).distinct()
                if key == "categories.name_vi":  # the taxonomy has English names: used in English
                    stmt = stmt.where(table.c.name_en == "")
                values = [v for v in db.session.scalars(stmt) if v and is_vietnamese(v)]
                data.update(" ".join(v.split()) for v in values)
                if key in NAME_COLUMNS:
                    name_words.update(w.lower() for v in values for w in vietnamese_words(v))
        self.data = sorted(data, key=len, reverse=True)
        self.blob = "\n".join(self.data)
        self.name_words = name_words

    def leftovers(self, text: str) -> str | None:
        """The text again if it shows Vietnamese that is not data, else None."""
        if not is_vietnamese(text) or text in self.blob:
            return None
        rest = text
        for value in (*self.data, *ALLOWED_VIETNAMESE):
            if value in rest:
                rest = rest.replace(value, " ")
        words = [w for w in vietnamese_words(rest) if w.lower() not in self.name_words]
        return text if words else None


class Crawl:
    def __init__(self, app, floor, english: EnglishCheck, log: LogErrors):
        self.app, self.floor, self.english, self.log = app, floor, english, log
        self.adapter = app.url_map.bind("localhost")
        self.failures: list[str] = []
        self.requests = 0
        self.checked_resources: dict[str, int] = {}
        self.not_html: dict[str, set[str]] = defaultdict(set)

    def start_urls(self) -> list[str]:
        urls = []
        with self.app.test_request_context():
            for rule in get_routes(self.app):
                if not rule.arguments:
                    urls.append(url_for(rule.endpoint))
                for values in FILLERS.get(rule.endpoint, lambda f: [])(self.floor):
                    urls.append(url_for(rule.endpoint, **values).replace("http://localhost", ""))
        return list(dict.fromkeys(urls))

    def endpoint(self, path: str) -> str:
        try:
            return self.adapter.match(urlsplit(path).path, method="GET")[0]
        except (NotFound, MethodNotAllowed, RequestRedirect):
            return urlsplit(path).path

    def fail(self, role, lang, url, source, reason):
        where = f" (linked from {source})" if source else ""
        self.failures.append(f"[{role}/{lang}] {url}{where}: {reason}")

    def resource(self, role, lang, client, url, source):
        """Static files and photos: they must answer, their bytes are not read."""
        key = url if url.startswith("/static/") else f"{role}:{url}"
        if key not in self.checked_resources:
            with client.get(url) as response:
                self.checked_resources[key] = response.status_code
            self.requests += 1
        status = self.checked_resources[key]
        if status != 200:
            self.fail(role, lang, url, source, f"resource answered {status}")

    def run(self, role: str, lang: str, client) -> None:
        queue = deque((url, 0, None) for url in self.start_urls())
        seen: set[str] = set()
        per_route: Counter = Counter()
        while queue:
            url, depth, source = queue.popleft()
            if url in seen or (lang != LANGUAGES[0] and url in self.not_html[role]):
                continue  # a file, not a page: its language was checked with the first
            if source is not None:
                endpoint = self.endpoint(url)
                if per_route[endpoint] >= LINKS_PER_ROUTE:
                    continue
                per_route[endpoint] += 1
            seen.add(url)
            for found, how in self.visit(role, lang, client, url, source, depth):
                queue.append((found, depth + 1 if how == "link" else depth, url))

    def visit(self, role, lang, client, url, source, depth):
        before = len(self.log.records)
        response = client.get(url)
        self.requests += 1
        if url.startswith("/ngon-ngu/"):
            client.get(f"/ngon-ngu/{lang}")  # the crawl stays in its language
        status = response.status_code
        for record in self.log.records[before:]:
            self.fail(role, lang, url, source, f"error in the log: {record.getMessage()}"
                      + (f" — {record.exc_info[1]!r}" if record.exc_info else ""))
        if status >= 500:
            self.fail(role, lang, url, source, f"answered {status}")
        elif status == 404 and source is not None:
            self.fail(role, lang, url, source, "broken link: answered 404")
        if 300 <= status < 400 and "Location" in response.headers:
            target = local_path(response.headers["Location"], "http://localhost" + url)
            if target and not url.startswith("/ngon-ngu/"):
                yield target, "redirect"
            response.close()
            return
        if response.mimetype != "text/html":
            self.not_html[role].add(url)
            response.close()
            return
        html = response.get_data(as_text=True)
        inline = INLINE_CODE.search(html)
        if inline:  # the Content-Security-Policy has no 'unsafe-inline': it would not run
            self.fail(role, lang, url, source, f"inline script or style: {inline.group(0)[:80]}")
        page = Page(html)
        if page.lang != lang:
            self.fail(role, lang, url, source, f'<html lang="{page.lang}">, expected "{lang}"')
        if lang == "en":
            shown = [t for t in page.visible_text() if self.english.leftovers(t)]
            for text in dict.fromkeys(shown):
                self.fail(role, lang, url, source, f"Vietnamese in English mode: «{text[:120]}»")
        for resource in page.resources:
            target = local_path(resource, "http://localhost" + url)
            if target:
                self.resource(role, lang, client, target, url)
        if depth >= MAX_DEPTH:
            return
        base = "http://localhost" + url
        for found in [*page.links, *page.get_form_urls(base)]:
            target = local_path(found, base)
            if not target:
                continue
            if target.startswith(("/static/", "/anh/")):
                self.resource(role, lang, client, target, url)
            elif not (target.startswith("/ngon-ngu/") and target != f"/ngon-ngu/{lang}"):
                yield target, "link"


def sign_in(client, role: str, floor) -> None:
    from flask import g

    # one app context serves every request of the test: forget the last client's CSRF token
    g.pop("csrf_token", None)
    if role == "anonymous":
        return
    user = floor.users[role]
    response = post_form(client, "/dang-nhap", {"email": user.email, "password": seed.PASSWORD})
    assert response.status_code == 302, f"{role} could not sign in"


def test_every_page_works_for_every_role_in_both_languages(app, db):
    floor = seed.build(app)
    log = LogErrors()
    logging.getLogger().addHandler(log)
    try:
        crawl = Crawl(app, floor, EnglishCheck(db), log)
        for role in ROLES:
            for lang in LANGUAGES:  # a new browser for each language: no message left over
                client = app.test_client()
                sign_in(client, role, floor)
                client.get(f"/ngon-ngu/{lang}")
                crawl.run(role, lang, client)
    finally:
        logging.getLogger().removeHandler(log)
    failures = list(dict.fromkeys(crawl.failures))
    assert not failures, (f"{len(failures)} problems in {crawl.requests} requests:\n"
                          + "\n".join(failures))
    assert crawl.requests > 300, "the crawl requested far fewer pages than the floor has"


@pytest.mark.parametrize("html, expected", [
    ('<html lang="en"><p title="Xem thêm">Tiếng Việt</p><input type="submit" value="Lưu">',
     ["Xem thêm", "Lưu"]),
    ('<html lang="en"><script>var s = "Đăng nhập";</script><p>Sign in</p>', []),
    ('<html lang="en"><td lang="vi">Trái cây <b>tươi</b></td><td>Rau củ</td>', ["Rau củ"]),
])
def test_english_check_reads_what_people_see(app, db, html, expected):
    english = EnglishCheck(db)
    shown = [t for t in Page(html).visible_text() if english.leftovers(t)]
    assert shown == expected

"""Open the floor's pages in Chromium at 375 px, as each role, in Vietnamese and English.

For every page it records: the HTTP status (after redirects), whether the document is wider
than the viewport (horizontal overflow, with the widest offending elements), console errors and
page errors (CSP violations are console errors: the floor's CSP forbids inline style/script),
failed requests, and in English the words with Vietnamese letters still visible outside
elements marked lang="vi" (these include the floor's data — names, places — so read them).
It saves a screenshot of each page and prints a table; the same rows go to a JSON file.

Run it against a demo floor (README "Two commands" / "Accounts and roles"):

    export FLOOR_INSTANCE_PATH=$(mktemp -d)
    DEMO=1 .venv/bin/flask --app trading_floor setup
    .venv/bin/flask --app trading_floor run -p 5190 > /tmp/floor.log 2>&1 &
    .venv/bin/python scripts/ui_check.py --base http://127.0.0.1:5190 --out /tmp/ui_check
    grep -n Traceback /tmp/floor.log        # then stop the server by its PID

Options: --roles anonymous,buyer  --langs en  --width 375
         --only /tai-khoan,/theo-doi/   (these paths instead of the list below, e.g. a claim link
         /moi/<token> or the letters /so-cong-thuong/chien-dich/1/thu-in)
It drives Debian's Chromium (/usr/bin/chromium) through Playwright; it never downloads a browser.
Demo accounts: password demo12345 (README). After changing a template, restart the server (it
caches templates). The run also sends the forms of ACTIONS (a partner key, a seller token, a
webhook partner: they add rows to the demo floor) and, as the buyer, takes an order from a
listing page to its review step (nothing is placed).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import sync_playwright

ACCOUNTS = {
    "buyer": "nguoimua@demo.hungyen.vn",
    "owner": "chudoanhnghiep@demo.hungyen.vn",
    "officer": "canbo@demo.hungyen.vn",
    "administrator": "quantri@demo.hungyen.vn",
}
PASSWORD = "demo12345"
ROLES = ("anonymous", "buyer", "owner", "officer", "administrator")

# pages added or changed by the merged branches (git log --stat 6fbb00b..main -- templates)
PAGES = [
    "/", "/dang-ky", "/tai-khoan", "/tai-khoan/du-lieu-ca-nhan", "/tai-khoan/thong-bao",
    "/tim-kiem?q=nhan+long", "/chap-nhan-quy-che",
    "/quy-che-hoat-dong", "/quy-che-hoat-dong/phien-ban/1", "/thong-bao-du-lieu-ca-nhan",
    "/quyen-rieng-tu",
    "/khieu-nai", "/khieu-nai/moi", "/so-cong-thuong/khieu-nai",
    "/so-cong-thuong/yeu-cau-co-quan", "/so-cong-thuong/yeu-cau-co-quan/du-lieu",
    "/so-cong-thuong/yeu-cau-co-quan/go-bo", "/so-cong-thuong/yeu-cau-du-lieu-ca-nhan",
    "/so-cong-thuong/bao-cao-nam",
    "/so-cong-thuong/ket-noi-san", "/gian-hang/san-khac", "/gian-hang/nhap-nguon-merchant",
    "/gian-hang/ma-api", "/gian-hang/", "/gian-hang/nhap",
    "/quan-tri/quy-che", "/quan-tri/quy-che/moi", "/quan-tri/doi-tac", "/quan-tri/webhook",
    "/quan-tri/nguoi-dung", "/quan-tri/danh-muc/",
    "/theo-doi/", "/theo-doi/khoa-api", "/theo-doi/van-dong",
    "/so-cong-thuong/chien-dich", "/so-cong-thuong/chien-dich/moi",
    "/so-cong-thuong/chien-dich/pheu", "/so-cong-thuong/chien-dich/cai-dat",
    "/so-cong-thuong/nhu-cau",
    "/so-cong-thuong/xac-minh", "/so-cong-thuong/so-dang-ky", "/so-cong-thuong/sao-ke-ngan-hang",
    "/danh-muc", "/don-hang",
]
# pages reached by following the first matching link of another page: (from, link pattern)
DISCOVER = [
    ("/khieu-nai", r"^/khieu-nai/\d+$"),
    ("/so-cong-thuong/khieu-nai", r"^/khieu-nai/\d+$"),
    ("/quan-tri/quy-che", r"^/quan-tri/quy-che/\d+$"),
    ("/so-cong-thuong/chien-dich", r"^/so-cong-thuong/chien-dich/\d+$"),
    ("/so-cong-thuong/chien-dich", r"^/so-cong-thuong/chien-dich/\d+/thu-in$"),
    ("/so-cong-thuong/nhu-cau", r"^/so-cong-thuong/nhu-cau/nhom/\d+"),
    ("/danh-muc", r"^/danh-muc/[^/?]+$"),
    ("/", r"^/san-pham/[^/]+-\d+$"),
    ("/", r"^/doanh-nghiep/[A-Za-z0-9]+$"),
    ("/don-hang", r"^/don-hang/[^/?]+$"),
]

# data that every page shows in the header or footer (the demo accounts' names, the province)
KNOWN_DATA = set("Hưng Yên Người mua mẫu Chủ doanh nghiệp Cán bộ Sở Công Thương Quản trị viên".split())
# POST forms whose answer page is worth a look: (role, page, {field selector: value});
# the first box of a checkbox list in the same form is ticked
ACTIONS = [
    ("administrator", "/quan-tri/doi-tac", {"input[name=partner]": "Sàn Thử"}),
    ("owner", "/gian-hang/ma-api", {"input[name=name]": "Phần mềm bán hàng"}),
    ("administrator", "/quan-tri/webhook", {"input[name=name]": "Sàn Thử",
                                            "input[name=url]": "https://example.com/hook"}),
]

VI_LETTERS = set("đàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")

PROBE = """(width) => {
  const doc = document.documentElement;
  const wide = [];
  // inside a scrolling or clipping box an element may stick out: only the box itself counts
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0 && !clipped(el)) {
      const inner = [...el.children].some(c => c.getBoundingClientRect().right > width + 1);
      if (!inner) {
        let name = el.tagName.toLowerCase();
        if (el.id) name += '#' + el.id;
        if (el.className && typeof el.className === 'string')
          name += '.' + el.className.trim().split(/\\s+/).join('.');
        const p = el.parentElement;
        let pn = p ? p.tagName.toLowerCase() + (p.className ? '.' + String(p.className).trim().split(/\\s+/).join('.') : '') : '';
        wide.push(pn + ' > ' + name + ' (' + Math.round(r.right) + ')');
      }
    }
  }
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const p = node.parentElement;
    if (!p || p.closest('script,style,[lang="vi"],[hidden]')) continue;
    if (!p.getClientRects().length) continue;
    texts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('input[placeholder],textarea[placeholder],[title],[aria-label],img[alt]')) {
    if (el.closest('[lang="vi"]')) continue;
    texts.push(el.getAttribute('placeholder') || '', el.getAttribute('title') || '',
               el.getAttribute('aria-label') || '', el.getAttribute('alt') || '');
  }
  const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
  return {scrollWidth: doc.scrollWidth, lang: doc.lang, text: texts.join('\\n'), links, wide};
}"""


def vietnamese_words(text: str) -> list[str]:
    words = re.findall(r"[\wÀ-ỹ]+", text)
    return [w for w in words if any(ch in VI_LETTERS for ch in w.lower())]


def login(page, base: str, email: str) -> None:
    page.goto(urljoin(base, "/dang-nhap"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[method=post] [type=submit]").first.click()
    page.wait_for_load_state()


ERRORS: list[str] = []


def watch(page) -> None:
    """Console errors (CSP violations among them), script errors and failed requests."""
    page.on("console", lambda m: ERRORS.append(m.text[:200]) if m.type == "error" else None)
    page.on("pageerror", lambda e: ERRORS.append("pageerror: " + str(e)[:200]))
    # a request cut short by the next navigation (the favicon, typically) is not a finding
    page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "")
            else ERRORS.append(f"failed: {r.url} {r.failure}"))


def check(page, base: str, path: str, role: str, lang: str, out: Path, width: int) -> dict:
    ERRORS.clear()
    errors = ERRORS
    try:
        response = page.goto(urljoin(base, path), wait_until="load")
        status = response.status if response else 0
    except Exception as exc:  # noqa: BLE001 - a timeout is a finding, not a crash
        status = 0
        errors.append(str(exc)[:200])
    probe = page.evaluate(PROBE, width) if status else {"scrollWidth": 0, "text": "", "links": [],
                                                        "lang": ""}
    slug = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
    shot = out / f"{role}_{lang}_{slug}.png"
    if status:
        page.screenshot(path=str(shot), full_page=True)
    final = page.url.removeprefix(base.rstrip("/"))
    vi = sorted(set(vietnamese_words(probe["text"])) - KNOWN_DATA) if lang == "en" else []
    if status >= 400:  # the browser reports the page's own 403/404 as a console error
        errors[:] = [e for e in errors if f"status of {status}" not in e]
    return {
        "role": role, "lang": lang, "path": path, "status": status, "final": final,
        "html_lang": probe["lang"], "scrollWidth": probe["scrollWidth"],
        "overflow": probe["scrollWidth"] > width, "wide": probe.get("wide", [])[:5],
        "errors": list(errors), "vietnamese": vi[:40], "links": probe["links"], "shot": str(shot),
    }


def place_order_review(page, base: str, listing: str) -> str:
    """As a buyer: the listing page's order button, fill the form, reach the review step."""
    page.goto(urljoin(base, listing))
    link = page.locator("a[href*='/dat-hang']").first
    if not link.count():
        return ""
    link.click()
    page.wait_for_load_state()
    order_url = page.url
    moq = page.locator("input[name=quantity]")
    if moq.count() and not moq.input_value():
        found = re.search(r"(?:Tối thiểu|Minimum|At least)\D*([\d.]+)",
                          page.locator("form").last.inner_text())
        moq.fill(found.group(1).replace(".", "") if found else "1000")
    if page.locator("textarea[name=delivery_address]").count():
        page.fill("textarea[name=delivery_address]", "Số 1 Nguyễn Văn Linh, Hưng Yên")
    page.locator("button[value=review]").click()
    page.wait_for_load_state()
    return order_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:5190")
    parser.add_argument("--out", default="/tmp/ui_check")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--langs", default="vi,en")
    parser.add_argument("--only", default="")
    parser.add_argument("--width", type=int, default=375)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for role in args.roles.split(","):
            for lang in args.langs.split(","):
                context = browser.new_context(viewport={"width": args.width, "height": 800})
                page = context.new_page()
                page.set_default_timeout(60000)
                watch(page)
                if role != "anonymous":
                    login(page, args.base, ACCOUNTS[role])
                if lang == "en":
                    page.goto(urljoin(args.base, "/"))
                    page.locator("a[hreflang=en]").first.click()
                    page.wait_for_load_state()
                pages = args.only.split(",") if args.only else PAGES
                links: dict[str, list[str]] = {}
                for path in pages:
                    row = check(page, args.base, path, role, lang, out, args.width)
                    links[path] = row.pop("links")
                    rows.append(row)
                    print(_line(row), flush=True)
                seen = set(pages)
                for source, pattern in DISCOVER if not args.only else []:
                    found = next((h for h in links.get(source, []) if re.match(pattern, h)), None)
                    if found and found not in seen:
                        seen.add(found)
                        row = check(page, args.base, found, role, lang, out, args.width)
                        row.pop("links")
                        rows.append(row)
                        print(_line(row), flush=True)
                listing = next((h for h in links.get("/", []) if re.match(r"^/san-pham/.+-\d+$", h)),
                               None)
                if role == "buyer" and listing and not args.only:
                    ERRORS.clear()
                    start = place_order_review(page, args.base, listing)
                    if start:
                        row = check_current(page, args.base, role, lang, out, args.width,
                                            start.removeprefix(args.base) + " (review)")
                        rows.append(row)
                        print(_line(row), flush=True)
                for action_role, path, fills in ACTIONS if not args.only else []:
                    if action_role == role:
                        row = submit(page, args.base, path, fills, role, lang, out, args.width)
                        rows.append(row)
                        print(_line(row), flush=True)
                context.close()
        browser.close()
    (out / "results.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    bad = [r for r in rows if r["overflow"] or r["errors"] or r["status"] >= 500 or r["vietnamese"]]
    print(f"\n{len(rows)} page views, {len(bad)} with findings; details in {out}/results.json")


def submit(page, base, path, fills, role, lang, out, width) -> dict:
    """Fill and send the form holding the first field, then probe the answer page."""
    page.goto(urljoin(base, path))
    ERRORS.clear()
    form = page.locator(next(iter(fills))).locator("xpath=ancestor::form")
    for selector, value in fills.items():
        page.fill(selector, value)
    boxes = form.locator("input[type=checkbox]")
    if boxes.count() and not boxes.first.is_checked():
        boxes.first.check()
    form.locator("button:not([type=button]), input[type=submit]").first.click()
    page.wait_for_load_state()
    return check_current(page, base, role, lang, out, width, path + " (POST)")


def check_current(page, base, role, lang, out, width, label) -> dict:
    """The probe on the page already open (a POST result such as the order review step)."""
    probe = page.evaluate(PROBE, width)
    slug = re.sub(r"[^A-Za-z0-9]+", "_", label).strip("_")
    shot = out / f"{role}_{lang}_{slug}.png"
    page.screenshot(path=str(shot), full_page=True)
    vi = sorted(set(vietnamese_words(probe["text"])) - KNOWN_DATA) if lang == "en" else []
    return {"role": role, "lang": lang, "path": label, "status": 200, "final": page.url,
            "html_lang": probe["lang"], "scrollWidth": probe["scrollWidth"],
            "overflow": probe["scrollWidth"] > width, "wide": probe.get("wide", [])[:5],
            "errors": list(ERRORS), "vietnamese": vi[:40], "shot": str(shot)}


def _line(row: dict) -> str:
    flags = []
    if row["overflow"]:
        flags.append(f"OVERFLOW {row['scrollWidth']} {row['wide'][:3]}")
    if row["errors"]:
        flags.append(f"ERR {row['errors'][:3]}")
    if row["vietnamese"]:
        flags.append(f"VI {' '.join(row['vietnamese'][:12])}")
    return f"{row['role']:<13} {row['lang']} {row['status']} {row['path']:<45} {' | '.join(flags)}"


if __name__ == "__main__":
    main()

"""Mixed load on a running floor: readers (wrk) while owners save listings and an officer imports a
registry file — bounded in time, 127.0.0.1 only.

    .venv/bin/python bench/load/run.py http://127.0.0.1:5150 [--seconds 30] [--connections 16]
        [--rows 50000] [--owner EMAIL] [--officer EMAIL] [--password demo12345]

Readers: wrk (Debian's package) GETs a mix drawn beforehand — home 10 %, category 15 %, listing
30 %, storefront 10 %, search 25 % (queries drawn from a Zipf law over 40 product words), the JSON
search API 10 % — with `--connections` connections for `--seconds` seconds. Writers, during the
same window: the demo owner saves one of its listings in a loop (the real edit form, with its CSRF
token) and the demo officer uploads a registry file of `--rows` rows. Prints wrk's figures (requests,
throughput, p50/p95/p99, errors) — first for readers alone (`--baseline-seconds`, the baseline
of the same run), then with the writers — and the writers' (saves, their failures and p95, the import's
status and time). Exit code 1 when anything failed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlparse

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

WORDS = ["nhãn", "gạo", "mật ong", "cà phê", "chè", "tương", "gà", "trứng", "vải", "chuối",
         "rau", "cam", "bưởi", "nếp", "hạt sen", "long nhãn", "mây tre", "chiếu cói", "gốm",
         "rượu", "nước mắm", "bánh", "thịt", "cá", "tôm", "miến", "bún", "đậu", "lạc", "vừng",
         "ocop", "vietgap", "hữu cơ", "xuất khẩu", "đóng gói", "sấy khô", "tươi", "loại 1",
         "thủ công", "quà biếu"]
MIX = (("home", 10), ("category", 15), ("listing", 30), ("storefront", 10), ("search", 25),
       ("api", 10))


def zipf_words(rng: random.Random, n: int, s: float = 1.1) -> list[str]:
    weights = [1 / (rank ** s) for rank in range(1, len(WORDS) + 1)]
    return rng.choices(WORDS, weights=weights, k=n)


def discover(base: str) -> dict[str, list[str]]:
    """Category, listing and storefront paths, read off the floor itself (home and the API)."""
    home = requests.get(base + "/", timeout=30).text
    found = {"category": sorted(set(re.findall(r'href="(/danh-muc/[^"?#]+)"', home))),
             "listing": set(), "storefront": set()}
    for word in WORDS[:12]:
        data = requests.get(base + "/api/v1/search", params={"q": word, "per_page": 50},
                            timeout=30).json()
        for hit in data.get("results", []):
            found["listing"].add(urlparse(hit["url"]).path)
            found["storefront"].add(f"/doanh-nghiep/{hit['enterprise_code']}")
    return {key: sorted(values) for key, values in found.items()}


def draw_paths(found: dict[str, list[str]], n: int = 5000, seed: int = 15) -> list[str]:
    rng = random.Random(seed)
    kinds = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX], k=n)
    words = iter(zipf_words(rng, n))
    paths = []
    for kind in kinds:
        if kind == "home":
            paths.append("/")
        elif kind == "search":
            paths.append("/tim-kiem?q=" + quote(next(words)))
        elif kind == "api":
            paths.append("/api/v1/search?q=" + quote(next(words)))
        elif found[kind]:
            paths.append(rng.choice(found[kind]))
    return paths


class _Form(HTMLParser):
    """The fields of every form of a page (inputs, textareas, selected options), in order."""

    def __init__(self):
        super().__init__()
        self.forms, self.textarea, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({})
        if not self.forms:
            return
        fields = self.forms[-1]
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "file", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            fields.setdefault(a["name"], []).append(a.get("value") or "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            fields[a["name"]] = [""]
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            fields.setdefault(self.select, []).append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea and self.forms:
            self.forms[-1][self.textarea][0] += data

    def with_field(self, name: str) -> dict:
        return next(form for form in self.forms if name in form)


def login(base: str, email: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/dang-nhap", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = session.post(base + "/dang-nhap", data={"email": email, "password": password,
                                                       "csrf_token": token},
                            allow_redirects=False, timeout=30)
    if response.status_code != 302:
        raise SystemExit(f"could not sign in as {email} ({response.status_code})")
    return session


class Owner(threading.Thread):
    """Saves one of its listings again and again (the description changes each time)."""

    def __init__(self, base, session, stop):
        super().__init__(daemon=True)
        self.base, self.session, self.stop = base, session, stop
        self.times, self.failures = [], []

    def run(self):
        workspace = self.session.get(self.base + "/gian-hang/", timeout=30).text
        ids = re.findall(r'/gian-hang/san-pham/(\d+)"', workspace)
        if not ids:
            self.failures.append("the owner has no listing")
            return
        url = f"{self.base}/gian-hang/san-pham/{ids[0]}"
        n = 0
        while not self.stop.is_set():
            n += 1
            started = time.monotonic()
            try:
                form = _Form()
                form.feed(self.session.get(url, timeout=30).text)
                data = dict(form.with_field("title"))
                data["description"] = [f"Mô tả cập nhật lần {n} trong lúc đo tải."]
                response = self.session.post(url, data=data, allow_redirects=False, timeout=30)
                if response.status_code != 302:
                    self.failures.append(response.status_code)
            except requests.RequestException as error:
                self.failures.append(type(error).__name__)
            self.times.append(time.monotonic() - started)


class Officer(threading.Thread):
    """Uploads one registry file of `rows` rows through the officer's form: the upload answers at
    once with the run's page; the import itself is a job, followed on the run's JSON state until
    it is done or failed (at most 600 s)."""

    def __init__(self, base, session, rows):
        super().__init__(daemon=True)
        self.base, self.session, self.rows = base, session, rows
        self.status, self.seconds, self.message = None, None, ""
        self.upload_seconds, self.run_status = None, None

    def run(self):
        from bench.registry.bench_import import make_csv

        url = self.base + "/so-cong-thuong/so-dang-ky"
        page = self.session.get(url, timeout=60).text
        communes = sorted({int(c) for c in re.findall(r'<option value="(\d{4,5})"', page)})
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        content = make_csv(self.rows, communes or [11953], seed=int(time.time()))
        started = time.monotonic()
        response = self.session.post(url, data={"csrf_token": token},
                                     files={"file": ("so-dang-ky.csv", content, "text/csv")},
                                     timeout=600)
        self.upload_seconds = time.monotonic() - started
        self.status = response.status_code
        found = re.search(r"/nhap-tep/(\d+)", response.url)
        if response.status_code != 200 or not found:
            self.message = f"no import run page after the upload ({response.url})"
            return
        state_url = f"{self.base}/nhap-tep/{found.group(1)}/trang-thai"
        while time.monotonic() - started < 600:
            state = self.session.get(state_url, timeout=60).json()
            if state.get("finished"):
                break
            time.sleep(0.5)
        self.seconds = time.monotonic() - started
        self.run_status = state.get("status")
        self.message = (f"run {self.run_status}: {state.get('rows_valid')} valid rows, "
                        f"{state.get('errors')} errors")


def wrk(base: str, paths_file: str, args, seconds: int) -> dict[str, str]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make wrk` installs Debian's package")
    result = subprocess.run(
        ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds}s",
         "--timeout", "10s", "-s", str(Path(__file__).with_name("mixed.lua")), base],
        env={**os.environ, "PATHS_FILE": paths_file}, capture_output=True, text=True)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("RESULT")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {result.stdout} {result.stderr}")
    return dict(item.split("=") for item in line.split()[1:])


def report(label: str, figures: dict[str, str]) -> int:
    errors = sum(int(figures[k]) for k in ("non2xx", "connect", "read", "write", "timeout"))
    print(f"{label}: {figures['requests']} requests in {figures['seconds']} s = "
          f"{figures['rps']} req/s; p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
          f"p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms; errors {errors} "
          f"(non-2xx/3xx {figures['non2xx']}, connect {figures['connect']}, read "
          f"{figures['read']}, write {figures['write']}, timeout {figures['timeout']})")
    return errors


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 2 else (values or [0])[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--owner", default="chudoanhnghiep@demo.hungyen.vn")
    parser.add_argument("--officer", default="canbo@demo.hungyen.vn")
    parser.add_argument("--password", default="demo12345")
    parser.add_argument("--baseline-seconds", type=int, default=10,
                        help="readers alone first, the baseline of the same run (0: none)")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    if urlparse(base).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("load runs against 127.0.0.1 only")
    if args.seconds > 60:
        raise SystemExit("keep load runs at 60 s or less (the machine is shared)")

    found = discover(base)
    paths = draw_paths(found)
    print(f"paths: {len(paths)} drawn ({', '.join(f'{k}={len(v)}' for k, v in found.items())})")
    stop = threading.Event()
    owner = Owner(base, login(base, args.owner, args.password), stop)
    officer = Officer(base, login(base, args.officer, args.password), args.rows)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as file:
        file.write("\n".join(paths) + "\n")
    try:
        baseline = wrk(base, file.name, args, args.baseline_seconds) \
            if args.baseline_seconds else None
        owner.start()
        officer.start()
        figures = wrk(base, file.name, args, args.seconds)
        stop.set()
        owner.join(60)
        officer.join(660)
    finally:
        os.unlink(file.name)
    if baseline:
        report("baseline, readers alone", baseline)
    errors = report("readers with the writers", figures)
    print(f"owner saves: {len(owner.times)}, failed {len(owner.failures)}"
          f"{' ' + str(owner.failures[:5]) if owner.failures else ''}, "
          f"p95 {p95(owner.times) * 1000:.0f} ms")
    print(f"officer import of {args.rows} rows: upload HTTP {officer.status} in "
          f"{officer.upload_seconds or 0:.2f} s, the job finished {officer.seconds or 0:.1f} s "
          f"after the upload — {officer.message}")
    ok = errors == 0 and not owner.failures and officer.run_status == "done"
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

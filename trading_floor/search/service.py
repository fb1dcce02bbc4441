"""The search service: the one entry point of the search page, the JSON API and the directory.

Raw input is parsed here, safely and with bounded work: the text is cut to MAX_QUERY_CHARS,
only letters and digits survive tokenizing (so `*`, `?`, `field:value`, control characters and
emoji are inert), AND/OR/NOT are ignored as operators, at most MAX_TERMS words are kept, and no
wildcard is ever expanded. Backends only ever see clean tokens.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, lazyload

from trading_floor.catalog.listing_rules import CERT_LABELS
from trading_floor.catalog.models import CERTIFICATIONS, Category, Listing
from trading_floor.catalog.queries import public_listing_count
from trading_floor.catalog.visibility import public_listings
from trading_floor.core import metrics
from trading_floor.core.collation import commune_sort_key, vietnamese_sort_key
from trading_floor.core.numbers import whole_number
from trading_floor.extensions import db
from trading_floor.i18n import category_name, format_number
from trading_floor.registry.models import ACTIVE, AdminUnit, RegistryEnterprise
from trading_floor.search import analysis, get_backend, synonyms
from trading_floor.search.backend import (
    CERT_BITS,
    COUNT_CAP,
    SORTS,
    EnterpriseQuery,
    Filters,
    IndexUnavailable,
    SearchHits,
    SearchQuery,
    Words,
)

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_PER_PAGE = 100
MAX_PAGE = 500
UNIT_NAMES_SECONDS = 300
TYPO_MIN_LETTERS = 5
OPERATORS = {"AND", "OR", "NOT"}


class SearchInputError(ValueError):
    """A parameter that cannot be understood; the message is for the user, in Vietnamese."""


@dataclass
class SearchParams:
    q: str = ""
    category: str | None = None
    commune: int | None = None
    price_min: int | None = None
    price_max: int | None = None
    moq_max: int | None = None
    cert: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass
class ParsedText:
    terms: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    notices: list[str] = field(default_factory=list)


@dataclass
class Hit:
    listing: Listing
    title: list[tuple[str, bool]]
    snippet: list[tuple[str, bool]]

    @property
    def snippet_text(self) -> str:
        return "".join(piece for piece, _ in self.snippet)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 0


@dataclass
class SearchResult:
    params: SearchParams
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    corrected: bool = False  # the results are those of the suggestion (the query found nothing)
    notices: list[str] = field(default_factory=list)
    unavailable: bool = False

    count_cap = COUNT_CAP

    @property
    def total_capped(self) -> bool:
        """More matches than the engines count exactly: the page says "more than 10,000"."""
        return self.total > COUNT_CAP

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, COUNT_CAP) // self.params.per_page))


# --- parsing ------------------------------------------------------------------------------------
def _int(args: Mapping, name: str, label: str, minimum: int = 0,
         maximum: int = 10**15) -> int | None:
    raw = (args.get(name) or "").strip().replace(".", "").replace(" ", "")
    if not raw:
        return None
    number = whole_number(raw)
    if number is None or not minimum <= number <= maximum:
        raise SearchInputError(_("%(label)s phải là số nguyên từ %(low)s đến %(high)s.",
                                 label=label, low=format_number(minimum),
                                 high=format_number(maximum)))
    return number


def parse_params(args: Mapping) -> SearchParams:
    """Search parameters from a query string; SearchInputError says what is wrong, in Vietnamese."""
    params = SearchParams(q=str(args.get("q") or "")[:10 * MAX_QUERY_CHARS])
    params.category = (args.get("category") or "").strip()[:80] or None
    params.commune = _int(args, "commune", _("Mã xã"), 1, 10**6)
    params.price_min = _int(args, "price_min", _("Giá từ"))
    params.price_max = _int(args, "price_max", _("Giá đến"))
    params.moq_max = _int(args, "moq_max", _("Số lượng tối thiểu"), 1)
    cert = (args.get("cert") or "").strip()
    if cert:
        match = next((c for c in CERTIFICATIONS if c.lower() == cert.lower()), None)
        if match is None:
            raise SearchInputError(_("Chứng nhận không hợp lệ: %(cert)s.", cert=cert[:40]))
        params.cert = match
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise SearchInputError(_("Cách sắp xếp không hợp lệ."))
    params.sort = sort
    params.page = _int(args, "page", _("Trang"), 1, MAX_PAGE) or 1
    params.per_page = _int(args, "per_page", _("Số kết quả mỗi trang"), 1, MAX_PER_PAGE) or 20
    if (params.price_min is not None and params.price_max is not None
            and params.price_min > params.price_max):
        raise SearchInputError(_("Giá từ phải nhỏ hơn hoặc bằng giá đến."))
    return params


_QUOTED = re.compile(r'"([^"]*)"')


def parse_text(raw: str) -> ParsedText:
    """Words and quoted phrases of a query, bounded (MAX_QUERY_CHARS, MAX_TERMS)."""
    notices = []
    text = analysis.normalize(raw).strip() if raw else ""
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(_("Câu tìm quá dài: chỉ %(n)d ký tự đầu được dùng.", n=MAX_QUERY_CHARS))
    # operators are not supported: AND/OR/NOT typed in capitals are dropped, not searched for
    capital_operators = {w.lower() for w in re.findall(r"\b(?:AND|OR|NOT)\b", raw or "")}
    phrases, singles = [], []
    for match in _QUOTED.finditer(text):
        words = tuple(analysis.words(match.group(1)))
        if len(words) > 1:
            phrases.append(words[:MAX_TERMS])
        singles.extend(words[:1] if len(words) == 1 else ())
    rest = " ".join(singles) + " " + _QUOTED.sub(" ", text)  # an unbalanced quote is just a character, dropped by tokenizing
    terms: list[str] = []
    for word in analysis.words(rest):
        if word not in capital_operators and word not in terms:
            terms.append(word)
    for phrase in phrases:  # a one-word "phrase" is a word
        terms = [t for t in terms if t not in phrase]
    budget = MAX_TERMS - sum(len(p) for p in phrases)
    if len(terms) > max(budget, 0):
        terms = terms[:max(budget, 0)]
        notices.append(_("Chỉ %(n)d từ đầu của câu tìm được dùng.", n=MAX_TERMS))
    return ParsedText(tuple(terms), tuple(phrases[:2]), notices)


# --- categories and labels -----------------------------------------------------------------------
def _categories() -> dict[int, Category]:
    return {c.id: c for c in db.session.scalars(select(Category))}


def _descendants(categories: dict[int, Category], root_id: int) -> frozenset[int]:
    children: dict[int | None, list[int]] = {}
    for category in categories.values():
        children.setdefault(category.parent_id, []).append(category.id)
    found, stack = set(), [root_id]
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(children.get(node, ()))
    return frozenset(found)


def build_filters(params: SearchParams, categories: dict[int, Category]) -> Filters:
    category_ids = None
    if params.category:
        chosen = next((c for c in categories.values()
                       if c.slug == params.category or str(c.id) == params.category), None)
        if chosen is None:
            raise SearchInputError(_("Không có danh mục “%(c)s”.", c=params.category))
        category_ids = _descendants(categories, chosen.id)
    return Filters(category_ids=category_ids, commune_code=params.commune,
                   price_min=params.price_min, price_max=params.price_max,
                   moq_max=params.moq_max, cert_bit=CERT_BITS[params.cert] if params.cert else None)


# --- did you mean --------------------------------------------------------------------------------
def suggest_correction(terms: tuple[str, ...], vocabulary: dict[str, int],
                       count: Callable[[tuple[str, ...]], int] | None = None) -> str | None:
    """'Có phải bạn muốn tìm': each unknown word replaced by the known word one or two edits away
    that, with the other words, finds the most listings (else the most frequent one)."""
    corrected, changed = list(terms), False
    for index, term in enumerate(terms):
        folded = analysis.fold(term)
        if term in vocabulary or folded in vocabulary:
            continue
        candidates = analysis.corrections(folded, vocabulary)
        if not candidates:
            continue
        if count is not None and len(terms) > 1:
            scored = [(count(tuple(corrected[:index] + [c] + corrected[index + 1:])), c)
                      for c in candidates[:3]]
            best = max(scored, key=lambda pair: pair[0])
            better = best[1] if best[0] else candidates[0]
        else:
            better = candidates[0]
        changed = True
        # typed with diacritics: show the catalogue's most used spelling; without: keep it plain
        spelled = [w for w in _exact_forms(vocabulary).get(better, ()) if w in vocabulary]
        if term != folded and spelled:
            better = max(spelled, key=lambda w: vocabulary[w])
        corrected[index] = better
    return " ".join(corrected) if changed else None


_FORMS_CACHE: dict[int, dict[str, list[str]]] = {}


def _exact_forms(vocabulary: dict[str, int]) -> dict[str, list[str]]:
    key = id(vocabulary)
    if key not in _FORMS_CACHE:
        forms: dict[str, list[str]] = {}
        for word in vocabulary:
            folded = analysis.fold(word)
            if folded != word:
                forms.setdefault(folded, []).append(word)
        _FORMS_CACHE.clear()
        _FORMS_CACHE[key] = forms
    return _FORMS_CACHE[key]


# --- the service ---------------------------------------------------------------------------------
def search(params: SearchParams, facets: bool = True) -> SearchResult:
    """Runs a catalogue search: one page of public listings, facet counts, "did you mean".

    Raises SearchInputError for a filter that does not exist; any query text is accepted.
    Its duration goes to the floor_search_duration_seconds metric.
    """
    started = time.perf_counter()
    try:
        return _search(params, facets)
    finally:
        metrics.observe_search(current_app.config["SEARCH_BACKEND"], time.perf_counter() - started)


def _words(terms: tuple[str, ...], phrases=(), typos: dict[str, list[str]] | None = None) -> Words:
    """The query's words with their synonyms (and, when asked, the words one edit away)."""
    expanded = synonyms.expand(terms)
    if typos:
        expanded = tuple(alternatives + tuple(typos.get(alternatives[0], ()))
                         for alternatives in expanded)
    return Words(expanded, tuple(phrases), typos=bool(typos))


def _typo_alternatives(terms: tuple[str, ...], vocabulary: dict[str, int]) -> dict[str, list[str]]:
    """Known words one edit away from each unknown-enough word of five or more letters."""
    found = {}
    for term in terms:
        folded = analysis.fold(term)
        if len(folded) >= TYPO_MIN_LETTERS and folded.isalpha():
            near = [w for w in analysis.corrections(folded, vocabulary, limit=3, edits=1)]
            if near:
                found[term] = near
    return found


def _search(params: SearchParams, facets: bool) -> SearchResult:
    result = SearchResult(params=params)
    parsed = parse_text(params.q)
    result.notices.extend(parsed.notices)
    categories = _categories()
    filters = build_filters(params, categories)
    backend = get_backend()
    offset = (params.page - 1) * params.per_page

    def run(words: Words) -> SearchHits:
        return backend.search(SearchQuery(words=words, filters=filters, sort=params.sort,
                                          offset=offset, limit=params.per_page, facets=facets))

    try:
        words = _words(parsed.terms, parsed.phrases)
        hits = run(words)
        if parsed.terms and hits.total < 3:
            vocabulary = backend.vocabulary()

            def count(terms: tuple[str, ...]) -> int:
                return backend.search(SearchQuery(words=_words(terms), filters=filters, limit=0,
                                                  facets=False)).total

            result.suggestion = suggest_correction(parsed.terms, vocabulary, count)
            # typos: one edit on words of five letters or more, ranked below the exact words
            typos = _typo_alternatives(parsed.terms, vocabulary)
            if typos:
                retry = run(_words(parsed.terms, parsed.phrases, typos))
                if retry.total > hits.total:
                    hits, words = retry, _words(parsed.terms, parsed.phrases, typos)
            if hits.total == 0 and result.suggestion:
                corrected = parse_text(result.suggestion)
                retry = run(_words(corrected.terms, parsed.phrases))
                if retry.total:
                    hits, result.corrected = retry, True
                    words = _words(corrected.terms, parsed.phrases)
    except IndexUnavailable:
        result.unavailable = True
        result.notices.append(_("Tìm kiếm tạm thời không hoạt động (chỉ mục đang được xây "
                                "lại). Vui lòng thử lại sau ít phút."))
        return result
    result.total = hits.total
    shown = {analysis.fold(w) for alternatives in words.terms for a in alternatives
             for w in a.split()} | {analysis.fold(w) for w in words.plain}
    result.hits = _load_hits(hits.ids, shown)
    if facets:
        result.facets = _facets(hits, params, categories)
    return result


def _load_hits(ids: list[int], folded_words: set[str]) -> list[Hit]:
    """The listings of one page, in rank order, re-checked against the visibility rule."""
    if not ids:
        return []
    # a results page shows no photo: they are loaded only if something asks for them
    listings = {listing.id: listing for listing in db.session.scalars(
        public_listings().where(Listing.id.in_(ids))
        .options(contains_eager(Listing.enterprise), lazyload(Listing.images))).unique()}
    hits = []
    for listing_id in ids:
        listing = listings.get(listing_id)
        if listing is None:  # hidden after indexing (the index catches up after commit)
            continue
        text = listing.description or listing.title
        hits.append(Hit(listing=listing,
                        title=analysis.highlight(listing.title, folded_words, max_chars=200),
                        snippet=analysis.highlight(text, folded_words)))
    return hits


def _facets(hits: SearchHits, params: SearchParams,
            categories: dict[int, Category]) -> dict[str, list[FacetValue]]:
    rolled: dict[int, int] = {}
    for category_id, count in hits.facets.category.items():
        node, hops = categories.get(category_id), 0
        while node is not None and hops < 10:  # a subcategory's results count for its parents
            rolled[node.id] = rolled.get(node.id, 0) + count
            node = categories.get(node.parent_id) if node.parent_id else None
            hops += 1
    category_values = []

    def walk(parent_id, depth):
        for category in sorted((c for c in categories.values() if c.parent_id == parent_id),
                               key=lambda c: (c.position, c.name_vi)):
            if rolled.get(category.id):
                category_values.append(FacetValue(
                    category.slug, category_name(category), rolled[category.id],
                    params.category in (category.slug, str(category.id)), depth))
                walk(category.id, depth + 1)

    walk(None, 0)
    units = _unit_names()
    communes = sorted((FacetValue(str(code), units.get(code, str(code)), count,
                                  params.commune == code)
                       for code, count in hits.facets.commune.items() if count),
                      key=lambda f: (-f.count, commune_sort_key(f.label)))
    bits = {bit: code for code, bit in CERT_BITS.items()}
    certs = [FacetValue(bits[bit], str(CERT_LABELS[bits[bit]]), count, params.cert == bits[bit])
             for bit, count in sorted(hits.facets.cert.items()) if count]
    return {"category": category_values, "commune": communes, "cert": certs}


def category_drilldown(values: list[FacetValue]) -> list[FacetValue]:
    """The category facet as a page shows it: the top-level categories by count; once one is
    chosen, the path down to it and its subcategories by count (not the whole taxonomy)."""
    chosen = next((n for n, v in enumerate(values) if v.selected), None)
    if chosen is None:
        return sorted((v for v in values if v.depth == 0), key=lambda v: -v.count)
    path, depth = [values[chosen]], values[chosen].depth
    for value in reversed(values[:chosen]):
        if value.depth < depth:
            path.insert(0, value)
            depth = value.depth
    children = []
    for value in values[chosen + 1:]:
        if value.depth <= values[chosen].depth:
            break
        if value.depth == values[chosen].depth + 1:
            children.append(value)
    top = path[0].depth
    shown = [FacetValue(v.value, v.label, v.count, v.selected, v.depth - top) for v in path]
    shown += [FacetValue(v.value, v.label, v.count, False, len(path))
              for v in sorted(children, key=lambda v: -v.count)]
    return shown


_UNIT_NAMES: dict = {}


def _unit_names() -> dict[int, str]:
    """Commune code -> name (the administrative units change only when they are re-imported:
    kept per app for UNIT_NAMES_SECONDS)."""
    key = id(current_app._get_current_object())
    cached = _UNIT_NAMES.get(key)
    if cached is None or time.monotonic() - cached[0] > UNIT_NAMES_SECONDS:
        names = dict(db.session.execute(select(AdminUnit.code, AdminUnit.name)).all())
        _UNIT_NAMES.clear()
        cached = _UNIT_NAMES[key] = (time.monotonic(), names)
    return cached[1]


# --- typing suggestions and the directory --------------------------------------------------------
def suggest(prefix_text: str, limit: int = 8) -> list[dict]:
    """Suggestions while typing: categories and titles, diacritics optional."""
    parsed = parse_text(prefix_text[:MAX_QUERY_CHARS])
    tokens = list(parsed.terms)
    if not tokens or len("".join(tokens)) < 2:
        return []
    complete = tuple(analysis.fold(t) for t in tokens[:-1])
    prefix = analysis.fold(tokens[-1])
    folded_text = " ".join(analysis.fold(t) for t in tokens)
    out = []
    for category in _categories().values():
        if analysis.fold(category.name_vi).startswith(folded_text) or \
                f" {folded_text}" in f" {analysis.fold(category.name_vi)}":
            out.append({"kind": "category", "label": category_name(category),
                        "value": category.slug})
    out = out[:3]
    try:  # a one-letter prefix would expand to too many words: categories only then
        titles = get_backend().suggest(complete, prefix, limit=limit) if len(prefix) > 1 else []
    except IndexUnavailable:
        titles = []
    out.extend({"kind": "listing", "label": title, "value": title} for title in titles)
    return out[:limit]


@dataclass
class EnterpriseResult:
    total: int
    enterprises: list[RegistryEnterprise]
    page: int
    per_page: int
    unavailable: bool = False
    listing_counts: dict[int, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def rows(self) -> list[tuple[RegistryEnterprise, int]]:
        """(enterprise, count of its public listings) for each enterprise of the page."""
        return [(e, self.listing_counts.get(e.id, 0)) for e in self.enterprises]

    # the pager macro's interface (that of Flask-SQLAlchemy's Pagination)
    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)


CODE_QUERY = re.compile(r"[0-9][0-9 \-]*")


def search_enterprises(q: str = "", commune: int | None = None, sector: str | None = None,
                       page: int = 1, per_page: int = 20) -> EnterpriseResult:
    """The enterprise directory (`/doanh-nghiep`): verified active enterprises by name, product
    words (titles of their public listings) or code, with commune and sector (VSIC section)
    filters. Words go to the search index (diacritics optional, ranked); digits match the tax
    code; no words lists them all in Vietnamese alphabetical order."""
    text = " ".join(str(q or "").split())[:MAX_QUERY_CHARS]
    sector = (sector or "").strip().upper()[:1] or None
    page = max(1, min(page, MAX_PAGE))
    offset = (page - 1) * per_page
    public = (RegistryEnterprise.status == ACTIVE) & RegistryEnterprise.verified_at.is_not(None)
    if not text or CODE_QUERY.fullmatch(text):
        stmt = select(RegistryEnterprise.id, RegistryEnterprise.name).where(public)
        if commune:
            stmt = stmt.where(RegistryEnterprise.commune_code == commune)
        if sector:
            stmt = stmt.where(RegistryEnterprise.vsic_section == sector)
        if text:  # "0101234567", "0101234567-001" or "0101234567001" all find the branch
            digits = re.sub(r"\D", "", text)
            stmt = stmt.where(func.replace(RegistryEnterprise.code, "-", "").contains(
                digits, autoescape=True))
        rows = sorted(db.session.execute(stmt).all(),
                      key=lambda row: (vietnamese_sort_key(row.name), row.id))
        total, ids = len(rows), [row.id for row in rows[offset:offset + per_page]]
    else:
        parsed = parse_text(text)
        terms = parsed.terms + tuple(w for p in parsed.phrases for w in p)
        query = EnterpriseQuery(words=_words(terms), commune_code=commune, sector=sector,
                                offset=offset, limit=per_page)
        try:
            total, ids = get_backend().search_enterprises(query)
        except IndexUnavailable:
            return EnterpriseResult(0, [], page, per_page, unavailable=True)
    found = {e.id: e for e in db.session.scalars(
        select(RegistryEnterprise).where(RegistryEnterprise.id.in_(ids), public))}
    enterprises = [found[i] for i in ids if i in found]
    return EnterpriseResult(total, enterprises, page, per_page,
                            listing_counts=public_listing_count([e.id for e in enterprises]))

"""The seam in front of every search engine: what a backend indexes, and what a search asks/gets.

The service (service.py) turns raw user input into a `SearchQuery` of clean tokens; a backend
never sees user text. Two backends implement `SearchBackend`: whoosh (embedded, the default) and
postgres (several app nodes sharing one database).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

SORTS = ("relevance", "price_asc", "price_desc", "newest")
# certifications as bits of one integer, so a filter or a facet is a cheap integer test
CERT_BITS = {"OCOP3": 1, "OCOP4": 2, "OCOP5": 4, "VietGAP": 8, "GlobalGAP": 16, "HACCP": 32,
             "ISO22000": 64, "ISO9001": 128, "organic": 256}
# exact counts stop here (as Elasticsearch's track_total_hits): a page says "more than 10,000"
COUNT_CAP = 10_000


@dataclass(frozen=True)
class ListingDocument:
    """What the index knows about one public listing (built from the database by indexing.py)."""

    listing_id: int
    enterprise_id: int
    title: str
    category_text: str  # category name, its parents' names and the certifications
    enterprise_text: str
    description: str
    category_id: int
    commune_code: int | None
    price_vnd: int | None
    moq: int
    cert_mask: int
    published_at: datetime | None

    @property
    def sections(self) -> tuple[str, str, str, str]:
        return (self.title, self.category_text, self.enterprise_text, self.description)

    @property
    def cert_bits(self) -> list[int]:
        return [bit for bit in CERT_BITS.values() if self.cert_mask & bit]


@dataclass(frozen=True)
class EnterpriseDocument:
    enterprise_id: int
    name: str
    products: str  # titles of its public listings
    place: str  # commune name and address
    commune_code: int | None
    sector: str  # VSIC section letter

    @property
    def sections(self) -> tuple[str, str, str, str]:
        return (self.name, self.products, self.place, "")


@dataclass(frozen=True)
class Filters:
    category_ids: frozenset[int] | None = None  # the chosen category and its subcategories
    commune_code: int | None = None
    price_min: int | None = None
    price_max: int | None = None
    moq_max: int | None = None
    cert_bit: int | None = None

    def without(self, facet: str) -> Filters:
        """The same filters minus one facet's own (a facet counts what a click on it would give)."""
        values = dict(self.__dict__)
        key = {"category": "category_ids", "commune": "commune_code", "cert": "cert_bit"}[facet]
        values[key] = None
        return Filters(**values)


@dataclass(frozen=True)
class Words:
    """The words of a query as the service parsed them (clean tokens: NFC, lowercase).

    Each term is the typed word followed by its alternatives (synonyms, possibly of several
    words separated by spaces, then words one edit away when typos are on); a document matches a
    term when it has any alternative. Every term is required, except one of three or more."""

    terms: tuple[tuple[str, ...], ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()  # quoted phrases, required as phrases
    typos: bool = False  # alternatives include words one edit away (ranked below exact words)

    @classmethod
    def plain_words(cls, words: Iterable[str], phrases=()) -> Words:
        return cls(tuple((w,) for w in words), tuple(phrases))

    @property
    def plain(self) -> tuple[str, ...]:
        """The words as typed (for the ranking bonus and highlighting)."""
        return tuple(t[0] for t in self.terms) + tuple(w for p in self.phrases for w in p)

    @property
    def unaccented_synonymous(self) -> tuple[str, ...]:
        """Words typed without diacritics that have synonyms or typos: matching the typed word
        itself ranks first (accented ones have the accent-exact bonus instead)."""
        from trading_floor.search.analysis import fold

        return tuple(t[0] for t in self.terms if len(t) > 1 and fold(t[0]) == t[0])

    @property
    def accented(self) -> tuple[str, ...]:
        """The words typed with diacritics, and the synonyms of such words: accent-exact
        matches of them rank first (*dứa* finds *khóm* above *dừa*)."""
        from trading_floor.search.analysis import fold

        found = [w for t in self.terms if fold(t[0]) != t[0]
                 for w in [*t[0].split(), *(a for a in t[1:] if " " not in a)]]
        found += [w for p in self.phrases for w in p]
        return tuple(dict.fromkeys(w for w in found if fold(w) != w))


@dataclass(frozen=True)
class SearchQuery:
    words: Words = field(default_factory=Words)
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    facets: bool = True


@dataclass
class Facets:
    category: dict[int, int] = field(default_factory=dict)  # leaf category id -> count
    commune: dict[int, int] = field(default_factory=dict)
    cert: dict[int, int] = field(default_factory=dict)  # cert bit -> count


@dataclass
class SearchHits:
    total: int
    ids: list[int]  # listing ids of the requested page, best first
    facets: Facets = field(default_factory=Facets)


@dataclass
class EnterpriseQuery:
    words: Words
    commune_code: int | None = None
    sector: str | None = None
    offset: int = 0
    limit: int = 20


class IndexUnavailable(Exception):
    """The index is missing or unreadable: searches say so; `search reindex` repairs it."""


class SearchBackend(ABC):
    name = "abstract"

    @abstractmethod
    def index(self, documents: Iterable[ListingDocument], connection=None) -> None:
        """Adds or replaces listings in the index (`connection`: the database transaction to
        write in, for a backend whose index is in the database; others ignore it)."""

    @abstractmethod
    def remove(self, listing_ids: Iterable[int], connection=None) -> None:
        """Removes listings (no longer public) from the index."""

    @abstractmethod
    def index_enterprises(self, documents: Iterable[EnterpriseDocument],
                          remove_ids: Iterable[int] = (), connection=None) -> None:
        """Adds, replaces or removes enterprises of the directory index."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchHits:
        """Listing ids of one page, the total and the facet counts."""

    @abstractmethod
    def search_enterprises(self, query: EnterpriseQuery) -> tuple[int, list[int]]:
        """(total, enterprise ids of one page)."""

    @abstractmethod
    def suggest(self, folded_terms: tuple[str, ...], prefix: str, limit: int = 8) -> list[str]:
        """Titles that contain the complete words and a word starting with the (folded) prefix."""

    @abstractmethod
    def vocabulary(self) -> dict[str, int]:
        """Folded words of the index with their document frequencies (for "did you mean")."""

    @abstractmethod
    def reindex(self, listings: Iterable[ListingDocument], enterprises: Iterable[EnterpriseDocument],
                progress: Callable[[int], None] | None = None) -> int:
        """Builds a complete new index aside and swaps it in atomically; returns the count."""

    @abstractmethod
    def indexed_ids(self) -> dict[int, datetime | None]:
        """Listing id -> published_at of every indexed listing (for the drift check)."""

    @abstractmethod
    def health(self) -> str:
        """'ok', or a short reason why the index cannot answer."""

    def forget_results(self) -> None:
        """Drops results cached in this process (the bench's cold searches)."""
        return None

    def clear(self) -> None:
        """Empties the index (tests, and a fresh start)."""
        self.reindex([], [])

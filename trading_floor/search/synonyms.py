"""Regional and common synonyms (lợn/heo, ngô/bắp, hoa quả/trái cây …), applied to a query's
words when it is searched, so a new group needs no reindex: the file synonyms.txt of the
repository, plus the groups officers add on their page (SynonymGroup rows)."""

from __future__ import annotations

import time
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from trading_floor.extensions import db
from trading_floor.search import analysis
from trading_floor.search.models import SynonymGroup

FILE = Path(__file__).with_name("synonyms.txt")
RELOAD_SECONDS = 30  # groups added on another node apply within this delay
MAX_WORDS = 3  # the longest phrase of a group, in words
_CACHE: dict = {}


def parse_group(line: str) -> list[str]:
    """The phrases of one group line ("lợn, heo"), each as analysed words joined by a space."""
    phrases = []
    for part in line.split(","):
        phrase = " ".join(analysis.words(part))
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases


def file_groups() -> list[list[str]]:
    lines = FILE.read_text(encoding="utf-8").splitlines()
    return [g for g in (parse_group(x) for x in lines if not x.lstrip().startswith("#")) if len(g) > 1]


def _table() -> dict[str, tuple[str, ...]]:
    """Phrase -> the other phrases of its groups (file and database), cached per app."""
    key = id(current_app._get_current_object())
    cached = _CACHE.get(key)
    if cached is not None and time.monotonic() - cached[0] < RELOAD_SECONDS:
        return cached[1]
    groups = file_groups() + [parse_group(words) for words in
                              db.session.scalars(select(SynonymGroup.words))]
    table: dict[str, list[str]] = {}
    for group in groups:
        for phrase in group:
            others = table.setdefault(phrase, [])
            others.extend(p for p in group if p != phrase and p not in others)
    _CACHE.clear()
    _CACHE[key] = (time.monotonic(), {k: tuple(v) for k, v in table.items()})
    return _CACHE[key][1]


def forget() -> None:
    """Reload on the next search (after an officer's change)."""
    _CACHE.clear()


class SynonymError(ValueError):
    """A group that cannot be added; the message is for the officer, in Vietnamese."""


def officer_groups() -> list[SynonymGroup]:
    return list(db.session.scalars(select(SynonymGroup).order_by(SynonymGroup.id)))


def add_group(line: str, user_id: int | None) -> SynonymGroup:
    """Adds a group ("lợn, heo"): applies to the next searches, no reindex."""
    from flask_babel import gettext as _

    phrases = parse_group(line or "")
    if len(phrases) < 2:
        raise SynonymError(_("Hãy ghi ít nhất hai từ, cách nhau bởi dấu phẩy (ví dụ: lợn, heo)."))
    if any(len(p.split()) > MAX_WORDS for p in phrases):
        raise SynonymError(_("Mỗi từ tối đa %(n)d tiếng.", n=MAX_WORDS))
    group = SynonymGroup(words=", ".join(phrases)[:300], created_by_id=user_id)
    db.session.add(group)
    db.session.commit()
    forget()
    return group


def remove_group(group: SynonymGroup) -> None:
    db.session.delete(group)
    db.session.commit()
    forget()


def expand(terms: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Each word (or phrase of up to MAX_WORDS words with a synonym) with its synonyms:
    ("bán", "hoa", "quả") -> (("bán",), ("hoa quả", "trái cây"))."""
    table = _table() if terms else {}
    out, i = [], 0
    while i < len(terms):
        for size in range(min(MAX_WORDS, len(terms) - i), 0, -1):
            phrase = " ".join(terms[i:i + size])
            if size == 1 or phrase in table:
                out.append((phrase, *table.get(phrase, ())))
                i += size
                break
    return tuple(out)

"""Vietnamese text analysis shared by every search backend.

NFC first (a decomposed "nhãn" would otherwise split into "nha" + a stray mark), then lowercase,
then tokens of letters and digits. No English stop list and no stemmer: they silently drop
Vietnamese syllables such as *An*, *may*, *in* or *ô*. Two forms of each token are indexed: the
accent-exact form ("nhãn") and the folded form ("nhan", đ → d), so that a query with diacritics
ranks exact matches first while a query without them finds every spelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from trading_floor.i18n import fold as fold_text

# runs of letters (incl. combining marks, kept after NFC only for scripts that need them) and
# runs of digits: `50kg` is `50 kg`, `pcb40` is `pcb 40`, `1,8 m` and `1.8 m` are `1 8 m`
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
# C0/C1 control characters and the private-use / format characters nobody types on purpose
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
MAX_TOKEN_LENGTH = 40  # a longer "word" is noise (a pasted hash, a URL); it is cut, not indexed whole


def normalize(text: str | None) -> str:
    """NFC, control characters removed, lowercase (Vietnamese-aware through str.lower)."""
    text = unicodedata.normalize("NFC", text or "")
    return _CONTROL.sub(" ", text).lower()


def fold(text: str) -> str:
    """Folded form of a token or text: 'Đường' -> 'duong' (diacritics dropped, đ -> d)."""
    return fold_text(text)


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # accent-exact, lowercase, NFC
    folded: str
    position: int
    start: int  # character offsets in the normalized text (same as in the NFC text)
    end: int


_FOLDED_WORDS: dict[str, str] = {}  # word -> folded: a catalogue's vocabulary is small


def fold_word(word: str) -> str:
    """fold() of one token, memoised (highlighting folds every word of every snippet)."""
    folded = _FOLDED_WORDS.get(word)
    if folded is None:
        if len(_FOLDED_WORDS) > 100_000:
            _FOLDED_WORDS.clear()
        folded = _FOLDED_WORDS[word] = fold(word)
    return folded


def tokenize(text: str | None) -> list[Token]:
    """Tokens of a text, with positions and character offsets (for highlighting)."""
    normalized = normalize(text)
    tokens = []
    for position, match in enumerate(_WORD.finditer(normalized)):
        word = match.group()[:MAX_TOKEN_LENGTH]
        tokens.append(Token(word, fold_word(word), position, match.start(), match.end()))
    return tokens


def words(text: str | None) -> list[str]:
    """Accent-exact tokens only (the fast path of tokenize: indexing calls it for every field)."""
    return [word[:MAX_TOKEN_LENGTH] for word in _WORD.findall(normalize(text))]


def highlight(text: str, query_folded: set[str], max_chars: int = 220) -> list[tuple[str, bool]]:
    """A snippet of `text` around the first matching words, as (piece, is_match) pairs.

    Matching is on folded tokens, so `nhan` highlights *nhãn*; the pieces are slices of the NFC
    text the user wrote (never HTML: the template escapes them and wraps matches in <mark>).
    """
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text or ""))
    # lower() can change a string's length for a few exotic letters; offsets then come from it
    basis = text if len(text.lower()) == len(text) else text.lower()
    # (start, end) of the matching words only: no Token per word (a page highlights 40 texts)
    tokens = [match.span() for match in _WORD.finditer(normalize(basis))
              if fold_word(match.group()[:MAX_TOKEN_LENGTH]) in query_folded]
    start = 0
    if tokens and tokens[0][0] > max_chars // 3:
        start = basis.rfind(" ", 0, tokens[0][0] - max_chars // 4) + 1
    end = min(len(basis), start + max_chars)
    if end < len(basis):
        space = basis.rfind(" ", start, end)
        end = space if space > start else end
    pieces: list[tuple[str, bool]] = []
    if start > 0:
        pieces.append(("… ", False))
    cursor = start
    for token_start, token_end in tokens:
        if token_start < start or token_end > end:
            continue
        if token_start > cursor:
            pieces.append((basis[cursor:token_start], False))
        pieces.append((basis[token_start:token_end], True))
        cursor = token_end
    if cursor < end:
        pieces.append((basis[cursor:end], False))
    if end < len(basis):
        pieces.append((" …", False))
    return pieces


def edits1(word: str) -> set[str]:
    """Every folded word one edit away (Norvig): deletes, transposes, replaces, inserts."""
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return deletes | transposes | replaces | inserts


def corrections(word: str, vocabulary: dict[str, int], limit: int = 5, edits: int = 2) -> list[str]:
    """Vocabulary words within one edit (two for longer words) of a folded word, most frequent
    first; [] when the word is known or nothing is near."""
    if not word or word in vocabulary or len(word) > 20 or not word.isascii():
        return []
    near = {w for w in edits1(word) if w in vocabulary}
    if not near and edits > 1 and 4 <= len(word) <= 10:
        near = {w2 for w1 in edits1(word) for w2 in edits1(w1) if w2 in vocabulary}
    return sorted(near, key=lambda w: (-vocabulary[w], w))[:limit]

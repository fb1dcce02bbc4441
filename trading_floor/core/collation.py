"""Vietnamese alphabetical order (the CLDR `vi` collation), for every list people read.

Python's default order compares code points: "Ân" lands after "Xã", "Đ" after "Y". Vietnamese
order has 29 letters (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y) compared first;
then, for words with the same letters, the tones (none, huyền, hỏi, ngã, sắc, nặng); then case.
"""

from __future__ import annotations

import unicodedata

# primary order; f j w z (foreign words, codes) sit where the Latin alphabet has them
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_WEIGHT = {letter: 100 + n for n, letter in enumerate(_ALPHABET)}
# a base letter and a letter-making mark (breve, circumflex, horn) form one letter
_LETTER_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
                 ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
# tones, second level: huyền, hỏi, ngã, sắc, nặng (no tone is 0)
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# administrative unit types, left out of a commune's key: people look for "Phố Hiến", not "Phường"
_UNIT_TYPES = ("thị trấn ", "đặc khu ", "phường ", "xã ")


def vietnamese_sort_key(text: str) -> tuple:
    """A sort key putting Vietnamese text in dictionary order: `sorted(names, key=...)`.

    "A Sào" < "An" < "Ăn" < "Ân" < "Bắc"; "Dương" < "Đông"; "Ma" < "Mà" < "Mả" < "Mã" < "Má" <
    "Mạ". Runs of whitespace count as one space; digits come before letters.
    """
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for char in unicodedata.normalize("NFD", " ".join(str(text).split())):
        if unicodedata.combining(char):
            if not primary:
                continue
            letter = _LETTER_MARKS.get((_letter_of(primary[-1]), char))
            if letter is not None:
                primary[-1] = _WEIGHT[letter]
            elif char in _TONES:
                secondary[-1] = _TONES[char]
            continue
        lower = char.lower()
        if lower in _WEIGHT:
            weight = _WEIGHT[lower]
        elif char.isspace():
            weight = 1
        elif char.isdigit():
            weight = 10 + unicodedata.digit(char, 0)
        elif char.isalpha():
            weight = 1000 + ord(lower)
        else:
            weight = 2  # punctuation: before digits and letters
        primary.append(weight)
        secondary.append(0)
        tertiary.append(1 if char != lower else 0)
    return tuple(primary), tuple(secondary), tuple(tertiary), text


def commune_sort_key(name: str) -> tuple:
    """The order of communes and wards: by their name, without "Xã"/"Phường" in front."""
    spaced = " ".join(str(name).split())
    bare = spaced
    for prefix in _UNIT_TYPES:
        if spaced.lower().startswith(prefix):
            bare = spaced[len(prefix):]
            break
    return vietnamese_sort_key(bare), vietnamese_sort_key(spaced)


def _letter_of(weight: int) -> str | None:
    index = weight - 100
    return _ALPHABET[index] if 0 <= index < len(_ALPHABET) else None

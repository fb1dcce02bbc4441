"""Where a form may send someone afterwards: the one check of every `next` parameter.

A browser reading a Location header first drops ASCII tabs and newlines, treats `\\` as `/` and
strips leading spaces and control characters, so `/\\t/evil.example/` becomes the protocol-relative
`//evil.example/`. A target is accepted only if it is a path of this site however a browser reads
it: it starts with one `/` followed by something other than `/` or `\\`, and has no backslash,
no control character and no scheme or host.

`checked_next` is what a view calls with the `next` a request carries: a carriage return or line
feed in it is an attempt to split the response's headers, answered 400 with the floor's error page
rather than quietly ignored.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort

MAX_LENGTH = 2000


def safe_next(target: str | None, default: str | None = None) -> str | None:
    """`target` if it is a same-site path, otherwise `default` (never raises)."""
    if not target or not isinstance(target, str) or len(target) > MAX_LENGTH:
        return default
    if "\\" in target or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def checked_next(target: str | None, default: str | None = None) -> str | None:
    """safe_next for a `next` sent by the client; a CR or LF in it aborts the request with 400."""
    if isinstance(target, str) and ("\r" in target or "\n" in target):
        abort(400)
    return safe_next(target, default)

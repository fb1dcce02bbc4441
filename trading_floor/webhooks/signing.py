"""Standard Webhooks signatures (https://www.standardwebhooks.com): the secret is `whsec_` and
base64 bytes; the signature is `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    content = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {"webhook-id": message_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, message_id, timestamp, body),
            "content-type": "application/json"}


def verify(secret: str, message_id: str, timestamp: str, body: str, signature_header: str,
           now: int, tolerance: int = 300) -> bool:
    """What a receiver does (README example; the tests use it): a signature of the header's
    space-separated list matches, and the timestamp is within five minutes."""
    if abs(now - int(timestamp)) > tolerance:
        return False
    expected = sign(secret, message_id, int(timestamp), body)
    return any(hmac.compare_digest(expected, given)
               for given in signature_header.split(" ") if given.startswith("v1,"))

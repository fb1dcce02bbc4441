"""Where the floor may send: http(s) URLs whose host resolves to public addresses only (no
loopback, private, link-local, reserved or multicast address: a partner URL must not reach the
floor's own network), unless WEBHOOKS_ALLOW_PRIVATE is set (the tests' local receiver)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _


class AddressRefused(ValueError):
    pass


def is_private_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
            or ip.is_multicast or ip.is_unspecified)


def check_url(url: str) -> str:
    """The URL, trimmed, if the floor may post to it; AddressRefused (a Vietnamese message)
    otherwise. Resolves the host now: run again before each delivery (DNS may change)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        raise AddressRefused(_("Địa chỉ phải là một URL http:// hoặc https:// đầy đủ."))
    if parts.username or parts.password:
        raise AddressRefused(_("Địa chỉ không được chứa tên đăng nhập hay mật khẩu."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError):
        raise AddressRefused(_("Không tìm thấy máy chủ %(host)s.", host=parts.hostname)) from None
    if not current_app.config.get("WEBHOOKS_ALLOW_PRIVATE") and any(
            is_private_address(info[4][0]) for info in found):
        raise AddressRefused(_("Địa chỉ %(host)s trỏ vào mạng nội bộ: sàn không gửi tới đó.",
                               host=parts.hostname))
    return url

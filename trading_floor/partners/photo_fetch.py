"""Photos by URL for the seller API, fetched in a job with SSRF protection.

The host is resolved once; every address it resolves to must be public (no private, loopback,
link-local, multicast, reserved or unspecified address) unless PHOTO_FETCH_ALLOW_PRIVATE is set
(tests serve photos on 127.0.0.1). The connection goes to that checked address (a second DNS
answer cannot point it elsewhere); redirects are refused; at most the upload limit is read, and
the bytes then pass the same checks as an upload.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from trading_floor.catalog.images import MAX_BYTES

TIMEOUT = 10


class FetchRefused(ValueError):
    """A URL the floor will not fetch, or a failed fetch; str() says why, in Vietnamese."""


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of an http(s) URL, or FetchRefused."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError as error:
        raise FetchRefused(_("Địa chỉ ảnh không hợp lệ.")) from error
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2000:
        raise FetchRefused(_("Địa chỉ ảnh phải bắt đầu bằng http:// hoặc https://."))
    if parts.username or parts.password:
        raise FetchRefused(_("Địa chỉ ảnh không được chứa tên đăng nhập hay mật khẩu."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def resolve(host: str, port: int) -> str:
    """The first address of the host, once every address was found allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchRefused(_("Không tìm thấy máy chủ %(h)s.", h=host)) from error
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchRefused(_("Không tìm thấy máy chủ %(h)s.", h=host))
    if not current_app.config.get("PHOTO_FETCH_ALLOW_PRIVATE"):
        if not all(_public(address) for address in addresses):
            raise FetchRefused(_("Sàn không tải ảnh từ địa chỉ nội bộ hay riêng (%(h)s).", h=host))
    return addresses[0]


def fetch(url: str) -> tuple[str, bytes]:
    """(file name, bytes) of the photo at url, at most MAX_BYTES; FetchRefused otherwise."""
    scheme, host, port, path = check_url(url)
    address = resolve(host, port)
    try:
        sock = socket.create_connection((address, port), timeout=TIMEOUT)
        if scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        connection_class = (http.client.HTTPSConnection if scheme == "https"
                            else http.client.HTTPConnection)
        connection = connection_class(host, port, timeout=TIMEOUT)
        connection.sock = sock  # already connected to the checked address
        try:
            connection.request("GET", path, headers={"Host": host if port in (80, 443)
                                                     else f"{host}:{port}",
                                                     "User-Agent": "san-tmdt-hung-yen/1",
                                                     "Accept": "image/*"})
            response = connection.getresponse()
            if response.status != 200:
                raise FetchRefused(_("Máy chủ ảnh trả lời %(s)d (cần 200; không theo chuyển "
                                     "hướng).", s=response.status))
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise FetchRefused(_("Ảnh lớn quá 5 MB."))
            content = response.read(MAX_BYTES + 1)
        finally:
            connection.close()
    except (OSError, http.client.HTTPException) as error:
        raise FetchRefused(_("Không tải được ảnh: %(e)s", e=str(error))) from error
    if len(content) > MAX_BYTES:
        raise FetchRefused(_("Ảnh lớn quá 5 MB."))
    name = path.split("?")[0].rsplit("/", 1)[-1] or "photo"
    return name[:100], content

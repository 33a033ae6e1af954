"""HTTP details shared by the pages, the API and the zip export.

Also how the archive meets the network: the reverse proxies it trusts
(``TRUSTED_PROXIES``), Secure cookies and HSTS over HTTPS, and the
Content-Security-Policy that allows no inline script or style.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from flask import current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

_NOT_ASCII = re.compile(r"[^\x20-\x7e]+|[/\\]")


def wants_json() -> bool:
    """Tell whether the caller (our upload script, say) asked for JSON back."""
    return request.accept_mimetypes.best == "application/json" or request.is_json


def answers_in_json() -> bool:
    """Tell whether this request is answered in JSON (the API, or a caller asking for it), not a page."""
    return request.path.startswith("/api/") or wants_json()


def ascii_fallback(filename: str) -> str:
    """Name the file in plain ASCII for old clients: Thai runs become '_', never an empty stem."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    stem = _NOT_ASCII.sub("_", stem).replace('"', "").strip(" _") or "evidence"
    ext = _NOT_ASCII.sub("", ext).replace('"', "")
    return f"{stem}.{ext}" if ext else stem


def content_disposition(filename: str, inline: bool = False) -> str:
    """Build a Content-Disposition header that keeps a Thai file name intact (RFC 6266/5987)."""
    kind = "inline" if inline else "attachment"
    return (f'{kind}; filename="{ascii_fallback(filename)}"; '
            f"filename*=UTF-8''{quote(filename, safe='')}")


# Scripts and styles come only from our own files (evidence_archive/static/, a plugin
# blueprint's static folder): an injected <script>, onclick= or style= does not run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'")


def security_headers(response):
    """Add the headers every page should carry: no sniffing, no framing, no referrer leaks.

    Over HTTPS (directly or through a trusted proxy) the answer also carries
    Strict-Transport-Security, unless ``HSTS_MAX_AGE`` is 0.
    """
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    max_age = current_app.config.get("HSTS_MAX_AGE", 0)
    if request.is_secure and max_age:
        headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
    return response


class SecureCookiesOverHttps:
    """WSGI middleware: add ``Secure`` to every cookie set in an answer to an HTTPS request.

    Over plain HTTP (a LAN install) cookies stay as they are, or a browser would
    never send them back.  Working on the finished headers covers Flask's session
    cookie and flask-login's remember cookie alike, whichever hook set them.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("wsgi.url_scheme") != "https":
            return self.wsgi_app(environ, start_response)

        def secure_start_response(status, headers, exc_info=None):
            return start_response(status, [_secure_cookie(h) for h in headers], exc_info)

        return self.wsgi_app(environ, secure_start_response)


def _secure_cookie(header: tuple[str, str]) -> tuple[str, str]:
    name, value = header
    if name.lower() != "set-cookie":
        return header
    attributes = {part.strip().lower() for part in value.split(";")[1:]}
    return header if "secure" in attributes else (name, f"{value}; Secure")


def trusted_proxies(app) -> int:
    """Read ``TRUSTED_PROXIES``: how many reverse proxies stand in front (0: none, trust no header)."""
    value = app.config.get("TRUSTED_PROXIES") or 0
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuntimeError(f"TRUSTED_PROXIES must be a whole number of proxies (0 or more), "
                           f"not {value!r}")
    return value


def init_app(app) -> None:
    """Wrap the WSGI app: proxies' X-Forwarded-* headers first (if trusted), then Secure cookies.

    With ``TRUSTED_PROXIES = n`` werkzeug's ProxyFix takes the client address,
    scheme, host and path prefix from the n-th X-Forwarded-* value from the
    right, i.e. what our own proxy wrote; with 0 the headers are ignored, so a
    client cannot choose the address the audit log and login throttling record.
    """
    app.wsgi_app = SecureCookiesOverHttps(app.wsgi_app)
    proxies = trusted_proxies(app)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,
                                x_host=proxies, x_prefix=proxies)

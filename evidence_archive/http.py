"""HTTP details shared by the pages, the API and the zip export."""
from __future__ import annotations

import re
from urllib.parse import quote

_NOT_ASCII = re.compile(r"[^\x20-\x7e]+|[/\\]")


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


def security_headers(response):
    """Add the headers every page should carry: no sniffing, no framing, no referrer leaks."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                           "script-src 'self' 'unsafe-inline'; frame-ancestors 'self'; "
                           "form-action 'self'; base-uri 'none'; object-src 'none'")
    return response

"""Permanent public pages: sets, items and files, open without login once published.

URLs are built from unguessable public ids that never change, so a link
given to the NACC keeps working after edits, renames and moves.
"""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user

from ..auth import can
from ..models import EvidenceItem, EvidenceSet, ItemFile, by_public_id
from ..services.evidence import is_public

bp = Blueprint("public", __name__)


def visible(target) -> bool:
    """Tell whether the current visitor may see this set, item or file.

    Published things are public; drafts only to signed-in staff and admins;
    trashed things only to admins (through the trash).
    """
    if is_public(target):
        return True
    if target.is_deleted or any(p.is_deleted for p in _parents(target)):
        return False
    return can("staff")


def _parents(target) -> list:
    if isinstance(target, ItemFile):
        return [target.item, target.item.evidence_set, target.item.evidence_set.category]
    if isinstance(target, EvidenceItem):
        return [target.evidence_set, target.evidence_set.category]
    return [target.category]


def get_visible(model, public_id: str):
    """Return the row with this public id if the visitor may see it, else 404."""
    target = by_public_id(model, public_id)
    if target is None or not visible(target):
        abort(404)
    return target


def content_disposition(filename: str, inline: bool = False) -> str:
    """Build a Content-Disposition header that keeps a Thai file name intact (RFC 6266/5987)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


# Only these are shown inline in the browser; anything else downloads, so an
# uploaded file can never run script on our origin.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "text/plain"}


def send_blob(item_file: ItemFile, inline: bool) -> Response:
    """Stream a stored file under its original name."""
    store = current_app.extensions["evidence_archive"].store
    media_type = item_file.media_type
    inline = inline and media_type in INLINE_TYPES
    response = Response(store.iter_file(item_file.sha256), direct_passthrough=True,
                        mimetype=media_type + ("; charset=utf-8" if media_type == "text/plain" else ""))
    response.headers["Content-Length"] = str(item_file.size)
    response.headers["Content-Disposition"] = content_disposition(item_file.filename, inline)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["ETag"] = f'"{item_file.sha256}"'
    response.headers["Cache-Control"] = "public, max-age=300" if is_public(item_file) else "private, no-store"
    return response


@bp.route("/s/<public_id>")
def evidence_set(public_id: str):
    """Show an evidence set (อ้างอิงชุด) at its permanent URL."""
    target = get_visible(EvidenceSet, public_id)
    items = [i for i in target.live_items() if visible(i)]
    return render_template("public/set.html", evidence_set=target, items=items)


@bp.route("/i/<public_id>")
def item(public_id: str):
    """Show an evidence item at its permanent URL."""
    target = get_visible(EvidenceItem, public_id)
    return render_template("public/item.html", item=target)


@bp.route("/f/<public_id>/<path:filename>")
@bp.route("/f/<public_id>")
def file(public_id: str, filename: str | None = None):
    """Download (or with ?inline=1 view) a file; the name in the URL is only cosmetic."""
    target = get_visible(ItemFile, public_id)
    return send_blob(target, inline=request.args.get("inline") == "1")


@bp.route("/t/<public_id>.jpg")
def thumbnail(public_id: str):
    """Send a photo's thumbnail (made at upload with EXIF orientation applied)."""
    target = get_visible(ItemFile, public_id)
    path = current_app.extensions["evidence_archive"].store.thumb_path(target.sha256)
    if not path.exists():
        abort(404)
    response = Response(path.read_bytes(), mimetype="image/jpeg")
    response.headers["Cache-Control"] = "public, max-age=86400" if is_public(target) else "private"
    return response

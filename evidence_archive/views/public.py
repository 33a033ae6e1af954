"""Permanent public pages: sets, items and files, open without login once published.

URLs are built from unguessable public ids that never change, so a link
given to the NACC keeps working after edits, renames and moves.
"""
from __future__ import annotations


from flask import Blueprint, Response, abort, render_template, request
from sqlalchemy import select, text
from sqlalchemy.orm import selectinload

from .. import display
from ..access import is_public
from ..archive import archive_of
from ..auth import visible
from ..db import db
from ..display import evidence_type, type_name
from ..http import content_disposition
from ..i18n import get_locale
from ..models import EvidenceItem, EvidenceSet, ItemFile, by_public_id
from ..services import audit
from ..types import EvidenceType

bp = Blueprint("public", __name__)


@bp.get("/healthz")
def healthz():
    """Answer 200 when this process can reach its database (load balancers, systemd, the bench)."""
    db.session.execute(text("SELECT 1"))
    return Response("ok\n", mimetype="text/plain", headers={"Cache-Control": "no-store"})


def get_visible(model, public_id: str):
    """Return the row with this public id if the visitor may see it, else 404."""
    target = by_public_id(model, public_id)
    if target is None or not visible(target):
        abort(404)
    return target


# Only these are shown inline in the browser; anything else downloads, so an
# uploaded file can never run script on our origin.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "text/plain"}


def send_blob(item_file: ItemFile, inline: bool) -> Response:
    """Stream a stored file under its original name."""
    store = archive_of().store
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


# ---------------------------------------------------------------------------
# Evidence types and metadata, also when a type's plugin is gone
# ---------------------------------------------------------------------------

def item_fields(item: EvidenceItem, etype: EvidenceType | None,
                locale: str = "th") -> list[tuple[str, str]]:
    """Return (label, text) of an item's filled-in metadata (display.fields_shown)."""
    return [(label, text) for _name, label, text in display.fields_shown(item, etype, locale)]


@bp.app_template_global()
def can_inline(item_file: ItemFile) -> bool:
    """Tell whether a file may open in the browser instead of downloading."""
    return item_file.media_type in INLINE_TYPES


# ---------------------------------------------------------------------------
# Permanent pages
# ---------------------------------------------------------------------------

def _visible_items(evidence_set: EvidenceSet) -> list[EvidenceItem]:
    """Return the set's items this visitor may see, in order, with their files loaded."""
    rows = db.session.scalars(
        select(EvidenceItem).where(EvidenceItem.set_id == evidence_set.id,
                                   EvidenceItem.deleted_at.is_(None))
        .options(selectinload(EvidenceItem.files))
        .order_by(EvidenceItem.position, EvidenceItem.id))
    return [i for i in rows if visible(i)]


def send_logged(item_file: ItemFile, inline: bool, **details) -> Response:
    """Send a file and put its download on the audit log."""
    audit.record_download(item_file, f"ดาวน์โหลดไฟล์ {item_file.filename}",
                          item=item_file.item_id, bytes=item_file.size, inline=inline, **details)
    return send_blob(item_file, inline)


@bp.route("/s/<public_id>")
def evidence_set(public_id: str):
    """Show an evidence set (อ้างอิงชุด) at its permanent URL."""
    target = get_visible(EvidenceSet, public_id)
    locale = get_locale()
    rows = [(i, type_name(i, evidence_type(i), locale), i.live_files())
            for i in _visible_items(target)]
    types = sorted(archive_of().types, key=lambda t: t.name)
    return render_template("public/set.html", evidence_set=target, rows=rows, types=types)


@bp.route("/i/<public_id>")
def item(public_id: str):
    """Show an evidence item at its permanent URL."""
    target = get_visible(EvidenceItem, public_id)
    etype, locale = evidence_type(target), get_locale()
    return render_template("public/item.html", item=target, etype=etype,
                           type_label=type_name(target, etype, locale),
                           fields=item_fields(target, etype, locale),
                           files=target.live_files())


@bp.route("/f/<public_id>/<path:filename>")
@bp.route("/f/<public_id>")
def file(public_id: str, filename: str | None = None):
    """Download (or with ?inline=1 view) a file; the name in the URL is only cosmetic."""
    target = get_visible(ItemFile, public_id)
    return send_logged(target, inline=request.args.get("inline") == "1")


@bp.route("/t/<public_id>.jpg")
def thumbnail(public_id: str):
    """Send a photo's thumbnail (EXIF orientation applied) or a file's preview from a plugin."""
    target = get_visible(ItemFile, public_id)
    jpeg = archive_of().store.read_thumb(target.sha256)
    if jpeg is None:
        abort(404)
    response = Response(jpeg, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "public, max-age=300" if is_public(target) else "private"
    return response

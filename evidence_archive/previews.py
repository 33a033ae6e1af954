"""The small picture of each stored file: a photo's thumbnail, or a plugin's preview of another file.

A photo's thumbnail is drawn in the upload request, because a photo whose
pixels cannot be read is refused.  Every other file's preview (page 1 of a
PDF, by the ``pdf_preview`` plugin) is drawn by the background worker after
the upload is stored (``textsearch.extraction``), never in the request: a
missing preview only leaves a page without a picture.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from . import hookspecs, images
from .archive import archive_of
from .db import db
from .errors import ValidationError
from .models import Blob


def photo_thumbnail(store, sha256: str, filename: str) -> None:
    """Write a photo's thumbnail; refuse the upload (Thai message) if its pixels cannot be read."""
    config = current_app.config
    try:
        images.make_thumbnail(store.path(sha256), store.thumb_path(sha256),
                              config["THUMBNAIL_SIZE"], config["MAX_IMAGE_PIXELS"])
    except images.ImageError as exc:  # header fine, pixels broken or too many
        raise ValidationError({"files": f"ไฟล์ {filename}: {exc}"}) from None


def plugin_preview(app, sha256: str, media_type: str, kind: str) -> bool:
    """Ask the ``make_preview`` plugins for a file's preview; return whether one was written."""
    archive = archive_of(app)
    store, plugins = archive.store, archive.plugins
    dest = store.thumb_path(sha256)
    first = plugins.call_first(hookspecs.make_preview, path=store.path(sha256), media_type=media_type,
                               kind=kind, dest=dest, app=app)
    if first.value is None:
        dest.unlink(missing_ok=True)  # half a picture from a plugin that failed or declined
        return False
    if not dest.exists():
        plugins.report(first.plugin, f"make_preview answered {first.value!r} "
                                     f"but wrote no {dest.name}")
        return False
    return True


def make_missing() -> tuple[int, int]:
    """Ask the preview plugins again for stored files that have no preview; return (made, asked).

    For files stored before a preview plugin was installed.  Photos are left
    alone: their thumbnails are made at upload, or the upload is refused.
    """
    app = current_app._get_current_object()
    store, made, asked = archive_of(app).store, 0, 0
    for blob in db.session.scalars(select(Blob).where(Blob.kind != "image").order_by(Blob.sha256)):
        if store.has_thumb(blob.sha256) or not store.exists(blob.sha256):
            continue
        asked += 1
        made += plugin_preview(app, blob.sha256, blob.media_type, blob.kind)
    return made, asked

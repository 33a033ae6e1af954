"""Stored file content (Blob rows and their files) that several items and requests share.

A blob's file goes on disk before its row is committed, so two requests may
store the same content at once and a request may fail after placing a file
another one already relies on.  The rules that keep every committed row's file
on disk:

* files are placed under the store's shared lock, held until the transaction
  that records them ends (``storage.BlobStore.placing``);
* rows are inserted in SHA-256 order with insert-or-ignore, so concurrent
  transactions never deadlock on them nor fail on a duplicate key;
* files are removed only under the exclusive lock, and only those no
  committed row uses (:func:`release`, :func:`sweep`).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from ..archive import archive_of
from ..db import db, insert_or_ignore
from ..models import Blob
from ..storage import Sweep
from ..textsearch import extraction


def _store():
    return archive_of().store


def recorded(shas: Iterable[str]) -> set[str]:
    """Return which of these digests have a committed Blob row (read on a connection of its own)."""
    shas = list(shas)
    found: set[str] = set()
    with db.engine.connect() as connection:
        for start in range(0, len(shas), 500):
            found.update(connection.scalars(
                select(Blob.sha256).where(Blob.sha256.in_(shas[start:start + 500]))))
    return found


def record(rows: Iterable[dict]) -> list[str]:
    """Insert the Blob rows that do not exist yet, in digest order; return the new digests.

    Each new blob is queued for its text and preview (``FileText`` pending) in
    the same transaction.  The caller holds ``store.placing()`` and commits.
    """
    added = []
    for row in sorted({r["sha256"]: r for r in rows}.values(), key=lambda r: r["sha256"]):
        if insert_or_ignore(Blob, row):
            added.append(row["sha256"])
    extraction.queue(added)
    return added


def release(shas: Iterable[str]) -> list[str]:
    """Remove the files among `shas` that no committed row uses (after a failed upload or a purge)."""
    removed = _store().release(shas, recorded)
    if removed:
        current_app.logger.info("removed %d stored files no row uses", len(removed))
    return removed


def sweep() -> Sweep:
    """Remove what crashed processes left in the store: files without rows, dead uploads."""
    found = _store().sweep(recorded)
    if found.total:
        current_app.logger.warning(
            "store sweep: removed %d files without a row, %d orphan thumbnails, %d dead uploads",
            len(found.blobs), found.thumbs, found.tmp)
    return found


def parse_taken_at(value: str | None) -> datetime | None:
    """Read the ISO time a photo was taken (from ``images.image_info``) for its Blob row."""
    return datetime.fromisoformat(value) if value else None

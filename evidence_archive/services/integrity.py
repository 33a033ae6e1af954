"""Check that every stored row has its file and every file its row."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select

from ..archive import archive_of
from ..db import db
from ..models import Blob
from . import blobs


@dataclass
class Report:
    """What `evidence-archive check` found."""

    blobs: int = 0
    missing: list[str] = field(default_factory=list)      # row without file
    corrupt: list[str] = field(default_factory=list)      # file whose SHA-256 differs
    wrong_size: list[str] = field(default_factory=list)
    unreferenced: list[str] = field(default_factory=list)  # file without row
    dead_uploads: int = 0  # tmp/*.part files a crashed request left

    @property
    def ok(self) -> bool:
        return not (self.missing or self.corrupt or self.wrong_size or self.unreferenced
                    or self.dead_uploads)


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def check(verify_checksums: bool = False) -> Report:
    """Compare Blob rows with the files under uploads/blobs (optionally re-hashing each)."""
    store = archive_of().store
    report = Report()
    known = set()
    for blob in db.session.scalars(select(Blob)):
        report.blobs += 1
        known.add(blob.sha256)
        path = store.path(blob.sha256)
        if not path.exists():
            report.missing.append(blob.sha256)
        elif path.stat().st_size != blob.size:
            report.wrong_size.append(blob.sha256)
        elif verify_checksums and _sha256(path) != blob.sha256:
            report.corrupt.append(blob.sha256)
    on_disk = [p.name for p in (store.root / "blobs").rglob("*") if p.is_file()]
    # A file placed by an upload still in flight has no committed row yet: ask again.
    strays = [name for name in on_disk if name not in known]
    report.unreferenced = sorted(set(strays) - blobs.recorded(strays)) if strays else []
    report.dead_uploads = len(store.dead_parts())
    return report

"""Delete to the trash, restore from it, and purge (the only way bytes leave disk)."""
from __future__ import annotations

from sqlalchemy import func, select

from ..db import db
from ..models import Blob, Category, EvidenceItem, EvidenceSet, ItemFile, User, utcnow
from . import audit, blobs

TRASHABLE = (Category, EvidenceSet, EvidenceItem, ItemFile)


def describe(obj) -> str:
    """Name a trashable thing in Thai for messages and the log."""
    if isinstance(obj, Category):
        return f"หมวด {obj.name}"
    if isinstance(obj, EvidenceSet):
        return f"อ้างอิงชุด {obj.number}: {obj.title}"
    if isinstance(obj, EvidenceItem):
        return f"รายการ {obj.title}"
    return f"ไฟล์ {obj.filename}"


def trash(obj, user: User) -> None:
    """Move a category, set, item or file to the trash; what it contains goes with it."""
    if obj.is_deleted:
        return
    obj.deleted_at, obj.deleted_by_id = utcnow(), user.id
    audit.record("delete", obj, f"ย้าย{describe(obj)}ไปถังขยะ", user=user)
    db.session.commit()


def restore(obj, user: User) -> None:
    """Bring a trashed thing back exactly as it was."""
    if not obj.is_deleted:
        return
    obj.deleted_at = obj.deleted_by_id = None
    audit.record("restore", obj, f"กู้คืน{describe(obj)}", user=user)
    db.session.commit()


def trashed(limit: int = 500) -> list:
    """List what is in the trash, newest first."""
    rows = []
    for model in TRASHABLE:
        rows += db.session.scalars(select(model).where(model.deleted_at.is_not(None))
                                   .order_by(model.deleted_at.desc()).limit(limit)).all()
    return sorted(rows, key=lambda o: o.deleted_at, reverse=True)[:limit]


def _contents(obj) -> list:
    """Return obj and everything under it, deepest first (files before items ...)."""
    if isinstance(obj, ItemFile):
        return [obj]
    if isinstance(obj, EvidenceItem):
        return list(obj.files) + [obj]
    if isinstance(obj, EvidenceSet):
        return [x for item in obj.items for x in _contents(item)] + [obj]
    out = [x for child in obj.children for x in _contents(child)]
    return out + [x for s in obj.sets for x in _contents(s)] + [obj]


def purge(obj, user: User) -> int:
    """Remove a trashed thing for good, with its rows and unshared files; return files removed."""
    if not obj.is_deleted:
        raise ValueError("only what is in the trash can be purged")
    doomed = _contents(obj)
    shas = {x.sha256 for x in doomed if isinstance(x, ItemFile)}
    summary = f"ลบถาวร{describe(obj)}"
    details = {"files": sorted(x.filename for x in doomed if isinstance(x, ItemFile)),
               "rows": len(doomed)}
    for row in doomed:
        db.session.delete(row)
    db.session.flush()
    orphans = [sha for sha in shas if not db.session.scalar(
        select(func.count()).select_from(ItemFile).where(ItemFile.sha256 == sha))]
    for sha in orphans:
        db.session.delete(db.session.get(Blob, sha))
    audit.record("purge", None, summary, details | {"blobs": orphans}, user=user)
    db.session.commit()
    # Bytes go only after the rows are gone for good, and only if no upload
    # committed the same content meanwhile: a crash here leaves an unreferenced
    # file (swept at the next start or by `check --fix`), never a dangling row.
    return len(blobs.release(orphans))

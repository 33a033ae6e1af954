"""Create, edit, publish and order evidence sets and items, with their files.

Every function here leaves the database and the blob store consistent: a file
is on disk only if a row points at it, and a row only if its file is on disk.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import columns, hookspecs, images, inputs, previews, sniff
from ..archive import archive_of
from ..db import db
from ..errors import Conflict, ValidationError
from ..models import (DRAFT, PUBLISHED, Blob, Category, EvidenceItem, EvidenceSet, ItemFile,
                      User, utcnow)
from ..storage import IncomingFile, clean_filename
from ..thai import normalize_text, parse_int, strip_bidi_overrides
from ..types import EvidenceType, ValidateFailed
from . import audit, blobs


@dataclass
class Upload:
    """One file on its way in: the bytes already on disk, the name the user gave it."""

    incoming: IncomingFile
    filename: str
    caption: str = ""


# ---------------------------------------------------------------------------
# Evidence sets (อ้างอิงชุด)
# ---------------------------------------------------------------------------

def next_set_number(category: Category) -> int:
    """Return the next free set number in a category (1 for the first set)."""
    top = db.session.scalar(select(func.max(EvidenceSet.number))
                            .where(EvidenceSet.category_id == category.id))
    return (top or 0) + 1


def _set_fields(number, title: str) -> tuple[int | None, str, dict]:
    """Read a set's number and title as typed; return (number, title, errors)."""
    errors = {}
    try:
        number = parse_int(number)
        if number < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["number"] = "เลขชุดต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป"
        number = None
    title = normalize_text(title or "")
    if not title:
        errors["title"] = "กรุณากรอกชื่อชุดหลักฐาน"
    columns.check(errors, "title", title, EvidenceSet.title)
    return number, title, errors


def _description(text: str | None, errors: dict) -> str:
    """Clean a set's description (running text: its lines kept); note what its column refuses."""
    text = strip_bidi_overrides(text or "").strip()
    columns.check(errors, "description", text, EvidenceSet.description)
    return text


def _duplicate(number: int) -> Conflict:
    return Conflict(f"อ้างอิงชุด {number} มีอยู่แล้วในหมวดนี้ (รวมถึงในถังขยะ)",
                    {"number": "เลขชุดนี้ถูกใช้แล้ว"})


def _check_number_free(category: Category, number: int, evidence_set: EvidenceSet | None = None):
    """Refuse a set number already used in the category, trashed sets included."""
    stmt = select(EvidenceSet.id).where(EvidenceSet.category_id == category.id,
                                        EvidenceSet.number == number)
    if evidence_set is not None:
        stmt = stmt.where(EvidenceSet.id != evidence_set.id)
    with db.session.no_autoflush:
        taken = db.session.scalar(stmt)
    if taken is not None:
        raise _duplicate(number)


def _flushed(evidence_set: EvidenceSet) -> bool:
    """Flush a new or renumbered set; return False (all rolled back) if its number is taken.

    The unique constraint on (category, number) is the only safe judge of a
    number another request took meanwhile: PostgreSQL makes the second insert
    wait for the first transaction and then refuses it.
    """
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


#: How often a set without a chosen number moves on to the next free one under contention.
NUMBER_ATTEMPTS = 20


def create_set(category: Category, title: str, user: User, number=None,
               description: str = "") -> EvidenceSet:
    """Create evidence set อ้างอิงชุด N in a category; N defaults to the next free number.

    Without a chosen number, a number taken by a concurrent request moves the
    new set on to the next free one; a chosen number that is taken is a Conflict.
    """
    if category.is_deleted:
        raise ValidationError({"category": "หมวดนี้อยู่ในถังขยะ"})
    chosen = number not in (None, "")
    number, title, errors = _set_fields(number if chosen else next_set_number(category), title)
    description = _description(description, errors)
    if errors:
        raise ValidationError(errors)
    if chosen:  # a clear message before any write; the constraint still has the last word
        _check_number_free(category, number)
    for _attempt in range(NUMBER_ATTEMPTS):
        evidence_set = EvidenceSet(category=category, number=number, title=title,
                                   description=description, created_by_id=user.id)
        db.session.add(evidence_set)
        if _flushed(evidence_set):
            audit.record("create", evidence_set, f"สร้างอ้างอิงชุด {number}: {title}", user=user)
            db.session.commit()
            return evidence_set
        if chosen:
            raise _duplicate(number)
        number = next_set_number(category)
    raise Conflict("มีการสร้างชุดหลักฐานในหมวดนี้พร้อมกันหลายรายการ กรุณาลองใหม่อีกครั้ง")


def update_set(evidence_set: EvidenceSet, user: User, title=None, number=None,
               description=None) -> EvidenceSet:
    """Change a set's number, title or description; its public URL stays the same."""
    before = {"number": evidence_set.number, "title": evidence_set.title,
              "description": evidence_set.description}
    new_number, new_title, errors = _set_fields(
        evidence_set.number if number in (None, "") else number,
        evidence_set.title if title is None else title)
    if description is not None:
        description = _description(description, errors)
    if errors:
        raise ValidationError(errors)
    if new_number != evidence_set.number:
        _check_number_free(evidence_set.category, new_number, evidence_set)
    evidence_set.number, evidence_set.title = new_number, new_title
    if new_number != before["number"] and not _flushed(evidence_set):
        raise _duplicate(new_number)
    if description is not None:
        evidence_set.description = description
    after = {"number": evidence_set.number, "title": evidence_set.title,
             "description": evidence_set.description}
    audit.record("update", evidence_set, f"แก้ไขอ้างอิงชุด {new_number}",
                 {"before": before, "after": after}, user=user)
    db.session.commit()
    return evidence_set


# ---------------------------------------------------------------------------
# Evidence items
# ---------------------------------------------------------------------------

def _validate(etype: EvidenceType, raw: dict, item: EvidenceItem | None) -> tuple[dict, dict]:
    """Clean metadata by its type, then let every plugin's ``extra_validation`` check it.

    Return (values, errors).  A plugin's message never hides the type's own
    for the same field; a plugin that raises is reported and skipped.  Text
    holding a control character is refused first, whoever sends it (a page and
    the API meet the same rule at the request gate; a plugin's command or a
    script meets it here), since PostgreSQL would refuse a NUL that SQLite keeps.
    """
    labels = {f.name: f.label for f in etype.fields}
    control = inputs.control_problems(inputs.json_texts(raw), label_of=labels.get)
    try:
        values, errors = etype.clean(raw)
    except ValidateFailed as exc:  # nothing is stored unchecked: refused, the plugin reported
        current_app.logger.error("%s", exc, exc_info=exc.__cause__)
        archive_of().plugins.report(etype.plugin or etype.key, str(exc), log=False)
        raise ValidationError({}, f"ตรวจข้อมูล “{etype.name}” ไม่ได้ เพราะปลั๊กอิน {etype.plugin or etype.key} "
                                  "ขัดข้อง จึงยังไม่ได้บันทึก กรุณาแจ้งผู้ดูแลระบบ") from exc
    errors.update(control)
    app = current_app._get_current_object()
    for name, found in archive_of().plugins.call_each(
            hookspecs.extra_validation, etype=etype, values=dict(values), item=item, app=app):
        if not isinstance(found, dict):
            archive_of().plugins.report(name, f"extra_validation returned {type(found).__name__}, "
                                            "not a dict of messages")
            continue
        for field_name, message in found.items():
            errors.setdefault(str(field_name), str(message))
    return values, errors


def _check_uploads(etype: EvidenceType, uploads: list[Upload], existing: int = 0) -> dict:
    """Check each upload's content against the kinds the type accepts, and its caption."""
    problems, errors = [], {}
    total = existing + len(uploads)
    if total < etype.min_files:
        problems.append(f"ต้องแนบไฟล์อย่างน้อย {etype.min_files} ไฟล์")
    if etype.max_files is not None and total > etype.max_files:
        problems.append(f"แนบไฟล์ได้ไม่เกิน {etype.max_files} ไฟล์")
    for up in uploads:
        up.filename = clean_filename(up.filename)
        up.caption = normalize_text(up.caption or "")
        columns.check(errors, "captions", up.caption, ItemFile.caption)
        if up.incoming.size == 0:
            problems.append(f"ไฟล์ {up.filename} ว่างเปล่า")
            continue
        up.incoming.flush()
        detected = sniff.detect(up.incoming.path)
        up.detected = detected
        if detected.kind not in etype.accepts:
            wanted = ", ".join(sniff.kind_label(k) for k in etype.accepts)
            problems.append(f"ไฟล์ {up.filename} เป็น {detected.media_type} "
                            f"แต่{etype.name}รับเฉพาะ {wanted}")
            continue
        if detected.kind == "image":
            try:
                up.image = _checked_image(up.incoming.path)
            except images.ImageError as exc:
                problems.append(f"ไฟล์ {up.filename}: {exc}")
    if problems:
        errors["files"] = " • ".join(problems)
    return errors


def _checked_image(path) -> dict:
    """Read a photo's header: its size and EXIF, and whether its thumbnail fits in memory.

    A picture over ``MAX_IMAGE_PIXELS`` is refused here, before anything is
    stored; only the header is read, so a huge picture costs nothing yet.
    """
    config = current_app.config
    images.check_size(path, config["MAX_IMAGE_PIXELS"], config["THUMBNAIL_SIZE"])
    return images.image_info(path)


def _store_uploads(item: EvidenceItem, uploads: list[Upload], user: User, placed: list) -> None:
    """Move checked uploads into the store, record their blobs and attach them to the item.

    Runs inside ``store.placing()``; digests of files this call put on disk
    are added to `placed`, for ``blobs.release`` if the transaction fails.
    """
    store = archive_of().store
    position = max((f.position for f in item.files), default=-1) + 1
    rows = []
    for up in uploads:
        up.sha256, is_new = store.keep(up.incoming)
        if is_new:
            placed.append(up.sha256)
        if up.detected.kind == "image" and not store.has_thumb(up.sha256):
            previews.photo_thumbnail(store, up.sha256, up.filename)
        info = getattr(up, "image", None) or {}
        rows.append({"sha256": up.sha256, "size": up.incoming.size,
                     "media_type": up.detected.media_type, "kind": up.detected.kind,
                     "width": info.get("width"), "height": info.get("height"),
                     "taken_at": blobs.parse_taken_at(info.get("taken_at"))})
    blobs.record(rows)  # other files' previews and text are made later, by the worker
    for up in uploads:
        item.files.append(ItemFile(sha256=up.sha256, blob=db.session.get(Blob, up.sha256),
                                   filename=up.filename, caption=up.caption,
                                   position=position, created_by_id=user.id))
        position += 1


@contextmanager
def _storing_files(placed: list[str]):
    """Commit what the body adds with the files it placed, or roll back and release those files."""
    try:
        with archive_of().store.placing():
            try:
                yield
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
    except BaseException:
        blobs.release(placed)  # never a file that some committed row uses
        raise


def automatic_title(etype: EvidenceType, meta: dict) -> str:
    """Return the title an item gets when none is typed: its title field's value, or the type's name.

    Made, not typed, so it is shortened to fit the column (ending in “…”)
    rather than refused; the metadata keeps the whole value.
    """
    made = normalize_text(str(meta.get(etype.title_field) or "")) if etype.title_field else ""
    return columns.fit(made or etype.name, EvidenceItem.title)


def _item_title(etype: EvidenceType, values: dict, title: str | None, errors: dict) -> str:
    """Return the typed title (noting in `errors` one its column refuses), else the automatic one."""
    typed = normalize_text(title or "")
    if not typed:
        return automatic_title(etype, values)
    columns.check(errors, "title", typed, EvidenceItem.title, label="ชื่อรายการ")
    return typed


def _document_date(etype: EvidenceType, values: dict) -> date | None:
    value = values.get(etype.date_field) if etype.date_field else None
    return date.fromisoformat(value) if value else None


@contextmanager
def _discarding(uploads: list[Upload]):
    """On any failure inside, delete the uploads' temporary files (moved ones are untouched)."""
    try:
        yield
    except BaseException:
        for up in uploads:
            up.incoming.discard()
        raise


def create_item(evidence_set: EvidenceSet, etype: EvidenceType, raw: dict, user: User,
                uploads: list[Upload] = (), title: str | None = None) -> EvidenceItem:
    """Validate metadata and files together, then store the item and its files in one go."""
    with _discarding(list(uploads)):
        return _create_item(evidence_set, etype, raw, user, list(uploads), title)


def _create_item(evidence_set, etype, raw, user, uploads, title) -> EvidenceItem:
    values, errors = _validate(etype, raw, None)
    title = _item_title(etype, values, title, errors)
    errors.update(_check_uploads(etype, list(uploads)))
    if evidence_set.is_deleted:
        errors["set"] = "ชุดหลักฐานนี้อยู่ในถังขยะ"
    if errors:
        raise ValidationError(errors)
    position = max((i.position for i in evidence_set.items), default=-1) + 1
    item = EvidenceItem(evidence_set=evidence_set, type_key=etype.key,
                        type_snapshot=etype.snapshot(), title=title,
                        meta=values, document_date=_document_date(etype, values),
                        position=position, created_by_id=user.id)
    db.session.add(item)
    placed: list[str] = []
    with _storing_files(placed):
        _store_uploads(item, list(uploads), user, placed)
        db.session.flush()
        audit.record("create", item, f"เพิ่ม{etype.name}: {item.title}",
                     {"set": evidence_set.id, "type": etype.key, "meta": values,
                      "files": [f.filename for f in item.files]}, user=user)
    return item


def update_item(item: EvidenceItem, etype: EvidenceType, raw: dict, user: User,
                title: str | None = None) -> EvidenceItem:
    """Replace an item's metadata after validating it; the old values go to the audit log.

    Values of fields the type no longer declares (a plugin's newer version
    dropped or renamed them) are kept: the evidence says what it said.
    """
    values, errors = _validate(etype, raw, item)
    title = _item_title(etype, values, title, errors)
    if errors:
        raise ValidationError(errors)
    declared = {f.name for f in etype.fields}
    values = {**{k: v for k, v in item.meta.items() if k not in declared}, **values}
    before = {"title": item.title, "meta": item.meta}
    item.meta = values
    item.title = title
    item.document_date = _document_date(etype, values)
    item.type_snapshot = etype.snapshot()
    audit.record("update", item, f"แก้ไข: {item.title}",
                 {"before": before, "after": {"title": item.title, "meta": values}}, user=user)
    db.session.commit()
    return item


def add_files(item: EvidenceItem, etype: EvidenceType, uploads: list[Upload], user: User) -> list[ItemFile]:
    """Attach more files to an item, checked against its type."""
    with _discarding(list(uploads)):
        return _add_files(item, etype, list(uploads), user)


def _add_files(item, etype, uploads, user) -> list[ItemFile]:
    errors = _check_uploads(etype, list(uploads), existing=len(item.live_files()))
    if errors:
        raise ValidationError(errors)
    before = {f.id for f in item.files}
    placed: list[str] = []
    with _storing_files(placed):
        _store_uploads(item, list(uploads), user, placed)
        db.session.flush()
        added = [f for f in item.files if f.id not in before]
        audit.record("upload", item, f"แนบไฟล์ {len(added)} ไฟล์: {item.title}",
                     {"files": [f.filename for f in added]}, user=user)
    return added


def update_file(item_file: ItemFile, user: User, filename: str | None = None,
                caption: str | None = None) -> ItemFile:
    """Rename a file or change its caption; the bytes never change."""
    before = {"filename": item_file.filename, "caption": item_file.caption}
    if caption is not None:
        caption = normalize_text(caption)
        if message := columns.problem("caption", caption, ItemFile.caption):
            raise ValidationError({"caption": message})
        item_file.caption = caption
    if filename is not None:
        item_file.filename = clean_filename(filename)
    audit.record("update", item_file, f"แก้ไขไฟล์ {item_file.filename}",
                 {"before": before, "after": {"filename": item_file.filename,
                                              "caption": item_file.caption}}, user=user)
    db.session.commit()
    return item_file


def move_item(item: EvidenceItem, target: EvidenceSet, user: User, position: int | None = None):
    """Move an item to another set of the same year (or to a new position in its own set)."""
    source = item.evidence_set
    if target.is_deleted:
        raise ValidationError({"target_set": "ชุดหลักฐานปลายทางอยู่ในถังขยะ"})
    if target.category.year_id != source.category.year_id:
        raise ValidationError({"target_set": "ย้ายได้เฉพาะไปยังอ้างอิงชุดของปีงบประมาณเดียวกัน"})
    siblings = [i for i in target.items if i.id != item.id and not i.is_deleted]
    position = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(position, item)
    item.evidence_set = target
    for index, sibling in enumerate(siblings):
        sibling.position = index
    audit.record("move", item, f"ย้าย {item.title} ไปอ้างอิงชุด {target.number} ลำดับ {position + 1}",
                 {"from_set": source.id, "to_set": target.id, "position": position}, user=user)
    db.session.commit()


def reorder_items(evidence_set: EvidenceSet, ordered_ids: list[int], user: User) -> None:
    """Put a set's items in the given order; ids not listed keep their relative order after."""
    live = {i.id: i for i in evidence_set.live_items()}
    unknown = [i for i in ordered_ids if i not in live]
    if unknown:
        raise ValidationError({"order": "มีรายการที่ไม่อยู่ในชุดนี้"})
    rest = [i for i in evidence_set.live_items() if i.id not in ordered_ids]
    for index, item in enumerate([live[i] for i in ordered_ids] + rest):
        item.position = index
    audit.record("update", evidence_set, f"จัดลำดับรายการในอ้างอิงชุด {evidence_set.number}",
                 {"order": ordered_ids}, user=user)
    db.session.commit()


# ---------------------------------------------------------------------------
# Publishing
# ---------------------------------------------------------------------------

def set_status(target: EvidenceSet | EvidenceItem, status: str, user: User,
               with_items: bool = True) -> None:
    """Publish or unpublish a set (and, by default, its items) or one item."""
    if status not in (DRAFT, PUBLISHED):
        raise ValidationError({"status": "สถานะไม่ถูกต้อง"})
    if target.is_deleted:
        raise ValidationError({"status": "รายการนี้อยู่ในถังขยะ"})
    targets = [target]
    if isinstance(target, EvidenceSet) and with_items:
        targets += target.live_items()
    now = utcnow()
    for obj in targets:
        obj.status = status
        if status == PUBLISHED and obj.published_at is None:
            obj.published_at = now
    action = "publish" if status == PUBLISHED else "unpublish"
    name = f"อ้างอิงชุด {target.number}" if isinstance(target, EvidenceSet) else target.title
    audit.record(action, target, f"{audit.ACTIONS[action]} {name}",
                 {"items": [o.id for o in targets[1:]]}, user=user)
    db.session.commit()

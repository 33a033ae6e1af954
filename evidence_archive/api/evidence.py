"""API: evidence sets (อ้างอิงชุด), their items and the items' files."""
from __future__ import annotations

from flask import current_app, g, jsonify, request, url_for
from sqlalchemy import select

from .. import exporting, inputs
from ..archive import archive_of
from ..auth import can, visible
from ..db import db
from ..errors import Conflict, ValidationError
from ..models import (DRAFT, PUBLISHED, AssessmentYear, Category, EvidenceItem, EvidenceSet,
                      ItemFile, by_public_id)
from ..services import catalog, evidence, trash
from ..services.evidence import Upload
from ..thai import normalize_text, parse_int
from ..uploads import incoming_of
from ..views.public import send_logged
from .common import (FORM_TYPES, UnsupportedMediaType, bp, created, get_visible_or_404, int_arg,
                     json_body, paginate, require, text_of, trash_ref)
from .idempotency import idempotent
from .serialize import file_json, item_json, set_json

SET_FIELDS = ("title", "number", "description")


# --------------------------------------------------------------------------- sets

def _sets_query():
    """Select the sets the caller may see, filtered by ?year=, ?category= and ?status=."""
    errors: dict = {}
    stmt = (select(EvidenceSet).join(EvidenceSet.category).join(Category.year_ref)
            .where(EvidenceSet.deleted_at.is_(None),
                   Category.id.in_(catalog.live_category_ids())))
    if not can("staff"):
        stmt = stmt.where(EvidenceSet.status == PUBLISHED)
    if request.args.get("year"):
        try:
            stmt = stmt.where(AssessmentYear.year == catalog.parse_year(request.args["year"]))
        except ValidationError as exc:
            errors.update(exc.errors)
    category = int_arg("category", None, errors)
    if category is not None:
        stmt = stmt.where(EvidenceSet.category_id == category)
    status = request.args.get("status")
    if status:
        if status not in (DRAFT, PUBLISHED):
            errors["status"] = "สถานะต้องเป็น draft หรือ published"
        stmt = stmt.where(EvidenceSet.status == status)
    if errors:
        raise ValidationError(errors)
    return stmt.order_by(AssessmentYear.year.desc(), Category.position, Category.id,
                         EvidenceSet.number)


@bp.get("/sets")
def list_sets():
    """List the sets the caller may see, a page at a time."""
    return jsonify(paginate(_sets_query(), set_json))


def _set_created(evidence_set: EvidenceSet):
    return created(set_json(evidence_set, items=True),
                   url_for("api.get_set", public_id=evidence_set.public_id))


def _item_created(item: EvidenceItem):
    return created(item_json(item), url_for("api.get_item", public_id=item.public_id))


@bp.post("/sets")
@idempotent(creates=EvidenceSet, answer=_set_created)
def create_set():
    """Create an evidence set in a category (staff)."""
    user = require("staff")
    body = json_body(("category",) + SET_FIELDS, required=("category", "title"))
    try:
        category = db.session.get(Category, parse_int(body["category"]))
    except ValueError:
        category = None
    if category is None or any(c.is_deleted for c in category.path):
        raise ValidationError({"category": "ไม่พบหมวดนี้"})
    evidence_set = evidence.create_set(category, text_of(body, "title"), user,
                                       number=body.get("number"),
                                       description=text_of(body, "description", ""))
    return _set_created(evidence_set)


@bp.get("/sets/<public_id>")
def get_set(public_id: str):
    """Return a set with the items the caller may see."""
    return jsonify(set_json(get_visible_or_404(EvidenceSet, public_id), items=True))


@bp.get("/sets/<public_id>/download")
def download_set(public_id: str):
    """Stream a set as a zip with a manifest: published items, and drafts for staff."""
    evidence_set = get_visible_or_404(EvidenceSet, public_id)
    response = exporting.set_zip_response(evidence_set, include_drafts=can("staff"))
    return exporting.log_download(
        response, evidence_set, f"อ้างอิงชุด {evidence_set.number}: {evidence_set.title}", api=True)


@bp.patch("/sets/<public_id>")
def update_set(public_id: str):
    """Change a set's number, title or description (staff); its URL stays."""
    user = require("staff")
    evidence_set = get_visible_or_404(EvidenceSet, public_id)
    body = json_body(SET_FIELDS)
    evidence.update_set(evidence_set, user, title=text_of(body, "title"),
                        number=body.get("number"), description=text_of(body, "description"))
    return jsonify(set_json(evidence_set, items=True))


@bp.delete("/sets/<public_id>")
def delete_set(public_id: str):
    """Move a set, with its items, to the trash (staff)."""
    user = require("staff")
    evidence_set = get_visible_or_404(EvidenceSet, public_id)
    trash.trash(evidence_set, user)
    return jsonify(trashed=trash_ref("set", public_id, trash.describe(evidence_set)))


@bp.post("/sets/<public_id>/publish")
def publish_set(public_id: str):
    """Publish a set and (unless `with_items` is false) its items (staff)."""
    return _set_status(public_id, PUBLISHED)


@bp.post("/sets/<public_id>/unpublish")
def unpublish_set(public_id: str):
    """Take a set (and unless `with_items` is false, its items) back to draft (staff)."""
    return _set_status(public_id, DRAFT)


def _set_status(public_id: str, status: str):
    user = require("staff")
    evidence_set = get_visible_or_404(EvidenceSet, public_id)
    body = json_body(("with_items",), optional=True)
    evidence.set_status(evidence_set, status, user,
                        with_items=body.get("with_items", True) is not False)
    return jsonify(set_json(evidence_set, items=True))


@bp.post("/sets/<public_id>/reorder")
def reorder_set(public_id: str):
    """Put a set's items in the order given by their ids (staff)."""
    user = require("staff")
    evidence_set = get_visible_or_404(EvidenceSet, public_id)
    wanted = json_body(("items",), required=("items",))["items"]
    live = {i.public_id: i.id for i in evidence_set.live_items()}
    if (not isinstance(wanted, list) or not all(isinstance(pid, str) for pid in wanted)
            or len(set(wanted)) != len(wanted) or any(pid not in live for pid in wanted)):
        raise ValidationError({"items": "ต้องเป็นรายการรหัสรายการในชุดนี้ ไม่ซ้ำกัน"})
    evidence.reorder_items(evidence_set, [live[pid] for pid in wanted], user)
    return jsonify(set_json(evidence_set, items=True))


# --------------------------------------------------------------------------- items

def _etype(key: str | None, field: str = "type"):
    etype = archive_of().types.get(key or "")
    if etype is None:
        raise ValidationError({field: f"ไม่พบชนิดหลักฐาน {key or ''} (ดูรายการที่ GET /api/v1/types)"})
    return etype


def _installed_type(item: EvidenceItem):
    etype = archive_of().types.get(item.type_key)
    if etype is None:
        raise Conflict(f"แก้ไขไม่ได้: ไม่ได้ติดตั้งปลั๊กอินของชนิด {item.type_key}")
    return etype


def _uploads() -> list[Upload]:
    """Return the files sent under `files`, each with its caption (same order) if any."""
    parts = [f for f in request.files.getlist("files") if f.filename]
    captions = request.form.getlist("captions")
    if len(captions) > len(parts):
        raise ValidationError({"captions": "มีคำบรรยายมากกว่าจำนวนไฟล์"})
    uploads = []
    for index, part in enumerate(parts):
        incoming = incoming_of(part)
        if incoming is None:  # a body parsed before our request class saw it
            store = archive_of().store
            incoming = store.receive(part.stream, current_app.config["MAX_UPLOAD_BYTES"])
            g.setdefault("incoming_files", []).append(incoming)
        caption = captions[index] if index < len(captions) else ""
        uploads.append(Upload(incoming, part.filename, caption))
    return uploads


def _metadata(value) -> dict:
    if isinstance(value, (str, bytes)):
        try:
            value = inputs.loads(value or "{}")  # nesting and control characters checked
        except ValueError:
            value = None
    if not isinstance(value, dict):
        raise ValidationError({"metadata": 'ต้องเป็น JSON object เช่น {"doc_number": "ที่ ศธ 04290/1237"}'})
    return value


def _multipart_metadata():
    part = request.files.get("metadata")  # -F metadata=@meta.json
    if part is not None:
        part.stream.seek(0)
        return part.stream.read(1024 * 1024)
    return request.form.get("metadata", "{}")


def _new_item_input() -> tuple:
    """Read (type, metadata, title, uploads) from a form (multipart) or a JSON request."""
    if request.mimetype in FORM_TYPES:
        return (_etype(request.form.get("type")), _metadata(_multipart_metadata()),
                request.form.get("title"), _uploads())
    if request.is_json:
        body = json_body(("type", "metadata", "title"), required=("type",))
        return (_etype(text_of(body, "type")), _metadata(body.get("metadata", {})),
                text_of(body, "title"), [])
    raise UnsupportedMediaType("ส่งข้อมูลเป็น multipart/form-data (เมื่อมีไฟล์) หรือ application/json")


@bp.post("/sets/<public_id>/items")
@idempotent(creates=EvidenceItem, answer=_item_created)
def create_item(public_id: str):
    """Add an item with its files to a set (staff); metadata and files are checked together."""
    user = require("staff")
    evidence_set = get_visible_or_404(EvidenceSet, public_id)
    etype, metadata, title, uploads = _new_item_input()
    item = evidence.create_item(evidence_set, etype, metadata, user, uploads, title=title)
    return _item_created(item)


@bp.get("/items/<public_id>")
def get_item(public_id: str):
    """Return an item: metadata (canonical and as Thai text), type and files."""
    return jsonify(item_json(get_visible_or_404(EvidenceItem, public_id)))


def _automatic_title(item: EvidenceItem, etype) -> bool:
    """Tell whether the item's title was made from its metadata rather than typed."""
    return item.title == evidence.automatic_title(etype, item.meta)


@bp.patch("/items/<public_id>")
def update_item(public_id: str):
    """Change an item's metadata (only the keys sent; null clears) or title (staff)."""
    user = require("staff")
    item = get_visible_or_404(EvidenceItem, public_id)
    etype = _installed_type(item)
    body = json_body(("metadata", "title"))
    raw = {**item.meta, **_metadata(body.get("metadata", {}))}
    kept = None if _automatic_title(item, etype) else item.title
    evidence.update_item(item, etype, raw, user, title=text_of(body, "title", kept))
    return jsonify(item_json(item))


@bp.delete("/items/<public_id>")
def delete_item(public_id: str):
    """Move an item, with its files, to the trash (staff)."""
    user = require("staff")
    item = get_visible_or_404(EvidenceItem, public_id)
    trash.trash(item, user)
    return jsonify(trashed=trash_ref("item", public_id, trash.describe(item)))


@bp.post("/items/<public_id>/publish")
def publish_item(public_id: str):
    """Publish one item (staff); it shows once its set is published too."""
    return _item_status(public_id, PUBLISHED)


@bp.post("/items/<public_id>/unpublish")
def unpublish_item(public_id: str):
    """Take one item back to draft (staff)."""
    return _item_status(public_id, DRAFT)


def _item_status(public_id: str, status: str):
    user = require("staff")
    item = get_visible_or_404(EvidenceItem, public_id)
    evidence.set_status(item, status, user)
    return jsonify(item_json(item))


@bp.post("/items/<public_id>/files")
@idempotent
def add_files(public_id: str):
    """Attach more files to an item (staff, multipart)."""
    user = require("staff")
    item = get_visible_or_404(EvidenceItem, public_id)
    etype = _installed_type(item)
    if request.mimetype != "multipart/form-data":
        raise UnsupportedMediaType("ส่งไฟล์เป็น multipart/form-data ในช่อง files")
    added = evidence.add_files(item, etype, _uploads(), user)
    return created({"items": [file_json(f) for f in added], "item": item_json(item)},
                   url_for("api.get_item", public_id=item.public_id))


@bp.post("/items/<public_id>/move")
def move_item(public_id: str):
    """Move an item to another set, or to another place in its own (staff)."""
    user = require("staff")
    item = get_visible_or_404(EvidenceItem, public_id)
    body = json_body(("set", "position"), required=("set",))
    target = by_public_id(EvidenceSet, text_of(body, "set"))
    if target is None or not visible(target):
        raise ValidationError({"set": "ไม่พบชุดหลักฐานปลายทาง"})
    position = body.get("position")
    if position is not None and (isinstance(position, bool) or not isinstance(position, int)
                                 or position < 0):
        raise ValidationError({"position": "ลำดับต้องเป็นจำนวนเต็มตั้งแต่ 0"})
    evidence.move_item(item, target, user, position)
    return jsonify(item_json(item))


# --------------------------------------------------------------------------- files

@bp.get("/files/<public_id>")
def get_file(public_id: str):
    """Describe a file: name, caption, size, SHA-256, media type, URLs."""
    return jsonify(file_json(get_visible_or_404(ItemFile, public_id)))


@bp.get("/files/<public_id>/download")
def download_file(public_id: str):
    """Send a file's bytes under its original (Thai) name; ?inline=1 to view."""
    item_file = get_visible_or_404(ItemFile, public_id)
    return send_logged(item_file, inline=request.args.get("inline") == "1", api=True)


@bp.patch("/files/<public_id>")
def update_file(public_id: str):
    """Rename a file or change its caption (staff)."""
    user = require("staff")
    item_file = get_visible_or_404(ItemFile, public_id)
    body = json_body(("filename", "caption"))
    filename = text_of(body, "filename")
    if filename is not None and not normalize_text(filename):
        raise ValidationError({"filename": "กรุณากรอกชื่อไฟล์"})
    evidence.update_file(item_file, user, filename=filename, caption=text_of(body, "caption"))
    return jsonify(file_json(item_file))


@bp.delete("/files/<public_id>")
def delete_file(public_id: str):
    """Move a file to the trash (staff)."""
    user = require("staff")
    item_file = get_visible_or_404(ItemFile, public_id)
    trash.trash(item_file, user)
    return jsonify(trashed=trash_ref("file", public_id, trash.describe(item_file)))

"""Staff editing: evidence sets, items with forms generated from their type, and files.

Upload forms answer in two ways: a redirect (or the form again, with errors)
for a plain browser post, and JSON for our upload script (``wants_json()``):
``{"ok": true, "url": ...}`` or status 422 with ``{"errors": {field: message}}``.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from .. import forms
from ..access import is_public
from ..archive import archive_of
from ..auth import is_safe_next, role_required, safe_referrer
from ..db import db
from ..errors import ArchiveError, ValidationError
from ..http import wants_json
from ..i18n import get_locale, gettext as _
from ..models import (DRAFT, PUBLISHED, Category, EvidenceItem, EvidenceSet, ItemFile,
                      by_public_id, get_or_404)
from ..services import evidence, trash
from ..services.evidence import Upload
from ..uploads import incoming_of
from . import form_again

bp = Blueprint("edit", __name__)


# --------------------------------------------------------------------------- helpers

def _user():
    return current_user._get_current_object()


def _types():
    return archive_of().types


def _parent(obj):
    if isinstance(obj, ItemFile):
        return obj.item
    if isinstance(obj, EvidenceItem):
        return obj.evidence_set
    if isinstance(obj, EvidenceSet):
        return obj.category
    return obj.parent


def _trashed(obj) -> bool:
    """Tell whether obj or anything it belongs to is in the trash."""
    while obj is not None:
        if obj.is_deleted:
            return True
        obj = _parent(obj)
    return False


def _live(model, public_id: str):
    """Return the row with this public id unless it is missing or in the trash (404)."""
    obj = by_public_id(model, public_id)
    if obj is None or _trashed(obj):
        abort(404)
    return obj


def _back(default: str):
    """Redirect to the page the form came from (a safe `next` or referrer), else `default`."""
    for target in (request.form.get("next"), safe_referrer()):
        if is_safe_next(target):
            return redirect(target, 303)
    return redirect(default, 303)


def _flash_errors(exc: ArchiveError) -> None:
    flash(" • ".join(exc.errors.values()) if exc.errors else exc.message, "error")


def _uploads() -> list[Upload]:
    """Collect the posted files, already on disk, with their captions in the same order."""
    captions = request.form.getlist("captions")
    out = []
    for index, storage in enumerate(request.files.getlist("files")):
        incoming = incoming_of(storage)
        if incoming is None or (not storage.filename and incoming.size == 0):
            continue  # an empty file input still posts a nameless, empty part
        caption = captions[index] if index < len(captions) else ""
        out.append(Upload(incoming, storage.filename or "", caption))
    return out


def _upload_failed(exc: ArchiveError, page):
    """Answer a failed upload: JSON for the script, the form again for a plain post."""
    if wants_json():
        return jsonify(ok=False, error=_(exc.message), errors=exc.errors), exc.status
    return page(), exc.status


def _uploaded(url: str, message: str):
    flash(message, "success")
    return jsonify(ok=True, url=url) if wants_json() else redirect(url, 303)


def _category_url(category: Category) -> str:
    return url_for("browse.category", category_id=category.id)


# --------------------------------------------------------------------------- sets

def _set_form() -> dict:
    return {k: request.form.get(k, "") for k in ("number", "title", "description")}


def _set_page(category: Category, evidence_set: EvidenceSet | None, values: dict,
              exc: ArchiveError | None = None):
    """Render the set form; after a refusal (a service's or the request gate's), as typed."""
    if exc is None and (exc := form_again.refusal()) is not None:
        values = _set_form()
    return render_template("edit/set_form.html", category=category, evidence_set=evidence_set,
                           values=values, errors=exc.errors if exc else {},
                           summary=exc.message if exc else "")


@bp.route("/categories/<int:category_id>/sets/new", methods=["GET", "POST"])
@role_required("staff")
def new_set(category_id: int):
    """Create an evidence set (อ้างอิงชุด) in a category."""
    category = get_or_404(Category, category_id)
    if _trashed(category):
        abort(404)
    values = {"number": evidence.next_set_number(category), "title": "", "description": ""}
    if request.method == "POST":
        values = _set_form()
        try:
            created = evidence.create_set(category, values["title"], _user(),
                                          number=values["number"],
                                          description=values["description"])
        except ArchiveError as exc:
            return _set_page(category, None, values, exc), exc.status
        flash(_("สร้างอ้างอิงชุด {number} แล้ว", number=created.number), "success")
        return redirect(url_for("public.evidence_set", public_id=created.public_id), 303)
    return _set_page(category, None, values)


@bp.route("/s/<public_id>/edit", methods=["GET", "POST"])
@role_required("staff")
def edit_set(public_id: str):
    """Change a set's number, title and description; list its items to reorder."""
    target = _live(EvidenceSet, public_id)
    values = {"number": target.number, "title": target.title, "description": target.description}
    if request.method == "POST":
        values = _set_form()
        try:
            evidence.update_set(target, _user(), title=values["title"], number=values["number"],
                                description=values["description"])
        except ArchiveError as exc:
            return _set_page(target.category, target, values, exc), exc.status
        flash(_("บันทึกอ้างอิงชุด {number} แล้ว", number=target.number), "success")
        return redirect(url_for("public.evidence_set", public_id=public_id), 303)
    return _set_page(target.category, target, values)


@bp.route("/s/<public_id>/reorder", methods=["POST"])
@role_required("staff")
def reorder_set(public_id: str):
    """Put a set's items in a new order (one step up or down, or a whole `order` list)."""
    target = _live(EvidenceSet, public_id)
    ids = {i.public_id: i.id for i in target.live_items()}
    order = forms.reordered([i.public_id for i in target.live_items()], request.form)
    try:
        evidence.reorder_items(target, [ids.get(pid, -1) for pid in order], _user())
        flash(_("จัดลำดับรายการแล้ว"), "success")
    except ArchiveError as exc:
        _flash_errors(exc)
    return redirect(url_for("edit.edit_set", public_id=public_id) + "#items", 303)


def _change_status(model, public_id: str, status: str, default_url):
    target = _live(model, public_id)
    try:
        evidence.set_status(target, status, _user())
    except ArchiveError as exc:
        _flash_errors(exc)
        return _back(default_url(target))
    what = trash.describe(target)
    if status == PUBLISHED:
        flash(_("เผยแพร่{what} แล้ว", what=what), "success")
        if isinstance(target, EvidenceItem) and not is_public(target):
            flash(_("รายการนี้จะเปิดให้ทุกคนเห็นเมื่อเผยแพร่อ้างอิงชุดของรายการด้วย"), "warning")
    else:
        flash(_("ยกเลิกการเผยแพร่{what} แล้ว", what=what), "success")
    return _back(default_url(target))


def _set_edit_url(target: EvidenceSet) -> str:
    return url_for("edit.edit_set", public_id=target.public_id)


@bp.route("/s/<public_id>/publish", methods=["POST"])
@role_required("staff")
def publish_set(public_id: str):
    """Publish a set and its items."""
    return _change_status(EvidenceSet, public_id, PUBLISHED, _set_edit_url)


@bp.route("/s/<public_id>/unpublish", methods=["POST"])
@role_required("staff")
def unpublish_set(public_id: str):
    """Take a set and its items back to draft."""
    return _change_status(EvidenceSet, public_id, DRAFT, _set_edit_url)


@bp.route("/s/<public_id>/delete", methods=["POST"])
@role_required("staff")
def delete_set(public_id: str):
    """Move a set, with its items, to the trash."""
    target = _live(EvidenceSet, public_id)
    trash.trash(target, _user())
    flash(_("ย้าย{what} ไปถังขยะแล้ว", what=trash.describe(target)), "success")
    return redirect(_category_url(target.category), 303)


# --------------------------------------------------------------------------- items

def _on_item_page(exc: ValidationError, etype) -> ValidationError:
    """Name the typed title by its input on the item pages, item_title (services say title).

    A type with a field of its own named ``title`` keeps that name for its field.
    """
    own_field = etype is not None and any(f.name == "title" for f in etype.fields)
    if "title" in exc.errors and not own_field:
        exc.errors["item_title"] = exc.errors.pop("title")
    return exc


def _item_page(evidence_set: EvidenceSet, etype, exc: ArchiveError | None = None):
    """Render the new-item form, with what was typed and the errors after a failed post."""
    exc = exc or form_again.refusal()
    posted = exc is not None
    values = forms.posted_values(etype, request.form) if posted else {}
    errors = exc.errors if exc else {}
    return render_template(
        "edit/item_new.html", evidence_set=evidence_set, etype=etype,
        widgets=forms.widgets(etype, values, errors, get_locale()), errors=errors,
        summary=exc.message if exc else "", repick=posted,
        item_title=request.form.get("item_title", "") if posted else "",
        accept=forms.picker_accept(etype), kinds=forms.kind_labels(etype, get_locale()))


@bp.route("/s/<public_id>/items/new", methods=["GET", "POST"])
@role_required("staff")
def new_item(public_id: str):
    """Choose a type, then add an item of it with its files in one request."""
    target = _live(EvidenceSet, public_id)
    key = request.args.get("type")
    if not key:
        return render_template("edit/choose_type.html", evidence_set=target,
                               types=list(_types()), kind_labels=forms.kind_labels)
    etype = _types().get(key) or abort(404)
    if request.method == "GET":
        return _item_page(target, etype)
    try:
        item = evidence.create_item(target, etype, forms.read_form(etype, request.form), _user(),
                                    _uploads(), title=request.form.get("item_title"))
    except ValidationError as exc:
        exc = _on_item_page(exc, etype)
        return _upload_failed(exc, lambda exc=exc: _item_page(target, etype, exc))
    return _uploaded(url_for("public.item", public_id=item.public_id),
                     _("เพิ่ม{what} แล้ว", what=trash.describe(item)))


def _move_targets(item: EvidenceItem) -> list[EvidenceSet]:
    """List the live sets of the item's year, the places it may move to."""
    rows = db.session.scalars(
        select(EvidenceSet).join(Category).where(
            Category.year_id == item.evidence_set.category.year_id,
            EvidenceSet.deleted_at.is_(None), Category.deleted_at.is_(None))
        .order_by(Category.position, Category.id, EvidenceSet.number)).all()
    return [s for s in rows if not _trashed(s)]


def _edit_item_page(item: EvidenceItem, etype, exc: ArchiveError | None = None,
                    part: str = "meta"):
    """Render the item's edit page; `part` says which form `exc` belongs to."""
    exc = exc or form_again.refusal()
    posted = exc is not None and part == "meta"
    values, item_title = {}, ""
    if etype is not None:
        values = (forms.posted_values(etype, request.form) if posted
                  else forms.initial_values(etype, item.meta))
        item_title = (request.form.get("item_title", "") if posted else
                      "" if item.title == evidence.automatic_title(etype, item.meta)
                      else item.title)
    meta_errors = exc.errors if posted else {}
    return render_template(
        "edit/item_edit.html", item=item, etype=etype, evidence_set=item.evidence_set,
        widgets=forms.widgets(etype, values, meta_errors, get_locale()) if etype else [],
        errors=meta_errors, summary=exc.message if posted else "", item_title=item_title,
        file_errors=exc.errors if exc is not None and part == "files" else {},
        snapshot_rows=forms.snapshot_rows(item, get_locale()),
        accept=forms.picker_accept(etype), targets=_move_targets(item),
        kinds=forms.kind_labels(etype, get_locale()) if etype else [])


@bp.route("/i/<public_id>/edit", methods=["GET", "POST"])
@role_required("staff")
def edit_item(public_id: str):
    """Edit an item's metadata (form from its type) and manage its files."""
    item = _live(EvidenceItem, public_id)
    etype = _types().get(item.type_key)
    if request.method == "GET":
        return _edit_item_page(item, etype)
    if etype is None:
        flash(_("แก้ไขข้อมูลไม่ได้ เพราะไม่ได้ติดตั้งปลั๊กอินของประเภทนี้"), "error")
        return redirect(url_for("edit.edit_item", public_id=public_id), 303)
    try:
        evidence.update_item(item, etype, forms.read_form(etype, request.form), _user(),
                             title=request.form.get("item_title"))
    except ValidationError as exc:
        return _edit_item_page(item, etype, _on_item_page(exc, etype)), exc.status
    flash(_("บันทึกการแก้ไขแล้ว"), "success")
    return redirect(url_for("edit.edit_item", public_id=public_id), 303)


def _item_edit_url(item: EvidenceItem) -> str:
    return url_for("edit.edit_item", public_id=item.public_id)


@bp.route("/i/<public_id>/publish", methods=["POST"])
@role_required("staff")
def publish_item(public_id: str):
    """Publish one item."""
    return _change_status(EvidenceItem, public_id, PUBLISHED, _item_edit_url)


@bp.route("/i/<public_id>/unpublish", methods=["POST"])
@role_required("staff")
def unpublish_item(public_id: str):
    """Take one item back to draft."""
    return _change_status(EvidenceItem, public_id, DRAFT, _item_edit_url)


@bp.route("/i/<public_id>/delete", methods=["POST"])
@role_required("staff")
def delete_item(public_id: str):
    """Move an item, with its files, to the trash."""
    item = _live(EvidenceItem, public_id)
    trash.trash(item, _user())
    flash(_("ย้าย{what} ไปถังขยะแล้ว", what=trash.describe(item)), "success")
    return redirect(url_for("edit.edit_set", public_id=item.evidence_set.public_id) + "#items", 303)


@bp.route("/i/<public_id>/move", methods=["POST"])
@role_required("staff")
def move_item(public_id: str):
    """Move an item to another set of the same year, or to a new place in its own set."""
    item = _live(EvidenceItem, public_id)
    target = by_public_id(EvidenceSet, request.form.get("target_set", ""))
    try:
        if target is None or _trashed(target):
            raise ValidationError({"target_set": "ไม่พบอ้างอิงชุดปลายทาง"})
        try:
            position = forms.parse_position(request.form.get("position"))
        except ValueError:
            raise ValidationError({"position": "ลำดับต้องเป็นตัวเลข"}) from None
        evidence.move_item(item, target, _user(), position)
        flash(_("ย้ายรายการไปอ้างอิงชุด {number} แล้ว", number=target.number), "success")
    except ArchiveError as exc:
        _flash_errors(exc)
    return redirect(_item_edit_url(item), 303)


# --------------------------------------------------------------------------- files

@bp.route("/i/<public_id>/files", methods=["POST"])
@role_required("staff")
def add_files(public_id: str):
    """Attach more files to an item, checked against its type."""
    item = _live(EvidenceItem, public_id)
    etype = _types().get(item.type_key)
    uploads = _uploads()
    try:
        if etype is None:
            raise ValidationError({"files": "เพิ่มไฟล์ไม่ได้ เพราะไม่ได้ติดตั้งปลั๊กอินของประเภทนี้"})
        if not uploads:
            raise ValidationError({"files": "กรุณาเลือกไฟล์"})
        added = evidence.add_files(item, etype, uploads, _user())
    except ValidationError as exc:
        return _upload_failed(exc, lambda exc=exc: _edit_item_page(item, etype, exc, part="files"))
    return _uploaded(_item_edit_url(item) + "#files",
                     _("แนบไฟล์เพิ่ม {count} ไฟล์แล้ว", count=len(added)))


@bp.route("/f/<public_id>/edit", methods=["POST"])
@role_required("staff")
def update_file(public_id: str):
    """Rename a file or change its caption."""
    item_file = _live(ItemFile, public_id)
    evidence.update_file(item_file, _user(),
                         filename=forms.renamed(item_file.filename, request.form.get("filename")),
                         caption=request.form.get("caption"))
    flash(_("บันทึกไฟล์ {name} แล้ว", name=item_file.filename), "success")
    return redirect(_item_edit_url(item_file.item) + "#files", 303)


@bp.route("/f/<public_id>/delete", methods=["POST"])
@role_required("staff")
def delete_file(public_id: str):
    """Move one file to the trash."""
    item_file = _live(ItemFile, public_id)
    trash.trash(item_file, _user())
    flash(_("ย้าย{what} ไปถังขยะแล้ว", what=trash.describe(item_file)), "success")
    return redirect(_item_edit_url(item_file.item) + "#files", 303)

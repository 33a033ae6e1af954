"""Helpers of the admin pages: form reading, audit filters and CSV, trash kinds, tree files."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time, timedelta, timezone

from flask import abort
from flask_login import current_user
from sqlalchemy import func, select

from ..db import db
from ..errors import ValidationError
from ..i18n import gettext as _
from ..models import (DRAFT, AssessmentYear, Blob, Category, EvidenceItem, EvidenceSet,
                      Indicator, ItemFile)
from ..services import audit, catalog, category_io
from ..templating import BANGKOK, be_datetime
from ..thai import ParseError, parse_date, parse_int

#: The only kinds the trash pages accept in their URLs, and the models they stand for.
TRASH_KINDS = {"category": Category, "set": EvidenceSet, "item": EvidenceItem, "file": ItemFile}
KIND_LABELS = {"category": "หมวด", "set": "อ้างอิงชุด", "item": "รายการหลักฐาน", "file": "ไฟล์"}
ROLE_LABELS = {"assessor": "ผู้ประเมิน", "staff": "เจ้าหน้าที่", "admin": "ผู้ดูแลระบบ"}
AUDIT_PER_PAGE = 50
TREE_FILE_LIMIT = 2 * 1024 * 1024


def me():
    """Return the signed-in user as a model object (services want the real thing)."""
    return current_user._get_current_object()


def lines(text: str | None) -> list[str]:
    """Split a textarea into its non-empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def pretty_json(value) -> str:
    """Show JSON with Thai readable (Flask's tojson escapes it to \\uXXXX)."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)


# --------------------------------------------------------------------------- dashboard

def archive_counts() -> dict:
    """Count what the archive holds (trashed things left out, except for the trash count)."""
    def count(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    return {
        "sets": count(EvidenceSet, EvidenceSet.deleted_at.is_(None)),
        "items": count(EvidenceItem, EvidenceItem.deleted_at.is_(None)),
        "files": count(ItemFile, ItemFile.deleted_at.is_(None)),
        "bytes": db.session.scalar(select(func.coalesce(func.sum(Blob.size), 0))) or 0,
        "draft_sets": count(EvidenceSet, EvidenceSet.deleted_at.is_(None),
                            EvidenceSet.status == DRAFT),
        "draft_items": count(EvidenceItem, EvidenceItem.deleted_at.is_(None),
                             EvidenceItem.status == DRAFT),
        "trash": sum(count(m, m.deleted_at.is_not(None)) for m in TRASH_KINDS.values()),
    }


# --------------------------------------------------------------------------- trash

def kind_of(obj) -> str:
    return next(kind for kind, model in TRASH_KINDS.items() if isinstance(obj, model))


def trashed_or_404(kind: str, ident: int):
    """Return a trashed row of one of the fixed kinds, or abort with 404."""
    model = TRASH_KINDS.get(kind)
    row = db.session.get(model, ident) if model is not None else None
    if row is None or not row.is_deleted:
        abort(404)
    return row


def trash_context(obj) -> str:
    """Say where a trashed thing lived, for the trash list."""
    if isinstance(obj, Category):
        parent = obj.parent.path_names if obj.parent else ""
        return f"{obj.year_ref.year} › {parent}" if parent else str(obj.year_ref.year)
    if isinstance(obj, EvidenceSet):
        return f"{obj.year} › {obj.category.path_names}"
    if isinstance(obj, EvidenceItem):
        s = obj.evidence_set
        return f"{s.year} › {s.category.path_names} › {_('อ้างอิงชุด')} {s.number}"
    return trash_context(obj.item) + f" › {obj.item.title}"


# --------------------------------------------------------------------------- audit log

def _day_start(raw: str, field: str, errors: dict, days_after: int = 0) -> datetime | None:
    """Read a date typed in พ.ศ.; return when that day (plus some days) starts in Thailand, in UTC."""
    if not raw:
        return None
    try:
        day = parse_date(raw) + timedelta(days=days_after)
    except ParseError as exc:
        errors[field] = exc.message
        return None
    start = datetime.combine(day, time.min, tzinfo=BANGKOK)
    return start.astimezone(timezone.utc).replace(tzinfo=None)  # the log stores naive UTC


def audit_filters(args) -> tuple:
    """Read the audit filters from the query string; return (select, filters, errors)."""
    filters = {k: (args.get(k) or "").strip() for k in ("action", "user", "since", "until", "q")}
    errors: dict = {}
    if filters["action"] and filters["action"] not in audit.ACTIONS:
        errors["action"] = "ไม่รู้จักการกระทำนี้"
        filters["action"] = ""
    stmt = audit.query(
        action=filters["action"] or None, username=filters["user"].lower() or None,
        since=_day_start(filters["since"], "since", errors),
        until=_day_start(filters["until"], "until", errors, days_after=1),
        text=filters["q"] or None)
    return stmt, {k: v for k, v in filters.items() if v}, errors


def int_or_none(raw) -> int | None:
    """Read an integer from a query or form value (Thai digits welcome); None if it is not one."""
    try:
        return parse_int(raw)
    except ValueError:
        return None


def page_number(raw) -> int:
    return max(1, int_or_none(raw or 1) or 1)


def _cell(value) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def audit_csv(stmt):
    """Yield the filtered log as CSV text (UTF-8 with BOM so Excel reads Thai)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("เวลา (UTC)"), _("เวลา (ประเทศไทย)"), _("ผู้ทำรายการ"), _("การกระทำ"), _("สรุป"),
                     _("ประเภทเป้าหมาย"), _("รหัสเป้าหมาย"), "IP", _("รายละเอียด")])
    yield "\ufeff" + buffer.getvalue()
    for event in db.session.scalars(stmt.execution_options(yield_per=500)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(x) for x in (
            event.at.isoformat(timespec="seconds"), be_datetime(event.at),
            event.username, _(audit.ACTIONS.get(event.action, event.action)), event.summary,
            event.target_type, event.target_id, event.ip,
            json.dumps(event.details, ensure_ascii=False, default=str))])
        yield buffer.getvalue()


# --------------------------------------------------------------------------- years, categories

def year_or_404(year: int) -> AssessmentYear:
    row = catalog.get_year(year)
    if row is None:
        abort(404)
    return row


def live_category_or_404(ident: int) -> Category:
    row = db.session.get(Category, ident)
    if row is None or row.is_deleted:
        abort(404)
    return row


def parent_choices(year: AssessmentYear, category: Category | None) -> list:
    """Return the (depth, category) pairs a category may move under: not itself nor below it."""
    out, skip_depth = [], None
    for depth, node in catalog.tree(year):
        if skip_depth is not None and depth > skip_depth:
            continue
        skip_depth = None
        if category is not None and node.id == category.id:
            skip_depth = depth
            continue
        out.append((depth, node))
    return out


def category_args(form, year: AssessmentYear) -> dict:
    """Turn the category form into save_category's keyword arguments."""
    errors, args = {}, {}
    parent_id, indicator_id = form.get("parent_id", ""), form.get("indicator_id", "")
    args["parent"] = _row_in(Category, parent_id, errors, "parent")
    args["indicator"] = _row_in(Indicator, indicator_id, errors, "indicator")
    if args["parent"] is not None and args["parent"].is_deleted:
        errors["parent"] = "หมวดแม่อยู่ในถังขยะ"
    position = form.get("position", "").strip()
    if position:
        try:
            args["position"] = parse_int(position)
        except ValueError:
            errors["position"] = "ลำดับต้องเป็นจำนวนเต็ม"
    if errors:
        raise ValidationError(errors)
    elements = lines(form.get("required_elements"))
    if not elements and args["indicator"] is not None:
        elements = list(args["indicator"].elements)
    args.update(name=form.get("name", ""), name_en=form.get("name_en", ""),
                description=form.get("description", ""), required_elements=elements)
    return args


def _row_in(model, raw: str, errors: dict, field: str):
    if not raw:
        return None
    try:
        row = db.session.get(model, parse_int(raw))
    except ValueError:
        row = None
    if row is None:
        errors[field] = "ไม่พบรายการที่เลือก"
    return row


def read_tree_file(upload) -> dict:
    """Read an uploaded category tree (YAML or JSON); category_io checks its shape."""
    if upload is None or not upload.filename:
        raise ValidationError({"file": "กรุณาเลือกไฟล์ YAML หรือ JSON"})
    raw = upload.read(TREE_FILE_LIMIT + 1)
    if len(raw) > TREE_FILE_LIMIT:
        raise ValidationError({"file": "ไฟล์ใหญ่เกิน 2 MB"})
    return category_io.parse(raw)

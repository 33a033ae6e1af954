"""API: assessment years (ปีงบประมาณ), category trees, indicators, evidence types, link lists."""
from __future__ import annotations

from flask import jsonify, url_for
from sqlalchemy import func, select

from ..archive import archive_of
from ..auth import visible
from ..db import db
from ..errors import ValidationError
from ..models import AssessmentYear, Category, Indicator
from ..services import catalog, trash
from ..services.links import links_for_year
from ..thai import parse_int
from .common import (bp, created, fail, get_year_or_404, json_body, listing, not_found, require,
                     text_of, trash_ref)
from .idempotency import idempotent
from .serialize import category_json, indicator_json, set_json, year_json

CATEGORY_FIELDS = ("name", "parent", "name_en", "description", "position", "indicator",
                   "required_elements")


# --------------------------------------------------------------------------- years

@bp.get("/years")
def list_years():
    """List the assessment years, newest first."""
    return jsonify(listing(catalog.years(), year_json))


@bp.post("/years")
@idempotent
def create_year():
    """Create a year (admin), seeded with the participation stages."""
    user = require("admin")
    body = json_body(("year", "seed_categories"), required=("year",))
    row = catalog.create_year(body["year"], user, seed_categories=body.get("seed_categories", True)
                              is not False)
    return created(year_json(row), url_for("api.year_categories", year=row.year))


@bp.post("/years/<year>/copy")
@idempotent
def copy_year(year: str):
    """Copy a year's category tree into a new year (admin)."""
    user = require("admin")
    source = get_year_or_404(year)
    body = json_body(("to",), required=("to",))
    row = catalog.copy_year(source, body["to"], user)
    return created(year_json(row), url_for("api.year_categories", year=row.year))


@bp.get("/years/<year>/categories")
def year_categories(year: str):
    """Return a year's category tree, nested."""
    row = get_year_or_404(year)
    roots = [c for depth, c in catalog.tree(row) if depth == 0]
    return jsonify({**year_json(row), "items": [category_json(c, children=True) for c in roots]})


@bp.get("/years/<year>/indicators")
def year_indicators(year: str):
    """List the ITA indicator catalog items of a year (the year need not be created yet)."""
    try:
        be = catalog.parse_year(year)
    except ValidationError:
        not_found("ไม่พบปีงบประมาณนี้")
    return jsonify(listing(catalog.indicators(be), indicator_json))


@bp.get("/years/<year>/links")
def year_links(year: str):
    """Return the ITA link list: published sets' permanent URLs by category."""
    row = get_year_or_404(year)
    return jsonify({"year": row.year, "items": links_for_year(row)})


# --------------------------------------------------------------------------- categories

def _live_category_or_404(category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None or any(c.is_deleted for c in category.path):
        not_found("ไม่พบหมวดนี้")
    return category


def _parent(body: dict, year: AssessmentYear) -> Category | None:
    if body.get("parent") in (None, ""):
        return None
    try:
        parent = db.session.get(Category, parse_int(body["parent"]))
    except ValueError:
        parent = None
    if parent is None or parent.year_id != year.id or any(c.is_deleted for c in parent.path):
        raise ValidationError({"parent": "ไม่พบหมวดแม่นี้ในปีงบประมาณเดียวกัน"})
    return parent


def _indicator(body: dict, year: AssessmentYear) -> Indicator | None:
    code = text_of(body, "indicator", "").strip()
    if not code:
        return None
    row = db.session.scalar(select(Indicator).where(
        Indicator.year == year.year, func.lower(Indicator.code) == code.lower()))
    if row is None:
        raise ValidationError({"indicator": f"ไม่พบตัวชี้วัด {code} ของปี {year.year}"})
    return row


def _elements(body: dict) -> list[str] | None:
    value = body.get("required_elements")
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(e, str) for e in value):
        raise ValidationError({"required_elements": "ต้องเป็นรายการข้อความ"})
    return value


def _position(body: dict) -> int | None:
    if body.get("position") in (None, ""):
        return None
    try:
        return parse_int(text_of(body, "position"))
    except ValueError:
        raise ValidationError({"position": "ลำดับต้องเป็นตัวเลขจำนวนเต็ม"}) from None


def _save_category(user, year: AssessmentYear, body: dict, category: Category | None = None):
    """Call the catalog service with the body's values over the category's current ones."""
    def current(attr: str, default=None):
        return getattr(category, attr) if category is not None else default

    return catalog.save_category(
        user, year, text_of(body, "name", current("name", "")), category=category,
        parent=_parent(body, year) if "parent" in body else current("parent"),
        name_en=text_of(body, "name_en", current("name_en", "")),
        description=text_of(body, "description", current("description", "")),
        position=_position(body),
        indicator=_indicator(body, year) if "indicator" in body else current("indicator"),
        required_elements=_elements(body))


@bp.post("/categories")
@idempotent
def create_category():
    """Add a category to a year's tree (admin)."""
    user = require("admin")
    body = json_body(("year",) + CATEGORY_FIELDS, required=("year", "name"))
    try:
        year = catalog.get_year(catalog.parse_year(body["year"]))
    except ValidationError:
        year = None
    if year is None:
        raise ValidationError({"year": "ไม่พบปีงบประมาณนี้"})
    category = _save_category(user, year, body)
    return created(category_json(category), url_for("api.get_category", category_id=category.id))


@bp.get("/categories/<int:category_id>")
def get_category(category_id: int):
    """Return a category with its subcategories and the sets the caller may see."""
    category = _live_category_or_404(category_id)
    out = category_json(category, children=True)
    out["sets"] = [set_json(s) for s in category.sets if visible(s)]
    return jsonify(out)


@bp.patch("/categories/<int:category_id>")
def update_category(category_id: int):
    """Change a category (admin); only the keys sent change."""
    user = require("admin")
    category = _live_category_or_404(category_id)
    body = json_body(CATEGORY_FIELDS)
    category = _save_category(user, category.year_ref, body, category)
    return jsonify(category_json(category, children=True))


@bp.delete("/categories/<int:category_id>")
def delete_category(category_id: int):
    """Move a category, with everything under it, to the trash (admin)."""
    user = require("admin")
    category = _live_category_or_404(category_id)
    trash.trash(category, user)
    return jsonify(trashed=trash_ref("category", category.id, trash.describe(category)))


# --------------------------------------------------------------------------- types

@bp.get("/types")
def list_types():
    """List the evidence types the installed plugins provide."""
    types = archive_of().types
    return jsonify(listing(types, lambda t: t.to_schema()))


@bp.get("/types/<key>")
def get_type(key: str):
    """Describe one evidence type: its fields, accepted files and limits."""
    etype = archive_of().types.get(key)
    if etype is None:
        fail(404, "ไม่พบชนิดหลักฐานนี้")
    return jsonify(etype.to_schema())

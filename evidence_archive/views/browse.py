"""Browse the archive: home page, one assessment year, one category.

Anonymous visitors and assessors see published sets only; staff and admins
see drafts too (marked with a badge).  Everything under a trashed category
is hidden from everyone here; the admin trash is the only place it shows.
"""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import func, select

from ..auth import can
from ..db import db
from ..errors import ValidationError
from ..models import PUBLISHED, AssessmentYear, Category, EvidenceItem, EvidenceSet, Indicator
from ..services import catalog

bp = Blueprint("browse", __name__)


# ---------------------------------------------------------------------------
# Queries: one per page section, never one per category (no N+1)
# ---------------------------------------------------------------------------

def _live(model, with_drafts: bool):
    """Return the conditions that make a set or item visible to this visitor."""
    conditions = [model.deleted_at.is_(None)]
    if not with_drafts:
        conditions.append(model.status == PUBLISHED)
    return conditions


def set_counts(category_ids: list[int], with_drafts: bool) -> dict[int, dict[str, int]]:
    """Count the visible sets of each category by status: {category_id: {status: n}}."""
    if not category_ids:
        return {}
    rows = db.session.execute(
        select(EvidenceSet.category_id, EvidenceSet.status, func.count())
        .where(EvidenceSet.category_id.in_(category_ids), *_live(EvidenceSet, with_drafts))
        .group_by(EvidenceSet.category_id, EvidenceSet.status))
    counts: dict[int, dict[str, int]] = {}
    for category_id, status, n in rows:
        counts.setdefault(category_id, {})[status] = n
    return counts


def sets_by_category(category_ids: list[int], with_drafts: bool) -> dict[int, list[EvidenceSet]]:
    """Return the visible sets of these categories, by category, in set-number order."""
    if not category_ids:
        return {}
    rows = db.session.scalars(
        select(EvidenceSet)
        .where(EvidenceSet.category_id.in_(category_ids), *_live(EvidenceSet, with_drafts))
        .order_by(EvidenceSet.category_id, EvidenceSet.number))
    out: dict[int, list[EvidenceSet]] = {}
    for row in rows:
        out.setdefault(row.category_id, []).append(row)
    return out


def item_counts(set_ids: list[int], with_drafts: bool) -> dict[int, int]:
    """Count the visible items of each set."""
    if not set_ids:
        return {}
    rows = db.session.execute(
        select(EvidenceItem.set_id, func.count())
        .where(EvidenceItem.set_id.in_(set_ids), *_live(EvidenceItem, with_drafts))
        .group_by(EvidenceItem.set_id))
    return dict(rows.all())


def _preload_indicators(categories: list[Category]) -> None:
    """Load the linked indicators in one query; later lazy loads hit the identity map."""
    ids = {c.indicator_id for c in categories if c.indicator_id}
    if ids:
        db.session.scalars(select(Indicator).where(Indicator.id.in_(ids))).all()


def _sets_section(categories: list[Category]) -> dict:
    """Gather what the year and category pages show under each category."""
    staff = can("staff")
    _preload_indicators(categories)
    sets = sets_by_category([c.id for c in categories], staff)
    counts = item_counts([s.id for rows in sets.values() for s in rows], staff)
    return {"sets": sets, "item_counts": counts}


def _year_or_404(year: int) -> AssessmentYear:
    row = catalog.get_year(year)
    if row is None:
        abort(404)
    return row


def _normalised_year(raw) -> int:
    """Read a year from the URL (BE or CE) as BE, or answer 404."""
    try:
        return catalog.parse_year(raw)
    except ValidationError:
        abort(404)


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------

@bp.route("/")
def home():
    """Show the agency and each assessment year with its category tree."""
    staff = can("staff")
    years = [(row, catalog.tree(row)) for row in catalog.years()]
    ids = [c.id for _, tree in years for _, c in tree]
    return render_template("browse/home.html", years=years,
                           counts=set_counts(ids, staff), staff=staff)


@bp.route("/years/<int:year>/")
def year(year: int):
    """Show one assessment year: its categories, their indicators and sets."""
    canonical = url_for("browse.year", year=_normalised_year(year))
    # A CE year (2020) or Thai digits (๒๕๖๓, which <int:> accepts) name the same
    # assessment as 2563: send them to the one URL people should share.
    if request.script_root + request.path != canonical:
        return redirect(canonical)
    row = _year_or_404(year)
    tree = catalog.tree(row)
    return render_template("browse/year.html", year=row, tree=tree,
                           **_sets_section([c for _, c in tree]))


@bp.route("/categories/<int:category_id>/")
def category(category_id: int):
    """Show one category: where it sits, its indicator, sets and subcategories."""
    row = db.session.get(Category, category_id)
    if row is None or any(c.is_deleted for c in row.path):
        abort(404)
    children = [c for c in row.children if not c.is_deleted]
    return render_template("browse/category.html", category=row, children=children,
                           child_counts=set_counts([c.id for c in children], can("staff")),
                           **_sets_section([row]))

"""Downloads: zips of a set, a category or a year, and the ITA link list of a year."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, request

from .. import exporting
from ..auth import can, role_required, visible
from ..models import Category, EvidenceSet, by_public_id, get_or_404
from ..services import catalog
from ..services.links import links_for_year

bp = Blueprint("downloads", __name__)


def _year_or_404(year: int):
    row = catalog.get_year(year)
    if row is None:
        abort(404)
    return row


@bp.route("/s/<public_id>/download.zip")
def set_zip(public_id: str):
    """Download an evidence set as a zip: published items for everyone, drafts for staff."""
    evidence_set = by_public_id(EvidenceSet, public_id)
    if evidence_set is None or not visible(evidence_set):
        abort(404)
    response = exporting.set_zip_response(evidence_set, include_drafts=can("staff"))
    return exporting.log_download(response, evidence_set, f"อ้างอิงชุด {evidence_set.number}: {evidence_set.title}")


@bp.route("/categories/<int:category_id>/download.zip")
@role_required("assessor")
def category_zip(category_id: int):
    """Download a category and everything under it as a zip (assessors: published only)."""
    category = get_or_404(Category, category_id)
    if not exporting.subtree(category):  # trashed, or under a trashed category
        abort(404)
    response = exporting.category_zip_response(category, include_drafts=can("staff"))
    return exporting.log_download(response, category, f"หมวด {category.path_names}")


@bp.route("/years/<int:year>/download.zip")
@role_required("assessor")
def year_zip(year: int):
    """Download a whole assessment year as a zip (assessors: published only)."""
    row = _year_or_404(year)
    response = exporting.year_zip_response(row, include_drafts=can("staff"))
    return exporting.log_download(response, row, f"ปีงบประมาณ {row.year}")


@bp.route("/years/<int:year>/links")
def links(year: int):
    """Show the ITA link list of a year: each category's published sets and their permanent
    URLs, to paste into the NACC's form; ``?format=csv`` or ``?format=json`` downloads it."""
    row = _year_or_404(year)
    items = links_for_year(row)
    fmt = request.args.get("format", "html")
    if fmt == "csv":
        return exporting.file_response(exporting.links_csv(row.year, items),
                                       "text/csv; charset=utf-8", f"ลิงก์ ITA {row.year}.csv")
    if fmt == "json":
        return exporting.file_response(exporting.links_json(row.year, items),
                                       "application/json", f"ลิงก์ ITA {row.year}.json")
    if fmt != "html":
        abort(404)
    return render_template("downloads/links.html", year=row, items=items,
                           set_count=sum(len(i["sets"]) for i in items), today=date.today())

"""Search the archive (ค้นหาหลักฐาน): the results page and the help on query syntax.

Anyone may search; anonymous visitors and assessors find published evidence
only, staff and admins drafts too.  The page and ``GET /api/v1/search`` read
the query string the same way (:func:`read_request`) and call only
``textsearch.searching.search``: views never talk to the index.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import Blueprint, render_template, request, url_for

from ..archive import archive_of
from ..auth import can, visible
from ..db import db
from ..errors import ValidationError
from ..i18n import get_locale
from ..i18n import gettext as _
from ..models import Category, EvidenceSet, by_public_id
from ..services import catalog
from ..textsearch import extraction, searching
from ..textsearch.query import RESOLVERS, SORTS, SearchRequest, SearchResult
from ..thai import parse_int

bp = Blueprint("search", __name__)
bp.add_app_template_global(extraction.status_of_item, "status_of_item")

#: Query-string filters, in the order the page shows them.
FILTERS = ("type", "category", "year", "set", "status")
#: What the page keeps from one search to the next (``page`` starts again at 1).
KEPT = ("q", *FILTERS, "sort", "per_page")
PER_PAGE = 20
FILTER_NAMES = {"type": "ประเภทหลักฐาน", "category": "หมวด", "year": "ปีงบประมาณ",
                "set": "อ้างอิงชุด", "status": "สถานะ"}
SORT_NAMES = {"relevance": "เกี่ยวข้องที่สุด", "-date": "วันที่ล่าสุด", "date": "วันที่เก่าสุด"}


class SearchUnavailable(Exception):
    """The archive runs without a search index (no indexer configured)."""


# --------------------------------------------------------------------------- reading a request

def _int_param(args: Mapping, name: str, default: int, low: int, high: int,
               errors: dict) -> int:
    """Read a whole number from low..high (Thai digits too); note a bad one in `errors`."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = parse_int(raw)
    except ValueError:
        errors[name] = "ต้องเป็นตัวเลขจำนวนเต็ม"
        return default
    if not low <= value <= high:
        errors[name] = f"ต้องอยู่ระหว่าง {low} ถึง {high}"
        return default
    return value


def read_request(args: Mapping, per_page: int = PER_PAGE,
                 max_per_page: int = searching.MAX_PER_PAGE) -> tuple[SearchRequest, dict]:
    """Read a search from query-string arguments; return it and a Thai message per bad one.

    A bad value is left out of the request (the search runs without it), so the
    page can still show results while the API answers 422.
    """
    errors: dict[str, str] = {}
    values = {name: (args.get(name) or "").strip() or None for name in FILTERS}
    known = searching.lookups()
    for name, value in values.items():
        if value is None:
            continue
        try:
            terms = RESOLVERS[name](value, known)
        except ValidationError as exc:
            errors[name] = exc.errors.get(name) or exc.message
            values[name] = None
            continue
        if len(terms) == 1:  # ๒๕๖๓ → 2563, ร่าง → draft: the value the facets carry
            values[name] = terms[0]
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        errors["sort"] = "การเรียงต้องเป็น relevance, date หรือ -date"
        sort = "relevance"
    page = _int_param(args, "page", 1, 1, 10**6, errors)
    per_page = _int_param(args, "per_page", per_page, 1, max_per_page, errors)
    return SearchRequest(q=(args.get("q") or "").strip(), sort=sort, page=page,
                         per_page=per_page, locale=get_locale(), **values), errors


def run(search_request: SearchRequest) -> SearchResult:
    """Search as the current visitor: staff and admins see drafts, everyone else only what is public."""
    if archive_of().indexer is None:
        raise SearchUnavailable()
    return searching.search(search_request, viewer_can_see_drafts=can("staff"))


def server_timing(result: SearchResult) -> str:
    """The search's own timings as an HTTP Server-Timing header: where a slow answer waited."""
    return ", ".join(f"{name};dur={ms:.1f}" for name, ms in result.timings.items())


def query_errors(result: SearchResult) -> list[str]:
    """Return the Thai messages about the typed query (a list, or a mapping of them)."""
    errors = result.errors or []
    return list(errors.values()) if isinstance(errors, Mapping) else list(errors)


# --------------------------------------------------------------------------- page helpers

def url_with(**changes) -> str:
    """Return this search's URL with some parameters changed (None drops one); page restarts."""
    args = {k: request.args.get(k) for k in KEPT if request.args.get(k)}
    for name, value in changes.items():
        if value in (None, ""):
            args.pop(name, None)
        else:
            args[name] = value
    return url_for("search.results", **args)


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """Return the page numbers to link: the first, the last, a few around `page`; None for a gap."""
    wanted = {1, pages, *range(page - around, page + around + 1)}
    out: list[int | None] = []
    for n in sorted(n for n in wanted if 1 <= n <= pages):
        if out and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


@dataclass
class Chip:
    """An active filter, shown above the results with a link that removes it."""

    name: str
    label: str
    value: str
    remove_url: str


def _filter_label(name: str, value: str, result: SearchResult | None) -> str:
    """Name a filter value as the facets do, or from the database when no hit carries it."""
    for facet_value, label, _count in (result.facets.get(name, []) if result else []):
        if facet_value == value:
            return label
    if name == "type":
        etype = archive_of().types.get(value)
        return etype.label(get_locale()) if etype else value
    if name == "category" and value.isdigit():
        category = db.session.get(Category, int(value))
        return category.path_names if category is not None and not category.is_deleted else value
    if name == "set":
        found = by_public_id(EvidenceSet, value)
        if found is not None and visible(found):
            return _("อ้างอิงชุด {number}", number=found.number) + f": {found.title}"
    if name == "status":
        labels = searching.STATUS_LABELS.get(get_locale(), searching.STATUS_LABELS["th"])
        return labels.get(value, value)
    return value


def active_filters(search_request: SearchRequest, result: SearchResult | None) -> list[Chip]:
    """Return the filters in force as removable chips."""
    chips = []
    for name in FILTERS:
        value = getattr(search_request, name)
        if value not in (None, ""):
            chips.append(Chip(name, _(FILTER_NAMES[name]), _filter_label(name, str(value), result),
                              url_with(**{name: None})))
    return chips


@dataclass
class FacetRow:
    """One value of a facet as the sidebar shows it."""

    value: str
    label: str
    count: int
    title: str = ""  # the full category path, when `label` is only its last part
    depth: int = 0


def facet_rows(name: str, rows: list[tuple[str, str, int]]) -> list[FacetRow]:
    """Return a facet's values for the sidebar; categories as a tree, each under its parent."""
    if name != "category":
        return [FacetRow(value, label, count) for value, label, count in rows]
    tree = sorted(rows, key=lambda row: row[1].split(" › "))
    return [FacetRow(value, label.split(" › ")[-1], count, label, label.count(" › "))
            for value, label, count in tree]


def installed_types() -> list:
    """Return the installed evidence types, by Thai name."""
    return sorted(archive_of().types, key=lambda t: t.name)


# --------------------------------------------------------------------------- views

@bp.route("/search")
def results():
    """Show what a search finds, with facets, chips, sorting and pages."""
    search_request, errors = read_request(request.args)
    try:
        result = run(search_request)
    except SearchUnavailable:
        return render_template("search/unavailable.html"), 503
    chips = active_filters(search_request, result)
    shown_facets = [f for f in FILTERS if f != "status" or can("staff")]
    page = render_template(
        "search/results.html", req=search_request, result=result, chips=chips,
        errors=list(errors.values()) + query_errors(result), facets=shown_facets,
        facet_names=FILTER_NAMES, facet_rows=facet_rows, sorts=SORT_NAMES, url_with=url_with,
        pages=page_numbers(result.page, result.pages))
    return page, {"Server-Timing": server_timing(result)}


@bp.route("/search/help", endpoint="help")
def help_page():
    """Explain how to write a search: words, phrases, exclusions and filters."""
    return render_template("search/help.html", types=installed_types(),
                           years=[row.year for row in catalog.years()])

"""API: full-text search (ค้นหาหลักฐาน) with facets, marked snippets and spelling suggestions.

Reads its parameters exactly as the search page does (``views.search.read_request``),
but answers 422 for a bad one instead of searching without it.
"""
from __future__ import annotations

from flask import jsonify, request, url_for

from ..errors import ValidationError
from ..textsearch.query import Hit, SearchResult
from ..views.search import SearchUnavailable, query_errors, read_request, run, server_timing
from .common import bp, fail
from .serialize import when

PER_PAGE, MAX_PER_PAGE = 20, 100


def hit_json(hit: Hit) -> dict:
    """Describe one hit; `snippet` is HTML (escaped text, <mark> around matched words)."""
    return {"id": hit.public_id, "title": hit.title, "type": hit.type, "type_name": hit.type_name,
            "category": hit.category, "category_path": hit.category_path, "set": hit.set,
            "set_number": hit.set_number, "set_title": hit.set_title, "year": hit.year,
            "score": round(hit.score, 4), "snippet": hit.snippet,
            "url": url_for("public.item", public_id=hit.public_id, _external=True),
            "status": hit.status, **when("document_date", hit.document_date)}


def result_json(result: SearchResult) -> dict:
    """Describe a page of results with its facets, suggestions and the query's own errors."""
    return {
        "q": result.query.text, "total": result.total, "page": result.page,
        "per_page": result.per_page, "pages": result.pages,
        "facets": {name: [{"value": value, "label": label, "count": count}
                          for value, label, count in rows]
                   for name, rows in result.facets.items()},
        "hits": [hit_json(h) for h in result.hits],
        "suggestions": result.suggestions,
        "errors": {"q": "; ".join(messages)} if (messages := query_errors(result)) else {},
    }


@bp.get("/search")
def search():
    """Search what the caller may see: published evidence, and drafts too for staff and admins."""
    search_request, errors = read_request(request.args, PER_PAGE, MAX_PER_PAGE)
    if errors:
        raise ValidationError(errors)
    try:
        result = run(search_request)
    except SearchUnavailable:
        fail(503, "ระบบค้นหายังไม่พร้อมใช้งาน")
    answer = jsonify(result_json(result))
    answer.headers["Server-Timing"] = server_timing(result)
    return answer

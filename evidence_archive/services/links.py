"""The ITA link list: the permanent public URL of every published set, by category.

An office copies these links into the NACC's OIT form, one indicator item
(ข้อ O) at a time; the API (`/api/v1/years/<year>/links`) and the HTML page
(`/years/<year>/links`) both show this list.
"""
from __future__ import annotations

from flask import url_for

from ..models import AssessmentYear, Category
from .catalog import tree
from ..access import is_public


def _indicator_of(category: Category):
    """Return the category's own indicator, or the nearest ancestor's."""
    return next((c.indicator for c in reversed(category.path) if c.indicator), None)


def links_for_year(year: AssessmentYear) -> list[dict]:
    """List, depth-first, each live category that has an indicator or published sets.

    Each entry names the category (and its path from the root), the indicator
    it answers (its own or inherited, None if neither) and its published sets
    with their permanent URLs.  Build it inside a request (or with
    ``SERVER_NAME`` set): the URLs are absolute.
    """
    out = []
    for depth, category in tree(year):
        sets = [s for s in category.sets if is_public(s)]
        if category.indicator is None and not sets:
            continue
        indicator = _indicator_of(category)
        out.append({
            "category_id": category.id,
            "category": category.name,
            "depth": depth,
            "path": [c.name for c in category.path],
            "indicator": {"code": indicator.code, "name": indicator.name} if indicator else None,
            "sets": [{"id": s.public_id, "number": s.number, "title": s.title,
                      "url": url_for("public.evidence_set", public_id=s.public_id,
                                     _external=True)}
                     for s in sets],
        })
    return out

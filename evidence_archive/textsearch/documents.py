"""What an evidence item becomes in the search index: the schema and each item's document.

:func:`document_for` reads an item (title, metadata by its type's fields and
weights, the text of its files, where it sits) into the fields of
:func:`schema`; :func:`analysed_fields` gives the bulk writer the terms of its
text fields, analysed once.  ``index.py`` writes the documents; ``engine.py``
ranks with :data:`FIELD_BOOSTS`; ``searching.py`` reuses the text helpers for
snippets and labels.  See docs/search.md.
"""
from __future__ import annotations

import math
import re
from datetime import datetime
from datetime import time as dtime

from flask import current_app
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema

from .. import hookspecs
from ..access import in_trash, is_public
from ..archive import archive_of
from ..display import type_name
from ..fields import KINDS
from ..models import EvidenceItem
from ..types import EvidenceType
from . import analysis, bulk, extraction, terms

# Bump whenever the fields or what goes into them change: a mismatch rebuilds the index.
SCHEMA_VERSION = 4

#: The text fields (see ``terms.py``) and their weights in ranking: title first, whole words above parts.
FIELD_BOOSTS = {"title": 2.0, "words": 1.0, "parts": 0.5}
NUMBERS_BOOST = 4.0
NUMBER_KINDS = ("doc_number", "meeting_number", "order_number")
MAX_SEARCH_WEIGHT = 10.0  # extra_search_fields: a weight of 1e9 must not flood the index
PUBLIC, DRAFT = "public", "draft"


def schema() -> Schema:
    """Return the index schema (see docs/search.md); boosts are applied by the query."""
    return Schema(
        id=ID(unique=True, stored=True),
        title=TEXT(analyzer=terms.TitleTokenizer(), phrase=False),
        words=TEXT(analyzer=analysis.word_analyzer(), phrase=True),
        parts=TEXT(analyzer=terms.PartsTokenizer(), phrase=False),
        numbers=KEYWORD(lowercase=True, commas=True, scorable=True),
        type=ID(sortable=True),
        category=KEYWORD(),  # the item's category and its ancestors, for filtering
        category_id=ID(sortable=True),  # the item's own category, for facet counts
        year=ID(sortable=True),  # BE fiscal year
        set=ID(sortable=True),  # set public id
        status=ID(sortable=True),  # "public" exactly when services.evidence.is_public
        date=DATETIME(sortable=True),
    )


# --------------------------------------------------------------------------- documents

def indexable(item: EvidenceItem) -> bool:
    """Tell whether an item belongs in the index: all that is not in the trash (access.py)."""
    return not in_trash(item)


def _snapshot_fields(item: EvidenceItem) -> list[tuple[str, str, str | None]]:
    """Return (name, label, kind) of the fields an item was saved with."""
    return [(f.get("name"), f.get("label") or f.get("name"), f.get("kind"))
            for f in (item.type_snapshot or {}).get("fields", []) if f.get("name")]


def _kind_text(kind: str | None, value) -> str:
    """Return the search text of a value by its kind name, as plain text if the kind is unknown."""
    spec = KINDS.get(kind or "")
    if spec is not None and value not in (None, ""):
        try:
            return spec.search_text(value)
        except Exception:  # noqa: BLE001, S110 - values saved under older kinds stay searchable
            pass
    return _plain(value)


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return " ".join(_plain(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return " ".join(_plain(v) for v in value)
    return str(value)


def meta_text(item: EvidenceItem, etype: EvidenceType | None) -> str:
    """Return an item's metadata as search text, each field repeated by its ``search_weight``.

    Without its plugin, the fields and their kinds come from the item's type snapshot.
    """
    values = dict(item.meta or {})
    pieces: list[str] = []
    if etype is not None:
        for f in etype.fields:
            text = f.search_text(values.pop(f.name, None))
            pieces += [text] * round(f.search_weight) if text else []  # weight 0: not searched
        if etype.search_text is not None:
            pieces.append(_plugin_text(etype, item))
    for name, _label, kind in _snapshot_fields(item):
        if name in values:
            pieces.append(_kind_text(kind, values.pop(name)))
    pieces += [_plain(v) for v in values.values()]  # values no field declares any more
    pieces += [text for text, weight in plugin_search_text(current_app, item)
               for _ in range(max(1, round(weight)))]  # extra_search_fields, weighted like fields
    pieces += [f.caption for f in item.live_files() if f.caption]
    return "\n".join(p for p in pieces if p)


def _plugin_text(etype: EvidenceType, item: EvidenceItem) -> str:
    """Return the type's own extra search text; a plugin that fails must not stop indexing."""
    try:
        return str(etype.search_text(dict(item.meta or {})) or "")
    except Exception:
        current_app.logger.exception("search_text of type %s failed on item %s",
                                     etype.key, item.id)
        return ""


def plugin_search_text(app, item) -> list[tuple[str, float]]:
    """Return the extra search text plugins give for an item, as (text, weight) pairs.

    Calls ``extra_search_fields``; a plugin that raises or answers something
    malformed is reported and contributes nothing.
    """
    plugins = archive_of(app).plugins
    out: list[tuple[str, float]] = []
    for name, returned in plugins.call_each(hookspecs.extra_search_fields, item=item, app=app):
        pieces = returned if isinstance(returned, list) else [returned]
        for piece in pieces:
            pair = _search_piece(piece)
            if pair is None:
                plugins.report(name, f"extra_search_fields returned {type(piece).__name__} "
                                     f"{piece!r:.80}, not text, {{'text', 'weight'}} "
                                     "or (text, weight)")
            elif pair[0] and pair[1] > 0:
                out.append(pair)
    return out


def _search_piece(piece) -> tuple[str, float] | None:
    """Read one answer of extra_search_fields as (text, weight), or None if malformed."""
    if isinstance(piece, str):
        return piece, 1.0
    if isinstance(piece, dict) and isinstance(piece.get("text"), str):
        text, weight = piece["text"], piece.get("weight", 1.0)
    elif isinstance(piece, tuple) and len(piece) == 2 and isinstance(piece[0], str):
        text, weight = piece
    else:
        return None
    if isinstance(weight, bool) or not isinstance(weight, (int, float)):
        return None
    if not math.isfinite(weight):
        return None
    return text, min(float(weight), MAX_SEARCH_WEIGHT)


def context_text(item: EvidenceItem, etype: EvidenceType | None) -> str:
    """Return where the item sits: category path, set (อ้างอิงชุด), fiscal year, type and file names."""
    evidence_set = item.evidence_set
    pieces = [c.name for c in evidence_set.category.path]
    pieces += [f"อ้างอิงชุด {evidence_set.number}", evidence_set.title, evidence_set.description,
               f"ปีงบประมาณ {evidence_set.year}", type_name(item, etype)]
    pieces += [f.filename for f in item.live_files()]
    return "\n".join(p for p in pieces if p)


def body_text(item: EvidenceItem) -> str:
    """Return the text read from the item's files (empty while extraction is pending)."""
    return extraction.text_of_item(item) or ""


def numbers_of(item: EvidenceItem, etype: EvidenceType | None) -> list[str]:
    """Return the canonical document/meeting/order numbers of an item and those in its title."""
    if etype is not None:
        kinds = [(f.name, f.kind) for f in etype.fields]
    else:
        kinds = [(name, kind) for name, _label, kind in _snapshot_fields(item)]
    found: dict[str, None] = {}
    for name, kind in kinds:
        value = (item.meta or {}).get(name)
        if kind in NUMBER_KINDS and value:
            text = _kind_text(kind, value)
            found.update(dict.fromkeys(t for t in analysis.words(text) if _has_digit(t)))
    for piece in _SLASHED.findall(item.title or ""):  # analyse only what can hold a number
        found.update(dict.fromkeys(t for t in analysis.words(piece) if "/" in t and _has_digit(t)))
    return list(found)


_SLASHED = re.compile(r"\S*[0-9๐-๙]\s*/\s*\S*")


def _has_digit(term: str) -> bool:
    return any(ch.isdigit() for ch in term)


def status_of(item: EvidenceItem) -> str:
    return PUBLIC if is_public(item) else DRAFT


def document_for(item: EvidenceItem, types, body: str | None = None) -> dict | None:
    """Return the index document of an item, or None if it must not be in the index.

    `body` is the text of its files when the caller already has it (bulk reads).
    """
    if not indexable(item):
        return None
    etype = types.get(item.type_key)
    evidence_set = item.evidence_set
    category = evidence_set.category
    body = body_text(item) if body is None else body
    text = "\n".join(t for t in (item.title, meta_text(item, etype), body, context_text(item, etype)) if t)
    day = item.document_date or item.created_at.date()
    return {
        "id": str(item.id), "title": item.title, "words": text, "parts": text,
        "numbers": ",".join(numbers_of(item, etype)),
        "type": item.type_key,
        "category": " ".join(str(c.id) for c in category.path),
        "category_id": str(category.id),
        "year": str(evidence_set.year),
        "set": evidence_set.public_id,
        "status": status_of(item),
        "date": datetime.combine(day, dtime()),
    }


def analysed_fields(doc: dict) -> dict[str, bulk.Terms]:
    """Return the terms of a document's text fields exactly as the schema's analyzers index them.

    For the bulk writer: the text shared by ``words`` and ``parts`` is analysed once.
    """
    text = terms.analyse(doc["words"])
    parts = text if doc["parts"] == doc["words"] else terms.analyse(doc["parts"])
    title = terms.analyse(doc["title"] or "")
    return {"words": (text.words, text.positions), "parts": (parts.parts, None),
            "title": ([*title.words, *title.parts], None)}

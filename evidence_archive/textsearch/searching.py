"""Run a search for one viewer: permission filter, facets, snippets, sort and pages.

Matching, counting and ranking are ``engine.py``'s.  Who may see drafts is part
of the query itself (a ``FieldIs("status", "public")`` filter), so totals, facet counts,
snippets and spelling suggestions never count a draft for an anonymous visitor
or an assessor.  Titles, snippets and URLs come from the database rows of the
hits shown; the index stores only ids.
"""
from __future__ import annotations

import math
import re
import time
from functools import lru_cache
from html import escape
from typing import Optional

from flask import has_request_context, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from whoosh.highlight import (
    BasicFragmentScorer,
    ContextFragmenter,
    Fragment,
    HtmlFormatter,
    top_fragments,
)

from .. import search as search_seam
from ..access import is_public, may_see
from ..archive import archive_of
from ..db import db
from ..display import fields_shown, type_name
from ..models import Category, EvidenceItem, EvidenceSet
from ..services import catalog
from ..thai import to_thai_digits
from ..types import EvidenceType
from . import analysis, engine, extraction
from .engine import EVERYTHING, All, FieldIs, Ids, Without, Word
from .documents import DRAFT, PUBLIC, body_text
from .query import (
    SORTS,
    Hit,
    Lookups,
    ParsedQuery,
    SearchRequest,
    SearchResult,
    build,
    filter_query,
    highlight_terms,
    parse,
    text_query,
)

__all__ = ["Hit", "SearchRequest", "SearchResult", "search"]

FACETS = ("type", "category", "year", "set", "status")
FACET_COLUMNS = [(name, "category_id" if name == "category" else name) for name in FACETS]
FACET_LIMIT = 50
MAX_PER_PAGE = 100
SEARCH_ATTEMPTS = 5  # a concurrent merge may remove segment files between reading and opening
SNIPPET_CHARS = 240
SCHEDSTAT = "/proc/thread-self/schedstat"  # Linux: this thread's CPU time and run-queue wait
WINDOW_CHARS = 360  # of a text analysed for a snippet: around its first match, files can be long
SNIPPET_CACHE = 1024  # analysed snippet texts kept per process (up to WINDOW_CHARS each: ~7 MB in all)
STATUS_LABELS = {"th": {PUBLIC: "เผยแพร่แล้ว", DRAFT: "ฉบับร่าง"},
                 "en": {PUBLIC: "Published", DRAFT: "Draft"}}


def _indexer():
    indexer = archive_of().indexer
    if indexer is None:
        raise RuntimeError("search is not configured: the archive has no indexer")
    return indexer


def lookups() -> Lookups:
    """What the query's filters are resolved against in this app."""
    return Lookups(archive_of().types, catalog.category_ids_named)


def search(request: SearchRequest, viewer_can_see_drafts: bool) -> SearchResult:
    """Find the items this viewer may see; count, page, mark and suggest."""
    parsed = parse(request.q)
    query = build(parsed)
    filters = tuple(q for q in (None if viewer_can_see_drafts else FieldIs("status", PUBLIC),
                                filter_query(request, parsed, lookups())) if q is not None)
    per_page = max(1, min(int(request.per_page or 20), MAX_PER_PAGE))
    sort = request.sort if request.sort in SORTS else "relevance"
    if sort == "relevance" and not parsed.positive:
        sort = "-date"  # with nothing to rank by, newest first

    indexer = _indexer()
    scheduled = _thread_schedule()
    clock = time.perf_counter()
    timings = {"queue": 0.0, "index": 0.0}
    for attempt in range(SEARCH_ATTEMPTS):
        # Items whose changes the index does not hold yet are left out, so no count,
        # facet or suggestion tells of a withdrawn draft.  The queue is read before the
        # index: a change it no longer lists is in the index the searcher then reads.
        stale = frozenset(search_seam.pending_items())
        clock = _lap(timings, "queue", clock)
        allowed = All(filters) if filters else None
        if stale:
            allowed = Without(allowed or EVERYTHING, Ids(stale))
        try:
            found, total, page, pages, counts, suggestions = _run(
                indexer, parsed, query, allowed, sort, per_page, request)
            clock = _lap(timings, "index", clock)
            break
        except FileNotFoundError:
            # A merge in another process removed segment files this searcher was about
            # to open: read the index's table of contents again (the searcher is closed).
            clock = _lap(timings, "index", clock)
            if attempt == SEARCH_ATTEMPTS - 1:
                raise
        except Exception:
            indexer.forget()  # a broken file shows at the next open, which then rebuilds
            raise

    hits = _hits(found, highlight_terms(parsed), viewer_can_see_drafts, request.locale)
    facets = _facet_lists(counts, request.locale)
    _lap(timings, "hits", clock)
    if scheduled is not None:
        timings["cpu"], timings["cpu-wait"] = (
            (after - before) / 1e6 for before, after in zip(scheduled, _thread_schedule()))
    return SearchResult(
        total=total, page=page, per_page=per_page, pages=pages, hits=hits,
        facets=facets, query=parsed, errors=list(parsed.errors),
        suggestions=suggestions, timings=timings)


def _thread_schedule() -> tuple[int, int] | None:
    """(ns on a CPU, ns runnable but waiting for one) of this thread so far; None off Linux.

    Their difference over a search tells a slow search that computed from one
    kept waiting while other work had every CPU (``bench/load.py`` prints both)."""
    try:
        with open(SCHEDSTAT, "rb") as stat:
            on_cpu, waiting, _slices = stat.read().split()
    except (OSError, ValueError):
        return None
    return int(on_cpu), int(waiting)


def _lap(timings: dict[str, float], name: str, since: float) -> float:
    """Add the milliseconds since `since` to `timings[name]`; return now."""
    now = time.perf_counter()
    timings[name] = timings.get(name, 0.0) + (now - since) * 1000
    return now


def _run(indexer, parsed: ParsedQuery, query, allowed, sort: str, per_page: int,
         request: SearchRequest):
    """Match, page, count facets and suggest on a searcher the indexer lends."""
    wanted = max(1, int(request.page or 1))
    with indexer.lent_searcher() as searcher:
        matches = engine.run(searcher, query, allowed, sort, per_page * wanted)
        total = matches.total
        pages = math.ceil(total / per_page)
        page = min(wanted, pages or 1)  # past the last page: the last page
        if page != wanted:
            matches = engine.run(searcher, query, allowed, sort, per_page * page)
        found = [(int(searcher.stored_fields(docnum)["id"]), score)
                 for docnum, score in matches.top[(page - 1) * per_page:page * per_page]]
        counts = engine.facet_counts(matches, FACET_COLUMNS)
        suggestions = _suggest(searcher, parsed, allowed) if total == 0 and parsed.terms else []
    return found, total, page, pages, counts, suggestions


# --------------------------------------------------------------------------- hits

def _hits(found: list[tuple[int, float]], terms: frozenset[str], drafts: bool,
          locale: str) -> list[Hit]:
    """Describe the hits of one page from their database rows, in ranked order."""
    if not found:
        return []
    rows = {i.id: i for i in db.session.scalars(
        select(EvidenceItem).where(EvidenceItem.id.in_([i for i, _ in found]))
        .options(selectinload(EvidenceItem.files),
                 selectinload(EvidenceItem.evidence_set).selectinload(EvidenceSet.category)
                 .selectinload(Category.year_ref)))}
    # Every category of those years, so that each item's path is read without a query.
    categories = db.session.scalars(select(Category).where(Category.year_id.in_(
        {i.evidence_set.category.year_id for i in rows.values()}))).all()
    types = archive_of().types
    texts = extraction.texts_of_items(rows)
    hits = []
    for item_id, score in found:
        item = rows.get(item_id)
        # The index follows commits closely but not instantly: never show what the
        # database no longer allows this viewer to see.
        if item is None or not may_see(item, drafts):
            continue
        etype = types.get(item.type_key)
        evidence_set = item.evidence_set
        category = evidence_set.category
        hits.append(Hit(
            id=item.id, public_id=item.public_id, title=item.title, type=item.type_key,
            type_name=type_name(item, etype, locale), category=category.id,
            category_path=category.path_names, set=evidence_set.public_id,
            set_number=evidence_set.number, set_title=evidence_set.title,
            year=evidence_set.year, score=score,
            snippet=snippet(item, etype, terms, locale, texts.get(item.id, "")), url=_url(item),
            status=PUBLIC if is_public(item) else DRAFT, document_date=item.document_date,
            title_html=mark_all(item.title, terms)))
    del categories
    return hits


def _url(item: EvidenceItem) -> str:
    if has_request_context():
        return url_for("public.item", public_id=item.public_id)
    return f"/i/{item.public_id}"


def display_meta(item: EvidenceItem, etype: Optional[EvidenceType], locale: str = "th") -> str:
    """Return an item's metadata as readable `label: value` text for snippets, then captions."""
    pieces = [f"{label}: {text}" for _name, label, text in fields_shown(item, etype, locale)]
    pieces += [f.caption for f in item.live_files() if f.caption]
    return " · ".join(p.replace("\n", " ") for p in pieces)


# --------------------------------------------------------------------------- snippets

class _MarkFormatter(HtmlFormatter):
    """Escape the text and wrap each matched word in a bare ``<mark>``."""

    def __init__(self):
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text, token, replace=False):
        return f"<mark>{self._text(text[token.startchar:token.endchar])}</mark>"


class _Word:
    """A word of a snippet's text, as Whoosh's fragmenter and formatter read a token."""

    __slots__ = ("text", "startchar", "endchar", "matched")
    stopped = False
    boost = 1.0

    def __init__(self, text: str, startchar: int, endchar: int, matched: bool):
        self.text, self.startchar, self.endchar, self.matched = text, startchar, endchar, matched

    def copy(self) -> "_Word":
        return self  # never changed once made: the fragmenter's copy may be the word itself


def _matched_tokens(text: str, terms: frozenset[str]) -> list[_Word]:
    """Return the words of text (as the index holds them), each marked when it matches a term.

    A compound word matches through its parts (ประชุม marks การประชุม), but a
    word is never marked for a piece of its letters (ตา never marks ติดตาม).
    """
    return [_Word(word, start, end,
                  word in terms or not terms.isdisjoint(analysis.compound_parts(word)))
            for word, start, end, _position in _spans(text)]


@lru_cache(maxsize=SNIPPET_CACHE)
def _spans(text: str):
    """The analysis of a snippet's text, kept: the same hits come back search after search."""
    return analysis.spans(text)


def _fragments(text: str, terms: frozenset[str]) -> list[Fragment]:
    tokens = _matched_tokens(text, terms)
    fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    return top_fragments(fragmenter.fragment_tokens(text, tokens), 2, BasicFragmentScorer(),
                         lambda f: f.startchar)


def _windows(text: str, terms: frozenset[str]):
    """Yield (part, where it starts) of a long text around the first few places a term occurs.

    A term's letters may also occur inside another word (ตา in ติดตาม), which
    the analysis then does not mark: the next place is tried.
    """
    if len(text) <= WINDOW_CHARS:
        yield text, 0
        return
    lowered = text.lower()
    places = sorted({m.start() for t in terms for form in {t, to_thai_digits(t)}
                     for m in re.finditer(re.escape(form), lowered)})
    last_end = -1
    for at in (places or [0])[:5]:
        if at < last_end:
            continue  # already inside the previous window
        start = max(0, at - WINDOW_CHARS // 3)
        if start:  # begin after a space, so the first word is not cut
            space = re.search(r"\s", text[start:at])
            start = start + space.end() if space else start
        end = min(len(text), start + WINDOW_CHARS)
        if end < len(text):  # end before a space, likewise
            space = re.search(r"\s\S*$", text[at:end])
            end = at + space.start() if space else end
        last_end = end
        yield text[start:end], start


def _marked_snippet(text: str, terms: frozenset[str]) -> tuple[int, str]:
    """Return (how many matches, HTML snippet) of the best passages of text."""
    for window, offset in (_windows(text, terms) if terms else ()):
        fragments = _fragments(window, terms)
        if fragments:
            break
    else:
        return 0, ""
    html = _MarkFormatter().format(fragments)
    if offset + fragments[0].startchar > 0:
        html = "… " + html
    if offset + fragments[-1].endchar < len(text):
        html += " …"
    return sum(len(f.matches) for f in fragments), html


def snippet(item: EvidenceItem, etype: Optional[EvidenceType], terms: frozenset[str],
            locale: str = "th", body: Optional[str] = None) -> str:
    """Return escaped HTML from the item's metadata or file text with matched words marked."""
    meta = display_meta(item, etype, locale)
    body = body_text(item) if body is None else body
    best = max((_marked_snippet(text, terms) for text in (meta, body) if text),
               key=lambda pair: pair[0], default=(0, ""))
    if best[0]:
        return best[1]
    plain = meta or body
    cut = plain[:SNIPPET_CHARS]
    return escape(cut, quote=False) + (" …" if len(plain) > SNIPPET_CHARS else "")


def mark_all(text: str, terms: frozenset[str]) -> str:
    """Return the whole text escaped, every matched word marked (for titles)."""
    matches = [t for t in _matched_tokens(text, terms) if t.matched] if terms else []
    return _MarkFormatter().format_fragment(Fragment(text, matches, 0, len(text)))


# --------------------------------------------------------------------------- facets

def _facet_lists(counts: dict[str, dict], locale: str) -> dict[str, list[tuple[str, str, int]]]:
    """Return each facet as (value, label, count), most frequent first, labels from the database."""
    types = archive_of().types
    out: dict[str, list[tuple[str, str, int]]] = {}
    type_counts = counts["type"]
    out["type"] = [(key, _type_name(key, types, locale), n) for key, n in type_counts.items()]
    out["category"] = _category_counts(counts["category"])
    out["year"] = [(str(y), str(y), n) for y, n in counts["year"].items()]
    # A common word is in thousands of sets; only the commonest are shown, and labelled.
    commonest = sorted(counts["set"].items(), key=lambda pair: (-pair[1], pair[0]))[:FACET_LIMIT]
    sets = {s.public_id: s for s in db.session.scalars(
        select(EvidenceSet).where(EvidenceSet.public_id.in_([pid for pid, _n in commonest])))}
    word = "Set" if locale == "en" else "อ้างอิงชุด"
    out["set"] = [(pid, f"{word} {sets[pid].number}: {sets[pid].title}" if pid in sets else pid, n)
                  for pid, n in commonest]
    labels = STATUS_LABELS.get(locale, STATUS_LABELS["th"])
    out["status"] = [(s, labels.get(s, s), n) for s, n in counts["status"].items()]
    for name, rows in out.items():
        order = (lambda r: -int(r[0])) if name == "year" else (lambda r: (-r[2], r[1]))
        out[name] = sorted(rows, key=order)[:FACET_LIMIT]  # years newest first, others commonest
    return out


def _type_name(key: str, types, locale: str) -> str:
    etype = types.get(key)
    if etype is not None:
        return etype.label(locale)
    item = db.session.scalar(select(EvidenceItem).where(EvidenceItem.type_key == key).limit(1))
    return type_name(item, None, locale) if item is not None else key


def _category_counts(own: dict[str, int]) -> list[tuple[str, str, int]]:
    """Count each category with everything under it, from the counts of items' own categories."""
    totals: dict[int, int] = {}
    nodes: dict[int, Category] = {}
    categories = db.session.scalars(select(Category).where(Category.id.in_([int(i) for i in own]))).all()
    # Every category of those years in the session: each path is then walked without a query.
    years = db.session.scalars(select(Category).where(
        Category.year_id.in_({c.year_id for c in categories}))).all()
    for category in categories:
        for node in category.path:
            nodes[node.id] = node
            totals[node.id] = totals.get(node.id, 0) + own[str(category.id)]
    del years
    return [(str(cid), nodes[cid].path_names, n) for cid, n in totals.items()]


# --------------------------------------------------------------------------- suggestions

def _has_hits(searcher, query, allowed) -> bool:
    return query is not None and engine.any_match(searcher, query, allowed)


def _suggest(searcher, parsed: ParsedQuery, allowed) -> list[str]:
    """Offer the query with misspelt words corrected, from words this viewer can find."""
    text = parsed.text
    for typed in parsed.terms:
        if _has_hits(searcher, text_query(typed), allowed):
            continue
        word = "".join(analysis.query_terms(typed))
        if len(word) < 3 or any(ch.isdigit() for ch in word):
            continue  # numbers are typed exactly or not at all
        for maxdist in (1, 2) if len(word) > 4 else (1,):  # the nearest words first
            candidates: dict[str, None] = {}
            candidates.update(dict.fromkeys(searcher.corrector("words").suggest(
                word, limit=5, maxdist=maxdist, prefix=1)))  # typos rarely hit the first letter
            # Whoosh's corrector reads the whole vocabulary, drafts included:
            # keep only words that find something this viewer may see.
            found = next((c for c in candidates
                          if c != word and _has_hits(searcher, Word(c), allowed)), None)
            if found:
                text = ParsedQuery(text=text).replaced(typed, found)
                break
    return [text] if text != parsed.text else []

"""Read what a user types into the search box, and turn it into a Whoosh query.

``ประชุม "ก.ต.ป.น. ครั้งที่ 1/2563" -ยกเลิก type:meeting_invitation year:2020`` means:
the word ประชุม, that phrase, not ยกเลิก, only meeting invitations of fiscal year 2563.
Every typed word must match (in the title, metadata, file text or context);
an exact document/meeting/order number weighs most.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Optional

from ..errors import ValidationError
from ..services.catalog import parse_year
from ..thai import normalize_text, to_arabic_digits
from ..types import KEY_RE
from . import analysis
from .engine import EVERYTHING, All, AnyOf, FieldIs, Phrase, Without, Word
from .documents import DRAFT, PUBLIC

SORTS = ("relevance", "date", "-date")

#: Filter names and their Thai aliases.
FILTERS = {
    "type": "type", "ประเภท": "type",
    "year": "year", "ปี": "year", "ปีงบประมาณ": "year",
    "category": "category", "หมวด": "category",
    "set": "set", "ชุด": "set",
    "status": "status", "สถานะ": "status",
}
STATUSES = {"draft": DRAFT, "ร่าง": DRAFT, "ฉบับร่าง": DRAFT,
            "published": PUBLIC, "public": PUBLIC, "เผยแพร่": PUBLIC, "เผยแพร่แล้ว": PUBLIC}

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"', "«": '"', "»": '"'})
_THAI_KEYS = "|".join(k for k in FILTERS if not k.isascii())
# A filter is `name:value`; `เรื่อง:` or `09:30` are just text, `https://` is not a filter.
_TOKEN = re.compile(rf'''
    (?P<neg>-)?
    (?:(?P<key>[A-Za-z_]+|{_THAI_KEYS}):(?=[^\s/]))?
    (?:"(?P<quoted>[^"]*)"?|(?P<word>[^\s"]+))
''', re.VERBOSE)


# --------------------------------------------------------------------------- requests and results

@dataclass
class SearchRequest:
    """One search: the typed query, facet filters, sort and page."""

    q: str = ""
    type: Optional[str] = None
    category: Optional[str | int] = None
    year: Optional[str | int] = None
    set: Optional[str] = None
    status: Optional[str] = None
    sort: str = "relevance"  # relevance | date (oldest first) | -date (newest first)
    page: int = 1
    per_page: int = 20
    locale: str = "th"


@dataclass
class Hit:
    """One item found, described from the database row (never from the index)."""

    id: int
    public_id: str
    title: str
    type: str
    type_name: str
    category: int
    category_path: str
    set: str
    set_number: int
    set_title: str
    year: int
    score: float
    snippet: str  # HTML: escaped text with <mark> around matched words
    url: str
    status: str  # "public" or "draft"
    document_date: Optional[date]
    title_html: str = ""  # the title, escaped, with <mark> around matched words


@dataclass
class SearchResult:
    total: int
    page: int
    per_page: int
    pages: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, str, int]]]  # name → [(value, label, count)]
    query: ParsedQuery
    errors: list[str]
    suggestions: list[str]  # whole query strings to try instead
    # Where the time went, in milliseconds (the HTTP Server-Timing header): the index
    # queue read, matching and counting in the index, the hits' rows and snippets.
    timings: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------- parsing

@dataclass
class ParsedQuery:
    """What the user typed, taken apart."""

    text: str = ""
    terms: list[str] = field(default_factory=list)  # typed words: all must match
    phrases: list[str] = field(default_factory=list)  # "quoted phrases"
    excludes: list[str] = field(default_factory=list)  # -word, -"phrase"
    filters: dict[str, list[str]] = field(default_factory=dict)  # name → raw values
    errors: list[str] = field(default_factory=list)

    @property
    def positive(self) -> list[str]:
        return self.terms + self.phrases

    def replaced(self, old: str, new: str) -> str:
        """Return the query text with one typed word replaced (for spelling suggestions)."""
        return re.sub(rf"(?<![^\s\"]){re.escape(old)}(?![^\s\"])", new, self.text, count=1)


def parse(text: str) -> ParsedQuery:
    """Take a typed query apart into words, phrases, exclusions and filters."""
    text = normalize_text(text or "").translate(_QUOTES)
    parsed = ParsedQuery(text=text)
    for m in _TOKEN.finditer(text):
        value = m["quoted"] if m["quoted"] is not None else m["word"]
        value = normalize_text(value)
        key = m["key"]
        if key is not None:
            name = FILTERS.get(key.lower())
            if name is None:
                parsed.errors.append(f"ไม่รู้จักตัวกรอง “{key}:” (ใช้ได้: type, year, category, set, status)")
            elif value:
                parsed.filters.setdefault(name, []).append(value)
            continue
        if not value or value == "-":
            continue
        if m["neg"]:
            parsed.excludes.append(value)
        elif m["quoted"] is not None:
            parsed.phrases.append(value)
        else:
            parsed.terms.append(value)
    return parsed


# --------------------------------------------------------------------------- text queries

def pieces(term: str) -> list[str]:
    """Split a compound word into the dictionary words it is made of, in order ([] if none).

    Used to mark snippets: a document may write ประเมินผล as การประเมิน|ผลการ…,
    found through the bridge term, and its words are marked by these pieces.
    """
    parts = analysis.compound_parts(term)
    found, rest = [], term
    while rest and parts:
        # compound_parts lists each first-level piece before the pieces inside it
        piece = next((p for p in parts if p != term and rest.startswith(p)), None)
        if piece is None:
            return []
        found.append(piece)
        rest = rest[len(piece):]
    # Two short syllables (ประ + ชุม, นิ + เทศ) are one word written whole everywhere.
    return found if len(found) > 1 and max(map(len, found)) >= 4 else []


def text_query(typed: str):
    """Return the query of one typed word or phrase (None if it holds no searchable term).

    One term is looked up as a whole word, a compound part, a bridge, a number
    and in the title (``engine.Word``); several are a phrase of whole words.
    """
    terms = analysis.query_terms(typed)
    if not terms:
        return None
    return Phrase(tuple(terms)) if len(terms) > 1 else Word(terms[0])


def build(parsed: ParsedQuery):
    """Return the query tree of the words, phrases and exclusions (filters are separate)."""
    positive = tuple(q for q in map(text_query, parsed.positive) if q is not None)
    query = All(positive) if positive else EVERYTHING
    negative = tuple(q for q in map(text_query, parsed.excludes) if q is not None)
    if negative:
        query = Without(query, AnyOf(negative))
    return query


def highlight_terms(parsed: ParsedQuery) -> frozenset[str]:
    """Return the analysed terms worth marking in snippets (never the excluded ones)."""
    terms = [t for typed in parsed.positive for t in analysis.query_terms(typed)]
    return frozenset(terms + [p for t in terms for p in pieces(t)])


# --------------------------------------------------------------------------- filters

@dataclass(frozen=True)
class Lookups:
    """What filters are resolved against, from outside the query language: the evidence
    types, and the ids of the live categories a name means (``catalog.category_ids_named``)."""

    types: object
    category_ids: Callable[[str], list[int]]


def _type_filter(value: str, lookups: Lookups) -> list[str]:
    wanted = normalize_text(value).lower()
    keys = [t.key for t in lookups.types
            if wanted in (t.key, normalize_text(t.name).lower(), normalize_text(t.name_en).lower())]
    if not keys and KEY_RE.match(wanted):
        keys = [wanted]  # a type whose plugin is gone is still in the index
    if not keys:
        raise ValidationError({"type": f"ไม่รู้จักประเภทหลักฐาน “{value}”"})
    return keys


def _year_filter(value: str, lookups: Lookups) -> list[str]:
    try:
        return [str(parse_year(value))]
    except ValidationError:
        raise ValidationError({"year": f"ปีงบประมาณ “{value}” ไม่ถูกต้อง (เช่น 2563 หรือ 2020)"}) from None


def _category_filter(value: str, lookups: Lookups) -> list[str]:
    digits = to_arabic_digits(value.strip())
    if digits.isdigit():
        return [str(int(digits))]
    ids = lookups.category_ids(normalize_text(value))
    if not ids:
        raise ValidationError({"category": f"ไม่พบหมวด “{value}”"})
    return [str(i) for i in ids]


def _set_filter(value: str, lookups: Lookups) -> list[str]:
    return [value.strip()]


def _status_filter(value: str, lookups: Lookups) -> list[str]:
    status = STATUSES.get(normalize_text(value).lower())
    if status is None:
        raise ValidationError({"status": f"สถานะ “{value}” ไม่ถูกต้อง (draft หรือ published)"})
    return [status]


RESOLVERS = {"type": _type_filter, "year": _year_filter, "category": _category_filter,
             "set": _set_filter, "status": _status_filter}


def filter_query(request: SearchRequest, parsed: ParsedQuery, lookups: Lookups):
    """Return the query of the request's and the typed filters (None if there are none).

    Values of one filter are alternatives; different filters must all hold.
    Unreadable values are reported in ``parsed.errors`` and left out.
    """
    wanted = {name: list(values) for name, values in parsed.filters.items()}
    for name in RESOLVERS:
        value = getattr(request, name)
        if value not in (None, ""):
            wanted.setdefault(name, []).append(str(value))
    clauses = []
    for name, values in wanted.items():
        terms = []
        for value in values:
            try:
                terms += RESOLVERS[name](value, lookups)
            except ValidationError as exc:
                parsed.errors += list(exc.errors.values())
        if terms:
            clauses.append(AnyOf(tuple(FieldIs(name, t) for t in dict.fromkeys(terms))))
    return All(tuple(clauses)) if clauses else None

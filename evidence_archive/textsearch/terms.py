"""The terms each indexed field holds, computed once per text for Whoosh and for the bulk writer.

Three text fields hold everything an item says (see docs/search.md):

``words``
    every whole word of title, metadata, file text and context, with positions
    (phrases are matched here);
``parts``
    what a word is made of — the compound parts (การประชุม → การ, ประชุม) — and
    the *bridges*: a dictionary word written across two segmented words, such as
    ประเมินผล in การประเมิน|ผลการดำเนินงาน.  No positions: a part or bridge is a
    single-term lookup, so a word inside a compound costs a query no more than a
    whole word;
``title``
    the title's words and parts, to rank title matches first.

Bridges replace looking for a word's pieces as a phrase at query time, which
checked positions in nearly every document for common words.  They are found
only between words written without a space between them, from the suffixes of
the first (the word or a compound part it ends with) and the prefixes of the
second; the joined string must be a dictionary word of at least four letters,
so ติด + ตาม may bridge to ติดตาม but nothing bridges to ตา.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from pythainlp.corpus import thai_words
from whoosh.analysis import Tokenizer

from . import analysis

MIN_BRIDGE = 4


class Terms(NamedTuple):
    """The analysed text of one field value."""

    words: list[str]  # whole words in text order
    positions: list[int]  # the position of each word (the same as the ``words`` field stores)
    parts: list[str]  # compound parts and bridges, in text order (repeats kept: they are frequencies)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    return frozenset(thai_words())


@lru_cache(maxsize=1 << 17)
def _ends(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (what word may end with, what it may start with): itself and its edge compound parts."""
    parts = analysis.compound_parts(word)
    return ((word, *(p for p in parts if word.endswith(p))),
            (word, *(p for p in parts if word.startswith(p))))


@lru_cache(maxsize=1 << 18)
def bridges(left: str, right: str) -> tuple[str, ...]:
    """Return the dictionary words written across two adjacent words (การประเมิน, ผลการ → ประเมินผล)."""
    vocabulary = _vocabulary()
    found = []
    for tail in _ends(left)[0]:
        for head in _ends(right)[1]:
            joined = tail + head
            if len(joined) >= MIN_BRIDGE and joined in vocabulary and joined not in found:
                found.append(joined)
    return tuple(found)


@lru_cache(maxsize=1 << 16)
def _run_terms(run: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None, str | None]:
    """Return a Thai run's words, their parts and the bridges between them, and its edge words.

    The edge words are the first and last word when they touch the run's start
    and end (None otherwise): only they can bridge to the token before or after.
    Cached: text repeats its phrases, and analysing a text then costs a lookup
    per run rather than work per word.  The words' spans are not kept in
    ``_run_words``'s cache as well: a rebuild would never look them up again,
    and the garbage collector would scan each of their tuples (a twentieth of a
    rebuild's time).
    """
    spans = analysis._run_words.__wrapped__(run)
    compound_parts = analysis.compound_parts
    parts: list[str] = []
    previous, previous_end = None, -1
    for word, start, end in spans:
        parts.extend(compound_parts(word))
        if previous_end == start:
            parts.extend(bridges(previous, word))
        previous, previous_end = word, end
    head = spans[0][0] if spans and spans[0][1] == 0 else None
    tail = spans[-1][0] if spans and spans[-1][2] == len(run) else None
    return tuple(word for word, _, _ in spans), tuple(parts), head, tail


def analyse(text: str) -> Terms:
    """Return the words (with positions) and the parts and bridges of a text.

    The words and positions are those ``analysis.ThaiTokenizer`` indexes (the
    ``words`` field), token for token; words are adjacent for a bridge when
    nothing separates them in the normalised text.  This runs once per text
    indexed: Thai runs come whole from :func:`_run_terms`, so only the other
    tokens (numbers, abbreviations, Latin words) are handled here one by one.
    """
    cleaned, _ = analysis._clean(text)
    words: list[str] = []
    positions: list[int] = []
    parts: list[str] = []
    position = 0
    previous, previous_end = None, -1  # the last term and where it ends, for bridges
    cached = analysis._CACHED_RUN_LENGTH
    for match in analysis._TOKEN.finditer(cleaned):
        kind, token, start = match.lastgroup, match.group(), match.start()
        if kind == "thai":
            run_words, run_parts, head, tail = _run_terms(token) if len(token) <= cached \
                else _run_terms.__wrapped__(token)
            if head is not None and previous_end == start:
                parts.extend(bridges(previous, head))
            words.extend(run_words)
            positions.extend(range(position, position + len(run_words)))
            parts.extend(run_parts)
            position += len(run_words)
            previous, previous_end = tail, match.end() if tail is not None else -1
            continue
        forms = analysis._forms(kind, token, start)
        for term, _, _ in forms:
            words.append(term)
            positions.append(position)
            parts.extend(analysis.compound_parts(term))
        if previous_end == start:
            parts.extend(bridges(previous, forms[0][0]))
        previous, previous_end = forms[-1][0], forms[-1][2]
        position += 1
    return Terms(words, positions, parts)


class _TermsTokenizer(Tokenizer):
    """Base of the field tokenizers: yield terms computed by :func:`analyse` (no spans: snippets read the text)."""

    def terms(self, value: str) -> Iterator[tuple[str, int]]:
        raise NotImplementedError

    def __call__(self, value, tokenize=True, **kwargs):
        pairs = self.terms(value) if tokenize else [(analysis.normalize(value), 0)]
        return analysis.tokens(((text, 0, 0, pos) for text, pos in pairs), **kwargs)


class PartsTokenizer(_TermsTokenizer):
    """The ``parts`` field: compound parts and bridges (queries pass through as whole words)."""

    def terms(self, value):
        return ((part, 0) for part in analyse(value).parts)

    def __call__(self, value, mode="", **kwargs):
        if mode == "query":
            return analysis.word_analyzer()(value, mode=mode, **kwargs)
        return super().__call__(value, mode=mode, **kwargs)


class TitleTokenizer(_TermsTokenizer):
    """The ``title`` field: whole words and their parts and bridges."""

    def terms(self, value):
        terms = analyse(value)
        return ((t, 0) for t in (*terms.words, *terms.parts))

    def __call__(self, value, mode="", **kwargs):
        if mode == "query":
            return analysis.word_analyzer()(value, mode=mode, **kwargs)
        return super().__call__(value, mode=mode, **kwargs)

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

from functools import lru_cache
from collections.abc import Iterator
from typing import NamedTuple

from pythainlp.corpus import thai_words
from whoosh.analysis import Token, Tokenizer

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


def analyse(text: str) -> Terms:
    """Return the words (with positions) and the parts and bridges of a text."""
    words: list[str] = []
    positions: list[int] = []
    parts: list[str] = []
    previous, previous_end = None, -1
    compound_parts = analysis.compound_parts
    for word, start, end, position in analysis._analyse(text):  # what ThaiTokenizer yields, without Tokens
        words.append(word)
        positions.append(position)
        found = compound_parts(word)
        if found:
            parts.extend(found)
        if previous_end == start and previous is not None:
            found = bridges(previous, word)
            if found:
                parts.extend(found)
        previous, previous_end = word, end
    return Terms(words, positions, parts)


class _TermsTokenizer(Tokenizer):
    """Base of the field tokenizers: yield terms computed by :func:`analyse`."""

    def terms(self, value: str) -> Iterator[tuple[str, int]]:
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pairs = self.terms(value) if tokenize else [(analysis.normalize(value), 0)]
        for text, pos in pairs:
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:  # spans are for highlighting, which reads the text itself (searching.py)
                token.startchar = token.endchar = start_char
            yield token


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

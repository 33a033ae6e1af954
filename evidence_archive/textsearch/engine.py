"""Match, count and rank a search over the Whoosh index a posting list at a time.

Whoosh's matchers walk postings one document at a time in Python; for a word
found in nearly every item (ประชุม, งบประมาณ) that walk was the whole cost of a
search.  Here a query is evaluated segment by segment with numpy: each term's
posting list is read block by block into arrays, the Boolean structure becomes
mask arithmetic, every match is ranked at once (BM25 over the ``title``,
``words``, ``parts`` and ``numbers`` fields, see ``documents.FIELD_BOOSTS``), and
positions are decoded only for the candidates of a phrase.  Whoosh stays the
index: its segments, term dictionary, postings and columns are read as written
(the block layout is whoosh-reloaded's W3 codec; ``tests/test_engine.py``
fails if that changes).

Query trees are small frozen dataclasses built by ``query.py``: :class:`Word`,
:class:`Phrase`, :class:`All`, :class:`AnyOf`, :class:`Without` and
:class:`FieldIs` (an exact value of an ID field, for filters) and :class:`Ids` (items left out
while their index entries are being rewritten).
"""
from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.util.numeric import byte_to_length

from .documents import FIELD_BOOSTS, NUMBERS_BOOST

K1, B = 1.2, 0.75
PHRASE_BONUS = 1.0  # added per phrase matched, over the sum of its words
SCORED_FIELDS = {**FIELD_BOOSTS, "numbers": NUMBERS_BOOST}
_LENGTHS = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)


# --------------------------------------------------------------------------- query trees

@dataclass(frozen=True)
class Word:
    """One analysed term, as a whole word, a compound part, a bridge, a number or in the title."""

    term: str


@dataclass(frozen=True)
class Phrase:
    """Whole words one after the other."""

    terms: tuple[str, ...]


@dataclass(frozen=True)
class All:
    """Every child matches (no children: every document)."""

    children: tuple = ()


@dataclass(frozen=True)
class AnyOf:
    """Some child matches (no children: nothing)."""

    children: tuple = ()


@dataclass(frozen=True)
class Without:
    """`positive` matches and `negative` does not."""

    positive: object
    negative: object


@dataclass(frozen=True)
class FieldIs:
    """An ID field holds exactly this value (filters: type, year, category, set, status)."""

    name: str
    value: str


@dataclass(frozen=True)
class Ids:
    """Documents of these item ids (not cached: searches leave out a different few each time)."""

    values: frozenset


EVERYTHING, NOTHING = All(), AnyOf()


# --------------------------------------------------------------------------- per-segment data

_cache_lock = threading.Lock()
_segment_cache: dict[tuple, object] = {}  # (segment id, what) → arrays; segments never change


def _cached(key: tuple, make):
    with _cache_lock:
        value = _segment_cache.get(key)
    if value is None:
        value = make()
        with _cache_lock:
            if len(_segment_cache) > 2048:
                _segment_cache.clear()
            _segment_cache[key] = value
    return value


class _Segment:
    """One segment of the index as numpy sees it: postings, lengths, columns, live documents."""

    def __init__(self, reader, offset: int):
        self.reader, self.offset = reader, offset
        self.size = reader.doc_count_all()
        self.id = reader.segment().segment_id()
        self.live = np.ones(self.size, dtype=bool)
        deleted = reader.deleted_docs_set
        if deleted:
            self.live[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = False

    def postings(self, field: str, term: str, values: bool = False):
        """Return (docnums, weights[, values]) of a term, empty arrays if the term is absent."""
        reader = self.reader
        fieldobj = reader.schema[field]
        tbytes = fieldobj.to_bytes(term)
        try:
            present = (field, tbytes) in reader._terms
        except KeyError:  # the field has no terms at all in this segment
            present = False
        if not present:
            return (np.empty(0, np.int64), np.empty(0, np.float32)) + (([],) if values else ())
        matcher = reader._terms.matcher(field, tbytes, fieldobj.format)
        ids: list = []
        weights: list = []
        vals: list = []
        if isinstance(matcher, W3LeafMatcher):
            while True:  # whole blocks: ids are delta-coded, weights None (all 1), one float or a tuple
                matcher._read_data()
                data, count = matcher._data, matcher._blocklength
                ids.append(np.cumsum(np.asarray(data[0], dtype=np.int64)))
                w = data[1]
                weights.append(np.ones(count, np.float32) if w is None else
                                np.full(count, w, np.float32) if isinstance(w, float) else
                                np.asarray(w, dtype=np.float32))
                if values:
                    matcher._read_values()
                    vals.extend(matcher._values)
                if matcher._lastblock:
                    break
                matcher._goto(matcher._nextoffset)
            docnums, tfs = np.concatenate(ids), np.concatenate(weights)
        else:  # postings inlined in the term dictionary (a term in a single document)
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                if values:
                    vals.append(matcher.value())
                matcher.next()
            docnums, tfs = np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)
        return (docnums, tfs, vals) if values else (docnums, tfs)

    def lengths(self, field: str) -> np.ndarray:
        def read():
            column = self.reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            if column is None:
                return np.zeros(self.size, np.float32)
            return _LENGTHS[np.fromiter(column, dtype=np.uint8, count=self.size)]
        return _cached((self.id, "length", field), read)

    def column(self, field: str) -> tuple[list[str], np.ndarray]:
        """Return (distinct values, index of each document's value) of a sortable column."""
        def read():
            values = list(self.reader.column_reader(field, translate=True))
            labels, codes = np.unique(np.asarray(values, dtype=object).astype(str), return_inverse=True)
            return list(labels), codes.astype(np.int32)
        return _cached((self.id, "column", field), read)

    def dates(self) -> np.ndarray:
        return _cached((self.id, "dates"), lambda: np.fromiter(
            self.reader.column_reader("date", translate=False), dtype=np.int64, count=self.size))

    def item_ids(self) -> np.ndarray:
        """The item id of each document (0 for one deleted when first read), read once per segment."""
        def read():
            ids = np.zeros(self.size, dtype=np.int64)
            for docnum, fields in self.reader.iter_docs():
                ids[docnum] = int(fields["id"])
            return ids
        return _cached((self.id, "item ids"), read)

    def field_mask(self, name: str, value: str) -> np.ndarray:
        def read():
            mask = np.zeros(self.size, dtype=bool)
            mask[self.postings(name, value)[0]] = True
            return mask
        return _cached((self.id, "field", name, value), read)


# --------------------------------------------------------------------------- evaluation

class _Evaluation:
    """Evaluate query trees on one searcher: index-wide statistics, then segment by segment."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.count = max(1, searcher.doc_count_all())
        self.average = {f: (searcher.field_length(f) / self.count) or 1.0 for f in SCORED_FIELDS}
        # An index with no segment yet (a new archive) reads as one EmptyReader: nothing to evaluate.
        self.segments = [_Segment(r, offset) for r, offset in searcher.reader().leaf_readers()
                         if r.segment() is not None]
        self._idf: dict[tuple[str, str], float] = {}

    def idf(self, field: str, term: str) -> float:
        key = (field, term)
        if key not in self._idf:
            df = self.searcher.doc_frequency(field, term)
            self._idf[key] = math.log(1 + (self.count - df + 0.5) / (df + 0.5))
        return self._idf[key]

    def _field_scores(self, seg: _Segment, field: str, term: str, docnums, tfs) -> np.ndarray:
        lengths = seg.lengths(field)[docnums]
        norm = K1 * (1 - B + B * lengths / self.average[field])
        return SCORED_FIELDS[field] * self.idf(field, term) * tfs * (K1 + 1) / (tfs + norm)

    def node(self, seg: _Segment, node, scored: bool = True,
             within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        """Return (mask of matching documents, score of each document or None) in one segment.

        `within` (a mask) says where a match may still count: phrases check
        positions only there.
        """
        if isinstance(node, Word):
            mask = np.zeros(seg.size, dtype=bool)
            scores = np.zeros(seg.size, dtype=np.float32) if scored else None
            for field in SCORED_FIELDS:
                docnums, tfs = seg.postings(field, node.term)
                if docnums.size:
                    mask[docnums] = True
                    if scored:
                        scores[docnums] += self._field_scores(seg, field, node.term, docnums, tfs)
            return mask, scores
        if isinstance(node, Phrase):
            return self._phrase(seg, node, scored, within)
        if isinstance(node, FieldIs):
            return seg.field_mask(node.name, node.value), None
        if isinstance(node, Ids):  # one look-up for all: under load the queue holds dozens
            wanted = np.fromiter((int(v) for v in node.values), dtype=np.int64, count=len(node.values))
            return np.isin(seg.item_ids(), wanted), None
        if isinstance(node, Without):
            mask, scores = self.node(seg, node.positive, scored, within)
            negative, _ = self.node(seg, node.negative, scored=False, within=mask)
            return mask & ~negative, scores
        if isinstance(node, All):
            mask = np.ones(seg.size, dtype=bool) if within is None else within.copy()
            scores = np.zeros(seg.size, dtype=np.float32) if scored else None
            # phrases last, so that they check positions only where everything else matched
            for child in sorted(node.children, key=lambda c: isinstance(c, Phrase)):
                child_mask, child_scores = self.node(seg, child, scored, mask)
                mask &= child_mask
                if scored and child_scores is not None:
                    scores += child_scores
            return mask, scores
        if isinstance(node, AnyOf):
            mask = np.zeros(seg.size, dtype=bool)
            scores = np.zeros(seg.size, dtype=np.float32) if scored else None
            for child in node.children:
                child_mask, child_scores = self.node(seg, child, scored, within)
                mask |= child_mask
                if scored and child_scores is not None:
                    scores += child_scores
            return mask, scores
        raise TypeError(f"not a search query node: {node!r}")

    def _phrase(self, seg: _Segment, node: Phrase, scored: bool, within: np.ndarray | None):
        """Words one after the other in the ``words`` field: candidates by mask, then positions.

        Positions are decoded term by term, and only for the documents where
        the phrase so far still holds, so common words cost little.
        """
        candidates = np.ones(seg.size, dtype=bool) if within is None else within.copy()
        lists = []
        for term in node.terms:
            docnums, tfs, values = seg.postings("words", term, values=True)
            present = np.zeros(seg.size, dtype=bool)
            present[docnums] = True
            candidates &= present
            lists.append((term, docnums, tfs, values))
        mask = np.zeros(seg.size, dtype=bool)
        scores = np.zeros(seg.size, dtype=np.float32) if scored else None
        decode = seg.reader.schema["words"].format.decode_positions
        # ends: document → the positions where the phrase so far ends
        ends: dict[int, set[int]] | None = None
        for offset, (_term, docnums, _tfs, values) in enumerate(lists):
            if not candidates.any():
                return mask, scores
            wanted = np.nonzero(candidates[docnums])[0]
            if ends is None:
                ends = {int(docnums[i]): set(decode(values[i])) for i in wanted}
            else:
                following = {}
                for i in wanted:
                    docnum = int(docnums[i])
                    held = ends[docnum]
                    after = {p for p in decode(values[i]) if p - 1 in held}
                    if after:
                        following[docnum] = after
                ends = following
            candidates[:] = False
            if ends:
                candidates[np.fromiter(ends, dtype=np.int64, count=len(ends))] = True
        mask = candidates
        if scored:
            for term, docnums, tfs, _values in lists:
                keep = mask[docnums]
                scores[docnums[keep]] += self._field_scores(seg, "words", term, docnums[keep], tfs[keep])
            scores[mask] += PHRASE_BONUS
        return mask, scores


@dataclass
class Matches:
    """Every match of a search: global docnums in rank order for the first `limit`, and the counts."""

    total: int
    top: list[tuple[int, float]]  # (global docnum, score) of the first `limit` in order
    segments: list[tuple[_Segment, np.ndarray]]  # each segment's matching local docnums


def run(searcher, query, allowed=None, sort: str = "relevance", limit: int = 20) -> Matches:
    """Match `query` among the documents `allowed` (a tree of FieldIs nodes) lets through; rank the first `limit`.

    ``sort`` is "relevance" (score, then newest), "date" (oldest first) or "-date" (newest first).
    """
    evaluation = _Evaluation(searcher)
    scored = sort == "relevance"
    all_docs, all_keys, per_segment = [], [], []
    for seg in evaluation.segments:
        mask, scores = evaluation.node(seg, query, scored)
        mask = mask & seg.live
        if allowed is not None:
            mask &= evaluation.node(seg, allowed, scored=False)[0]
        local = np.nonzero(mask)[0]
        per_segment.append((seg, local))
        if not local.size:
            continue
        all_docs.append(local + seg.offset)
        dates = seg.dates()[local]
        all_keys.append((scores[local] if scored else np.zeros(local.size, np.float32), dates))
    total = sum(local.size for _seg, local in per_segment)
    if not total:
        return Matches(0, [], per_segment)
    docs = np.concatenate(all_docs)
    scores = np.concatenate([k[0] for k in all_keys])
    dates = np.concatenate([k[1] for k in all_keys])
    if sort == "date":
        order = np.lexsort((docs, dates))
    elif sort == "-date":
        order = np.lexsort((-docs, -dates))
    else:
        if docs.size > limit:  # only the first `limit` need ordering
            keep = np.argpartition(-scores, limit - 1)[:limit]
            docs, scores, dates = docs[keep], scores[keep], dates[keep]
        order = np.lexsort((-docs, -dates, -scores))
    order = order[:limit]
    return Matches(total, [(int(docs[i]), float(scores[i])) for i in order], per_segment)


def any_match(searcher, query, allowed=None) -> bool:
    """Tell whether anything matches (for spelling suggestions)."""
    evaluation = _Evaluation(searcher)
    for seg in evaluation.segments:
        mask = evaluation.node(seg, query, scored=False)[0] & seg.live
        if allowed is not None:
            mask &= evaluation.node(seg, allowed, scored=False)[0]
        if mask.any():
            return True
    return False


def facet_counts(matches: Matches, names: Iterable[tuple[str, str]]) -> dict[str, Counter]:
    """Count the matches by the values of sortable columns: {facet: Counter(value → count)}."""
    counts: dict[str, Counter] = {}
    for facet, column in names:
        counter = counts[facet] = Counter()
        for seg, local in matches.segments:
            if local.size:
                labels, codes = seg.column(column)
                tally = np.bincount(codes[local], minlength=len(labels))
                counter.update({labels[i]: int(n) for i in np.nonzero(tally)[0] for n in (tally[i],)})
    return counts

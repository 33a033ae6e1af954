"""Turn Thai text into search terms: the same normalisation and Whoosh analyzers for indexing and querying.

Words come from PyThaiNLP's dictionary segmenter (`newmm`); dotted abbreviations
(ก.ต.ป.น.), document numbers (ศธ 04290/1237) and Latin words are cut out first by
regular expressions, because `newmm` splits them badly.  The parts analyzer adds
the dictionary words a compound is made of (การประชุม → การ, ประชุม) so that a
search for ประชุม finds การประชุม, while ติดตาม never yields ตา.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie, dict_trie
from pythainlp.util import normalize as thai_spelling
from whoosh.analysis import Analyzer, CompositeAnalyzer, Filter, Token, Tokenizer

# Bump whenever the terms produced for some text change: a mismatch rebuilds the index.
ANALYZER_VERSION = 1

_ZERO_WIDTH = re.compile("[\u200b-\u200d\ufeff\u2060]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI_DIGIT = re.compile("[๐-๙]")

# Thai spelling is repaired one character cluster at a time (leading vowels, one
# base letter, the marks and vowels after it), so every change maps back to a
# known span of the original text.  _SUSPECT finds every place where
# pythainlp.util.normalize could change a cluster; clean text skips the work.
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # above/below vowels, phinthu, tone marks, signs
_TRAIL = "\u0e30\u0e32\u0e33\u0e45" + _MARKS
_CLUSTER = re.compile(f"[\u0e40-\u0e44]*[\u0e01-\u0e2e]?[{_TRAIL}]*")
_SUSPECT = re.compile(
    "\u0e40\u0e40"  # เเ → แ
    "|[\u0e48-\u0e4c][\u0e31\u0e34-\u0e39\u0e47\u0e4d]"  # tone mark before its vowel
    "|[\u0e4d\u0e45]"  # nikhahit (ํา → ำ), lakkhangyao
    "|[\u0e30\u0e32\u0e33][\u0e48-\u0e4b]"  # following vowel before a tone mark
    "|([\u0e30-\u0e3a\u0e40-\u0e45\u0e47\u0e4c-\u0e4e])\\1"  # repeated vowel or sign
    "|[\u0e48-\u0e4b]{2}"  # repeated tone marks
    f"|(?:^|[^\u0e01-\u0e2e\u0e40-\u0e44{_TRAIL}])[{_MARKS}]"  # mark with no letter
)

# Dotted abbreviations (ก.ต.ป.น., อ.ก.ค.ศ., พ.ศ., เม.ย.) become one word without dots.
# One starts after a non-Thai character, or anywhere with a one-letter piece
# (คณะกรรมการก.ต.ป.น.); Thai runs stop where such an abbreviation starts.
_PIECE = f"[\u0e40-\u0e44]?[\u0e01-\u0e2e]{{1,4}}[{_MARKS}]*\\."
_INNER_ABBREVIATION = f"[\u0e01-\u0e2e]\\.(?:{_PIECE})+"
_TOKEN = re.compile(
    f"(?P<abbreviation>(?<![\u0e01-\u0e4e]){_PIECE}(?:{_PIECE})+|{_INNER_ABBREVIATION})"
    # 1/2563, 04290/1237, 04349/ว3694, 0206.4/123, 15/05/2563; 1,000; 09.00; 29
    "|(?P<number>[0-9]+(?:\\.[0-9]+)* ?/ ?(?:ว\\.? ?)?[0-9]+(?:/[0-9]+)*"
    "|[0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]+)?|[0-9]+(?:\\.[0-9]+)*)"
    "|(?P<latin>[^\\W\\d_\u0e00-\u0e7f][^\\W_\u0e00-\u0e7f]*)"
    f"|(?P<thai>[\u0e01-\u0e4e](?:(?!{_INNER_ABBREVIATION})[\u0e01-\u0e4e])*)"
)
# A run of consonants only is an abbreviation written without dots (กตปน, สพม, ศธ).
_CONSONANTS = re.compile("[\u0e01-\u0e2e]{2,5}")
_CONSONANT = re.compile("[\u0e01-\u0e2e]")
_THAI_WORD = re.compile("[\u0e01-\u0e4e]+")
_NOT_WORDS = frozenset({"ฯลฯ", "ฯล"})
_CACHED_RUN_LENGTH = 200

_Spans = tuple[list[int], list[int]]
_Term = tuple[str, int, int]


def _rewrite(text: str, edits: list[tuple[int, int, str]], spans: _Spans | None) -> tuple[str, _Spans]:
    """Apply sorted (start, end, replacement) edits, carrying each character's span in the original."""
    starts, ends = spans or (range(len(text)), range(1, len(text) + 1))
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    done = 0
    for start, end, new in [*edits, (len(text), len(text), "")]:
        pieces.append(text[done:start])
        new_starts.extend(starts[done:start])
        new_ends.extend(ends[done:start])
        if new:
            pieces.append(new)
            new_starts.extend([starts[start]] * len(new))
            new_ends.extend([ends[end - 1]] * len(new))
        done = end
    return "".join(pieces), (new_starts, new_ends)


def _nfc_edits(text: str) -> list[tuple[int, int, str]]:
    """Compose each base character with its combining marks (Unicode NFC)."""
    edits = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            group = text[start:i]
            composed = unicodedata.normalize("NFC", group)
            if composed != group:
                edits.append((start, i, composed))
            start = i
    return edits


def _spelling_edits(text: str) -> list[tuple[int, int, str]]:
    """Repair Thai spelling (เเ → แ, ํา → ำ, repeated or misordered marks) cluster by cluster."""
    edits = []
    for match in _CLUSTER.finditer(text):
        cluster = match.group()
        if cluster and _SUSPECT.search(cluster):
            repaired = thai_spelling(cluster)
            if repaired != cluster:
                edits.append((match.start(), match.end(), repaired))
    return edits


def _clean(text: str) -> tuple[str, _Spans | None]:
    """Normalise text, keeping the original span of each character (None: unchanged positions)."""
    spans = None
    if not unicodedata.is_normalized("NFC", text) and (edits := _nfc_edits(text)):
        text, spans = _rewrite(text, edits, spans)
    if edits := [(m.start(), m.end(), "") for m in _ZERO_WIDTH.finditer(text)]:
        text, spans = _rewrite(text, edits, spans)
    if _SUSPECT.search(text) and (edits := _spelling_edits(text)):
        text, spans = _rewrite(text, edits, spans)
    if _THAI_DIGIT.search(text):  # str.translate is slow; most text has no Thai digits
        text = text.translate(_THAI_DIGITS)
    return text, spans


def normalize(text: str) -> str:
    """Return text as search sees it: NFC, no zero-width characters, Thai spelling repaired, Arabic digits, lower case."""
    return _clean(text)[0].lower()


@lru_cache(maxsize=1 << 16)
def _segment(run: str) -> tuple[str, ...]:
    """Split a run of Thai letters into words."""
    if _CONSONANTS.fullmatch(run):
        return (run,)
    return tuple(word_tokenize(run, engine="newmm", keep_whitespace=False))


def _thai_terms(run: str, offset: int) -> list[_Term]:
    """Words of a Thai run with their spans; marks such as ๆ and ฯลฯ are dropped."""
    words = _segment(run) if len(run) <= _CACHED_RUN_LENGTH else _segment.__wrapped__(run)
    terms = []
    end = 0
    for word in words:
        start = run.find(word, end)
        end = start + len(word)
        if word in _NOT_WORDS:
            continue
        stripped = word.strip("ฯๆ")
        if _CONSONANT.search(stripped):
            first = start + word.index(stripped)
            terms.append((stripped, offset + first, offset + first + len(stripped)))
    return terms


@lru_cache(maxsize=16)
def _analyse(text: str) -> tuple[_Term, ...]:
    """Words of text with their spans in the original text (cached: each text is analysed for several fields)."""
    cleaned, spans = _clean(text)
    terms: list[_Term] = []
    for match in _TOKEN.finditer(cleaned):
        kind, token, start = match.lastgroup, match.group(), match.start()
        if kind == "thai":
            terms.extend(_thai_terms(token, start))
        elif kind == "abbreviation":
            terms.append((token.replace(".", ""), start, match.end()))
        elif kind == "number":
            terms.append((re.sub("[ ,]", "", token).replace("ว.", "ว"), start, match.end()))
        else:
            terms.append((token.lower(), start, match.end()))
    if spans is None:
        return tuple(terms)
    starts, ends = spans
    return tuple((term, starts[start], ends[end - 1]) for term, start, end in terms)


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], Trie]:
    """Load PyThaiNLP's word list and its trie, once per process."""
    vocabulary = thai_words()
    return vocabulary, dict_trie(vocabulary)


_trie_lock = threading.Lock()


@lru_cache(maxsize=1 << 17)
def compound_parts(word: str) -> tuple[str, ...]:
    """Return the dictionary words a compound is made of, recursively (ปีงบประมาณ → ปี, งบประมาณ, งบ, ประมาณ).

    The word is segmented with itself removed from the dictionary; the split counts
    only if every part is a dictionary word of two or more characters, so ติดตาม
    gives ติด + ตาม and never ตา.  Returns () for a word that is not a compound.
    """
    if len(word) < 4 or not _THAI_WORD.fullmatch(word):
        return ()
    vocabulary, trie = _dictionary()
    with _trie_lock:  # the shared trie lacks the word only while it is segmented
        known = word in vocabulary
        if known:
            trie.remove(word)
        try:
            pieces = word_tokenize(word, custom_dict=trie, engine="newmm", keep_whitespace=False)
        finally:
            if known:
                trie.add(word)
    if len(pieces) < 2 or any(len(piece) < 2 or piece not in vocabulary for piece in pieces):
        return ()
    found: dict[str, None] = {}
    for piece in pieces:
        found.update(dict.fromkeys((piece, *compound_parts(piece))))
    found.pop(word, None)
    return tuple(found)


class ThaiTokenizer(Tokenizer):
    """Yield the words of Thai/English text, with positions and spans in the original text."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        terms = _analyse(value) if tokenize else ((normalize(value), 0, len(value)),)
        for pos, (text, start, end) in enumerate(terms):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class CompoundPartsFilter(Filter):
    """Follow each compound word by its parts, at the word's position and span; queries pass unchanged."""

    def __call__(self, tokens):
        for token in tokens:
            word = token.text  # read before yielding: a later filter may change it
            yield token
            if token.mode != "query":
                for part in compound_parts(word):
                    token.text = part
                    yield token


def word_analyzer() -> Analyzer:
    """Analyzer for whole words (fields `title`, `meta`, `body`, `context`; and every query)."""
    return CompositeAnalyzer(ThaiTokenizer())


def part_analyzer() -> Analyzer:
    """Analyzer for `*_parts` fields: every word, each compound followed by its parts; in query mode as `word_analyzer()`."""
    return CompositeAnalyzer(ThaiTokenizer(), CompoundPartsFilter())


def words(text: str) -> list[str]:
    """Return the words of text as indexed."""
    return [term for term, _, _ in _analyse(text)]


def parts(text: str) -> list[str]:
    """Return the terms the parts analyzer indexes for text: every word, each compound followed by its parts."""
    return [token.text for token in part_analyzer()(text, mode="index")]


def query_terms(text: str) -> list[str]:
    """Return the terms a typed query word becomes (the same analysis as indexing, no compound splitting)."""
    return [token.text for token in word_analyzer()(text, mode="query")]

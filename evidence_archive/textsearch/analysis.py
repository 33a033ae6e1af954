"""Turn Thai text into search terms: the same normalisation and Whoosh analyzers for indexing and querying.

Words come from PyThaiNLP's dictionary segmenter (`newmm`, run by its Rust port
`nlpo3`); dotted abbreviations (ก.ต.ป.น.), document numbers (ศธ 04290/1237) and
Latin words are cut out first by regular expressions, because `newmm` splits them
badly.  A letter's number is also indexed by its running number (04349/ว3694 →
ว3694, 3694), the form people type.  ``compound_parts`` gives the dictionary words a
compound is made of (การประชุม → การ, ประชุม), which ``terms.py`` indexes so that a
search for ประชุม finds การประชุม, while ติดตาม never yields ตา and ประชุม never yields ชุม.
"""
from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from pythainlp.corpus import get_corpus, thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.tokenize.nlpo3 import segment as nlpo3_segment  # imports nlpo3 at its first call
from pythainlp.util import Trie, dict_trie
from pythainlp.util import normalize as thai_spelling
from whoosh.analysis import Analyzer, CompositeAnalyzer, Token, Tokenizer

# Bump whenever the terms produced for some text change: a mismatch rebuilds the index.
ANALYZER_VERSION = 3

_ZERO_WIDTH = re.compile("[\u200b-\u200d\ufeff\u2060]")
_THAI_DIGITS = [(thai, str(value)) for value, thai in enumerate("๐๑๒๓๔๕๖๗๘๙")]
_THAI_DIGIT = re.compile("[๐-๙]")

# Thai spelling is repaired one character cluster at a time (leading vowels, one
# base letter, the marks and vowels after it), so every change maps back to a
# known span of the original text.  _SUSPECT finds every place where
# pythainlp.util.normalize could change a cluster; clean text skips the work.
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # above/below vowels, phinthu, tone marks, signs
_TRAIL = "\u0e30\u0e32\u0e33\u0e45" + _MARKS
_TONE = "[\u0e48-\u0e4b]"  # one tone mark
_CLUSTER = re.compile(f"[\u0e40-\u0e44]*[\u0e01-\u0e2e]?[{_TRAIL}]*")
_LETTER_BEFORE_MARK = f"\u0e01-\u0e2e\u0e40-\u0e44{_TRAIL}"
# Every alternative starts with the character it consumes first, its kind checked by a
# lookbehind: one character class leads the pattern, so the regex engine skips
# ahead to the next vowel or mark instead of trying each alternative at every character (1.4× faster).
_SUSPECT = re.compile(
    f"[\u0e30-\u0e3a\u0e40-\u0e45{_MARKS}](?:"
    "(?<=\u0e40)\u0e40"  # เเ → แ
    "|(?<=[\u0e48-\u0e4c])[\u0e31\u0e34-\u0e39\u0e47\u0e4d]"  # tone mark before its vowel
    "|(?<=[\u0e4d\u0e45])"  # nikhahit (ํา → ำ), lakkhangyao
    "|(?<=[\u0e30\u0e32\u0e33])[\u0e48-\u0e4b]"  # following vowel before a tone mark
    "|(?<=([\u0e30-\u0e3a\u0e40-\u0e45\u0e47\u0e4c-\u0e4e]))\\1"  # repeated vowel or sign
    "|(?<=[\u0e48-\u0e4b])[\u0e48-\u0e4b]"  # repeated tone marks
    f"|(?<=[{_MARKS}])(?<![{_LETTER_BEFORE_MARK}].)"  # mark with no letter before it
    ")"
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
    # ว3694, ว 3694, ว.3694: a circular's running number quoted without its office code
    "|(?P<circular>(?<![\u0e01-\u0e4e])ว\\.? ?[0-9]+)"
    "|(?P<latin>[^\\W\\d_\u0e00-\u0e7f][^\\W_\u0e00-\u0e7f]*)"
    # A Thai run, less its last letter when an abbreviation starts there (คณะกรรมการ|ก.ต.ป.น.):
    # only a letter before a dot can start one, so the run is looked at again only then.
    "|(?P<thai>[\u0e01-\u0e4e]++(?!\\.)|[\u0e01-\u0e4e]++(?<![\u0e01-\u0e2e])"
    f"|[\u0e01-\u0e4e]+?(?={_INNER_ABBREVIATION})|[\u0e01-\u0e4e]++)"
)
# A run of consonants only is an abbreviation written without dots (กตปน, สพม, ศธ).
_CONSONANTS = re.compile("[\u0e01-\u0e2e]{2,5}")
_CONSONANT = re.compile("[\u0e01-\u0e2e]")
_THAI_WORD = re.compile("[\u0e01-\u0e4e]+")
_NOT_WORDS = frozenset({"ฯลฯ", "ฯล"})
_CACHED_RUN_LENGTH = 200

# A letter's number (เลขที่หนังสือ) is its office's code, a slash and a running number,
# with ว before it on a circular (หนังสือเวียน): ศธ 04290/1237, ศธ 04349/ว3694.  Letters
# quote the whole number, but people look a circular up by ว3694 or 3694, so the running
# number is indexed too.  An office code starts with 0 and has four or more digits, which
# tells it from a meeting or order number (1/2563, 45/2563) or a date (15/05/2563): there
# the part after the slash is a year, and 2563 alone must not find meeting 1/2563.
_LETTER_NUMBER = re.compile("0[0-9]{3,}(?:\\.[0-9]+)* ?/ ?(?P<running>(?:ว\\.? ?)?(?P<digits>[0-9]+))")
_CIRCULAR = re.compile("(?P<running>ว\\.? ?(?P<digits>[0-9]+))")

# nlpo3 1.4 cuts clusters that PyThaiNLP 5's character-cluster rules keep whole: เ + two
# consonants + ีย (เหลียง, เสลี่ยม), เ-ีย + ร์ (เวียร์) and -รรณ์ (สุวรรณ์).  Only words
# missing from the dictionary (names, foreign words) are cut there; such a run is
# segmented again with newmm, so the words are exactly newmm's.
_NLPO3_CLUSTERS = re.compile(
    f"เ[\u0e01-\u0e2e]{{2}}\u0e35{_TONE}?ย"  # เหลียง
    f"|เ[\u0e01-\u0e2e]\u0e35{_TONE}?ย[\u0e01-\u0e2e]\u0e4c"  # เวียร์
    "|[\u0e01-\u0e2e]รร[\u0e01-\u0e2e]\u0e4c"  # วรรณ์
)

_Spans = tuple[list[int], list[int]]
_Span = tuple[str, int, int]  # a term and its span
_Term = tuple[str, int, int, int]  # a term, its span and its position


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
    if _THAI_DIGIT.search(text):
        text = _arabic_digits(text)
    return text, spans


def _arabic_digits(text: str) -> str:
    """Write Thai digits as Arabic ones: ten str.replace calls, 30× quicker than str.translate on Thai text."""
    for thai, arabic in _THAI_DIGITS:
        if thai in text:
            text = text.replace(thai, arabic)
    return text


def normalize(text: str) -> str:
    """Return text as search sees it: NFC, no zero-width characters, Thai spelling repaired, Arabic digits, lower case."""
    return _clean(text)[0].lower()


def _segment(run: str) -> tuple[str, ...]:
    """Split a run of Thai letters into words: PyThaiNLP's newmm, run by nlpo3 (its Rust port, ≈3.5× faster).

    nlpo3 reads the word list bundled with PyThaiNLP (``words_th.txt``, the one
    ``thai_words()`` returns) at its first call, once per process.  A run where it
    cuts a cluster that newmm keeps whole (see _NLPO3_CLUSTERS) is segmented by
    newmm itself, so the words are always newmm's.
    """
    if _CONSONANTS.fullmatch(run):
        return (run,)
    words = nlpo3_segment(run)
    if _cuts_a_cluster(run, words):
        _, trie, _ = _dictionary()
        with _trie_lock:  # compound_parts() takes a word out of this trie for a moment
            words = word_tokenize(run, custom_dict=trie, engine="newmm", keep_whitespace=False)
    return tuple(words)


def _cuts_a_cluster(run: str, words: list[str]) -> bool:
    """Tell whether nlpo3 put a word boundary inside a cluster newmm keeps whole (see _NLPO3_CLUSTERS)."""
    clusters = [match.span() for match in _NLPO3_CLUSTERS.finditer(run)]
    if not clusters:
        return False
    end = 0
    for word in words[:-1]:
        end += len(word)
        if any(start < end < stop for start, stop in clusters):
            return True
    return False


@lru_cache(maxsize=1 << 16)
def _run_words(run: str) -> tuple[_Span, ...]:
    """Words of a Thai run with their spans in the run (cached: text repeats its phrases)."""
    words = _segment(run)  # not cached itself: only _run_words calls it
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
            terms.append((stripped, first, first + len(stripped)))
    return tuple(terms)


def _number(token: str) -> str:
    """Return a number as one term: 1,500 → 1500, 04349/ ว. 3694 → 04349/ว3694."""
    return re.sub("[ ,]", "", token).replace("ว.", "ว")


@lru_cache(maxsize=1 << 14)
def _number_forms(token: str, kind: str) -> tuple[_Span, ...]:
    """Return a number as one term, then a letter's or circular's running number (04349/ว3694 → ว3694, 3694).

    Spans are within the token.  Cached: years, meeting and document numbers repeat.
    """
    forms = [(_number(token), 0, len(token))]
    match = (_CIRCULAR if kind == "circular" else _LETTER_NUMBER).fullmatch(token)
    if match:
        for group in ("running", "digits"):
            form = _number(match[group])
            if form != forms[-1][0]:
                forms.append((form, match.start(group), len(token)))
    return tuple(forms)


def _forms(kind: str, token: str, start: int) -> list[_Span]:
    """Return the terms of a token other than a Thai run, all at one position (see _analyse)."""
    if kind == "abbreviation":
        return [(token.replace(".", ""), start, start + len(token))]
    if kind in ("number", "circular"):
        return [(term, start + first, start + last) for term, first, last in _number_forms(token, kind)]
    return [(token.lower(), start, start + len(token))]


@lru_cache(maxsize=16)
def _analyse(text: str) -> tuple[_Term, ...]:
    """Terms of text with their spans in the original text and their positions (cached: a text feeds several fields).

    Positions count words: the other forms of a word (a letter's running number)
    share its position, so a phrase matches across them and positions after
    them do not shift.  This loop runs for every word indexed: keep it lean.
    """
    cleaned, spans = _clean(text)
    terms: list[_Term] = []
    append = terms.append
    position = 0
    for match in _TOKEN.finditer(cleaned):
        kind, token, start = match.lastgroup, match.group(), match.start()
        if kind == "thai":
            words = _run_words(token) if len(token) <= _CACHED_RUN_LENGTH else _run_words.__wrapped__(token)
            for word, first, last in words:
                append((word, start + first, start + last, position))
                position += 1
            continue
        terms.extend((term, a, b, position) for term, a, b in _forms(kind, token, start))
        position += 1
    if spans is None:
        return tuple(terms)
    starts, ends = spans
    return tuple((term, starts[start], ends[end - 1], position) for term, start, end, position in terms)


# newmm splits a word into any dictionary words it can, and PyThaiNLP's dictionary
# holds many syllables: ประชุม → ประ + ชุม, ประเมิน → ประ + เมิน.  Whether a piece is a
# word people use on its own is read from the Thai National Corpus word frequencies
# (TNC, bundled with PyThaiNLP): a piece shorter than _LONG_PART characters stands on
# its own when used as a word at least _COMMON times (ติด 16,121, ตาม 114,643, ทาน
# 2,834, against ชุม 387, เทศ 528, ภาย 314).  One open syllable with a short vowel (ประ,
# นิ, ระ, ทุ) is mostly a bound prefix or a word's first syllable, which the TNC's own
# segmentation often leaves alone (ประ 4,715, วิ 4,213); it stands on its own only when
# far more common (_COMMON_OPEN: พระ 39,627, ละ 18,725, คณะ 12,241).
_LONG_PART = 4
_COMMON = 2_500
_COMMON_OPEN = 10_000
# One consonant or a true cluster (ปร, กร, ตร: not มต in มติ, คณ in คณะ), a short vowel, no final.
_OPEN_SYLLABLE = re.compile(f"(?:[\u0e01-\u0e2e]|[กขคตปพผบดฟ][รลว])(?:[\u0e34\u0e36\u0e38]{_TONE}?|{_TONE}?ะ)")


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], Trie, frozenset[str]]:
    """Load PyThaiNLP's word list, its trie and the short words that stand on their own, once per process."""
    vocabulary = thai_words()
    free = set()
    for line in get_corpus("tnc_freq.txt"):
        word, _, count = line.partition("\t")
        if len(word) < _LONG_PART and count.isdigit():
            if int(count) >= (_COMMON_OPEN if _OPEN_SYLLABLE.fullmatch(word) else _COMMON):
                free.add(word)
    return vocabulary, dict_trie(vocabulary), frozenset(free)


def _is_compound(pieces: list[str]) -> bool:
    """Tell whether dictionary words make a compound, rather than one word cut into syllables.

    Every piece must be a dictionary word of two or more characters, and no piece
    a bound syllable (ประ + เมิน, ทุ + จริต, กระ + ทรวง are single words); then
    either a piece has four or more characters (การ + ประชุม, ปี + งบประมาณ) or
    every piece stands on its own (ติด + ตาม, สอบ + ทาน).  So ประชุม (ประ + ชุม),
    นิเทศ (นิ + เทศ), ระดับ and ภายใน have no parts: ชุม never finds ประชุม.
    """
    vocabulary, _, free = _dictionary()
    if len(pieces) < 2 or any(len(piece) < 2 or piece not in vocabulary for piece in pieces):
        return False
    if any(_OPEN_SYLLABLE.fullmatch(piece) and piece not in free for piece in pieces):
        return False
    return max(map(len, pieces)) >= _LONG_PART or all(piece in free for piece in pieces)


_trie_lock = threading.Lock()
# A rebuild forks indexing processes; holding the lock across fork() means no child
# starts with it taken, or with a word missing from the trie, by a thread it lacks.
os.register_at_fork(before=_trie_lock.acquire, after_in_parent=_trie_lock.release,
                    after_in_child=_trie_lock.release)


@lru_cache(maxsize=1 << 17)
def compound_parts(word: str) -> tuple[str, ...]:
    """Return the dictionary words a compound is made of, recursively (ปีงบประมาณ → ปี, งบประมาณ, งบ, ประมาณ).

    The word is segmented with itself removed from the dictionary, and the split
    counts only if the pieces make a compound (see _is_compound): ติดตาม gives
    ติด + ตาม and never ตา; ประชุม gives nothing.  Returns () for a word that is
    not a compound.
    """
    if len(word) < 4 or not _THAI_WORD.fullmatch(word):
        return ()
    vocabulary, trie, _ = _dictionary()
    with _trie_lock:  # the shared trie lacks the word only while it is segmented
        known = word in vocabulary
        if known:
            trie.remove(word)
        try:
            pieces = word_tokenize(word, custom_dict=trie, engine="newmm", keep_whitespace=False)
        finally:
            if known:
                trie.add(word)
    if not _is_compound(pieces):
        return ()
    found: dict[str, None] = {}
    for piece in pieces:
        found.update(dict.fromkeys((piece, *compound_parts(piece))))
    found.pop(word, None)
    return tuple(found)


def tokens(terms: Iterable[_Term], positions=False, chars=False, keeporiginal=False, removestops=True,
           start_pos=0, start_char=0, mode="", **kwargs) -> Iterator[Token]:
    """Yield (text, start, end, position) terms as Whoosh tokens: one Token reused, as Whoosh's tokenizers do."""
    token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
    for text, start, end, pos in terms:
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


class ThaiTokenizer(Tokenizer):
    """Yield the words of Thai/English text, with positions and spans in the original text.

    When indexing, a word's other forms (a letter's running number) follow it at
    its position; a query keeps only the word as typed, so 04349/ว3694 looks up
    exactly that number and ว3694 finds it inside 04349/ว3694.
    """

    def __call__(self, value, tokenize=True, mode="", **kwargs):
        terms = _analyse(value) if tokenize else ((normalize(value), 0, len(value), 0),)
        return tokens(_as_typed(terms) if mode == "query" else terms, mode=mode, **kwargs)


def _as_typed(terms: Iterable[_Term]) -> Iterator[_Term]:
    """Keep the first term at each position: the word as typed, not its other forms."""
    previous = None
    for term in terms:
        if term[3] != previous:
            yield term
        previous = term[3]


def word_analyzer() -> Analyzer:
    """Analyzer for whole words (the `words` field, and every query)."""
    return CompositeAnalyzer(ThaiTokenizer())


def words(text: str) -> list[str]:
    """Return the terms of text as the word fields index them: each word, followed by its other forms."""
    return [term for term, _, _, _ in _analyse(text)]


def spans(text: str) -> tuple[tuple[str, int, int, int], ...]:
    """Return the terms of text as indexed, each with where it starts and ends in text and its position."""
    return _analyse(text)


def query_terms(text: str) -> list[str]:
    """Return the terms a typed query word becomes (the same analysis as indexing, no compound splitting)."""
    return [token.text for token in word_analyzer()(text, mode="query")]

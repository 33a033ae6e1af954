"""Tests for evidence_archive.textsearch.analysis: Thai normalisation, words, compound parts, Whoosh analyzers."""
import pickle
import subprocess
import sys

import pytest
from pythainlp.tokenize import word_tokenize
from whoosh import fields
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from evidence_archive.textsearch import analysis, terms
from evidence_archive.textsearch.analysis import normalize, query_terms, word_analyzer, words
from tests.conftest import DATA

ZWSP = "\u200b"


def parts(text: str) -> list[str]:
    """What the `title` field indexes for text: its words, then their compound parts and bridges."""
    found = terms.analyse(text)
    return [*found.words, *found.parts]


# ---------------------------------------------------------------- normalisation

@pytest.mark.parametrize("raw, expected", [
    ("ประ\u200bชุม", "ประชุม"),  # zero-width space
    ("\ufeffประชุม\u2060", "ประชุม"),  # BOM, word joiner
    ("ก\u200c\u200dข", "กข"),  # ZWNJ, ZWJ
    ("เเปลก", "แปลก"),  # เเ → แ
    ("กํา", "กำ"),  # nikhahit + sara aa → sara am
    ("ที่่", "ที่"),  # repeated tone mark
    ("นาา", "นา"),  # repeated vowel
    ("กั้", "กั้"),  # tone mark typed before its vowel is reordered
    ("ที่ ๐๔๒๙๐/๑๒๓๗", "ที่ 04290/1237"),  # Thai digits
    ("Facebook ITA", "facebook ita"),  # Latin lower-cased
    ("Cafe\u0301", "café"),  # NFC
])
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_normalize_keeps_text_layout():
    assert normalize("เรียน  คณะกรรมการ\n\nทุกท่าน") == "เรียน  คณะกรรมการ\n\nทุกท่าน"


@pytest.mark.parametrize("misspelt, word", [
    ("เเละ", "และ"), ("กําหนด", "กำหนด"), ("ประชุม\u200b", "ประชุม"), ("ที่่", "ที่"),
])
def test_misspelt_words_index_as_the_correct_word(misspelt, word):
    assert words(misspelt) == [word]


# ---------------------------------------------------------------- words

@pytest.mark.parametrize("text, expected", [
    # dotted abbreviations are one word, with or without dots
    ("ก.ต.ป.น.", ["กตปน"]),
    ("กตปน", ["กตปน"]),
    ("อ.ก.ค.ศ.", ["อกคศ"]),
    ("อกคศ", ["อกคศ"]),
    ("ค.ศ. 2020", ["คศ", "2020"]),
    ("พ.ศ.2563", ["พศ", "2563"]),
    ("ม.ค. 2563", ["มค", "2563"]),
    ("คณะกรรมการก.ต.ป.น.ครั้งที่", ["คณะกรรมการ", "กตปน", "ครั้ง", "ที่"]),
    ("คณะกรรมการอ.ก.ค.ศ.", ["คณะกรรมการ", "อกคศ"]),  # the run gives its last letter to the abbreviation
    ("ดร.สุรชัย", ["ดร", "สุรชัย"]),  # a letter before a dot that starts no abbreviation
    ("ประชุมแล้ว. ครั้งที่", ["ประชุม", "แล้ว", "ครั้ง", "ที่"]),  # a run ending in a vowel before a dot
    ("สพม.29", ["สพม", "29"]),
    ("สพม. 29", ["สพม", "29"]),
    ("สพม 29", ["สพม", "29"]),
    ("สพป.อุบลราชธานี เขต 1", ["สพป", "อุบลราชธานี", "เขต", "1"]),
    ("สพท.ลพบุรี", ["สพท", "ลพบุรี"]),
    # numbers
    ("1/2563", ["1/2563"]),
    ("๑/๒๕๖๓", ["1/2563"]),
    ("11/2563", ["11/2563"]),
    ("ครั้งที่ 1/2563", ["ครั้ง", "ที่", "1/2563"]),
    ("ที่ ศธ 04290/1237", ["ที่", "ศธ", "04290/1237", "1237"]),
    ("ที่ ศธ ๐๔๒๙๐/๑๒๓๗", ["ที่", "ศธ", "04290/1237", "1237"]),
    ("ศธ 04349/ว3694", ["ศธ", "04349/ว3694", "ว3694", "3694"]),
    ("ศธ 04349/ว 3694", ["ศธ", "04349/ว3694", "ว3694", "3694"]),
    ("ศธ 04349/ว.3694", ["ศธ", "04349/ว3694", "ว3694", "3694"]),
    ("ที่ 0206.4/123", ["ที่", "0206.4/123", "123"]),
    ("ตามหนังสือ ว3694", ["ตาม", "หนังสือ", "ว3694", "3694"]),
    ("ตามหนังสือ ว 3694", ["ตาม", "หนังสือ", "ว3694", "3694"]),
    ("วันที่ 15/05/2563", ["วันที่", "15/05/2563"]),
    ("เสร็จแล้ว 3 วัน", ["เสร็จ", "แล้ว", "3", "วัน"]),  # a word ending in ว is no circular
    ("จำนวน 29 คน", ["จำนวน", "29", "คน"]),
    ("เวลา 09.00 น.", ["เวลา", "09.00", "น"]),
    ("งบ 1,500 บาท", ["งบ", "1500", "บาท"]),
    # Latin and mixed scripts
    ("Facebook", ["facebook"]),
    ("เพจFacebookของโรงเรียน", ["เพจ", "facebook", "ของ", "โรงเรียน"]),
    ("ITA O25", ["ita", "o25"]),
    # Thai segmentation; marks and punctuation are not words
    ("การประชุมคณะกรรมการ", ["การประชุม", "คณะกรรมการ"]),
    ("ติดตาม ตรวจสอบ", ["ติดตาม", "ตรวจสอบ"]),
    ("(ก.ต.ป.น.) ฯลฯ, นกๆ", ["กตปน", "นก"]),
    ("กรุงเทพฯ", ["กรุงเทพ"]),
    ("", []),
    (" ,.;- ", []),
])
def test_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize("one, other", [
    ("ก.ต.ป.น.", "กตปน"), ("อ.ก.ค.ศ.", "อกคศ"), ("สพม.29", "สพม. 29"), ("๑/๒๕๖๓", "1/2563"),
    ("ที่ ศธ ๐๔๒๙๐/๑๒๓๗", "ที่ ศธ 04290/1237"), ("FACEBOOK", "facebook"), ("เเละ", "และ"),
])
def test_spellings_give_the_same_words(one, other):
    assert words(one) == words(other)


def test_meeting_numbers_stay_apart():
    assert "1/2563" not in words("ครั้งที่ 11/2563")
    assert "11/2563" not in words("ครั้งที่ 1/2563")


def test_ta_is_not_a_word_of_tidtam():
    assert "ตา" not in words("คณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา")


# ---------------------------------------------------------------- segmentation (nlpo3)

def _newmm(run):
    return tuple(word_tokenize(run, engine="newmm", keep_whitespace=False))


def _thai_runs(text):
    cleaned, _ = analysis._clean(text)
    return sorted({m.group() for m in analysis._TOKEN.finditer(cleaned)
                   if m.lastgroup == "thai" and not analysis._CONSONANTS.fullmatch(m.group())})


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.txt")))
def test_segmentation_is_newmms_on_the_samples(name):
    runs = _thai_runs((DATA / name).read_text("utf-8"))
    assert runs
    assert [analysis._segment(run) for run in runs] == [_newmm(run) for run in runs]


@pytest.mark.parametrize("run", [
    "ขอเชิญประชุมคณะกรรมการติดตามตรวจสอบประเมินผลและนิเทศการศึกษา",
    # words missing from the dictionary, where nlpo3 cuts a cluster that newmm keeps whole
    "นางสาวอรุณีทองสุวรรณ์", "อำเภอทุ่งเสลี่ยม", "ผักเหลียง", "ไข่ปลาคาเวียร์", "นายเหวียนวันนาม",
])
def test_segmentation_is_newmms_around_unknown_words(run):
    assert analysis._segment(run) == _newmm(run)


@pytest.mark.parametrize("run, words, cut", [
    ("ทองสุวรรณ์", ["ทอง", "สุว", "รรณ์"], True),
    ("ทองสุวรรณ์", ["ทอง", "สุ", "วรรณ์"], False),
    ("ผักเหลียง", ["ผัก", "เห", "ลี", "ยง"], True),
    ("คาเวียร์", ["คา", "เวียร", "์"], True),
    ("เปลี่ยนแปลง", ["เปลี่ยน", "แปลง"], False),
    ("การประชุม", ["การ", "ประชุม"], False),
])
def test_cuts_inside_a_cluster_are_noticed(run, words, cut):
    assert analysis._cuts_a_cluster(run, words) is cut


def test_importing_the_analyzer_does_not_load_nlpo3():
    code = ("import sys, evidence_archive.textsearch.analysis as a; print('nlpo3' in sys.modules); "
            "a.words('การประชุม'); print('nlpo3' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


# ---------------------------------------------------------------- numbers inside numbers

@pytest.mark.parametrize("text, whole, forms", [
    ("ที่ ศธ 04349/ว3694", "04349/ว3694", ["ว3694", "3694"]),  # a circular (หนังสือเวียน)
    ("ที่ ศธ ๐๔๓๔๙/ว ๓๖๙๔", "04349/ว3694", ["ว3694", "3694"]),
    ("ที่ ศธ 04290/1237", "04290/1237", ["1237"]),  # a letter's running number
    ("ที่ มท 0808.2/ว123", "0808.2/ว123", ["ว123", "123"]),
    ("ตามหนังสือ ว.3694", "ว3694", ["3694"]),  # a circular quoted without its office's code
])
def test_letter_numbers_are_also_indexed_by_their_running_number(text, whole, forms):
    terms = words(text)
    assert terms[terms.index(whole):] == [whole, *forms]


@pytest.mark.parametrize("text", ["ครั้งที่ 1/2563", "คำสั่งที่ 45/2563", "วันที่ 15/05/2563", "ครั้งที่ 01/2563"])
def test_meeting_and_order_numbers_stay_whole(text):
    """The part after the slash is a year there: 2563 alone must not find meeting 1/2563."""
    assert not {"2563", "1", "45", "15", "05", "01"} & set(words(text))


def test_other_forms_share_the_numbers_position():
    text = "ที่ ศธ 04349/ว3694 ลงวันที่ 8"
    assert _tokens(word_analyzer(), text) == [
        ("ที่", 0, 0, 3), ("ศธ", 1, 4, 6),
        ("04349/ว3694", 2, 7, 18), ("ว3694", 2, 13, 18), ("3694", 2, 14, 18),
        ("ลงวันที่", 3, 19, 27), ("8", 4, 28, 29),
    ]


# ---------------------------------------------------------------- compound parts

@pytest.mark.parametrize("text, part", [
    ("การประชุม", "ประชุม"),
    ("ห้องประชุม", "ประชุม"),
    ("ปีงบประมาณ", "งบประมาณ"),
    ("ปีงบประมาณ", "งบ"),
    ("ปีงบประมาณ", "ประมาณ"),
    ("การนิเทศ", "นิเทศ"),
    ("ติดตาม", "ติด"),
    ("ติดตาม", "ตาม"),
    ("ประเมินผล", "ประเมิน"),
    ("ประเมินผล", "ผล"),
    ("ตรวจสอบ", "สอบ"),
    ("สอบทาน", "สอบ"),  # two short words that each stand on their own
    ("ตามที่", "ตาม"),
    ("คณะกรรมการ", "กรรมการ"),  # คณะ and พระ are common words, not bound syllables
    ("พระราชบัญญัติ", "บัญญัติ"),
    ("อนุกรรมการ", "กรรมการ"),
    ("มีมติ", "มติ"),  # มติ is two syllables (มะ-ติ), not a cluster with a short vowel
])
def test_parts_of_compounds(text, part):
    assert part in parts(text)


@pytest.mark.parametrize("word", [
    "ประชุม", "นิเทศ",  # ประ + ชุม, นิ + เทศ: dictionary syllables, not words
    "ระดับ", "ภายใน", "ชุมชน",  # short pieces that are rare as words on their own
    "ประเมิน", "ทุจริต", "กระทรวง",  # a bound syllable (ประ, ทุ, กระ) and a longer piece
])
def test_words_cut_into_syllables_have_no_parts(word):
    assert analysis.compound_parts(word) == ()


@pytest.mark.parametrize("text, syllable", [
    ("การประชุม ห้องประชุม", "ชุม"), ("การประชุม", "ประ"), ("การนิเทศ", "เทศ"),
    ("การประเมินผล", "เมิน"), ("ป้องกันการทุจริต", "จริต"),
])
def test_a_syllable_never_finds_its_word(text, syllable):
    assert syllable not in parts(text)


@pytest.mark.parametrize("word", ["การประชุม", "ห้องประชุม", "ปีงบประมาณ", "รายงานการประชุม"])
def test_compounds_are_one_word(word):
    assert words(word) == query_terms(word) == [word]


@pytest.mark.parametrize("text", ["ติดตาม", "คณะกรรมการติดตาม", "การติดตามผล"])
def test_ta_is_not_a_part_of_tidtam(text):
    assert "ตา" not in parts(text)


def test_parts_keep_every_word():
    assert parts("ประชุม 1/2563 ก.ต.ป.น. Facebook")[-3:] == ["1/2563", "กตปน", "facebook"]
    assert parts("การประชุม")[0] == "การประชุม"


@pytest.mark.parametrize("word", ["ประ", "ตาม", "กตปน"])
def test_short_words_and_abbreviations_have_no_parts(word):
    assert analysis.compound_parts(word) == ()


def test_compound_parts_do_not_change_the_dictionary():
    analysis.compound_parts.cache_clear()
    assert analysis.compound_parts("การประชุม")
    assert words("การประชุม") == ["การประชุม"]
    _, trie, _ = analysis._dictionary()
    assert "การประชุม" in trie


# ---------------------------------------------------------------- queries

@pytest.mark.parametrize("typed, expected", [
    ("ประชุม", ["ประชุม"]),
    ("ก.ต.ป.น.", ["กตปน"]),
    ("กตปน", ["กตปน"]),
    ("การประชุม", ["การประชุม"]),
    ("๑/๒๕๖๓", ["1/2563"]),
    ("Facebook", ["facebook"]),
    # a typed number is one term: the number as written, not its other forms
    ("04349/ว3694", ["04349/ว3694"]),
    ("ศธ 04349/ว3694", ["ศธ", "04349/ว3694"]),
    ("ว3694", ["ว3694"]),
    ("ว 3694", ["ว3694"]),
    ("ว.3694", ["ว3694"]),
    ("3694", ["3694"]),
    ("04290/1237", ["04290/1237"]),
])
def test_query_terms(typed, expected):
    assert query_terms(typed) == expected


@pytest.mark.parametrize("tokenizer", [terms.PartsTokenizer(), terms.TitleTokenizer()])
def test_parts_tokenizers_do_not_split_queries(tokenizer):
    assert [t.text for t in tokenizer("การประชุม", mode="query")] == ["การประชุม"]


# ---------------------------------------------------------------- positions and offsets

def _tokens(analyzer, text, **kwargs):
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True, mode="index", **kwargs)]


@pytest.mark.parametrize("text", [
    "ขอเชิญประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ ๑/๒๕๖๓",
    f"การ{ZWSP}ประชุม{ZWSP}ห้องประชุม ๑๕ พ.ค. ๒๕๖๓",
    "เเละกํากับติดตาม\ufeff Facebook สพม.29",
    "Cafe\u0301 ที่่ นาา ๒๙",
])
def test_offsets_point_at_the_original_text(text):
    for term, _, start, end in _tokens(word_analyzer(), text):
        original = text[start:end]
        assert normalize(original).replace(".", "").replace(" ", "") == term
        assert not original.startswith(ZWSP) and not original.endswith(ZWSP)


def test_offsets_with_thai_digits_and_zero_width_space():
    text = f"ประชุม{ZWSP}ครั้งที่ ๑/๒๕๖๓ ห้อง{ZWSP}ประชุม"
    spans = {term: text[start:end] for term, _, start, end in _tokens(word_analyzer(), text)}
    assert spans == {
        "ประชุม": "ประชุม", "ครั้ง": "ครั้ง", "ที่": "ที่", "1/2563": "๑/๒๕๖๓",
        "ห้องประชุม": f"ห้อง{ZWSP}ประชุม",  # a zero-width space never splits a word
    }


def test_offsets_start_at_start_char():
    tokens = _tokens(word_analyzer(), "ก.ต.ป.น. ประชุม", start_pos=10, start_char=100)
    assert tokens == [("กตปน", 10, 100, 108), ("ประชุม", 11, 109, 115)]


def test_untokenized_value_is_one_normalised_term():
    assert [t.text for t in word_analyzer()("ประชุม ๑", tokenize=False)] == ["ประชุม 1"]


# ---------------------------------------------------------------- Whoosh

def test_analyzers_pickle_and_compare_equal():
    for make in (word_analyzer, terms.PartsTokenizer, terms.TitleTokenizer):  # the schema's, pickled in the index
        restored = pickle.loads(pickle.dumps(make()))
        assert restored == make()
        assert [t.text for t in restored("การประชุม", mode="index")] == [
            t.text for t in make()("การประชุม", mode="index")]
    assert word_analyzer() != terms.PartsTokenizer() != terms.TitleTokenizer()


DOCS = {
    "minutes": "วาระการประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ ๑/๒๕๖๓",
    "report": "รายงานผล",
    "monitor": "คำสั่งแต่งตั้งคณะกรรมการติดตาม ครั้งที่ 11/2563",
    "budget": "แผนปฏิบัติการ ปีงบประมาณ 2563",
    "circular": "หนังสือ ที่ ศธ 04349/ว3694 เรื่อง การประเมินคุณธรรม",
    "reply": "อ้างถึง หนังสือ ศธ 04002/ว3694 และ ศธ 04349/ว3695 ที่ ศธ 04290/1237",
}


@pytest.fixture(scope="module")
def index():
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        body=fields.TEXT(analyzer=word_analyzer(), phrase=True),
        body_parts=fields.TEXT(analyzer=terms.TitleTokenizer(), phrase=False),  # words and parts
    )
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        for key, text in DOCS.items():
            writer.add_document(id=key, body=text, body_parts=text)
    return ix


def _search(ix, field, text, highlight=None):
    with ix.searcher() as searcher:
        query = QueryParser(field, ix.schema).parse(text)
        hits = searcher.search(query)
        if highlight:
            return [hit.highlights(highlight, text=DOCS[hit["id"]]) for hit in hits]
        return sorted(hit["id"] for hit in hits)


@pytest.mark.parametrize("field, typed, found", [
    ("body", "ประชุม", []),
    ("body_parts", "ประชุม", ["minutes"]),
    ("body", "การประชุม", ["minutes"]),
    ("body_parts", "การประชุม", ["minutes"]),
    ("body", "ตา", []),
    ("body_parts", "ตา", []),
    ("body_parts", "ติดตาม", ["monitor"]),
    ("body_parts", "งบประมาณ", ["budget"]),
    ("body", "กตปน", ["minutes"]),
    ("body", "ก.ต.ป.น.", ["minutes"]),
    ("body", "1/2563", ["minutes"]),
    ("body", "๑๑/๒๕๖๓", ["monitor"]),
    ("body", "2563", ["budget"]),  # never meeting 1/2563 nor 11/2563
    ("body_parts", "ชุม", []),
    ("body_parts", "ประชุม", ["minutes"]),
    # a letter's number: exactly as written, or its running number as people type it
    ("body", "04349/ว3694", ["circular"]),  # never 04002/ว3694
    ("body", "ศธ 04349/ว3694", ["circular"]),
    ("body", '"ศธ 04349/ว3694 เรื่อง"', ["circular"]),
    ("body", "ว3694", ["circular", "reply"]),
    ("body", '"ว 3694"', ["circular", "reply"]),
    ("body", "3694", ["circular", "reply"]),
    ("body", "ว3695", ["reply"]),
    ("body", "04002/ว3694", ["reply"]),
    ("body", "1237", ["reply"]),
    ("body", "04290/1237", ["reply"]),
    ("body", "369", []),
])
def test_index_round_trip(index, field, typed, found):
    assert _search(index, field, typed) == found


def test_highlights_mark_whole_words(index):
    [marked] = _search(index, "body", "การประชุม", highlight="body")
    assert '<b class="match term0">การประชุม</b>' in marked
    [marked] = _search(index, "body", "1/2563", highlight="body")
    assert '<b class="match term0">๑/๒๕๖๓</b>' in marked


def test_highlights_of_a_running_number_mark_only_it(index):
    [marked] = _search(index, "body", "ว3695", highlight="body")
    assert 'ศธ 04349/<b class="match term0">ว3695</b> ที่' in marked

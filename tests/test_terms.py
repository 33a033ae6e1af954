"""Tests for evidence_archive.textsearch.terms: the words, parts and bridges each text field indexes."""
from collections import Counter

import pytest

from evidence_archive.textsearch import analysis, terms
from tests.conftest import DATA

ZWSP = "\u200b"


def reference(text: str) -> terms.Terms:
    """The rule of terms.analyse written plainly, one word at a time: what the run cache must equal.

    Words and positions are ThaiTokenizer's; every word adds its compound parts;
    two words with nothing between them in the normalised text add their bridges.
    """
    cleaned, _ = analysis._clean(text)
    words, positions, parts = [], [], []
    previous, previous_end = None, -1
    for word, start, end, position in analysis._analyse(cleaned):
        words.append(word)
        positions.append(position)
        parts.extend(analysis.compound_parts(word))
        if previous is not None and previous_end == start:
            parts.extend(terms.bridges(previous, word))
        previous, previous_end = word, end
    return terms.Terms(words, positions, parts)


def texts() -> list[str]:
    found = sorted(DATA.glob("*.txt"))  # the true text of each sample document
    assert found, f"no sample truths in {DATA}"
    return [path.read_text("utf-8") for path in found]


CASES = [
    "การประเมินผลการดำเนินงาน",  # ประเมินผล bridges การประเมิน|ผลการ
    f"ประจำ{ZWSP}ปีงบประมาณ",  # an invisible space does not separate words
    "ประจำ ปีงบประมาณ",  # a real one does
    "คณะกรรมการก.ต.ป.น. ครั้งที่ ๑/๒๕๖๓",
    "ที่ ศธ 04349/ว3694 ลงวันที่ 15/05/2563",
    "ประชุม ITA ปี 2563 ฯลฯ การติดตามผล" * 3,
    "ก" * 250,  # a run longer than the cached length
    "",
]


@pytest.mark.parametrize("text", CASES)
def test_analyse_matches_the_word_by_word_rule(text):
    got, expected = terms.analyse(text), reference(text)
    assert got.words == expected.words
    assert got.positions == expected.positions
    assert Counter(got.parts) == Counter(expected.parts)  # parts are frequencies: order is free


def test_analyse_matches_the_rule_on_every_sample_truth():
    for text in texts():
        got, expected = terms.analyse(text), reference(text)
        assert (got.words, got.positions) == (expected.words, expected.positions)
        assert Counter(got.parts) == Counter(expected.parts)
        assert len(got.words) > 100


def test_words_and_positions_are_what_the_words_field_indexes():
    text = texts()[0]
    tokens = [(t.text, t.pos) for t in analysis.word_analyzer()(text, positions=True)]
    got = terms.analyse(text)
    assert tokens == list(zip(got.words, got.positions))


@pytest.mark.parametrize("text, bridge", [
    ("การประเมินผลการดำเนินงาน", "ประเมินผล"),
    (f"ประจำ{ZWSP}ปีงบประมาณ", "ประจำปี"),
])
def test_bridges_across_adjacent_words(text, bridge):
    assert bridge in terms.analyse(text).parts


def test_no_bridge_across_a_space_and_no_meaningless_fragment():
    assert "ประจำปี" not in terms.analyse("ประจำ ปีงบประมาณ").parts
    found = terms.analyse("คณะกรรมการติดตามผล")
    assert "ติดตาม" in found.words + found.parts and "ตา" not in found.words + found.parts


def test_a_run_is_analysed_once_and_then_read_from_the_cache():
    terms._run_terms.cache_clear()
    terms.analyse("การประชุมคณะกรรมการ ครั้งที่ 1 การประชุมคณะกรรมการ")
    info = terms._run_terms.cache_info()
    assert (info.misses, info.hits) == (2, 1)  # two runs, one of them twice

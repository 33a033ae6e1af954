"""Reading the search box: words, "phrases", -exclusions, filters, and the query tree they make."""
from __future__ import annotations

import pytest

from evidence_archive.archive import archive_of
from evidence_archive.textsearch import query, searching
from evidence_archive.textsearch.engine import EVERYTHING, All, AnyOf, FieldIs, Phrase, Without, Word
from evidence_archive.textsearch.query import ParsedQuery, SearchRequest, parse
from tests.conftest import make_set, stage_category

# --------------------------------------------------------------------------- parsing

def test_words_phrases_exclusions_and_filters():
    parsed = parse('ประชุม  "ก.ต.ป.น. ครั้งที่ 1/2563" -ยกเลิก -"วาระ พิเศษ" '
                   'type:meeting_invitation year:2020 ปี:๒๕๖๓')
    assert parsed.terms == ["ประชุม"]
    assert parsed.phrases == ["ก.ต.ป.น. ครั้งที่ 1/2563"]
    assert parsed.excludes == ["ยกเลิก", "วาระ พิเศษ"]
    assert parsed.filters == {"type": ["meeting_invitation"], "year": ["2020", "๒๕๖๓"]}
    assert parsed.errors == []
    assert parsed.positive == ["ประชุม", "ก.ต.ป.น. ครั้งที่ 1/2563"]


def test_thai_quotes_and_quoted_filter_values():
    parsed = parse('“ห้อง ประชุม” หมวด:"การร่วม วางแผน" สถานะ:ร่าง')
    assert parsed.phrases == ["ห้อง ประชุม"]
    assert parsed.filters == {"category": ["การร่วม วางแผน"], "status": ["ร่าง"]}


@pytest.mark.parametrize("text", ["เรื่อง:ประชุม", "09:30", "https://example.go.th/a", "2562-2563"])
def test_colons_and_dashes_inside_words_are_text(text):
    parsed = parse(text)
    assert parsed.terms == [text] and parsed.filters == {} and parsed.errors == []


def test_unknown_filter_is_reported_and_left_out():
    parsed = parse("ประชุม foo:bar")
    assert parsed.terms == ["ประชุม"] and parsed.filters == {}
    assert len(parsed.errors) == 1 and "foo:" in parsed.errors[0]


def test_lone_dash_and_empty_query():
    assert parse(" - ").positive == [] and parse(None).text == ""


def test_replaced_swaps_one_typed_word():
    parsed = parse('ประชม "ประชม ใหญ่" year:2563')
    assert parsed.replaced("ประชม", "ประชุม") == 'ประชุม "ประชม ใหญ่" year:2563'


# --------------------------------------------------------------------------- query trees

def test_a_word_is_one_term_looked_up_everywhere():
    assert query.text_query("งาน") == Word("งาน")
    assert query.text_query("การประชุม") == Word("การประชุม")  # whole word, part or bridge: one lookup


def test_numbers_stay_whole_and_thai_digits_are_read():
    assert query.text_query("๑/๒๕๖๓") == Word("1/2563")


def test_a_word_of_several_terms_is_a_phrase():
    assert query.text_query("ก.ต.ป.น.ครั้งที่") == Phrase(("กตปน", "ครั้ง", "ที่"))


def test_pieces_of_a_compound_mark_snippets():
    assert query.pieces("ปีงบประมาณ") == ["ปี", "งบประมาณ"]
    assert query.pieces("ประเมินผล") == ["ประเมิน", "ผล"]
    assert query.pieces("ติดตาม") == []  # two short syllables: one word written whole
    assert query.pieces("งาน") == []


def test_build_joins_words_and_removes_exclusions():
    q = query.build(parse('ประชุม นิเทศ -ยกเลิก'))
    assert q == Without(All((Word("ประชุม"), Word("นิเทศ"))), AnyOf((Word("ยกเลิก"),)))
    assert query.build(parse("-ยกเลิก")).positive == EVERYTHING
    assert query.build(parse("")) == EVERYTHING
    assert query.text_query("...") is None


def test_highlight_terms_leave_out_exclusions():
    terms = query.highlight_terms(parse('ปีงบประมาณ "ห้อง ประชุม" -ยกเลิก'))
    assert {"ปีงบประมาณ", "ปี", "งบประมาณ", "ห้อง", "ประชุม"} <= terms
    assert "ยกเลิก" not in terms


# --------------------------------------------------------------------------- filters

def resolved(app, text="", **request) -> tuple[dict, list]:
    parsed = parse(text)
    q = query.filter_query(SearchRequest(q=text, **request), parsed, searching.lookups())
    clauses = [] if q is None else q.children
    out = {}
    for clause in clauses:
        for term in clause.children:
            out.setdefault(term.name, set()).add(term.value)
    return out, parsed.errors


@pytest.mark.parametrize("value", ["2563", "2020", "๒๕๖๓", "๒๐๒๐"])
def test_year_in_be_or_ce_and_thai_digits(app, value):
    assert resolved(app, f"year:{value}") == ({"year": {"2563"}}, [])
    assert resolved(app, year=value) == ({"year": {"2563"}}, [])


def test_bad_year_is_an_error(app):
    filters, errors = resolved(app, "year:abc")
    assert filters == {} and "abc" in errors[0]


def test_type_by_key_or_thai_or_english_name(app):
    for value in ("meeting_invitation", "หนังสือเชิญประชุม", "Meeting invitation"):
        assert resolved(app, type=value) == ({"type": {"meeting_invitation"}}, [])
    assert resolved(app, "type:gone_plugin")[0] == {"type": {"gone_plugin"}}  # still in the index
    filters, errors = resolved(app, "ประเภท:ไม่มีประเภทนี้")
    assert filters == {} and "ไม่มีประเภทนี้" in errors[0]


def test_category_by_id_or_name(app):
    category = stage_category("การร่วมวางแผน")
    assert resolved(app, f"category:{category.id}") == ({"category": {str(category.id)}}, [])
    assert resolved(app, 'category:"การร่วมวางแผน"') == ({"category": {str(category.id)}}, [])
    root = category.parent
    assert resolved(app, category="การเปิดโอกาสให้เกิดการมีส่วนร่วม")[0] == {"category": {str(root.id)}}
    assert resolved(app, "หมวด:ไม่มีหมวดนี้")[1]


def test_set_and_status(app):
    evidence_set = make_set()
    assert resolved(app, f"set:{evidence_set.public_id}")[0] == {"set": {evidence_set.public_id}}
    for value, status in (("draft", "draft"), ("published", "public"), ("เผยแพร่", "public"),
                          ("ร่าง", "draft")):
        assert resolved(app, status=value)[0] == {"status": {status}}
    assert resolved(app, "status:maybe")[1]


def test_filters_of_one_name_are_alternatives(app):
    q = query.filter_query(SearchRequest(q="year:2563 year:2564 type:meeting_invitation"),
                           parse("year:2563 year:2564 type:meeting_invitation"),
                           searching.lookups())
    assert isinstance(q, All) and len(q.children) == 2
    years = next(c for c in q.children if c.children[0].name == "year")
    assert isinstance(years, AnyOf) and set(years.children) == {FieldIs("year", "2563"), FieldIs("year", "2564")}


def test_resolvers_are_shared_with_the_views(app):
    types = archive_of(app).types
    assert query.RESOLVERS["year"]("๒๐๒๐", types) == ["2563"]
    assert query.RESOLVERS["status"]("published", types) == ["public"]
    assert set(query.SORTS) == {"relevance", "date", "-date"}
    assert isinstance(ParsedQuery(), ParsedQuery)

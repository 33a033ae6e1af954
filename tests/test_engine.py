"""The numpy search engine reads Whoosh's index exactly as Whoosh does, and ranks as documented."""
from __future__ import annotations

import datetime as dt

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Phrase as WhooshPhrase
from whoosh.query import Term

from evidence_archive.textsearch import documents, engine
from evidence_archive.textsearch.engine import All, AnyOf, FieldIs, Phrase, Without, Word

TEXTS = [
    "การประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563 ณ ห้องประชุมพรหมวิหาร",
    "การประเมินผลการดำเนินงาน ติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา",
    "ปีงบประมาณ 2564 จัดซื้อครุภัณฑ์ โรงเรียน",
    "ข่าวประชาสัมพันธ์ ประชุม Zoom ครั้งที่ 11/2563",
]


def _doc(n: int, text: str, title: str = "", status: str = "public", numbers: str = "") -> dict:
    return {"id": str(n), "title": title, "words": text, "parts": text, "numbers": numbers,
            "type": "press_release", "category": "1", "category_id": "1", "year": "2563",
            "set": f"s{n % 3}", "status": status, "date": dt.datetime(2020, 1, 1) + dt.timedelta(days=n)}


@pytest.fixture
def big(tmp_path):
    """An index of three segments, with posting lists of several W3 blocks and a deleted document."""
    ix = whoosh_index.create_in(str(tmp_path), documents.schema())
    n = 0
    for segment in range(3):
        writer = ix.writer()
        for _ in range(300):
            writer.add_document(**_doc(n, TEXTS[n % len(TEXTS)], status="draft" if n % 5 == 0 else "public"))
            n += 1
        writer.commit(merge=False)
    writer = ix.writer()
    writer.delete_by_term("id", "7")
    writer.commit(merge=False)
    return ix


def test_postings_are_whooshs_own(big):
    with big.searcher() as searcher:
        segments = engine._Evaluation(searcher).segments
        assert len(segments) == 3
        checked = 0
        for seg in segments:
            reader = seg.reader
            for field in ("title", "words", "parts", "numbers", "status"):
                for term in reader.lexicon(field):
                    text = term.decode()
                    matcher = reader._terms.matcher(field, term, reader.schema[field].format)
                    expected = []
                    while matcher.is_active():
                        expected.append((matcher.id(), matcher.weight(), matcher.value()))
                        matcher.next()
                    ids, weights, values = seg.postings(field, text, values=True)
                    assert list(ids) == [e[0] for e in expected], (field, text)
                    assert list(weights) == pytest.approx([e[1] for e in expected])
                    assert values == [e[2] for e in expected]
                    checked += len(expected)
        assert checked > 5_000
        assert min(len(seg.postings("words", "ครั้ง")[0]) for seg in segments) > 128  # several blocks


def _ids(searcher, query, allowed=None) -> set[int]:
    matches = engine.run(searcher, query, allowed, limit=1)
    return {int(seg.reader.stored_fields(int(n))["id"]) for seg, local in matches.segments for n in local}


def _whoosh_ids(searcher, query) -> set[int]:
    return {int(hit["id"]) for hit in searcher.search(query, limit=None)}


@pytest.mark.parametrize("words", [["ห้องประชุม", "พรหมวิหาร"], ["ครั้ง", "ที่", "1/2563"], ["ประชุม", "zoom"]])
def test_phrases_match_as_whooshs(big, words):
    with big.searcher() as searcher:
        assert _ids(searcher, Phrase(tuple(words))) == _whoosh_ids(searcher, WhooshPhrase("words", words))
        assert _ids(searcher, Phrase(tuple(words)))


def test_deleted_documents_never_match(big):
    with big.searcher() as searcher:
        everything = _ids(searcher, engine.EVERYTHING)
        assert 7 not in everything and len(everything) == 899
        assert engine.run(searcher, Word("ประชุม"), limit=5).total == len(_whoosh_ids(
            searcher, Term("words", "ประชุม")) | _whoosh_ids(searcher, Term("parts", "ประชุม")))


def test_boolean_structure_and_filters(big):
    with big.searcher() as searcher:
        meeting = _ids(searcher, Word("ประชุม"))
        zoom = _ids(searcher, Word("zoom"))
        assert zoom < meeting
        assert _ids(searcher, All((Word("ประชุม"), Word("zoom")))) == zoom
        assert _ids(searcher, Without(Word("ประชุม"), AnyOf((Word("zoom"),)))) == meeting - zoom
        assert _ids(searcher, AnyOf((Word("zoom"), Word("ครุภัณฑ์")))) == zoom | _ids(searcher, Word("ครุภัณฑ์"))
        public = _ids(searcher, Word("zoom"), FieldIs("status", "public"))
        assert public and all(n % 5 for n in public) and public < zoom
        assert _ids(searcher, engine.NOTHING) == set()
        assert not engine.any_match(searcher, Word("ไม่มีคำนี้เลย"))


def test_facets_count_every_match(big):
    with big.searcher() as searcher:
        matches = engine.run(searcher, Word("ประชุม"), FieldIs("status", "public"), limit=1)
        counts = engine.facet_counts(matches, [("set", "set"), ("status", "status")])
        assert sum(counts["set"].values()) == matches.total == sum(counts["status"].values())
        assert set(counts["status"]) == {"public"}


def test_ranking_title_whole_words_and_exact_numbers(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), documents.schema())
    writer = ix.writer()
    body = "รายงานผลการดำเนินงานประจำปี " * 5
    writer.add_document(**_doc(1, body + "การประชุม"))  # compound part only
    writer.add_document(**_doc(2, body + "ประชุม"))  # whole word
    writer.add_document(**_doc(3, body + "ประชุม", title="ประชุม"))  # and in the title
    writer.add_document(**_doc(4, body + "ครั้งที่ 11/2563", numbers="11/2563"))
    writer.add_document(**_doc(5, body + "ครั้งที่ 1/2563", numbers="1/2563"))
    writer.commit()
    with ix.searcher() as searcher:
        ranked = [int(searcher.stored_fields(d)["id"]) for d, _ in engine.run(searcher, Word("ประชุม")).top]
        assert ranked == [3, 2, 1]
        ranked = [int(searcher.stored_fields(d)["id"]) for d, _ in engine.run(searcher, Word("1/2563")).top]
        assert ranked == [5]  # 1/2563 never matches 11/2563
        newest = engine.run(searcher, engine.EVERYTHING, sort="-date").top
        oldest = engine.run(searcher, engine.EVERYTHING, sort="date").top
        assert [d for d, _ in newest] == [d for d, _ in reversed(oldest)]


def test_an_index_with_no_documents_matches_nothing(tmp_path):
    """A new archive's index has no segment yet: searching it finds nothing, never fails."""
    ix = whoosh_index.create_in(str(tmp_path), documents.schema())
    with ix.searcher() as searcher:
        matches = engine.run(searcher, Word("ประชุม"), FieldIs("status", "public"))
        assert (matches.total, matches.top) == (0, [])
        assert engine.facet_counts(matches, [("type", "type")]) == {"type": {}}
        assert not engine.any_match(searcher, Word("ประชุม"))

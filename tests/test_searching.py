"""Searching as a viewer: permissions, facets, filters, numbers, snippets, sorting, suggestions."""
from __future__ import annotations

import re
import time

import pytest

from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.services import evidence, trash
from evidence_archive.textsearch import extraction, searching
from evidence_archive.textsearch.searching import SearchRequest, search
from tests.conftest import INVITATION, get_user, make_item, make_set, stage_category

SECRET, MISSPELT = "กฐิน", "กฐืน"  # a word only drafts hold, and a typo of it


def publish(target) -> None:
    evidence.set_status(target, "published", get_user())


def news(app, evidence_set, headline: str, summary: str = ""):
    return make_item(app, evidence_set, "press_release",
                     {"headline": headline, "published_on": "20/05/2563", "channel": "LINE",
                      "summary": summary}, files=())


@pytest.fixture
def archive(app, indexer):
    """Meetings 1/2563 and 11/2563 (published), and drafts that hold the word SECRET."""
    first = make_set(title="การประชุม ก.ต.ป.น. ครั้งที่ 1/2563")
    invitation = make_item(app, first)
    photos_news = news(app, first, "ภาพบรรยากาศการประชุมคณะกรรมการ")
    draft_in_public_set = news(app, first, f"ร่างข่าว {SECRET} ห้ามเผยแพร่")
    publish(first)
    evidence.set_status(draft_in_public_set, "draft", get_user())
    second = make_set(stage_category("การร่วมติดตามประเมินผล"),
                      title="การประชุม ก.ต.ป.น. ครั้งที่ 11/2563")
    eleventh = make_item(app, second, meta={
        **INVITATION, "doc_number": "ที่ ศธ 04290/1500", "date": "1 สิงหาคม 2563",
        "meeting_number": "ครั้งที่ 11/2563", "meeting_date": "15 สิงหาคม 2563",
        "subject": "ขอเชิญประชุมติดตามผลการดำเนินงาน <script>alert(1)</script>"})
    publish(second)
    hidden = make_set(title=f"ชุดร่าง {SECRET}")
    draft_set_item = news(app, hidden, f"ประชุมเตรียมงาน {SECRET}")
    return {"first": first, "second": second, "hidden": hidden, "invitation": invitation,
            "photos_news": photos_news, "eleventh": eleventh,
            "draft_in_public_set": draft_in_public_set, "draft_set_item": draft_set_item}


def run(q: str = "", drafts: bool = False, **kwargs):
    return search(SearchRequest(q=q, **kwargs), viewer_can_see_drafts=drafts)


def ids(result) -> list[int]:
    return [h.id for h in result.hits]


def facet(result, name: str) -> dict[str, int]:
    return {value: count for value, _label, count in result.facets[name]}


# --------------------------------------------------------------------------- permissions

def test_drafts_are_invisible_to_readers_everywhere(archive):
    for q in (SECRET, f"{SECRET} type:press_release", f'"ร่างข่าว {SECRET}"'):
        result = run(q)
        assert (result.total, result.hits, result.pages) == (0, [], 0)
        assert all(rows == [] for rows in result.facets.values())
    assert run(MISSPELT).suggestions == []  # the corrector's vocabulary holds the draft word
    everything = run("ประชุม")
    assert everything.total == 3 == sum(facet(everything, "status").values())
    assert facet(everything, "status") == {"public": 3}
    assert archive["draft_set_item"].id not in ids(everything)
    assert archive["hidden"].public_id not in facet(everything, "set")
    assert all(SECRET not in h.snippet + h.title_html for h in everything.hits)


def test_staff_find_drafts_with_their_status(archive):
    result = run(SECRET, drafts=True)
    assert set(ids(result)) == {archive["draft_in_public_set"].id, archive["draft_set_item"].id}
    assert facet(result, "status") == {"draft": 2}
    assert {h.status for h in result.hits} == {"draft"}
    assert run(MISSPELT, drafts=True).suggestions == [SECRET]
    assert run(f"{SECRET} status:draft", drafts=True).total == 2
    assert run("ประชุม status:published", drafts=True).total == 3


def test_a_hit_the_index_has_not_caught_up_with_is_not_shown(app, archive):
    indexer = archive_of(app).indexer
    archive_of(app).indexer = None  # the trash is not reported
    trash.trash(archive["invitation"], get_user())
    evidence.set_status(archive["second"], "draft", get_user())
    archive_of(app).indexer = indexer
    assert ids(run("ประชุม")) == [archive["photos_news"].id]


# --------------------------------------------------------------------------- facets and filters

def test_facets_count_with_labels(archive):
    result = run("ประชุม")
    assert facet(result, "type") == {"meeting_invitation": 2, "press_release": 1}
    labels = {value: label for value, label, _ in result.facets["type"]}
    assert labels["meeting_invitation"] == "หนังสือเชิญประชุม"
    assert facet(result, "year") == {"2563": 3}
    planning = archive["first"].category
    root = planning.parent
    categories = facet(result, "category")
    assert categories[str(planning.id)] == 2 and categories[str(root.id)] == 3
    labels = {value: label for value, label, _ in result.facets["category"]}
    assert labels[str(planning.id)].endswith("› การร่วมวางแผน")
    sets = {value: label for value, label, _ in result.facets["set"]}
    assert sets[archive["second"].public_id] == "อ้างอิงชุด 1: การประชุม ก.ต.ป.น. ครั้งที่ 11/2563"


def test_filters_from_the_request_and_the_query(archive):
    first = archive["first"]
    assert set(ids(run("ประชุม", type="press_release"))) == {archive["photos_news"].id}
    assert set(ids(run("ประชุม type:หนังสือเชิญประชุม"))) == {archive["invitation"].id,
                                                           archive["eleventh"].id}
    assert run("ประชุม", set=first.public_id).total == 2
    assert run("ประชุม", category=first.category.id).total == 2
    assert run("ประชุม", category=first.category.parent_id).total == 3  # sub-categories count
    assert run('ประชุม category:"การร่วมติดตามประเมินผล"').total == 1


@pytest.mark.parametrize("year", ["2563", "2020", "๒๕๖๓", "๒๐๒๐"])
def test_year_in_be_or_ce_with_thai_digits(archive, year):
    assert run(f"ประชุม year:{year}").total == 3
    assert run("ประชุม", year=year).total == 3


def test_other_year_and_bad_filter(archive):
    assert run("ประชุม year:2564").total == 0
    result = run("ประชุม year:ปีหน้า type:nothing_like_this")
    assert result.errors and result.total == 0  # type:nothing_like_this is a key no item has


# --------------------------------------------------------------------------- words, phrases, numbers

def test_all_words_must_match(archive):
    assert set(ids(run("ประชุม บรรยากาศ"))) == {archive["photos_news"].id}
    assert run("ประชุม ไม่มีคำนี้เลยแน่นอน").total == 0


def test_phrases_keep_word_order(archive):
    assert archive["invitation"].id in ids(run('"ติดตาม ตรวจสอบ"'))
    assert run('"ตรวจสอบ ติดตาม"').total == 0


def test_exclusions(archive):
    assert set(ids(run("ประชุม -บรรยากาศ"))) == {archive["invitation"].id, archive["eleventh"].id}
    assert set(ids(run('ประชุม -"ติดตาม ตรวจสอบ"'))) == {archive["photos_news"].id,
                                                       archive["eleventh"].id}


def test_compound_parts_match_but_never_a_piece_of_letters(archive):
    # ประชุม is a part of การประชุม (the news headline); ตา is no part of ติดตาม
    assert archive["photos_news"].id in ids(run("ประชุม"))
    assert run("ตา").total == 0


@pytest.mark.parametrize("typed", ["1/2563", "๑/๒๕๖๓", "ครั้งที่ 1/2563"])
def test_exact_meeting_number_first_and_never_its_neighbour(archive, typed):
    result = run(typed)
    assert ids(result)[0] == archive["invitation"].id
    assert archive["eleventh"].id not in ids(result)  # 1/2563 is not 11/2563
    assert archive["photos_news"].id in ids(result)  # its set is meeting 1/2563


@pytest.mark.parametrize("typed", ["ศธ 04290/1237", "ที่ ศธ ๐๔๒๙๐/๑๒๓๗", "04290/1237", "1237"])
def test_document_number_typed_any_way(archive, typed):
    assert ids(run(typed))[0] == archive["invitation"].id


def test_eleven_finds_only_eleven(archive):
    assert ids(run("11/2563"))[0] == archive["eleventh"].id
    assert archive["invitation"].id not in ids(run("11/2563"))


# --------------------------------------------------------------------------- what a hit shows

def test_hit_is_described_from_the_database(archive):
    hit = run("บรรยากาศ").hits[0]
    item, first = archive["photos_news"], archive["first"]
    assert (hit.id, hit.public_id, hit.title) == (item.id, item.public_id, item.title)
    assert (hit.type, hit.type_name) == ("press_release", "ข่าวประชาสัมพันธ์")
    assert (hit.set, hit.set_number, hit.set_title) == (first.public_id, 1, first.title)
    assert hit.category == first.category.id and hit.category_path.endswith("การร่วมวางแผน")
    assert hit.year == 2563 and hit.status == "public" and hit.url == f"/i/{item.public_id}"
    assert hit.document_date.isoformat() == "2020-05-20" and hit.score > 0


def test_snippet_marks_whole_words_and_escapes(archive):
    result = run("ติดตาม")
    hit = next(h for h in result.hits if h.id == archive["eleventh"].id)
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<mark>ติดตาม</mark>" in hit.title_html
    assert "<script>" not in hit.snippet and "<mark>ติดตาม</mark>" in hit.snippet
    assert set(re.findall(r"</?(\w+)", hit.snippet)) == {"mark"}


def test_snippet_marks_a_compound_through_its_part(archive):
    hit = next(h for h in run("ประชุม").hits if h.id == archive["invitation"].id)
    assert "<mark>ห้องประชุม</mark>" in hit.snippet or "<mark>ประชุม</mark>" in hit.snippet
    assert "ติด<mark>" not in hit.snippet


def test_snippet_without_a_match_is_the_start_of_the_metadata(archive):
    hit = run("ประชุม", set=archive["first"].public_id, sort="-date").hits[0]
    assert hit.snippet and "<mark>" not in run("", set=archive["first"].public_id).hits[0].snippet


def test_file_text_is_searched_and_shown(app, archive):
    item = archive["invitation"]
    for f in item.live_files():  # as services.evidence queues a new file
        extraction.enqueue(f.blob)
    db.session.commit()
    extraction.run_pending()
    # the PDF has ห้องประชุมพรหมวิหาร, which it segments differently from the typed word
    hits = run("พรหมวิหาร").hits
    hit = next(h for h in hits if h.id == item.id)
    assert hit.score == hits[0].score  # ranked first (another item has the same file)
    assert "<mark>พรหม</mark>" in hit.snippet or "<mark>พรหมวิหาร</mark>" in hit.snippet


def test_type_of_a_removed_plugin_is_named_from_the_snapshot(app, archive, monkeypatch):
    registry = archive_of(app).types
    monkeypatch.setattr(registry, "_types", {k: v for k, v in registry._types.items()
                                             if k != "press_release"})
    result = run("บรรยากาศ")
    assert result.hits[0].type_name == "ข่าวประชาสัมพันธ์"
    assert {v: label for v, label, _ in result.facets["type"]}["press_release"] == "ข่าวประชาสัมพันธ์"


# --------------------------------------------------------------------------- order and pages

def test_sort_by_date_and_pages(archive):
    newest = run("ประชุม", sort="-date")
    assert ids(newest)[0] == archive["eleventh"].id  # August 2563
    oldest = run("ประชุม", sort="date")
    assert ids(oldest) == ids(newest)[::-1]
    pages = [run("ประชุม", sort="date", per_page=1, page=n) for n in (1, 2, 3)]
    assert [ids(p)[0] for p in pages] == ids(oldest)
    assert {(p.total, p.pages, p.per_page) for p in pages} == {(3, 3, 1)}
    beyond = run("ประชุม", sort="date", per_page=1, page=99)
    assert beyond.page == 3 and ids(beyond) == ids(oldest)[-1:]


def test_empty_query_lists_everything_newest_first(archive):
    result = run("")
    assert result.total == 3 and ids(result)[0] == archive["eleventh"].id
    assert run("", drafts=True).total == 5


def test_misspelling_is_suggested_from_what_the_viewer_can_find(archive):
    assert run("บรรยากาษ").suggestions == ["บรรยากาศ"]
    assert run("บรรยากาศ").suggestions == []  # found: nothing to suggest


def test_search_is_quick_enough(archive):
    run("ประชุม")
    started = time.perf_counter()
    for _ in range(5):
        run("ประชุม ก.ต.ป.น.")
    assert (time.perf_counter() - started) / 5 < 0.5


def test_nothing_public_means_nothing_found(app, indexer):
    """Whoosh reads an empty allow-set as no filter at all: an archive of drafts only must still show nothing."""
    make_item(app, make_set())
    result = run("ประชุม")
    assert (result.total, result.hits, result.facets["status"]) == (0, [], [])
    assert run("ประชุม", drafts=True).total == 1


def test_totals_count_weak_matches_too(app, indexer):
    """Totals and facets count every match, not only those strong enough for the page."""
    evidence_set = make_set()
    strong = [news(app, evidence_set, "นิเทศ นิเทศ ติดตาม", "นิเทศ ติดตาม นิเทศ") for _ in range(2)]
    for n in range(6):
        news(app, evidence_set, f"ข่าวที่ {n}", "นิเทศ ติดตาม")
    result = run("นิเทศ ติดตาม", drafts=True, per_page=1)
    assert result.total == 8 == sum(facet(result, "status").values())
    assert ids(result)[0] in {i.id for i in strong}

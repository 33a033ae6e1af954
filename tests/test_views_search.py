"""The search page, its help, the header search box and the item page's reading notice."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import DRAFT, PUBLISHED, FileText
from evidence_archive.services import evidence
from evidence_archive.views.search import page_numbers
from tests.conftest import INVITATION, get_user, make_item, make_set, stage_category

ROLES = [None, "assessor", "staff", "admin"]
READERS = [None, "assessor"]  # find published evidence only
EDITORS = ["staff", "admin"]  # find drafts too

PHOTOS = {"activity": "ประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563",
          "activity_date": "15/05/2563", "venue": "ห้องประชุมสำนักงานเขตพื้นที่การศึกษา"}
SECOND_MEETING = {**INVITATION, "doc_number": "ที่ ศธ 04290/1500", "meeting_number": "ครั้งที่ 11/2563",
                  "date": "1 สิงหาคม 2563", "meeting_date": "15 สิงหาคม 2563",
                  "subject": "ขอเชิญประชุมติดตามผลการดำเนินงาน <script>alert(1)</script>"}
# A word only drafts hold: it must never show to readers, in any count or suggestion.
SECRET, MISSPELT = "กฐิน", "กฐืน"
DRAFT_MEETING = {**INVITATION, "doc_number": "ที่ ศธ 04290/1999", "meeting_number": "ครั้งที่ 3/2563",
                 "subject": f"ขอเชิญประชุมพิจารณา {SECRET}"}


def publish(target) -> None:
    evidence.set_status(target, PUBLISHED, get_user())


def add(app, evidence_set, meta, type_key="meeting_invitation", files=None, status=PUBLISHED):
    item = make_item(app, evidence_set, type_key, meta, **({"files": files} if files else {}))
    evidence.set_status(item, status, get_user())
    return item


@pytest.fixture
def archive(app, indexer):
    """Published meetings 1/2563 (invitation, photos) and 11/2563; a draft item and a draft set."""
    first = make_set(title="การประชุม ก.ต.ป.น. ครั้งที่ 1/2563")
    publish(first)
    second = make_set(stage_category("การร่วมติดตามประเมินผล"), "การประชุม ก.ต.ป.น. ครั้งที่ 11/2563")
    publish(second)
    hidden_set = make_set(title=f"ชุดร่าง {SECRET}")  # stays a draft
    world = {
        "first_set": first, "second_set": second, "hidden_set": hidden_set,
        "invitation": add(app, first, INVITATION),
        "photos": add(app, first, PHOTOS, "activity_photos",
                      files=(("ภาพประชุม.jpg", "photo-ktpn-1-2563.jpg"),)),
        "second": add(app, second, SECOND_MEETING),
        "draft_item": add(app, first, DRAFT_MEETING, status=DRAFT),
        # published itself, but its set is a draft: not public
        "in_draft_set": add(app, hidden_set, {**DRAFT_MEETING, "meeting_number": "ครั้งที่ 4/2563"}),
    }
    return world


def hits_of(html: str) -> list[str]:
    """Return the item URLs of the hits on a results page, in order."""
    return re.findall(r'<h3 class="hit-title"><a href="(/i/[^"]+)"', html)


def facet_links(html: str) -> dict[str, tuple[str, int]]:
    """Return {facet label: (href, count)} of a results page's sidebar."""
    out = {}
    for href, label, count in re.findall(
            r'<a href="([^"]+)"[^>]*>\s*((?:(?!<a ).)*?)\s*</a>\s*<span class="facet-count">(\d+)</span>',
            html, re.DOTALL):
        text = unescape(re.sub(r"<[^>]+>", "", label))
        out[" ".join(text.split())] = (unescape(href), int(count))
    return out


def args_of(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


# --------------------------------------------------------------------------- who finds what

@pytest.mark.parametrize("role", ROLES)
def test_search_finds_what_each_role_may_see(role_client, archive, role):
    resp = role_client(role).get("/search?q=ประชุม")
    assert resp.status_code == 200
    html = resp.text
    found = set(hits_of(html))
    public = {f"/i/{archive[k].public_id}" for k in ("invitation", "photos", "second")}
    drafts = {f"/i/{archive[k].public_id}" for k in ("draft_item", "in_draft_set")}
    if role in EDITORS:
        assert found == public | drafts
        assert "พบ 5 รายการ" in html
        assert '<span class="badge draft">ฉบับร่าง</span>' in html
        assert "สถานะ" in html  # the status facet
    else:
        assert found == public
        assert "พบ 3 รายการ" in html
        assert SECRET not in html and "ชุดร่าง" not in html and "ฉบับร่าง" not in html
        assert '<section class="facet">\n      <h2>สถานะ</h2>' not in html


@pytest.mark.parametrize("role", READERS)
def test_readers_never_meet_drafts_in_counts_facets_or_suggestions(role_client, archive, role):
    client = role_client(role)
    assert "ไม่พบหลักฐานที่ตรงกับคำค้น" in client.get(f"/search?q={SECRET}").text
    html = client.get("/search?q=").text  # everything, newest first
    assert "พบ 3 รายการ" in html and SECRET not in html
    facets = facet_links(html)
    assert facets["หนังสือเชิญประชุม"][1] == 2
    assert facets["ภาพกิจกรรม"][1] == 1
    misspelt = client.get(f"/search?q={MISSPELT}").text  # one letter off
    assert "ไม่พบหลักฐานที่ตรงกับคำค้น" in misspelt
    assert "คุณหมายถึง" not in misspelt and SECRET not in misspelt


def test_staff_get_suggestions_from_drafts(role_client, archive):
    html = role_client("staff").get(f"/search?q={MISSPELT}").text
    suggestion = re.search(r'<p class="suggest">คุณหมายถึง\s*<a href="([^"]+)">([^<]+)</a>', html)
    assert suggestion[2] == SECRET
    assert args_of(unescape(suggestion[1])) == {"q": SECRET}


def test_facets_count_and_their_links_filter(client, archive):
    html = client.get("/search?q=ประชุม").text
    facets = facet_links(html)
    assert facets["หนังสือเชิญประชุม"][1] == 2
    assert facets["ภาพกิจกรรม"][1] == 1
    assert facets["ปีงบประมาณ 2563"][1] == 3
    stage = next(label for label in facets if label.endswith("การร่วมวางแผน"))
    assert facets[stage][1] == 2
    assert facets["อ้างอิงชุด 1: การประชุม ก.ต.ป.น. ครั้งที่ 1/2563"][1] == 2

    href = facets["หนังสือเชิญประชุม"][0]
    assert args_of(href) == {"q": "ประชุม", "type": "meeting_invitation"}
    filtered = client.get(href).text
    assert set(hits_of(filtered)) == {f"/i/{archive['invitation'].public_id}",
                                      f"/i/{archive['second'].public_id}"}
    assert "พบ 2 รายการ" in filtered
    # the active filter is a chip, and its facet link now removes it
    assert '<span class="chip-name">ประเภทหลักฐาน:</span> หนังสือเชิญประชุม' in filtered
    chip = re.search(r'<a class="chip" href="([^"]+)"', filtered)[1]
    assert args_of(unescape(chip)) == {"q": "ประชุม"}
    assert args_of(facet_links(filtered)["หนังสือเชิญประชุม"][0]) == {"q": "ประชุม"}

    # a second filter keeps the first, and the search box carries both
    both = client.get(facet_links(filtered)[stage][0]).text
    assert hits_of(both) == [f"/i/{archive['invitation'].public_id}"]
    assert '<input type="hidden" name="type" value="meeting_invitation">' in both
    assert "ล้างตัวกรองทั้งหมด" in both


def test_category_filter_includes_subcategories(client, archive):
    root = stage_category().parent
    html = client.get(f"/search?category={root.id}").text
    assert "พบ 3 รายการ" in html


def test_filters_typed_in_the_query_and_given_as_parameters_agree(client, archive):
    typed = hits_of(client.get("/search?q=type:activity_photos").text)
    given = hits_of(client.get("/search?type=activity_photos").text)
    assert typed == given == [f"/i/{archive['photos'].public_id}"]
    thai_year = client.get("/search?year=๒๕๖๓").text
    assert "พบ 3 รายการ" in thai_year and "ปีงบประมาณ: 2563" in thai_year.replace(
        '<span class="chip-name">ปีงบประมาณ:</span>', "ปีงบประมาณ:")


# --------------------------------------------------------------------------- how hits read

def test_snippet_marks_matches_and_titles_are_escaped(client, archive):
    html = client.get("/search?q=ติดตาม -ตรวจสอบ").text
    assert hits_of(html) == [f"/i/{archive['second'].public_id}"]
    assert "ขอเชิญประชุม<mark>ติดตาม</mark>ผลการดำเนินงาน &lt;script&gt;" in html  # title and snippet
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_hit_shows_type_set_category_year_and_date(client, archive):
    html = client.get("/search?q=ศธ 04290/1237").text
    assert hits_of(html)[0] == f"/i/{archive['invitation'].public_id}"
    assert "หนังสือเชิญประชุม" in html
    assert "อ้างอิงชุด 1: การประชุม ก.ต.ป.น. ครั้งที่ 1/2563" in html
    assert "การร่วมวางแผน" in html
    assert "ปีงบประมาณ 2563" in html
    assert "ลงวันที่ 1 พฤษภาคม 2563" in html


def test_thai_digits_in_the_query(client, archive):
    html = client.get('/search?q="ครั้งที่ ๑/๒๕๖๓"').text
    found = hits_of(html)
    assert f"/i/{archive['invitation'].public_id}" in found
    assert f"/i/{archive['second'].public_id}" not in found  # 11/2563 is another meeting


def test_text_inside_files_is_found_and_shown(app, client, archive, indexer):
    item = archive["invitation"]
    sha = item.live_files()[0].sha256
    row = db.session.get(FileText, sha) or FileText(sha256=sha)
    row.status, row.text = "done", "ที่ประชุมมีมติอนุมัติแผนปฏิบัติการประจำปี"
    db.session.add(row)
    db.session.commit()
    indexer.update({item.id})
    html = client.get("/search?q=อนุมัติ").text
    assert hits_of(html) == [f"/i/{item.public_id}"]
    assert "มีมติ<mark>อนุมัติ</mark>แผนปฏิบัติการ" in html


def test_sort_by_date(client, archive):
    newest = hits_of(client.get("/search?q=ประชุม&sort=-date").text)
    oldest = hits_of(client.get("/search?q=ประชุม&sort=date").text)
    assert newest[0] == f"/i/{archive['second'].public_id}"  # 1 August 2563
    assert oldest[-1] == newest[0]
    html = client.get("/search?q=ประชุม&sort=-date").text
    assert '<option value="-date" selected>วันที่ล่าสุด</option>' in html
    assert "เกี่ยวข้องที่สุด" in html and "วันที่เก่าสุด" in html


def test_pages(client, archive):
    html = client.get("/search?q=ประชุม&per_page=1&page=2").text
    assert len(hits_of(html)) == 1
    assert 'aria-current="page">2<' in html
    assert "ก่อนหน้า" in html and "ถัดไป" in html
    next_link = re.search(r'<a rel="next" href="([^"]+)"', html)[1]
    assert args_of(unescape(next_link)) == {"q": "ประชุม", "per_page": "1", "page": "3"}


def test_page_numbers():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 4) == [1, 2, 3, 4]
    assert page_numbers(10, 20) == [1, None, 8, 9, 10, 11, 12, None, 20]


# --------------------------------------------------------------------------- nothing found, errors

def test_nothing_found_page_helps(client, archive):
    html = client.get("/search?q=ประชุม zzzznotthere&type=activity_photos").text
    assert "ไม่พบหลักฐานที่ตรงกับคำค้น" in html
    assert "ตรวจการสะกดคำ" in html and "กตปน" in html
    assert "ลบตัวกรองบางตัว" in html
    assert 'href="/search/help"' in html


def test_a_new_archive_with_nothing_indexed_finds_nothing(client, indexer):
    """The index of a new archive has no segment yet (the README's first command leads here)."""
    for url in ("/search?q=ประชุม", "/api/v1/search?q=ประชุม"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "ไม่พบหลักฐานที่ตรงกับคำค้น" in client.get("/search?q=ประชุม").text
    assert client.get("/api/v1/search?q=ประชุม").json["total"] == 0


def test_query_errors_are_shown_in_thai(client, archive):
    html = client.get("/search?q=foo:bar ประชุม&year=abc&sort=x").text
    assert "ไม่รู้จักตัวกรอง" in html
    assert "ปีงบประมาณ" in html and "abc" in html
    assert "พบ 3 รายการ" in html  # searched without the bad parts


def test_search_without_an_index_says_so(app, client):
    archive_of(app).indexer = None
    resp = client.get("/search?q=ประชุม")
    assert resp.status_code == 503
    assert "ระบบค้นหายังไม่พร้อมใช้งาน" in resp.text


def test_results_in_english(client, archive):
    html = client.get("/search?q=ประชุม&lang=en").text
    assert "3 found" in html and "Most relevant" in html and "Fiscal year 2563" in html


# --------------------------------------------------------------------------- help

def test_help_lists_syntax_and_installed_types(client, app):
    html = client.get("/search/help").text
    for text in ("วลีในเครื่องหมายคำพูด", "-คำที่ไม่ต้องการ", "type:", "year:", "category:",
                 "set:", "status:", "ประชุม ก.ต.ป.น.", "&#34;ครั้งที่ 1/2563&#34;",
                 "ที่ ศธ 04290/1237", "งบประมาณ -ประชุม", "type:meeting_minutes year:2563"):
        assert text in html, text
    for etype in archive_of(app).types:
        assert f"<code>{etype.key}</code>" in html
        assert etype.name in html


def test_help_in_english(client):
    assert "How to search" in client.get("/search/help?lang=en").text


# --------------------------------------------------------------------------- header box, item notice

def test_search_box_is_on_every_page(client, archive):
    item = archive["invitation"]
    for url in ("/", "/years/2563/", f"/categories/{stage_category().id}/",
                f"/s/{item.evidence_set.public_id}", f"/i/{item.public_id}", "/login",
                "/search/help", "/no-such-page"):
        html = client.get(url).text
        box = re.search(r'<form class="site-search" role="search" method="get" action="/search">'
                        r'(.*?)</form>', html, re.DOTALL)
        assert box, url
        assert 'name="q"' in box[1] and 'aria-label="ค้นหาหลักฐาน"' in box[1]
        assert 'placeholder="ค้นหาหลักฐาน เช่น ประชุม ก.ต.ป.น. 1/2563"' in box[1]
    # the results page has its own, bigger box instead
    results = client.get("/search?q=ประชุม").text
    assert 'class="site-search"' not in results and 'id="search-q"' in results


def _reading(item, status: str) -> None:
    for f in item.live_files():
        row = db.session.get(FileText, f.sha256) or FileText(sha256=f.sha256)
        row.status = status
        db.session.add(row)
    db.session.commit()


PENDING_NOTICE = "กำลังอ่านข้อความในไฟล์ ระบบจะค้นหาข้อความในไฟล์ได้เมื่ออ่านเสร็จ"


def test_item_page_says_while_its_files_are_being_read(role_client, archive):
    item = archive["invitation"]
    _reading(item, "pending")
    assert PENDING_NOTICE in role_client(None).get(f"/i/{item.public_id}").text
    _reading(item, "done")
    assert PENDING_NOTICE not in role_client(None).get(f"/i/{item.public_id}").text
    _reading(item, "failed")
    assert "อ่านข้อความในไฟล์บางไฟล์ไม่ได้" in role_client("staff").get(f"/i/{item.public_id}").text
    assert "อ่านข้อความในไฟล์บางไฟล์ไม่ได้" not in role_client(None).get(f"/i/{item.public_id}").text

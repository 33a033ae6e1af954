"""Home, year and category pages: the tree, the sets each visitor may see, and year URLs."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from evidence_archive.db import db
from evidence_archive.services import catalog, trash
from tests.conftest import get_user, make_item, make_set, stage_category
from tests.test_views_public import EDITORS, ROLES, publish, stub_linked_endpoints

PUBLISHED_TITLE = "การประชุม ก.ต.ป.น. ครั้งที่ 1/2563"
DRAFT_TITLE = "ร่างการประชุมครั้งที่ 2/2563"


@pytest.fixture(autouse=True)
def _linked_endpoints(app):
    stub_linked_endpoints(app)


@pytest.fixture
def two_sets(app):
    """A published set with one item and a draft set, both in การร่วมวางแผน."""
    published = make_set(title=PUBLISHED_TITLE)
    make_item(app, published)
    publish(published)
    draft = make_set(title=DRAFT_TITLE)
    return published, draft


# --------------------------------------------------------------------------- home

@pytest.mark.parametrize("role", ROLES)
def test_home_shows_agency_years_and_tree(role_client, two_sets, role):
    resp = role_client(role).get("/")
    assert resp.status_code == 200
    text = resp.text
    assert "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาอุบลราชธานี อำนาจเจริญ" in text
    assert "สพม.29" in text
    assert "ปีงบประมาณ 2563" in text
    assert "O33 การเปิดโอกาสให้เกิดการมีส่วนร่วม" in text
    for stage, _ in catalog.PARTICIPATION_STAGES:
        assert stage in text
    assert "/years/2563/" in text and "/years/2563/links" in text
    assert f"/categories/{stage_category().id}/" in text
    assert "1 ชุด" in text  # the published set counts for everyone
    assert ("ฉบับร่าง 1 ชุด" in text) is (role in EDITORS)


def test_home_lists_years_newest_first(client):
    catalog.create_year(2568)
    text = client.get("/").text
    assert text.index("ปีงบประมาณ 2568") < text.index("ปีงบประมาณ 2563")


def test_home_in_english(client):
    text = client.get("/?lang=en").text
    assert "Fiscal year 2563" in text
    assert "Participation in planning" in text


# --------------------------------------------------------------------------- year

@pytest.mark.parametrize("role", ROLES)
def test_year_page_sets_by_role(role_client, two_sets, role):
    published, draft = two_sets
    resp = role_client(role).get("/years/2563/")
    assert resp.status_code == 200
    text = resp.text
    assert "ปีงบประมาณ 2563" in text
    assert f"อ้างอิงชุด 1: {PUBLISHED_TITLE}" in text
    assert f"/s/{published.public_id}" in text
    assert "1 รายการ" in text
    assert (DRAFT_TITLE in text) is (role in EDITORS)
    assert (f"/s/{draft.public_id}" in text) is (role in EDITORS)
    assert ("ฉบับร่าง" in text) is (role in EDITORS)


@pytest.mark.parametrize("role, shown", [(None, False), ("assessor", False),
                                         ("staff", True), ("admin", True)])
def test_year_page_new_set_link_for_editors(role_client, role, shown):
    text = role_client(role).get("/years/2563/").text
    assert ("สร้างชุดหลักฐานใหม่" in text) is shown
    assert (f"/categories/{stage_category().id}/sets/new" in text) is shown


def test_year_page_shows_indicator_and_elements(client):
    root = stage_category().parent
    root.required_elements = ["หนังสือเชิญประชุม", "รายงานการประชุม", "ภาพกิจกรรม"]
    db.session.commit()
    text = client.get("/years/2563/").text
    assert "O33" in text and "การเปิดโอกาสให้เกิดการมีส่วนร่วม" in text
    assert "องค์ประกอบที่ต้องแสดง" in text
    assert "<li>รายงานการประชุม</li>" in text


@pytest.mark.parametrize("role", ROLES)
def test_trashed_set_hidden_on_year_page(role_client, two_sets, role):
    published, _ = two_sets
    trash.trash(published, get_user("staff"))
    assert PUBLISHED_TITLE not in role_client(role).get("/years/2563/").text


def test_draft_item_not_counted_for_readers(app, role_client, two_sets):
    published, _ = two_sets
    make_item(app, published)  # a second item, still a draft
    assert "1 รายการ" in role_client(None).get("/years/2563/").text


def test_draft_item_counted_for_staff(app, role_client, two_sets):
    published, _ = two_sets
    make_item(app, published)
    assert "2 รายการ" in role_client("staff").get("/years/2563/").text


@pytest.mark.parametrize("url", ["/years/2020/", "/years/๒๕๖๓/", "/years/2563"])
def test_year_urls_lead_to_the_be_year(client, url):
    resp = client.get(url)
    assert resp.status_code in (301, 302, 308)
    assert resp.headers["Location"].endswith("/years/2563/")


@pytest.mark.parametrize("url", ["/years/2570/", "/years/1800/", "/years/abc/", "/years/2025/"])
def test_unknown_year_is_404(client, url):
    assert client.get(url, follow_redirects=True).status_code == 404


def test_year_page_queries_do_not_grow_with_sets(app, client):
    """The year page costs the same number of queries for 1 set as for 8 (no N+1)."""
    def count_queries() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/years/2563/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    publish(make_set(title="ชุดแรก"))
    count_queries()  # warm up: what a first request loads once is not what we measure
    db.session.expire_all()
    few = count_queries()
    for name, _ in catalog.PARTICIPATION_STAGES:
        for _ in range(2):
            evidence_set = make_set(stage_category(name), title=f"ชุด {name}")
            make_item(app, evidence_set)
            publish(evidence_set)
    db.session.expire_all()
    many = count_queries()
    assert many <= few


def test_year_page_in_english(client, two_sets):
    text = client.get("/years/2563/?lang=en").text
    assert "Fiscal year 2563" in text
    assert f"Evidence set 1: {PUBLISHED_TITLE}" in text
    assert "Link list for the ITA form" in text


# --------------------------------------------------------------------------- category

@pytest.mark.parametrize("role", ROLES)
def test_category_page(role_client, two_sets, role):
    published, draft = two_sets
    category = stage_category()
    category.description = "การมีส่วนร่วมในการวางแผนของผู้มีส่วนได้ส่วนเสีย"
    db.session.commit()
    resp = role_client(role).get(f"/categories/{category.id}/")
    assert resp.status_code == 200
    text = resp.text
    # breadcrumbs: year › parent › category
    assert text.index("ปีงบประมาณ 2563") < text.index("O33 การเปิดโอกาสให้เกิดการมีส่วนร่วม") \
        < text.index('aria-current="page">การร่วมวางแผน')
    assert "การมีส่วนร่วมในการวางแผนของผู้มีส่วนได้ส่วนเสีย" in text
    assert f"อ้างอิงชุด 1: {PUBLISHED_TITLE}" in text
    assert (DRAFT_TITLE in text) is (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_category_page_lists_subcategories(role_client, two_sets, role):
    root = stage_category().parent
    text = role_client(role).get(f"/categories/{root.id}/").text
    assert "หมวดย่อย" in text
    for stage, _ in catalog.PARTICIPATION_STAGES:
        assert stage in text
    assert f"/categories/{stage_category().id}/" in text
    assert ("ฉบับร่าง 1 ชุด" in text) is (role in EDITORS)


def test_empty_category_says_so(client):
    text = client.get(f"/categories/{stage_category('การร่วมดำเนินการ').id}/").text
    assert "ยังไม่มีชุดหลักฐานที่เผยแพร่" in text


@pytest.mark.parametrize("role", ROLES)
def test_trashed_category_is_404(role_client, role):
    category = stage_category()
    trash.trash(category.parent, get_user("admin"))
    c = role_client(role)
    assert c.get(f"/categories/{category.parent.id}/").status_code == 404
    assert c.get(f"/categories/{category.id}/").status_code == 404  # under a trashed parent
    assert "การร่วมวางแผน" not in c.get("/years/2563/").text


def test_unknown_category_is_404(client):
    assert client.get("/categories/9999/").status_code == 404


def test_category_page_in_english(client):
    text = client.get(f"/categories/{stage_category().id}/?lang=en").text
    assert "Participation in planning" in text
    assert "Fiscal year 2563" in text
    assert "No published evidence sets yet" in text

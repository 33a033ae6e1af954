"""GET /api/v1/search: what each caller finds, facets, paging and refused parameters."""
from __future__ import annotations

import pytest

from evidence_archive.archive import archive_of
from evidence_archive.services import users
from tests import test_views_search as search_views
from tests.conftest import get_user
from tests.test_views_search import EDITORS, MISSPELT, ROLES, SECRET

# The same archive and index as the search page's tests.
archive = search_views.archive  # the indexer fixture comes from conftest

URL = "/api/v1/search"
HIT_KEYS = {"id", "title", "type", "type_name", "category", "category_path", "set", "set_number",
            "set_title", "year", "score", "snippet", "url", "status", "document_date",
            "document_date_be"}


def ids(body) -> set[str]:
    return {h["id"] for h in body["hits"]}


def public_ids(archive, *keys) -> set[str]:
    return {archive[k].public_id for k in keys}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_what_it_may_see(role_client, archive, role):
    resp = role_client(role).get(URL, query_string={"q": "ประชุม"})
    assert resp.status_code == 200
    body = resp.get_json()
    public = public_ids(archive, "invitation", "photos", "second")
    drafts = public_ids(archive, "draft_item", "in_draft_set")
    counts = {row["value"]: row["count"] for row in body["facets"]["status"]}
    if role in EDITORS:
        assert ids(body) == public | drafts and body["total"] == 5
        assert counts == {"public": 3, "draft": 2}
    else:
        assert ids(body) == public and body["total"] == 3
        assert counts == {"public": 3}
        assert SECRET not in resp.get_data(as_text=True)
        assert all(h["status"] == "public" for h in body["hits"])


def test_a_staff_token_finds_drafts(client, archive):
    _token, secret = users.create_token(get_user("staff"))
    body = client.get(URL, query_string={"q": SECRET},
                      headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert ids(body) == public_ids(archive, "draft_item", "in_draft_set")
    assert {h["status"] for h in body["hits"]} == {"draft"}


def test_readers_get_no_suggestion_from_drafts(role_client, archive):
    assert role_client(None).get(URL, query_string={"q": MISSPELT}).get_json()["suggestions"] == []
    staff = role_client("staff").get(URL, query_string={"q": MISSPELT}).get_json()
    assert staff["suggestions"] == [SECRET] and staff["total"] == 0


def test_the_shape_of_an_answer(client, archive):
    body = client.get(URL, query_string={"q": "ศธ 04290/1237"}).get_json()
    assert {"q", "total", "page", "per_page", "pages", "facets", "hits", "suggestions",
            "errors"} <= set(body)
    assert set(body["facets"]) == {"type", "category", "year", "set", "status"}
    assert body["facets"]["type"] == [{"value": "meeting_invitation", "label": "หนังสือเชิญประชุม",
                                       "count": 1}]
    hit = body["hits"][0]
    assert set(hit) == HIT_KEYS
    item = archive["invitation"]
    assert hit["id"] == item.public_id
    assert hit["url"] == f"http://localhost/i/{item.public_id}"
    assert hit["type"] == "meeting_invitation" and hit["type_name"] == "หนังสือเชิญประชุม"
    assert hit["set"] == item.evidence_set.public_id and hit["set_number"] == 1
    assert hit["year"] == 2563 and hit["category_path"].endswith("การร่วมวางแผน")
    assert hit["document_date"] == "2020-05-01" and hit["document_date_be"] == "1 พฤษภาคม 2563"
    assert "<mark>" in hit["snippet"]
    assert body["errors"] == {} and body["suggestions"] == []


def test_an_answer_says_where_its_time_went(client, archive):
    """Server-Timing: the index queue read, the index, the hits' rows and snippets (ms),
    then the search thread's own CPU time and its wait for a CPU (Linux, where CI runs)."""
    for url in (URL, "/search"):
        resp = client.get(url, query_string={"q": "ประชุม"})
        assert resp.status_code == 200
        parts = {name: float(ms) for name, ms in (
            part.split(";dur=") for part in resp.headers["Server-Timing"].split(", "))}
        assert list(parts) == ["queue", "index", "hits", "cpu", "cpu-wait"]
        assert all(ms >= 0 for ms in parts.values())
        assert parts["index"] > 0 and parts["hits"] > 0
        # Computed, not waited for: the CPU time is most of the search's own time here.
        assert 0 < parts["cpu"] <= 1.5 * (parts["queue"] + parts["index"] + parts["hits"]) + 1


def test_facet_counts_and_filters(client, archive):
    body = client.get(URL, query_string={"q": "ประชุม"}).get_json()
    types = {row["value"]: row["count"] for row in body["facets"]["type"]}
    assert types == {"meeting_invitation": 2, "activity_photos": 1}
    assert body["facets"]["year"] == [{"value": "2563", "label": "2563", "count": 3}]
    filtered = client.get(URL, query_string={"q": "ประชุม", "type": "activity_photos"}).get_json()
    assert ids(filtered) == public_ids(archive, "photos")
    category = archive["second"].evidence_set.category_id
    by_category = client.get(URL, query_string={"category": category}).get_json()
    assert ids(by_category) == public_ids(archive, "second")
    by_set = client.get(URL, query_string={"set": archive["first_set"].public_id}).get_json()
    assert ids(by_set) == public_ids(archive, "invitation", "photos")


def test_thai_digits(client, archive):
    body = client.get(URL, query_string={"q": "๐๔๒๙๐/๑๒๓๗", "year": "๒๕๖๓"}).get_json()
    assert ids(body) == public_ids(archive, "invitation")


def test_pages_and_sorting(client, archive):
    newest = client.get(URL, query_string={"q": "ประชุม", "sort": "-date", "per_page": 1}).get_json()
    assert newest["pages"] == 3 and newest["per_page"] == 1 and len(newest["hits"]) == 1
    assert newest["hits"][0]["id"] == archive["second"].public_id
    second = client.get(URL, query_string={"q": "ประชุม", "sort": "-date", "per_page": 1,
                                           "page": 2}).get_json()
    assert second["page"] == 2 and second["hits"][0]["id"] != newest["hits"][0]["id"]
    assert client.get(URL, query_string={"per_page": 100}).status_code == 200


@pytest.mark.parametrize("args,field", [
    ({"page": "abc"}, "page"), ({"page": 0}, "page"), ({"per_page": 101}, "per_page"),
    ({"sort": "title"}, "sort"), ({"year": "abc"}, "year"), ({"status": "maybe"}, "status"),
    ({"type": "ไม่มีประเภทนี้"}, "type"), ({"category": "ไม่มีหมวดนี้"}, "category"),
])
def test_bad_parameters_are_refused_in_thai(client, archive, args, field):
    resp = client.get(URL, query_string=args)
    assert resp.status_code == 422
    body = resp.get_json()
    assert set(body["errors"]) == {field}
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in body["errors"][field] + body["error"])


def test_mistakes_inside_the_query_are_reported_with_the_results(client, archive):
    body = client.get(URL, query_string={"q": "ประชุม foo:bar"}).get_json()
    assert body["total"] == 3
    assert "ไม่รู้จักตัวกรอง" in body["errors"]["q"]


def test_without_an_index_the_api_says_so(client, app):
    archive_of(app).indexer = None
    resp = client.get(URL, query_string={"q": "ประชุม"})
    assert resp.status_code == 503
    assert resp.get_json()["error"] == "ระบบค้นหายังไม่พร้อมใช้งาน"

"""Regression tests from the security review: leaks, redirects, overflows, bad images, audit."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from evidence_archive.auth import is_safe_next
from evidence_archive.db import db
from evidence_archive.errors import ValidationError
from evidence_archive.models import AuditEvent, Blob, Category, EvidenceItem
from evidence_archive.services import catalog, category_io, evidence, trash, users

from .conftest import DATA, PASSWORD, get_user, make_item, make_set, stage_category

BIG = "9" * 30


def test_api_set_list_hides_sets_under_a_trashed_parent(app, role_client):
    evidence_set = make_set()
    make_item(app, evidence_set)
    evidence.set_status(evidence_set, "published", get_user())
    trash.trash(stage_category().parent, get_user("admin"))
    for role in (None, "staff"):
        listed = role_client(role).get("/api/v1/sets").json
        assert evidence_set.public_id not in [s["id"] for s in listed["items"]]
        assert listed["total"] == 0


@pytest.mark.parametrize("target", [
    "http:///evil.com", "http:////evil.com/x", "//evil.com", "/\\evil.com", "https://evil.com",
    "javascript:alert(1)", "/ok\r\nSet-Cookie: x=1", "evil.com", "", None,
])
def test_unsafe_next_targets_are_refused(app, target):
    with app.test_request_context():
        assert not is_safe_next(target)


def test_safe_next_targets_are_kept(app):
    with app.test_request_context():
        assert is_safe_next("/years/2563/?q=ประชุม")


@pytest.mark.parametrize("url", ["/lang/th?next=http:////evil.com/x", "/lang/th?next=%0d%0a"])
def test_language_switch_never_leaves_the_site(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.location == "/"


def test_login_next_never_leaves_the_site(client):
    response = client.post("/login?next=http:///evil.com",
                           data={"username": "staff", "password": PASSWORD})
    assert response.status_code == 302 and "evil" not in response.location


@pytest.mark.parametrize("role,url,status", [
    (None, f"/categories/{BIG}/", 404), (None, f"/years/{BIG}/links", 404),
    (None, f"/api/v1/sets?page={BIG}", 422), (None, f"/api/v1/sets?category={BIG}", 422),
    (None, f"/api/v1/categories/{BIG}", 404), ("assessor", f"/years/{BIG}/download.zip", 404),
    ("admin", f"/admin/users/{BIG}", 404),
    ("admin", f"/admin/audit?page={BIG}", 200),  # a page past the end: one that exists
    ("admin", "/api/v1/audit?since=9999-12-31T23:59:59-01:00", 422),
])
def test_huge_numbers_in_urls_are_a_client_error(role_client, role, url, status):
    assert role_client(role).get(url).status_code == status


@pytest.mark.parametrize("role,method,url,body", [
    ("staff", "POST", "/api/v1/sets", {"category": BIG, "title": "ชุด"}),
    ("staff", "POST", "/api/v1/sets", {"category": 2, "title": "ชุด", "number": BIG}),
    ("admin", "POST", "/api/v1/trash/category/²/restore", None),
])
def test_huge_or_odd_numbers_in_bodies_are_a_client_error(role_client, role, method, url, body):
    response = role_client(role).open(url, method=method, json=body)
    assert response.status_code in (400, 404, 422)


def test_huge_set_number_in_the_form(role_client):
    response = role_client("staff").post(f"/categories/{stage_category().id}/sets/new",
                                         data={"number": BIG, "title": "ชุด"})
    assert response.status_code == 422


def test_reorder_with_non_string_ids_is_refused(app, role_client, sample_set):
    response = role_client("staff").post(f"/api/v1/sets/{sample_set.public_id}/reorder",
                                         json={"items": [[1], {"a": 1}]})
    assert response.status_code == 422


@pytest.mark.parametrize("call", [
    lambda: users.create_user("longname", PASSWORD, "staff", "ก" * 201),
    lambda: users.create_token(get_user(), "ก" * 201),
    lambda: catalog.update_agency(catalog.get_agency(), get_user("admin"), "ก" * 301, "สพม."),
    lambda: catalog.save_category(get_user("admin"), catalog.get_year(2563), "ก" * 301),
])
def test_overlong_text_is_a_field_error(app, call):
    with pytest.raises(ValidationError) as info:
        call()
    assert "ยาวเกิน" in " ".join(info.value.errors.values())


def test_truncated_photo_is_refused_and_nothing_is_kept(app, role_client, sample_set):
    data = (DATA / "photo-ktpn-1-2563.jpg").read_bytes()
    response = role_client("staff").post(
        f"/s/{sample_set.public_id}/items/new?type=activity_photos",
        data={"activity": "ประชุม", "activity_date": "15/05/2563", "venue": "ห้องประชุม",
              "files": [(__import__("io").BytesIO(data[: len(data) // 3]), "ภาพ.jpg")]},
        headers={"Accept": "application/json"})
    assert response.status_code == 422 and "ภาพ.jpg" in response.json["errors"]["files"]
    assert db.session.scalar(select(func.count()).select_from(EvidenceItem)) == 1
    assert db.session.scalar(select(func.count()).select_from(Blob)) == 1


def test_file_downloads_are_audited(app, role_client, sample_set):
    evidence.set_status(sample_set, "published", get_user())
    stored = sample_set.items[0].files[0]
    assert role_client(None).get(f"/f/{stored.public_id}/x.pdf").status_code == 200
    assert role_client(None).head(f"/f/{stored.public_id}/x.pdf").status_code == 200
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "download")).all()
    assert len(events) == 1 and events[0].details["anonymous"] is True
    assert events[0].target_type == "ItemFile" and events[0].target_id == stored.id


def test_a_failed_import_leaves_no_new_year(app):
    data = {"categories": [{"name": "ก" * 301}]}
    with pytest.raises(ValidationError):
        category_io.import_tree(data, 2570)
    assert catalog.get_year(2570) is None
    assert db.session.scalar(select(func.count()).select_from(Category)
                             .where(Category.name.startswith("กกก"))) == 0


# --------------------------------------------------------------------------- login throttling

ATTACKER, OFFICE = "198.51.100.7", "203.0.113.20"


@pytest.fixture
def app_config(app_config, request):
    """The shared test config plus the settings a test passes by indirect parametrization."""
    return {**app_config, **getattr(request, "param", {})}


def sign_in(client, username: str, password: str, address: str, **kwargs):
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address}, **kwargs)


def test_an_attacker_cannot_lock_the_real_user_out(app):
    attacker = app.test_client()
    answers = [sign_in(attacker, "staff", f"guess {n}", ATTACKER).status_code for n in range(50)]
    assert answers[:5] == [401] * 5 and set(answers[5:]) == {429}
    # The real staff member, at the office, signs in at once ...
    assert sign_in(app.test_client(), "staff", PASSWORD, OFFICE).status_code == 302
    # ... while the attacker's address stays throttled, even with the right password.
    refused = sign_in(attacker, "staff", PASSWORD, ATTACKER)
    assert refused.status_code == 429 and "15 นาที" in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"] == "900"


def test_one_name_throttled_on_an_address_leaves_other_names_there(app):
    client = app.test_client()
    for _ in range(5):
        assert sign_in(client, "staff", "wrong", ATTACKER).status_code == 401
    assert sign_in(client, "staff", PASSWORD, ATTACKER).status_code == 429
    assert sign_in(app.test_client(), "admin", PASSWORD, ATTACKER).status_code == 302


def test_an_address_trying_many_names_is_throttled_for_every_name(app):
    client = app.test_client()
    for n in range(20):  # four tries each for five names: under the per-name limit
        assert sign_in(client, f"user{n % 5}", "wrong", ATTACKER).status_code == 401
    assert sign_in(client, "assessor", PASSWORD, ATTACKER).status_code == 429
    assert sign_in(app.test_client(), "assessor", PASSWORD, OFFICE).status_code == 302


def test_old_failures_leave_the_window(app):
    client = app.test_client()
    for _ in range(5):
        sign_in(client, "staff", "wrong", ATTACKER)
    db.session.execute(update(AuditEvent).values(at=AuditEvent.at - timedelta(minutes=16)))
    db.session.commit()
    assert sign_in(client, "staff", PASSWORD, ATTACKER).status_code == 302


@pytest.mark.parametrize("app_config", [{"TRUSTED_PROXIES": 1}], indirect=True)
def test_behind_a_trusted_proxy_each_client_is_throttled_on_its_own(app):
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    attacker = app.test_client()
    for _ in range(30):
        attacker.post("/login", data={"username": "staff", "password": "wrong"},
                      environ_base=proxy, headers={"X-Forwarded-For": ATTACKER})
    assert app.test_client().post("/login", data={"username": "staff", "password": PASSWORD},
                                  environ_base=proxy,
                                  headers={"X-Forwarded-For": OFFICE}).status_code == 302
    addresses = set(db.session.scalars(select(AuditEvent.ip).where(
        AuditEvent.action.in_(["login", "login_failed"]))))
    assert addresses == {ATTACKER, OFFICE}

"""The JSON API at /api/v1: every call for every role, uploads, errors, trash, audit, tokens."""
from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from functools import partial
from urllib.parse import quote

import pytest
from flask import g, request_started
from sqlalchemy import select, update
from werkzeug.security import generate_password_hash

from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import (PUBLISHED, AuditEvent, Blob, EvidenceItem, EvidenceSet,
                                     by_public_id)
from evidence_archive.services import evidence, trash, users
from evidence_archive.textsearch import extraction
from tests.conftest import DATA, INVITATION, PASSWORD, get_user, make_item, make_set, stage_category

BASE = "/api/v1"
ROLES = (None, "assessor", "staff", "admin")
PDF = "invitation-ktpn-1-2563.pdf"
THAI_PDF_NAME = "หนังสือเชิญประชุม ครั้งที่ ๑.pdf"
PHOTOS = {"activity": "ประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563",
          "activity_date": "๑๕ พ.ค. ๒๕๖๓", "venue": "ห้องประชุมสำนักงานเขตพื้นที่การศึกษา"}
PRESS = {"headline": "สพม.29 ประชุม ก.ต.ป.น.", "published_on": "16/05/2563",
         "channel": "เว็บไซต์หน่วยงาน", "url": "https://www.sesao29.go.th/news/123"}


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch):
    """Hash the fixture users' passwords cheaply: scrypt costs 0.2 s each, per test."""
    monkeypatch.setattr("evidence_archive.models.generate_password_hash",
                        partial(generate_password_hash, method="pbkdf2:sha256:1000"))


@pytest.fixture(autouse=True)
def fresh_g_per_request(app):
    """Start each request with an empty `g`, as in production.

    The `app` fixture keeps one app context pushed for the whole test and each
    test request reuses it, so `g` (where flask-login keeps the current user)
    would otherwise carry one request's caller into the next.
    """
    def clear(sender, **extra):
        for key in list(g):
            g.pop(key)
    request_started.connect(clear, app)
    yield
    request_started.disconnect(clear, app)


@pytest.fixture
def secrets(app):
    """One live API token per role."""
    return {role: users.create_token(get_user(role), "tests")[1] for role in ("assessor", "staff", "admin")}


@pytest.fixture
def call(client, secrets):
    """Call the API as a role (None = anonymous) with a Bearer token."""
    def call(method: str, path: str, role: str | None = None, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if role:
            headers["Authorization"] = f"Bearer {secrets[role]}"
        return client.open(BASE + path, method=method, headers=headers, **kwargs)
    return call


def part(source: str, name: str) -> tuple:
    """A file part for the test client, read from tests/data, sent under `name`."""
    return (io.BytesIO((DATA / source).read_bytes()), name)


def pdf_part(name: str = THAI_PDF_NAME, source: str = PDF):
    return part(source, name)


@pytest.fixture
def world(app):
    """A draft set with a draft item, a published set with a published item, a trashed set."""
    draft = make_set(title="ชุดร่าง")
    draft_item = make_item(app, draft)
    published = make_set(title="ชุดเผยแพร่")
    published_item = make_item(app, published)
    evidence.set_status(published, PUBLISHED, get_user("staff"))
    trashed = make_set(title="ชุดในถังขยะ")
    trash.trash(trashed, get_user("staff"))
    return {
        "draft_set": draft.public_id, "draft_item": draft_item.public_id,
        "draft_file": draft_item.files[0].public_id,
        "pub_set": published.public_id, "pub_item": published_item.public_id,
        "pub_file": published_item.files[0].public_id,
        "trashed_set": trashed.public_id, "category": stage_category().id,
        "staff_id": get_user("staff").id,
    }


# --------------------------------------------------------------------------- who may do what

NO, ALL = (401, 403, 403), (200, 200, 200, 200)
READS = [
    ("/me", (401, 200, 200, 200)),
    ("/years", ALL),
    ("/years/2563/categories", ALL),
    ("/years/2563/indicators", ALL),
    ("/years/2563/links", ALL),
    ("/types", ALL),
    ("/types/meeting_invitation", ALL),
    ("/types/no_such_type", (404,) * 4),
    ("/categories/{category}", ALL),
    ("/sets", ALL),
    ("/sets/{pub_set}", ALL),
    ("/sets/{draft_set}", (404, 404, 200, 200)),
    ("/sets/{trashed_set}", (404,) * 4),
    ("/sets/{pub_set}/download", ALL),
    ("/sets/{draft_set}/download", (404, 404, 200, 200)),
    ("/items/{pub_item}", ALL),
    ("/items/{draft_item}", (404, 404, 200, 200)),
    ("/files/{pub_file}", ALL),
    ("/files/{draft_file}", (404, 404, 200, 200)),
    ("/files/{pub_file}/download", ALL),
    ("/files/{draft_file}/download", (404, 404, 200, 200)),
    ("/users", NO + (200,)),
    ("/audit", NO + (200,)),
    ("/trash", NO + (200,)),
    ("/tokens", (401, 200, 200, 200)),
    ("/sets/nope", (404,) * 4),
]


@pytest.mark.parametrize("path,expected", READS, ids=[p for p, _ in READS])
def test_read_access(call, world, path, expected):
    for role, status in zip(ROLES, expected):  # reads change nothing: one archive for all roles
        resp = call("GET", path.format(**world), role)
        assert resp.status_code == status, (role, resp.get_data(as_text=True))
        if status == 401:
            assert resp.headers["WWW-Authenticate"].startswith("Bearer")
        if status >= 400:
            assert resp.is_json and resp.json["error"], role


ADMIN_ONLY, STAFF_UP, SIGNED_IN = NO + (None,), (401, 403, None, None), (401, None, None, None)
WRITES = [
    ("POST", "/years", lambda w: {"json": {"year": 2570}}, ADMIN_ONLY, 201),
    ("POST", "/years/2563/copy", lambda w: {"json": {"to": 2564}}, ADMIN_ONLY, 201),
    ("POST", "/categories", lambda w: {"json": {"year": 2563, "name": "หมวดใหม่"}}, ADMIN_ONLY, 201),
    ("PATCH", "/categories/{category}", lambda w: {"json": {"name": "การร่วมวางแผนงาน"}},
     ADMIN_ONLY, 200),
    ("DELETE", "/categories/{category}", lambda w: {}, ADMIN_ONLY, 200),
    ("POST", "/sets", lambda w: {"json": {"category": w["category"], "title": "ชุดใหม่"}},
     STAFF_UP, 201),
    ("PATCH", "/sets/{draft_set}", lambda w: {"json": {"title": "ชื่อใหม่"}}, STAFF_UP, 200),
    ("DELETE", "/sets/{draft_set}", lambda w: {}, STAFF_UP, 200),
    ("POST", "/sets/{draft_set}/publish", lambda w: {}, STAFF_UP, 200),
    ("POST", "/sets/{pub_set}/unpublish", lambda w: {}, STAFF_UP, 200),
    ("POST", "/sets/{draft_set}/reorder", lambda w: {"json": {"items": [w["draft_item"]]}},
     STAFF_UP, 200),
    ("POST", "/sets/{draft_set}/items",
     lambda w: {"json": {"type": "press_release", "metadata": PRESS}}, STAFF_UP, 201),
    ("PATCH", "/items/{draft_item}", lambda w: {"json": {"title": "ชื่อรายการ"}}, STAFF_UP, 200),
    ("DELETE", "/items/{draft_item}", lambda w: {}, STAFF_UP, 200),
    ("POST", "/items/{draft_item}/publish", lambda w: {}, STAFF_UP, 200),
    ("POST", "/items/{pub_item}/unpublish", lambda w: {}, STAFF_UP, 200),
    ("POST", "/items/{draft_item}/files", lambda w: {"data": {"files": pdf_part()}}, STAFF_UP, 201),
    ("POST", "/items/{draft_item}/move", lambda w: {"json": {"set": w["pub_set"]}}, STAFF_UP, 200),
    ("PATCH", "/files/{draft_file}", lambda w: {"json": {"caption": "หน้า 1"}}, STAFF_UP, 200),
    ("DELETE", "/files/{draft_file}", lambda w: {}, STAFF_UP, 200),
    ("POST", "/users", lambda w: {"json": {"username": "somchai", "password": PASSWORD}},
     ADMIN_ONLY, 201),
    ("PATCH", "/users/{staff_id}", lambda w: {"json": {"display_name": "สมหญิง"}}, ADMIN_ONLY, 200),
    ("POST", "/tokens", lambda w: {"json": {"name": "สคริปต์"}}, SIGNED_IN, 201),
    ("POST", "/trash/set/{trashed_set}/restore", lambda w: {}, ADMIN_ONLY, 200),
    ("POST", "/trash/set/{trashed_set}/purge", lambda w: {}, ADMIN_ONLY, 200),
]


@pytest.mark.parametrize("method,path,body,denied,ok", WRITES, ids=[f"{m} {p}" for m, p, *_ in WRITES])
def test_write_denied(call, world, method, path, body, denied, ok):
    for role, status in zip(ROLES, denied):  # refused calls change nothing
        if status is None:
            continue
        resp = call(method, path.format(**world), role, **body(world))
        assert resp.status_code == status, (role, resp.get_data(as_text=True))
        if status == 401:
            assert resp.headers["WWW-Authenticate"] == "Bearer"
            assert "เข้าสู่ระบบ" in resp.json["error"]
        else:
            assert resp.json["error"] == "คุณไม่มีสิทธิ์ใช้งานส่วนนี้"


ALLOWED = [pytest.param(method, path, body, ok, role, id=f"{method} {path}-{role}")
           for method, path, body, denied, ok in WRITES
           for role, status in zip(ROLES, denied) if status is None]


@pytest.mark.parametrize("method,path,body,ok,role", ALLOWED)
def test_write_allowed(call, world, method, path, body, ok, role):
    resp = call(method, path.format(**world), role, **body(world))
    assert resp.status_code == ok, resp.get_data(as_text=True)
    assert resp.is_json and "error" not in resp.json


def test_unknown_api_path_answers_json(call):
    resp = call("GET", "/no/such/thing")
    assert resp.status_code == 404 and resp.is_json and resp.json["error"]


def test_wrong_method_answers_json(call):
    resp = call("PUT", "/years", "admin", json={})
    assert resp.status_code == 405 and resp.is_json and resp.json["error"]


def test_token_requests_set_no_cookie(call, world):
    resp = call("POST", f"/sets/{world['draft_set']}/publish", "staff")
    assert resp.status_code == 200
    assert "Set-Cookie" not in resp.headers


# --------------------------------------------------------------------------- tokens

def test_revoked_token_is_refused(call, secrets):
    assert call("GET", "/me", "staff").json["auth"] == "token"
    token_id = call("GET", "/tokens", "staff").json["items"][0]["id"]
    assert call("DELETE", f"/tokens/{token_id}", "staff").json["active"] is False
    resp = call("GET", "/me", "staff")
    assert resp.status_code == 401
    assert 'error="invalid_token"' in resp.headers["WWW-Authenticate"]
    assert "ถูกยกเลิก" in resp.json["error"]
    # A revoked token does not fall back to anonymous reading either.
    assert call("GET", "/years", "staff").status_code == 401


def test_token_use_is_noted_at_most_once_a_minute(app, call):
    """Reading the API writes nothing most of the time (no write lock for every search)."""
    from datetime import timedelta

    from evidence_archive.models import ApiToken

    def last_used():
        db.session.expire_all()
        return db.session.scalar(select(ApiToken.last_used_at).where(
            ApiToken.user_id == get_user("staff").id))

    assert call("GET", "/years", "staff").status_code == 200
    first = last_used()
    assert first is not None
    assert call("GET", "/years", "staff").status_code == 200
    assert last_used() == first  # a second later: not written again
    with db.session.begin_nested():
        db.session.execute(update(ApiToken).where(ApiToken.user_id == get_user("staff").id)
                           .values(last_used_at=first - timedelta(minutes=2)))
    db.session.commit()
    assert call("GET", "/years", "staff").status_code == 200
    assert last_used() > first - timedelta(minutes=2)


def test_wrong_token_is_refused(client):
    resp = client.get(f"{BASE}/years", headers={"Authorization": "Bearer ea_not-a-token"})
    assert resp.status_code == 401 and resp.is_json


def test_token_created_through_api_works_once_shown(call, client):
    resp = call("POST", "/tokens", "assessor", json={"name": "โน้ตบุ๊กงาน"})
    assert resp.status_code == 201
    secret = resp.json["secret"]
    assert secret.startswith("ea_") and resp.json["token"]["prefix"] == secret[:10]
    listed = call("GET", "/tokens", "assessor").json["items"]
    assert {t["name"] for t in listed} == {"tests", "โน้ตบุ๊กงาน"}
    assert secret not in json.dumps(listed)
    me = client.get(f"{BASE}/me", headers={"Authorization": f"Bearer {secret}"}).json
    assert me["username"] == "assessor" and me["role"] == "assessor"


def test_only_owner_or_admin_revokes_a_token(call, app):
    admin_token, _ = users.create_token(get_user("admin"), "admin's")
    staff_token, _ = users.create_token(get_user("staff"), "staff's")
    assert call("DELETE", f"/tokens/{admin_token.id}", "staff").status_code == 404
    assert call("DELETE", f"/tokens/{staff_token.id}", "admin").status_code == 200
    assert db.session.get(type(staff_token), staff_token.id).revoked_at is not None
    everyone = call("GET", "/tokens?all=1", "admin").json["items"]
    assert {t["user"]["username"] for t in everyone} == {"admin", "staff", "assessor"}
    assert {t["user"]["username"] for t in call("GET", "/tokens?all=1", "staff").json["items"]} \
        == {"staff"}


def test_token_wins_over_session_cookie(role_client, secrets):
    c = role_client("assessor")
    assert c.get(f"{BASE}/me").json["auth"] == "session"
    me = c.get(f"{BASE}/me", headers={"Authorization": f"Bearer {secrets['admin']}"}).json
    assert me["username"] == "admin" and me["auth"] == "token"


# --------------------------------------------------------------------------- CSRF

def _csrf_from_page(client) -> str:
    html = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html)[1]


def test_session_callers_without_csrf_checks_when_disabled(role_client):
    c = role_client("staff")
    resp = c.post(f"{BASE}/sets", json={"category": stage_category().id, "title": "ชุด"})
    assert resp.status_code == 201 and c.get(f"{BASE}/me").json["auth"] == "session"


def test_session_callers_need_csrf_header_bearer_callers_do_not(app, client, secrets):
    app.config["WTF_CSRF_ENABLED"] = True
    token = _csrf_from_page(client)
    resp = client.post("/login", data={"username": "staff", "password": PASSWORD,
                                       "csrf_token": token})
    assert resp.status_code == 302
    body = {"category": stage_category().id, "title": "ชุดจากหน้าเว็บ"}
    resp = client.post(f"{BASE}/sets", json=body)
    assert resp.status_code == 400 and "CSRF" in resp.json["error"]
    resp = client.post(f"{BASE}/sets", json=body, headers={"X-CSRFToken": "forged"})
    assert resp.status_code == 400
    resp = client.post(f"{BASE}/sets", json=body, headers={"X-CSRFToken": token})
    assert resp.status_code == 201, resp.json
    assert client.get(f"{BASE}/me").status_code == 200  # reads need no token
    bearer = app.test_client().post(f"{BASE}/sets", json={**body, "title": "ชุดจากสคริปต์"},
                                    headers={"Authorization": f"Bearer {secrets['staff']}"})
    assert bearer.status_code == 201, bearer.json


# --------------------------------------------------------------------------- items and files

def _new_set(call, title="การประชุม ก.ต.ป.น. ครั้งที่ 1/2563", **extra) -> dict:
    resp = call("POST", "/sets", "staff",
                json={"category": stage_category().id, "title": title, **extra})
    assert resp.status_code == 201, resp.json
    return resp.json


def test_create_item_with_thai_file_name_round_trip(call, app):
    evidence_set = _new_set(call)
    metadata = dict(INVITATION, doc_number="ที่ ศธ ๐๔๒๙๐/๑๒๓๗", date="๑ พฤษภาคม ๒๕๖๓")
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff", data={
        "type": "meeting_invitation", "metadata": json.dumps(metadata, ensure_ascii=False),
        "files": pdf_part()})
    assert resp.status_code == 201, resp.json
    item = resp.json
    assert resp.headers["Location"].endswith(f"/api/v1/items/{item['id']}")
    assert item["metadata"]["doc_number"] == "ศธ 04290/1237"
    assert item["metadata"]["date"] == "2020-05-01"
    assert item["metadata"]["signer"] == {"name": "นายสมชาย ใจดี",
                                          "position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"}
    assert item["document_date"] == "2020-05-01"
    assert item["document_date_be"] == "1 พฤษภาคม 2563"
    display = {d["name"]: d for d in item["display"]}
    assert display["doc_number"] == {"name": "doc_number", "label": "ที่",
                                     "text": "ที่ ศธ 04290/1237"}
    assert display["meeting_date"]["text"] == "15 พฤษภาคม 2563"
    assert display["meeting_time"]["text"] == "09.30 น."
    assert item["title"] == INVITATION["subject"] and item["status"] == "draft"
    assert item["type"] == {"key": "meeting_invitation", "name": "หนังสือเชิญประชุม",
                            "name_en": "Meeting invitation", "installed": True}
    [file] = item["files"]
    data = (DATA / PDF).read_bytes()
    assert file["filename"] == THAI_PDF_NAME
    assert file["sha256"] == hashlib.sha256(data).hexdigest() and file["size"] == len(data)
    assert file["media_type"] == "application/pdf"
    assert file["thumbnail_url"] is None  # page 1 is drawn by the background worker
    extraction.run_pending()
    file = call("GET", f"/items/{item['id']}", "staff").json["files"][0]
    assert file["thumbnail_url"].endswith(f"/t/{file['id']}.jpg")  # page 1, by pdf_preview

    download = call("GET", f"/files/{file['id']}/download", "staff")
    assert download.status_code == 200 and download.data == data
    assert f"filename*=UTF-8''{quote(THAI_PDF_NAME, safe='')}" \
        in download.headers["Content-Disposition"]
    assert download.headers["Content-Disposition"].startswith("attachment;")

    fetched = call("GET", f"/items/{item['id']}", "staff").json
    assert fetched["set"]["id"] == evidence_set["id"] and fetched["files"][0]["id"] == file["id"]
    assert call("GET", f"/files/{file['id']}", "staff").json["item"]["id"] == item["id"]


def test_bidi_override_in_an_uploaded_file_name_is_dropped(call):
    """รายงาน + U+202E + fdp.exe displayed as รายงานexe.pdf; the override is stripped."""
    evidence_set = _new_set(call)
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff", data={
        "type": "meeting_invitation", "metadata": json.dumps(INVITATION, ensure_ascii=False),
        "files": pdf_part("รายงาน\u202efdp.exe")})
    assert resp.status_code == 201, resp.json
    assert resp.json["files"][0]["filename"] == "รายงานfdp.exe"


def test_photos_keep_captions_in_order(call):
    evidence_set = _new_set(call)
    photo = "photo-ktpn-1-2563.jpg"
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff", data={
        "type": "activity_photos", "metadata": json.dumps(PHOTOS, ensure_ascii=False),
        "files": [part(photo, "ภาพที่ 1.jpg"), part(photo, "ภาพที่ 2.jpg")],
        "captions": ["ประธานกล่าวเปิดประชุม", "คณะกรรมการร่วมประชุม"]})
    assert resp.status_code == 201, resp.json
    files = resp.json["files"]
    assert [(f["filename"], f["caption"]) for f in files] == [
        ("ภาพที่ 1.jpg", "ประธานกล่าวเปิดประชุม"), ("ภาพที่ 2.jpg", "คณะกรรมการร่วมประชุม")]
    assert files[0]["kind"] == "image" and files[0]["width"] and files[0]["thumbnail_url"]
    assert files[0]["sha256"] == files[1]["sha256"]  # same bytes are stored once
    assert resp.json["document_date_be"] == "15 พฤษภาคม 2563"


def test_metadata_can_come_as_a_json_file_part(call, tmp_path):
    evidence_set = _new_set(call)
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps(INVITATION, ensure_ascii=False), "utf-8")
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff", data={
        "type": "meeting_invitation", "metadata": (io.BytesIO(meta.read_bytes()), "meta.json"),
        "files": pdf_part()})
    assert resp.status_code == 201, resp.json
    assert resp.json["files"][0]["filename"] == THAI_PDF_NAME


def test_item_without_files_as_json_when_type_allows(call):
    evidence_set = _new_set(call)
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff",
                json={"type": "press_release", "metadata": PRESS})
    assert resp.status_code == 201, resp.json
    assert resp.json["files"] == [] and resp.json["metadata"]["published_on"] == "2020-05-16"
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff",
                json={"type": "meeting_invitation", "metadata": INVITATION})
    assert resp.status_code == 422
    assert "อย่างน้อย 1 ไฟล์" in resp.json["errors"]["files"]


def test_validation_errors_by_field(call, app):
    evidence_set = _new_set(call)
    metadata = {"doc_number": "ไม่มีเลข", "date": "31 กุมภาพันธ์ 2563", "subject": "เชิญประชุม"}
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff", data={
        "type": "meeting_invitation", "metadata": json.dumps(metadata, ensure_ascii=False),
        "files": pdf_part()})
    assert resp.status_code == 422
    errors = resp.json["errors"]
    assert errors["date"] == "วันที่ไม่มีอยู่จริง"
    assert {"doc_number", "recipient", "meeting_date", "venue", "signer"} <= set(errors)
    assert "subject" not in errors and resp.json["error"] == "ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบ"
    # Nothing was stored: no item, no blob, no file left in tmp.
    assert call("GET", f"/sets/{evidence_set['id']}", "staff").json["items"] == []
    store = archive_of(app).store
    assert db.session.query(Blob).count() == 0 and not list(store.tmp.iterdir())


@pytest.mark.parametrize("typed, year", [
    ("0000-01-01", "0000"), ("01/01/0001", "0001"), ("31 ธันวาคม 9999", "9999"),
    ("๓๑/๑๒/๙๙๙๙", "๙๙๙๙")])
def test_dates_and_years_no_evidence_can_have_are_refused(call, typed, year):
    """0000, 0001 and 9999 were stored as 1957, 1958 and 9456; now the range is named."""
    evidence_set = _new_set(call)
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff",
                json={"type": "press_release", "metadata": {**PRESS, "published_on": typed}})
    assert resp.status_code == 422, resp.json
    assert resp.json["errors"] == {"published_on": "ปีต้องอยู่ระหว่าง พ.ศ. 2500–2700 (ค.ศ. 1957–2157)"}
    assert call("GET", f"/sets/{evidence_set['id']}", "staff").json["items"] == []
    resp = call("POST", "/years", "admin", json={"year": year})
    assert resp.status_code == 422 and "2500–2700" in resp.json["errors"]["year"]


def test_file_whose_content_the_type_does_not_take(call):
    evidence_set = _new_set(call)
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff", data={
        "type": "activity_photos", "metadata": json.dumps(PHOTOS, ensure_ascii=False),
        "files": part("minutes-ktpn-2-2563.docx", "ภาพ.jpg")})
    assert resp.status_code == 422
    assert "ภาพ.jpg" in resp.json["errors"]["files"]
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff", data={
        "type": "meeting_invitation", "metadata": json.dumps(INVITATION, ensure_ascii=False),
        "files": part("order-45-2563.txt", "หนังสือ.pdf")})
    assert resp.status_code == 422 and "text/plain" in resp.json["errors"]["files"]


def test_too_large_file_is_refused_and_not_kept(call, app):
    evidence_set = _new_set(call)
    app.config["MAX_UPLOAD_BYTES"] = 10_000
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff", data={
        "type": "meeting_invitation", "metadata": json.dumps(INVITATION, ensure_ascii=False),
        "files": pdf_part()})
    assert resp.status_code == 413 and resp.json["error"] == "ไฟล์มีขนาดเกินกำหนด"
    assert not list(archive_of(app).store.tmp.iterdir())


@pytest.mark.parametrize("kwargs,status,field", [
    ({"data": {"type": "no_such", "metadata": "{}"}}, 422, "type"),
    ({"data": {"type": "press_release", "metadata": "[1, 2]"}}, 422, "metadata"),
    ({"data": {"type": "press_release", "metadata": "{not json"}}, 422, "metadata"),
    ({"json": {"type": "press_release", "metadata": PRESS, "colour": "red"}}, 422, "colour"),
    ({"data": "type=press_release", "content_type": "text/plain"}, 415, None),
    ({"data": "[]", "content_type": "application/json"}, 400, None),
])
def test_bad_item_requests(call, kwargs, status, field):
    evidence_set = _new_set(call)
    resp = call("POST", f"/sets/{evidence_set['id']}/items", "staff", **kwargs)
    assert resp.status_code == status, resp.json
    assert resp.json["error"]
    if field:
        assert field in resp.json["errors"]


def test_update_item_metadata_merges_and_keeps_typed_title(call, app, world):
    pid = world["draft_item"]
    resp = call("PATCH", f"/items/{pid}", "staff",
                json={"metadata": {"subject": "เชิญประชุมครั้งใหม่", "venue": "ห้องประชุม ๒"}})
    assert resp.status_code == 200, resp.json
    assert resp.json["title"] == "เชิญประชุมครั้งใหม่"  # the title follows the subject
    assert resp.json["metadata"]["venue"] == "ห้องประชุม ๒"
    assert resp.json["metadata"]["doc_number"] == "ศธ 04290/1237"
    call("PATCH", f"/items/{pid}", "staff", json={"title": "หนังสือเชิญ ครั้งที่ 1"})
    resp = call("PATCH", f"/items/{pid}", "staff", json={"metadata": {"subject": "อีกเรื่อง"}})
    assert resp.json["title"] == "หนังสือเชิญ ครั้งที่ 1"
    resp = call("PATCH", f"/items/{pid}", "staff", json={"metadata": {"venue": None}})
    assert resp.status_code == 422 and "venue" in resp.json["errors"]
    events = db.session.query(AuditEvent).filter_by(action="update", target_type="EvidenceItem")
    assert events.count() == 3


def test_add_files_move_and_reorder(call, app, world):
    pid = world["draft_item"]
    resp = call("POST", f"/items/{pid}/files", "staff",
                data={"files": pdf_part("ภาคผนวก.pdf", "minutes-ktpn-2-2563.pdf")})
    assert resp.status_code == 201, resp.json
    assert [f["filename"] for f in resp.json["item"]["files"]] == [
        "หนังสือเชิญประชุม ครั้งที่ 1.pdf", "ภาคผนวก.pdf"]
    second = make_item(app, by_public_id(EvidenceSet, world["pub_set"]))
    resp = call("POST", f"/items/{pid}/move", "staff", json={"set": world["pub_set"], "position": 0})
    assert resp.status_code == 200 and resp.json["set"]["id"] == world["pub_set"]
    order = [i["id"] for i in call("GET", f"/sets/{world['pub_set']}", "staff").json["items"]]
    assert order == [pid, world["pub_item"], second.public_id]
    resp = call("POST", f"/sets/{world['pub_set']}/reorder", "staff",
                json={"items": [second.public_id, pid]})
    assert [i["id"] for i in resp.json["items"]] == [second.public_id, pid, world["pub_item"]]
    resp = call("POST", f"/sets/{world['pub_set']}/reorder", "staff",
                json={"items": [world["draft_item"], "someone-else"]})
    assert resp.status_code == 422 and "items" in resp.json["errors"]
    resp = call("POST", f"/items/{pid}/move", "staff", json={"set": world["trashed_set"]})
    assert resp.status_code == 422 and "set" in resp.json["errors"]


def test_rename_file_keeps_thai_name_in_download(call, world):
    pid = world["draft_file"]
    name = "ฉบับลงนาม.pdf"
    resp = call("PATCH", f"/files/{pid}", "staff",
                json={"filename": "หนังสือเชิญ/ฉบับลงนาม.pdf", "caption": "ฉบับลงนาม"})
    assert resp.status_code == 200
    assert resp.json["filename"] == name == "ฉบับลงนาม.pdf"  # no path parts
    download = call("GET", f"/files/{pid}/download", "staff")
    assert quote(name, safe="") in download.headers["Content-Disposition"]
    assert call("PATCH", f"/files/{pid}", "staff", json={"filename": " "}).status_code == 422


# --------------------------------------------------------------------------- sets

def test_duplicate_set_number_is_a_conflict(call):
    first = _new_set(call, number=3)
    assert first["number"] == 3
    resp = call("POST", "/sets", "staff",
                json={"category": stage_category().id, "title": "อีกชุด", "number": "๓"})
    assert resp.status_code == 409
    assert resp.json["errors"] == {"number": "เลขชุดนี้ถูกใช้แล้ว"}
    other = _new_set(call, title="ชุดที่สี่")
    resp = call("PATCH", f"/sets/{other['id']}", "staff", json={"number": 3})
    assert resp.status_code == 409


def test_set_fields_are_checked(call):
    resp = call("POST", "/sets", "staff", json={"category": stage_category().id, "title": " ",
                                                 "number": 0})
    assert resp.status_code == 422 and {"title", "number"} <= set(resp.json["errors"])
    resp = call("POST", "/sets", "staff", json={"category": 99999, "title": "ชุด"})
    assert resp.status_code == 422 and "category" in resp.json["errors"]
    resp = call("POST", "/sets", "staff", data="title=x",
                content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400


def test_drafts_are_hidden_until_published(call):
    evidence_set = _new_set(call)
    pid = evidence_set["id"]
    resp = call("POST", f"/sets/{pid}/items", "staff",
                json={"type": "press_release", "metadata": PRESS})
    item = resp.json["id"]
    for role in (None, "assessor"):
        assert call("GET", f"/sets/{pid}", role).status_code == 404
        assert call("GET", f"/items/{item}", role).status_code == 404
        assert pid not in [s["id"] for s in call("GET", "/sets", role).json["items"]]
        assert call("GET", "/sets?status=draft", role).json["total"] == 0
    assert call("GET", "/sets?status=draft", "staff").json["total"] == 1
    resp = call("POST", f"/sets/{pid}/publish", "staff")
    assert resp.json["status"] == "published" and resp.json["published_at_be"].endswith("น.")
    assert resp.json["published_at"].endswith("Z")
    for role in (None, "assessor"):
        got = call("GET", f"/sets/{pid}", role)
        assert got.status_code == 200 and [i["id"] for i in got.json["items"]] == [item]
    call("POST", f"/items/{item}/unpublish", "staff")
    assert call("GET", f"/sets/{pid}").json["items"] == []
    assert call("GET", f"/items/{item}").status_code == 404
    call("POST", f"/sets/{pid}/unpublish", "staff", json={"with_items": False})
    assert call("GET", f"/sets/{pid}").status_code == 404


def test_sets_are_paged_and_filtered(call):
    for n in range(3):
        _new_set(call, title=f"ชุด {n}")
    page = call("GET", "/sets?per_page=2&year=๒๕๖๓", "staff").json
    assert page["total"] == 3 and page["per_page"] == 2 and len(page["items"]) == 2
    assert [s["number"] for s in page["items"]] == [1, 2]
    page2 = call("GET", "/sets?per_page=2&page=2", "staff").json
    assert [s["number"] for s in page2["items"]] == [3]
    assert call("GET", f"/sets?category={stage_category('การร่วมดำเนินการ').id}", "staff").json[
        "total"] == 0
    assert call("GET", "/sets?year=2564", "staff").json["total"] == 0
    for bad in ("per_page=500", "page=0", "page=x", "status=gone", "year=abc", "category=x"):
        resp = call("GET", f"/sets?{bad}", "staff")
        assert resp.status_code == 422, bad
        assert bad.split("=")[0] in resp.json["errors"]


def test_set_json_has_thai_dates_and_permanent_urls(call):
    evidence_set = _new_set(call)
    assert evidence_set["url"] == f"http://localhost/s/{evidence_set['id']}"
    assert evidence_set["created_at_be"].endswith("น.")
    assert evidence_set["category"]["name"] == "การร่วมวางแผน"
    assert evidence_set["year"] == 2563 and evidence_set["items"] == []


def test_set_zip_holds_what_the_caller_may_see(call, app, world):
    evidence_set = by_public_id(EvidenceSet, world["pub_set"])
    draft = make_item(app, evidence_set, files=(("ร่างหนังสือ.pdf", PDF),))
    public = call("GET", f"/sets/{world['pub_set']}/download")
    assert public.status_code == 200 and public.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(public.data)) as z:
        names = z.namelist()
    assert "manifest.csv" in names and any(n.endswith("หนังสือเชิญประชุม ครั้งที่ 1.pdf") for n in names)
    assert not any("ร่างหนังสือ" in n for n in names)
    with zipfile.ZipFile(io.BytesIO(call("GET", f"/sets/{world['pub_set']}/download", "staff").data)) as z:
        assert any("ร่างหนังสือ" in n for n in z.namelist())
    log = call("GET", "/audit?action=download", "admin").json["items"]
    assert [e["details"].get("anonymous", False) for e in log] == [False, True]
    assert draft.status == "draft"


# --------------------------------------------------------------------------- trash

def test_trash_restore_and_purge(call, app, world):
    pid = world["draft_set"]
    resp = call("DELETE", f"/sets/{pid}", "staff")
    assert resp.json["trashed"]["kind"] == "set" and resp.json["trashed"]["id"] == pid
    assert call("GET", f"/sets/{pid}", "staff").status_code == 404
    assert call("GET", f"/sets/{pid}", "admin").status_code == 404
    listed = call("GET", "/trash", "admin").json["items"]
    assert {(t["kind"], t["id"]) for t in listed} >= {("set", pid), ("set", world["trashed_set"])}
    entry = next(t for t in listed if t["id"] == pid)
    assert entry["deleted_by"]["username"] == "staff" and entry["deleted_at_be"]
    assert call("POST", f"/trash/set/{pid}/restore", "staff").status_code == 403
    assert call("POST", f"/trash/set/{pid}/restore", "admin").status_code == 200
    assert call("GET", f"/sets/{pid}", "staff").status_code == 200
    assert call("POST", f"/trash/set/{pid}/restore", "admin").status_code == 409
    assert call("POST", f"/trash/set/{pid}/purge", "admin").status_code == 409
    assert call("POST", f"/trash/thing/{pid}/purge", "admin").status_code == 404
    assert call("POST", "/trash/set/nope/purge", "admin").status_code == 404

    # Purge removes the rows and only bytes no other file shares.
    item = call("GET", f"/items/{world['draft_item']}", "staff").json
    sha = item["files"][0]["sha256"]
    call("DELETE", f"/sets/{pid}", "staff")
    resp = call("POST", f"/trash/set/{pid}/purge", "admin")
    assert resp.status_code == 200 and resp.json["files_removed"] == 0  # the published set shares it
    assert by_public_id(EvidenceSet, pid) is None
    assert archive_of(app).store.exists(sha)


def test_purge_removes_unshared_bytes(call, app):
    evidence_set = _new_set(call)
    item = call("POST", f"/sets/{evidence_set['id']}/items", "staff", data={
        "type": "meeting_invitation",
        "metadata": json.dumps(INVITATION, ensure_ascii=False),
        "files": pdf_part("รายงาน.pdf", "minutes-ktpn-2-2563.pdf")}).json
    sha = item["files"][0]["sha256"]
    call("DELETE", f"/items/{item['id']}", "staff")
    resp = call("POST", f"/trash/item/{item['id']}/purge", "admin")
    assert resp.json == {"purged": {"kind": "item", "id": item["id"], "name": f"รายการ {item['title']}"},
                         "files_removed": 1}
    assert not archive_of(app).store.exists(sha)
    assert call("GET", "/audit?action=purge", "admin").json["items"][0]["details"]["files"] == [
        "รายงาน.pdf"]


def test_item_whose_plugin_is_gone_still_reads(call, world):
    item = by_public_id(EvidenceItem, world["draft_item"])
    item.type_key = "retired_type"
    db.session.commit()
    got = call("GET", f"/items/{world['draft_item']}", "staff").json
    assert got["type"] == {"key": "retired_type", "name": "หนังสือเชิญประชุม",
                           "name_en": "Meeting invitation", "installed": False}
    assert {"name": "date", "label": "ลงวันที่", "text": "1 พฤษภาคม 2563"} in got["display"]
    resp = call("PATCH", f"/items/{world['draft_item']}", "staff", json={"title": "ใหม่"})
    assert resp.status_code == 409 and "retired_type" in resp.json["error"]


def test_trash_a_file_and_a_category(call, world):
    call("DELETE", f"/files/{world['draft_file']}", "staff")
    assert call("GET", f"/items/{world['draft_item']}", "staff").json["files"] == []
    assert call("POST", f"/trash/file/{world['draft_file']}/restore", "admin").status_code == 200
    assert len(call("GET", f"/items/{world['draft_item']}", "staff").json["files"]) == 1
    category = world["category"]
    assert call("DELETE", f"/categories/{category}", "admin").json["trashed"]["id"] == category
    assert call("GET", f"/categories/{category}").status_code == 404
    assert call("GET", f"/sets/{world['pub_set']}").status_code == 404
    assert call("POST", f"/trash/category/{category}/restore", "admin").status_code == 200
    assert call("GET", f"/sets/{world['pub_set']}").status_code == 200


# --------------------------------------------------------------------------- years, categories, links

def test_years_accept_thai_digits_and_ce(call):
    resp = call("POST", "/years", "admin", json={"year": "๒๕๖๘"})
    assert resp.status_code == 201 and resp.json["year"] == 2568
    assert resp.json["starts_on"] == "2024-10-01" and resp.json["ends_on_be"] == "30 กันยายน 2568"
    resp = call("POST", "/years", "admin", json={"year": 2568})
    assert resp.status_code == 422 and "year" in resp.json["errors"]
    resp = call("POST", "/years", "admin", json={"year": 2026})  # CE
    assert resp.status_code == 201 and resp.json["year"] == 2569
    assert [y["year"] for y in call("GET", "/years").json["items"]] == [2569, 2568, 2563]
    tree = call("GET", "/years/2568/categories").json["items"]
    assert tree[0]["indicator"]["code"] == "o25"
    assert call("GET", "/years/2590/categories").status_code == 404


def test_category_tree_is_nested_with_indicators(call):
    resp = call("GET", "/years/๒๕๖๓/categories")
    [root] = resp.json["items"]
    assert root["indicator"]["code"] == "O33" and root["indicator"]["name"] == \
        "การเปิดโอกาสให้เกิดการมีส่วนร่วม"
    assert [c["name"] for c in root["children"]] == [
        "การร่วมวางแผน", "การร่วมดำเนินการ", "การร่วมแลกเปลี่ยนความคิดเห็น", "การร่วมติดตามประเมินผล"]
    assert root["children"][0]["path_text"] == f"{root['name']} › การร่วมวางแผน"
    indicators = call("GET", "/years/2564/indicators").json["items"]  # no year row needed
    assert len(indicators) == 43 and indicators[0]["code"]


def test_copy_year(call):
    resp = call("POST", "/years/2563/copy", "admin", json={"to": "2564"})
    assert resp.status_code == 201 and resp.json["year"] == 2564
    [root] = call("GET", "/years/2564/categories").json["items"]
    assert len(root["children"]) == 4 and root["indicator"]["year"] == 2564
    assert call("POST", "/years/2563/copy", "admin", json={"to": 2564}).status_code == 422
    assert call("POST", "/years/2599/copy", "admin", json={"to": 2600}).status_code == 404


def test_category_crud(call):
    resp = call("POST", "/categories", "admin", json={
        "year": 2563, "name": "การเปิดเผยข้อมูล", "indicator": "o1", "position": "๕"})
    assert resp.status_code == 201, resp.json
    category = resp.json
    assert category["indicator"]["code"] == "O1" and category["position"] == 5
    assert category["required_elements"] == category["indicator"]["elements"]
    child = call("POST", "/categories", "admin", json={
        "year": 2563, "name": "ข้อมูลผู้บริหาร", "parent": category["id"]}).json
    assert child["path_text"] == "การเปิดเผยข้อมูล › ข้อมูลผู้บริหาร"
    resp = call("PATCH", f"/categories/{child['id']}", "admin",
                json={"name": "ข้อมูลผู้บริหารสูงสุด", "required_elements": ["ชื่อ", "ตำแหน่ง"]})
    assert resp.status_code == 200 and resp.json["parent_id"] == category["id"]
    assert resp.json["required_elements"] == ["ชื่อ", "ตำแหน่ง"]
    got = call("GET", f"/categories/{category['id']}").json
    assert [c["name"] for c in got["children"]] == ["ข้อมูลผู้บริหารสูงสุด"] and got["sets"] == []
    for body, field in [({"parent": child["id"]}, "parent"), ({"indicator": "X99"}, "indicator"),
                        ({"position": "แรก"}, "position"), ({"name": ""}, "name"),
                        ({"year": 2564}, "year")]:
        resp = call("PATCH", f"/categories/{category['id']}", "admin", json=body)
        assert resp.status_code == 422 and field in resp.json["errors"], body
    assert call("POST", "/categories", "admin", json={"year": 2590, "name": "x"}).status_code == 422


def test_links_list_published_sets_by_category(call, world, app):
    links = call("GET", "/years/2563/links").json
    assert links["year"] == 2563
    root, planning = links["items"]
    assert root["indicator"]["code"] == "O33" and root["sets"] == [] and root["depth"] == 0
    assert planning["category"] == "การร่วมวางแผน" and planning["depth"] == 1
    assert planning["path"] == [root["category"], "การร่วมวางแผน"]
    assert planning["indicator"]["code"] == "O33"  # inherited from the root
    assert planning["sets"] == [{"id": world["pub_set"], "number": 2, "title": "ชุดเผยแพร่",
                                 "url": f"http://localhost/s/{world['pub_set']}"}]


# --------------------------------------------------------------------------- users and audit

def test_users_are_managed_by_admins(call):
    resp = call("POST", "/users", "admin", json={"username": "Somsri", "password": PASSWORD,
                                                  "role": "assessor", "display_name": "สมศรี"})
    assert resp.status_code == 201 and resp.json["username"] == "somsri"
    assert "password" not in json.dumps(resp.json)
    resp = call("POST", "/users", "admin", json={"username": "somsri", "password": "short"})
    assert resp.status_code == 422 and {"username", "password"} <= set(resp.json["errors"])
    uid = next(u["id"] for u in call("GET", "/users", "admin").json["items"]
               if u["username"] == "somsri")
    resp = call("PATCH", f"/users/{uid}", "admin", json={"role": "staff", "active": False})
    assert resp.json["role"] == "staff" and resp.json["active"] is False
    assert call("PATCH", f"/users/{uid}", "admin", json={"active": "no"}).status_code == 422
    admin_id = get_user("admin").id
    resp = call("PATCH", f"/users/{admin_id}", "admin", json={"role": "staff"})
    assert resp.status_code == 422  # the last admin stays
    assert call("PATCH", "/users/9999", "admin", json={}).status_code == 404


def test_api_changes_are_audited(call):
    evidence_set = _new_set(call, title="ชุดตรวจสอบ")
    call("POST", f"/sets/{evidence_set['id']}/publish", "staff")
    log = call("GET", "/audit?user=staff&target_type=EvidenceSet", "admin").json
    assert [e["action"] for e in log["items"]] == ["publish", "create"]
    created = log["items"][1]
    assert created["summary"] == "สร้างอ้างอิงชุด 1: ชุดตรวจสอบ"
    assert created["user"]["username"] == "staff" and created["action_label"] == "สร้าง"
    assert created["at"].endswith("Z") and created["at_be"]
    assert call("GET", "/audit?action=publish", "admin").json["total"] == 1
    assert call("GET", "/audit?since=1/1/2500&until=๓๑/๑๒/๒๕๐๐", "admin").json["total"] == 0
    today = call("GET", "/audit?since=2000-01-01T00:00:00Z&q=ชุดตรวจสอบ", "admin").json
    assert today["total"] == 1
    assert call("GET", "/audit?since=เมื่อวาน", "admin").status_code == 422
    page = call("GET", "/audit?per_page=1&page=2", "admin").json
    assert page["page"] == 2 and len(page["items"]) == 1 and page["total"] > 2

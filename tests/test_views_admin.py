"""Administration pages and the signed-in user's account pages."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from functools import partial

import pytest
import yaml
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from evidence_archive import models
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.i18n import _table
from evidence_archive.models import (ApiToken, AuditEvent, Category, EvidenceItem, EvidenceSet,
                                     Indicator, ItemFile, User)
from evidence_archive.services import catalog, trash, users

from .conftest import PASSWORD, get_user, make_item, make_set, stage_category

ANY_ROLE = [None, "assessor", "staff", "admin"]

ADMIN_GET = [
    "/admin/", "/admin/users", "/admin/users/new", "/admin/users/{user}", "/admin/agency",
    "/admin/years", "/admin/years/2563/categories", "/admin/years/2563/categories/export",
    "/admin/years/2563/categories/export?format=json", "/admin/categories/new?year=2563",
    "/admin/categories/{category}", "/admin/catalog", "/admin/catalog?year=2568",
    "/admin/catalog/new?year=2569", "/admin/catalog/{indicator}", "/admin/audit",
    "/admin/audit.csv", "/admin/trash", "/admin/plugins",
]
ADMIN_POST = [
    "/admin/users/new", "/admin/users/{user}", "/admin/agency", "/admin/years",
    "/admin/years/copy", "/admin/years/2563/categories/import", "/admin/categories/new?year=2563",
    "/admin/categories/{category}", "/admin/categories/{category}/delete", "/admin/catalog/new",
    "/admin/catalog/{indicator}", "/admin/catalog/reload", "/admin/trash/set/{trashed}/restore",
    "/admin/trash/set/{trashed}/purge",
]
ACCOUNT_GET = ["/account/tokens", "/account/password"]


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch):
    """Hash test passwords cheaply; scrypt's deliberate slowness only slows the suite."""
    monkeypatch.setattr(models, "generate_password_hash",
                        partial(generate_password_hash, method="pbkdf2:sha256:1000"))


@pytest.fixture
def ids(app):
    """Ids that the parametrized URLs need, with one trashed set."""
    trashed = make_set(title="ชุดที่อยู่ในถังขยะ")
    trash.trash(trashed, get_user("staff"))
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == "O33"))
    return {"user": get_user("staff").id, "category": stage_category().id,
            "indicator": indicator.id, "trashed": trashed.id}


def expect(resp, role):
    """Check the answer a role gets from an admin-only route."""
    where = f"{resp.request.method} {resp.request.full_path}"
    if role is None:
        assert resp.status_code == 302 and "/login" in resp.headers["Location"], where
    elif role != "admin":
        assert resp.status_code == 403, where
    else:
        assert resp.status_code == 200, (where, resp.get_data(as_text=True)[:2000])


def form_error(resp, field):
    """Return the Thai error shown next to a field."""
    html = resp.get_data(as_text=True)
    match = re.search(rf'id="err-{field}"[^>]*>([^<]+)<', html)
    return match.group(1) if match else None


def tree_names(year: int) -> list[tuple[int, str]]:
    return [(depth, c.name) for depth, c in catalog.tree(catalog.get_year(year))]


# --------------------------------------------------------------------------- access

@pytest.mark.parametrize("role", ANY_ROLE)
def test_admin_pages_are_for_admins(role_client, ids, role):
    client = role_client(role)
    for url in ADMIN_GET:
        expect(client.get(url.format(**ids)), role)


@pytest.mark.parametrize("role", [None, "assessor", "staff"])
def test_admin_actions_refused_to_others(role_client, ids, role):
    client = role_client(role)
    for url in ADMIN_POST:
        expect(client.post(url.format(**ids), data={"confirm": "1", "name": "x", "role": "admin",
                                                     "year": "2570", "target": "2570"}), role)
    assert db.session.get(EvidenceSet, ids["trashed"]).is_deleted
    assert catalog.get_year(2570) is None
    assert get_user("staff").role == "staff"


@pytest.mark.parametrize("role", ANY_ROLE)
@pytest.mark.parametrize("url", ACCOUNT_GET)
def test_account_pages_for_everyone_signed_in(role_client, role, url):
    resp = role_client(role).get(url)
    if role is None:
        assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    else:
        assert resp.status_code == 200


@pytest.mark.parametrize("kind", ["user", "Category", "../set", "blob"])
def test_trash_kinds_are_a_fixed_list(role_client, ids, kind):
    client = role_client("admin")
    assert client.post(f"/admin/trash/{kind}/{ids['trashed']}/restore").status_code == 404


def test_trash_needs_a_trashed_row(role_client, ids):
    client = role_client("admin")
    assert client.post(f"/admin/trash/category/{ids['category']}/purge",
                       data={"confirm": "1"}).status_code == 404
    assert client.post("/admin/trash/item/9999/restore").status_code == 404


# --------------------------------------------------------------------------- dashboard, plugins

def test_dashboard_counts_and_plugin_problems(app, role_client, sample_set):
    archive_of(app).plugins.infos["broken_plugin"] = type(
        next(iter(archive_of(app).plugins.infos.values())))(
        "broken_plugin", error="ImportError: no module named pdfkit")
    html = role_client("admin").get("/admin/").get_data(as_text=True)
    assert "ปัญหาของปลั๊กอิน" in html and "broken_plugin: ImportError" in html
    stat = re.findall(r"<strong>([^<]+)</strong><span>([^<]+)</span>", html)
    assert ("1", "ชุดหลักฐาน") in stat and ("1", "รายการหลักฐาน") in stat and ("1", "ไฟล์") in stat
    assert ("1 / 1", "ฉบับร่าง (ชุด / รายการ)") in stat


def test_plugins_page_lists_plugins_and_type_fields(app, role_client):
    html = role_client("admin").get("/admin/plugins").get_data(as_text=True)
    for etype in archive_of(app).types:
        assert f'id="type-{etype.key}"' in html
        assert etype.name in html
    assert "register_evidence_types" in html
    assert "meeting_number" in html  # a field of the meeting invitation type


# --------------------------------------------------------------------------- users

def test_users_list_shows_last_login_in_buddhist_era(role_client):
    html = role_client("admin").get("/admin/users").get_data(as_text=True)
    year = datetime.now().year + 543
    assert str(year) in html and "ยังไม่เคย" in html


def test_create_user(role_client):
    client = role_client("admin")
    resp = client.post("/admin/users/new", data={
        "username": "Somchai", "display_name": "นายสมชาย ใจดี", "password": "long enough pw",
        "role": "staff"})
    assert resp.status_code == 302
    user = users.get_by_username("somchai")
    assert user.display_name == "นายสมชาย ใจดี" and user.role == "staff"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.target_id == user.id,
                                                      AuditEvent.target_type == "User")).username == "admin"


def test_create_user_errors_in_thai(role_client):
    resp = role_client("admin").post("/admin/users/new", data={
        "username": "staff", "password": "short", "role": "boss"})
    assert resp.status_code == 422
    assert form_error(resp, "username") == "ชื่อผู้ใช้นี้ถูกใช้แล้ว"
    assert form_error(resp, "password") == "รหัสผ่านต้องยาวอย่างน้อย 8 ตัวอักษร"
    assert form_error(resp, "role")


def test_edit_user_role_name_and_password(role_client):
    client = role_client("admin")
    staff = get_user("staff")
    resp = client.post(f"/admin/users/{staff.id}", data={
        "role": "assessor", "display_name": "ผู้ตรวจ", "active": "1", "password": "brand new secret"})
    assert resp.status_code == 302
    db.session.refresh(staff)
    assert (staff.role, staff.display_name, staff.active) == ("assessor", "ผู้ตรวจ", True)
    assert staff.check_password("brand new secret")


def test_disable_user_stops_sign_in(role_client, client):
    staff = get_user("staff")
    resp = role_client("admin").post(f"/admin/users/{staff.id}",
                                     data={"role": "staff", "display_name": "x"})
    assert resp.status_code == 302
    assert not db.session.get(User, staff.id).active
    assert client.post("/login", data={"username": "staff", "password": PASSWORD}).status_code == 401


@pytest.mark.parametrize("data", [{"role": "staff", "active": "1"}, {"role": "admin"}])
def test_last_admin_is_protected(role_client, data):
    admin = get_user("admin")
    resp = role_client("admin").post(f"/admin/users/{admin.id}", data=data)
    assert resp.status_code == 422
    assert form_error(resp, "role") == "ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อยหนึ่งคน"
    db.session.refresh(admin)
    assert admin.role == "admin" and admin.active


def test_unknown_user_is_404(role_client):
    assert role_client("admin").get("/admin/users/999").status_code == 404


# --------------------------------------------------------------------------- agency

def test_agency_rename_keeps_former_names(role_client):
    client = role_client("admin")
    resp = client.post("/admin/agency", data={
        "name": "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาอุบลราชธานี", "short_name": "สพม.อบ",
        "name_en": "Secondary Educational Service Area Office Ubon Ratchathani",
        "website": "https://www.sesaoubon.go.th"})
    assert resp.status_code == 302
    html = client.get("/admin/agency").get_data(as_text=True)
    assert "สพม.29" in html.split("ชื่อเดิม")[-1]
    assert catalog.get_agency().website == "https://www.sesaoubon.go.th"


@pytest.mark.parametrize("data, field", [
    ({"name": "", "short_name": "x"}, "name"),
    ({"name": "สพม.", "website": "javascript:alert(1)"}, "website"),
])
def test_agency_errors(role_client, data, field):
    resp = role_client("admin").post("/admin/agency", data=data)
    assert resp.status_code == 422 and form_error(resp, field)


# --------------------------------------------------------------------------- years

@pytest.mark.parametrize("typed, year", [("๒๕๖๔", 2564), ("2022", 2565), (" 2566 ", 2566)])
def test_create_year_in_be_ce_and_thai_digits(role_client, typed, year):
    resp = role_client("admin").post("/admin/years", data={"year": typed})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/admin/years/{year}/categories")
    assert catalog.get_year(year) is not None
    assert [name for _, name in tree_names(year)][1:] == [s for s, _ in catalog.PARTICIPATION_STAGES]


OUT_OF_RANGE = "ปีงบประมาณไม่ถูกต้อง: ปีต้องอยู่ระหว่าง พ.ศ. 2500–2700 (ค.ศ. 1957–2157) เช่น 2568"


@pytest.mark.parametrize("typed, message", [
    ("2563", "ปีงบประมาณ 2563 มีอยู่แล้ว"), ("สองพัน", "ปีงบประมาณต้องเป็นตัวเลข เช่น 2568"),
    ("0000", OUT_OF_RANGE), ("๐๐๐๑", OUT_OF_RANGE), ("9999", OUT_OF_RANGE), ("63", OUT_OF_RANGE),
])
def test_create_year_errors(role_client, typed, message):
    resp = role_client("admin").post("/admin/years", data={"year": typed})
    assert resp.status_code == 422 and form_error(resp, "year") == message


def test_copy_year(role_client):
    client = role_client("admin")
    client.post("/admin/categories/new?year=2563", data={
        "name": "การประชุม ก.ต.ป.น.", "parent_id": stage_category().id})
    resp = client.post("/admin/years/copy", data={"source": "2563", "target": "๒๕๖๔"})
    assert resp.status_code == 302
    assert tree_names(2564) == tree_names(2563)
    resp = client.post("/admin/years/copy", data={"source": "2563", "target": "2564"})
    assert resp.status_code == 422 and form_error(resp, "year") == "ปีงบประมาณ 2564 มีอยู่แล้ว"


# --------------------------------------------------------------------------- categories

def test_category_create_edit_move(role_client):
    client = role_client("admin")
    planning, doing = stage_category(), stage_category("การร่วมดำเนินการ")
    resp = client.post("/admin/categories/new?year=2563", data={
        "name": "ประชุม ก.ต.ป.น.", "name_en": "Board meetings", "parent_id": str(planning.id),
        "position": "๓", "required_elements": "วาระการประชุม\n\nรายชื่อผู้เข้าประชุม\n"})
    assert resp.status_code == 302
    new = db.session.scalar(select(Category).where(Category.name == "ประชุม ก.ต.ป.น."))
    assert (new.parent_id, new.position, new.required_elements) == (
        planning.id, 3, ["วาระการประชุม", "รายชื่อผู้เข้าประชุม"])
    resp = client.post(f"/admin/categories/{new.id}", data={
        "name": "ประชุม ก.ต.ป.น. (แก้ไข)", "parent_id": str(doing.id), "position": "0",
        "required_elements": "วาระการประชุม"})
    assert resp.status_code == 302
    db.session.refresh(new)
    assert (new.name, new.parent_id) == ("ประชุม ก.ต.ป.น. (แก้ไข)", doing.id)


def test_category_parent_choices_exclude_itself_and_below(role_client):
    root = stage_category().parent
    html = role_client("admin").get(f"/admin/categories/{stage_category().id}").get_data(as_text=True)
    options = re.findall(r'<option value="(\d+)"', html.split('name="parent_id"')[1].split("</select>")[0])
    assert str(root.id) in options and str(stage_category().id) not in options


def test_category_cannot_move_under_its_descendant(role_client):
    root, child = stage_category().parent, stage_category()
    resp = role_client("admin").post(f"/admin/categories/{root.id}", data={
        "name": root.name, "parent_id": str(child.id)})
    assert resp.status_code == 422
    assert form_error(resp, "parent") == "ไม่สามารถย้ายหมวดไปอยู่ใต้ตัวเองได้"
    db.session.refresh(root)
    assert root.parent_id is None


@pytest.mark.parametrize("data, field", [
    ({"name": ""}, "name"), ({"name": "x", "position": "สาม"}, "position"),
    ({"name": "x", "parent_id": "999"}, "parent"),
])
def test_category_form_errors(role_client, data, field):
    resp = role_client("admin").post("/admin/categories/new?year=2563", data=data)
    assert resp.status_code == 422 and form_error(resp, field)


def test_required_elements_prefilled_from_indicator(role_client):
    client = role_client("admin")
    client.post("/admin/years", data={"year": "2568"})
    o25 = db.session.scalar(select(Indicator).where(Indicator.year == 2568, Indicator.code == "o25"))
    html = client.get("/admin/categories/new?year=2568").get_data(as_text=True)
    assert "o25 การเปิดโอกาสให้เกิดการมีส่วนร่วม" in html
    resp = client.post("/admin/categories/new?year=2568", data={
        "name": "หลักฐาน o25", "indicator_id": str(o25.id), "required_elements": ""})
    assert resp.status_code == 302
    row = db.session.scalar(select(Category).where(Category.name == "หลักฐาน o25"))
    assert row.required_elements == o25.elements and len(o25.elements) == 4


def test_indicator_of_another_year_is_refused(role_client):
    o25 = db.session.scalar(select(Indicator).where(Indicator.code == "o25"))
    resp = role_client("admin").post("/admin/categories/new?year=2563", data={
        "name": "x", "indicator_id": str(o25.id)})
    assert resp.status_code == 422 and form_error(resp, "indicator")


def test_category_delete_and_restore_from_trash(role_client):
    client = role_client("admin")
    planning = stage_category()
    assert client.post(f"/admin/categories/{planning.id}/delete").status_code == 302
    assert db.session.get(Category, planning.id).is_deleted
    tree_html = client.get("/admin/years/2563/categories").get_data(as_text=True)
    assert ">การร่วมวางแผน</a>" not in tree_html and ">การร่วมดำเนินการ</a>" in tree_html
    assert "หมวด การร่วมวางแผน" in client.get("/admin/trash").get_data(as_text=True)
    assert client.get(f"/admin/categories/{planning.id}").status_code == 404
    assert client.post(f"/admin/trash/category/{planning.id}/restore").status_code == 302
    assert not db.session.get(Category, planning.id).is_deleted


# --------------------------------------------------------------------------- import / export

@pytest.mark.parametrize("fmt, loads, filename", [
    ("yaml", yaml.safe_load, "หมวด.yaml"), ("json", json.loads, "categories.json")])
def test_export_import_round_trip(role_client, fmt, loads, filename):
    client = role_client("admin")
    client.post("/admin/categories/new?year=2563", data={
        "name": "ประชุม ก.ต.ป.น.", "parent_id": str(stage_category().id),
        "required_elements": "วาระการประชุม"})
    resp = client.get(f"/admin/years/2563/categories/export?format={fmt}")
    assert f"categories-2563.{fmt}" in resp.headers["Content-Disposition"]
    text = resp.get_data(as_text=True)
    assert "การร่วมวางแผน" in text  # Thai kept readable, not escaped
    assert loads(text)["year"] == 2563
    resp = client.post("/admin/years/2563/categories/import", data={
        "target": "2570", "file": (io.BytesIO(resp.data), filename)},
        content_type="multipart/form-data")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/admin/years/2570/categories")
    assert tree_names(2570) == tree_names(2563)
    copied = next(c for _, c in catalog.tree(catalog.get_year(2570)) if c.name == "ประชุม ก.ต.ป.น.")
    assert copied.required_elements == ["วาระการประชุม"]
    again = client.post("/admin/years/2563/categories/import", data={
        "target": "2570", "file": (io.BytesIO(text.encode("utf-8")), filename)},
        content_type="multipart/form-data", follow_redirects=True)
    assert "ไม่มีหมวดใหม่ให้นำเข้า: ทุกหมวดในไฟล์มีอยู่ในปี 2570 แล้ว" in again.get_data(as_text=True)
    assert tree_names(2570) == tree_names(2563)


@pytest.mark.parametrize("content, filename, message", [
    (b"categories: [\n", "bad.yaml", "อ่านไฟล์ไม่ได้: รูปแบบ YAML หรือ JSON ไม่ถูกต้อง"),
    (b'{"year": 2570}', "x.json", "ไฟล์ต้องมีรายการ categories"),
    (b"categories:\n  - name_en: No Thai name\n", "x.yml", "ทุกหมวดต้องมีชื่อ (name)"),
    (b"categories:\n  - name: a\n    children: [1, 2]\n", "x.yml", "ทุกหมวดต้องมีชื่อ (name)"),
    (b"\xff\xfe\x00", "x.yaml", "ไฟล์ต้องเป็นข้อความ UTF-8"),
    (b"", "", "กรุณาเลือกไฟล์ YAML หรือ JSON"),
])
def test_import_errors_in_thai(role_client, content, filename, message):
    resp = role_client("admin").post("/admin/years/2563/categories/import", data={
        "target": "2570", "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data")
    assert resp.status_code == 422 and form_error(resp, "file") == message
    assert not db.session.scalars(select(Category).where(Category.name == "a")).all()


# --------------------------------------------------------------------------- catalog

def test_catalog_lists_a_years_indicators(role_client):
    html = role_client("admin").get("/admin/catalog?year=2568").get_data(as_text=True)
    assert "<code>o25</code>" in html and "ผลจากการมีส่วนร่วม" in html and "<code>O33</code>" not in html
    html = role_client("admin").get("/admin/catalog?year=2563").get_data(as_text=True)
    assert "<code>O33</code>" in html and "<code>O43</code>" in html


def test_edit_indicator(role_client):
    o25 = db.session.scalar(select(Indicator).where(Indicator.code == "o25"))
    resp = role_client("admin").post(f"/admin/catalog/{o25.id}", data={
        "code": "o25", "name": "การเปิดโอกาสให้เกิดการมีส่วนร่วม", "period": "ปี พ.ศ. 2567",
        "elements": "ประเด็นการมีส่วนร่วม\nผลจากการมีส่วนร่วม\n"})
    assert resp.status_code == 302
    db.session.refresh(o25)
    assert o25.elements == ["ประเด็นการมีส่วนร่วม", "ผลจากการมีส่วนร่วม"]
    assert o25.period == "ปี พ.ศ. 2567"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.target_type == "Indicator"))
    assert event.action == "update" and event.username == "admin"


def test_add_indicator_for_a_new_year(role_client):
    client = role_client("admin")
    data = {"year": "๒๕๖๙", "code": "o27", "name": "การเปิดโอกาสให้เกิดการมีส่วนร่วม",
            "elements": "ประเด็นหรือเรื่องในการมีส่วนร่วม"}
    resp = client.post("/admin/catalog/new", data=data)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/admin/catalog?year=2569")
    assert catalog.participation_indicator(2569).code == "o27"
    resp = client.post("/admin/catalog/new", data=data)
    assert resp.status_code == 422 and form_error(resp, "code") == "ปี 2569 มีตัวชี้วัดรหัส o27 อยู่แล้ว"
    resp = client.post("/admin/catalog/new", data={"year": "2569", "code": "", "name": ""})
    assert form_error(resp, "code") and form_error(resp, "name")


def test_reload_catalog(role_client):
    o25 = db.session.scalar(select(Indicator).where(Indicator.code == "o25"))
    o25.elements = []
    db.session.commit()
    resp = role_client("admin").post("/admin/catalog/reload")
    assert resp.status_code == 302
    db.session.refresh(o25)
    assert len(o25.elements) == 4


# --------------------------------------------------------------------------- audit log

@pytest.fixture
def dated_events(app):
    """Old events besides today's: 15 May 2563 16:30 and 03:00 Thai time (stored in UTC)."""
    old = AuditEvent(action="publish", username="staff", summary="เผยแพร่ อ้างอิงชุด 1",
                     target_type="EvidenceSet", target_id=1, at=datetime(2020, 5, 15, 9, 30),
                     details={"items": [1, 2]})
    early = AuditEvent(action="unpublish", username="staff", summary="ยกเลิกเผยแพร่ อ้างอิงชุด 2",
                       at=datetime(2020, 5, 14, 20, 0))
    db.session.add_all([old, early])
    db.session.commit()
    return old


def audit_rows(client, query: str) -> list[str]:
    html = client.get("/admin/audit?" + query).get_data(as_text=True)
    return re.findall(r'<span class="action action-[a-z_]+">([^<]+)</span>', html)


def test_audit_filter_by_action_user_date_and_text(role_client, dated_events):
    client = role_client("admin")
    assert audit_rows(client, "action=publish") == ["เผยแพร่"]
    assert set(audit_rows(client, "user=admin")) == {"เข้าสู่ระบบ"}
    assert audit_rows(client, "since=15/05/2563&until=๑๕ พ.ค. ๒๕๖๓") == ["เผยแพร่", "ยกเลิกเผยแพร่"]
    assert audit_rows(client, "until=14/05/2563") == []  # 20:00 UTC on the 14th is the 15th in Thailand
    assert audit_rows(client, "until=16/05/2020") == ["เผยแพร่", "ยกเลิกเผยแพร่"]
    assert "เผยแพร่" not in audit_rows(client, "since=16/05/2563")
    assert audit_rows(client, "q=ชุด 1") == ["เผยแพร่"]
    html = client.get("/admin/audit?action=publish").get_data(as_text=True)
    assert "15 พ.ค. 2563 16:30 น." in html and "<details>" in html


def test_audit_bad_date_shows_thai_error(role_client):
    resp = role_client("admin").get("/admin/audit?since=32/13/2563")
    assert resp.status_code == 200 and form_error(resp, "since")


def test_audit_pages_of_fifty(role_client):
    for n in range(60):
        db.session.add(AuditEvent(action="download", username="assessor", summary=f"ดาวน์โหลด {n}"))
    db.session.commit()
    client = role_client("admin")
    assert len(audit_rows(client, "action=download")) == 50
    assert len(audit_rows(client, "action=download&page=2")) == 10
    assert 'href="/admin/audit?page=2&amp;action=download"' in client.get(
        "/admin/audit?action=download").get_data(as_text=True)


def test_audit_csv_follows_the_filters(role_client, dated_events):
    resp = role_client("admin").get("/admin/audit.csv?action=publish")
    assert resp.mimetype == "text/csv"
    text = resp.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2
    assert rows[1][:2] == ["2020-05-15T09:30:00", "15 พ.ค. 2563 16:30 น."]
    assert rows[1][3] == "เผยแพร่"
    assert json.loads(rows[1][-1]) == {"items": [1, 2]}


def test_audit_csv_defuses_formulas(role_client):
    db.session.add(AuditEvent(action="update", username="staff", summary="=HYPERLINK(\"x\")"))
    db.session.commit()
    text = role_client("admin").get("/admin/audit.csv?action=update").get_data(as_text=True)
    assert "'=HYPERLINK" in text


# --------------------------------------------------------------------------- trash

def test_trash_restore_set(role_client, sample_set):
    trash.trash(sample_set, get_user("staff"))
    client = role_client("admin")
    html = client.get("/admin/trash").get_data(as_text=True)
    assert "อ้างอิงชุด 1: การประชุม ก.ต.ป.น. ครั้งที่ 1/2563" in html and "ยืนยันการลบถาวร" in html
    assert client.post(f"/admin/trash/set/{sample_set.id}/restore").status_code == 302
    assert not db.session.get(EvidenceSet, sample_set.id).is_deleted


def test_purge_needs_confirmation(role_client, sample_set):
    trash.trash(sample_set, get_user("staff"))
    client = role_client("admin")
    resp = client.post(f"/admin/trash/set/{sample_set.id}/purge", follow_redirects=True)
    assert "ยืนยันการลบถาวร" in resp.get_data(as_text=True)
    assert db.session.get(EvidenceSet, sample_set.id) is not None


def test_purge_removes_blobs_only_when_unreferenced(app, role_client):
    store = archive_of(app).store
    evidence_set = make_set()
    first, second = make_item(app, evidence_set), make_item(app, evidence_set)
    sha = first.files[0].sha256
    assert second.files[0].sha256 == sha and store.path(sha).exists()
    client = role_client("admin")
    for item in (first, second):
        trash.trash(item, get_user("staff"))
    item_id = first.id
    resp = client.post(f"/admin/trash/item/{item_id}/purge", data={"confirm": "1"})
    assert resp.status_code == 302
    assert db.session.get(EvidenceItem, item_id) is None
    assert store.path(sha).exists()  # still used by the second item
    file_id = second.files[0].id
    client.post(f"/admin/trash/item/{second.id}/purge", data={"confirm": "1"})
    assert db.session.get(ItemFile, file_id) is None
    assert not store.path(sha).exists()
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "purge")
                             .order_by(AuditEvent.id.desc())).details["blobs"] == [sha]


def test_purge_file_and_category(app, role_client, sample_set):
    store = archive_of(app).store
    item_file = sample_set.items[0].files[0]
    sha, file_id = item_file.sha256, item_file.id
    trash.trash(item_file, get_user("staff"))
    client = role_client("admin")
    client.post(f"/admin/trash/file/{file_id}/purge", data={"confirm": "1"})
    assert not store.path(sha).exists()
    category = stage_category()
    category_id = category.id
    trash.trash(category, get_user("admin"))
    client.post(f"/admin/trash/category/{category_id}/purge", data={"confirm": "1"})
    assert db.session.get(Category, category_id) is None
    assert db.session.get(EvidenceSet, sample_set.id) is None


# --------------------------------------------------------------------------- tokens, password

@pytest.mark.parametrize("role", ["assessor", "staff", "admin"])
def test_token_create_authenticate_revoke(app, role_client, role):
    client = role_client(role)
    resp = client.post("/account/tokens", data={"name": "สคริปต์อัปโหลด"})
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    html = resp.get_data(as_text=True)
    secret = re.search(r'value="(ea_[^"]+)"', html).group(1)
    assert "แสดงให้เห็นเพียงครั้งเดียว" in html
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in listing and secret[:10] in listing and "สคริปต์อัปโหลด" in listing

    bearer = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    assert bearer.get("/account/tokens", headers=headers).status_code == 200
    token = db.session.scalar(select(ApiToken).where(ApiToken.prefix == secret[:10]))
    assert token.last_used_at is not None

    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 302
    assert app.test_client().get("/account/tokens", headers=headers).status_code == 302
    assert "ยกเลิกแล้ว" in client.get("/account/tokens").get_data(as_text=True)


def test_cannot_revoke_someone_elses_token(role_client):
    token, _secret = users.create_token(get_user("admin"), "admin's")
    assert role_client("staff").post(f"/account/tokens/{token.id}/revoke").status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None


def test_change_password(role_client, client):
    staff_client = role_client("staff")
    resp = staff_client.post("/account/password", data={
        "current": "wrong", "password": "another secret", "confirm": "another secret"})
    assert resp.status_code == 422 and form_error(resp, "current") == "รหัสผ่านปัจจุบันไม่ถูกต้อง"
    resp = staff_client.post("/account/password", data={
        "current": PASSWORD, "password": "another secret", "confirm": "another secreT"})
    assert form_error(resp, "confirm") == "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน"
    resp = staff_client.post("/account/password", data={
        "current": PASSWORD, "password": "another secret", "confirm": "another secret"})
    assert resp.status_code == 302
    assert client.post("/login", data={"username": "staff", "password": "another secret"}).status_code == 302


# --------------------------------------------------------------------------- translations

def test_labels_have_english():
    """Action, kind and role labels are shown through _() without literals (tests/test_i18n.py
    checks the literal strings)."""
    from evidence_archive.services.audit import ACTIONS
    from evidence_archive.views.admin_helpers import KIND_LABELS, ROLE_LABELS
    english = _table("en")
    labels = [*ACTIONS.values(), *KIND_LABELS.values(), *ROLE_LABELS.values()]
    assert not [text for text in labels if text not in english]


def test_english_interface(role_client):
    client = role_client("admin")
    client.get("/lang/en")
    html = client.get("/admin/").get_data(as_text=True)
    assert "Users" in html and "Audit log" in html and "Drafts (sets / items)" in html


def test_forms_carry_the_csrf_token(app, role_client):
    client = role_client("admin")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/admin/years", data={"year": "2570"}).status_code == 400
    html = client.get("/admin/years").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.post("/admin/years", data={"year": "2570", "csrf_token": token}).status_code == 302
    assert catalog.get_year(2570) is not None

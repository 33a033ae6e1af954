"""A page form the request gate refuses comes back as the same form, filled in, with the reason.

The gate (inputs.py) refuses control characters and over-long fields before any
view reads the form; a browser used to get a bare error page and lose what was
typed.  The tests run on SQLite and PostgreSQL alike (--db).
"""
from __future__ import annotations

import html
import io
import re

import pytest
from sqlalchemy import func, select

from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import ApiToken, Category, EvidenceItem, EvidenceSet, User

from .conftest import DATA, INVITATION, make_item, make_set, stage_category
from .test_inputs import multipart

NUL_MESSAGE = "ช่อง “{}” มีอักขระควบคุมที่มองไม่เห็น (U+{:04X}) ซึ่งบันทึกไม่ได้ กรุณาลบออกแล้วส่งใหม่"
PDF = "invitation-ktpn-1-2563.pdf"
ITEM_FORM = {"doc_number": "ที่ ศธ 04290/1237", "date": "1/5/2563", "subject": "เชิญ\x00ประชุม",
             "recipient": "กรรมการ ก.ต.ป.น.", "meeting_number": "1/2563",
             "meeting_date": "15/5/2563", "venue": "ห้องประชุมพรหมวิหาร",
             "signer__name": "นายสมชาย ใจดี", "signer__position": "ผู้อำนวยการ"}


@pytest.fixture
def staff(role_client):
    return role_client("staff")


@pytest.fixture
def admin(role_client):
    return role_client("admin")


def page(resp) -> str:
    return html.unescape(resp.get_data(as_text=True))


def field_error(text: str, name: str) -> str:
    """Return the message shown beside a field (its err-<name> slot)."""
    found = re.search(rf'id="err-{name}"[^>]*>([^<]*)<', text)
    return found[1] if found else ""


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def pdf() -> tuple:
    return io.BytesIO((DATA / PDF).read_bytes()), "หนังสือเชิญ.pdf"


# --------------------------------------------------------------------------- sets

def test_a_refused_set_form_comes_back_filled_in(staff):
    """It was a bare error page (422) without the form: all three fields had to be typed again."""
    category = stage_category()
    resp = staff.post(f"/categories/{category.id}/sets/new", data={
        "number": "7", "title": "ประชุม\x00ครั้งที่ 1", "description": "บรรทัดหนึ่ง\r\nบรรทัดสอง\x07"})
    assert resp.status_code == 422
    text = page(resp)
    assert f'action="/categories/{category.id}/sets/new"' in text  # the form itself, again
    assert 'value="7"' in text and 'value="ประชุมครั้งที่ 1"' in text
    assert ">บรรทัดหนึ่ง\r\nบรรทัดสอง</textarea>" in text
    assert field_error(text, "title") == NUL_MESSAGE.format("ชื่อเรื่อง", 0)
    assert field_error(text, "description") == NUL_MESSAGE.format("คำอธิบาย", 7)
    assert count(EvidenceSet) == 0


def test_a_refused_edit_shows_what_was_typed_not_what_is_stored(staff):
    evidence_set = make_set(title="ชื่อเดิม")
    resp = staff.post(f"/s/{evidence_set.public_id}/edit",
                      data={"number": "3", "title": "ชื่อใหม่\x1b", "description": "ใหม่"})
    assert resp.status_code == 422
    text = page(resp)
    assert 'value="ชื่อใหม่"' in text and 'value="3"' in text and "ชื่อเดิม" not in text
    assert field_error(text, "title") == NUL_MESSAGE.format("ชื่อเรื่อง", 0x1B)
    db.session.refresh(evidence_set)
    assert (evidence_set.number, evidence_set.title) == (1, "ชื่อเดิม")


def test_an_over_long_field_comes_back_empty_and_named(staff):
    """Past the parser's limit the text is not kept: the field is empty, the others are kept."""
    category = stage_category()
    resp = staff.post(f"/categories/{category.id}/sets/new",
                      data={"number": "2", "title": "ก" * 200_000, "description": "คงไว้"})
    assert resp.status_code == 422
    text = page(resp)
    assert 'name="title" value=""' in text and ">คงไว้</textarea>" in text
    assert field_error(text, "title").startswith("ช่อง “ชื่อเรื่อง” ยาวเกินกำหนด: ข้อความในช่องเดียว")
    assert count(EvidenceSet) == 0


# --------------------------------------------------------------------------- items

def test_a_refused_upload_form_comes_back_filled_in(app, staff):
    evidence_set = make_set()
    resp = staff.post(f"/s/{evidence_set.public_id}/items/new?type=meeting_invitation",
                      data={**ITEM_FORM, "item_title": "หนังสือ\x0bเชิญ", "files": pdf()})
    assert resp.status_code == 422
    text = page(resp)
    assert 'value="เชิญประชุม"' in text and 'value="ห้องประชุมพรหมวิหาร"' in text
    assert 'value="นายสมชาย ใจดี"' in text and 'value="หนังสือเชิญ"' in text
    assert field_error(text, "subject") == NUL_MESSAGE.format("เรื่อง", 0)
    assert field_error(text, "item_title") == NUL_MESSAGE.format("ชื่อรายการ", 0x0B)
    assert "กรุณาเลือกไฟล์อีกครั้ง" in text  # files are never kept from a refused form
    assert count(EvidenceItem) == 0
    tmp = archive_of(app).store.tmp
    assert not tmp.exists() or list(tmp.iterdir()) == []


def test_an_over_long_multipart_field_is_skipped_and_the_rest_read(staff):
    """The parser used to stop at the over-long field; for a page it reads on to keep the rest."""
    evidence_set = make_set()
    resp = staff.post(f"/s/{evidence_set.public_id}/items/new?type=meeting_invitation",
                      **multipart({**ITEM_FORM, "subject": "เชิญประชุม", "item_title": "ก" * 350_000},
                                  {"files": ("หนังสือเชิญ.pdf", (DATA / PDF).read_bytes())}))
    assert resp.status_code == 422
    text = page(resp)
    assert 'name="item_title" value=""' in text and 'value="ห้องประชุมพรหมวิหาร"' in text
    assert field_error(text, "item_title").startswith("ช่อง “ชื่อรายการ” ยาวเกินกำหนด")
    assert count(EvidenceItem) == 0


def test_a_refused_item_edit_comes_back_filled_in(app, staff):
    item = make_item(app, make_set())
    action = f"/i/{item.public_id}/edit?type=meeting_invitation"  # the form names its type
    assert f'action="{action}"' in page(staff.get(f"/i/{item.public_id}/edit"))
    resp = staff.post(action, data={**INVITATION, "venue": "ห้อง\x00ใหม่"})
    assert resp.status_code == 422
    text = page(resp)
    assert 'value="ห้องใหม่"' in text and field_error(text, "venue") == NUL_MESSAGE.format(
        "สถานที่ประชุม", 0)
    db.session.refresh(item)
    assert item.meta["venue"] == INVITATION["venue"]


# --------------------------------------------------------------------------- admin and account

def test_refused_admin_forms_come_back_filled_in(admin):
    resp = admin.post("/admin/categories/new?year=2563", data={
        "name": "หมวด\x00ใหม่", "name_en": "New", "description": "คำอธิบาย", "position": "3"})
    assert resp.status_code == 422
    text = page(resp)
    assert 'value="หมวดใหม่"' in text and 'value="New"' in text and 'value="3"' in text
    assert field_error(text, "name") == NUL_MESSAGE.format("ชื่อ", 0)
    resp = admin.post("/admin/users/new", data={
        "username": "somsri", "display_name": "สมศรี\x01", "role": "admin",
        "password": "secret password\x00"})
    assert resp.status_code == 422
    text = page(resp)
    assert 'value="somsri"' in text and 'value="สมศรี"' in text
    assert '<option value="admin" selected>' in text
    assert "secret password" not in text  # a password is never written back into a page
    assert field_error(text, "display_name") == NUL_MESSAGE.format("ชื่อที่แสดง", 1)
    assert field_error(text, "password") == NUL_MESSAGE.format("รหัสผ่าน", 0)
    assert db.session.scalar(select(User).where(User.username == "somsri")) is None
    assert db.session.scalar(select(Category).where(Category.name.contains("ใหม่"))) is None


def test_a_refused_token_name_comes_back(staff):
    resp = staff.post("/account/tokens", data={"name": "สคริปต์\x00สำรอง"})
    assert resp.status_code == 422
    text = page(resp)
    assert 'value="สคริปต์สำรอง"' in text
    assert field_error(text, "name") == NUL_MESSAGE.format("ชื่อ", 0)
    assert count(ApiToken) == 0


def test_the_sign_in_form_comes_back_with_the_reason(client):
    resp = client.post("/login", data={"username": "staff\x00", "password": "x"})
    assert resp.status_code == 422
    text = page(resp)
    assert 'value="staff"' in text and NUL_MESSAGE.format("ชื่อผู้ใช้", 0) in text


# --------------------------------------------------------------------------- where it cannot

def test_a_post_only_form_gets_the_reasons_and_a_way_back(app, staff):
    """A caption is edited inline on the item page; its URL has no page of its own to draw."""
    item = make_item(app, make_set())
    edit_url = f"/i/{item.public_id}/edit"
    resp = staff.post(f"/f/{item.files[0].public_id}/edit", data={"caption": "ภาพ\x00"},
                      headers={"Referer": f"http://localhost{edit_url}"})
    assert resp.status_code == 422
    text = page(resp)
    assert NUL_MESSAGE.format("คำบรรยาย", 0) in text
    assert f'href="{edit_url}"' in text


def test_the_production_path_checks_csrf_before_showing_the_form(app, staff):
    """With CSRF on, the gate refuses the form while the CSRF check reads it."""
    app.config["WTF_CSRF_ENABLED"] = True
    category = stage_category()
    url = f"/categories/{category.id}/sets/new"
    token = re.search(r'name="csrf_token" value="([^"]+)"', staff.get(url).get_data(as_text=True))[1]
    resp = staff.post(url, data={"csrf_token": token, "number": "1", "title": "ชุด\x00"})
    assert resp.status_code == 422
    assert 'value="ชุด"' in page(resp) and field_error(page(resp), "title")
    forged = staff.post(url, data={"csrf_token": "forged", "number": "1", "title": "ชุด\x00ปลอม"})
    assert forged.status_code == 422  # refused, and nothing typed is written back into a page
    assert "ชุดปลอม" not in page(forged) and NUL_MESSAGE.format("ชื่อเรื่อง", 0) in page(forged)
    assert count(EvidenceSet) == 0


def test_the_upload_script_still_gets_json(staff):
    category = stage_category()
    resp = staff.post(f"/categories/{category.id}/sets/new", headers={"Accept": "application/json"},
                      data={"number": "1", "title": "ชุด\x00"})
    assert resp.status_code == 422
    assert resp.json["errors"] == {"title": NUL_MESSAGE.format("ชื่อเรื่อง", 0)}

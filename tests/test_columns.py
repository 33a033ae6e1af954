"""Text on its way into a column: one clear refusal on SQLite and PostgreSQL, from every door.

PostgreSQL refused a title longer than its VARCHAR(500) (a bare 400, or a traceback
in the CLI) where SQLite stored it whole, and refused a NUL that SQLite kept.  Every
test here runs on both databases (``--db=sqlite`` and ``--db=postgres``).
"""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from evidence_archive import EvidenceType, Field, columns
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.errors import ValidationError
from evidence_archive.models import (ApiToken, AuditEvent, Category, EvidenceItem, EvidenceSet,
                                     Indicator)
from evidence_archive.services import catalog, category_io, evidence, users

from .conftest import DATA, INVITATION, get_user, make_item, make_set, stage_category, upload_of

API = "/api/v1"
PDF = "invitation-ktpn-1-2563.pdf"
NUL_MESSAGE = "ช่อง “{}” มีอักขระควบคุมที่มองไม่เห็น (U+{:04X}) ซึ่งบันทึกไม่ได้ กรุณาลบออกแล้วส่งใหม่"


def pdf() -> tuple:
    return io.BytesIO((DATA / PDF).read_bytes()), "หนังสือเชิญ.pdf"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --------------------------------------------------------------------------- the module

def test_lengths_come_from_the_models():
    assert columns.length(EvidenceSet.title) == 500
    assert columns.length(Category.name) == 300
    assert columns.length(ApiToken.name) == 200
    assert columns.length(EvidenceSet.description) is None  # Text: no limit
    assert columns.length(Category.required_elements) is None  # JSON


def test_check_names_the_field_and_keeps_the_first_message():
    errors: dict = {}
    columns.check(errors, "title", "ก" * 500, EvidenceSet.title)
    assert errors == {}
    columns.check(errors, "title", "ก" * 501, EvidenceSet.title)
    columns.check(errors, "title", "x\x00", EvidenceSet.title)
    columns.check(errors, "description", "ก\x00" * 10_000, EvidenceSet.description)
    columns.check(errors, "token", "ก" * 201, ApiToken.name, label="ชื่อโทเค็น")
    assert errors == {"title": "ช่อง “ชื่อเรื่อง” ยาวเกิน 500 ตัวอักษร",
                      "description": NUL_MESSAGE.format("คำอธิบาย", 0),
                      "token": "ช่อง “ชื่อโทเค็น” ยาวเกิน 200 ตัวอักษร"}


def test_fit_shortens_made_text_visibly():
    assert columns.fit("ก" * 500, EvidenceItem.title) == "ก" * 500
    made = columns.fit("ก" * 499 + " ข" * 10, EvidenceItem.title)
    assert len(made) == 500 and made.endswith("ก…")
    assert columns.fit("x" * 9999, EvidenceSet.description) == "x" * 9999


# --------------------------------------------------------------------------- too long

TITLE_501 = "ก" * 501


def test_an_over_long_set_title_is_one_clear_422(role_client):
    staff = role_client("staff")
    resp = staff.post(f"{API}/sets", json={"category": stage_category().id, "title": TITLE_501})
    assert resp.status_code == 422
    assert resp.json["errors"] == {"title": "ช่อง “ชื่อเรื่อง” ยาวเกิน 500 ตัวอักษร"}
    resp = staff.post(f"/categories/{stage_category().id}/sets/new",
                      data={"title": TITLE_501, "number": "1"})
    assert resp.status_code == 422
    assert "ช่อง “ชื่อเรื่อง” ยาวเกิน 500 ตัวอักษร" in resp.get_data(as_text=True)
    assert count(EvidenceSet) == 0


def test_an_over_long_item_title_is_one_clear_422(app, role_client):
    """The API stored it on SQLite (201) and answered a bare 400 on PostgreSQL."""
    staff = role_client("staff")
    evidence_set = make_set()
    resp = staff.post(f"{API}/sets/{evidence_set.public_id}/items", data={
        "type": "meeting_invitation", "metadata": json.dumps(INVITATION), "title": TITLE_501,
        "files": pdf()})
    assert resp.status_code == 422, resp.json
    assert resp.json["errors"] == {"title": "ช่อง “ชื่อรายการ” ยาวเกิน 500 ตัวอักษร"}
    resp = staff.post(f"/s/{evidence_set.public_id}/items/new?type=meeting_invitation",
                      headers={"Accept": "application/json"}, data={
                          **INVITATION, "signer__name": "นายสมชาย ใจดี", "item_title": TITLE_501,
                          "files": pdf()})
    assert resp.status_code == 422  # the upload script shows it beside the title input
    assert resp.json["errors"] == {"item_title": "ช่อง “ชื่อรายการ” ยาวเกิน 500 ตัวอักษร"}
    item = make_item(app, evidence_set)
    resp = staff.patch(f"{API}/items/{item.public_id}", json={"title": TITLE_501})
    assert resp.status_code == 422 and list(resp.json["errors"]) == ["title"]
    resp = staff.post(f"/i/{item.public_id}/edit", data={**INVITATION, "item_title": TITLE_501})
    assert resp.status_code == 422
    assert "ช่อง “ชื่อรายการ” ยาวเกิน 500 ตัวอักษร" in resp.get_data(as_text=True)
    assert count(EvidenceItem) == 1 and db.session.get(EvidenceItem, item.id).title != TITLE_501


def test_a_title_made_from_long_metadata_is_shortened_not_refused(app):
    """A type may take its title from a long text field; the title is cut, the value kept."""
    etype = EvidenceType(key="long_report", name="รายงานยาว", name_en="Long report",
                         fields=[Field("summary", "สรุป", "Summary", kind="longtext")],
                         title_field="summary", min_files=0)
    summary = "รายงานผลการดำเนินงาน " * 100
    item = evidence.create_item(make_set(), etype, {"summary": summary}, get_user())
    assert len(item.title) == 500 and item.title.endswith("…")
    assert item.meta["summary"] == summary.strip()
    assert item.title == evidence.automatic_title(etype, item.meta)


def test_token_names_are_refused_not_cut(role_client, runner):
    """The page cut a token name to 200 characters without a word."""
    staff = role_client("staff")
    name = "ส" * 201
    resp = staff.post("/account/tokens", data={"name": name})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "ช่อง “ชื่อ” ยาวเกิน 200 ตัวอักษร" in page and f'value="{name}"' in page
    resp = staff.post(f"{API}/tokens", json={"name": name})
    assert resp.status_code == 422
    assert resp.json["errors"] == {"name": "ช่อง “ชื่อ” ยาวเกิน 200 ตัวอักษร"}
    result = runner.invoke(args=["tokens", "create", "staff", "--name", name])
    assert result.exit_code == 1 and "ยาวเกิน 200 ตัวอักษร" in result.output
    assert count(ApiToken) == 0


def test_an_over_long_name_from_the_cli_is_refused_alike(runner, tmp_path):
    """PostgreSQL's refusal came out of the CLI as a traceback; SQLite stored the name."""
    result = runner.invoke(args=["users", "create", "newcomer", "--password", "long enough",
                                 "--name", "ช" * 201])
    assert result.exit_code == 1
    assert "display_name: ช่อง “ชื่อที่แสดง” ยาวเกิน 200 ตัวอักษร" in result.output
    tree = tmp_path / "tree.yaml"
    tree.write_text(json.dumps({"year": 2564, "categories": [
        {"name": "หมวดหนึ่ง", "children": [{"name": "หมวดย่อย", "name_en": "x" * 301}]}]}),
        encoding="utf-8")
    result = runner.invoke(args=["categories", "import", str(tree)])
    assert result.exit_code == 1
    assert "หมวด “หมวดย่อย”: ช่อง “ชื่อภาษาอังกฤษ” ยาวเกิน 300 ตัวอักษร" in result.output
    assert users.get_by_username("newcomer") is None and catalog.get_year(2564) is None


def test_an_over_long_category_name_in_an_imported_tree_names_the_category(app):
    tree = {"categories": [{"name": "ก" * 301}]}
    with pytest.raises(ValidationError) as info:
        category_io.import_tree(category_io.parse(json.dumps(tree)), 2564)
    assert info.value.errors == {"file": f"หมวด “{'ก' * 40}…”: ช่อง “ชื่อ” ยาวเกิน 300 ตัวอักษร"}


def test_catalog_texts_are_held_to_their_columns(app, role_client):
    admin = role_client("admin")
    resp = admin.post("/admin/catalog/new?year=2563", data={
        "year": "2563", "code": "o" * 21, "name": "ชื่อ", "period": "ป" * 301})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "ช่อง “รหัส” ยาวเกิน 20 ตัวอักษร" in page
    assert "ช่อง “ช่วงเวลาของข้อมูล” ยาวเกิน 300 ตัวอักษร" in page
    with pytest.raises(ValidationError) as info:
        catalog.update_agency(catalog.get_agency(), get_user("admin"), "สพม.29", "สพม.29",
                              name_en="x" * 301)
    assert info.value.errors == {"name_en": "ช่อง “ชื่อภาษาอังกฤษ” ยาวเกิน 300 ตัวอักษร"}
    assert db.session.scalar(select(Indicator).where(Indicator.code == "o" * 21)) is None


def test_a_long_user_name_at_sign_in_is_a_plain_refusal(client):
    """The failed sign-in's audit row could not hold the name on PostgreSQL: a bare 400."""
    resp = client.post("/login", data={"username": "u" * 150, "password": "x" * 10})
    assert resp.status_code == 401
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login_failed"))
    assert len(event.username) == 100 and event.username.endswith("…")


# --------------------------------------------------------------------------- control characters

def test_control_characters_from_the_cli_are_refused_alike(runner):
    """NUL came out as a traceback on PostgreSQL and was stored on SQLite."""
    result = runner.invoke(args=["users", "create", "newcomer", "--password", "long enough",
                                 "--name", "นาย\x00ก"])
    assert result.exit_code == 1
    assert NUL_MESSAGE.format("ชื่อที่แสดง", 0) in result.output
    result = runner.invoke(args=["tokens", "create", "staff", "--name", "สคริปต์\x01"])
    assert result.exit_code == 1 and NUL_MESSAGE.format("ชื่อ", 1) in result.output
    assert users.get_by_username("newcomer") is None and count(ApiToken) == 0


def test_metadata_from_a_script_meets_the_same_rule_as_a_request(app):
    """A plugin's command or a script calls the services with no request gate before them."""
    etype = archive_of(app).types.get("meeting_invitation")
    evidence_set = make_set()
    meta = {**INVITATION, "subject": "เชิญประชุม\x00", "enclosures": "ระเบียบวาระ\x1b",
            "signer": {"name": "นาย\x00ก", "position": "ผอ."}}
    with pytest.raises(ValidationError) as info:
        evidence.create_item(evidence_set, etype, meta, get_user(),
                             [upload_of(app, "a.pdf", source=PDF, caption="ภาพ\x07")])
    assert info.value.errors == {"subject": NUL_MESSAGE.format("เรื่อง", 0),
                                 "enclosures": NUL_MESSAGE.format("สิ่งที่ส่งมาด้วย", 0x1B),
                                 "signer": NUL_MESSAGE.format("ผู้ลงนาม", 0),
                                 "captions": NUL_MESSAGE.format("คำบรรยายภาพ", 7)}
    item = make_item(app, evidence_set)
    with pytest.raises(ValidationError) as info:
        evidence.update_item(item, etype, meta, get_user())
    assert set(info.value.errors) == {"subject", "enclosures", "signer"}
    with pytest.raises(ValidationError) as info:
        evidence.update_file(item.files[0], get_user(), caption="ภาพ\x00")
    assert info.value.errors == {"caption": NUL_MESSAGE.format("คำบรรยาย", 0)}
    db.session.rollback()
    assert count(EvidenceItem) == 1 and item.meta["subject"] == INVITATION["subject"]


def test_control_characters_in_set_and_category_texts_from_a_script(app):
    with pytest.raises(ValidationError) as info:
        evidence.create_set(stage_category(), "ชุดที่หนึ่ง", get_user(), description="ก\x00")
    assert info.value.errors == {"description": NUL_MESSAGE.format("คำอธิบาย", 0)}
    with pytest.raises(ValidationError) as info:
        catalog.save_category(get_user("admin"), catalog.get_year(2563), "หมวดใหม่",
                              required_elements=["ข้อหนึ่ง", "ข้อ\x00สอง"])
    assert info.value.errors == {"required_elements": NUL_MESSAGE.format("องค์ประกอบที่ต้องมี", 0)}
    assert count(EvidenceSet) == 0
    assert db.session.scalar(select(Category).where(Category.name == "หมวดใหม่")) is None

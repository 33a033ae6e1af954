"""Hostile input at the one door every body passes: deep JSON, over-long fields, control characters.

The same answers on SQLite and PostgreSQL: the tests marked `both` run on each.
"""
from __future__ import annotations

import hashlib
import io
import json

import pytest
from flask import request
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from evidence_archive import inputs
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.errors import ArchiveError, ValidationError
from evidence_archive.models import Blob, Category, EvidenceItem, EvidenceSet

from .conftest import DATA, INVITATION, make_set, stage_category

API = "/api/v1"
PDF = "invitation-ktpn-1-2563.pdf"
both = pytest.mark.parametrize("db_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
                               indirect=True)
NUL_MESSAGE = "ช่อง “{}” มีอักขระควบคุมที่มองไม่เห็น (U+{:04X}) ซึ่งบันทึกไม่ได้ กรุณาลบออกแล้วส่งใหม่"


@pytest.fixture
def staff(role_client):
    return role_client("staff")


def multipart(fields: dict, files: dict | None = None) -> dict:
    """Encode a multipart body up front: the test client would spool a big one to a file
    it never closes."""
    values = dict(fields)
    for name, (filename, data) in (files or {}).items():
        values[name] = FileStorage(io.BytesIO(data), filename)  # a tuple would go as text
    boundary, body = encode_multipart(values)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def pdf_file(name: str = "หนังสือเชิญประชุม.pdf") -> dict:
    return {"files": (name, (DATA / PDF).read_bytes())}


def stored() -> tuple[int, int, int]:
    """Count sets, items and blobs, to show that a refusal wrote nothing."""
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (EvidenceSet, EvidenceItem, Blob))


def tmp_files(app) -> list:
    tmp = archive_of(app).store.tmp
    return list(tmp.iterdir()) if tmp.exists() else []


# --------------------------------------------------------------------------- deep JSON

@pytest.mark.parametrize("body", ["[" * 100_000, '{"title": ' + "[" * 5000 + "]" * 5000 + "}",
                                  '{"metadata": ' + '{"a": ' * 40 + "1" + "}" * 41])
def test_deeply_nested_json_is_a_400_in_thai(staff, body):
    """100,000 nested [ raised RecursionError (500); any body nested past 32 levels is refused."""
    resp = staff.post(f"{API}/sets", data=body, content_type="application/json")
    assert resp.status_code == 400 and resp.is_json
    assert resp.json["error"] == "ข้อมูล JSON ซ้อนกันลึกเกิน 32 ชั้น"


def test_json_nested_within_the_limit_is_read(app):
    body = json.dumps({"a": [[[[{"b": "ข้อความ\tกับ\nบรรทัดใหม่\r"}]]]]})
    with app.test_request_context(method="POST", data=body, content_type="application/json"):
        assert request.get_json()["a"][0][0][0][0]["b"].startswith("ข้อความ\t")
    deepest = "[" * inputs.MAX_JSON_DEPTH + "]" * inputs.MAX_JSON_DEPTH
    with app.test_request_context(method="POST", data=deepest, content_type="application/json"):
        assert request.get_json() == json.loads(deepest)


def test_every_get_json_is_guarded(app):
    """A plugin's blueprint reading request.get_json gets the same refusal as the API."""
    with app.test_request_context(method="POST", data="[" * 100_000,
                                  content_type="application/json"):
        with pytest.raises(ArchiveError, match="ซ้อนกันลึกเกิน"):
            request.get_json(silent=True)
    with app.test_request_context(method="POST", data='{"x": ["a\\u0000"]}',
                                  content_type="application/json"):
        with pytest.raises(ValidationError) as info:
            request.get_json()
    assert info.value.errors == {"x": NUL_MESSAGE.format("x", 0)}


def test_deep_metadata_typed_into_a_form_field_is_a_400(staff, app):
    evidence_set = make_set()
    resp = staff.post(f"{API}/sets/{evidence_set.public_id}/items", **multipart(
        {"type": "meeting_invitation", "metadata": "[" * 100_000}, pdf_file()))
    assert resp.status_code == 400 and "ซ้อนกันลึกเกิน" in resp.json["error"]
    assert tmp_files(app) == []


# --------------------------------------------------------------------------- long fields

def test_a_megabyte_in_one_field_names_the_field_not_a_file(staff, app):
    """1 MB in the title was answered "ไฟล์มีขนาดเกินกำหนด" (413)."""
    evidence_set = make_set()
    before = stored()
    for client_accepts in ("application/json", "text/html"):
        resp = staff.post(
            f"/s/{evidence_set.public_id}/items/new?type=meeting_invitation",
            headers={"Accept": client_accepts},
            **multipart({**INVITATION, "item_title": "ก" * 350_000}, pdf_file()))
        assert resp.status_code == 422
        text = resp.get_data(as_text=True)
        assert "ไฟล์มีขนาดเกินกำหนด" not in text
        assert "ช่อง “ชื่อรายการ” ยาวเกินกำหนด" in text
    assert resp.json is None and "ข้อความในช่องเดียวต้องไม่เกิน 500,000 ไบต์" in text
    resp = staff.post(f"/s/{evidence_set.public_id}/items/new?type=meeting_invitation",
                      headers={"Accept": "application/json"},
                      **multipart({**INVITATION, "venue": "x" * 1_000_000}, pdf_file()))
    assert resp.status_code == 422
    assert list(resp.json["errors"]) == ["venue"]
    assert resp.json["errors"]["venue"].startswith("ช่อง “สถานที่ประชุม” ยาวเกินกำหนด")
    assert stored() == before and tmp_files(app) == []


def test_a_long_field_through_the_api_names_the_field(staff, app):
    evidence_set = make_set()
    resp = staff.post(f"{API}/sets/{evidence_set.public_id}/items", **multipart(
        {"type": "meeting_invitation", "metadata": json.dumps(INVITATION),
         "title": "ก" * 400_000}, pdf_file()))
    assert resp.status_code == 422 and list(resp.json["errors"]) == ["title"]
    assert resp.json["errors"]["title"].startswith("ช่อง “ชื่อเรื่อง” ยาวเกินกำหนด")
    # Under the parser's limit, the field's own limit speaks, naming the field too.
    meta = {**INVITATION, "subject": "ก" * 600}
    resp = staff.post(f"{API}/sets/{evidence_set.public_id}/items",
                      json={"type": "meeting_invitation", "metadata": meta})
    assert resp.status_code == 422
    assert resp.json["errors"]["subject"] == "ช่อง “เรื่อง” ยาวเกิน 500 ตัวอักษร"
    assert tmp_files(app) == []


def test_urlencoded_forms_are_bounded_too(staff):
    """Werkzeug reads a urlencoded body whole, however long; the archive stops at its limits."""
    category = stage_category()
    resp = staff.post(f"/categories/{category.id}/sets/new",
                      data={"title": "ก" * 200_000, "number": "1"})
    assert resp.status_code == 422
    assert "ช่อง “ชื่อเรื่อง” ยาวเกินกำหนด" in resp.get_data(as_text=True)
    resp = staff.post(f"/categories/{category.id}/sets/new", headers={"Accept": "application/json"},
                      data="&".join(f"f{i}=" + "a" * 400_000 for i in range(20)),
                      content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 413
    assert resp.json["error"] == "ข้อมูลในฟอร์ม (ไม่นับไฟล์) รวมกันยาวเกิน 2,097,152 ไบต์"
    assert stored()[0] == 0


def test_all_text_fields_together_are_bounded(staff, app):
    evidence_set = make_set()
    fields = {f"note{i}": "a" * 400_000 for i in range(6)}
    resp = staff.post(f"{API}/sets/{evidence_set.public_id}/items",
                      **multipart({"type": "meeting_invitation", **fields}, pdf_file()))
    assert resp.status_code == 413 and "รวมกันยาวเกิน" in resp.json["error"]
    app.config["MAX_FORM_TOTAL_SIZE"] = 3_000_000
    resp = staff.post(f"{API}/sets/{evidence_set.public_id}/items",
                      **multipart({"type": "meeting_invitation", **fields}, pdf_file()))
    assert resp.status_code == 422  # past the gate: the body is read, the metadata is missing


# --------------------------------------------------------------------------- control characters

@both
@pytest.mark.parametrize("char", ["\x00", "\x01", "\x07", "\x0b", "\x1b", "\x1f"])
def test_control_characters_in_json_are_refused_alike(staff, char):
    """NUL was stored on SQLite and answered 400 on PostgreSQL; now 422 on both, per field."""
    resp = staff.post(f"{API}/sets", json={"category": stage_category().id,
                                           "title": f"ประชุม{char}ครั้งที่ 1"})
    assert resp.status_code == 422, resp.json
    assert resp.json["errors"] == {"title": NUL_MESSAGE.format("ชื่อเรื่อง", ord(char))}
    assert stored() == (0, 0, 0)


@both
def test_control_characters_in_metadata_are_refused_alike(staff, app):
    evidence_set = make_set()
    meta = {**INVITATION, "subject": "เชิญประชุม\x00", "signer": {"name": "นาย\x00ก"}}
    resp = staff.post(f"{API}/sets/{evidence_set.public_id}/items",
                      json={"type": "meeting_invitation", "metadata": meta})
    assert resp.status_code == 422
    assert resp.json["errors"] == {"subject": NUL_MESSAGE.format("เรื่อง", 0),
                                   "signer": NUL_MESSAGE.format("ผู้ลงนาม", 0)}
    resp = staff.post(f"{API}/sets/{evidence_set.public_id}/items", **multipart(
        {"type": "meeting_invitation", "metadata": json.dumps(meta)}, pdf_file()))
    assert resp.status_code == 422 and set(resp.json["errors"]) == {"subject", "signer"}
    resp = staff.post(f"{API}/sets/{evidence_set.public_id}/items", **multipart(
        {"type": "meeting_invitation", "metadata": json.dumps(INVITATION), "captions": "ภาพ\x00"},
        pdf_file()))
    assert resp.status_code == 422
    assert resp.json["errors"] == {"captions": NUL_MESSAGE.format("คำบรรยายภาพ", 0)}
    assert stored() == (1, 0, 0) and tmp_files(app) == []


@both
def test_control_characters_in_page_forms_are_refused_alike(staff, role_client, app):
    category = stage_category()
    resp = staff.post(f"/categories/{category.id}/sets/new",
                      data={"title": "ชุด\x00ที่หนึ่ง", "number": "1"})
    assert resp.status_code == 422
    assert NUL_MESSAGE.format("ชื่อเรื่อง", 0) in resp.get_data(as_text=True)
    evidence_set = make_set()
    form = {"doc_number": "ที่ ศธ 04290/1237", "date": "1/5/2563", "subject": "เชิญ\x0cประชุม",
            "recipient": "กรรมการ", "meeting_number": "1/2563", "meeting_date": "15/5/2563",
            "venue": "ห้องประชุม", "signer__name": "นายสมชาย\x00", "signer__position": "ผอ."}
    resp = staff.post(f"/s/{evidence_set.public_id}/items/new?type=meeting_invitation",
                      headers={"Accept": "application/json"}, **multipart(form, pdf_file()))
    assert resp.status_code == 422  # the upload script puts each message beside its field
    assert resp.json["errors"] == {"subject": NUL_MESSAGE.format("เรื่อง", 0x0C),
                                   "signer": NUL_MESSAGE.format("ผู้ลงนาม", 0)}
    resp = role_client("admin").post("/admin/categories/new?year=2563", data={"name": "หมวด\x00"})
    assert resp.status_code == 422
    assert NUL_MESSAGE.format("ชื่อ", 0) in resp.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Category).where(
        Category.name.contains("หมวด"))) == 0
    assert stored() == (1, 0, 0) and tmp_files(app) == []


@both
def test_tab_line_feed_and_carriage_return_are_kept(staff):
    resp = staff.post(f"{API}/sets", json={
        "category": stage_category().id, "title": "ชุด\tที่ 1",
        "description": "บรรทัดหนึ่ง\r\nบรรทัดสอง\n\tย่อหน้า"})
    assert resp.status_code == 201, resp.json
    evidence_set = db.session.scalar(select(EvidenceSet))
    assert evidence_set.title == "ชุด ที่ 1"  # a title is one line
    assert evidence_set.description == "บรรทัดหนึ่ง\r\nบรรทัดสอง\n\tย่อหน้า"


def test_labels_come_from_the_type_then_the_archive(app):
    with app.test_request_context("/?type=activity_photos"):
        assert inputs.field_label("venue") == "สถานที่"  # activity_photos' own label
        assert inputs.field_label("signer__position") == "ผู้ลงนาม"
        assert inputs.field_label("display_name") == "ชื่อที่แสดง"
        assert inputs.field_label("unknown_input") == "unknown_input"
        assert inputs.field_label("a\x00b" + "c" * 100) == "ab" + "c" * 58


@both
def test_control_characters_in_an_imported_category_tree_are_refused_alike(app):
    from evidence_archive.services import category_io
    tree = {"year": 2564, "categories": [{"name": "หมวด", "children": [{"name": "ย่อย\x00"}]}]}
    with pytest.raises(ValidationError) as info:
        category_io.import_tree(category_io.parse(json.dumps(tree)))
    assert info.value.errors == {"file": NUL_MESSAGE.format("ไฟล์", 0)}
    assert db.session.scalar(select(func.count()).select_from(Category).where(
        Category.name == "หมวด")) == 0


def test_too_many_parts_say_so_not_file_too_large(staff):
    evidence_set = make_set()
    fields = [(f"f{i}", "x") for i in range(1001)]
    boundary, body = encode_multipart(dict(fields))
    resp = staff.post(f"{API}/sets/{evidence_set.public_id}/items", data=body,
                      content_type=f"multipart/form-data; boundary={boundary}")
    assert resp.status_code == 413
    assert resp.json["error"] == "ฟอร์มมีจำนวนช่องหรือส่วนหัวเกินกำหนด"


# --------------------------------------------------------------------------- big bodies

class ServerInput:
    """A WSGI server's ``wsgi.input``: hands out the body and notes what each read asked for."""

    def __init__(self, body: bytes):
        self._body, self.asked = io.BytesIO(body), []

    def read(self, size: int = -1) -> bytes:
        self.asked.append(size)
        return self._body.read(size)

    def tell(self) -> int:  # for the test client, which notes where the body starts
        return self._body.tell()

    def seek(self, *args) -> int:
        return self._body.seek(*args)


@both
def test_an_upload_is_read_from_the_server_a_mebibyte_at_a_time(staff, app):
    """gunicorn receives up to 1 MiB of a body ahead and copies what it still holds on every
    smaller read: read 64 KiB at a time, a 200 MiB upload cost the web process twice the
    CPU.  The decoder is still fed pieces werkzeug's MAX_FORM_MEMORY_SIZE allows."""
    data = b"%PDF-1.7\n" + bytes(range(256)) * (3 * 4096 + 7) + b"\n%%EOF\n"  # 3 MiB and more
    evidence_set = make_set()
    upload = multipart({"type": "meeting_invitation", "metadata": json.dumps(INVITATION)},
                       {"files": ("หนังสือเชิญประชุม.pdf", data)})
    body = ServerInput(upload["data"])
    resp = staff.post(f"{API}/sets/{evidence_set.public_id}/items", input_stream=body,
                      content_length=len(upload["data"]), content_type=upload["content_type"])
    assert resp.status_code == 201, resp.json
    assert [f["sha256"] for f in resp.json["files"]] == [hashlib.sha256(data).hexdigest()]
    reads = [size for size in body.asked if size]
    assert max(reads) == inputs.BODY_READ
    assert len(reads) <= len(upload["data"]) // inputs.BODY_READ + 2  # 64 KiB reads: 50

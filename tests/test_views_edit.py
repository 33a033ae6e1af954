"""Staff editing: sets, items through the generated forms, uploads, files, order and moves."""
from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from evidence_archive import forms
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import (DRAFT, PUBLISHED, AuditEvent, Blob, EvidenceItem,
                                     EvidenceSet, by_public_id)
from evidence_archive.services import catalog, trash
from tests.conftest import DATA, INVITATION, get_user, make_item, make_set, stage_category

ROLES = [None, "assessor", "staff", "admin"]
VENUE = "ห้องประชุมพรหมวิหาร สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29"
THAI_PDF_NAME = "หนังสือเชิญประชุม ก.ต.ป.น. ครั้งที่ 1-2563.pdf"

# What a clerk types into each built-in type's form, person fields split in two inputs.
FORM = {
    "meeting_invitation": {
        "doc_number": "ที่ ศธ ๐๔๒๙๐/๑๒๓๗", "date": "8/05/2563",
        "subject": "ขอเชิญประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563",
        "recipient": "คณะกรรมการ ก.ต.ป.น. ทุกท่าน", "committee": "ก.ต.ป.น.",
        "meeting_number": "ครั้งที่ 1/2563", "meeting_date": "๑๕ พฤษภาคม ๒๕๖๓",
        "meeting_time": "09.00 น.", "venue": VENUE,
        "signer__name": "นายประเสริฐ ศรีสุข",
        "signer__position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29",
    },
    "meeting_minutes": {
        "committee": "คณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.)",
        "meeting_number": "2/2563", "meeting_date": "12/06/2563",
        "start_time": "09.00 น.", "end_time": "12.00 น.", "venue": VENUE,
        "attendees": "1. นายประเสริฐ ศรีสุข | ประธานกรรมการ\r\n2. นายวิชัย บุญมา | กรรมการ",
        "agenda": "ระเบียบวาระที่ 1 เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
        "recorder__name": "นางสาวอรุณี แก้วมณี", "recorder__position": "ผู้จดรายงานการประชุม",
    },
    "activity_photos": {
        "activity": "ประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563", "activity_date": "15/05/2563",
        "venue": VENUE,
    },
    "press_release": {
        "headline": "สพม.29 ประชุม ก.ต.ป.น. ครั้งที่ 1/2563", "published_on": "15 พ.ค. 2563",
        "channel": "เว็บไซต์หน่วยงาน", "url": "https://sesa29.example.go.th/news/ktpn-1-2563",
    },
    "appointment_order": {
        "document_kind": "คำสั่ง", "issuer": "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29",
        "order_number": "ที่ ๔๕/๒๕๖๓", "subject": "แต่งตั้งคณะกรรมการนิเทศ ติดตาม ตรวจเยี่ยมสนามสอบ",
        "order_date": "สั่ง ณ วันที่ ๒๐ มกราคม พ.ศ. ๒๕๖๓",
        "signer__name": "นายประเสริฐ ศรีสุข", "signer__position": "ผู้อำนวยการ",
        "appointees": "นายวิชัย บุญมา | ประธานกรรมการ\nนางสาวอรุณี แก้วมณี | กรรมการ",
    },
}
# (name the uploader gives, file in tests/data) per type
FILES = {
    "meeting_invitation": [(THAI_PDF_NAME, "invitation-ktpn-1-2563.pdf")],
    "meeting_minutes": [("รายงานการประชุม ครั้งที่ 2-2563.docx", "minutes-ktpn-2-2563.docx")],
    "activity_photos": [("ภาพที่ 1.jpg", "photo-ktpn-1-2563.jpg"),
                        ("ภาพที่ 2.jpg", "photo-ktpn-1-2563.jpg")],
    "press_release": [("ข่าว.pdf", "invitation-ktpn-1-2563-scanned.pdf")],
    "appointment_order": [("คำสั่ง ที่ 45-2563.pdf", "order-45-2563.pdf")],
}
EXPECTED = {  # one canonical value per type, to see the form was read
    "meeting_invitation": ("signer", {"name": "นายประเสริฐ ศรีสุข",
                                      "position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29"}),
    "meeting_minutes": ("attendees", [{"name": "นายประเสริฐ ศรีสุข", "position": "ประธานกรรมการ"},
                                      {"name": "นายวิชัย บุญมา", "position": "กรรมการ"}]),
    "activity_photos": ("activity_date", "2020-05-15"),
    "press_release": ("channel", "เว็บไซต์หน่วยงาน"),
    "appointment_order": ("order_number", "45/2563"),
}


def files_of(pairs):
    """Return multipart file tuples with the bytes of files in tests/data."""
    return [(io.BytesIO((DATA / source).read_bytes()), name) for name, source in pairs]


def invitation_form(**changes):
    return {**FORM["meeting_invitation"], "files": files_of(FILES["meeting_invitation"])} | changes


def uploads_dir(app) -> Path:
    return Path(app.config["UPLOAD_FOLDER"])


def stored_blobs(app) -> list[Path]:
    return [p for p in (uploads_dir(app) / "blobs").rglob("*") if p.is_file()]


def tmp_files(app) -> list[Path]:
    return list((uploads_dir(app) / "tmp").iterdir())


def blob_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(Blob))


def error_slot(html: str, field: str) -> str:
    """Return the text of the error slot next to a field."""
    marker = f'data-error-for="{field}">'
    start = html.index(marker) + len(marker)
    return html[start:html.index("</p>", start)]


@pytest.fixture
def staff(role_client):
    return role_client("staff")


@pytest.fixture
def item(app, sample_set):
    return sample_set.live_items()[0]


# --------------------------------------------------------------------------- roles

# (method, URL pattern, what staff and admins get for an empty form: the page, the form
# again with its errors (422), or the change done or refused with a message (303))
ENDPOINTS = [
    ("GET", "/categories/{category}/sets/new", 200),
    ("POST", "/categories/{category}/sets/new", 422),
    ("GET", "/s/{set}/edit", 200),
    ("POST", "/s/{set}/edit", 422),
    ("POST", "/s/{set}/reorder", 303),
    ("POST", "/s/{set}/publish", 303),
    ("POST", "/s/{set}/unpublish", 303),
    ("POST", "/s/{set}/delete", 303),
    ("GET", "/s/{set}/items/new", 200),
    ("GET", "/s/{set}/items/new?type=meeting_invitation", 200),
    ("POST", "/s/{set}/items/new?type=meeting_invitation", 422),
    ("GET", "/i/{item}/edit", 200),
    ("POST", "/i/{item}/edit", 422),
    ("POST", "/i/{item}/files", 422),
    ("POST", "/i/{item}/move", 303),
    ("POST", "/i/{item}/publish", 303),
    ("POST", "/i/{item}/unpublish", 303),
    ("POST", "/i/{item}/delete", 303),
    ("POST", "/f/{file}/edit", 303),
    ("POST", "/f/{file}/delete", 303),
]


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_and_admins_edit(app, role_client, role):
    client = role_client(role)
    for number, (method, pattern, status) in enumerate(ENDPOINTS, 1):
        evidence_set = make_set(number=number)  # fresh each time: some endpoints delete
        item = make_item(app, evidence_set)
        url = pattern.format(category=evidence_set.category_id, set=evidence_set.public_id,
                             item=item.public_id, file=item.live_files()[0].public_id)
        resp = client.open(url, method=method, data={})
        where = f"{method} {pattern} as {role}"
        if role is None:
            assert resp.status_code in (302, 401), where
            if resp.status_code == 302:
                assert "/login" in resp.headers["Location"], where
        elif role == "assessor":
            assert resp.status_code == 403, where
        else:
            assert resp.status_code == status, (where, resp.data[:300])


@pytest.mark.parametrize("pattern", ["/s/{set}/edit", "/s/{set}/items/new", "/i/{item}/edit"])
def test_trashed_things_are_not_found(app, staff, sample_set, item, pattern):
    trash.trash(sample_set, get_user("admin"))
    assert staff.get(pattern.format(set=sample_set.public_id, item=item.public_id)).status_code == 404


def test_unknown_ids_are_not_found(staff):
    assert staff.get("/s/nope/edit").status_code == 404
    assert staff.post("/f/nope/delete").status_code == 404
    assert staff.get("/categories/9999/sets/new").status_code == 404


# --------------------------------------------------------------------------- sets

def test_new_set_form_offers_next_number(app, staff):
    category = stage_category()
    make_set(category)
    html = staff.get(f"/categories/{category.id}/sets/new").get_data(as_text=True)
    assert 'name="number" value="2"' in html
    assert 'name="csrf_token"' in html


def test_create_set_with_thai_digits(app, staff):
    category = stage_category()
    resp = staff.post(f"/categories/{category.id}/sets/new",
                      data={"number": "๒", "title": "การประชุม ก.ต.ป.น. ครั้งที่ 2/2563",
                            "description": "ร่วมวางแผน"})
    created = db.session.scalar(select(EvidenceSet).where(EvidenceSet.number == 2))
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"/s/{created.public_id}")
    assert (created.title, created.description, created.status) == (
        "การประชุม ก.ต.ป.น. ครั้งที่ 2/2563", "ร่วมวางแผน", DRAFT)


def test_duplicate_set_number_is_shown_next_to_the_field(app, staff):
    category = stage_category()
    make_set(category, number=1)
    resp = staff.post(f"/categories/{category.id}/sets/new",
                      data={"number": "1", "title": "ชุดซ้ำ"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert error_slot(html, "number") == "เลขชุดนี้ถูกใช้แล้ว"
    assert 'value="ชุดซ้ำ"' in html  # what was typed stays
    # The clash did not poison the session: the next set saves.
    ok = staff.post(f"/categories/{category.id}/sets/new", data={"number": "3", "title": "ชุดใหม่"})
    assert ok.status_code == 303


def test_missing_set_title_is_an_error(app, staff):
    resp = staff.post(f"/categories/{stage_category().id}/sets/new", data={"number": "1"})
    assert resp.status_code == 422
    assert error_slot(resp.get_data(as_text=True), "title") == "กรุณากรอกชื่อชุดหลักฐาน"


def test_edit_set(app, staff, sample_set):
    html = staff.get(f"/s/{sample_set.public_id}/edit").get_data(as_text=True)
    assert sample_set.title in html and "/reorder" in html
    resp = staff.post(f"/s/{sample_set.public_id}/edit",
                      data={"number": "๕", "title": "ชื่อใหม่", "description": ""})
    assert resp.status_code == 303
    db.session.refresh(sample_set)
    assert (sample_set.number, sample_set.title) == (5, "ชื่อใหม่")


def test_edit_set_duplicate_number(app, staff, sample_set):
    other = make_set(sample_set.category, title="อีกชุด")
    resp = staff.post(f"/s/{other.public_id}/edit", data={"number": "1", "title": "อีกชุด"})
    assert resp.status_code == 409
    assert error_slot(resp.get_data(as_text=True), "number") == "เลขชุดนี้ถูกใช้แล้ว"
    db.session.expire_all()
    assert other.number == 2


def test_publish_and_unpublish_set(app, staff, sample_set):
    resp = staff.post(f"/s/{sample_set.public_id}/publish")
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"/s/{sample_set.public_id}/edit")
    db.session.expire_all()
    assert sample_set.status == PUBLISHED
    assert all(i.status == PUBLISHED for i in sample_set.live_items())
    with staff.session_transaction() as session:
        assert "เผยแพร่อ้างอิงชุด 1" in session["_flashes"][0][1]
    staff.post(f"/s/{sample_set.public_id}/unpublish", data={"next": f"/s/{sample_set.public_id}"})
    db.session.expire_all()
    assert sample_set.status == DRAFT


@pytest.mark.parametrize("target,expected", [("/somewhere?x=1", "/somewhere?x=1"),
                                             ("https://evil.example/", "/edit")])
def test_status_change_goes_back_only_to_this_site(app, staff, sample_set, target, expected):
    resp = staff.post(f"/s/{sample_set.public_id}/publish", data={"next": target})
    assert resp.headers["Location"].endswith(expected)


def test_delete_set(app, staff, sample_set):
    resp = staff.post(f"/s/{sample_set.public_id}/delete")
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"/categories/{sample_set.category_id}/")
    db.session.expire_all()
    assert sample_set.is_deleted
    assert staff.get(f"/s/{sample_set.public_id}/edit").status_code == 404


def test_reorder_items(app, staff, sample_set):
    second = make_item(app, sample_set)
    third = make_item(app, sample_set)
    first = sample_set.live_items()[0]
    staff.post(f"/s/{sample_set.public_id}/reorder", data={"down": first.public_id})
    db.session.expire_all()
    assert [i.id for i in sample_set.live_items()] == [second.id, first.id, third.id]
    staff.post(f"/s/{sample_set.public_id}/reorder",
               data={"order": [third.public_id, first.public_id, second.public_id]})
    db.session.expire_all()
    assert [i.id for i in sample_set.live_items()] == [third.id, first.id, second.id]
    staff.post(f"/s/{sample_set.public_id}/reorder", data={"up": third.public_id})  # already top
    resp = staff.post(f"/s/{sample_set.public_id}/reorder", data={"order": ["stranger"]})
    assert resp.status_code == 303
    db.session.expire_all()
    assert [i.id for i in sample_set.live_items()] == [third.id, first.id, second.id]


# --------------------------------------------------------------------------- new items

def test_type_chooser_lists_installed_types(app, staff, sample_set):
    html = staff.get(f"/s/{sample_set.public_id}/items/new").get_data(as_text=True)
    for etype in archive_of(app).types:
        assert etype.name in html
        assert f"type={etype.key}" in html
    assert "รูปภาพ" in html  # accepted file kinds


def test_unknown_type_is_not_found(staff, sample_set):
    assert staff.get(f"/s/{sample_set.public_id}/items/new?type=nope").status_code == 404


@pytest.mark.parametrize("key", list(FORM))
def test_form_is_generated_from_the_type(app, staff, sample_set, key):
    etype = archive_of(app).types.get(key)
    html = staff.get(f"/s/{sample_set.public_id}/items/new?type={key}").get_data(as_text=True)
    for field in etype.fields:
        assert field.label in html
        widget = field.kind_spec.widget
        if widget == "person":
            assert f'name="{field.name}__name"' in html and f'name="{field.name}__position"' in html
        elif widget in ("textarea", "people"):
            assert f'<textarea id="f-{field.name}" name="{field.name}"' in html
        elif widget == "select":
            assert f'<select id="f-{field.name}" name="{field.name}"' in html
        else:
            assert f'id="f-{field.name}" name="{field.name}"' in html
        assert f'data-error-for="{field.name}"' in html
    assert 'type="date"' not in html  # BE dates are typed, never picked in CE
    for field in etype.fields:
        if field.kind == "date":  # the type's own example, else a BE date to copy
            assert f'placeholder="{field.placeholder or "15/05/2563"}"' in html
    assert 'name="files"' in html and 'data-error-for="files"' in html
    assert ("data-captions" in html) == etype.file_captions
    assert 'class="required"' in html


def test_form_labels_follow_the_locale(app, staff, sample_set):
    html = staff.get(f"/s/{sample_set.public_id}/items/new?type=meeting_minutes&lang=en"
                     ).get_data(as_text=True)
    assert "Recorded by" in html and "ผู้จดรายงานการประชุม</legend>" not in html


@pytest.mark.parametrize("key", list(FORM))
def test_create_item_of_each_type(app, staff, sample_set, key):
    captions = ["ประธานกล่าวเปิดการประชุม", "ที่ประชุมร่วมวางแผน"] if key == "activity_photos" else []
    data = {**FORM[key], "files": files_of(FILES[key]), "captions": captions}
    resp = staff.post(f"/s/{sample_set.public_id}/items/new?type={key}", data=data,
                      content_type="multipart/form-data")
    assert resp.status_code == 303, resp.get_data(as_text=True)[:2000]
    item = by_public_id(EvidenceItem, resp.headers["Location"].rsplit("/", 1)[-1])
    field, value = EXPECTED[key]
    assert item.type_key == key and item.meta[field] == value
    assert [f.filename for f in item.files] == [name for name, _ in FILES[key]]
    if captions:
        assert [f.caption for f in item.files] == captions
    assert item.created_by_id == get_user("staff").id
    assert tmp_files(app) == []


def test_thai_file_name_round_trips_to_the_download(app, staff, sample_set):
    resp = staff.post(f"/s/{sample_set.public_id}/items/new?type=meeting_invitation",
                      data=invitation_form())
    item = by_public_id(EvidenceItem, resp.headers["Location"].rsplit("/", 1)[-1])
    stored = item.files[0]
    assert stored.filename == THAI_PDF_NAME
    download = staff.get(f"/f/{stored.public_id}/{quote(stored.filename)}")
    assert download.status_code == 200
    assert f"filename*=UTF-8''{quote(THAI_PDF_NAME, safe='')}" in download.headers["Content-Disposition"]
    assert download.data == (DATA / "invitation-ktpn-1-2563.pdf").read_bytes()


def test_item_title_defaults_to_the_title_field_or_is_typed(app, staff, sample_set):
    url = f"/s/{sample_set.public_id}/items/new?type=meeting_invitation"
    staff.post(url, data=invitation_form())
    staff.post(url, data=invitation_form(item_title="หนังสือเชิญ (ฉบับสแกน)"))
    titles = [i.title for i in sample_set.live_items()[1:]]
    assert titles == [FORM["meeting_invitation"]["subject"], "หนังสือเชิญ (ฉบับสแกน)"]


def test_json_success(app, staff, sample_set):
    resp = staff.post(f"/s/{sample_set.public_id}/items/new?type=meeting_invitation",
                      data=invitation_form(), headers={"Accept": "application/json"})
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["ok"] is True and body["url"].startswith("/i/")


def test_json_errors_name_their_fields(app, staff, sample_set):
    data = invitation_form(venue="", date="32/13/2563")
    data["files"] = [(io.BytesIO(b"not a pdf at all"), "x.pdf")]
    resp = staff.post(f"/s/{sample_set.public_id}/items/new?type=meeting_invitation", data=data,
                      headers={"Accept": "application/json"})
    assert resp.status_code == 422
    errors = resp.get_json()["errors"]
    assert set(errors) >= {"venue", "date", "files"}
    assert "สถานที่ประชุม" in errors["venue"]  # the message names the field


def test_wrong_content_stores_nothing(app, staff, sample_set):
    before_rows, before_blobs = blob_rows(), stored_blobs(app)
    data = invitation_form()
    data["files"] = files_of([("x.pdf", "invitation-ktpn-1-2563.txt")])
    resp = staff.post(f"/s/{sample_set.public_id}/items/new?type=meeting_invitation", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "x.pdf" in error_slot(html, "files")
    assert "กรุณาเลือกไฟล์อีกครั้ง" in html
    assert blob_rows() == before_rows and stored_blobs(app) == before_blobs
    assert tmp_files(app) == []
    assert len(sample_set.live_items()) == 1


def test_empty_file_is_refused(app, staff, sample_set):
    data = invitation_form()
    data["files"] = [(io.BytesIO(b""), "ว่าง.pdf")]
    resp = staff.post(f"/s/{sample_set.public_id}/items/new?type=meeting_invitation", data=data)
    assert resp.status_code == 422
    assert "ว่าง.pdf ว่างเปล่า" in error_slot(resp.get_data(as_text=True), "files")
    assert tmp_files(app) == []


def test_missing_required_field_is_shown_beside_it(app, staff, sample_set):
    data = invitation_form(signer__name="", signer__position="")
    resp = staff.post(f"/s/{sample_set.public_id}/items/new?type=meeting_invitation", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "ผู้ลงนาม" in error_slot(html, "signer")
    assert error_slot(html, "venue") == ""
    assert f'value="{VENUE}"' in html  # typed values stay
    assert 'class="error-summary"' in html and "กรุณาเลือกไฟล์อีกครั้ง" in html
    assert blob_rows() == 1  # only the sample item's file


def test_missing_file_is_an_error(app, staff, sample_set):
    resp = staff.post(f"/s/{sample_set.public_id}/items/new?type=meeting_invitation",
                      data={**FORM["meeting_invitation"], "files": [(io.BytesIO(b""), "")]})
    assert resp.status_code == 422
    assert "อย่างน้อย 1 ไฟล์" in error_slot(resp.get_data(as_text=True), "files")


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_oversize_file_is_refused_and_leaves_nothing(app, staff, sample_set, accept):
    app.config["MAX_UPLOAD_BYTES"] = 4096
    before = stored_blobs(app)
    resp = staff.post(f"/s/{sample_set.public_id}/items/new?type=meeting_invitation",
                      data=invitation_form(), headers={"Accept": accept})
    assert resp.status_code == 413
    if accept == "application/json":
        assert resp.get_json()["error"]
    assert tmp_files(app) == [] and stored_blobs(app) == before
    assert len(sample_set.live_items()) == 1


# --------------------------------------------------------------------------- editing items

def test_edit_form_is_prefilled_from_stored_values(app, staff, item):
    html = staff.get(f"/i/{item.public_id}/edit").get_data(as_text=True)
    assert 'value="01/05/2563"' in html  # ISO date back as a BE date
    assert 'name="signer__name" value="นายสมชาย ใจดี"' in html
    assert 'name="item_title" value=""' in html  # the title still follows the subject


@pytest.mark.parametrize("key", list(FORM))
def test_prefilled_values_clean_to_what_is_stored(app, key):
    etype = archive_of(app).types.get(key)
    raw = {k: v for k, v in FORM[key].items() if "__" not in k}
    for field in etype.fields:
        if field.kind_spec.widget == "person":
            raw[field.name] = {p: FORM[key].get(f"{field.name}__{p}", "") for p in ("name", "position")}
    stored, errors = etype.clean(raw)
    assert errors == {}
    form = {}
    for name, value in forms.initial_values(etype, stored).items():
        if isinstance(value, dict):
            form.update({f"{name}__{p}": v for p, v in value.items()})
        else:
            form[name] = value
    assert etype.clean(forms.read_form(etype, form)) == (stored, {})


def test_edit_item_is_audited(app, staff, item):
    data = {**FORM["meeting_invitation"], "subject": "เรื่องใหม่", "venue": "ห้องประชุมใหญ่"}
    resp = staff.post(f"/i/{item.public_id}/edit", data=data)
    assert resp.status_code == 303
    db.session.expire_all()
    assert (item.title, item.meta["venue"]) == ("เรื่องใหม่", "ห้องประชุมใหญ่")
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "update",
                                                        AuditEvent.target_type == "EvidenceItem")).one()
    assert event.details["before"]["meta"]["venue"] == INVITATION["venue"]
    assert event.details["after"]["meta"]["venue"] == "ห้องประชุมใหญ่"
    assert event.username == "staff"


def test_edit_item_errors_keep_what_was_typed(app, staff, item):
    data = {**FORM["meeting_invitation"], "meeting_date": "1/01/2563", "venue": "ห้องใหม่"}
    resp = staff.post(f"/i/{item.public_id}/edit", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert error_slot(html, "meeting_date") == "วันประชุมต้องไม่ก่อนวันที่ของหนังสือเชิญประชุม"
    assert 'value="ห้องใหม่"' in html
    db.session.expire_all()
    assert item.meta["venue"] == INVITATION["venue"]


def test_item_of_a_missing_plugin_keeps_its_files_manageable(app, staff, item):
    item.type_key = "retired_type"
    db.session.commit()
    html = staff.get(f"/i/{item.public_id}/edit").get_data(as_text=True)
    assert "ไม่ได้ติดตั้งปลั๊กอิน" in html and 'name="item_title"' not in html
    assert INVITATION["venue"] in html  # stored values still shown, read-only
    resp = staff.post(f"/i/{item.public_id}/edit", data={"venue": "x"})
    assert resp.status_code == 303
    db.session.expire_all()
    assert item.meta["venue"] == INVITATION["venue"]
    stored = item.live_files()[0]
    staff.post(f"/f/{stored.public_id}/edit", data={"filename": "ฉบับเดิม", "caption": ""})
    db.session.expire_all()
    assert stored.filename == "ฉบับเดิม.pdf"
    refused = staff.post(f"/i/{item.public_id}/files", headers={"Accept": "application/json"},
                         data={"files": files_of(FILES["meeting_invitation"])})
    assert refused.status_code == 422 and "files" in refused.get_json()["errors"]


# --------------------------------------------------------------------------- files

def test_add_files(app, staff, item):
    resp = staff.post(f"/i/{item.public_id}/files",
                      data={"files": files_of([("สำเนา.jpg", "photo-ktpn-1-2563.jpg")])})
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/edit#files")
    db.session.expire_all()
    assert [f.filename for f in item.live_files()][-1] == "สำเนา.jpg"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "upload")).one()
    assert event.details["files"] == ["สำเนา.jpg"]


def test_add_files_json(app, staff, item):
    ok = staff.post(f"/i/{item.public_id}/files", headers={"Accept": "application/json"},
                    data={"files": files_of([("ฉบับสแกน.pdf", "invitation-ktpn-1-2563-scanned.pdf")])})
    assert ok.get_json() == {"ok": True, "url": f"/i/{item.public_id}/edit#files"}
    bad = staff.post(f"/i/{item.public_id}/files", headers={"Accept": "application/json"},
                     data={"files": [(io.BytesIO(b"<html><script>x</script>"), "a.pdf")]})
    assert bad.status_code == 422 and "a.pdf" in bad.get_json()["errors"]["files"]
    none = staff.post(f"/i/{item.public_id}/files", data={})
    assert none.status_code == 422
    assert error_slot(none.get_data(as_text=True), "files") == "กรุณาเลือกไฟล์"
    assert tmp_files(app) == []


def test_rename_file_and_caption(app, staff, item):
    stored = item.live_files()[0]
    resp = staff.post(f"/f/{stored.public_id}/edit",
                      data={"filename": "หนังสือเชิญ ฉบับลงนาม.pdf", "caption": "ฉบับที่ส่งกรรมการ"})
    assert resp.status_code == 303
    db.session.expire_all()
    assert (stored.filename, stored.caption) == ("หนังสือเชิญ ฉบับลงนาม.pdf", "ฉบับที่ส่งกรรมการ")
    download = staff.get(f"/f/{stored.public_id}")
    assert quote("หนังสือเชิญ ฉบับลงนาม.pdf", safe="") in download.headers["Content-Disposition"]
    staff.post(f"/f/{stored.public_id}/edit", data={"filename": "  ", "caption": ""})
    db.session.expire_all()
    assert stored.filename == "หนังสือเชิญ ฉบับลงนาม.pdf"  # a blank name keeps the old one


def test_delete_file(app, staff, item):
    stored = item.live_files()[0]
    resp = staff.post(f"/f/{stored.public_id}/delete")
    assert resp.status_code == 303
    db.session.expire_all()
    assert stored.is_deleted and item.live_files() == []
    assert staff.post(f"/f/{stored.public_id}/delete").status_code == 404
    assert blob_rows() == 1  # bytes stay until an admin purges


def test_publish_item_in_a_draft_set_warns(app, staff, item):
    resp = staff.post(f"/i/{item.public_id}/publish")
    assert resp.headers["Location"].endswith(f"/i/{item.public_id}/edit")
    db.session.expire_all()
    assert item.status == PUBLISHED
    with staff.session_transaction() as session:
        kinds = [kind for kind, _ in session["_flashes"]]
    assert kinds == ["success", "warning"]
    staff.post(f"/i/{item.public_id}/unpublish")
    db.session.expire_all()
    assert item.status == DRAFT


def test_delete_item(app, staff, sample_set, item):
    resp = staff.post(f"/i/{item.public_id}/delete")
    assert resp.headers["Location"].endswith(f"/s/{sample_set.public_id}/edit#items")
    db.session.expire_all()
    assert item.is_deleted
    assert staff.get(f"/i/{item.public_id}/edit").status_code == 404


# --------------------------------------------------------------------------- moving

def test_move_item_to_another_set_of_the_year(app, staff, item):
    target = make_set(stage_category(), title="อีกชุด")
    make_item(app, target)
    html = staff.get(f"/i/{item.public_id}/edit").get_data(as_text=True)
    assert f'value="{target.public_id}"' in html
    resp = staff.post(f"/i/{item.public_id}/move", data={"target_set": target.public_id, "position": "๑"})
    assert resp.status_code == 303
    db.session.expire_all()
    assert item.evidence_set.id == target.id and target.live_items()[0].id == item.id
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "move")).one()


def test_move_refuses_another_year(app, staff, item):
    catalog.create_year(2564)
    other_year = make_set(stage_category(year=2564), title="ปีหน้า")
    source = item.evidence_set.id
    resp = staff.post(f"/i/{item.public_id}/move", data={"target_set": other_year.public_id})
    assert resp.status_code == 303
    db.session.expire_all()
    assert item.evidence_set.id == source
    with staff.session_transaction() as session:
        assert "ปีงบประมาณเดียวกัน" in session["_flashes"][0][1]


def test_move_within_the_set(app, staff, sample_set, item):
    second = make_item(app, sample_set)
    staff.post(f"/i/{second.public_id}/move", data={"target_set": sample_set.public_id, "position": "1"})
    db.session.expire_all()
    assert [i.id for i in sample_set.live_items()] == [second.id, item.id]
    bad = staff.post(f"/i/{second.public_id}/move", data={"target_set": sample_set.public_id,
                                                           "position": "สอง"})
    assert bad.status_code == 303


# --------------------------------------------------------------------------- pages

def test_pages_use_their_own_assets(app, staff, sample_set, item):
    for url in (f"/s/{sample_set.public_id}/items/new?type=activity_photos", f"/i/{item.public_id}/edit"):
        html = staff.get(url).get_data(as_text=True)
        assert "edit.css" in html and "upload.js" in html
        assert "data-msg-uploading=\"กำลังอัปโหลด…\"" in html
    for asset in ("upload.js", "edit.css"):
        with staff.get(f"/static/{asset}") as resp:
            assert resp.status_code == 200


def test_english_texts_exist_for_this_area(app):
    import json
    from importlib import resources
    table = json.loads((resources.files("evidence_archive") / "translations" / "en" / "edit.json")
                       .read_text("utf-8"))
    assert table["กรุณาเลือกไฟล์อีกครั้ง"] and table["กำลังอัปโหลด…"]

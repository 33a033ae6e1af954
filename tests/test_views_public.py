"""Permanent set, item, file and thumbnail pages: who sees what, and how it reads."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Response

from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import PUBLISHED
from evidence_archive.services import evidence, trash
from evidence_archive.display import readable
from evidence_archive.views.public import item_fields
from tests.conftest import DATA, INVITATION, get_user, make_item, make_set, stage_category

ROLES = [None, "assessor", "staff", "admin"]
READERS = [None, "assessor"]  # see published things only
EDITORS = ["staff", "admin"]  # see drafts too

# Endpoints other blueprints provide; the pages link to them.  Until those
# blueprints exist, tests register stand-ins so the links can be built.
LINKED_ENDPOINTS = {
    "edit.new_set": "/categories/<int:category_id>/sets/new",
    "edit.edit_set": "/s/<public_id>/edit",
    "edit.new_item": "/s/<public_id>/items/new",
    "edit.publish_set": "/s/<public_id>/publish",
    "edit.unpublish_set": "/s/<public_id>/unpublish",
    "edit.delete_set": "/s/<public_id>/delete",
    "edit.edit_item": "/i/<public_id>/edit",
    "edit.publish_item": "/i/<public_id>/publish",
    "edit.unpublish_item": "/i/<public_id>/unpublish",
    "edit.delete_item": "/i/<public_id>/delete",
    "downloads.set_zip": "/s/<public_id>/download.zip",
    "downloads.links": "/years/<int:year>/links",
}


def stub_linked_endpoints(app) -> None:
    """Register a placeholder for each linked endpoint no blueprint provides yet."""
    for endpoint, rule in LINKED_ENDPOINTS.items():
        if endpoint not in app.view_functions:
            app.add_url_rule(rule, endpoint, lambda **_: Response("stub"), methods=["GET", "POST"])


@pytest.fixture(autouse=True)
def _linked_endpoints(app):
    stub_linked_endpoints(app)


def publish(target) -> None:
    evidence.set_status(target, PUBLISHED, get_user("staff"))


@pytest.fixture
def published_set(app, sample_set):
    publish(sample_set)
    return sample_set


def first_item(evidence_set):
    return evidence_set.live_items()[0]


def first_file(evidence_set):
    return first_item(evidence_set).live_files()[0]


def page(role_client, role, url):
    return role_client(role).get(url)


# --------------------------------------------------------------------------- visibility

@pytest.mark.parametrize("role", READERS)
def test_draft_set_item_file_are_404_for_readers(role_client, sample_set, role):
    item, f = first_item(sample_set), first_file(sample_set)
    c = role_client(role)
    for url in (f"/s/{sample_set.public_id}", f"/i/{item.public_id}", f"/f/{f.public_id}/x.pdf"):
        assert c.get(url).status_code == 404, url


@pytest.mark.parametrize("role", EDITORS)
def test_drafts_shown_to_editors_with_badge(role_client, sample_set, role):
    c = role_client(role)
    resp = c.get(f"/s/{sample_set.public_id}")
    assert resp.status_code == 200
    assert "ฉบับร่าง" in resp.text
    assert c.get(f"/i/{first_item(sample_set).public_id}").status_code == 200
    assert c.get(f"/f/{first_file(sample_set).public_id}/x.pdf").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_published_set_page_for_everyone(role_client, published_set, role):
    s = published_set
    resp = page(role_client, role, f"/s/{s.public_id}")
    assert resp.status_code == 200
    text = resp.text
    assert "อ้างอิงชุด 1: การประชุม ก.ต.ป.น. ครั้งที่ 1/2563" in text
    assert "การร่วมวางแผน" in text and "ปีงบประมาณ 2563" in text  # breadcrumbs
    assert "หนังสือเชิญประชุม" in text  # type name
    assert "1 พฤษภาคม 2563" in text  # document date in พ.ศ.
    assert "1 ไฟล์" in text
    assert f"http://localhost/s/{s.public_id}" in text  # permanent link, absolute
    assert "ดาวน์โหลดทั้งชุด (zip)" in text
    assert f"/s/{s.public_id}/download.zip" in text
    assert f"/i/{first_item(s).public_id}" in text


@pytest.mark.parametrize("role, shown", [(None, False), ("assessor", False),
                                         ("staff", True), ("admin", True)])
def test_set_actions_only_for_editors(role_client, published_set, role, shown):
    pid = published_set.public_id
    text = page(role_client, role, f"/s/{pid}").text
    for url in (f"/s/{pid}/edit", f"/s/{pid}/unpublish", f"/s/{pid}/delete",
                f"/s/{pid}/items/new?type=meeting_minutes"):
        assert (url in text) is shown, url


def test_draft_set_offers_publish(role_client, sample_set):
    text = page(role_client, "staff", f"/s/{sample_set.public_id}").text
    assert f"/s/{sample_set.public_id}/publish" in text
    assert "/unpublish" not in text


@pytest.mark.parametrize("role", ROLES)
def test_published_item_page_for_everyone(role_client, published_set, role):
    item = first_item(published_set)
    resp = page(role_client, role, f"/i/{item.public_id}")
    assert resp.status_code == 200
    text = resp.text
    assert "15 พฤษภาคม 2563" in text  # meeting date in พ.ศ.
    assert "ที่ ศธ 04290/1237" in text
    assert "นายสมชาย ใจดี (ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา)" in text
    assert "หนังสือเชิญประชุม ครั้งที่ 1.pdf" in text
    assert first_file(published_set).sha256 in text
    assert f"/s/{published_set.public_id}" in text  # breadcrumb back to its set
    assert ("/edit" in text) is (role in EDITORS)


@pytest.mark.parametrize("role", READERS)
def test_draft_item_in_published_set_is_hidden_from_readers(app, role_client, published_set, role):
    draft = make_item(app, published_set, meta={**INVITATION, "subject": "เรื่องร่างยังไม่เผยแพร่"})
    c = role_client(role)
    assert c.get(f"/i/{draft.public_id}").status_code == 404
    assert "เรื่องร่างยังไม่เผยแพร่" not in c.get(f"/s/{published_set.public_id}").text


@pytest.mark.parametrize("role", ROLES)
def test_trashed_set_hidden_from_everyone(role_client, published_set, role):
    item, f = first_item(published_set), first_file(published_set)
    trash.trash(published_set, get_user("staff"))
    c = role_client(role)
    for url in (f"/s/{published_set.public_id}", f"/i/{item.public_id}",
                f"/f/{f.public_id}/x.pdf"):
        assert c.get(url).status_code == 404, url


@pytest.mark.parametrize("role", ROLES)
def test_trashed_parent_category_hides_what_is_under_it(role_client, published_set, role):
    root = stage_category().parent
    trash.trash(root, get_user("admin"))
    assert role_client(role).get(f"/s/{published_set.public_id}").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_trashed_file_hidden_from_everyone(role_client, published_set, role):
    f = first_file(published_set)
    trash.trash(f, get_user("staff"))
    c = role_client(role)
    assert c.get(f"/f/{f.public_id}/x.pdf").status_code == 404
    assert f.sha256 not in c.get(f"/i/{first_item(published_set).public_id}").text


def test_unknown_public_ids_are_404(client):
    for url in ("/s/nope", "/i/nope", "/f/nope/a.pdf", "/t/nope.jpg"):
        assert client.get(url).status_code == 404


# --------------------------------------------------------------------------- files

def test_file_download_keeps_thai_name_and_bytes(client, published_set):
    f = first_file(published_set)
    resp = client.get(f"/f/{f.public_id}/{quote(f.filename)}")
    assert resp.status_code == 200
    assert resp.data == (DATA / "invitation-ktpn-1-2563.pdf").read_bytes()
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=UTF-8''" + quote("หนังสือเชิญประชุม ครั้งที่ 1.pdf", safe="") in disposition
    assert resp.mimetype == "application/pdf"


def test_pdf_opens_inline_when_asked(client, published_set):
    f = first_file(published_set)
    resp = client.get(f"/f/{f.public_id}/x.pdf?inline=1")
    assert resp.headers["Content-Disposition"].startswith("inline")


def test_docx_always_downloads(app, client):
    evidence_set = make_set()
    make_item(app, evidence_set, files=(("หนังสือเชิญ.docx", "minutes-ktpn-2-2563.docx"),))
    publish(evidence_set)
    f = first_file(evidence_set)
    resp = client.get(f"/f/{f.public_id}/x.docx?inline=1")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"].startswith("attachment")
    assert resp.data == (DATA / "minutes-ktpn-2-2563.docx").read_bytes()
    item_page = client.get(f"/i/{first_item(evidence_set).public_id}").text
    assert "inline=1" not in item_page  # no "view" link for a Word file


PHOTO_META = {"activity": "ประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563",
              "activity_date": "15 พฤษภาคม 2563", "venue": "ห้องประชุมสำนักงานเขต"}


@pytest.fixture
def photo_set(app):
    if archive_of(app).types.get("activity_photos") is None:
        pytest.skip("the activity_photos plugin is not installed")
    evidence_set = make_set(title="ภาพกิจกรรมการประชุม")
    make_item(app, evidence_set, "activity_photos", PHOTO_META,
              files=(("ภาพการประชุม 1.jpg", "photo-ktpn-1-2563.jpg"),))
    first_file(evidence_set).caption = "ผู้อำนวยการกล่าวเปิดการประชุม"
    db.session.commit()
    publish(evidence_set)
    return evidence_set


def test_photo_thumbnail(client, photo_set):
    f = first_file(photo_set)
    resp = client.get(f"/t/{f.public_id}.jpg")
    assert resp.status_code == 200
    assert resp.mimetype == "image/jpeg"
    assert resp.data[:3] == b"\xff\xd8\xff"
    assert f"/t/{f.public_id}.jpg" in client.get(f"/s/{photo_set.public_id}").text


def test_photo_item_uses_type_template(client, photo_set):
    f = first_file(photo_set)
    text = client.get(f"/i/{first_item(photo_set).public_id}").text
    assert "ภาพกิจกรรม (1 ภาพ)" in text  # from the plugin's own template
    assert "ผู้อำนวยการกล่าวเปิดการประชุม" in text
    assert f"/t/{f.public_id}.jpg" in text
    assert f.sha256 in text  # the generic file details stay available


@pytest.mark.parametrize("role", READERS)
def test_draft_thumbnail_hidden_from_readers(app, role_client, role):
    if archive_of(app).types.get("activity_photos") is None:
        pytest.skip("the activity_photos plugin is not installed")
    evidence_set = make_set()
    make_item(app, evidence_set, "activity_photos", PHOTO_META,
              files=(("ภาพ.jpg", "photo-ktpn-1-2563.jpg"),))
    f = first_file(evidence_set)
    assert role_client(role).get(f"/t/{f.public_id}.jpg").status_code == 404
    assert role_client("staff").get(f"/t/{f.public_id}.jpg").status_code == 200


# --------------------------------------------------------------------------- uninstalled types

@pytest.fixture
def orphan_item(published_set):
    item = first_item(published_set)
    item.type_key = "gone_type"
    db.session.commit()
    return item


def test_item_of_uninstalled_type_still_reads(client, orphan_item):
    resp = client.get(f"/i/{orphan_item.public_id}")
    assert resp.status_code == 200
    text = resp.text
    assert "ชนิดหลักฐานนี้ไม่ได้ติดตั้งแล้ว แสดงข้อมูลตามที่บันทึกไว้" in text
    assert "หนังสือเชิญประชุม" in text  # type name from the snapshot
    assert "ขอเชิญประชุมคณะกรรมการติดตาม" in text
    assert "15 พฤษภาคม 2563" in text
    assert "นายสมชาย ใจดี" in text
    assert "หนังสือเชิญประชุม ครั้งที่ 1.pdf" in text
    f = orphan_item.live_files()[0]
    assert client.get(f"/f/{f.public_id}/x.pdf").data[:5] == b"%PDF-"
    assert "หนังสือเชิญประชุม" in client.get(f"/s/{orphan_item.evidence_set.public_id}").text


def test_item_fields_follow_declaration_order(app, published_set):
    item = first_item(published_set)
    etype = archive_of(app).types.get(item.type_key)
    pairs = item_fields(item, etype, "th")
    labels = [label for label, _ in pairs]
    declared = [f.label for f in etype.fields if item.meta.get(f.name) is not None]
    assert labels == declared
    assert ("วันประชุม", "15 พฤษภาคม 2563") in pairs
    assert ("Meeting date", "15 May 2020") in item_fields(item, etype, "en")


def test_item_fields_without_plugin_use_snapshot(published_set):
    item = first_item(published_set)
    item.meta = {**item.meta, "old_field": ["ก", {"name": "นางสาวสมหญิง", "position": "เลขานุการ"}]}
    pairs = dict(item_fields(item, None, "th"))
    assert pairs["เรื่อง"] == "ขอเชิญประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา"
    assert pairs["วันประชุม"] == "15 พฤษภาคม 2563"
    assert pairs["old_field"] == "ก\nนางสาวสมหญิง (เลขานุการ)"  # kept, under its key


def test_item_fields_without_snapshot_show_raw_values(published_set):
    item = first_item(published_set)
    item.type_snapshot = {}
    item.meta = {"subject": "เรื่องทดสอบ", "count": 3, "empty": ""}
    assert item_fields(item, None) == [("subject", "เรื่องทดสอบ"), ("count", "3")]


@pytest.mark.parametrize("value, text", [
    (None, ""), ("ข้อความ", "ข้อความ"), (5, "5"),
    ({"name": "นายก", "position": ""}, "นายก"),
    ({"a": 1, "b": [2, 3]}, "a: 1, b: 2\n3"),
    (["หนึ่ง", "สอง"], "หนึ่ง\nสอง"),
])
def test_readable(value, text):
    assert readable(value) == text


# --------------------------------------------------------------------------- language

def test_set_and_item_pages_in_english(client, published_set):
    text = client.get(f"/s/{published_set.public_id}?lang=en").text
    assert "Evidence set 1: การประชุม" in text
    assert "Download the whole set (zip)" in text
    assert "Meeting invitation" in text or "invitation" in text.lower()
    text = client.get(f"/i/{first_item(published_set).public_id}?lang=en").text
    assert "15 May 2020" in text
    assert "Meeting date" in text
    assert "Permanent link" in text

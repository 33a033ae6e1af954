"""Services keep the database, the blob store and the audit log consistent."""
from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import func, select

from evidence_archive import access
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.errors import Conflict, ValidationError
from evidence_archive.models import AuditEvent, Blob, EvidenceItem, EvidenceSet, ItemFile
from evidence_archive.services import audit, catalog, evidence, trash, users

from .conftest import DATA, INVITATION, get_user, make_item, make_set, stage_category, upload_of


def blob_files(app) -> list:
    root = archive_of(app).store.root
    return sorted(p.name for p in (root / "blobs").rglob("*") if p.is_file())


def tmp_files(app) -> list:
    return list(archive_of(app).store.tmp.iterdir())


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


# --------------------------------------------------------------------------- sets

def test_set_numbers_count_up_per_category(app):
    first, second = make_set(title="ชุดแรก"), make_set(title="ชุดที่สอง")
    other = make_set(stage_category("การร่วมดำเนินการ"), title="อีกหมวด")
    assert (first.number, second.number, other.number) == (1, 2, 1)


def test_set_number_accepts_thai_digits(app):
    assert make_set(number="๗").number == 7


@pytest.mark.parametrize("number", ["0", "-1", "สอง", "1.5"])
def test_bad_set_number_is_refused(app, number):
    with pytest.raises(ValidationError) as info:
        make_set(number=number)
    assert "number" in info.value.errors


def test_duplicate_set_number_is_a_conflict_and_stores_nothing(app):
    make_set(number=3)
    with pytest.raises(Conflict) as info:
        make_set(number=3, title="ซ้ำ")
    assert "อ้างอิงชุด 3" in info.value.message
    assert db.session.scalar(select(func.count()).select_from(EvidenceSet)) == 1
    assert [e.summary for e in events("create") if e.target_type == "EvidenceSet"] == [
        "สร้างอ้างอิงชุด 3: การประชุม ก.ต.ป.น. ครั้งที่ 1/2563"]


def test_set_rename_keeps_public_id(app):
    evidence_set = make_set()
    public_id = evidence_set.public_id
    evidence.update_set(evidence_set, get_user(), title="ชื่อใหม่", number=9)
    assert (evidence_set.public_id, evidence_set.title, evidence_set.number) == (public_id, "ชื่อใหม่", 9)
    change = events("update")[-1]
    assert change.details["before"]["number"] == 1 and change.details["after"]["number"] == 9


# --------------------------------------------------------------------------- items and files

def test_item_stores_file_by_sha256_with_thai_name(app):
    item = make_item(app, make_set())
    data = (DATA / "invitation-ktpn-1-2563.pdf").read_bytes()
    stored = item.files[0]
    assert stored.filename == "หนังสือเชิญประชุม ครั้งที่ 1.pdf"
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.size == len(data) and stored.media_type == "application/pdf"
    path = archive_of(app).store.path(stored.sha256)
    assert path.read_bytes() == data
    assert item.meta["doc_number"] == "ศธ 04290/1237"
    assert item.document_date.isoformat() == "2020-05-01"
    assert item.title.startswith("ขอเชิญประชุม")
    assert tmp_files(app) == []


RLO, LRI, LRM = "\u202e", "\u2066", "\u200e"


def test_bidi_controls_are_stripped_from_every_typed_name(app):
    """A right-to-left override made "รายงาน\u202efdp.exe" show as "รายงานexe.pdf"."""
    staff, admin = get_user(), get_user("admin")
    evidence_set = make_set(title=f"ชุด{RLO}ทดสอบ")
    etype = archive_of(app).types.get("activity_photos")
    photo = (DATA / "photo-ktpn-1-2563.jpg").read_bytes()
    meta = {"activity": f"ประชุม{LRI}", "activity_date": "15/05/2563", "venue": f"{LRM}ห้องประชุม"}
    item = evidence.create_item(evidence_set, etype, meta, staff,
                                [upload_of(app, f"รายงาน{RLO}gpj.exe", photo, caption=f"ภาพ{RLO}1")],
                                title=f"{RLO}ภาพกิจกรรม")
    assert (evidence_set.title, item.title) == ("ชุดทดสอบ", "ภาพกิจกรรม")
    assert (item.meta["activity"], item.meta["venue"]) == ("ประชุม", "ห้องประชุม")
    assert (item.files[0].filename, item.files[0].caption) == ("รายงานgpj.exe", "ภาพ1")
    evidence.update_file(item.files[0], staff, filename=f"ใหม่{RLO}fdp.exe", caption=f"{LRI}ภาพ")
    assert (item.files[0].filename, item.files[0].caption) == ("ใหม่fdp.exe", "ภาพ")
    category = catalog.save_category(admin, catalog.get_year(2563), f"หมวด{RLO}ใหม่",
                                     name_en=f"New{LRM}")
    assert (category.name, category.name_en) == ("หมวดใหม่", "New")
    user = users.create_user("somsri", "long enough pw", "staff", f"สมศรี{RLO} ใจดี")
    assert user.display_name == "สมศรี ใจดี"
    users.update_user(user, admin, display_name=f"{RLO}สมศรี")
    assert user.display_name == "สมศรี"


def test_bidi_controls_are_stripped_at_every_door_a_name_comes_in(app, runner, role_client, tmp_path):
    """Token names, imported categories and running text kept them; now the CLI, the API and
    the pages all pass through the same services, which strip them (normalize_text)."""
    staff = role_client("staff")
    assert runner.invoke(args=["tokens", "create", "staff", "--name", f"สคริปต์{RLO}"]).exit_code == 0
    assert staff.post("/api/v1/tokens", json={"name": f"{LRI}ซิงก์"}).status_code == 201
    assert staff.post("/account/tokens", data={"name": f"สำรอง{LRM}ข้อมูล"}).status_code == 200
    assert sorted(t.name for t in users.list_tokens()) == ["ซิงก์", "สคริปต์", "สำรองข้อมูล"]
    tree = {"year": 2564, "categories": [{
        "name": f"หมวด{RLO}หนึ่ง", "name_en": f"First{RLO}", "description": f"บรรทัด{RLO}หนึ่ง\nสอง",
        "required_elements": [f"ข้อ{LRI}หนึ่ง"], "children": [{"name": f"ย่อย{LRM}"}]}]}
    (tmp_path / "tree.yaml").write_text(json.dumps(tree), encoding="utf-8")
    assert runner.invoke(args=["categories", "import", str(tmp_path / "tree.yaml")]).exit_code == 0
    first, child = (c for _, c in catalog.tree(catalog.get_year(2564)))
    assert (first.name, first.name_en, first.description) == ("หมวดหนึ่ง", "First", "บรรทัดหนึ่ง\nสอง")
    assert (first.required_elements, child.name) == (["ข้อหนึ่ง"], "ย่อย")
    etype = archive_of(app).types.get("meeting_invitation")
    item = evidence.create_item(make_set(), etype, {**INVITATION, "enclosures": f"วาระ{RLO}\n{LRM}ภาพ"},
                                get_user(), [upload_of(app, "a.pdf", source="invitation-ktpn-1-2563.pdf")])
    assert item.meta["enclosures"] == f"วาระ\n{LRM}ภาพ"  # a mark reorders nothing: it stays
    evidence.update_set(item.evidence_set, get_user(), description=f"{LRI}คำอธิบาย{RLO}")
    assert item.evidence_set.description == "คำอธิบาย"


def test_same_content_is_stored_once(app):
    evidence_set = make_set()
    make_item(app, evidence_set)
    make_item(app, evidence_set, files=(("สำเนา.pdf", "invitation-ktpn-1-2563.pdf"),))
    assert len(blob_files(app)) == 1
    assert db.session.scalar(select(func.count()).select_from(ItemFile)) == 2


@pytest.mark.parametrize("name,data,message", [
    ("ว่าง.pdf", b"", "ว่างเปล่า"),
    ("ปลอม.pdf", b"<html><script>alert(1)</script></html>", "text/html"),
    ("รูป.pdf", (DATA / "photo-ktpn-1-2563.jpg").read_bytes(), None),  # invitations take images
])
def test_file_content_is_checked_not_its_name(app, name, data, message):
    evidence_set = make_set()
    etype = archive_of(app).types.get("meeting_invitation")
    upload = upload_of(app, name, data)
    if message is None:
        item = evidence.create_item(evidence_set, etype, dict(INVITATION), get_user(), [upload])
        assert item.files[0].media_type == "image/jpeg"
        return
    with pytest.raises(ValidationError) as info:
        evidence.create_item(evidence_set, etype, dict(INVITATION), get_user(), [upload])
    assert message in info.value.errors["files"]
    upload.incoming.discard()
    assert db.session.scalar(select(func.count()).select_from(EvidenceItem)) == 0
    assert db.session.scalar(select(func.count()).select_from(Blob)) == 0
    assert blob_files(app) == []


def test_photo_type_refuses_a_pdf_and_a_bad_field_at_once(app):
    etype = archive_of(app).types.get("activity_photos")
    upload = upload_of(app, "ภาพ.jpg", source="invitation-ktpn-1-2563.pdf")
    with pytest.raises(ValidationError) as info:
        evidence.create_item(make_set(), etype, {"activity": "ประชุม", "activity_date": "31/02/2563",
                                                 "venue": "ห้องประชุม"}, get_user(), [upload])
    assert set(info.value.errors) == {"activity_date", "files"}
    assert "ไม่มีอยู่จริง" in info.value.errors["activity_date"]


def test_photo_gets_an_upright_thumbnail(app):
    etype = archive_of(app).types.get("activity_photos")
    upload = upload_of(app, "ภาพกิจกรรม 1.jpg", source="photo-ktpn-1-2563.jpg", caption="ประธานเปิดประชุม")
    item = evidence.create_item(make_set(), etype, {"activity": "ประชุม ก.ต.ป.น.",
                                                    "activity_date": "15 พ.ค. 2563",
                                                    "venue": "ห้องประชุม"}, get_user(), [upload])
    photo = item.files[0]
    assert photo.caption == "ประธานเปิดประชุม"
    assert (photo.blob.width, photo.blob.height) == (1600, 1200)
    assert photo.blob.taken_at.isoformat() == "2020-05-15T10:21:33"
    assert archive_of(app).store.thumb_path(photo.sha256).exists()


def test_failed_commit_removes_the_new_files(app, monkeypatch):
    evidence_set = make_set()

    def broken_commit():
        raise RuntimeError("disk full")

    monkeypatch.setattr(db.session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        make_item(app, evidence_set)
    monkeypatch.undo()
    db.session.rollback()
    assert blob_files(app) == []
    assert db.session.scalar(select(func.count()).select_from(EvidenceItem)) == 0


def test_update_item_keeps_old_values_in_the_audit_log(app):
    item = make_item(app, make_set())
    etype = archive_of(app).types.get(item.type_key)
    evidence.update_item(item, etype, dict(INVITATION, venue="หอประชุมใหญ่"), get_user())
    change = events("update")[-1]
    assert change.details["before"]["meta"]["venue"].startswith("ห้องประชุม")
    assert change.details["after"]["meta"]["venue"] == "หอประชุมใหญ่"


def test_add_files_respects_max_files(app):
    etype = archive_of(app).types.get("activity_photos")
    item = evidence.create_item(make_set(), etype, {"activity": "ก", "activity_date": "1/1/2563",
                                                    "venue": "ข"},
                                get_user(), [upload_of(app, "1.jpg", source="photo-ktpn-1-2563.jpg")])
    limited = type(etype)(**{**etype.__dict__, "max_files": 1, "plugin": ""})
    with pytest.raises(ValidationError):
        evidence.add_files(item, limited, [upload_of(app, "2.jpg", source="photo-ktpn-1-2563.jpg")],
                           get_user())


def test_move_and_reorder_items(app):
    first_set, second_set = make_set(title="หนึ่ง"), make_set(title="สอง")
    a, b, c = (make_item(app, first_set) for _ in range(3))
    evidence.reorder_items(first_set, [c.id, a.id], get_user())
    assert [i.id for i in sorted(first_set.live_items(), key=lambda i: i.position)] == [c.id, a.id, b.id]
    evidence.move_item(a, second_set, get_user())
    assert a.evidence_set is second_set and events("move")


# --------------------------------------------------------------------------- publishing

def test_publishing_a_set_publishes_its_items(app, sample_set):
    assert not access.is_public(sample_set)
    evidence.set_status(sample_set, "published", get_user())
    item = sample_set.items[0]
    assert access.is_public(sample_set) and access.is_public(item)
    assert access.is_public(item.files[0])
    trash.trash(sample_set.category, get_user("admin"))
    assert not access.is_public(item.files[0])


# --------------------------------------------------------------------------- trash

def test_trash_restore_and_purge(app):
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    sha = item.files[0].sha256
    store = archive_of(app).store
    trash.trash(item, get_user())
    assert item in trash.trashed() and store.path(sha).exists()
    trash.restore(item, get_user("admin"))
    assert not item.is_deleted
    trash.trash(evidence_set, get_user())
    with pytest.raises(ValueError):
        trash.purge(item, get_user("admin"))  # only what is itself in the trash
    removed = trash.purge(evidence_set, get_user("admin"))
    assert removed == 1 and not store.path(sha).exists()
    assert db.session.scalar(select(func.count()).select_from(EvidenceItem)) == 0
    assert [e.action for e in events("purge")] == ["purge"]


def test_purge_keeps_a_file_another_item_still_uses(app):
    evidence_set = make_set()
    keep, drop = make_item(app, evidence_set), make_item(app, evidence_set)
    trash.trash(drop, get_user())
    assert trash.purge(drop, get_user("admin")) == 0
    assert archive_of(app).store.path(keep.files[0].sha256).exists()


# --------------------------------------------------------------------------- catalog and years

def test_seeded_year_has_the_participation_stages(app):
    year = catalog.get_year(2563)
    names = [(depth, c.name) for depth, c in catalog.tree(year)]
    assert names[0] == (0, "O33 การเปิดโอกาสให้เกิดการมีส่วนร่วม")
    assert [n for d, n in names[1:]] == ["การร่วมวางแผน", "การร่วมดำเนินการ",
                                         "การร่วมแลกเปลี่ยนความคิดเห็น", "การร่วมติดตามประเมินผล"]


def test_catalog_is_versioned_per_year(app):
    assert {i.code for i in catalog.indicators(2563)} >= {"O1", "O33", "O43"}
    o25 = catalog.participation_indicator(2568)
    assert o25.code == "o25" and len(o25.elements) == 4


@pytest.mark.parametrize("typed,expected", [("2568", 2568), ("๒๕๖๘", 2568), ("2025", 2568)])
def test_year_typed_in_be_ce_or_thai_digits(app, typed, expected):
    assert catalog.create_year(typed).year == expected


def test_copy_year_moves_indicator_links_to_the_new_numbering(app):
    copied = catalog.copy_year(catalog.get_year(2563), 2568, get_user("admin"))
    tree = catalog.tree(copied)
    root = tree[0][1]
    assert root.name == "o25 การเปิดโอกาสให้เกิดการมีส่วนร่วม"
    assert root.indicator.code == "o25" and len(root.required_elements) == 4
    assert [c.name for _, c in tree[1:]][0] == "การร่วมวางแผน"
    with pytest.raises(ValidationError):
        catalog.copy_year(catalog.get_year(2563), 2568, get_user("admin"))


def test_category_cannot_move_under_itself(app):
    year = catalog.get_year(2563)
    root = catalog.tree(year)[0][1]
    child = root.children[0]
    with pytest.raises(ValidationError):
        catalog.save_category(get_user("admin"), year, root.name, category=root, parent=child)


def test_agency_rename_keeps_former_names(app):
    agency = catalog.get_agency()
    catalog.update_agency(agency, get_user("admin"), "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาอุบลราชธานี",
                          "สพม.อุบลฯ")
    assert "สพม.29" in agency.former_names


# --------------------------------------------------------------------------- audit and the search seam

def test_audit_query_filters(app, sample_set):
    evidence.set_status(sample_set, "published", get_user())
    rows = db.session.scalars(audit.query(action="publish", username="staff")).all()
    assert len(rows) == 1 and rows[0].target_type == "EvidenceSet"
    assert db.session.scalars(audit.query(text="อ้างอิงชุด 1")).all()


class RecordingIndexer:
    def __init__(self):
        self.calls: list[set] = []

    def update(self, item_ids, wait=True):
        self.calls.append(set(item_ids))


def test_commits_report_touched_items_to_the_indexer(app):
    indexer = RecordingIndexer()
    archive_of(app).indexer = indexer
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    assert {item.id} in indexer.calls
    indexer.calls.clear()
    evidence.set_status(evidence_set, "published", get_user())
    assert indexer.calls == [{item.id}]
    indexer.calls.clear()
    trash.trash(item, get_user())
    assert indexer.calls == [{item.id}]


def test_editing_keeps_values_of_fields_the_type_no_longer_declares(app):
    item = make_item(app, make_set())
    item.meta = {**item.meta, "old_field": "ค่าจากรุ่นเก่า"}
    db.session.commit()
    etype = archive_of(app).types.get(item.type_key)
    evidence.update_item(item, etype, dict(INVITATION, venue="หอประชุม"), get_user())
    assert item.meta["old_field"] == "ค่าจากรุ่นเก่า" and item.meta["venue"] == "หอประชุม"

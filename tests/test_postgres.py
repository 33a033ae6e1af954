"""Checks of what only PostgreSQL does differently: savepoints, encodings, constraints, JSON.

The whole suite also runs on PostgreSQL (``--db=postgres``); the tests here run only in
that half, each with the `app` fixture on the worker's emptied PostgreSQL database
(tests/pg.py). They skip on a machine without EVIDENCE_ARCHIVE_TEST_POSTGRES_URL and fail in CI.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from evidence_archive import access
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.errors import Conflict, ValidationError
from evidence_archive.models import (
    PUBLISHED, ApiToken, AssessmentYear, AuditEvent, Blob, EvidenceItem, EvidenceSet, Indicator,
    ItemFile, User, utcnow,
)
from evidence_archive.services import audit, catalog, evidence, trash, users

from .conftest import DATA, PASSWORD, get_user, make_item, make_set, stage_category, upload_of
from .test_builtin_types import CANONICAL, GOOD

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("db_url", ["postgres"], indirect=True),
]

# One real file per built-in type, under the Thai name a clerk would give it.
FILES = {
    "meeting_invitation": ("หนังสือเชิญประชุม ก.ต.ป.น. ครั้งที่ 1-2563.pdf", "invitation-ktpn-1-2563.pdf"),
    "meeting_minutes": ("รายงานการประชุม ครั้งที่ 2-2563.docx", "minutes-ktpn-2-2563.docx"),
    "activity_photos": ("ภาพกิจกรรม ๑.jpg", "photo-ktpn-1-2563.jpg"),
    "press_release": ("ข่าวประชาสัมพันธ์.txt", "order-45-2563.txt"),
    "appointment_order": ("คำสั่ง ที่ ๔๕-๒๕๖๓.pdf", "order-45-2563.pdf"),
}
THAI_TITLE = "การประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ ๑/๒๕๖๓ — ร่วมวางแผน “ปีการศึกษา” ๒๕๖๓ ฯลฯ ๆ"


def reload(obj):
    """Forget what the session holds and read the row back from the server."""
    model, ident = type(obj), obj.id
    db.session.expire_all()
    return db.session.get(model, ident)


def test_runs_on_postgresql(app):
    assert db.engine.dialect.name == "postgresql"
    encoding = db.session.scalar(text("SELECT pg_encoding_to_char(encoding) FROM pg_database "
                                      "WHERE datname = current_database()"))
    assert encoding == "UTF8"


# --------------------------------------------------------------------------- sets

def test_create_set_numbers_in_order(app):
    category = stage_category()
    first, second = make_set(category, "ชุดแรก"), make_set(category, "ชุดที่สอง")
    assert (first.number, second.number) == (1, 2)
    assert evidence.next_set_number(category) == 3
    assert [s.number for s in reload(category).sets] == [1, 2]


def test_duplicate_set_number_is_a_conflict_and_the_session_goes_on(app):
    category = stage_category()
    make_set(category, "ชุดแรก", number=5)
    with pytest.raises(Conflict) as caught:
        make_set(category, "ชุดซ้ำ", number=5)
    assert caught.value.status == 409
    assert "number" in caught.value.errors
    # PostgreSQL aborts a transaction on an error; the savepoint must leave it usable.
    other = make_set(category, "ชุดถัดไป")
    assert other.number == 6
    titles = db.session.scalars(select(EvidenceSet.title).where(
        EvidenceSet.category_id == category.id).order_by(EvidenceSet.number)).all()
    assert titles == ["ชุดแรก", "ชุดถัดไป"]


def test_renumbering_onto_a_used_number_is_a_conflict(app):
    category = stage_category()
    make_set(category, "ชุดแรก")
    second = make_set(category, "ชุดที่สอง")
    with pytest.raises(Conflict):
        evidence.update_set(second, get_user(), number=1)
    db.session.rollback()
    assert reload(second).number == 2


def test_same_number_in_another_category_is_fine(app):
    make_set(stage_category("การร่วมวางแผน"), number=1)
    assert make_set(stage_category("การร่วมดำเนินการ"), number=1).number == 1


# --------------------------------------------------------------------------- items and files

@pytest.mark.parametrize("type_key", sorted(FILES))
def test_item_of_each_builtin_type_with_its_file(app, type_key):
    evidence_set = make_set()
    item = make_item(app, evidence_set, type_key, meta=GOOD[type_key], files=[FILES[type_key]])
    item = reload(item)
    assert item.type_key == type_key
    expected = {**GOOD[type_key], **CANONICAL[type_key]}
    assert {k: v for k, v in item.meta.items() if v not in (None, "", [])} == expected
    (stored,) = item.live_files()
    assert stored.filename == FILES[type_key][0]
    store = archive_of(app).store
    assert store.path(stored.sha256).read_bytes() == (DATA / FILES[type_key][1]).read_bytes()
    assert stored.size == store.path(stored.sha256).stat().st_size
    if type_key == "activity_photos":
        assert stored.blob.kind == "image" and stored.blob.width > 0
        assert store.thumb_path(stored.sha256).exists()
    assert item.document_date is not None


def test_same_file_twice_is_stored_once(app):
    evidence_set = make_set()
    make_item(app, evidence_set)
    make_item(app, evidence_set, files=[("สำเนา.pdf", "invitation-ktpn-1-2563.pdf")])
    assert db.session.scalar(select(func.count()).select_from(Blob)) == 1
    assert db.session.scalar(select(func.count()).select_from(ItemFile)) == 2


def test_wrong_file_kind_stores_nothing(app):
    evidence_set = make_set()
    etype = archive_of(app).types.get("activity_photos")
    upload = upload_of(app, "ไม่ใช่ภาพ.pdf", source="invitation-ktpn-1-2563.pdf")
    with pytest.raises(ValidationError) as caught:
        evidence.create_item(evidence_set, etype, dict(GOOD["activity_photos"]), get_user(), [upload])
    assert "files" in caught.value.errors
    upload.incoming.discard()  # what a request's teardown does with a refused upload
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(EvidenceItem)) == 0
    assert db.session.scalar(select(func.count()).select_from(Blob)) == 0


# --------------------------------------------------------------------------- Thai text and JSON

def test_thai_text_round_trip(app):
    evidence_set = evidence.create_set(stage_category(), THAI_TITLE, get_user(),
                                       description="ผู้เข้าร่วม: ผู้อำนวยการ, ศึกษานิเทศก์ ๑๒ คน\nบรรทัดที่สอง")
    row = reload(evidence_set)
    assert row.title == THAI_TITLE
    assert row.description.endswith("บรรทัดที่สอง")
    # The server counts characters, not bytes: the text really is UTF-8 there.
    assert db.session.scalar(text("SELECT char_length(title) FROM evidence_set WHERE id = :id"),
                             {"id": row.id}) == len(THAI_TITLE)
    found = db.session.scalars(select(EvidenceSet).where(EvidenceSet.title.contains("ก.ต.ป.น."))).all()
    assert [s.id for s in found] == [row.id]


def test_json_metadata_round_trip(app):
    item = make_item(app, make_set(), "meeting_minutes", meta=GOOD["meeting_minutes"],
                     files=[FILES["meeting_minutes"]])
    item = reload(item)
    assert item.meta["attendees"] == CANONICAL["meeting_minutes"]["attendees"]
    assert item.meta["recorder"] == CANONICAL["meeting_minutes"]["recorder"]
    assert item.type_snapshot  # the type's names and labels, kept with the item
    # Stored as real JSON that the server itself can read into.
    name = db.session.scalar(text("SELECT meta -> 'recorder' ->> 'name' FROM evidence_item "
                                  "WHERE id = :id"), {"id": item.id})
    assert name == "นางสาวอรุณี แก้วมณี"
    count = db.session.scalar(text("SELECT json_array_length(meta -> 'attendees') FROM "
                                   "evidence_item WHERE id = :id"), {"id": item.id})
    assert count == 3
    # Replacing the dict (as update_item does) is saved.
    etype = archive_of(app).types.get("meeting_minutes")
    evidence.update_item(item, etype, {**GOOD["meeting_minutes"], "venue": "ห้องประชุมใหม่"}, get_user())
    assert reload(item).meta["venue"] == "ห้องประชุมใหม่"


def test_audit_details_keep_thai_and_structure(app):
    item = make_item(app, make_set())
    event = db.session.scalar(audit.query(action="create", target_type="EvidenceItem"))
    assert event.target_id == item.id
    assert event.details["files"] == ["หนังสือเชิญประชุม ครั้งที่ 1.pdf"]
    assert event.details["meta"]["signer"]["name"] == "นายสมชาย ใจดี"


# --------------------------------------------------------------------------- publish, trash, purge

def test_publish_set_with_items(app, sample_set):
    evidence.set_status(sample_set, PUBLISHED, get_user())
    row = reload(sample_set)
    assert row.is_published and row.published_at is not None
    assert all(i.is_published for i in row.items)
    assert access.is_public(row.items[0].files[0])


def test_trash_restore_and_purge(app):
    store = archive_of(app).store
    keep_set, doomed_set = make_set(title="ชุดที่เก็บไว้"), make_set(title="ชุดที่จะลบ")
    shared = make_item(app, keep_set)  # same PDF as below: its blob must survive the purge
    make_item(app, doomed_set)
    photos = make_item(app, doomed_set, "activity_photos", meta=GOOD["activity_photos"],
                       files=[FILES["activity_photos"]])
    photo_sha = photos.files[0].sha256
    admin = get_user("admin")

    trash.trash(doomed_set, admin)
    assert reload(doomed_set).is_deleted
    assert not access.is_public(reload(doomed_set))
    assert [o.id for o in trash.trashed() if isinstance(o, EvidenceSet)] == [doomed_set.id]
    trash.restore(reload(doomed_set), admin)
    assert not reload(doomed_set).is_deleted

    row = reload(doomed_set)
    trash.trash(row, admin)
    assert trash.purge(reload(doomed_set), admin) == 1  # only the photo was not shared
    db.session.expire_all()
    assert db.session.get(EvidenceSet, doomed_set.id) is None
    assert db.session.scalar(select(func.count()).select_from(EvidenceItem)) == 1
    assert db.session.get(Blob, photo_sha) is None
    assert not store.exists(photo_sha) and not store.thumb_path(photo_sha).exists()
    assert store.exists(reload(shared).files[0].sha256)
    purge_event = db.session.scalar(audit.query(action="purge"))
    assert purge_event.details["files"] == sorted(["หนังสือเชิญประชุม ครั้งที่ 1.pdf",
                                                   FILES["activity_photos"][0]])


def test_purge_refuses_what_is_not_in_the_trash(app, sample_set):
    with pytest.raises(ValueError):
        trash.purge(sample_set, get_user("admin"))


# --------------------------------------------------------------------------- audit

def test_audit_query_filters(app):
    start = utcnow() - timedelta(seconds=1)
    evidence_set = make_set(title="ประชุม ก.ต.ป.น. วางแผน")
    make_item(app, evidence_set)
    evidence.set_status(evidence_set, PUBLISHED, get_user("admin"))

    def run(**filters):
        return db.session.scalars(audit.query(**filters)).all()

    assert [e.action for e in run(username="admin", since=start)] == ["publish"]
    assert {e.target_type for e in run(action="create", username="staff")} == {
        "EvidenceSet", "EvidenceItem"}
    assert [e.target_id for e in run(target_type="EvidenceSet", action="create")] == [evidence_set.id]
    assert all("ก.ต.ป.น." in e.summary for e in run(text="ก.ต.ป.น."))
    assert run(text="ก.ต.ป.น.") and not run(text="ไม่มีข้อความนี้")
    assert run(until=start - timedelta(days=1)) == []
    everything = run()
    assert everything == sorted(everything, key=lambda e: (e.at, e.id), reverse=True)


# --------------------------------------------------------------------------- years and categories

def test_copy_year_keeps_the_tree_and_moves_indicators(app):
    source = catalog.get_year(2563)
    copied = catalog.copy_year(source, 2568, get_user("admin"))
    names = [(d, c.name) for d, c in catalog.tree(reload(copied))]
    assert names == [(0, "o25 การเปิดโอกาสให้เกิดการมีส่วนร่วม"), (1, "การร่วมวางแผน"),
                     (1, "การร่วมดำเนินการ"), (1, "การร่วมแลกเปลี่ยนความคิดเห็น"),
                     (1, "การร่วมติดตามประเมินผล")]
    root = catalog.tree(copied)[0][1]
    assert (root.indicator.year, root.indicator.code) == (2568, "o25")
    assert [c.name for _, c in catalog.tree(source)][0].startswith("O33 ")
    assert db.session.scalar(audit.query(action="copy_year")).target_id == copied.id
    with pytest.raises(ValidationError):
        catalog.copy_year(source, "2568", get_user("admin"))


def test_seeding_the_catalog_again_changes_nothing(app):
    before = db.session.scalar(select(func.count()).select_from(Indicator))
    catalog.seed_catalog()
    assert db.session.scalar(select(func.count()).select_from(Indicator)) == before > 0


def test_year_given_in_ce_is_stored_in_be(app):
    assert catalog.create_year("2021").year == 2564
    with pytest.raises(ValidationError):
        catalog.create_year("๒๕๖๔")


# --------------------------------------------------------------------------- unique constraints

def _violates(row) -> bool:
    """Tell whether adding this row breaks a database constraint, leaving the session usable."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        return True
    db.session.rollback()
    return False


def test_unique_constraints_hold_in_the_database(app, sample_set):
    # Rows name their parents by id only, so no relationship cascades them into the session.
    agency_id, category_id = catalog.get_agency().id, sample_set.category_id
    item = sample_set.items[0]
    assert _violates(AssessmentYear(agency_id=agency_id, year=2563))
    assert _violates(Indicator(year=2563, code="O33", name="ซ้ำ"))
    assert _violates(EvidenceSet(category_id=category_id, number=1, title="ซ้ำ"))
    assert _violates(EvidenceSet(category_id=category_id, number=2, title="ซ้ำ",
                                 public_id=sample_set.public_id))
    assert _violates(EvidenceItem(set_id=sample_set.id, type_key="x", title="ซ้ำ",
                                  public_id=item.public_id))
    assert _violates(User(username="staff", password_hash="x"))
    assert not _violates(EvidenceSet(category_id=category_id, number=2, title="ไม่ซ้ำ"))


def test_foreign_keys_hold_in_the_database(app):
    assert _violates(ItemFile(item_id=999999, sha256="0" * 64, filename="ไม่มี.pdf"))


# --------------------------------------------------------------------------- users and tokens

def test_users_and_roles(app):
    user = users.create_user("Somchai.J", "รหัสผ่านยาวพอ123", "assessor", "นายสมชาย ใจดี",
                             actor=get_user("admin"))
    row = reload(user)
    assert (row.username, row.display_name, row.role) == ("somchai.j", "นายสมชาย ใจดี", "assessor")
    assert row.check_password("รหัสผ่านยาวพอ123")
    assert users.get_by_username("SOMCHAI.J").id == row.id
    with pytest.raises(ValidationError):
        users.create_user("somchai.j", PASSWORD)
    users.update_user(row, get_user("admin"), role="staff", active=False)
    row = reload(user)
    assert row.role == "staff" and not row.is_active
    with pytest.raises(ValidationError):  # never without an active admin
        users.update_user(get_user("admin"), None, role="staff")


def test_api_tokens(app):
    staff = get_user("staff")
    token, secret = users.create_token(staff, "สคริปต์นำเข้า")
    stored = db.session.get(ApiToken, token.id)
    assert stored.token_hash != secret and secret.startswith(stored.prefix)
    assert users.user_for_token(secret).id == staff.id
    assert reload(stored).last_used_at is not None
    assert users.user_for_token(secret + "x") is None
    users.revoke_token(reload(stored))
    assert users.user_for_token(secret) is None
    assert _violates(ApiToken(user_id=staff.id, token_hash=stored.token_hash, prefix="ea_dup"))


def test_sign_in_and_failed_sign_in_are_audited(app, role_client, client):
    role_client("staff")
    assert client.post("/login", data={"username": "staff", "password": "ผิด"}).status_code == 401
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.username == "staff").order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["login", "login_failed"]
    assert reload(get_user("staff")).last_login_at is not None

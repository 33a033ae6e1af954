"""Zips streamed from the archive, their manifests, the download routes and the ITA link list."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from evidence_archive import exporting
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import AuditEvent
from evidence_archive.services import catalog, evidence, trash

from .conftest import (
    DATA,
    INVITATION,
    get_user,
    make_item,
    make_set,
    stage_category,
    upload_of,
)

PLAN, DO = "การร่วมวางแผน", "การร่วมดำเนินการ"
ROOT = "O33 การเปิดโอกาสให้เกิดการมีส่วนร่วม"


def pdf(app, name: str, body: str):
    """A small distinct PDF upload (content sniffing only needs the header)."""
    return upload_of(app, name, b"%PDF-1.7\n" + body.encode() + b"\n%%EOF\n")


def add_item(app, evidence_set, title: str, *files: str):
    """Add an invitation item whose files are small PDFs named `files`."""
    etype = archive_of(app).types.get("meeting_invitation")
    uploads = [pdf(app, name, f"{title} {i} {name}") for i, name in enumerate(files)]
    return evidence.create_item(evidence_set, etype, dict(INVITATION), get_user(), uploads,
                                title=title)


def publish(target):
    evidence.set_status(target, "published", get_user())


@pytest.fixture
def archive(app):
    """Sets in two categories of 2563, published, draft and trashed, made in a scrambled order.

    Published for everyone: การร่วมวางแผน ชุด 1 (items ก, ข) and ชุด 2 (item ค),
    การร่วมดำเนินการ ชุด 1 (item ง with two files both named หนังสือ.pdf).
    Drafts (staff only): item จ in วางแผน ชุด 1, the whole set วางแผน ชุด 3.
    Trashed (nobody): set วางแผน ชุด 4, item ฉ and one file of item ก.
    """
    plan, do = stage_category(PLAN), stage_category(DO)
    do1 = make_set(do, "ประชุมดำเนินการ", number=1)
    plan2 = make_set(plan, "ประชุม/วางแผน ครั้งที่ 2/2563", number=2)
    plan1 = make_set(plan, "ประชุมวางแผน ครั้งที่ 1", number=1)
    plan3 = make_set(plan, "ร่างชุดที่ 3", number=3)
    plan4 = make_set(plan, "ชุดที่ถูกลบ", number=4)

    a = add_item(app, plan1, "ก หนังสือเชิญประชุม", "หนังสือเชิญประชุม ครั้งที่ 1.pdf", "ไฟล์ที่ลบ.pdf")
    b = add_item(app, plan1, "ข รายงานการประชุม", "รายงานการประชุม.pdf")
    f = add_item(app, plan1, "ฉ รายการที่ลบ", "ลบ.pdf")
    c = add_item(app, plan2, "ค คำสั่งแต่งตั้ง", "คำสั่ง.pdf")
    d = add_item(app, do1, "ง หนังสือ", "หนังสือ.pdf", "หนังสือ.pdf", "อื่น.PDF")
    add_item(app, plan3, "ร่าง", "ร่าง.pdf")
    add_item(app, plan4, "ลบ", "ลบทั้งชุด.pdf")
    for s in (plan1, plan2, do1, plan4):
        publish(s)
    e = add_item(app, plan1, "จ ร่างที่ยังไม่เผยแพร่", "ร่าง จ.pdf")  # added after: a draft
    trash.trash(plan4, get_user())
    trash.trash(f, get_user())
    trash.trash(a.files[1], get_user())
    return SimpleNamespace(plan=plan, do=do, plan1=plan1, plan2=plan2, plan3=plan3,
                           plan4=plan4, do1=do1, items={"a": a, "b": b, "c": c, "d": d, "e": e, "f": f})


PUBLIC_PATHS = [
    f"2563/{ROOT}/{PLAN}/อ้างอิงชุด 1 - ประชุมวางแผน ครั้งที่ 1/01 - ก หนังสือเชิญประชุม/หนังสือเชิญประชุม ครั้งที่ 1.pdf",
    f"2563/{ROOT}/{PLAN}/อ้างอิงชุด 1 - ประชุมวางแผน ครั้งที่ 1/02 - ข รายงานการประชุม/รายงานการประชุม.pdf",
    f"2563/{ROOT}/{PLAN}/อ้างอิงชุด 2 - ประชุม_วางแผน ครั้งที่ 2_2563/01 - ค คำสั่งแต่งตั้ง/คำสั่ง.pdf",
    f"2563/{ROOT}/{DO}/อ้างอิงชุด 1 - ประชุมดำเนินการ/01 - ง หนังสือ/หนังสือ.pdf",
    f"2563/{ROOT}/{DO}/อ้างอิงชุด 1 - ประชุมดำเนินการ/01 - ง หนังสือ/หนังสือ (2).pdf",
    f"2563/{ROOT}/{DO}/อ้างอิงชุด 1 - ประชุมดำเนินการ/01 - ง หนังสือ/อื่น.PDF",
]
STAFF_PATHS = [
    *PUBLIC_PATHS[:2],
    f"2563/{ROOT}/{PLAN}/อ้างอิงชุด 1 - ประชุมวางแผน ครั้งที่ 1/03 - จ ร่างที่ยังไม่เผยแพร่/ร่าง จ.pdf",
    PUBLIC_PATHS[2],
    f"2563/{ROOT}/{PLAN}/อ้างอิงชุด 3 - ร่างชุดที่ 3/01 - ร่าง/ร่าง.pdf",
    *PUBLIC_PATHS[3:],
]


def read_zip(response) -> tuple[zipfile.ZipFile, bytes]:
    assert response.status_code == 200, response.data[:500]
    body = response.get_data()
    assert int(response.headers["Content-Length"]) == len(body)
    return zipfile.ZipFile(io.BytesIO(body)), body


def files_of(zf: zipfile.ZipFile) -> list[str]:
    return [n for n in zf.namelist() if not n.startswith("manifest.")]


def manifest_rows(zf: zipfile.ZipFile) -> tuple[list[dict], dict]:
    raw = zf.read("manifest.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8 Thai
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    return rows, json.loads(zf.read("manifest.json"))


# --------------------------------------------------------------------------- the zip itself

def test_year_zip_is_in_archive_order_with_thai_names_and_a_true_manifest(app, archive, role_client):
    response = role_client("assessor").get("/years/2563/download.zip")
    zf, _ = read_zip(response)
    assert zf.namelist()[:2] == ["manifest.csv", "manifest.json"]
    assert files_of(zf) == PUBLIC_PATHS
    for info in zf.infolist():
        assert info.compress_type == zipfile.ZIP_STORED
        if not info.filename.isascii():
            assert info.flag_bits & 0x800, info.filename  # UTF-8 name flag
    assert zf.testzip() is None  # every CRC checks out

    rows, document = manifest_rows(zf)
    assert [r["path"] for r in rows] == PUBLIC_PATHS == [r["path"] for r in document["files"]]
    for row, jrow in zip(rows, document["files"]):
        data = zf.read(row["path"])
        assert hashlib.sha256(data).hexdigest() == row["sha256"] == jrow["sha256"]
        assert len(data) == int(row["size"]) == jrow["size"]
        assert row["file_name"] == row["path"].rsplit("/", 1)[1]
        assert json.loads(row["metadata"]) == jrow["metadata"]
        assert row["media_type"] == "application/pdf"
    first = document["files"][0]
    assert first["year"] == 2563 and first["set_number"] == 1
    assert first["category_path"] == f"{ROOT} › {PLAN}"
    assert first["set_url"] == f"http://localhost/s/{archive.plan1.public_id}"
    assert first["item_type_key"] == "meeting_invitation"
    assert first["item_type_name"] == "หนังสือเชิญประชุม"
    assert first["item_status"] == "published"
    assert first["metadata"]["doc_number"] == archive.items["a"].meta["doc_number"]
    assert first["document_date"] == archive.items["a"].document_date.isoformat()
    assert first["document_date_be"].endswith("2563")
    assert first["original_file_name"] == "หนังสือเชิญประชุม ครั้งที่ 1.pdf"
    assert document["agency"]["short_name"] == "สพม.29"
    assert document["generated_by"] == "assessor" and document["generated_at"]
    assert document["scope"] == {"kind": "year", "year": 2563, "include_drafts": False}
    assert document["file_count"] == len(PUBLIC_PATHS)


def test_zip_response_headers(app, archive, client):
    response = client.get(f"/s/{archive.plan2.public_id}/download.zip")
    assert response.mimetype == "application/zip"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert "filename*=UTF-8''2563%20" in disposition  # "2563 การร่วมวางแผน อ้างอิงชุด 2.zip"
    assert "%E0%B8" in disposition  # Thai, percent-encoded
    read_zip(response)


def test_docs_show_manifest_json_as_it_is(app, archive, role_client):
    """docs/plugins.md shows a plugin author manifest.json: its keys are a real export's."""
    docs = (Path(__file__).resolve().parents[1] / "docs" / "plugins.md").read_text("utf-8")
    example = docs.split("<!-- manifest.json example", 1)[1].split("```json\n", 1)[1]
    shown = json.loads(example.split("```", 1)[0])
    zf, _ = read_zip(role_client("staff").get(f"/s/{archive.plan1.public_id}/download.zip"))
    real = json.loads(zf.read("manifest.json"))
    assert list(shown) == list(real)
    assert shown["agency"].keys() == real["agency"].keys()
    assert shown["scope"].keys() == real["scope"].keys() and real["scope"]["kind"] == "set"
    plugin_column = "supervision_school"  # the example's extra_manifest_columns
    assert [k for k in shown["files"][0] if k != plugin_column] == list(real["files"][0])
    assert shown["file_count"] == len(shown["files"]) and real["file_count"] == len(real["files"])


def test_set_zip_for_the_public_leaves_out_draft_and_trashed_items(app, archive, client):
    zf, _ = read_zip(client.get(f"/s/{archive.plan1.public_id}/download.zip"))
    assert files_of(zf) == PUBLIC_PATHS[:2]
    _, document = manifest_rows(zf)
    assert document["generated_by"] is None
    assert document["scope"]["kind"] == "set" and document["scope"]["set_number"] == 1


@pytest.mark.parametrize("role, expected", [
    ("assessor", PUBLIC_PATHS), ("staff", STAFF_PATHS), ("admin", STAFF_PATHS)])
def test_drafts_only_for_staff_and_trash_for_nobody(app, archive, role_client, role, expected):
    zf, _ = read_zip(role_client(role).get("/years/2563/download.zip"))
    assert files_of(zf) == expected
    rows, document = manifest_rows(zf)
    assert document["scope"]["include_drafts"] is (role != "assessor")
    statuses = {r["path"]: r["item_status"] for r in rows}
    if role != "assessor":
        assert statuses[STAFF_PATHS[2]] == "draft"
    names = "".join(zf.namelist())
    assert "ลบ" not in names  # trashed set, item and file


@pytest.mark.parametrize("role, expected", [
    (None, PUBLIC_PATHS[:2]), ("assessor", PUBLIC_PATHS[:2]), ("staff", STAFF_PATHS[:3])])
def test_set_zip_drafts_by_role(app, archive, role_client, role, expected):
    zf, _ = read_zip(role_client(role).get(f"/s/{archive.plan1.public_id}/download.zip"))
    assert files_of(zf) == expected


def test_category_zip_holds_the_category_and_what_is_under_it(app, archive, role_client):
    root = next(c for _, c in catalog.tree(catalog.get_year(2563)) if c.name == ROOT)
    zf, _ = read_zip(role_client("assessor").get(f"/categories/{root.id}/download.zip"))
    assert files_of(zf) == PUBLIC_PATHS
    zf, _ = read_zip(role_client("staff").get(f"/categories/{archive.do.id}/download.zip"))
    assert files_of(zf) == PUBLIC_PATHS[3:]
    assert json.loads(zf.read("manifest.json"))["scope"]["category"] == f"{ROOT} › {DO}"


def test_duplicate_names_are_numbered_case_insensitively(app):
    evidence_set = make_set()
    add_item(app, evidence_set, "ภาพ", "รูป.pdf", "รูป.PDF", "รูป.pdf", "ไม่มีนามสกุล", "ไม่มีนามสกุล")
    publish(evidence_set)
    with app.test_request_context():
        entries = exporting.entries_for([evidence_set], include_drafts=False)
    assert [e.path.rsplit("/", 1)[1] for e in entries] == [
        "รูป.pdf", "รูป (2).PDF", "รูป (3).pdf", "ไม่มีนามสกุล", "ไม่มีนามสกุล (2)"]
    assert [e.row["original_file_name"] for e in entries] == [
        "รูป.pdf", "รูป.PDF", "รูป.pdf", "ไม่มีนามสกุล", "ไม่มีนามสกุล"]


def test_same_content_twice_is_in_the_zip_twice(app, client):
    evidence_set = make_set()
    make_item(app, evidence_set)
    make_item(app, evidence_set)  # same PDF bytes: one blob, two files
    publish(evidence_set)
    zf, _ = read_zip(client.get(f"/s/{evidence_set.public_id}/download.zip"))
    assert len(files_of(zf)) == 2
    assert len({zf.read(n) for n in files_of(zf)}) == 1


def test_empty_set_gives_a_zip_with_only_the_manifests(app, client):
    evidence_set = make_set()
    publish(evidence_set)
    zf, _ = read_zip(client.get(f"/s/{evidence_set.public_id}/download.zip"))
    assert zf.namelist() == ["manifest.csv", "manifest.json"]
    rows, document = manifest_rows(zf)
    assert rows == [] and document["files"] == [] and document["total_size"] == 0


def test_a_trashed_category_hides_its_sets(app, archive, role_client):
    trash.trash(archive.plan, get_user("admin"))
    zf, _ = read_zip(role_client("admin").get("/years/2563/download.zip"))
    assert files_of(zf) == PUBLIC_PATHS[3:]
    assert role_client("admin").get(f"/categories/{archive.plan.id}/download.zip").status_code == 404
    assert role_client("admin").get(f"/s/{archive.plan1.public_id}/download.zip").status_code == 404


def test_zip64_records_when_past_the_limit(app, archive, client, monkeypatch):
    """Pretend the Zip64 limit is 1 kB: sizes and offsets move to Zip64 records and
    the announced Content-Length still matches what is sent."""
    import zipstream.ng
    monkeypatch.setattr(zipstream.ng, "ZIP64_LIMIT", 1000)
    response = client.get(f"/s/{archive.plan1.public_id}/download.zip")
    zf, body = read_zip(response)
    assert b"PK\x06\x06" in body and b"PK\x06\x07" in body  # Zip64 end record and locator
    assert files_of(zf) == PUBLIC_PATHS[:2] and zf.testzip() is None


def test_zip_is_streamed_lazily(app, archive, monkeypatch):
    """Building the response opens no file; sending it reads one file at a time in chunks."""
    opened = []

    def counting_open(path, mode="r", *args, **kwargs):
        opened.append(path)
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(exporting, "open", counting_open, raising=False)
    with app.test_request_context():
        response = exporting.set_zip_response(archive.plan1, include_drafts=False)
    assert opened == [] and len(response.entries) == 2
    sizes = [len(chunk) for chunk in response.response]
    assert sum(sizes) == response.content_length
    assert opened == [e.source for e in response.entries]
    assert max(sizes) <= exporting.CHUNK


def test_a_download_cut_short_closes_its_file(app, archive, monkeypatch):
    """A client that goes away mid-file leaves no open file behind."""
    files = []

    def recording_open(path, mode="r", *args, **kwargs):
        files.append(open(path, mode, *args, **kwargs))
        return files[-1]

    monkeypatch.setattr(exporting, "CHUNK", 64)  # so the first file takes several chunks
    monkeypatch.setattr(exporting, "open", recording_open, raising=False)
    with app.test_request_context():
        response = exporting.set_zip_response(archive.plan1, include_drafts=False)
    chunks = iter(response.response)
    while not files:  # the manifests, then into the first file
        next(chunks)
    next(chunks)
    assert len(files) == 1 and not files[0].closed  # cut short in the middle of it
    response.close()
    assert files[0].closed


def test_missing_blob_fails_before_streaming(app, archive, role_client):
    store = archive_of(app).store
    path = store.path(archive.items["c"].files[0].sha256)
    path.chmod(0o644)
    path.write_bytes(b"%PDF-1.7 truncated")
    with app.test_request_context(), pytest.raises(exporting.MissingBlob):
        exporting.set_zip_response(archive.plan2, include_drafts=False)


# --------------------------------------------------------------------------- formula injection

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"คลิก\")", "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1:A9)", "\tทาบ", "\r=1+1"]


def csv_cells(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize("value, expected", [
    *[(f, "'" + f) for f in FORMULAS],
    ("=ประชุม ก.ต.ป.น.", "'=ประชุม ก.ต.ป.น."),
    ("การประชุม ก.ต.ป.น. ครั้งที่ 1/2563", "การประชุม ก.ต.ป.น. ครั้งที่ 1/2563"),
    ("-5", "-5"), ("+1,000.50", "+1,000.50"), ("-๕", "'-๕"), ("- รายการ", "'- รายการ"),
    ("a=1", "a=1"), ("", ""), (2563, 2563), (-7, -7), (None, None),
])
def test_csv_cell_neutralises_formulas_only(value, expected):
    assert exporting.csv_cell(value) == expected


def test_public_zip_manifest_csv_cannot_run_formulas(app, client):
    """Titles, file names, captions and plugin cells starting a formula are text in the CSV,
    raw in manifest.json; Thai text and plain numbers are untouched."""
    evidence_set = make_set(title="=1+1 ชุดประชุม")
    etype = archive_of(app).types.get("activity_photos")
    photo = (DATA / "photo-ktpn-1-2563.jpg").read_bytes()
    uploads = [upload_of(app, "@รูปที่ 1.jpg", photo, caption="-ประธานกล่าวเปิดประชุม"),
               upload_of(app, "+รูป.jpg", photo, caption="=HYPERLINK(\"x\")")]
    meta = {"activity": "ประชุมคณะกรรมการ", "activity_date": "15 พฤษภาคม 2563",
            "venue": "ห้องประชุม"}
    evidence.create_item(evidence_set, etype, meta, get_user(), uploads, title="+ภาพกิจกรรม")
    publish(evidence_set)
    zf, _ = read_zip(client.get(f"/s/{evidence_set.public_id}/download.zip"))
    rows, document = manifest_rows(zf)
    first, second = rows
    assert first["set_title"] == "'=1+1 ชุดประชุม" and first["item_title"] == "'+ภาพกิจกรรม"
    assert (first["original_file_name"], first["caption"]) == ("'@รูปที่ 1.jpg",
                                                                 "'-ประธานกล่าวเปิดประชุม")
    assert first["file_name"] == "'@รูปที่ 1.jpg" and first["path"].startswith("2563/")
    assert second["caption"] == "'=HYPERLINK(\"x\")"
    assert first["set_number"] == "1" and first["year"] == "2563"
    assert first["item_type_name"] == "ภาพกิจกรรม"
    raw = document["files"]
    assert raw[0]["set_title"] == "=1+1 ชุดประชุม" and raw[0]["item_title"] == "+ภาพกิจกรรม"
    assert raw[0]["original_file_name"] == "@รูปที่ 1.jpg"
    assert raw[1]["caption"] == "=HYPERLINK(\"x\")"
    for row in csv_cells(zf.read("manifest.csv")):
        assert not any(cell.startswith(exporting.FORMULA_STARTS) for cell in row), row


def test_plugin_manifest_columns_cannot_run_formulas(app):
    """A plugin's column name and cells go through the same rule; its numbers stay numbers."""
    row = {name: "" for name in exporting.MANIFEST_FIELDS} | {
        "metadata": {"subject": "=ไม่ใช่สูตรใน JSON"}, "@district": "=WEBSERVICE(\"x\")",
        "budget_change": "-1500", "note": "-ลดลง"}
    entry = exporting.Entry("a.pdf", DATA / "order-45-2563.pdf", 1, row)
    header, cells = csv_cells(exporting.manifest_csv([entry]))
    values = dict(zip(header, cells))
    assert header[-3:] == ["'@district", "budget_change", "note"]
    assert values["'@district"] == "'=WEBSERVICE(\"x\")"
    assert values["budget_change"] == "-1500" and values["note"] == "'-ลดลง"
    assert json.loads(values["metadata"]) == {"subject": "=ไม่ใช่สูตรใน JSON"}


def test_link_list_csv_cannot_run_formulas(app, client):
    evidence_set = make_set(title="@ชุด=ทดสอบ")
    publish(evidence_set)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/years/2563/links?format=csv").get_data().decode("utf-8-sig"))))
    titles = [r["set_title"] for r in rows if r["set_title"]]
    assert titles == ["'@ชุด=ทดสอบ"]
    document = client.get("/years/2563/links?format=json").get_json()
    assert [s["title"] for i in document["items"] for s in i["sets"]] == ["@ชุด=ทดสอบ"]


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize("raw, expected", [
    ("ประชุม/วางแผน\\ครั้งที่ 1", "ประชุม_วางแผน_ครั้งที่ 1"),
    ("  ชื่อ\tมี\x00อักขระ\x1fควบคุม  ", "ชื่อ มี_อักขระ_ควบคุม"),
    ("...ซ่อน.", "ซ่อน"),
    ("a:b*c?d\"e<f>g|h", "a_b_c_d_e_f_g_h"),
    ("con", "_con"),
    ("", "_"),
    ("ข\u200bอง", "ของ"),
    ("รายงาน\u202efdp.exe", "รายงานfdp.exe"),
])
def test_clean_part(raw, expected):
    assert exporting.clean_part(raw) == expected


def test_clean_part_shortens_without_orphaning_thai_marks_and_keeps_the_extension():
    name = "ที่ " + "รายงานการประชุมคณะกรรมการติดตามตรวจสอบ" * 5 + ".pdf"
    out = exporting.clean_part(name, 40, keep_extension=True)
    assert out.endswith(".pdf") and len(out) <= 40
    assert name.startswith(out[:-4])
    folder = exporting.clean_part("กี่" * 50, 10)  # ก + ี + ่ per syllable
    assert folder == "กี่กี่กี่"
    assert exporting.clean_part("ประชุมเเ" + "ก" * 20, 8) == "ประชุม"  # no dangling เ


# --------------------------------------------------------------------------- routes and roles

ROLES = [None, "assessor", "staff", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_set_zip_access(app, archive, role_client, role):
    c = role_client(role)
    assert c.get(f"/s/{archive.plan1.public_id}/download.zip").status_code == 200
    draft = c.get(f"/s/{archive.plan3.public_id}/download.zip").status_code
    assert draft == (200 if role in ("staff", "admin") else 404)
    assert c.get(f"/s/{archive.plan4.public_id}/download.zip").status_code == 404  # trashed
    assert c.get("/s/no-such-set/download.zip").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_category_and_year_zips_need_a_sign_in(app, archive, role_client, role):
    c = role_client(role)
    for url in (f"/categories/{archive.plan.id}/download.zip", "/years/2563/download.zip"):
        response = c.get(url)
        if role is None:
            assert response.status_code == 302 and "/login" in response.headers["Location"]
        else:
            assert response.status_code == 200
    if role:
        assert c.get("/years/2599/download.zip").status_code == 404
        assert c.get("/categories/99999/download.zip").status_code == 404


def test_downloads_are_audited(app, archive, role_client):
    role_client(None).get(f"/s/{archive.plan1.public_id}/download.zip")
    role_client("staff").get(f"/categories/{archive.do.id}/download.zip")
    role_client("assessor").get("/years/2563/download.zip")
    role_client("assessor").head("/years/2563/download.zip")  # not a download
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "download")
                                .order_by(AuditEvent.id)).all()
    assert [(e.username, e.target_type) for e in events] == [
        ("", "EvidenceSet"), ("staff", "Category"), ("assessor", "AssessmentYear")]
    anonymous, staff, assessor = events
    assert anonymous.ip == "127.0.0.1" and anonymous.details["anonymous"] is True
    assert anonymous.details["files"] == 2 and anonymous.details["include_drafts"] is False
    assert anonymous.target_id == archive.plan1.id
    assert staff.details["include_drafts"] is True and staff.details["files"] == 3
    assert assessor.details["bytes"] > 0 and "2563" in assessor.summary


# --------------------------------------------------------------------------- ITA link list

@pytest.mark.parametrize("role", ROLES)
def test_link_list_page_shows_published_sets_with_permanent_urls(app, archive, role_client, role):
    response = role_client(role).get("/years/2563/links")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for s in (archive.plan1, archive.plan2, archive.do1):
        assert f'value="http://localhost/s/{s.public_id}"' in html
        assert f'data-copy="link-{s.public_id}"' in html
    for s in (archive.plan3, archive.plan4):  # draft, trashed
        assert s.public_id not in html
    assert "O33" in html and "ปีงบประมาณ 2563" in html
    assert "การร่วมแลกเปลี่ยนความคิดเห็น" not in html  # no indicator, no published set
    assert ("/years/2563/download.zip" in html) is (role is not None)


def test_link_list_csv_and_json(app, archive, client):
    response = client.get("/years/2563/links?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    urls = [r["url"] for r in rows if r["url"]]
    assert urls == [f"http://localhost/s/{s.public_id}"
                    for s in (archive.plan1, archive.plan2, archive.do1)]
    assert rows[0] == {"year": "2563", "indicator_code": "O33",
                       "indicator_name": "การเปิดโอกาสให้เกิดการมีส่วนร่วม",
                       "category_path": ROOT, "set_number": "", "set_title": "", "url": ""}
    assert rows[1]["category_path"] == f"{ROOT} › {PLAN}" and rows[1]["set_number"] == "1"
    assert rows[1]["indicator_code"] == "O33"  # inherited from the parent category

    response = client.get("/years/2563/links?format=json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["year"] == 2563 and document["generated_by"] is None
    found = [s["url"] for item in document["items"] for s in item["sets"]]
    assert found == urls


def test_link_list_unknown_year_or_format(app, client):
    assert client.get("/years/2599/links").status_code == 404
    assert client.get("/years/2563/links?format=xml").status_code == 404


def test_link_list_in_english(app, archive, client):
    html = client.get("/years/2563/links?lang=en").get_data(as_text=True)
    assert "Link list for the ITA form, fiscal year 2563" in html and "Copy" in html

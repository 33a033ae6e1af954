"""Text inside files: the plugins' readings against the samples' truths, the queue, the worker."""
from __future__ import annotations

import difflib
import io
import re
import threading
import time
import zipfile
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from evidence_archive import hookimpl, sniff
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import Blob, FileText, utcnow
from evidence_archive.services import trash
from evidence_archive.textsearch import extraction

from .conftest import DATA, get_user, make_item, make_set, upload_of

THAI = re.compile("[\u0e00-\u0e7f]")


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, collapse(a), collapse(b), autojunk=False).ratio()


def read_sample(app, name: str) -> extraction.Reading:
    detected = sniff.detect(DATA / name)
    return extraction.read_text(app, DATA / name, detected.media_type, detected.kind)


def queue(item) -> None:
    """Queue an item's files, as services.evidence does once it calls extraction.enqueue."""
    for f in item.live_files():
        extraction.enqueue(f.blob)
    db.session.commit()


def stored_blob(app, data: bytes, kind: str = "text", media_type: str = "text/plain") -> Blob:
    """Store bytes as a blob with a pending text row, without an item."""
    store = archive_of(app).store
    sha, _ = store.keep(upload_of(app, "x", data=data).incoming)
    blob = Blob(sha256=sha, size=len(data), media_type=media_type, kind=kind)
    db.session.add(blob)
    extraction.enqueue(blob)
    db.session.commit()
    return blob


def text_row(sha: str) -> FileText:
    db.session.expire_all()
    return db.session.get(FileText, sha)


class RecordingIndexer:
    def __init__(self):
        self.calls: list[set[int]] = []

    def update(self, item_ids, wait=True):
        self.calls.append(set(item_ids))


def add_plugin(app, plugin, name: str) -> None:
    archive_of(app).plugins.pm.register(plugin, name=name)


# --------------------------------------------------------------------------- the readers

@pytest.mark.parametrize("sample, truth", [
    ("invitation-ktpn-1-2563.pdf", "invitation-ktpn-1-2563.txt"),
    ("minutes-ktpn-2-2563.pdf", "minutes-ktpn-2-2563.txt"),
    ("minutes-ktpn-2-2563.docx", "minutes-ktpn-2-2563.txt"),
    ("order-45-2563.pdf", "order-45-2563.txt"),
])
def test_samples_read_as_printed(app, sample, truth):
    expected = (DATA / truth).read_text("utf-8")
    reading = read_sample(app, sample)
    assert reading.method == "text_extract" and reading.errors == []
    assert similarity(reading.text, expected) >= 0.99
    thai_lines = [line for line in expected.splitlines() if THAI.search(line)]
    missing = [line for line in thai_lines if squeeze(line) not in squeeze(reading.text)]
    assert missing == []
    for word in ("สำนักงาน", "ครั้งที่"):
        assert reading.text.count(word) == expected.count(word)
    assert "สำนักงน" not in reading.text and "ครัง้" not in reading.text


def test_stray_thai_mark_is_put_back_on_its_consonant(app):
    # The minutes PDF draws the ์ of สมศักดิ์ as a text object of its own, after the line.
    text = read_sample(app, "minutes-ktpn-2-2563.pdf").text
    assert "นายสมศักดิ์ มีสุข ติดราชการ\n" in text


def test_wrapped_thai_lines_are_joined_and_set_lines_kept(app):
    invitation = read_sample(app, "invitation-ktpn-1-2563.pdf").text
    assert "ณ ห้องประชุมพรหมวิหาร สำนักงาน" in invitation  # wrapped after พรหม
    assert "นิเทศการศึกษา (ก.ต.ป.น.) ครั้งที่ 1/2563\n" in invitation
    assert "ขอแสดงความนับถือ\n(นายประเสริฐ ศรีสุข)\n" in invitation
    assert "เขต 29\nถนนแจ้งสนิท" in invitation  # an address line, flush right, is no wrap
    order = read_sample(app, "order-45-2563.pdf").text
    assert "ประธานกรรมการ\nคณะที่ ๓" in order and "ผู้ทรงคุณวุฒิ กรรมการ\n" in order
    assert "ดังนี้\nคณะที่ ๑" in order  # a new paragraph, though the line ran to the edge
    minutes = read_sample(app, "minutes-ktpn-2-2563.pdf").text
    # One printed line that pdfium read in three pieces, around คู่'s marks.
    assert "\n3.2 คู่มือการนิเทศ และคู่มือการประเมินผลการจัดการศึกษา\n" in minutes
    assert "ผู้จดรายงานการประชุม\nลงชื่อ นายประเสริฐ" in minutes


def test_pdf_hyphen_is_kept_and_pages_are_apart(app):
    assert "กำหนดจัดสอบ O-NET" in read_sample(app, "order-45-2563.pdf").text
    assert read_sample(app, "minutes-ktpn-2-2563.pdf").text.count("\f") == 1


def test_scanned_pdf_is_left_to_ocr(app):
    from evidence_archive_plugins import text_extract
    assert text_extract.pdf_text(DATA / "invitation-ktpn-1-2563-scanned.pdf") is None


def test_ocr_is_asked_after_the_text_layer_reader(app):
    impls = archive_of(app).plugins.pm.hook.extract_text.get_hookimpls()
    order = [archive_of(app).plugins.pm.get_name(i.plugin)
             for i in reversed(impls)]
    assert order.index("text_extract") < order.index("ocr_tesseract") == len(order) - 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp874"])
def test_plain_text_in_thai_encodings(app, tmp_path, encoding):
    path = tmp_path / "note.txt"
    path.write_bytes("บันทึกข้อความ\r\nสำนักงานเขตพื้นที่การศึกษา ครั้งที่ 1/2563\r\n".encode(encoding))
    detected = sniff.detect(path)
    reading = extraction.read_text(app, path, detected.media_type, detected.kind)
    assert reading.text == "บันทึกข้อความ\nสำนักงานเขตพื้นที่การศึกษา ครั้งที่ 1/2563\n"


def docx_bytes() -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    body = (
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        '<w:r><w:t>ที่ ศธ 04290/1237</w:t><w:tab/><w:t>8 พฤษภาคม 2563</w:t></w:r></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">เรื่อง </w:t></w:r><w:r><w:t>ขอเชิญ</w:t>'
        '<w:br/><w:t>ประชุม</w:t></w:r>'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>กล่องข้อความ</w:t></w:r>'
        '</mc:Choice><mc:Fallback><w:r><w:t>กล่องข้อความ</w:t></w:r></mc:Fallback>'
        '</mc:AlternateContent></w:p>'
        '<w:p><w:r><w:delText>ลบแล้ว</w:delText><w:t>สำนักงาน</w:t></w:r></w:p>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/main.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>'))
        zf.writestr("word/main.xml", f'<w:document {w} {mc}><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def test_docx_text(app, tmp_path):
    path = tmp_path / "letter.docx"
    path.write_bytes(docx_bytes())
    detected = sniff.detect(path)
    reading = extraction.read_text(app, path, detected.media_type, detected.kind)
    assert reading.text == ("ที่ ศธ 04290/1237\t8 พฤษภาคม 2563\nเรื่อง ขอเชิญ\nประชุมกล่องข้อความ\n"
                            "สำนักงาน")


def odt_bytes() -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        '<text:h>รายงานการประชุม</text:h>'
        '<text:p>ครั้งที่<text:s text:c="2"/>2/2563<text:tab/>ณ ห้องประชุม<text:line-break/>'
        '<text:span>สำนักงาน</text:span>เขต 29</text:p>'
        '</office:text></office:body></office:document-content>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
    return buffer.getvalue()


def test_odt_text(app, tmp_path):
    path = tmp_path / "minutes.odt"
    path.write_bytes(odt_bytes())
    detected = sniff.detect(path)
    assert detected.kind == "word"
    reading = extraction.read_text(app, path, detected.media_type, detected.kind)
    assert reading.text == "รายงานการประชุม\nครั้งที่  2/2563\tณ ห้องประชุม\nสำนักงานเขต 29"


def test_document_with_a_dtd_is_refused(app, tmp_path):
    path = tmp_path / "bomb.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    reading = extraction.read_text(app, path, "application/vnd.oasis.opendocument.text", "word")
    assert reading.text is None and "DTD" in reading.errors[0]


# --------------------------------------------------------------------------- the queue

def test_uploaded_file_is_read_and_its_item_indexed(app):
    indexer = RecordingIndexer()
    archive_of(app).indexer = indexer
    item = make_item(app, make_set())
    queue(item)
    indexer.calls.clear()  # the item's own commit was reported already
    assert extraction.status_of_item(item) == "pending"
    assert extraction.run_pending() == 1
    row = text_row(item.files[0].sha256)
    assert (row.status, row.method, row.attempts, row.error) == ("done", "text_extract", 1, "")
    assert row.claimed_at is None and "ที่ ศธ 04290/1237" in row.text
    assert indexer.calls == [{item.id}]
    assert extraction.status_of_item(item) == "done"
    assert extraction.text_of_item(item).startswith("ที่ ศธ 04290/1237")
    assert extraction.run_pending() == 0


def test_indexer_gets_every_live_item_using_the_file(app):
    evidence_set = make_set()
    first, second, gone = (make_item(app, evidence_set) for _ in range(3))
    trash.trash(gone, get_user("admin"))
    other = make_item(app, evidence_set, files=(("รายงาน.docx", "minutes-ktpn-2-2563.docx"),))
    queue(first)
    queue(other)
    indexer = RecordingIndexer()
    archive_of(app).indexer = indexer
    assert extraction.run_pending() == 2
    assert sorted(indexer.calls, key=len) == [{other.id}, {first.id, second.id}]


def test_no_indexer_is_fine(app):
    archive_of(app).indexer = None  # e.g. a tool that only reads text
    item = make_item(app, make_set())
    queue(item)
    assert extraction.run_pending() == 1


def test_texts_of_items_join_live_files_in_order(app):
    item = make_item(app, make_set(), files=(
        ("รายงาน.pdf", "minutes-ktpn-2-2563.pdf"), ("คำสั่ง.pdf", "order-45-2563.pdf"),
        ("ซ้ำ.pdf", "minutes-ktpn-2-2563.pdf")))
    queue(item)
    extraction.run_pending()
    text = extraction.text_of_item(item)
    assert text.index("รายงานการประชุม") < text.index("คำสั่งสำนักงาน")
    assert text.count("รายงานการประชุมคณะกรรมการ") == 1  # the same content once
    assert extraction.texts_of_items([item.id, 999]) == {item.id: text}


def test_item_without_a_text_row_yet_is_pending(app):
    item = make_item(app, make_set())
    # Uploads queue their text at once; files stored before that feature have no row.
    assert db.session.scalar(select(func.count()).select_from(FileText)) == 1
    db.session.execute(delete(FileText))
    db.session.commit()
    assert extraction.status_of_item(item) == "pending"
    assert extraction.text_of_item(item) == ""
    assert extraction.enqueue_missing() == 1 and extraction.enqueue_missing() == 0


def test_a_raising_plugin_is_reported_and_the_next_one_reads(app, caplog):
    class Broken:
        @staticmethod
        @hookimpl(tryfirst=True)
        def extract_text(path):
            raise RuntimeError("cannot read this")

    add_plugin(app, Broken, "broken_reader")
    blob = stored_blob(app, "ข้อความ".encode())
    extraction.run_pending()
    row = text_row(blob.sha256)
    assert (row.status, row.method, row.text) == ("done", "text_extract", "ข้อความ")
    assert row.error == "broken_reader: RuntimeError: cannot read this"
    assert "broken_reader failed" in caplog.text
    assert archive_of(app).plugins.problems == []  # one file, not the plugin


def test_unread_kind_is_unsupported(app):
    blob = stored_blob(app, b"PK\x05\x06" + bytes(18), kind="spreadsheet",
                       media_type="application/vnd.ms-excel")
    assert extraction.run_pending() == 1
    row = text_row(blob.sha256)
    assert (row.status, row.text, row.method, row.error) == ("unsupported", "", "", "")


def test_failed_after_three_attempts_then_retried_by_hand(app, runner):
    class Failing:
        @staticmethod
        @hookimpl(tryfirst=True)
        def extract_text(kind):
            if kind == "spreadsheet":
                raise OSError("disk hiccup")

    add_plugin(app, Failing, "failing_reader")
    blob = stored_blob(app, b"x,y\n", kind="spreadsheet", media_type="text/csv")
    for attempt, status in ((1, "pending"), (2, "pending"), (3, "failed")):
        assert extraction.run_pending() == 1  # not retried within one run
        row = text_row(blob.sha256)
        assert (row.status, row.attempts) == (status, attempt)
        assert row.error == "failing_reader: OSError: disk hiccup"
    assert extraction.run_pending() == 0
    result = runner.invoke(extraction.extract_command, ["retry"])
    assert "Queued 1 files again." in result.output
    assert (text_row(blob.sha256).status, text_row(blob.sha256).attempts) == ("pending", 0)


def test_stale_claim_is_taken_over_and_a_fresh_one_is_not(app):
    fresh, stale, hopeless = (stored_blob(app, f"ไฟล์ {n}".encode()) for n in range(3))
    now = utcnow()
    for blob, claimed, attempts in ((fresh, now - timedelta(seconds=20), 1),
                                    (stale, now - timedelta(minutes=11), 1),
                                    (hopeless, now - timedelta(minutes=11), 3)):
        row = db.session.get(FileText, blob.sha256)
        row.status, row.claimed_at, row.attempts = "working", claimed, attempts
    db.session.commit()
    assert extraction.run_pending() == 1
    assert (text_row(stale.sha256).status, text_row(stale.sha256).attempts) == ("done", 2)
    assert text_row(fresh.sha256).status == "working"
    assert text_row(hopeless.sha256).status == "failed"
    assert "stopped while reading" in text_row(hopeless.sha256).error


def test_claims_are_exclusive_across_threads(app):
    calls = Counter()
    lock = threading.Lock()

    class Slow:
        @staticmethod
        @hookimpl(tryfirst=True)
        def extract_text(path):
            with lock:
                calls[path.name] += 1
            time.sleep(0.02)
            return "read"

    add_plugin(app, Slow, "slow_reader")
    blobs = [stored_blob(app, f"ไฟล์ที่ {n}".encode()) for n in range(12)]
    processed, errors = [], []

    def work():
        with app.app_context():
            try:
                processed.append(extraction.run_pending())
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and sum(processed) == 12
    assert calls == Counter({b.sha256: 1 for b in blobs})
    assert {text_row(b.sha256).status for b in blobs} == {"done"}


def test_purging_a_file_drops_its_text(app):
    item = make_item(app, make_set())
    queue(item)
    extraction.run_pending()
    sha = item.files[0].sha256
    trash.trash(item, get_user("admin"))
    trash.purge(item, get_user("admin"))
    assert db.session.scalar(select(FileText).where(FileText.sha256 == sha)) is None


def test_storable_text():
    assert extraction.storable("a\x00b\ud800c") == "ab?c"


# --------------------------------------------------------------------------- the worker

def wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.commit()
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_worker_is_off_in_tests_unless_asked(app):
    assert extraction.start_worker(app) is None


def test_worker_reads_new_files_and_stops_cleanly(app):
    # A long poll interval: only the notification after the commit can wake it in time.
    app.config.update(EXTRACTION_WORKER=True, EXTRACTION_POLL_INTERVAL=60)
    old = make_item(app, make_set())  # stored before the worker: queued when it starts
    worker = extraction.start_worker(app)
    try:
        assert worker.is_alive() and extraction.start_worker(app) is worker
        assert wait_for(lambda: extraction.status_of_item(old) == "done")
        blob = stored_blob(app, "หนังสือเชิญประชุม".encode())
        assert wait_for(lambda: text_row(blob.sha256).status == "done", seconds=5)
    finally:
        extraction.stop_worker(app, timeout=10)
    assert not worker.is_alive()
    assert text_row(blob.sha256).text == "หนังสือเชิญประชุม"


# --------------------------------------------------------------------------- CLI

def test_cli_run_and_status(app, runner):
    make_item(app, make_set())
    stored_blob(app, b"\x00\x01", kind="other", media_type="application/octet-stream")
    result = runner.invoke(extraction.extract_command, ["run"])
    assert result.exit_code == 0, result.output
    assert "2/2 files: 1 done, 1 unsupported" in result.output
    assert "Processed 2 files." in result.output
    status = runner.invoke(extraction.extract_command, ["status"]).output
    assert re.search(r"done\s+1\n", status) and re.search(r"unsupported\s+1\n", status)
    again = runner.invoke(extraction.extract_command, ["retry", "--unsupported"])
    assert "Queued 1 files again." in again.output

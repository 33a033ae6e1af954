"""storage.py: the content-addressed store on a real folder — in, out, locks and sweeps."""
from __future__ import annotations

import hashlib
import io
import os
import stat

import pytest

from evidence_archive.storage import BlobStore, TooLarge, clean_filename

PDF = b"%PDF-1.7\n% \xe0\xb8\x9b\xe0\xb8\xa3\xe0\xb8\xb0\xe0\xb8\x8a\xe0\xb8\xb8\xe0\xb8\xa1\n%%EOF\n"


@pytest.fixture
def store(tmp_path) -> BlobStore:
    return BlobStore(tmp_path / "uploads")


def keep(store: BlobStore, data: bytes) -> tuple[str, bool]:
    with store.placing():
        return store.keep(store.receive(io.BytesIO(data)))


def files_under(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_file_is_stored_under_its_sha256_read_only(store):
    sha, new = keep(store, PDF)
    assert (sha, new) == (hashlib.sha256(PDF).hexdigest(), True)
    path = store.path(sha)
    assert path == store.root / "blobs" / sha[:2] / sha[2:4] / sha
    assert path.read_bytes() == PDF and b"".join(store.iter_file(sha, chunk=7)) == PDF
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert list(store.tmp.iterdir()) == []  # the incoming part moved, not copied


def test_the_same_content_twice_is_one_file(store):
    first, again = keep(store, PDF), keep(store, PDF)
    assert first[0] == again[0] and (first[1], again[1]) == (True, False)
    assert files_under(store.root / "blobs") == [f"{first[0][:2]}/{first[0][2:4]}/{first[0]}"]
    assert list(store.tmp.iterdir()) == []


@pytest.mark.parametrize("name", ["../../etc/passwd", "A" * 64, "0" * 63, "", "0" * 64 + "/x"])
def test_paths_are_built_only_from_digests(store, name):
    with pytest.raises(ValueError, match="SHA-256"):
        store.path(name)


def test_a_file_over_the_limit_is_refused_and_leaves_nothing(store):
    with pytest.raises(TooLarge) as refused:
        store.receive(io.BytesIO(b"x" * 1001), max_bytes=1000)
    assert refused.value.description == "ไฟล์มีขนาดเกินกำหนด"
    assert list(store.tmp.iterdir()) == []


def test_reading_makes_no_folders(store):
    """A command that only reads (`--help`, `plugins list`) creates nothing on disk."""
    assert not store.exists("0" * 64) and not store.has_thumb("0" * 64)
    assert store.read_thumb("0" * 64) is None
    assert not store.root.exists()


def test_a_thumbnail_is_read_by_its_blob_digest(store):
    sha = keep(store, PDF)[0]
    assert store.read_thumb(sha) is None  # none drawn yet
    store.thumb_path(sha).write_bytes(b"\xff\xd8 jpeg")
    assert store.has_thumb(sha) and store.read_thumb(sha) == b"\xff\xd8 jpeg"
    with pytest.raises(ValueError, match="SHA-256"):
        store.read_thumb("../" + sha)


def test_release_removes_only_what_no_row_uses(store):
    used, unused = keep(store, PDF)[0], keep(store, b"%PDF-1.7 other")[0]
    store.thumb_path(unused).write_bytes(b"jpeg")
    asked = []

    def recorded(shas):
        asked.append(shas)
        return {used}

    assert store.release([unused, used, unused], recorded) == [unused]
    assert asked == [sorted({used, unused})]
    assert store.exists(used) and not store.exists(unused) and not store.has_thumb(unused)


def test_sweep_removes_what_crashes_left_and_keeps_what_is_in_use(store):
    recorded_sha, orphan = keep(store, PDF)[0], keep(store, b"%PDF-1.7 orphan")[0]
    store.thumb_path("f" * 64).write_bytes(b"thumbnail of a blob that is gone")
    dead = store.tmp / "crashed.part"
    dead.write_bytes(b"half an upload")
    live = store.incoming()  # a request still receiving: it holds its part's lock
    live.write(b"arriving")
    try:
        found = store.sweep(lambda shas: {s for s in shas if s == recorded_sha})
        assert (found.blobs, found.thumbs, found.tmp, found.total) == ([orphan], 1, 1, 3)
        assert store.exists(recorded_sha) and not store.exists(orphan)
        assert not dead.exists() and live.path.exists()
    finally:
        live.discard()
    assert list(store.tmp.iterdir()) == []


def test_a_part_is_dead_only_when_nobody_holds_it(store):
    part = store.incoming()
    assert store.dead_parts() == []
    part.close()  # its request ended without keeping or discarding it
    assert store.dead_parts() == [part.path]
    assert store.dead_parts(older_than=3600) == []  # too recent for a cautious sweep
    assert store.sweep_tmp() == 1 and not part.path.exists()


@pytest.mark.parametrize("typed, kept", [
    ("รายงานการประชุม ครั้งที่ 1_2563.pdf", "รายงานการประชุม ครั้งที่ 1_2563.pdf"),
    ("C:\\Users\\somchai\\หนังสือเชิญ.docx", "หนังสือเชิญ.docx"),
    ("../../ภาพกิจกรรม.jpg", "ภาพกิจกรรม.jpg"),
    ("รายงาน\u202efdp.exe", "รายงานfdp.exe"),  # no right-to-left override to disguise it
    ("ประ\u200bชุม:คณะ*กรรมการ?.pdf", "ประชุม_คณะ_กรรมการ_.pdf"),
    ("...", "file.pdf"),
])
def test_file_names_keep_their_thai_and_lose_paths_and_tricks(typed, kept):
    assert clean_filename(typed, fallback_ext="pdf") == kept


def test_a_long_name_is_cut_to_240_bytes_keeping_its_extension():
    name = clean_filename("ก" * 200 + ".pdf")
    assert name.endswith(".pdf") and len(name.encode("utf-8")) <= 240
    assert name.startswith("ก" * 70)
    assert os.sep not in name

"""Memory per picture: huge pictures are refused from their header, big ones shrunk in bounded memory.

Peaks are measured in a fresh Python process (``ru_maxrss`` before and after
the call), so what another test left in this one never counts.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path
from struct import pack

import pytest
from sqlalchemy import func, select

from evidence_archive.db import db
from evidence_archive.images import DEFAULT_MAX_PIXELS
from evidence_archive.models import Blob, EvidenceItem
from evidence_archive.services import users

from .conftest import get_user, make_set

MiB = 1024 * 1024
PHOTOS = {"activity": "ประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563",
          "activity_date": "15/05/2563", "venue": "ห้องประชุมสำนักงานเขตพื้นที่การศึกษา"}
REFUSED = ("รูปภาพมีขนาดใหญ่เกินไป (81 ล้านพิกเซล) ระบบรับรูปภาพแบบนี้ได้ไม่เกิน "
           "40 ล้านพิกเซล")


def write_png(path: Path, width: int, height: int, alpha: bool = False) -> Path:
    """Write a mostly white PNG with blue bands a row at a time: a few hundred KB for 81 MP."""
    channels = 4 if alpha else 3

    def chunk(kind: bytes, body: bytes) -> bytes:
        return pack(">I", len(body)) + kind + body + pack(">I", zlib.crc32(kind + body))

    white = b"\x00" + b"\xff" * (width * channels)
    band = b"\x00" + bytes((30, 90, 200, 0)[:channels]) * width  # transparent where alpha
    packer = zlib.compressobj(9)
    with open(path, "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.write(chunk(b"IHDR", pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)))
        for top in range(0, height, 1000):
            rows = b"".join(band if (y // 250) % 4 == 0 else white
                            for y in range(top, min(top + 1000, height)))
            fh.write(chunk(b"IDAT", packer.compress(rows)))
        fh.write(chunk(b"IDAT", packer.flush()))
        fh.write(chunk(b"IEND", b""))
    return path


def write_jpeg(path: Path, width: int, height: int) -> Path:
    """Write a JPEG photo-sized picture in a process of its own (it needs the memory we measure)."""
    script = textwrap.dedent("""
        import sys
        from PIL import Image, ImageDraw
        path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
        im = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(im)
        draw.ellipse((width // 4, height // 4, 3 * width // 4, 3 * height // 4), fill=(20, 90, 200))
        im.save(path, quality=85)
    """)
    subprocess.run([sys.executable, "-c", script, str(path), str(width), str(height)], check=True)
    return path


@pytest.fixture(scope="session")
def pictures(tmp_path_factory) -> dict[str, Path]:
    """Big pictures made once per session: PNGs a row at a time, the JPEG in a child process."""
    folder = tmp_path_factory.mktemp("big-pictures")
    return {
        "png_81mp": write_png(folder / "poster-81mp.png", 9000, 9000),
        "png_rgba_36mp": write_png(folder / "banner-36mp.png", 6000, 6000, alpha=True),
        "jpeg_48mp": write_jpeg(folder / "photo-48mp.jpg", 8000, 6000),
    }


def peak_of(call: str, src: Path, tmp_path: Path) -> int:
    """Run `call` on src in a fresh process; return how far its peak RSS rose (bytes)."""
    script = textwrap.dedent(f"""
        import resource, sys
        from evidence_archive import images
        src, dest = sys.argv[1], sys.argv[2]
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            {call}
        except images.ImageError:
            pass
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
    """)
    done = subprocess.run([sys.executable, "-c", script, str(src), str(tmp_path / "t.jpg")],
                          capture_output=True, text=True, check=True)
    return int(done.stdout) * 1024  # Linux reports kilobytes


def test_the_81mp_png_is_small_on_disk(pictures):
    assert pictures["png_81mp"].stat().st_size < 1024 * 1024


@pytest.mark.parametrize("call", [
    "images.image_info(src)",
    "images.check_size(src)",
])
def test_a_huge_png_is_judged_from_its_header(pictures, tmp_path, call):
    # Decoding the 81 MP picture whole costs 220-310 MiB (image_info once did, looking for EXIF).
    assert peak_of(call, pictures["png_81mp"], tmp_path) < 30 * MiB


@pytest.mark.parametrize("name, bound", [
    # Drawn by libjpeg at 1/4 scale: the full picture would be 183 MiB.
    ("jpeg_48mp", 50 * MiB),
    # Allowed (36 of 40 million): decoded once (137 MiB), put on white a strip at a time.
    # Before: full-size copies to turn it, put it on white and resize it (~590 MiB).
    ("png_rgba_36mp", DEFAULT_MAX_PIXELS * 4 * 5 // 4),
])
def test_big_allowed_picture_is_thumbnailed_in_bounded_memory(pictures, tmp_path, name, bound):
    peak = peak_of("print(images.make_thumbnail(src, dest), file=sys.stderr)",
                   pictures[name], tmp_path)
    assert (tmp_path / "t.jpg").stat().st_size > 0
    assert peak < bound, f"peak RSS rose {peak / MiB:.0f} MiB"


# --------------------------------------------------------------------------- refused at upload

def stored_files(app) -> list[Path]:
    """Every file in the upload folder: blobs, thumbnails and uploads in flight."""
    return sorted(p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file())


def counts():
    return (db.session.scalar(select(func.count()).select_from(EvidenceItem)),
            db.session.scalar(select(func.count()).select_from(Blob)))


def test_page_form_refuses_a_huge_png_and_stores_nothing(app, role_client, pictures):
    evidence_set = make_set()
    before, files_before = counts(), stored_files(app)
    response = role_client("staff").post(
        f"/s/{evidence_set.public_id}/items/new?type=activity_photos",
        data={**PHOTOS, "files": [(io.BytesIO(pictures["png_81mp"].read_bytes()), "โปสเตอร์.png")]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "ไฟล์ โปสเตอร์.png: " + REFUSED in page
    assert 'name="files"' in page and PHOTOS["venue"] in page  # the form again, as typed
    assert counts() == before and stored_files(app) == files_before


def test_api_refuses_a_huge_png_with_422_and_stores_nothing(app, client, pictures):
    evidence_set = make_set()
    secret = users.create_token(get_user("staff"), "tests")[1]
    before, files_before = counts(), stored_files(app)
    response = client.post(
        f"/api/v1/sets/{evidence_set.public_id}/items",
        headers={"Authorization": f"Bearer {secret}"},
        data={"type": "activity_photos", "metadata": json.dumps(PHOTOS, ensure_ascii=False),
              "files": [(io.BytesIO(pictures["png_81mp"].read_bytes()), "โปสเตอร์.png")]})
    assert response.status_code == 422 and response.is_json
    assert response.json["errors"]["files"].startswith("ไฟล์ โปสเตอร์.png: " + REFUSED)
    assert counts() == before and stored_files(app) == files_before


@pytest.mark.parametrize("app_config", [{"MAX_IMAGE_PIXELS": 100_000_000}], indirect=True)
def test_the_limit_is_a_setting(app, role_client, pictures):
    evidence_set = make_set()
    response = role_client("staff").post(
        f"/s/{evidence_set.public_id}/items/new?type=activity_photos",
        data={**PHOTOS, "files": [(io.BytesIO(pictures["png_81mp"].read_bytes()), "โปสเตอร์.png")]})
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    assert counts()[0] == 1 and len(list(Path(app.config["UPLOAD_FOLDER"], "thumbs").iterdir())) == 1


@pytest.fixture
def app_config(app_config, request):
    """The shared test config plus the settings a test passes by indirect parametrization."""
    return {**app_config, **getattr(request, "param", {})}

import io
import random
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from PIL import Image, features

from evidence_archive.sniff import (
    FILE_KINDS,
    SNIFF_BYTES,
    Detected,
    detect,
    kind_label,
)

DATA = Path(__file__).parent / "data"

PDF = Detected("application/pdf", "pdf", "pdf")
TEXT = Detected("text/plain", "text", "txt")
HTML = Detected("text/html", "other", "html")
SVG = Detected("image/svg+xml", "other", "svg")
ZIP = Detected("application/zip", "other", "zip")
BINARY = Detected("application/octet-stream", "other", "")
DOCX = Detected(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "word",
    "docx",
)
XLSX = Detected(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "spreadsheet",
    "xlsx",
)
PPTX = Detected(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "presentation",
    "pptx",
)
JPEG = Detected("image/jpeg", "image", "jpg")
PNG = Detected("image/png", "image", "png")
TIFF = Detected("image/tiff", "image", "tiff")
OLE = Detected("application/x-ole-storage", "other", "")

THAI = "การประชุมคณะกรรมการพนักงานเทศบาล ครั้งที่ 1/2563\n"


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def image_bytes(fmt):
    buf = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(buf, fmt)
    return buf.getvalue()


def zip_bytes(entries, first=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if first:
            # ODF wants its mimetype first and uncompressed.
            zf.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


def ole_bytes(*stream_names):
    """Build an OLE2 header and a first directory sector naming the streams."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<H", header, 0x1E, 9)  # 512-byte sectors
    struct.pack_into("<I", header, 0x30, 0)  # directory starts at sector 0
    sector = bytearray(512)
    for i, name in enumerate(("Root Entry", *stream_names)[:4]):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        sector[i * 128 : i * 128 + len(raw)] = raw
        struct.pack_into("<H", sector, i * 128 + 0x40, len(raw))
    return bytes(header + sector)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("invitation-ktpn-1-2563.pdf", PDF),
        ("invitation-ktpn-1-2563-scanned.pdf", PDF),
        ("minutes-ktpn-2-2563.pdf", PDF),
        ("order-45-2563.pdf", PDF),
        ("minutes-ktpn-2-2563.docx", DOCX),
        ("photo-ktpn-1-2563.jpg", JPEG),
        ("invitation-ktpn-1-2563.txt", TEXT),
        ("minutes-ktpn-2-2563.txt", TEXT),
        ("order-45-2563.txt", TEXT),
        ("000_d04f43a4c689a302.txt", TEXT),
        ("002_c7d0d815a945ed8b.txt", TEXT),
    ],
)
def test_sample_files(name, expected):
    assert detect(DATA / name) == expected


def test_pdf_renamed_jpg_is_pdf(tmp_path):
    path = tmp_path / "photo.jpg"
    shutil.copy(DATA / "order-45-2563.pdf", path)
    assert detect(path) == PDF


def test_png_renamed_pdf_is_png(tmp_path):
    assert detect(write(tmp_path, "order.pdf", image_bytes("PNG"))) == PNG


@pytest.mark.parametrize(
    "fmt, expected",
    [
        ("JPEG", JPEG),
        ("PNG", PNG),
        ("GIF", Detected("image/gif", "image", "gif")),
        ("WEBP", Detected("image/webp", "image", "webp")),
        ("TIFF", TIFF),
    ],
)
def test_images(tmp_path, fmt, expected):
    assert detect(write(tmp_path, "upload", image_bytes(fmt))) == expected


def test_big_endian_tiff(tmp_path):
    data = b"MM\x00*\x00\x00\x00\x08" + b"\x00" * 64
    assert detect(write(tmp_path, "scan", data)) == TIFF


@pytest.mark.skipif(not features.check("avif"), reason="Pillow built without AVIF")
def test_avif(tmp_path):
    assert detect(write(tmp_path, "upload", image_bytes("AVIF"))) == Detected(
        "image/avif", "image", "avif"
    )


def test_heic_is_recognised_but_not_accepted(tmp_path):
    head = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00mif1heic"
    assert detect(write(tmp_path, "IMG_0001.HEIC", head + b"\x00" * 64)) == Detected(
        "image/heic", "other", "heic"
    )


def test_mp4_is_other(tmp_path):
    head = struct.pack(">I", 24) + b"ftypisom" + b"\x00\x00\x02\x00isomiso2"
    assert detect(write(tmp_path, "clip.jpg", head + b"\x00" * 64)) == BINARY


def test_empty_file(tmp_path):
    assert detect(write(tmp_path, "empty.pdf", b"")) == Detected(
        "application/x-empty", "empty", ""
    )


def test_random_bytes(tmp_path):
    data = random.Random(2563).randbytes(4096)
    assert detect(write(tmp_path, "noise.pdf", data)) == BINARY


def test_pdf_with_leading_junk(tmp_path):
    data = b"\r\nX-Mailer junk\r\n" * 50 + b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    assert detect(write(tmp_path, "a.bin", data)) == PDF


def test_pdf_header_past_first_kib_is_not_pdf(tmp_path):
    data = b"x" * 2048 + b"%PDF-1.7\n"
    assert detect(write(tmp_path, "a.pdf", data)) == TEXT


def test_pdf_signature_then_garbage_is_pdf(tmp_path):
    data = b"%PDF-" + random.Random(1).randbytes(512)
    assert detect(write(tmp_path, "a.pdf", data)) == PDF


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body>hi</body></html>",
        b"\n  <html>\n<body>",
        b"<script>alert(1)</script>",
        b"<p>" + THAI.encode(),
        b"<!-- x -->",
        "ประกาศ\n<script>alert(1)</script>".encode(),
        "<html><body>".encode("utf-16"),
    ],
)
def test_html_is_never_accepted(tmp_path, data):
    assert detect(write(tmp_path, "notice.txt", data)) == HTML


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<?xml version="1.0"?>\n<!-- logo -->\n'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>',
    ],
)
def test_svg_is_not_an_image(tmp_path, data):
    assert detect(write(tmp_path, "logo.png", data)) == SVG


def test_xml_is_other(tmp_path):
    data = b'<?xml version="1.0"?><office>x</office>'
    assert detect(write(tmp_path, "a.txt", data)) == Detected(
        "application/xml", "other", "xml"
    )


def test_plain_zip(tmp_path):
    assert detect(write(tmp_path, "a.docx", zip_bytes({"a.txt": "x"}))) == ZIP


def test_empty_zip(tmp_path):
    assert detect(write(tmp_path, "a.zip", zip_bytes({}))) == ZIP


def test_damaged_zip(tmp_path):
    data = zip_bytes({"word/document.xml": "x" * 1000})[:200]
    assert detect(write(tmp_path, "a.docx", data)) == ZIP


@pytest.mark.parametrize(
    "folder, expected",
    [
        ("word/document.xml", DOCX),
        ("xl/workbook.xml", XLSX),
        ("ppt/presentation.xml", PPTX),
    ],
)
def test_ooxml(tmp_path, folder, expected):
    data = zip_bytes({"[Content_Types].xml": "<Types/>", folder: "<x/>"})
    assert detect(write(tmp_path, "upload.zip", data)) == expected


def test_ooxml_with_macros_is_other(tmp_path):
    data = zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": "<x/>",
            "word/vbaProject.bin": "VBA",
        }
    )
    assert detect(write(tmp_path, "minutes.docx", data)) == Detected(
        "application/vnd.ms-word.document.macroEnabled.12", "other", "docm"
    )


@pytest.mark.parametrize(
    "mimetype, kind, extension",
    [
        ("application/vnd.oasis.opendocument.text", "word", "odt"),
        ("application/vnd.oasis.opendocument.spreadsheet", "spreadsheet", "ods"),
        ("application/vnd.oasis.opendocument.presentation", "presentation", "odp"),
    ],
)
def test_odf(tmp_path, mimetype, kind, extension):
    data = zip_bytes({"content.xml": "<x/>"}, first=("mimetype", mimetype))
    expected = Detected(mimetype, kind, extension)
    assert detect(write(tmp_path, "upload", data)) == expected


@pytest.mark.parametrize(
    "streams, expected",
    [
        (("1Table", "WordDocument"), Detected("application/msword", "word", "doc")),
        (("Workbook",), Detected("application/vnd.ms-excel", "spreadsheet", "xls")),
        (
            ("PowerPoint Document",),
            Detected("application/vnd.ms-powerpoint", "presentation", "ppt"),
        ),
        (("__substg1.0_0037001F",), OLE),
        (("WordDocument", "Macros"), OLE),
        (("EncryptedPackage",), OLE),
    ],
)
def test_legacy_office(tmp_path, streams, expected):
    assert detect(write(tmp_path, "upload", ole_bytes(*streams))) == expected


def test_truncated_ole_is_other(tmp_path):
    data = ole_bytes("WordDocument")[:100]
    assert detect(write(tmp_path, "a.doc", data)) == OLE


def test_thai_utf8_text(tmp_path):
    assert detect(write(tmp_path, "a.bin", THAI.encode("utf-8"))) == TEXT


def test_thai_utf8_text_with_bom(tmp_path):
    assert detect(write(tmp_path, "a.bin", THAI.encode("utf-8-sig"))) == TEXT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_with_bom(tmp_path, encoding):
    data = THAI.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert detect(write(tmp_path, "a.bin", data)) == TEXT


def test_cp874_thai_text(tmp_path):
    data = (THAI * 20).encode("cp874")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert detect(write(tmp_path, "old.txt", data)) == TEXT


@pytest.mark.parametrize("cut", [1, 2])
def test_utf8_cut_inside_thai_character(tmp_path, cut):
    # Each Thai letter is 3 bytes; put the 64 KiB boundary `cut` bytes into one.
    prefix = b"a" * ((SNIFF_BYTES - cut) % 3)
    data = prefix + ("ก" * (SNIFF_BYTES // 3 + 10)).encode()
    sample = data[:SNIFF_BYTES]
    for encoding in ("utf-8", "cp874"):
        with pytest.raises(UnicodeDecodeError):
            sample.decode(encoding)
    assert detect(write(tmp_path, "long.txt", data)) == TEXT


def test_reads_only_the_first_64_kib(tmp_path):
    data = THAI.encode() * (SNIFF_BYTES // len(THAI.encode()) + 1)
    data = data[:SNIFF_BYTES] + b"\x00" * 4096
    assert detect(write(tmp_path, "a.txt", data)) == TEXT


def test_text_with_many_control_characters_is_binary(tmp_path):
    data = b"abc\x01\x02\x03def\x04" * 100
    assert detect(write(tmp_path, "a.txt", data)) == BINARY


def test_binary_with_nul_is_binary(tmp_path):
    assert detect(write(tmp_path, "a.txt", b"hello\x00world")) == BINARY


def test_kind_labels():
    assert FILE_KINDS["image"] == "รูปภาพ"
    assert kind_label("word") == "เอกสาร Word"
    assert kind_label("word", locale="en") == "Word document"
    assert kind_label("pdf", locale="th_TH") == "PDF"
    assert kind_label("spreadsheet", locale="fr") == FILE_KINDS["spreadsheet"]
    assert kind_label("mystery") == "mystery"


def test_every_kind_has_a_label_in_each_locale():
    kinds = {"pdf", "image", "word", "spreadsheet", "presentation", "text", "other"}
    assert set(FILE_KINDS) == kinds | {"empty"}
    assert all(kind_label(kind, "en") != kind for kind in FILE_KINDS)

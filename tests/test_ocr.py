"""OCR of scans and photos with Tesseract (plugin ocr_tesseract).

Needs `tesseract` with its Thai data (apt-get install tesseract-ocr tesseract-ocr-tha):
skipped without it, except in CI, where a missing Tesseract fails.
"""
from __future__ import annotations

import os
import re

import pytest
from evidence_archive_plugins import ocr_tesseract
from PIL import Image

from evidence_archive import images, sniff
from evidence_archive.archive import archive_of
from evidence_archive.textsearch import extraction

from .conftest import DATA
from .test_extraction import collapse, similarity

#: What the photo shows once turned upright (it is stored sideways, EXIF orientation 6).
PHOTO_TRUTH = "การประชุม ก.ต.ป.น. ครั้งที่ 1/2563\nห้องประชุมพรหมวิหาร สพม.29\nTOP (upright when EXIF applied)"


@pytest.fixture
def tesseract():
    if not ocr_tesseract.tesseract_ready():
        message = ("tesseract with Thai data is not installed "
                   "(apt-get install tesseract-ocr tesseract-ocr-tha)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def read(app, name: str) -> extraction.Reading:
    detected = sniff.detect(DATA / name)
    return extraction.read_text(app, DATA / name, detected.media_type, detected.kind)


def test_scanned_letter_is_read_by_ocr(app, tesseract):
    reading = read(app, "invitation-ktpn-1-2563-scanned.pdf")
    assert reading.method == "ocr_tesseract" and reading.errors == []
    truth = (DATA / "invitation-ktpn-1-2563.txt").read_text("utf-8")
    # Measured 0.973 (Tesseract 5.3, tha+eng, page drawn at the scan's 150 dpi).
    assert similarity(reading.text, truth) >= 0.93
    text = collapse(reading.text)
    for words in ("ศธ 04290/1237", "สำนักงานเขตพื้น", "ประชุม", "ก.ต.ป.น.", "ครั้งที่ 1/2563",
                  "8 พฤษภาคม 2563", "นายประเสริฐ ศรีสุข"):
        assert words in text
    assert "\u0e4d\u0e32" not in reading.text  # สระอำ as one character


def test_photo_is_turned_upright_and_read(app, tesseract):
    reading = read(app, "photo-ktpn-1-2563.jpg")
    assert reading.method == "ocr_tesseract"
    # Measured 0.984 upright and grey; 0.10 sideways; 0.76 upright in colour.
    assert similarity(reading.text, PHOTO_TRUTH) >= 0.93
    for words in ("การประชุม", "ครั้งที่", "ห้องประชุมพรหมวิหาร", "สพม.29", "TOP (upright"):
        assert words in reading.text


def test_text_layer_wins_over_ocr(app, tesseract):
    assert read(app, "invitation-ktpn-1-2563.pdf").method == "text_extract"


def test_scan_is_drawn_at_its_own_resolution():
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(DATA / "invitation-ktpn-1-2563-scanned.pdf"))
    try:
        assert ocr_tesseract.scan_dpi(pdf[0]) == 150
    finally:
        pdf.close()


def test_without_tesseract_the_plugin_is_loaded_but_declines(app, monkeypatch):
    monkeypatch.setattr(ocr_tesseract.shutil, "which", lambda name: None)
    ocr_tesseract.tesseract_ready.cache_clear()
    try:
        assert ocr_tesseract.extract_text(DATA / "photo-ktpn-1-2563.jpg", "image", app) is None
        assert read(app, "invitation-ktpn-1-2563-scanned.pdf").text is None  # unsupported
    finally:
        monkeypatch.undo()
        ocr_tesseract.tesseract_ready.cache_clear()
    info = archive_of(app).plugins.infos["ocr_tesseract"]
    assert info.hooks == ["extract_text"] and not info.error and info.version == "1.0.0"


def test_thai_spelling_of_sara_am():
    assert ocr_tesseract.thai_spelling("ส\u0e4d\u0e32นักงาน") == "สำนักงาน"
    assert re.fullmatch("[^\u0e4d]*", ocr_tesseract.thai_spelling("กําหนด ดําเนิน"))


def test_a_poster_sized_page_is_drawn_at_most_max_side():
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument.new()
    try:
        page = pdf.new_page(14400, 7200)  # 200 × 100 inches, the largest page PDF allows
        # At the 300 dpi of a page without a scan it would be 60,000 × 30,000 pixels.
        assert 14400 * ocr_tesseract.render_scale(page) <= ocr_tesseract.MAX_SIDE
        page.close()
    finally:
        pdf.close()


def test_a_picture_over_the_pixel_limit_is_not_decoded_for_ocr(tmp_path):
    src = tmp_path / "poster.png"
    Image.new("RGB", (400, 400), "white").save(src)
    with pytest.raises(images.ImageError, match="ไม่เกิน 0.1 ล้านพิกเซล"):
        ocr_tesseract.image_text(src, max_pixels=100_000)

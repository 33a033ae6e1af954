"""Read the text in photos and scanned PDFs with Tesseract OCR (Thai and English).

Active only where the ``tesseract`` program and its Thai data are installed
(Debian/Ubuntu: ``apt-get install tesseract-ocr tesseract-ocr-tha``); elsewhere
it stays loaded but declines every file.  It runs last (``trylast``), so a
PDF with a text layer is read from that layer and only scans come here.

Photos are turned upright from their EXIF orientation, as a phone saved them,
and made grey (Tesseract reads coloured text on a coloured ground far worse),
decoded by the archive's ``images.fitted`` within ``MAX_IMAGE_PIXELS`` like a
thumbnail.  PDF pages are drawn with pypdfium2 at the resolution of the scan
they hold.  Neither is ever more than MAX_SIDE pixels on its longer side.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import ImageSequence

from evidence_archive import hookimpl, images
from evidence_archive.pdfium_lock import PDFIUM

__version__ = "1.0.0"
evidence_archive_hook_version = 2  # extract_text came with hook version 2

LANGUAGES = "tha+eng"
PAGE_BREAK = "\n\f\n"
PAGE_TIMEOUT = 300  # seconds for one page; a hung tesseract must not stall the queue
DEFAULT_DPI = 300  # a page without a scanned image (text drawn as outlines)
MIN_DPI, MAX_DPI = 150, 400
MAX_SIDE = 6000  # pixels; bigger photos and pages are scaled down first (36 MB in grey)


@hookimpl(trylast=True)
def extract_text(path, kind, app):
    """Read images and PDFs with OCR when Tesseract with Thai is installed; else decline."""
    if kind not in ("image", "pdf") or not tesseract_ready():
        return None
    if kind == "image":
        return image_text(path, app.config.get("MAX_IMAGE_PIXELS", images.DEFAULT_MAX_PIXELS))
    return scanned_pdf_text(path)


@functools.cache
def tesseract_ready() -> bool:
    """Tell (once per process) whether `tesseract` is installed with its Thai data."""
    program = shutil.which("tesseract")
    if program is None:
        return False
    try:
        listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return "tha" in (listed.stdout + listed.stderr).split()


def image_text(path, max_pixels: int = images.DEFAULT_MAX_PIXELS) -> str:
    """OCR every frame of an image (one for a photo, several for a faxed TIFF).

    Each frame is decoded upright, grey and at most MAX_SIDE pixels, in the
    memory `max_pixels` allows (``images.ImageError`` for a bigger one).
    """
    with images.open_image(path, max_pixels) as image, \
            tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
        pages = []
        for number, frame in enumerate(ImageSequence.Iterator(image)):
            png = Path(tmp) / f"{number}.png"
            images.fitted(frame, MAX_SIDE, max_pixels, mode="L").save(png)
            pages.append(ocr(png))
            if image.format != "TIFF":
                break  # an animated GIF or WebP: its first frame only
    return PAGE_BREAK.join(pages)


def scanned_pdf_text(path) -> str:
    """Draw each page of a PDF in grey and OCR it."""
    # PDFium is not thread-safe: hold its lock while drawing, never while Tesseract reads.
    with PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        count = len(pdf)
    try:
        with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
            pages = []
            for number in range(count):
                png = Path(tmp) / f"{number}.png"
                with PDFIUM:
                    page = pdf[number]
                    bitmap = page.render(scale=render_scale(page), grayscale=True)
                    bitmap.to_pil().save(png)
                    bitmap.close()
                    page.close()
                pages.append(ocr(png))
                png.unlink()
    finally:
        with PDFIUM:
            pdf.close()
    return PAGE_BREAK.join(pages)


def render_scale(page) -> float:
    """Return the scale to draw a page at: its scan's resolution, but at most MAX_SIDE pixels.

    A poster-sized page (PDF allows 200 inches) at 300 dpi would need
    gigabytes; Tesseract reads no better past MAX_SIDE.
    """
    width, height = page.get_size()
    return min(scan_dpi(page) / 72, MAX_SIDE / max(width, height, 1.0))


def scan_dpi(page) -> int:
    """Return the resolution of the largest image on the page, within MIN_DPI..MAX_DPI.

    Drawing a scan at its own resolution reads best: on the sample letter
    (150 dpi) Tesseract scores 0.98 drawn at 150 dpi and 0.93 at 300 dpi.
    """
    best, best_area = DEFAULT_DPI, 0.0
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = image.get_bounds()
        width_px, _ = image.get_px_size()
        area = (right - left) * (top - bottom)
        if area > best_area and right > left and width_px:
            best, best_area = width_px / ((right - left) / 72), area
    # Whole dpi: the page then maps onto the scan's own pixel grid, not one pixel off.
    return round(min(max(best, MIN_DPI), MAX_DPI))


def ocr(png: Path) -> str:
    """Run Tesseract on one image file and return its text."""
    # One thread: Tesseract's OpenMP threads make a page 6x slower, not faster.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        [shutil.which("tesseract") or "tesseract", str(png), "stdout",
         "-l", LANGUAGES, "--psm", "3"],
        capture_output=True, timeout=PAGE_TIMEOUT, env=env, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise RuntimeError(f"tesseract failed ({done.returncode}): {' '.join(message)}")
    return thai_spelling(done.stdout.decode("utf-8", "replace")).strip()


def thai_spelling(text: str) -> str:
    """Write สระอำ as one character: Tesseract's Thai model gives นิคหิต + สระอา (ํา)."""
    return text.replace("\u0e4d\u0e32", "\u0e33")

"""Previews of PDFs: the first page drawn small, shown on item pages like a photo's thumbnail.

A built-in plugin of the ``make_preview`` hook.  The page is drawn with
pypdfium2 (PDFium, the PDF engine of Chrome) at the size of the archive's
thumbnails, so a long scan costs no more than a one-page letter.  A PDF that
PDFium cannot open (damaged, or locked with a password) gets no preview.
"""
from __future__ import annotations

import logging

import pypdfium2 as pdfium

from evidence_archive import hookimpl
from evidence_archive.images import save_preview
from evidence_archive.pdfium_lock import PDFIUM

__version__ = "1.0.0"
evidence_archive_hook_version = 3  # make_preview came with hook version 3

#: Longest wait (seconds) for PDFium while another thread reads a long PDF;
#: after it the upload goes on without a preview rather than keep the uploader waiting.
LOCK_WAIT = 10.0

log = logging.getLogger(__name__)


@hookimpl
def make_preview(path, kind, dest, app):
    """Draw page 1 of a PDF as the file's preview; decline other kinds."""
    if kind != "pdf":
        return None
    return first_page_preview(path, dest, app.config.get("THUMBNAIL_SIZE", 480))


def first_page_preview(path, dest, max_size: int = 480) -> bool | None:
    """Write page 1 of the PDF at `path` to `dest` as a JPEG; None if it cannot be drawn."""
    if not PDFIUM.acquire(timeout=LOCK_WAIT):
        log.warning("no preview of %s: PDFium stayed busy for %s seconds", path, LOCK_WAIT)
        return None
    try:
        image = _draw_first_page(path, max_size)
    finally:
        PDFIUM.release()
    if image is None:
        return None
    save_preview(image, dest, max_size)
    return True


def _draw_first_page(path, max_size: int):
    """Return page 1 drawn to fit max_size pixels (a PIL image), or None; hold PDFIUM."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:  # damaged or password-protected
        log.info("no preview of %s: %s", path, exc)
        return None
    try:
        if len(pdf) == 0:
            return None
        page = pdf[0]
        try:
            width, height = page.get_size()  # in points, 1/72 inch
            bitmap = page.render(scale=max_size / max(width, height, 1.0))
            try:
                return bitmap.to_pil().copy()  # its own pixels, not a view of PDFium's buffer
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        pdf.close()

"""One lock for every use of PDFium in this process.

PDFium is not thread-safe: no two threads may call it at the same time, not
even on different documents (pypdfium2's documentation, "Incompatibility with
Threading").  The archive calls it from request threads (``make_preview``) and
from the text-reading worker (``extract_text``), so every plugin that uses
pypdfium2 holds this lock around its PDFium calls, and only around them (never
while Tesseract or other slow work runs)::

    from evidence_archive.pdfium_lock import PDFIUM

    with PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        ...
"""
from __future__ import annotations

import threading

PDFIUM = threading.RLock()

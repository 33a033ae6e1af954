"""Detect what an uploaded file really is from its content, never its name.

``detect()`` reads at most the first 64 KiB of a file (plus, for a zip, its
central directory, and for an OLE2 file one directory sector) and returns a
``Detected`` with the media type, the *kind* a plugin can accept and the
canonical extension.

Kinds: ``pdf``, ``image``, ``word``, ``spreadsheet``, ``presentation``,
``text``, ``other`` and ``empty``.  Anything a browser could run as script
(HTML, SVG, XML) or that carries macros is kind ``other`` on purpose, so no
plugin accepts it as a document.  Legacy OLE2 Office files (.doc/.xls/.ppt)
get their real kind when the stream names in the first directory sector say
so; any other OLE2 file (.msg, .msi, encrypted OOXML, ...) is ``other``.
HEIC is recognised but is ``other`` because Pillow cannot thumbnail it
without an extra plugin and most browsers cannot show it.
"""

from __future__ import annotations

import codecs
import os
import re
import struct
import zipfile
from dataclasses import dataclass

SNIFF_BYTES = 64 * 1024

# Acrobat accepts a PDF header anywhere in the first KiB; some generators
# and mail gateways put junk before it.
PDF_JUNK_BYTES = 1024


@dataclass(frozen=True)
class Detected:
    """What a file is: media type, acceptable kind and canonical extension."""

    media_type: str
    kind: str
    extension: str


FILE_KINDS: dict[str, str] = {
    "pdf": "PDF",
    "image": "รูปภาพ",
    "word": "เอกสาร Word",
    "spreadsheet": "ตารางคำนวณ",
    "presentation": "งานนำเสนอ",
    "text": "ข้อความ",
    "other": "ไฟล์อื่น ๆ",
    "empty": "ไฟล์ว่าง",
}

_KIND_LABELS = {
    "th": FILE_KINDS,
    "en": {
        "pdf": "PDF",
        "image": "Image",
        "word": "Word document",
        "spreadsheet": "Spreadsheet",
        "presentation": "Presentation",
        "text": "Plain text",
        "other": "Other file",
        "empty": "Empty file",
    },
}


def kind_label(kind: str, locale: str = "th") -> str:
    """Return the human label of a file kind, in Thai unless told otherwise."""
    labels = _KIND_LABELS.get(locale.split("_")[0].split("-")[0].lower(), FILE_KINDS)
    # An unknown kind shows as itself: visible, but never breaks a page.
    return labels.get(kind, kind)


EMPTY = Detected("application/x-empty", "empty", "")
BINARY = Detected("application/octet-stream", "other", "")
ZIP = Detected("application/zip", "other", "zip")
OLE = Detected("application/x-ole-storage", "other", "")
PDF = Detected("application/pdf", "pdf", "pdf")
TEXT = Detected("text/plain", "text", "txt")
HTML = Detected("text/html", "other", "html")
SVG = Detected("image/svg+xml", "other", "svg")
XML = Detected("application/xml", "other", "xml")

_MAGIC: list[tuple[bytes, Detected]] = [
    (b"\xff\xd8\xff", Detected("image/jpeg", "image", "jpg")),
    (b"\x89PNG\r\n\x1a\n", Detected("image/png", "image", "png")),
    (b"GIF87a", Detected("image/gif", "image", "gif")),
    (b"GIF89a", Detected("image/gif", "image", "gif")),
    (b"II*\x00", Detected("image/tiff", "image", "tiff")),
    (b"MM\x00*", Detected("image/tiff", "image", "tiff")),
]
WEBP = Detected("image/webp", "image", "webp")
AVIF = Detected("image/avif", "image", "avif")
HEIC = Detected("image/heic", "other", "heic")
_AVIF_BRANDS = {b"avif", b"avis"}
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}

_OOXML = {
    # top folder: (plain, macro-enabled)
    "word/": (
        Detected(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "word",
            "docx",
        ),
        Detected("application/vnd.ms-word.document.macroEnabled.12", "other", "docm"),
    ),
    "xl/": (
        Detected(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "spreadsheet",
            "xlsx",
        ),
        Detected("application/vnd.ms-excel.sheet.macroEnabled.12", "other", "xlsm"),
    ),
    "ppt/": (
        Detected(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "presentation",
            "pptx",
        ),
        Detected(
            "application/vnd.ms-powerpoint.presentation.macroEnabled.12", "other", "pptm"
        ),
    ),
}

_ODF = {
    "application/vnd.oasis.opendocument.text": Detected(
        "application/vnd.oasis.opendocument.text", "word", "odt"
    ),
    "application/vnd.oasis.opendocument.spreadsheet": Detected(
        "application/vnd.oasis.opendocument.spreadsheet", "spreadsheet", "ods"
    ),
    "application/vnd.oasis.opendocument.presentation": Detected(
        "application/vnd.oasis.opendocument.presentation", "presentation", "odp"
    ),
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_STREAMS = [
    ("WordDocument", Detected("application/msword", "word", "doc")),
    ("Workbook", Detected("application/vnd.ms-excel", "spreadsheet", "xls")),
    ("Book", Detected("application/vnd.ms-excel", "spreadsheet", "xls")),
    (
        "PowerPoint Document",
        Detected("application/vnd.ms-powerpoint", "presentation", "ppt"),
    ),
]
_OLE_MACRO_STREAMS = {"Macros", "_VBA_PROJECT_CUR", "VBA"}

# Tags the WHATWG sniffing algorithm treats as HTML when a file starts with
# them; a browser that ignores our Content-Type would run such a file.
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style"
    r"|title|b|body|br|p)[\s>]|<!--"
)
# Older browsers sniffed for these anywhere near the top of a file.
_HTML_ANYWHERE = ("<html", "<script", "<iframe", "<body", "<head", "<meta", "<object")
_MARKUP_WINDOW = 1024
# C0 and C1 controls other than NUL (checked apart) and \t \n \v \f \r.
_CONTROL_CHARS = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x9f]")


def detect(path: str | os.PathLike) -> Detected:
    """Detect the media type, kind and extension of a file from its bytes."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(SNIFF_BYTES)
        if not head:
            return EMPTY
        if head.startswith(_OLE_MAGIC):
            return _detect_ole(fh, head)
    at_eof = size <= SNIFF_BYTES
    return (
        _detect_binary(head)
        or _detect_zip(path, head)
        or _detect_text(head, at_eof)
        or BINARY
    )


def _detect_binary(head: bytes) -> Detected | None:
    """Return the type of a file with a fixed signature, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    for magic, detected in _MAGIC:
        if head.startswith(magic):
            return detected
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return _detect_isobmff(head)
    # Past offset 0 demand a version number, so prose mentioning "%PDF-"
    # in its first KiB is not taken for a PDF.
    if re.search(rb"%PDF-\d\.\d", head[: PDF_JUNK_BYTES + 8]):
        return PDF
    return None


def _detect_isobmff(head: bytes) -> Detected | None:
    """Tell AVIF and HEIC images from other ISO media (MP4, MOV) by brand."""
    (box_size,) = struct.unpack(">I", head[:4])
    brands = {head[8:12]}
    brands.update(head[i : i + 4] for i in range(16, min(box_size, 64), 4))
    if brands & _AVIF_BRANDS:
        return AVIF
    if head[8:12] in _HEIC_BRANDS or brands & {b"heic", b"heix"}:
        return HEIC
    return None


def _detect_zip(path: str | os.PathLike, head: bytes) -> Detected | None:
    """Tell OOXML and ODF documents from plain zips by their entries."""
    if head[:4] not in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            return _zip_kind(zf)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        # A truncated or damaged zip is still a zip; no plugin accepts it.
        return ZIP


def _zip_kind(zf: zipfile.ZipFile) -> Detected:
    """Return the document type a zip's entry names reveal."""
    names = zf.namelist()
    if "[Content_Types].xml" in names:
        for folder, (plain, macro) in _OOXML.items():
            if any(name.startswith(folder) for name in names):
                has_macros = f"{folder}vbaProject.bin" in names
                return macro if has_macros else plain
    if names and names[0] == "mimetype":
        info = zf.getinfo("mimetype")
        # The entry is a few dozen bytes; refuse to inflate anything bigger.
        if info.file_size <= 128:
            mimetype = zf.read(info).decode("ascii", "replace").strip()
            if mimetype in _ODF:
                return _ODF[mimetype]
    return ZIP


def _detect_ole(fh, head: bytes) -> Detected:
    """Name a legacy Office file from the streams in its first directory sector."""
    names = _ole_directory_names(fh, head)
    if names & _OLE_MACRO_STREAMS:
        return OLE
    for stream, detected in _OLE_STREAMS:
        if stream in names:
            return detected
    return OLE


def _ole_directory_names(fh, head: bytes) -> set[str]:
    """Read the entry names of an OLE2 file's first directory sector."""
    if len(head) < 512:
        return set()
    (sector_shift,) = struct.unpack_from("<H", head, 0x1E)
    (first_dir_sector,) = struct.unpack_from("<I", head, 0x30)
    if sector_shift not in (9, 12) or first_dir_sector >= 0xFFFFFFFA:
        return set()
    sector_size = 1 << sector_shift
    offset = (first_dir_sector + 1) * sector_size
    if offset + sector_size <= len(head):
        sector = head[offset : offset + sector_size]
    else:
        fh.seek(offset)
        sector = fh.read(sector_size)
    names = set()
    for start in range(0, len(sector) - 127, 128):
        (name_len,) = struct.unpack_from("<H", sector, start + 0x40)
        if 2 <= name_len <= 64:
            raw = sector[start : start + name_len - 2]
            names.add(raw.decode("utf-16-le", "replace"))
    return names


def _detect_text(head: bytes, at_eof: bool) -> Detected | None:
    """Classify text in UTF-8, UTF-16 (with BOM) or TIS-620/cp874, or return None."""
    text = _decode_text(head, at_eof)
    if text is None or not _looks_like_text(text):
        return None
    return _markup_kind(text) or TEXT


def _decode_text(head: bytes, at_eof: bool) -> str | None:
    """Decode a sampled prefix, tolerating a character cut at the sample's end."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif b"\x00" in head:
        return None
    else:
        # Old Thai government files are often TIS-620, which cp874 extends.
        candidates = ["utf-8", "cp874"]
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            # Not final unless the whole file was read: the 64 KiB cut may
            # fall inside a multi-byte character.
            return decoder.decode(head, final=at_eof)
        except UnicodeDecodeError:
            continue
    return None


def _looks_like_text(text: str) -> bool:
    """Return True if control characters are rare enough for real text."""
    if "\x00" in text:
        return False
    # Tolerate a few: old files carry stray controls such as a DOS EOF (^Z).
    return len(_CONTROL_CHARS.findall(text)) * 100 <= len(text)


def _markup_kind(text: str) -> Detected | None:
    """Return HTML, SVG or XML for text a browser could render as markup."""
    top = text.lstrip("\ufeff \t\r\n\f")[:_MARKUP_WINDOW].lower()
    if top.startswith("<?xml") or top.startswith("<!doctype svg"):
        window = text[:SNIFF_BYTES].lower()
        if "<svg" in window:
            return SVG
        if "<html" in window:
            return HTML
        return XML
    if top.startswith("<svg"):
        return SVG
    if _HTML_START.match(top) or any(tag in top for tag in _HTML_ANYWHERE):
        return HTML
    if "<svg" in top:
        return SVG
    return None

"""Read the text inside PDFs with a text layer, Word/ODF documents and plain-text files.

For the archive's search (issue 3).  PDFs are read with pypdfium2, which gives
the text as the page shows it, Thai vowels and tone marks in place (other PDF
libraries drop or scramble them: สำนักงาน → สำนักงน, ครั้งที่ → ครัง้ ที่).  Two
things pdfium leaves are mended from where each character is printed: a Thai
mark drawn apart from its consonant goes back onto it (สมศักดิ์, not สมศักดิ ... ์),
and the lines a Thai paragraph was wrapped into are joined again, since Thai puts
no space between words and a wrap inside พรหม|วิหาร is no word boundary.
A PDF with (almost) no text layer is a scan: this plugin declines it, so an OCR
plugin can read it.  DOCX and ODT are read from their XML with the standard
library; plain text is decoded as UTF-8, UTF-16 (with a BOM) or TIS-620/cp874,
like the archive's upload check does.
"""
from __future__ import annotations

import codecs
import io
import itertools
import re
import statistics
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from evidence_archive import hookimpl
from evidence_archive.pdfium_lock import PDFIUM

__version__ = "1.0.0"
evidence_archive_hook_version = 2  # extract_text came with hook version 2

PAGE_BREAK = "\n\f\n"
#: Fewer visible characters than this in the whole PDF: a scan, left to OCR.
MIN_TEXT_LAYER_CHARS = 20
#: The largest XML part read from a document (a zip bomb stops here).
MAX_XML_BYTES = 64 * 1024 * 1024

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

# Thai marks written above or below a consonant (ั ิ ี ึ ื ุ ู ฺ ็ ่ ้ ๊ ๋ ์ ํ ๎).
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_MARK = re.compile(f"[{_MARKS}]")
_CONSONANT = re.compile("[\u0e01-\u0e2e]")
# A mark that follows neither a consonant nor another mark was drawn out of
# order by the PDF's producer (as its own text object) and read where it was drawn.
_STRAY_MARK = re.compile(f"(?<![\u0e01-\u0e2e{_MARKS}])[{_MARKS}]")
_TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"  # written after the vowel marks


@hookimpl
def extract_text(path, media_type, kind):
    """Read PDFs with a text layer, DOCX/ODT documents and plain text; decline the rest."""
    if kind == "pdf":
        return pdf_text(path)
    if media_type == DOCX:
        return docx_text(path)
    if media_type == ODT:
        return odt_text(path)
    if kind == "text":
        return plain_text(path)
    return None


# --------------------------------------------------------------------------- PDF

def pdf_text(path) -> str | None:
    """Return the text layer of a PDF, pages apart by a form feed, or None for a scan."""
    with PDFIUM:  # PDFium is not thread-safe: previews are drawn in request threads
        pdf = pdfium.PdfDocument(str(path))
        try:
            pages = [_page_lines(pdf[i]) for i in range(len(pdf))]
        finally:
            pdf.close()
    blocks = _text_blocks(pages)
    texts = [_tidy(_join_lines(lines, blocks.get(width)) if isinstance(lines, list) else lines)
             for width, lines in pages]
    if sum(len("".join(t.split())) for t in texts) < MIN_TEXT_LAYER_CHARS:
        return None
    return PAGE_BREAK.join(texts)


def _tidy(text: str) -> str:
    # pdfium reads some hyphens as U+FFFE (its guess at a line-end hyphen).
    text = text.replace("\r\n", "\n").replace("\ufffe", "-")
    return re.sub(r"[ \t]+\n", "\n", text).strip()


@dataclass
class _Line:
    """One line of a page as pdfium reads it, with where it is printed (in points)."""

    text: str
    left: float = 0.0
    right: float = 0.0
    baseline: float = 0.0
    height: float = 0.0
    first_word: float = 0.0  # width of the text before its first space
    printed: bool = False  # False: no visible character, no position


def _page_lines(page) -> tuple[int, list[_Line] | str]:
    """Return the page's width and its lines (or its bare text when positions are unknown)."""
    width = round(page.get_width())
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        glyphs = _glyphs(textpage, text)
    finally:
        textpage.close()
        page.close()
    if glyphs is None:  # pdfium's indexes disagree with its text: keep the text as read
        return width, text
    order = _place_stray_marks(glyphs) if _STRAY_MARK.search(text) else range(len(glyphs))
    lines: list[list] = [[]]
    for i in order:
        if glyphs[i][0] == "\n":
            lines.append([])
        elif glyphs[i][0] != "\r":
            lines[-1].append(glyphs[i])
    return width, [_line(line) for line in lines]


def _glyphs(textpage, text: str) -> list[tuple[str, tuple]] | None:
    """Return each character of the page with its box (left, bottom, right, top)."""
    if textpage.count_chars() != len(text):
        return None
    for i, ch in enumerate(text):
        # The one known difference: a hyphen pdfium marks is 2 here and U+FFFE in the text.
        if ch != "\ufffe" and ord(ch) != pdfium_c.FPDFText_GetUnicode(textpage.raw, i):
            return None
    return [(ch, textpage.get_charbox(i)) for i, ch in enumerate(text)]


def _line(glyphs: list) -> _Line:
    text = "".join(ch for ch, _ in glyphs)
    shown = [(ch, box) for ch, box in glyphs if not ch.isspace()]
    if not shown:
        return _Line(text)
    # Letters sit on the baseline; marks above and vowels below would shift it.
    letters = [box for ch, box in shown if _CONSONANT.match(ch) or ch.isascii() and ch.isalnum()]
    letters = letters or [box for _, box in shown]
    height = statistics.median(b[3] - b[1] for b in letters)
    if max(b[3] for _, b in shown) - min(b[1] for _, b in shown) > 3 * height:
        return _Line(text)  # not a horizontal line (rotated text): never joined
    word = shown[:len(text.split()[0])]  # the characters before the first space
    return _Line(text, min(b[0] for _, b in shown), max(b[2] for _, b in shown),
                 statistics.median(b[1] for b in letters), height,
                 max(b[2] for _, b in word) - min(b[0] for _, b in word), True)


def _text_blocks(pages) -> dict[int, tuple[float, float]]:
    """Return the left and right edges of the text on pages of each width."""
    edges: dict[int, list[float]] = {}
    for width, lines in pages:
        for line in lines if isinstance(lines, list) else ():
            if line.printed:
                left, right = edges.setdefault(width, [line.left, line.right])
                edges[width] = [min(left, line.left), max(right, line.right)]
    return {width: (left, right) for width, (left, right) in edges.items()}


def _place_stray_marks(glyphs) -> list[int]:
    """Return the reading order with each stray Thai mark after the consonant it is drawn on."""
    order = list(range(len(glyphs)))
    for index, (ch, _) in enumerate(glyphs):
        position = order.index(index)
        before = glyphs[order[position - 1]][0] if position else ""
        if not _MARK.match(ch) or _CONSONANT.match(before) or _MARK.match(before):
            continue
        base = _base_under(glyphs, index)
        if base is not None:
            order.remove(index)
            _insert_after_cluster(order, glyphs, base, index)
    return order


def _base_under(glyphs, mark: int) -> int | None:
    """Return the index of the Thai consonant the mark's box sits over (or under), if any."""
    left, bottom, right, top = glyphs[mark][1]
    middle = (bottom + top) / 2
    best, best_overlap = None, 0.0
    for i, (ch, (l, b, r, t)) in enumerate(glyphs):
        height = t - b
        if not _CONSONANT.match(ch) or not (b - height <= middle <= t + height):
            continue
        overlap = min(right, r) - max(left, l)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def _insert_after_cluster(order: list[int], glyphs, base: int, mark: int) -> None:
    """Insert `mark` among the marks after `base`: vowel marks before tone marks."""
    at = order.index(base) + 1
    while at < len(order) and _MARK.match(glyphs[order[at]][0]):
        if glyphs[mark][0] not in _TONE_MARKS and glyphs[order[at]][0] in _TONE_MARKS:
            break
        at += 1
    order.insert(at, mark)


#: A line that ends within this share of the text's width from its right edge,
#: and goes on in Thai on the next line, may only wrap (as in a paragraph).
WRAP_GAP = 0.2
#: How far (a share of the width) a line may start from the left edge, or from
#: the centre for a centred heading, and still belong to the same paragraph.
WRAP_INDENT = 0.1
#: Lines further apart than this times the page's usual line pitch are paragraphs apart.
PARAGRAPH_PITCH = 1.15
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")  # letters and marks, not Thai digits


def _join_lines(lines: list[_Line], block: tuple[float, float] | None) -> str:
    """Join again what pdfium split: one printed line, or a Thai paragraph's wrapped lines.

    Thai puts no spaces between words, so a wrap inside a Thai run is no word
    boundary (ห้องประชุมพรหม / วิหาร is one place).  Headings, addresses,
    signatures and lists keep their own lines: they end short of the right
    edge, start away from the left edge, sit a paragraph apart, or could have
    taken the next line's first word.
    """
    lines = _merge_split_lines(lines)
    pitch = _line_pitch(lines)
    out = lines[0].text if lines else ""
    for before, line in itertools.pairwise(lines):
        if block and pitch and _wraps(before, line, block, pitch):
            out = out.rstrip(" ") + (" " if before.text.endswith(" ") else "") + line.text
        else:
            out += "\n" + line.text
    return out


def _merge_split_lines(lines: list[_Line]) -> list[_Line]:
    """Merge the pieces of one printed line that pdfium read as lines of their own.

    It happens where Thai marks are drawn apart: "3.2 คู่" / "มือการนิเทศ" on one baseline.
    """
    merged = lines[:1]
    for line in lines[1:]:
        last = merged[-1]
        tolerance = last.height / 4
        if (last.printed and line.printed and abs(last.baseline - line.baseline) < last.height / 3
                and line.left >= last.right - tolerance):
            joint = "" if line.left - last.right < tolerance else " "
            merged[-1] = replace(last, text=last.text.rstrip(" ") + joint + line.text,
                                 right=line.right)
        else:
            merged.append(line)
    return merged


def _line_pitch(lines: list[_Line]) -> float | None:
    """Return the usual distance between the baselines of two lines of a paragraph."""
    printed = [line for line in lines if line.printed]
    steps = [a.baseline - b.baseline for a, b in itertools.pairwise(printed)
             if a.baseline - b.baseline > a.height]
    return min(steps) if steps else None


def _wraps(before: _Line, line: _Line, block, pitch) -> bool:
    """Tell whether a Thai line only wraps into the next one (see _join_lines)."""
    if not (before.printed and line.printed and _THAI_LETTER.match(before.text.rstrip()[-1:])
            and _THAI_LETTER.match(line.text.lstrip()[:1])):
        return False
    left, right = block
    slack, gap = WRAP_INDENT * (right - left), right - before.right
    centred = abs(before.left - left - gap) <= slack
    if gap > WRAP_GAP * (right - left) or not (before.left - left <= slack or centred):
        return False
    next_centred = abs(line.left - left - (right - line.right)) <= slack
    if not (line.left <= before.left + slack or centred and next_centred):
        return False
    if line.first_word + before.height / 3 <= gap:
        return False  # its first word would have fitted: the line was ended on purpose
    return 0 < before.baseline - line.baseline <= PARAGRAPH_PITCH * pitch


# --------------------------------------------------------------------------- Word, ODF

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Properties (whose w:tab are tab stops, not tabs) and a fallback copy of the content.
_DOCX_SKIP = {f"{W}pPr", f"{W}rPr", MC_FALLBACK}
_DOCX_TEXT = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}p": "\n",
              f"{W}noBreakHyphen": "-"}


def docx_text(path) -> str:
    """Return a DOCX document's body text: one line per paragraph or line break."""
    with zipfile.ZipFile(path) as zf:
        events = _xml_events(zf, _docx_main_part(zf))
    out, skipping = [], 0
    for event, elem in events:
        if elem.tag in _DOCX_SKIP:
            skipping += 1 if event == "start" else -1
        elif skipping or event == "start":
            continue
        elif elem.tag == f"{W}t":
            out.append(elem.text or "")
        elif elem.tag in _DOCX_TEXT:
            out.append(_DOCX_TEXT[elem.tag])
    return "".join(out).strip()


def _docx_main_part(zf: zipfile.ZipFile) -> str:
    """Return the name of the main document part (almost always word/document.xml)."""
    types = ET.fromstring(_read_part(zf, "[Content_Types].xml"))
    for override in types:
        if override.get("ContentType") == DOCX_MAIN:
            return override.get("PartName", "").lstrip("/")
    return "word/document.xml"


TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def odt_text(path) -> str:
    """Return an ODF text document's body text: one line per paragraph or heading."""
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(_read_part(zf, "content.xml"))
    body = root.find(f"{OFFICE_NS}body")
    return "".join(_odf_text(body)).strip() if body is not None else ""


def _odf_text(elem):
    tag = elem.tag
    if tag == f"{OFFICE_NS}annotation":
        yield elem.tail or ""
        return
    if tag == f"{TEXT_NS}s":
        yield " " * int(elem.get(f"{TEXT_NS}c", "1"))
    elif tag == f"{TEXT_NS}tab":
        yield "\t"
    elif tag == f"{TEXT_NS}line-break":
        yield "\n"
    yield elem.text or ""
    for child in elem:
        yield from _odf_text(child)
    if tag in (f"{TEXT_NS}p", f"{TEXT_NS}h"):
        yield "\n"
    yield elem.tail or ""


def _read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as part:
        data = part.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise ValueError(f"{name} is larger than {MAX_XML_BYTES} bytes")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError(f"{name} declares a DTD, which documents never need")
    return data


def _xml_events(zf: zipfile.ZipFile, name: str):
    return ET.iterparse(io.BytesIO(_read_part(zf, name)), events=("start", "end"))


# --------------------------------------------------------------------------- plain text

def plain_text(path) -> str:
    """Return a text file decoded as UTF-8, UTF-16 (with a BOM) or TIS-620/cp874."""
    with open(path, "rb") as fh:
        data = fh.read()
    return decode_text(data).replace("\r\n", "\n")


def decode_text(data: bytes) -> str:
    """Decode bytes the way the upload check recognised them as text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Old Thai government files are often TIS-620, which cp874 extends.
        return data.decode("cp874", "replace")

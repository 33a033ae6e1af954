"""Zips of evidence streamed to the client, with a manifest, never built in memory or on disk.

A zip lays the archive out as people browse it::

    2563/O33 การเปิดโอกาสให้เกิดการมีส่วนร่วม/การร่วมวางแผน/
        อ้างอิงชุด 1 - การประชุม ก.ต.ป.น. ครั้งที่ 1_2563/
            01 - หนังสือเชิญประชุม/หนังสือเชิญประชุม ครั้งที่ 1.pdf

plus ``manifest.csv`` (UTF-8 with BOM, for Excel) and ``manifest.json`` at
its root, one row per file with its SHA-256.  Files are stored, not
compressed (PDF and JPEG are compressed already), so the exact size is known
before the first byte is sent and a download shows real progress.

Every CSV we write (``manifest.csv``, the ITA link list) goes through
:func:`csv_cell`: a text cell that begins with ``=``, ``+``, ``-``, ``@``, TAB
or CR gets a ``'`` in front (OWASP "CSV Injection"), so a spreadsheet shows it
as text instead of running it as a formula.  A cell that is only a number
(``-5``, ``+1,000.50``) is left as it is, since a spreadsheet reads it as that
number and nothing else.  ``manifest.json`` keeps every value raw.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import zipstream
from flask import Response, current_app, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from . import hookspecs
from .archive import archive_of
from .db import db
from .models import AssessmentYear, Category, EvidenceItem, EvidenceSet
from .auth import can
from .services import audit, catalog
from .access import may_see
from .display import type_name
from .storage import CHUNK
from .thai import format_date, strip_invisible
from .http import content_disposition

#: Longest folder name and file name (in characters) written into a zip, so that
#: extracted paths stay under Windows' 260-character limit for usual trees.
FOLDER_LIMIT = 60
FILE_LIMIT = 100

#: Manifest columns, in order; ``manifest.json`` rows have the same keys.  Plugins
#: add their own after these (``extra_manifest_columns``).
MANIFEST_FIELDS = (
    "year", "category_path", "set_number", "set_title", "set_url", "item_position",
    "item_title", "item_url", "item_type_key", "item_type_name", "item_status", "metadata",
    "document_date", "document_date_be", "path", "file_name", "original_file_name", "size",
    "media_type", "sha256", "caption",
)

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|]")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f]")
_SPACES = re.compile(r"\s+")
#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*", re.ASCII)
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


class MissingBlob(RuntimeError):
    """A file row points at content that is not on disk (or has the wrong size)."""


@dataclass(frozen=True)
class Entry:
    """One file of a zip: where it goes, where its bytes are, and its manifest row."""

    path: str
    source: Path
    size: int
    row: dict = field(compare=False)


class ZipResponse(Response):
    """A streamed zip; ``entries`` tells the caller (for the audit log) what it holds."""

    def __init__(self, *args, entries: list[Entry] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)


# ---------------------------------------------------------------------------
# Names inside the zip
# ---------------------------------------------------------------------------

def _cut(text: str, limit: int) -> str:
    """Shorten text to `limit` characters without splitting a Thai vowel or tone mark off."""
    if len(text) <= limit:
        return text
    cut = limit
    while cut > 0 and unicodedata.category(text[cut]) in ("Mn", "Mc"):
        cut -= 1
    # A leading vowel (เ แ โ ใ ไ) belongs to the consonant after it, which was cut off.
    return text[:cut].rstrip(" .\u0e40\u0e41\u0e42\u0e43\u0e44")


def clean_part(text: str, limit: int = FOLDER_LIMIT, keep_extension: bool = False) -> str:
    """Make one folder or file name safe for a zip on any system; Thai stays intact.

    Slashes, backslashes, control and Windows-reserved characters become ``_``,
    zero-width characters and bidirectional controls go, runs of spaces shrink to one, leading and
    trailing dots and spaces are trimmed (Windows drops them), and the name is
    cut to `limit` characters (keeping a file's extension).
    """
    text = unicodedata.normalize("NFC", str(text or ""))
    text = strip_invisible(_ZERO_WIDTH.sub("", text))
    text = _UNSAFE.sub("_", _LINE_BREAKS.sub(" ", text))
    text = _SPACES.sub(" ", text).strip(" .")
    stem, ext = text, ""
    if keep_extension:
        base, dot, suffix = text.rpartition(".")
        if dot and base and 0 < len(suffix) <= 10 and " " not in suffix:
            stem, ext = base.rstrip(" ."), "." + suffix
    stem = _cut(stem, max(1, limit - len(ext)))
    if not stem or stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    return stem + ext


def _numbered(name: str, n: int) -> str:
    """Put " (n)" before a file name's extension: รูป.jpg → รูป (2).jpg."""
    base, dot, ext = name.rpartition(".")
    if dot and base:
        return f"{base} ({n}).{ext}"
    return f"{name} ({n})"


def _unique(path: str, taken: set[str]) -> str:
    """Return `path`, or its first free " (n)" variant; names compare case-insensitively."""
    folder, _, name = path.rpartition("/")
    candidate, n = path, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{folder}/{_numbered(name, n)}"
    taken.add(candidate.casefold())
    return candidate


def category_folders(category: Category) -> list[str]:
    return [clean_part(c.name) for c in category.path]


def set_folder(evidence_set: EvidenceSet) -> str:
    return clean_part(f"อ้างอิงชุด {evidence_set.number} - {evidence_set.title}")


def item_folder(index: int, item: EvidenceItem) -> str:
    return clean_part(f"{index:02d} - {item.title}")


# ---------------------------------------------------------------------------
# What goes in (entries, in the archive's order)
# ---------------------------------------------------------------------------

def _tree_positions(years: set[AssessmentYear]) -> dict[int, int]:
    """Map each live category id to its place in its year's depth-first tree order."""
    order: dict[int, int] = {}
    for year in sorted(years, key=lambda y: y.year):
        for _, category in catalog.tree(year):
            order[category.id] = len(order)
    return order


def included_sets(sets, include_drafts: bool) -> list[EvidenceSet]:
    """Return the sets to export in the archive's order, leaving out trashed (and, for
    the public, unpublished) ones and those in trashed categories."""
    sets = list(sets)
    order = _tree_positions({s.category.year_ref for s in sets})
    chosen = [s for s in sets if s.category_id in order and may_see(s, include_drafts)]
    return sorted(chosen, key=lambda s: (order[s.category_id], s.number, s.id))


def included_items(evidence_set: EvidenceSet, include_drafts: bool) -> list[EvidenceItem]:
    items = [i for i in evidence_set.items if may_see(i, include_drafts)]
    return sorted(items, key=lambda i: (i.position, i.id))


def plugin_columns() -> list[tuple[str, str, object]]:
    """Return the manifest columns plugins add, as (plugin, column name, function).

    A name the archive or an earlier plugin already uses, or an answer that is
    not a list of (name, function) pairs, is reported and skipped.
    """
    plugins = archive_of().plugins
    taken, out = set(MANIFEST_FIELDS), []
    for plugin, columns in plugins.call_each(hookspecs.extra_manifest_columns,
                                             app=current_app._get_current_object()):
        for column in columns if isinstance(columns, (list, tuple)) else [columns]:
            if not (isinstance(column, tuple) and len(column) == 2
                    and isinstance(column[0], str) and column[0] and callable(column[1])):
                plugins.report(plugin, f"extra_manifest_columns: {column!r:.80} is not a "
                                       "(column name, function) pair")
            elif column[0] in taken:
                plugins.report(plugin, f"extra_manifest_columns: column {column[0]!r} is taken")
            else:
                taken.add(column[0])
                out.append((plugin, *column))
    return out


def _plugin_cells(columns, item: EvidenceItem, item_file, failed: set) -> dict:
    """Fill the plugins' manifest cells of one row; a function that raises leaves its cell empty.

    Each failing column is reported once per export (`failed` remembers it).
    """
    cells = {}
    for plugin, name, function in columns:
        try:
            value = function(item, item_file)
        except Exception as exc:  # noqa: BLE001 - a plugin may raise anything
            if name not in failed:
                failed.add(name)
                current_app.logger.warning("manifest column %s of plugin %s failed on file %s",
                                           name, plugin, item_file.id, exc_info=True)
                archive_of().plugins.report(
                    plugin, f"extra_manifest_columns: column {name!r}: {type(exc).__name__}: {exc}",
                    log=False)
            value = None
        cells[name] = "" if value is None else str(value)
    return cells


def entries_for(sets, include_drafts: bool) -> list[Entry]:
    """List the files of these sets as zip entries, in the archive's order.

    Paths are ``<year>/<category folders>/อ้างอิงชุด N - title/NN - item title/file``;
    a name used twice in one folder gets " (2)", " (3)" ... before its extension.
    Plugins' manifest columns follow the archive's in each row.
    """
    store = archive_of().store
    columns, failed = plugin_columns(), set()
    taken: set[str] = {"manifest.csv", "manifest.json"}
    out: list[Entry] = []
    for evidence_set in included_sets(sets, include_drafts):
        category = evidence_set.category
        set_path = "/".join([str(evidence_set.year), *category_folders(category),
                             set_folder(evidence_set)])
        set_url = url_for("public.evidence_set", public_id=evidence_set.public_id, _external=True)
        for index, item in enumerate(included_items(evidence_set, include_drafts), start=1):
            item_path = f"{set_path}/{item_folder(index, item)}"
            for item_file in sorted(item.live_files(), key=lambda f: (f.position, f.id)):
                path = _unique(f"{item_path}/{clean_part(item_file.filename, FILE_LIMIT, True)}",
                               taken)
                row = {
                    "year": evidence_set.year,
                    "category_path": category.path_names,
                    "set_number": evidence_set.number,
                    "set_title": evidence_set.title,
                    "set_url": set_url,
                    "item_position": index,
                    "item_title": item.title,
                    "item_url": url_for("public.item", public_id=item.public_id, _external=True),
                    "item_type_key": item.type_key,
                    "item_type_name": type_name(item),
                    "item_status": item.status,
                    "metadata": dict(item.meta or {}),
                    "document_date": item.document_date.isoformat() if item.document_date else "",
                    "document_date_be": format_date(item.document_date) if item.document_date else "",
                    "path": path,
                    "file_name": path.rsplit("/", 1)[-1],
                    "original_file_name": item_file.filename,
                    "size": item_file.size,
                    "media_type": item_file.media_type,
                    "sha256": item_file.sha256,
                    "caption": item_file.caption or "",
                    **_plugin_cells(columns, item, item_file, failed),
                }
                out.append(Entry(path, store.path(item_file.sha256), item_file.size, row))
    return out


# ---------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------

def manifest_header(scope: dict | None = None) -> dict:
    """Describe who made this export, when, and of what."""
    agency = catalog.get_agency()
    user = current_user if current_user and current_user.is_authenticated else None
    return {
        "agency": {"name": agency.name, "short_name": agency.short_name},
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "generated_by": user.username if user else None,
        "scope": dict(scope or {}),
    }


def csv_cell(value):
    """Return a CSV cell a spreadsheet cannot run: text starting a formula gets a leading '.

    Numbers, and text that is only a number such as ``-5``, stay as they are.
    """
    if (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def write_csv(fieldnames, rows) -> bytes:
    """Write dict rows as CSV, UTF-8 with a BOM so Excel reads the Thai; every cell via csv_cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(name) for name in fieldnames])
    for row in rows:
        writer.writerow([csv_cell(row.get(name, "")) for name in fieldnames])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def manifest_csv(entries: list[Entry]) -> bytes:
    """Write the manifest as CSV (metadata as one JSON cell), safe to open in a spreadsheet."""
    extra = dict.fromkeys(k for e in entries for k in e.row if k not in MANIFEST_FIELDS)
    return write_csv([*MANIFEST_FIELDS, *extra], (
        {**e.row, "metadata": json.dumps(e.row["metadata"], ensure_ascii=False)}
        for e in entries))


def manifest_json(entries: list[Entry], header: dict) -> bytes:
    document = {**header, "file_count": len(entries),
                "total_size": sum(e.size for e in entries),
                "files": [e.row for e in entries]}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


# ---------------------------------------------------------------------------
# The zip stream and the response
# ---------------------------------------------------------------------------

def _read(path: Path):
    """Yield a file's bytes in chunks; the file opens only when the zip reaches it."""
    with open(path, "rb") as f:
        while data := f.read(CHUNK):
            yield data


def build_zip(entries: list[Entry], header: dict) -> zipstream.ZipStream:
    """Queue the manifests and every file into a sized, stored ZipStream (nothing is read yet).

    Entry names are written in UTF-8 (general-purpose flag bit 11) when they
    are not plain ASCII, and Zip64 records appear by themselves past 4 GB.
    """
    zs = zipstream.ZipStream(compress_type=zipstream.ZIP_STORED, sized=True)
    zs.add(manifest_csv(entries), "manifest.csv")
    zs.add(manifest_json(entries, header), "manifest.json")
    for entry in entries:
        # Checked now, so a damaged store fails before the first byte rather
        # than in the middle of a download the browser will call complete.
        try:
            on_disk = entry.source.stat().st_size
        except FileNotFoundError:
            on_disk = None
        if on_disk != entry.size:
            raise MissingBlob(f"blob {entry.source.name} for {entry.path!r} is missing or "
                              f"has {on_disk} bytes instead of {entry.size}")
        # add() with a lazy reader rather than add_path(): blobs are stored
        # read-only (0444) and add_path would copy that mode into the zip.
        zs.add(_read(entry.source), entry.path, size=entry.size)
    return zs


def zip_response(entries_or_sets, download_name: str, include_drafts: bool,
                 scope: dict | None = None) -> ZipResponse:
    """Stream a zip of these entries (or of these sets' files) as a download.

    The response carries the exact Content-Length, the Thai download name
    and ``nosniff``; it reads each file from the store in chunks as it is sent.
    """
    entries = list(entries_or_sets)
    if entries and not isinstance(entries[0], Entry):
        entries = entries_for(entries, include_drafts)
    header = manifest_header({**(scope or {}), "include_drafts": include_drafts})
    zs = build_zip(entries, header)
    response = ZipResponse(iter(zs), mimetype="application/zip", direct_passthrough=True,
                           entries=entries)
    response.headers["Content-Length"] = str(len(zs))
    response.headers["Content-Disposition"] = content_disposition(download_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Accept-Ranges"] = "none"
    return response


def _zip_name(*parts) -> str:
    return clean_part(" ".join(str(p) for p in parts if p), 120) + ".zip"


def set_zip_response(evidence_set: EvidenceSet, include_drafts: bool) -> ZipResponse:
    """Stream one evidence set (อ้างอิงชุด) as a zip."""
    category = evidence_set.category
    scope = {"kind": "set", "year": evidence_set.year, "category": category.path_names,
             "set_number": evidence_set.number, "set_title": evidence_set.title,
             "set_url": url_for("public.evidence_set", public_id=evidence_set.public_id,
                                _external=True)}
    return zip_response([evidence_set], _zip_name(evidence_set.year, category.name,
                                                  f"อ้างอิงชุด {evidence_set.number}"),
                        include_drafts, scope)


def _sets_in(category_ids: list[int]) -> list[EvidenceSet]:
    if not category_ids:
        return []
    return list(db.session.scalars(
        select(EvidenceSet).where(EvidenceSet.category_id.in_(category_ids))
        .options(selectinload(EvidenceSet.items).selectinload(EvidenceItem.files))))


def subtree(category: Category) -> list[Category]:
    """Return a live category and the live categories below it, depth-first."""
    out, depth = [], None
    for level, node in catalog.tree(category.year_ref):
        if depth is not None and level <= depth:
            break
        if node.id == category.id:
            depth = level
        if depth is not None:
            out.append(node)
    return out


def category_zip_response(category: Category, include_drafts: bool) -> ZipResponse:
    """Stream every set of a category and its subcategories as a zip."""
    year = category.year_ref.year
    sets = _sets_in([c.id for c in subtree(category)])
    scope = {"kind": "category", "year": year, "category": category.path_names}
    return zip_response(entries_for(sets, include_drafts), _zip_name(year, category.name),
                        include_drafts, scope)


def year_zip_response(year: AssessmentYear, include_drafts: bool) -> ZipResponse:
    """Stream every set of an assessment year (ปีงบประมาณ) as a zip."""
    sets = _sets_in([c.id for _, c in catalog.tree(year)])
    agency = catalog.get_agency()
    scope = {"kind": "year", "year": year.year}
    return zip_response(entries_for(sets, include_drafts),
                        _zip_name("ITA", year.year, agency.short_name or agency.name),
                        include_drafts, scope)


# ---------------------------------------------------------------------------
# The ITA link list as CSV and JSON
# ---------------------------------------------------------------------------

LINK_FIELDS = ("year", "indicator_code", "indicator_name", "category_path", "set_number",
               "set_title", "url")


def link_rows(year: int, items: list[dict]) -> list[dict]:
    """Flatten :func:`services.links.links_for_year` to one row per published set.

    A category that answers an indicator but has no published set yet keeps
    one row with empty set columns, so the gap shows in the spreadsheet.
    """
    rows = []
    for entry in items:
        indicator = entry["indicator"] or {}
        base = {"year": year, "indicator_code": indicator.get("code", ""),
                "indicator_name": indicator.get("name", ""),
                "category_path": " › ".join(entry["path"])}
        for s in entry["sets"] or [None]:
            rows.append({**base, "set_number": s["number"] if s else "",
                         "set_title": s["title"] if s else "", "url": s["url"] if s else ""})
    return rows


def links_csv(year: int, items: list[dict]) -> bytes:
    """Write the link list as CSV, UTF-8 with a BOM, safe to open in a spreadsheet."""
    return write_csv(LINK_FIELDS, link_rows(year, items))


def links_json(year: int, items: list[dict]) -> bytes:
    """Write the link list as JSON, shaped like the API's ``/api/v1/years/<year>/links``."""
    header = manifest_header({"kind": "links", "year": year})
    document = {"year": year, **header, "items": items}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def file_response(data: bytes, mimetype: str, download_name: str) -> Response:
    """Send generated bytes as a download under a (Thai) file name."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(download_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def log_download(response: ZipResponse, target, what: str, **extra) -> ZipResponse:
    """Record a zip download on the audit log before it streams."""
    audit.record_download(target, f"ดาวน์โหลด zip {what}", format="zip",
                          files=len(response.entries), bytes=response.content_length,
                          include_drafts=can("staff"), **extra)
    return response

"""Measure Thai search: the archive's Whoosh index against SQLite FTS5 (trigram) on one generated corpus.

In one run, on a temporary instance (SQLite, nothing else touched):

1. generates the corpus (``bench/corpus.py``: seeded, realistic ITA evidence of
   an Educational Service Area Office, titles, metadata, file text of 1–3 pages)
   and its ground truth for every query below;
2. inserts it into the archive's database in bulk (categories, sets, items,
   blobs, files, and each file's text as a ``FileText`` row already read — no
   files on disk) and times ``WhooshIndexer.rebuild()``: items/s, index size,
   peak memory;
3. builds the peer baseline: SQLite FTS5, ``tokenize='trigram'``, an
   external-content table over the same title, metadata, file text and context;
4. runs the fixed queries (``QUERIES``: single words, words inside compounds,
   phrases, abbreviations with and without dots, numbers in Arabic and Thai
   digits, mixed Thai/English, ``type:``/``year:`` filters, nonsense fragments)
   through ``searching.search()`` as an anonymous visitor — page 1 of 20 with
   snippets, facets and total — and through FTS5 — total, then page 1 of 20
   ordered by ``rank`` with ``snippet()``; each ``--queries-repeat`` times;
   then recall and extra hits against the ground truth from every matching id;
5. uploads ``--single`` items one at a time through ``services.evidence.create_item``
   (a ข่าวประชาสัมพันธ์ with a small UTF-8 text file) and measures how long the
   upload call takes (its commit updates the index) and how long after it
   returns ``search()`` finds the item by a word of its title and, once the
   background reader has read the file, by a word inside the file; FTS5 gets
   the same items by INSERT + COMMIT;
6. prints tables and the verdict against the issue's targets and writes
   ``bench/results/search-<date>[-quick].json``.

How ground truth is defined is in ``bench/corpus.py``'s docstring: a query
string occurs in an item when it equals a run of whole words (atoms) the
generator emitted, compounds split where a Thai reader splits them.

Run from the project root::

    .venv/bin/python bench/search.py --quick        # 2,000 items, about a minute
    .venv/bin/python bench/search.py                # 50,000 items, 25-30 minutes on 2 busy CPUs
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import io
import json
import os
import platform
import re
import resource
import secrets
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import corpus

RESULTS = Path(__file__).parent / "results"
MiB = 1 << 20
PER_PAGE = 20
SNIPPET_TOKENS = 64  # FTS5 snippet(): trigram tokens ≈ characters
TARGETS = {"p95_ratio": 2.0, "recall": 0.98, "bulk_items_per_s": 500.0, "searchable_s": 1.0}


# =========================================================================== the queries

@dataclass
class Query:
    """One fixed query: what is typed, and when it truly matches an item.

    ``truth`` is a list of requirements that must all hold; each requirement is
    a list of alternative strings, one of which must occur (corpus.Truth).
    An empty ``truth`` means every item (a query made of filters only).
    """

    q: str
    kind: str
    truth: list[list[str]]
    type: str | None = None  # the ground truth's type filter (the query types it)
    year: int | None = None  # the ground truth's fiscal-year filter
    note: str = ""


def Q(q, kind, *truth, type=None, year=None, note=""):
    reqs = [list(t) if isinstance(t, (list, tuple)) else [t] for t in truth] or [[q]]
    return Query(q, kind, reqs, type, year, note)


WHOLE_WORD_KINDS = ("word", "compound part")
QUERIES: list[Query] = [
    # --- single words
    Q("ประชุม", "word"), Q("นิเทศ", "word"), Q("งบประมาณ", "word"), Q("โรงเรียน", "word"),
    Q("ติดตาม", "word"), Q("ประเมินผล", "word"), Q("หลักสูตร", "word"), Q("ทุจริต", "word"),
    Q("พัสดุ", "word"), Q("ศึกษานิเทศก์", "word"), Q("ยาเสพติด", "word"), Q("วัคซีน", "word"),
    Q("อุบลราชธานี", "word"), Q("ลูกเสือ", "word"), Q("โปร่งใส", "word"), Q("ครุภัณฑ์", "word"),
    Q("สนามสอบ", "word"),
    # --- words inside compounds (ห้อง|ประชุม, งบ|ประมาณ, พรหม|วิหาร ...)
    Q("ประมาณ", "compound part", note="in งบประมาณ"), Q("สอบ", "compound part", note="in ตรวจสอบ, สนามสอบ"),
    Q("วิหาร", "compound part", note="in ห้องประชุมพรหมวิหาร"), Q("มัธยม", "compound part", note="in มัธยมศึกษา"),
    Q("เสพติด", "compound part", note="in ยาเสพติด"), Q("ครู", "compound part", note="in ข้าราชการครู"),
    Q("งบ", "compound part", note="2 characters"), Q("ตาม", "compound part", note="in ติดตาม"),
    Q("ห้อง", "compound part", note="in ห้องประชุม"), Q("นับถือ", "compound part", note="in ขอแสดงความนับถือ"),
    Q("ประพฤติ", "compound part", note="in ประพฤติมิชอบ"),
    # --- phrases
    Q("ห้องประชุมพรหมวิหาร", "phrase", "ห้องประชุมพรหมวิหาร"),
    Q('"ระเบียบวาระที่ 1"', "phrase", "ระเบียบวาระที่ 1"),
    Q('"มติที่ประชุม เห็นชอบ"', "phrase", "มติที่ประชุม เห็นชอบ"),
    Q('"ปีงบประมาณ 2564"', "phrase", "ปีงบประมาณ 2564"),
    Q('"คณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา"', "phrase",
      "คณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา"),
    # --- abbreviations, with and without dots
    Q("ก.ต.ป.น.", "abbreviation", ["ก.ต.ป.น.", "กตปน"]), Q("กตปน", "abbreviation", ["ก.ต.ป.น.", "กตปน"]),
    Q("อ.ก.ค.ศ.", "abbreviation", ["อ.ก.ค.ศ.", "อกคศ"]), Q("อกคศ", "abbreviation", ["อ.ก.ค.ศ.", "อกคศ"]),
    Q("กศจ.", "abbreviation", ["กศจ.", "กศจ"]), Q("สพม.29", "abbreviation", ["สพม.29", "สพม. 29", "สพม 29"]),
    # --- numbers
    Q("1/2563", "number"), Q("๑/๒๕๖๓", "number", "1/2563"), Q("45/2563", "number"),
    Q("๔๕/๒๕๖๓", "number", "45/2563"), Q("ศธ 04290/1237", "number", "ศธ 04290/1237"),
    Q("04290/1237", "number"), Q("ว3694", "number", note="a circular's running number"),
    Q("2564", "number"),
    # --- mixed Thai/English
    Q("ITA", "mixed", "ita"), Q("OIT", "mixed", "oit"), Q("Google Meet", "mixed", "google", "meet"),
    Q("ประชุม Zoom", "mixed", "ประชุม", "zoom"), Q("O-NET", "mixed", "o-net"),
    Q("Facebook ข่าว", "mixed", "facebook", "ข่าว"),
    # --- filters
    Q("type:meeting_minutes ประชุม", "filter", "ประชุม", type="meeting_minutes"),
    Q("year:2564 นิเทศ", "filter", "นิเทศ", year=2564),
    Q("type:appointment_order year:2563 แต่งตั้ง", "filter", "แต่งตั้ง", type="appointment_order", year=2563),
    Q("type:press_release Facebook", "filter", "facebook", type="press_release"),
    Q("ปี:2565 งบประมาณ", "filter", "งบประมาณ", year=2565, note="Thai filter name"),
    # --- nonsense fragments: pieces of words that are not words there
    Q("ตา", "fragment", note="in ติดตาม"), Q("ระชุ", "fragment", note="in ประชุม"),
    Q("ดตา", "fragment", note="in ติดตาม"), Q("ประมา", "fragment", note="in ประมาณ"),
    Q("ชุม", "fragment", note="in ประชุม; a word only in กุดชุม"),
]


def probes() -> set[str]:
    return {s for query in QUERIES for req in query.truth for s in req}


def truth_ids(query: Query, found: dict[int, frozenset], meta: dict[int, tuple[str, int]]) -> set[int]:
    """Return the ids of the items the query truly matches."""
    reqs = [{corpus.normalise(" ".join(s.split())) for s in req} for req in query.truth]
    out = set()
    for item_id, strings in found.items():
        type_key, year = meta[item_id]
        if query.type and type_key != query.type or query.year and year != query.year:
            continue
        if all(req & strings for req in reqs):
            out.add(item_id)
    return out


# =========================================================================== measuring

def pct(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def proc_status(key: str) -> float:
    """Return a /proc/self/status value in MiB (VmRSS, VmHWM); NaN where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class Phase:
    """Time a phase and find its peak memory (VmHWM reset at its start)."""

    def __init__(self, name: str, log: dict):
        self.name, self.log = name, log

    def __enter__(self):
        try:
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:
            pass
        self.rss_start = proc_status("VmRSS")
        self.started = time.perf_counter()
        print(f"… {self.name}", flush=True)
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.log[self.name] = {"seconds": round(self.seconds, 2), "rss_start_mib": round(self.rss_start, 1),
                               "hwm_mib": round(proc_status("VmHWM"), 1),
                               "rss_end_mib": round(proc_status("VmRSS"), 1),
                               # anonymous memory vs mapped files (a leaked mmap shows in the second)
                               "rss_anon_end_mib": round(proc_status("RssAnon"), 1),
                               "rss_file_end_mib": round(proc_status("RssFile"), 1)}
        print(f"  {self.name}: {self.seconds:.1f} s, peak RSS {self.log[self.name]['hwm_mib']} MiB", flush=True)


def code_fingerprint() -> dict:
    """Return a short hash of each search module, to tell which code a run measured."""
    root = Path(__file__).resolve().parent.parent / "evidence_archive"
    files = sorted((root / "textsearch").glob("*.py")) + [root / "search.py", root / "services" / "evidence.py"]
    return {str(f.relative_to(root)): hashlib.sha256(f.read_bytes()).hexdigest()[:12] for f in files if f.exists()}


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# =========================================================================== the corpus

@dataclass
class Doc:
    """One item as both engines get it; text as the database holds it."""

    id: int
    type: str
    year: int
    title: str
    meta: str
    body: str
    context: str


def build_corpus(n_items: int, seed: int):
    """Generate the sets, and the documents and ground truth of their items (ids from 1)."""
    gen = corpus.Generator(seed)
    truth = corpus.Truth(probes())
    sets, docs, found, meta = [], [], {}, {}
    item_id = 0
    for spec in gen.sets(n_items):
        sets.append(spec)
        for item in spec.items:
            item_id += 1
            item.id = item_id
            found[item_id] = truth.found(truth.marked(spec, item))
            meta[item_id] = (item.type_key, spec.year)
            docs.append(Doc(item_id, item.type_key, spec.year, item.text("title"), corpus.plain(item.meta_text),
                             item.text("body"), corpus.plain(spec.context(item))))
    return sets, docs, found, meta


def corpus_stats(sets, docs) -> dict:
    words = set()
    for spec in sets[:2000]:
        for item in spec.items:
            for text in (item.body, item.meta_text):
                words.update(corpus.plain(w) for w in text.split(corpus.B) if re.search("[\u0e01-\u0e2e]", w))
    bodies = [len(d.body) for d in docs]
    sentences = [s for d in docs[:3000] for s in re.split(r"\s{1,}", d.body) if len(s) > 30]
    return {
        "sets": len(sets), "items": len(docs),
        "types": {t: sum(d.type == t for d in docs) for t in corpus.TYPES},
        "years": {y: sum(d.year == y for d in docs) for y in range(corpus.FIRST_YEAR, corpus.LAST_YEAR + 1)},
        "body_chars_mean": round(statistics.mean(bodies)),
        "body_chars_max": max(bodies),
        "items_with_body": sum(1 for b in bodies if b),
        "text_mib": round(sum(len((d.title + d.meta + d.body + d.context).encode()) for d in docs) / MiB, 1),
        "distinct_thai_atoms_first_2000_sets": len(words),
        "distinct_phrase_ratio_first_3000_items": round(len(set(sentences)) / max(1, len(sentences)), 3),
    }


# =========================================================================== the archive

def make_app(root: Path):
    from evidence_archive import create_app

    config = {
        "SECRET_KEY": secrets.token_hex(16),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'instance' / 'archive.sqlite3'}",
        "UPLOAD_FOLDER": str(root / "uploads"),
        "PLUGINS_FOLDER": str(root / "instance" / "plugins"),
        "SEARCH_INDEX_FOLDER": str(root / "instance" / "search-index"),
        "EXTRACTION_WORKER": False,  # started by hand for the single-item phase
        "AGENCY_NAME": corpus.plain(corpus.AGENCY),
        "AGENCY_SHORT_NAME": "สพม.29",
    }
    return create_app(config, instance_path=str(root / "instance"))


def attach_indexer(app):
    """Return the app's indexer, plugging a WhooshIndexer in if the app has none yet."""
    from evidence_archive.textsearch.index import WhooshIndexer, folder_of

    archive = app.extensions["evidence_archive"]
    if archive.indexer is None:
        archive.indexer = WhooshIndexer(app, folder_of(app))
    return archive.indexer


def insert_corpus(app, sets, docs_by_id) -> None:
    """Write the corpus into the archive's tables in bulk (Core inserts: no index updates)."""
    from evidence_archive.db import db
    from evidence_archive.models import (
        Blob,
        Category,
        EvidenceItem,
        EvidenceSet,
        FileText,
        ItemFile,
    )
    from evidence_archive.services import catalog

    types = app.extensions["evidence_archive"].types
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)  # naive UTC, as models.utcnow
    with app.app_context():
        catalog.get_agency()
        categories: dict[tuple[int, tuple[str, ...]], int] = {}
        for year in range(corpus.FIRST_YEAR, corpus.LAST_YEAR + 1):
            row = catalog.create_year(year, seed_categories=False)
            for path in corpus.categories():
                parent = None
                for depth in range(1, len(path) + 1):
                    key = (year, path[:depth])
                    if key not in categories:
                        cat = Category(year_ref=row, parent_id=parent, name=path[depth - 1], position=len(categories))
                        db.session.add(cat)
                        db.session.flush()
                        categories[key] = cat.id
                    parent = categories[key]
        db.session.commit()
        snapshots = {key: types.get(key).snapshot() for key in corpus.TYPES}
        set_rows, item_rows, blob_rows, file_rows, text_rows = [], [], [], [], []
        for set_id, spec in enumerate(sets, 1):
            set_rows.append({"id": set_id, "public_id": secrets.token_urlsafe(9),
                             "category_id": categories[spec.year, spec.category], "number": spec.number,
                             "title": corpus.plain(spec.title), "description": "", "status": "published",
                             "published_at": now, "created_at": now, "updated_at": now})
            for position, item in enumerate(spec.items):
                values, errors = types.get(item.type_key).clean(item.meta)
                if errors:
                    raise SystemExit(f"generated item {item.id} fails its type's checks: {errors}")
                item_rows.append({"id": item.id, "public_id": secrets.token_urlsafe(9), "set_id": set_id,
                                  "position": position, "type_key": item.type_key,
                                  "type_snapshot": snapshots[item.type_key], "title": item.text("title"),
                                  "meta": values, "document_date": item.document_date, "status": "published",
                                  "published_at": now, "created_at": now, "updated_at": now})
                body = docs_by_id[item.id].body
                for n, (filename, kind, caption) in enumerate(item.files):
                    sha = hashlib.sha256(f"{item.id}/{n}/{body[:64]}".encode()).hexdigest()
                    media = {"pdf": "application/pdf", "image": "image/jpeg",
                             "word": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}[kind]
                    blob_rows.append({"sha256": sha, "size": max(1, len(body.encode())), "media_type": media,
                                      "kind": kind, "created_at": now})
                    file_rows.append({"public_id": secrets.token_urlsafe(9), "item_id": item.id, "sha256": sha,
                                      "filename": filename, "caption": caption, "position": n, "created_at": now})
                    readable = kind != "image"
                    text_rows.append({"sha256": sha, "status": "done" if readable else "unsupported",
                                      "text": body if readable and n == 0 else "", "method": "bench",
                                      "error": "", "attempts": 1, "updated_at": now})
        with db.engine.begin() as connection:
            for table, rows in ((EvidenceSet, set_rows), (EvidenceItem, item_rows), (Blob, blob_rows),
                                (ItemFile, file_rows), (FileText, text_rows)):
                for start in range(0, len(rows), 5000):
                    connection.execute(table.__table__.insert(), rows[start:start + 5000])
        db.session.remove()


class Archive:
    """The archive's side of the benchmark."""

    def __init__(self, app):
        self.app = app
        self.indexer = attach_indexer(app)
        from evidence_archive.textsearch import searching
        self.searching = searching

    def rebuild(self, procs: int | None) -> dict:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.perf_counter() - last[0] > 15:
                last[0] = time.perf_counter()
                print(f"    {done}/{total} items read", flush=True)

        started = time.perf_counter()
        with self.app.app_context():
            report = self.indexer.rebuild(progress=progress, procs=procs)
        seconds = time.perf_counter() - started
        documents = getattr(report, "documents", None)
        return {"documents": documents, "seconds": round(seconds, 2),
                "procs": getattr(report, "procs", procs),
                "items_per_s": round(documents / seconds, 1) if documents else None,
                "children_maxrss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}

    def page(self, text: str, drafts: bool = False):
        from evidence_archive.db import db

        try:
            return self.searching.search(self.searching.SearchRequest(q=text, page=1, per_page=PER_PAGE),
                                         viewer_can_see_drafts=drafts)
        finally:
            db.session.remove()  # each search is a fresh request

    def ids(self, text: str) -> set[int]:
        """Return every item id the query matches for an anonymous visitor (untimed)."""
        from evidence_archive.textsearch import engine
        from evidence_archive.textsearch import query as tq
        from evidence_archive.textsearch.documents import PUBLIC

        parsed = tq.parse(text)
        filters = tq.filter_query(tq.SearchRequest(q=text), parsed, self.app.extensions["evidence_archive"].types)
        allowed = engine.All((engine.Field("status", PUBLIC),) + ((filters,) if filters is not None else ()))
        with self.indexer.searcher() as searcher:
            matches = engine.run(searcher, tq.build(parsed), allowed, limit=1)
            return {int(seg.reader.stored_fields(int(n))["id"]) for seg, local in matches.segments for n in local}

    def size(self) -> int:
        return dir_size(Path(self.indexer.path))


# =========================================================================== FTS5

_FILTER = re.compile(r'(?P<key>type|year|ปี|ประเภท):(?P<value>\S+)')
_TERMS = re.compile(r'"(?P<phrase>[^"]*)"|(?P<word>\S+)')


class Fts5:
    """The peer baseline: one SQLite file, an external-content FTS5 table with the trigram tokenizer."""

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute("CREATE TABLE docs(id INTEGER PRIMARY KEY, type TEXT, year INTEGER,"
                        " title TEXT, meta TEXT, body TEXT, context TEXT)")
        self.db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, meta, body, context,"
                        " content='docs', content_rowid='id', tokenize='trigram')")

    def load(self, docs: list[Doc]) -> dict:
        started = time.perf_counter()
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?)",
                            ((d.id, d.type, d.year, d.title, d.meta, d.body, d.context) for d in docs))
        self.db.execute("COMMIT")
        inserted = time.perf_counter()
        self.db.execute("INSERT INTO fts(fts) VALUES('rebuild')")
        indexed = time.perf_counter()
        return {"documents": len(docs), "insert_seconds": round(inserted - started, 2),
                "index_seconds": round(indexed - inserted, 2),
                "items_per_s": round(len(docs) / (indexed - inserted), 1),
                "items_per_s_with_insert": round(len(docs) / (indexed - started), 1)}

    def sizes(self) -> dict:
        total = self.path.stat().st_size + sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "-*"))
        try:
            index = self.db.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'fts%'").fetchone()[0]
        except sqlite3.OperationalError:  # SQLite built without dbstat
            index = None
        return {"file_bytes": total, "index_bytes": index}

    # ------------------------------------------------------------- queries
    def plan(self, text: str) -> tuple[list[str], list[str], list[str], list]:
        """Split a typed query into MATCH strings (3+ characters), scanned strings (1–2), and filters."""
        where, params = [], []
        for m in _FILTER.finditer(text):
            if m["key"] in ("type", "ประเภท"):
                where.append("d.type = ?")
                params.append(m["value"])
            else:
                where.append("d.year = ?")
                params.append(int(m["value"]))
        rest = _FILTER.sub(" ", text)
        match, scan = [], []
        for m in _TERMS.finditer(rest):
            term = m["phrase"] if m["phrase"] is not None else m["word"]
            if term:
                (match if len(term) >= 3 else scan).append(term)
        return match, scan, where, params

    def _sql(self, text: str, columns: str, tail: str = "") -> tuple[str, list]:
        match, scan, where, params = self.plan(text)
        args: list = []
        if match:
            expression = " AND ".join('"' + t.replace('"', '""') + '"' for t in match)
            sql = f"SELECT {columns} FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ?"
            args.append(expression)
        else:
            sql = f"SELECT {columns} FROM docs d WHERE 1"
        for term in scan:  # trigram cannot look up fewer than 3 characters: read every row
            sql += " AND (instr(d.title, ?) OR instr(d.meta, ?) OR instr(d.body, ?) OR instr(d.context, ?))"
            args += [term] * 4
        for clause in where:
            sql += " AND " + clause
        return sql + tail, args + params

    def page(self, text: str) -> dict:
        """Return the total and page 1 (20 hits ranked, with snippets)."""
        match, scan, _, _ = self.plan(text)
        total = self.db.execute(*self._sql(text, "count(*)")).fetchone()[0]
        if match:
            columns = f"d.id, d.title, snippet(fts, -1, '<mark>', '</mark>', '…', {SNIPPET_TOKENS})"
            rows = self.db.execute(*self._sql(text, columns, f" ORDER BY rank LIMIT {PER_PAGE}")).fetchall()
        else:
            rows = [(i, title, _cut(f"{meta}\n{body}", scan[0]))
                    for i, title, meta, body in self.db.execute(
                        *self._sql(text, "d.id, d.title, d.meta, d.body", f" LIMIT {PER_PAGE}")).fetchall()]
        return {"total": total, "hits": rows}

    def ids(self, text: str) -> set[int]:
        match, _, _, _ = self.plan(text)
        return {r[0] for r in self.db.execute(*self._sql(text, "fts.rowid" if match else "d.id")).fetchall()}

    def scanned(self, text: str) -> bool:
        return bool(self.plan(text)[1])

    def add(self, doc: Doc) -> None:
        self.db.execute("BEGIN")
        self.db.execute("INSERT INTO docs VALUES (?,?,?,?,?,?,?)",
                        (doc.id, doc.type, doc.year, doc.title, doc.meta, doc.body, doc.context))
        self.db.execute("INSERT INTO fts(rowid, title, meta, body, context) VALUES (?,?,?,?,?)",
                        (doc.id, doc.title, doc.meta, doc.body, doc.context))
        self.db.execute("COMMIT")


def _cut(text: str, term: str, around: int = 60) -> str:
    """A snippet for a scanned term: the first place it occurs, marked (what FTS5's snippet would show)."""
    at = text.find(term)
    if at < 0:
        return text[:2 * around]
    return (text[max(0, at - around):at] + "<mark>" + term + "</mark>" + text[at + len(term):at + len(term) + around])


# =========================================================================== the phases

def run_queries(archive: Archive | None, fts: Fts5, truth: dict[str, set[int]], repeat: int) -> list[dict]:
    rows = []
    if archive is not None:
        with archive.app.app_context():
            archive.page("ประชุม")  # open the index once
    fts.page('"ประชุม"')
    for query in QUERIES:
        row = {"q": query.q, "kind": query.kind, "note": query.note, "truth": len(truth[query.q])}
        engines = [("fts5", fts)] + ([("archive", archive)] if archive is not None else [])
        for name, engine in engines:
            times, total, marked = [], None, 0
            for _ in range(repeat):
                if name == "archive":
                    with archive.app.app_context():
                        started = time.perf_counter()
                        result = archive.page(query.q)
                        times.append(time.perf_counter() - started)
                    total = result.total
                    marked = sum("<mark>" in h.snippet for h in result.hits)
                    errors = list(result.errors)
                else:
                    started = time.perf_counter()
                    result = engine.page(query.q)
                    times.append(time.perf_counter() - started)
                    total = result["total"]
                    marked = sum("<mark>" in (h[2] or "") for h in result["hits"])
                    errors = []
            if name == "archive":
                with archive.app.app_context():
                    found = archive.ids(query.q)
            else:
                found = engine.ids(query.q)
            expected = truth[query.q]
            row[name] = {
                "total": total, "matched": len(found), "marked_snippets": marked,
                "first_ms": round(times[0] * 1000, 1), "p50_ms": round(pct(times, 50) * 1000, 1),
                "p95_ms": round(pct(times, 95) * 1000, 1), "times_ms": [round(t * 1000, 2) for t in times],
                "recall": round(len(found & expected) / len(expected), 4) if expected else None,
                "missed": len(expected - found), "extra": len(found - expected),
                "missed_examples": sorted(expected - found)[:10],
            }
            if errors:
                row[name]["errors"] = errors
            if name == "fts5":
                row[name]["scan"] = engine.scanned(query.q)
        rows.append(row)
        print_query_row(row)
    return rows


def single_items(archive: Archive, fts: Fts5, count: int, next_id: int) -> dict:
    """Upload items one by one; time the upload and until search finds them (title word, file word)."""
    from sqlalchemy import select

    from evidence_archive.db import db
    from evidence_archive.models import EvidenceSet, FileText, User
    from evidence_archive.services import evidence, users
    from evidence_archive.services.evidence import Upload
    from evidence_archive.textsearch import extraction

    app = archive.app
    out = {"archive": {"upload_s": [], "title_searchable_after_return_s": [], "title_searchable_after_start_s": [],
                       "file_searchable_after_return_s": [], "index_update_in_upload_s": []},
           "fts5": {"commit_s": [], "searchable_after_commit_s": []}}
    indexer = archive.indexer
    original = indexer.update
    timing = {"active": False}

    def timed_update(ids):
        started = time.perf_counter()
        try:
            return original(ids)
        finally:
            if timing["active"]:
                out["archive"]["index_update_in_upload_s"].append(time.perf_counter() - started)

    indexer.update = timed_update
    app.config["EXTRACTION_WORKER"] = True
    extraction.start_worker(app)  # reads the uploaded files in the background, as `serve` does
    store = app.extensions["evidence_archive"].store
    try:
        with app.app_context():
            user = users.create_user("bench", secrets.token_hex(8), "staff", "bench")
            user_id = user.id
            set_id = db.session.scalar(select(EvidenceSet.id).order_by(EvidenceSet.id).limit(1))
            db.session.remove()
        etype = app.extensions["evidence_archive"].types.get("press_release")
        file_queued = None
        for n in range(count):
            tag = f"{n:03d}{secrets.token_hex(2)}"
            title_word, file_word = f"benchnews{tag}", f"benchfile{tag}"
            raw = {"headline": f"สพม.29 จัดประชุมเชิงปฏิบัติการ {title_word}", "published_on": "15 พฤษภาคม 2563",
                   "channel": "LINE", "summary": "ข่าวประชาสัมพันธ์การประชุมเชิงปฏิบัติการจัดทำแผนปฏิบัติการ"}
            text = ("ข่าวประชาสัมพันธ์ สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาอุบลราชธานี อำนาจเจริญ "
                    f"จัดประชุมเชิงปฏิบัติการ {file_word} ณ ห้องประชุมพรหมวิหาร\n") * 20
            with app.app_context():
                user = db.session.get(User, user_id)
                evidence_set = db.session.get(EvidenceSet, set_id)
                incoming = store.receive(io.BytesIO(text.encode()), app.config["MAX_UPLOAD_BYTES"])
                timing["active"] = True
                started = time.perf_counter()
                item = evidence.create_item(evidence_set, etype, raw, user, [Upload(incoming, f"ข่าว-{n}.txt")])
                returned = time.perf_counter()
                timing["active"] = False
                item_id = item.id
                if file_queued is None:
                    sha = item.files[0].sha256
                    file_queued = db.session.get(FileText, sha) is not None
                db.session.remove()
            title_at = wait_found(archive, title_word, item_id, timeout=10)
            file_at = wait_found(archive, file_word, item_id, timeout=10 if file_queued else 0)
            a = out["archive"]
            a["upload_s"].append(returned - started)
            a["title_searchable_after_return_s"].append(title_at - returned if title_at else None)
            a["title_searchable_after_start_s"].append(title_at - started if title_at else None)
            a["file_searchable_after_return_s"].append(file_at - returned if file_at else None)
            # FTS5: the same item, inserted and committed, then searched
            doc = Doc(next_id + n, "press_release", 2563, raw["headline"], raw["summary"], text, "")
            started = time.perf_counter()
            fts.add(doc)
            committed = time.perf_counter()
            while not fts.ids(f'"{title_word}"'):
                if time.perf_counter() - committed > 10:
                    break
            out["fts5"]["commit_s"].append(committed - started)
            out["fts5"]["searchable_after_commit_s"].append(time.perf_counter() - committed)
        out["archive"]["file_text_queued_on_upload"] = bool(file_queued)
    finally:
        indexer.update = original
        extraction.stop_worker(app)
    return out


def wait_found(archive: Archive, word: str, item_id: int, timeout: float) -> float | None:
    """Search for word (as staff: new items are drafts) until item_id is a hit; return when, or None."""
    started = time.perf_counter()
    while True:
        with archive.app.app_context():
            result = archive.page(word, drafts=True)
        now = time.perf_counter()
        if any(h.id == item_id for h in result.hits):
            return now
        if now - started > timeout:
            return None
        time.sleep(0.005)


def summarise_single(values: list) -> dict:
    got = [v for v in values if v is not None]
    return {"n": len(values), "found": len(got), "p50": round(pct(got, 50), 4) if got else None,
            "p95": round(pct(got, 95), 4) if got else None, "max": round(max(got), 4) if got else None}


# =========================================================================== report

def print_query_row(row: dict) -> None:
    def cell(name):
        r = row.get(name)
        if not r:
            return "–"
        recall = "n/a" if r["recall"] is None else f"{r['recall']:.3f}"
        scan = " scan" if r.get("scan") else ""
        return f"{r['total']:>6} {recall:>6} +{r['extra']:<6} {r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f}{scan}"

    print(f"  {row['kind']:<14} {row['q'][:34]:<34} truth {row['truth']:>6} | archive {cell('archive')} | "
          f"fts5 {cell('fts5')}", flush=True)


def query_table(rows: list[dict]) -> str:
    head = ("| # | kind | query | truth | archive hits | recall | extra | p50 ms | p95 ms | "
            "FTS5 hits | recall | extra | p50 ms | p95 ms |")
    lines = [head, "|" + "---|" * 14]
    for n, row in enumerate(rows, 1):
        cells = [str(n), row["kind"], row["q"].replace("|", "\\|"), str(row["truth"])]
        for name in ("archive", "fts5"):
            r = row.get(name)
            if not r:
                cells += ["–"] * 5
                continue
            recall = "n/a" if r["recall"] is None else f"{r['recall']:.3f}"
            p95 = f"{r['p95_ms']:.1f}" + (" (scan)" if r.get("scan") else "")
            cells += [str(r["total"]), recall, str(r["extra"]), f"{r['p50_ms']:.1f}", p95]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdict(results: dict) -> list[dict]:
    rows = results["queries"]
    checks = []
    if "archive" not in (rows[0] if rows else {}):
        return checks
    all_a = [t for r in rows for t in r["archive"]["times_ms"]]
    all_f = [t for r in rows for t in r["fts5"]["times_ms"]]
    idx = [r for r in rows if not r["fts5"].get("scan")]
    idx_a = [t for r in idx for t in r["archive"]["times_ms"]]
    idx_f = [t for r in idx for t in r["fts5"]["times_ms"]]
    first_a = [r["archive"]["first_ms"] for r in idx]
    first_f = [r["fts5"]["first_ms"] for r in idx]
    ratio = pct(idx_a, 95) / pct(idx_f, 95)
    checks.append({"target": "query p95 with snippets ≤ 2× FTS5 (queries FTS5 answers from its index)",
                   "archive_ms": round(pct(idx_a, 95), 1), "fts5_ms": round(pct(idx_f, 95), 1),
                   "ratio": round(ratio, 2), "pass": ratio <= TARGETS["p95_ratio"],
                   "also": {"all queries incl. FTS5 full scans": {
                       "archive_ms": round(pct(all_a, 95), 1), "fts5_ms": round(pct(all_f, 95), 1),
                       "ratio": round(pct(all_a, 95) / pct(all_f, 95), 2)},
                       "first run of each query": {
                       "archive_ms": round(pct(first_a, 95), 1), "fts5_ms": round(pct(first_f, 95), 1),
                       "ratio": round(pct(first_a, 95) / pct(first_f, 95), 2)},
                       "p50 all runs": {"archive_ms": round(pct(idx_a, 50), 1),
                                        "fts5_ms": round(pct(idx_f, 50), 1)}}})
    whole = [r for r in rows if r["kind"] in WHOLE_WORD_KINDS and r["archive"]["recall"] is not None]
    worst = min(whole, key=lambda r: r["archive"]["recall"])
    pooled = (sum(r["truth"] - r["archive"]["missed"] for r in whole) / sum(r["truth"] for r in whole))
    checks.append({"target": "recall of whole-word queries ≥ 0.98 (each query, compounds included)",
                   "min": worst["archive"]["recall"], "min_query": worst["q"], "pooled": round(pooled, 4),
                   "below": [r["q"] for r in whole if r["archive"]["recall"] < TARGETS["recall"]],
                   "fts5_min": min(r["fts5"]["recall"] for r in whole if r["fts5"]["recall"] is not None),
                   "pass": worst["archive"]["recall"] >= TARGETS["recall"]})
    bulk = results["archive"]["bulk"]
    checks.append({"target": "bulk reindex ≥ 500 items/s", "items_per_s": bulk["items_per_s"],
                   "fts5_items_per_s": results["fts5"]["bulk"]["items_per_s"],
                   "pass": (bulk["items_per_s"] or 0) >= TARGETS["bulk_items_per_s"]})
    single = results["archive"].get("single")
    if single:
        title = single["title_searchable_after_return_s"]
        checks.append({"target": "a single item searchable within 1 s of its upload returning (p95, title word)",
                       "p95_s": title["p95"], "max_s": title["max"], "found": f"{title['found']}/{title['n']}",
                       "pass": title["found"] == title["n"] and title["max"] <= TARGETS["searchable_s"]})
        upload = single["upload_s"]
        checks.append({"target": "(extra, not an issue target) the upload call itself, commit + index update, ≤ 1 s",
                       "p50_s": upload["p50"], "p95_s": upload["p95"], "max_s": upload["max"],
                       "pass": upload["max"] <= TARGETS["searchable_s"]})
        body = single["file_searchable_after_return_s"]
        queued = single.get("file_text_queued_on_upload")
        checks.append({"target": "… and by a word inside its file (read in the background)",
                       "p95_s": body["p95"], "max_s": body["max"], "found": f"{body['found']}/{body['n']}",
                       "file_text_queued_on_upload": queued,
                       "pass": (body["found"] == body["n"] and (body["max"] or 99) <= TARGETS["searchable_s"])
                       if queued else None})
    return checks


def print_report(results: dict) -> None:
    c = results["corpus"]
    print("\n## Corpus\n")
    print(f"{c['items']} items in {c['sets']} sets; types {c['types']}; years {c['years']}")
    print(f"file text: mean {c['body_chars_mean']} characters (max {c['body_chars_max']}), "
          f"{c['items_with_body']} items with text; {c['text_mib']} MiB of text in all")
    print(f"distinct Thai words (first 2,000 sets): {c['distinct_thai_atoms_first_2000_sets']}; "
          f"distinct phrases ratio: {c['distinct_phrase_ratio_first_3000_items']}")
    print("\n## Indexing\n")
    print("| | archive (Whoosh) | FTS5 trigram |\n|---|---:|---:|")
    a, f = results.get("archive", {}), results["fts5"]
    ab = a.get("bulk", {})
    print(f"| bulk index, items/s | {ab.get('items_per_s', '–')} ({ab.get('seconds', '–')} s, "
          f"{ab.get('procs', '–')} processes) | {f['bulk']['items_per_s']} ({f['bulk']['index_seconds']} s; "
          f"{f['bulk']['items_per_s_with_insert']}/s with the row inserts) |")
    print(f"| index size, MiB | {a.get('index_mib', '–')} | {f.get('index_mib', '–')} "
          f"(file with text: {f.get('file_mib', '–')}) |")
    s = a.get("single")
    if s:
        up, ti, fi = s["upload_s"], s["title_searchable_after_return_s"], s["file_searchable_after_return_s"]
        ff = results["fts5"]["single"]
        print(f"| single item: upload call (commit + index update) p50 / p95 s | {up['p50']} / {up['p95']} "
              f"| commit {ff['commit_s']['p50']} / {ff['commit_s']['p95']} |")
        print(f"| … index update inside the upload p50 / p95 s | {s['index_update_in_upload_s']['p50']} / "
              f"{s['index_update_in_upload_s']['p95']} | – |")
        print(f"| … found by a title word, after the call returned, p50 / p95 / max s | {ti['p50']} / {ti['p95']} / "
              f"{ti['max']} ({ti['found']}/{ti['n']}) | {ff['searchable_after_commit_s']['p50']} / "
              f"{ff['searchable_after_commit_s']['p95']} |")
        queued = "" if s.get("file_text_queued_on_upload") else " — the upload queued no text reading"
        print(f"| … found by a word in its file, p50 / p95 / max s | {fi['p50']} / {fi['p95']} / {fi['max']} "
              f"({fi['found']}/{fi['n']}{queued}) | same as above |")
    print("\n## Queries (page 1 of 20 with snippets; ms over "
          f"{results['options']['queries_repeat']} runs each)\n")
    print(query_table(results["queries"]))
    frag = [r for r in results["queries"] if r["kind"] == "fragment"]
    if frag:
        print("\nNonsense fragments (hits that are not words there):")
        for r in frag:
            print(f"  {r['q']} ({r['note']}): truth {r['truth']}, FTS5 false positives {r['fts5']['extra']}"
                  + (f", archive false positives {r['archive']['extra']}" if "archive" in r else ""))
    print("\n## Memory\n")
    for name, phase in results["phases"].items():
        print(f"  {name:<28} {phase['seconds']:>8.1f} s   peak RSS {phase['hwm_mib']:>8.1f} MiB   at the end: "
              f"anonymous {phase.get('rss_anon_end_mib', '–')} MiB, mapped files {phase.get('rss_file_end_mib', '–')} MiB")
    print(f"  process peak RSS (ru_maxrss): {results['memory']['peak_rss_mib']} MiB; "
          f"largest child process: {results['memory']['children_peak_rss_mib']} MiB")
    if results.get("code_changed_during_run"):
        print(f"\nNOTE: these files changed after the benchmark imported them: {results['code_changed_during_run']}")
    if results.get("verdict"):
        print("\n## Targets\n")
        for check in results["verdict"]:
            status = {True: "PASS", False: "FAIL", None: "N/A "}[check["pass"]]
            details = {k: v for k, v in check.items() if k not in ("target", "pass")}
            print(f"  {status}  {check['target']}: {json.dumps(details, ensure_ascii=False)}")


# =========================================================================== main

def run(args) -> dict:
    results: dict = {"started_at": dt.datetime.now().isoformat(timespec="seconds"),
                     "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform(), "sqlite": sqlite3.sqlite_version},
                     "phases": {}, "code_at_start": code_fingerprint()}
    phases = results["phases"]
    root = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        with Phase("generate corpus + truth", phases):
            sets, docs, found, meta = build_corpus(args.items, args.seed)
        results["corpus"] = corpus_stats(sets, docs)
        truth = {q.q: truth_ids(q, found, meta) for q in QUERIES}
        del found
        archive = None
        if not args.fts5_only:
            try:
                with Phase("archive: insert rows", phases):
                    app = make_app(root)
                    insert_corpus(app, sets, {d.id: d for d in docs})
                archive = Archive(app)
                results["code_imported"] = code_fingerprint()  # what this run measures
            except ImportError as exc:
                print(f"  the archive's search modules are not there yet ({exc}): FTS5 only")
                results["archive_error"] = str(exc)
        with Phase("fts5: build", phases):
            fts = Fts5(root / "fts5.sqlite3")
            results["fts5"] = {"bulk": fts.load(docs)}
            sizes = fts.sizes()
            results["fts5"]["file_mib"] = round(sizes["file_bytes"] / MiB, 1)
            results["fts5"]["index_mib"] = round(sizes["index_bytes"] / MiB, 1) if sizes["index_bytes"] else None
        next_id = len(docs) + 1
        del docs, sets
        gc.collect()
        if archive is not None:
            results["archive"] = {}
            with Phase("archive: rebuild index", phases):
                results["archive"]["bulk"] = archive.rebuild(args.procs)
            results["archive"]["index_mib"] = round(archive.size() / MiB, 1)
        with Phase("queries", phases):
            results["queries"] = run_queries(archive, fts, truth, args.queries_repeat)
        if archive is not None and args.single:
            with Phase("single items", phases):
                single = single_items(archive, fts, args.single, next_id)
            results["archive"]["single"] = {k: summarise_single(v) if isinstance(v, list) else v
                                            for k, v in single["archive"].items()}
            results["archive"]["single_raw"] = {k: [round(x, 4) if x is not None else None for x in v]
                                                for k, v in single["archive"].items() if isinstance(v, list)}
            results["fts5"]["single"] = {k: summarise_single(v) for k, v in single["fts5"].items()}
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    results["memory"] = {
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "children_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}
    results["finished_at"] = dt.datetime.now().isoformat(timespec="seconds")
    results["code_at_end"] = code_fingerprint()
    measured = results.get("code_imported", results["code_at_start"])
    results["code_changed_during_run"] = sorted(
        k for k in set(measured) | set(results["code_at_end"]) if measured.get(k) != results["code_at_end"].get(k))
    results["load_average_at_end"] = os.getloadavg()
    results["verdict"] = verdict(results)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=50_000, help="items in the corpus (default 50000)")
    parser.add_argument("--quick", action="store_true", help="2,000 items, 3 runs per query, 20 single uploads")
    parser.add_argument("--queries-repeat", type=int, default=None, help="runs per query (default 5; 3 with --quick)")
    parser.add_argument("--single", type=int, default=None, help="items uploaded one by one (default 50)")
    parser.add_argument("--procs", type=int, default=None, help="processes for the rebuild (default: the archive's)")
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--fts5-only", action="store_true", help="skip the archive (generator and FTS5 only)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    parser.add_argument("--label", default="", help="added to the results file name (default: quick for --quick)")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/*.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.items = 2_000 if args.items == 50_000 else args.items
    args.queries_repeat = args.queries_repeat or (3 if args.quick else 5)
    args.single = args.single if args.single is not None else (20 if args.quick else 50)
    results = run(args)
    results["options"] = dict(vars(args))
    print_report(results)
    if not args.no_save:
        label = args.label or ("quick" if args.quick else "")
        name = f"search-{dt.date.today().isoformat()}{'-' + label if label else ''}.json"
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / name).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote bench/results/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The Whoosh index of evidence items: schema, documents, the one write path, rebuild and check.

The database is the source of truth and the index only follows it: each commit
reports the items it touched (``search.py``) and :meth:`WhooshIndexer.update`
re-reads them in its own session.  Writers in every process queue on an
exclusive ``fcntl`` lock on ``<index>/write.lock``, so Whoosh's own lock is
always free and no update is ever dropped.

The folder holds ``index_meta.json`` (versions and the current generation) and
one sub-folder per generation.  A rebuild writes a new generation beside the
live one, so searches keep working meanwhile; updates that arrive during a
rebuild are also written to ``rebuild.journal`` and replayed into the new
generation before it goes live.  The rebuild writes its segments with
``bulk.py`` (parallel processes, no per-posting Whoosh machinery); updates use
Whoosh's own writer.
"""
from __future__ import annotations

import fcntl
import gc
import json
import os
import shutil
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from whoosh import index as whoosh_index
from whoosh.index import TOC
from whoosh.query import Term
from whoosh.reading import MultiReader, SegmentReader
from whoosh.searching import Searcher

from .. import search
from ..archive import archive_of
from ..db import db
from ..models import AssessmentYear, Category, EvidenceItem, EvidenceSet
from . import analysis, bulk, extraction, terms
from .documents import DRAFT, PUBLIC, SCHEMA_VERSION, analysed_fields, document_for, indexable, schema, status_of

META_FILE = "index_meta.json"
BATCH = 500  # items read from the database at a time
#: Characters of text per segment a rebuild writes (``SEARCH_REBUILD_SEGMENT_TEXT`` overrides):
#: each indexing process holds about 3.5 bytes per character until it writes the segment out.
SEGMENT_TEXT = 60_000_000
#: Updates merge segments in tiers of live documents: under 100, under 500, under 2,500
#: (SMALL_SEGMENT × MERGE_AT ** tier); five in one tier become one of the next, so an
#: index that only ever grew by updates keeps a few segments per tier.  Segments of
#: LARGE_SEGMENT live documents or more (a rebuild's) are left to `reindex`.
SMALL_SEGMENT, MERGE_AT, LARGE_SEGMENT = 100, 5, 2_500
PARALLEL_FROM = 1000  # items; fewer are indexed faster by one process
POOLED_SEARCHERS = 8  # idle searchers a process keeps (more at once are opened, used, closed)
DRAIN_ROUNDS = 20  # queue batches one writer takes before letting others in
REBUILD_DEQUEUE = 1_000_000  # queue rows a rebuild covers at most (the rest are drained later)


def _item_query(ids: Iterable[int]):
    return (select(EvidenceItem).where(EvidenceItem.id.in_(list(ids)))
            .options(selectinload(EvidenceItem.files)))


def merge_small(writer, segments: list) -> list:
    """Merge the tiers of small segments that updates fill, never the big ones a rebuild wrote.

    Whoosh's own policy (MERGE_SMALL) raises its threshold with the number of
    segments, so one update after a rebuild may merge most of the index:
    minutes inside the indexer's lock.  Here a segment's tier is set by its live
    documents (so one mostly deleted drops to a lower tier and is compacted):
    a tier holding MERGE_AT segments is merged into one, which lands in the
    next tier.  Each merge rewrites at most MERGE_AT × LARGE_SEGMENT documents
    and the index keeps under MERGE_AT segments per tier (each search pays per
    segment); `reindex` compacts everything.
    """
    tiers: dict[int, list] = {}
    for segment in segments:
        live = segment.doc_count()
        if live < LARGE_SEGMENT:
            tiers.setdefault(_tier(live), []).append(segment)
    merging = [segment for tier in tiers.values() if len(tier) >= MERGE_AT for segment in tier]
    for segment in merging:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [segment for segment in segments if segment not in merging]


def _tier(live: int) -> int:
    tier, bound = 0, SMALL_SEGMENT
    while live >= bound:
        tier, bound = tier + 1, bound * MERGE_AT
    return tier


def refreshed(ix, searcher) -> Searcher:
    """Return a searcher on the latest generation of `ix`, reusing `searcher`'s unchanged segments.

    Whoosh-reloaded's own ``Searcher.refresh()`` keeps the segments a merge
    removed (and their deleted files mapped) and reuses segments whose
    deletions changed, so old versions of updated items stay findable and
    memory grows with every update.  Here a segment reader is reused only
    when its segment is unchanged; the others are closed.  `searcher` must
    not be used afterwards.
    """
    if searcher.up_to_date():
        return searcher
    toc = TOC.read(ix.storage, ix.indexname)
    old = {reader.segment().segment_id(): reader for reader, _offset in searcher.reader().leaf_readers()
           if reader.segment() is not None}
    readers, opened = [], []
    try:
        for segment in toc.segments:
            reader = old.get(segment.segment_id())
            if reader is not None and _same_deletions(reader.segment(), segment):
                del old[segment.segment_id()]
            else:
                reader = SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
                opened.append(reader)
            readers.append(reader)
    except BaseException:
        for reader in opened:  # `searcher` stays as it was
            reader.close()
        raise
    searcher.is_closed = True
    for reader in old.values():
        reader.close()
    if not readers:
        return ix.searcher()
    if len(readers) == 1 and readers[0].generation() == toc.generation:
        return Searcher(readers[0], fromindex=ix)
    return Searcher(MultiReader(readers, generation=toc.generation), fromindex=ix)  # keeps the generation


def _close_quietly(searcher) -> None:
    try:
        searcher.close()
    except Exception:  # noqa: BLE001, S110 - a broken searcher may fail to close; dropped
        pass


def _same_deletions(old, new) -> bool:
    return old.deleted_count() == new.deleted_count() and set(old.deleted_docs()) == set(new.deleted_docs())


# --------------------------------------------------------------------------- reports

@dataclass
class RebuildReport:
    documents: int
    seconds: float
    procs: int

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


@dataclass
class CheckReport:
    """How the index differs from the database (ids are item ids)."""

    documents: int = 0
    segments: int = 0  # each search reads every one (updates merge them in tiers)
    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, not (or trashed) in the database
    wrong_status: list[int] = field(default_factory=list)  # public in one, draft in the other

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.wrong_status)

    @property
    def drifted(self) -> set[int]:
        return set(self.missing) | set(self.extra) | set(self.wrong_status)


# --------------------------------------------------------------------------- the indexer

class WhooshIndexer:
    """Keep a Whoosh index in `path` true to the app's database (satisfies ``search.Indexer``)."""

    def __init__(self, app: Flask, path: str | os.PathLike):
        self.app = app
        self.path = Path(path)
        self._thread_lock = threading.Lock()
        self._rebuild_thread_lock = threading.Lock()
        self._validated: tuple[Path, whoosh_index.Index] | None = None  # checked, open
        self._pool_lock = threading.Lock()
        self._pool: list[tuple[Searcher, str]] = []  # idle searchers (and their folder), freshest last
        self._pool_pid = os.getpid()  # a forked child starts with none of its parent's
        self.failures = 0  # updates that failed (their rows stay queued)

    # ------------------------------------------------------------ locks and metadata

    @contextmanager
    def _flock(self, name: str, thread_lock: threading.Lock, wait: bool = True) -> Iterator[bool]:
        """Hold an exclusive lock across threads and processes; yield whether it is held.

        With `wait` the lock is waited for, never given up; without, the
        caller gets False at once if someone else holds it.
        """
        if not thread_lock.acquire(blocking=wait):
            yield False
            return
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            with open(self.path / name, "a+b") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
                except BlockingIOError:
                    yield False
                    return
                try:
                    yield True
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            thread_lock.release()

    def _write_lock(self, wait: bool = True):
        return self._flock("write.lock", self._thread_lock, wait)

    def _rebuilding(self) -> bool:
        """Tell whether some thread or process is rebuilding the index right now."""
        try:
            with open(self.path / "rebuild.lock", "a+b") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(handle, fcntl.LOCK_UN)
        except BlockingIOError:
            return True
        except OSError:
            return False
        return False

    def _read_meta(self) -> dict | None:
        try:
            meta = json.loads((self.path / META_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) else None

    def _write_meta(self, generation: str, documents: int) -> None:
        meta = {"schema_version": SCHEMA_VERSION, "analyzer_version": analysis.ANALYZER_VERSION,
                "generation": generation, "documents": documents,
                "built_at": datetime.now().isoformat(timespec="seconds")}
        tmp = self.path / f"{META_FILE}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(meta, indent=2), "utf-8")
        os.replace(tmp, self.path / META_FILE)

    # ------------------------------------------------------------ opening

    def _problem(self) -> tuple[whoosh_index.Index | None, str]:
        """Open the live generation; return (index, "") or (None, why it cannot be used)."""
        meta = self._read_meta()
        if meta is None:
            return None, "no readable index_meta.json"
        versions = (meta.get("schema_version"), meta.get("analyzer_version"))
        if versions != (SCHEMA_VERSION, analysis.ANALYZER_VERSION):
            return None, (f"built with schema/analyzer {versions}, "
                          f"now {(SCHEMA_VERSION, analysis.ANALYZER_VERSION)}")
        folder = self.path / str(meta.get("generation"))
        if self._validated is not None and self._validated[0] == folder and folder.is_dir():
            return self._validated[1], ""
        try:
            ix = whoosh_index.open_dir(str(folder))
            with ix.searcher() as searcher:  # once per generation and process: read it through
                searcher.doc_count_all()
                for _ in searcher.lexicon("id"):
                    pass
            self._validated = (folder, ix)
            return ix, ""
        except Exception as exc:  # noqa: BLE001 - any failure to read it means: rebuild
            failure: Exception | None = exc
        why = f"unreadable ({type(failure).__name__}: {failure})"
        # Whoosh leaves a file it could not parse open; close it here, quietly.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            failure = None
            gc.collect()
        return None, why

    def open(self) -> whoosh_index.Index:
        """Return the live index, first rebuilding it if it is missing, corrupt or outdated."""
        ix, why = self._problem()
        if ix is None:
            self.app.logger.warning("search index %s: %s; rebuilding from the database",
                                    self.path, why)
            self.rebuild(force=False)
            ix, why = self._problem()
            if ix is None:
                raise RuntimeError(f"search index {self.path} still unusable after rebuild: {why}")
        return ix

    def searcher(self):
        """Return a Whoosh searcher on the live index (close it, or use it in a ``with``)."""
        return self.open().searcher()

    @contextmanager
    def lent_searcher(self) -> Iterator[Searcher]:
        """Lend a searcher on the live index, brought up to date; it goes back to the pool after.

        Opening every segment for each search costs more than many searches, so
        searchers are kept, per process, and refreshed, which reuses the segments
        that did not change.  They are pooled, not kept per thread: a web process
        has many threads but few searches at once, and a searcher lent often is
        brought up to date a little at a time, where one per thread would catch
        up on every change since that thread last searched (and a new process
        would open the whole index once per thread).  A search that fails closes
        its searcher instead of giving it back.
        """
        ix = self.open()
        folder = ix.storage.folder
        with self._pool_lock:
            pool = self._own_pool()
            kept = pool.pop() if pool else None  # the last given back: the freshest
        if kept is not None and kept[1] == folder:
            try:
                searcher = refreshed(ix, kept[0])
            except BaseException:  # e.g. a segment a merge just removed: the next one reads anew
                _close_quietly(kept[0])
                raise
        else:
            if kept is not None:
                _close_quietly(kept[0])
            searcher = ix.searcher()
        try:
            yield searcher
        except BaseException:
            _close_quietly(searcher)
            raise
        with self._pool_lock:
            pool = self._own_pool()
            if len(pool) < POOLED_SEARCHERS:
                pool.append((searcher, folder))
                return
        searcher.close()

    def _own_pool(self) -> list[tuple[Searcher, str]]:
        """This process's pool (hold `_pool_lock`): a forked child starts with none of its parent's."""
        if self._pool_pid != os.getpid():
            self._pool, self._pool_pid = [], os.getpid()
        return self._pool

    def forget(self) -> None:
        """Drop what this process keeps open or knows about the index, so the next use checks it anew."""
        self._validated = None
        self.drop_searchers()

    def drop_searchers(self) -> None:
        """Close the pooled searchers; the next search opens the index's latest segments."""
        with self._pool_lock:
            pool, self._pool = self._own_pool(), []
        for searcher, _folder in pool:
            _close_quietly(searcher)

    # ------------------------------------------------------------ the write path

    @contextmanager
    def _session(self):
        """Give a fresh session in a fresh app context.

        ``update`` runs in ``after_commit``, when the committing session can emit
        no SQL; a new app context has its own scoped session, which its teardown
        removes again.
        """
        with self.app.app_context():
            yield db.session

    def _apply(self, ix, ids: set[int]) -> None:
        """Re-read these items and add, replace or delete each one's document."""
        types = archive_of(self.app).types
        with self._session() as session:
            items = {i.id: i for i in session.scalars(_item_query(ids))}
            texts = extraction.texts_of_items(items)
            writer = ix.writer(timeout=30.0)
            try:
                # Deletions go through a searcher of our own: the writer's cached one
                # (update_document, delete_by_term) refers to itself, so it and the
                # memory maps of every segment it read wait for the cyclic garbage
                # collector, tens of MB per update on a large index.
                with Searcher(writer.reader()) as searcher:
                    for item_id in sorted(ids):
                        item = items.get(item_id)
                        doc = (document_for(item, types, texts.get(item_id, ""))
                               if item is not None else None)
                        writer.delete_by_term("id", str(item_id), searcher=searcher)
                        if doc is not None:
                            writer.add_document(**doc)
                writer.commit(mergetype=merge_small)
            except BaseException:
                if not writer.is_closed:
                    writer.cancel()
                raise

    def update(self, item_ids: Iterable[int] = (), wait: bool = True) -> None:
        """Bring the index up to date: these items and everything in the index queue.

        The queue (``search.queue_items``) holds every committed change not yet
        in the index, whoever made it; it is read and emptied under the write
        lock, round after round until it is empty, so one writer indexes what
        many requests committed.  Without `wait`, nothing is done when another
        thread or process holds the lock: it, or the background worker, will
        drain these rows too.  Never raises: the change is already committed,
        so a failure is logged and the rows stay queued for the next writer.
        """
        ids = {int(i) for i in item_ids if i is not None}
        try:
            with self._write_lock(wait) as held:
                unusable = held and not self._drain(ids)
            if unusable:
                self.open()  # rebuilds from the database (outside the write lock it takes itself)
        except Exception:
            self.failures += 1
            self.app.logger.exception("search index %s: could not index items %s (they stay "
                                      "queued)", self.path, sorted(ids)[:50])

    def _drain(self, ids: set[int]) -> bool:
        """Apply queued changes (and `ids`) round by round under the write lock held by the caller.

        Return False if the index is missing or unreadable (it must be rebuilt).
        """
        with self.app.app_context():
            for _round in range(DRAIN_ROUNDS):
                rows = search.queued()
                ids |= {item_id for _row, item_id in rows}
                if not ids:
                    return True
                rebuilding = self._rebuilding()
                if rebuilding:  # the new generation replays these when it goes live
                    with open(self.path / "rebuild.journal", "a", encoding="ascii") as journal:
                        journal.write("".join(f"{i}\n" for i in sorted(ids)))
                ix, _why = self._problem()
                if ix is None and not rebuilding:
                    return False
                if ix is not None:
                    self._apply(ix, ids)
                search.dequeue(row for row, _item in rows)
                ids = set()
                if len(rows) < search.QUEUE_BATCH:
                    return True
        return True

    # ------------------------------------------------------------ rebuild

    def rebuild(self, progress: Callable[[int, int], None] | None = None,
                procs: int | None = None, force: bool = True) -> RebuildReport | None:
        """Build a new generation from the database and make it live; return what it took.

        With ``force=False`` nothing is done if, once the rebuild lock is ours,
        the live index turns out usable (another process rebuilt it meanwhile).
        """
        with self._flock("rebuild.lock", self._rebuild_thread_lock):
            if not force and self._problem()[0] is not None:
                return None
            started = time.perf_counter()
            with self._write_lock():
                (self.path / "rebuild.journal").write_text("", "ascii")
                # Changes committed before the rebuild reads the database are in what it
                # writes: their queue rows (these exact rows, never a later one) go with it.
                with self.app.app_context():
                    covered = [row for row, _item in search.queued(limit=REBUILD_DEQUEUE)]
            generation = f"g{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
            folder = self.path / generation
            folder.mkdir(parents=True)
            try:
                ix = whoosh_index.create_in(str(folder), schema())
                procs = procs or self._default_procs()
                count = self._write_all(ix, procs, progress)
                with self._write_lock():
                    journal = (self.path / "rebuild.journal").read_text("ascii").split()
                    if journal:
                        self._apply(ix, {int(i) for i in journal})
                    self._write_meta(generation, count)
                    self._validated = None
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            self._remove_old_generations(keep=generation)
            with self.app.app_context():
                search.dequeue(covered)
            seconds = time.perf_counter() - started
            self.app.logger.info("search index %s rebuilt: %d items in %.1f s (%d processes)",
                                 self.path, count, seconds, procs)
            return RebuildReport(count, seconds, procs)

    def _default_procs(self) -> int:
        """Analyse in parallel only when there is enough to gain from starting processes."""
        with self._session() as session:
            items = session.scalar(select(func.count(EvidenceItem.id)))
        return 1 if items < PARALLEL_FROM else min(os.cpu_count() or 1, 4)

    def _write_all(self, ix, procs: int, progress) -> int:
        """Write every indexable item's document into new segments of `ix` and commit them.

        ``bulk.write_segments`` does the work, in `procs` forked processes that
        read their own share of the items; each writes a segment per
        SEGMENT_TEXT characters of text (``SEARCH_REBUILD_SEGMENT_TEXT``).
        """
        with self._session() as session:
            ids = list(session.scalars(select(EvidenceItem.id).where(
                EvidenceItem.deleted_at.is_(None)).order_by(EvidenceItem.id)))
        batches = [ids[start:start + BATCH] for start in range(0, len(ids), BATCH)]
        if procs > 1:
            terms.analyse("การประเมินผลการดำเนินงาน")  # load the dictionaries once, before forking
        segments, count = bulk.write_segments(
            ix, batches, self._documents, analysed_fields, procs=procs, progress=progress,
            segment_text=self.app.config.get("SEARCH_REBUILD_SEGMENT_TEXT", SEGMENT_TEXT),
            after_fork=self._after_fork)
        bulk.commit_segments(ix, segments)
        return count

    def _documents(self, batches: list[list[int]]) -> Iterator[tuple[int, list[dict]]]:
        """Yield (items read, their documents) for each batch of item ids, all read in one session."""
        types = archive_of(self.app).types
        with self._session() as session:
            # Keep every category, year and set in the session: the items' paths come from it.
            holders = [*session.scalars(select(Category)), *session.scalars(select(AssessmentYear)),
                       *session.scalars(select(EvidenceSet))]
            for batch in batches:
                items = session.scalars(_item_query(batch)).all()
                texts = extraction.texts_of_items(batch)
                docs = [doc for doc in (document_for(item, types, texts.get(item.id, ""))
                                        for item in items) if doc is not None]
                yield len(batch), docs
            del holders

    def _after_fork(self) -> None:
        """Give a forked indexing process database connections of its own, never its parent's."""
        with self.app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)

    def sweep(self) -> int:
        """Remove what a rebuild killed midway left (a generation never made live); return how many.

        Done only when no rebuild runs, under the rebuild lock, so a
        generation being written is never taken.
        """
        meta = self._read_meta()
        if meta is None:
            return 0
        with self._flock("rebuild.lock", self._rebuild_thread_lock, wait=False) as held:
            if not held:
                return 0
            dead = [child for child in self.path.iterdir() if child.is_dir()
                    and child.name.startswith("g") and child.name != meta.get("generation")]
            dead += list(self.path.glob(f"{META_FILE}.*.tmp"))
            for child in dead:
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        if dead:
            self.app.logger.warning("search index %s: removed %d leftovers of killed rebuilds",
                                    self.path, len(dead))
        return len(dead)

    def _remove_old_generations(self, keep: str) -> None:
        for child in self.path.iterdir():
            if child.is_dir() and child.name != keep and child.name.startswith("g"):
                shutil.rmtree(child, ignore_errors=True)

    # ------------------------------------------------------------ check

    def check(self) -> CheckReport:
        """Compare the index with the database: missing, extra and wrong-status items."""
        expected: dict[int, str] = {}
        with self._session() as session:
            holders = [*session.scalars(select(Category)), *session.scalars(select(EvidenceSet))]
            for item in session.scalars(select(EvidenceItem).where(EvidenceItem.deleted_at.is_(None))):
                if indexable(item):
                    expected[item.id] = status_of(item)
            del holders
        actual: dict[int, str] = {}
        with self.searcher() as searcher:
            reader = searcher.reader()
            segments = sum(1 for _leaf in reader.leaf_readers()) if reader.doc_count_all() else 0
            public = set(searcher.docs_for_query(Term("status", PUBLIC)))
            for docnum, stored in reader.iter_docs():
                actual[int(stored["id"])] = PUBLIC if docnum in public else DRAFT
        return CheckReport(
            documents=len(actual), segments=segments,
            missing=sorted(set(expected) - set(actual)),
            extra=sorted(set(actual) - set(expected)),
            wrong_status=sorted(i for i in set(expected) & set(actual) if expected[i] != actual[i]),
        )


def folder_of(app: Flask) -> Path:
    """Return the index folder: ``SEARCH_INDEX_FOLDER`` or ``<instance>/search-index``."""
    return Path(app.config.get("SEARCH_INDEX_FOLDER") or Path(app.instance_path) / "search-index")


def open_or_rebuild(app: Flask) -> whoosh_index.Index:
    """Open the app's index, rebuilding it from the database if missing, corrupt or outdated."""
    return archive_of(app).indexer.open()

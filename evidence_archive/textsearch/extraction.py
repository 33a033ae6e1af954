"""Text inside files: the reading queue, the background reader and ``evidence-archive extract``.

Each stored blob has one ``FileText`` row, created ``pending`` in the
transaction that stores the blob (``enqueue``).  ``run_pending`` claims rows
one at a time with a conditional UPDATE, so several threads or processes can
work the same queue; asks the ``extract_text`` plugins (the first answer wins);
stores the text as read; and reports the items that use the file to the search
indexer.  Nothing here runs inside an upload request, and a restart loses
nothing: pending rows stay pending and a row claimed by a worker that died is
claimed again after ``EXTRACTION_CLAIM_TIMEOUT`` seconds.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

import click
from flask import current_app, has_app_context
from flask.cli import with_appcontext
from sqlalchemy import and_, event, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from .. import hookspecs, previews, search
from ..archive import archive_of
from ..db import db, insert_or_ignore
from ..models import Blob, EvidenceItem, FileText, ItemFile, utcnow

PENDING, WORKING, DONE, FAILED, UNSUPPORTED = "pending", "working", "done", "failed", "unsupported"
STATUSES = (PENDING, WORKING, DONE, FAILED, UNSUPPORTED)
MAX_ATTEMPTS = 3
CLAIM_TIMEOUT = 60  # seconds without a heartbeat (every 15 s) before a claim counts as abandoned
POLL_INTERVAL = 2.0  # seconds between looks at the queue when nobody notifies the worker
WORKER_KEY = "evidence_archive.extraction_worker"
_ENQUEUED = "evidence_archive.text_enqueued"


# --------------------------------------------------------------------------- the queue

def enqueue(blob: Blob) -> FileText:
    """Queue a newly stored blob for reading, in the caller's transaction (no commit)."""
    # Already queued in this transaction (the same file twice in one upload) or before?
    row = next((o for o in db.session.new
                if isinstance(o, FileText) and o.sha256 == blob.sha256), None)
    if row is None:
        with db.session.no_autoflush:
            row = db.session.get(FileText, blob.sha256)
    if row is None:
        row = FileText(sha256=blob.sha256, blob=blob, status=PENDING)
        db.session.add(row)
    db.session.info[_ENQUEUED] = True
    return row


def queue(shas: Iterable[str]) -> None:
    """Queue newly recorded blobs for reading, in the caller's transaction (no commit).

    Insert-or-ignore: a concurrent request that stored the same content may
    have queued it already.
    """
    shas = sorted(set(shas))
    for sha in shas:
        insert_or_ignore(FileText, {"sha256": sha, "status": PENDING})
    if shas:
        db.session.info[_ENQUEUED] = True


def enqueue_missing() -> int:
    """Queue every blob that has no text row yet (files stored before text search existed)."""
    missing = db.session.scalars(select(Blob.sha256).where(
        ~exists().where(FileText.sha256 == Blob.sha256))).all()
    for sha in missing:
        db.session.add(FileText(sha256=sha, status=PENDING))
    try:
        db.session.commit()
    except IntegrityError:  # another worker queued them at the same moment
        db.session.rollback()
        return 0
    return len(missing)


def counts() -> dict[str, int]:
    """Return how many files are in each status (every status present, zeros included)."""
    found = dict(db.session.execute(
        select(FileText.status, func.count()).group_by(FileText.status)).all())
    return {status: found.get(status, 0) for status in STATUSES}


def retry(include_unsupported: bool = False) -> int:
    """Put failed files (and, if asked, unsupported ones) back in the queue; return how many."""
    statuses = [FAILED, UNSUPPORTED] if include_unsupported else [FAILED]
    result = db.session.execute(
        update(FileText).where(FileText.status.in_(statuses))
        .values(status=PENDING, attempts=0, error="", claimed_at=None, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount


# --------------------------------------------------------------------------- reading

@dataclass
class Reading:
    """What the plugins made of one file: its text (None: nobody could) and who read it."""

    text: str | None
    method: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class _Job:
    sha256: str
    media_type: str
    kind: str
    attempts: int


def read_text(app, path, media_type: str, kind: str) -> Reading:
    """Ask the extract_text plugins in pluggy's order; the first answer wins.

    Each implementation is called alone (``Plugins.call_first``), so one that
    raises is noted on the file and the next is asked, and the answer is
    known by the name of the plugin that gave it.  A failure on one file is
    the file's problem, not the plugin's: it is logged, not reported.
    """
    plugins = archive_of(app).plugins
    first = plugins.call_first(hookspecs.extract_text, report=False, path=path, media_type=media_type,
                               kind=kind, app=app)
    if first.value is None:
        return Reading(None, "", first.errors)
    return Reading(str(first.value), first.plugin, first.errors)


def run_pending(limit: int | None = None, should_stop: Callable[[], bool] | None = None,
                progress: Callable[[str, str], None] | None = None) -> int:
    """Read queued files one claimed row at a time; return how many were processed.

    A file that fails goes back to the queue (tried again by a later call) until
    MAX_ATTEMPTS, then stays ``failed``.  `should_stop` is asked between files;
    `progress(sha256, status)` is told after each one.
    """
    app = current_app._get_current_object()
    processed, failed_here = 0, set()
    while (limit is None or processed < limit) and not (should_stop and should_stop()):
        job = _claim_next(app, failed_here)
        if job is None:
            break
        status = _process(app, job)
        if status in (PENDING, FAILED):
            failed_here.add(job.sha256)
        processed += 1
        if progress:
            progress(job.sha256, status)
    return processed


def _claimable(stale_before):
    return and_(FileText.attempts < MAX_ATTEMPTS, or_(
        FileText.status == PENDING,
        and_(FileText.status == WORKING, FileText.claimed_at < stale_before)))


def _claim_next(app, skip: set[str]) -> _Job | None:
    """Claim the next queued row for this worker alone, or return None when none is left."""
    now = utcnow()
    stale_before = now - timedelta(seconds=app.config.get("EXTRACTION_CLAIM_TIMEOUT", CLAIM_TIMEOUT))
    _give_up_abandoned(stale_before)
    while True:
        candidates = [sha for sha in db.session.scalars(
            select(FileText.sha256).where(_claimable(stale_before))
            .order_by(FileText.attempts, FileText.updated_at).limit(len(skip) + 20))
            if sha not in skip]
        if not candidates:
            return None
        for sha in candidates:
            if _claim(sha, now, stale_before):
                row = db.session.execute(
                    select(Blob.media_type, Blob.kind, FileText.attempts)
                    .join(FileText, FileText.sha256 == Blob.sha256).where(Blob.sha256 == sha)).one()
                db.session.commit()  # hold no transaction while the plugins read
                return _Job(sha, row.media_type, row.kind, row.attempts)
        # Other workers took every candidate meanwhile: look again.


def _claim(sha: str, now, stale_before) -> bool:
    """Mark one row as ours, unless another worker marked it first."""
    claimed = db.session.execute(
        update(FileText).where(FileText.sha256 == sha, _claimable(stale_before))
        .values(status=WORKING, claimed_at=now, updated_at=now, attempts=FileText.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return claimed.rowcount == 1


def _give_up_abandoned(stale_before) -> None:
    """Fail rows whose worker died on every attempt (a file that kills its reader)."""
    db.session.execute(
        update(FileText).where(FileText.status == WORKING, FileText.claimed_at < stale_before,
                               FileText.attempts >= MAX_ATTEMPTS)
        .values(status=FAILED, claimed_at=None, updated_at=utcnow(),
                error="the reader stopped while reading this file, every time")
        .execution_options(synchronize_session=False))
    db.session.commit()


def _process(app, job: _Job) -> str:
    """Read one claimed file, store the outcome and reindex its items; return its new status."""
    path = archive_of(app).store.path(job.sha256)
    if not path.exists():
        reading = Reading(None, errors=[f"file missing from the store: {path}"])
    else:
        interval = app.config.get("EXTRACTION_CLAIM_TIMEOUT", CLAIM_TIMEOUT) / 4
        with _Heartbeat(app, job.sha256, interval):
            _preview(app, job)
            reading = read_text(app, path, job.media_type, job.kind)
    return _store(job, reading)


def _preview(app, job: _Job) -> None:
    """Draw a stored file's preview (not a photo's: its thumbnail came with the upload)."""
    if job.kind == "image" or archive_of(app).store.has_thumb(job.sha256):
        return
    try:
        previews.plugin_preview(app, job.sha256, job.media_type, job.kind)
    except Exception:  # noqa: BLE001 - no preview never stops the text from being read
        app.logger.exception("preview of %s failed", job.sha256[:12])


def _store(job: _Job, reading: Reading) -> str:
    values = {"claimed_at": None, "updated_at": utcnow(), "error": "; ".join(reading.errors)}
    if reading.text is not None:
        status = DONE
        values.update(text=storable(reading.text), method=reading.method)
    elif reading.errors:
        status = FAILED if job.attempts >= MAX_ATTEMPTS else PENDING
    else:
        status = UNSUPPORTED
        values.update(text="", method="")
    stored = db.session.execute(
        update(FileText).where(FileText.sha256 == job.sha256, FileText.status == WORKING)
        .values(status=status, **values).execution_options(synchronize_session=False))
    if status == DONE and stored.rowcount == 1:
        # The items using the file go to the index queue with their text, in one transaction.
        search.queue_for_commit(db.session(), items_using(job.sha256))
    db.session.commit()
    log = current_app.logger.info if status in (DONE, UNSUPPORTED) else current_app.logger.warning
    log("text of %s: %s%s%s", job.sha256[:12], status,
        f" by {reading.method}" if reading.method else "",
        f" ({values['error']})" if values["error"] else "")
    # The row may have been purged (or requeued) while the file was read.
    return status if stored.rowcount == 1 else WORKING


def storable(text: str) -> str:
    """Return the text as the database can keep it: no NUL (PostgreSQL refuses it), valid UTF-8."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def items_using(sha256: str) -> set[int]:
    """Return the ids of the live items that use this file."""
    return set(db.session.scalars(
        select(ItemFile.item_id).join(EvidenceItem, EvidenceItem.id == ItemFile.item_id)
        .where(ItemFile.sha256 == sha256, ItemFile.deleted_at.is_(None),
               EvidenceItem.deleted_at.is_(None))))


class _Heartbeat:
    """Keep a claim fresh while a slow reader works (OCR of a long scan), so none takes it over."""

    def __init__(self, app, sha256: str, interval: float):
        self.app, self.sha256, self.interval = app, sha256, interval
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True,
                                        name=f"extraction-heartbeat-{sha256[:8]}")

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._done.set()
        self._thread.join()

    def _beat(self) -> None:
        with self.app.app_context():
            engine = db.engine
        table = FileText.__table__
        while not self._done.wait(self.interval):
            try:
                with engine.begin() as connection:
                    connection.execute(update(table).where(
                        table.c.sha256 == self.sha256, table.c.status == WORKING)
                        .values(claimed_at=utcnow()))
            except Exception:  # noqa: BLE001 - a missed beat only risks a second reading
                self.app.logger.exception("extraction heartbeat failed")


# --------------------------------------------------------------------------- what items show

def status_of_item(item: EvidenceItem) -> str | None:
    """Return the reading status of an item's live files, or None when it has no files.

    ``pending`` while any file waits or is being read (the page shows
    "กำลังอ่านข้อความในไฟล์…"), else ``failed`` if any file could not be read,
    else ``done`` if any file's text was read, else ``unsupported``.
    """
    shas = {f.sha256 for f in item.live_files()}
    if not shas:
        return None
    found = dict(db.session.execute(
        select(FileText.sha256, FileText.status).where(FileText.sha256.in_(shas))).all())
    statuses = {found.get(sha, PENDING) for sha in shas}  # no row yet: not read yet
    if statuses & {PENDING, WORKING}:
        return PENDING
    for status in (FAILED, DONE):
        if status in statuses:
            return status
    return UNSUPPORTED


def texts_of_items(item_ids: Iterable[int]) -> dict[int, str]:
    """Return the joined text of each item's live files, in file order (for the indexer)."""
    ids, texts = sorted(set(item_ids)), {}
    for start in range(0, len(ids), 500):
        rows = db.session.execute(
            select(ItemFile.item_id, ItemFile.sha256, FileText.text)
            .join(FileText, FileText.sha256 == ItemFile.sha256)
            .where(ItemFile.item_id.in_(ids[start:start + 500]), ItemFile.deleted_at.is_(None),
                   FileText.status == DONE)
            .order_by(ItemFile.item_id, ItemFile.position, ItemFile.id))
        seen: dict[int, set] = {}
        for item_id, sha, text in rows:
            if sha not in seen.setdefault(item_id, set()) and text:
                seen[item_id].add(sha)
                texts[item_id] = texts[item_id] + "\n\n" + text if item_id in texts else text
    return texts


def text_of_item(item: EvidenceItem) -> str:
    """Return the text of an item's live files joined in file order ("" when none is read)."""
    return texts_of_items([item.id]).get(item.id, "")


# --------------------------------------------------------------------------- the worker

class Worker(threading.Thread):
    """A daemon thread that reads queued files until stopped; `notify()` wakes it at once."""

    def __init__(self, app, interval: float = POLL_INTERVAL):
        super().__init__(name="evidence-archive-extraction", daemon=True)
        self.app, self.interval = app, interval
        self._wake, self._stopping = threading.Event(), threading.Event()

    def notify(self) -> None:
        self._wake.set()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Stop after the file being read (if any); wait up to `timeout` seconds."""
        self._stopping.set()
        self._wake.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    def run(self) -> None:
        with self.app.app_context():
            while not self._stopping.is_set():
                self._wake.clear()
                try:
                    processed = run_pending(should_stop=self._stopping.is_set)
                except Exception:  # noqa: BLE001 - keep the worker alive (database away, ...)
                    self.app.logger.exception("text extraction failed")
                    processed = 0
                finally:
                    db.session.remove()
                if not processed:
                    self._wake.wait(self.interval)


def start_worker(app) -> Worker | None:
    """Start the app's background reader, unless EXTRACTION_WORKER is false (default in tests)."""
    if not app.config.get("EXTRACTION_WORKER", not app.testing):
        return None
    worker = app.extensions.get(WORKER_KEY)
    if worker is not None and worker.is_alive():
        return worker
    _listen_for_enqueues()
    with app.app_context():
        queued = enqueue_missing()
    if queued:
        app.logger.info("queued %d stored files for text reading", queued)
    worker = Worker(app, app.config.get("EXTRACTION_POLL_INTERVAL", POLL_INTERVAL))
    app.extensions[WORKER_KEY] = worker
    worker.start()
    return worker


def stop_worker(app, timeout: float | None = 30.0) -> None:
    """Stop the app's background reader, if it runs."""
    worker = app.extensions.pop(WORKER_KEY, None)
    if worker is not None:
        worker.stop(timeout)


def _after_commit(session) -> None:
    if session.info.pop(_ENQUEUED, False) and has_app_context():
        worker = current_app.extensions.get(WORKER_KEY)
        if worker is not None:
            worker.notify()


def _listen_for_enqueues() -> None:
    """Wake the worker after each commit that queued a file (once per session class)."""
    session_class = db.session.session_factory.class_
    if not getattr(session_class, "_evidence_archive_extraction", False):
        event.listen(session_class, "after_commit", _after_commit)
        event.listen(session_class, "after_soft_rollback",
                     lambda session, transaction: session.info.pop(_ENQUEUED, None))
        session_class._evidence_archive_extraction = True


# --------------------------------------------------------------------------- CLI

@click.group("extract")
def extract_command():
    """Read the text inside stored files, for search (อ่านข้อความในไฟล์)."""


@extract_command.command("run")
@click.option("--watch", is_flag=True, help="Keep running and read new files as they come.")
@with_appcontext
def extract_run(watch: bool):
    """Read every queued file now, showing progress; with --watch, keep going."""
    app = current_app._get_current_object()
    queued = enqueue_missing()
    if queued:
        click.echo(f"Queued {queued} stored files that had no text yet.")
    if watch:
        click.echo("Reading new files as they come; Ctrl-C stops.")
        Worker(app, app.config.get("EXTRACTION_POLL_INTERVAL", POLL_INTERVAL)).run()
        return
    total = counts()[PENDING]
    tally = {status: 0 for status in STATUSES}

    def progress(sha256: str, status: str) -> None:
        tally[status] += 1
        click.echo(f"\r{sum(tally.values())}/{total} files: " + ", ".join(
            f"{n} {s}" for s, n in tally.items() if n), nl=False)

    processed = run_pending(progress=progress)
    click.echo(("\n" if processed else "") + f"Processed {processed} files.")


@extract_command.command("status")
@with_appcontext
def extract_status():
    """Show how many stored files are in each reading status."""
    for status, number in counts().items():
        click.echo(f"{status:12} {number}")


@extract_command.command("retry")
@click.option("--unsupported", is_flag=True,
              help="Also queue files no plugin could read (after installing OCR, say).")
@with_appcontext
def extract_retry(unsupported: bool):
    """Queue failed files again (with --unsupported, unsupported ones too)."""
    click.echo(f"Queued {retry(include_unsupported=unsupported)} files again.")

"""``evidence-archive serve``: gunicorn's web workers and the archive's background worker, together.

One command runs the whole archive on a server:

* gunicorn's master builds the app once and forks ``--workers`` web processes
  from it (``gthread``: each with ``--threads`` threads, its own database
  connections, warmed up before it takes requests); a web process that dies is
  replaced by the master at once.  gunicorn reads no body ahead of the app, so the
  body limits of :func:`inputs.refuse_oversized_body` hold before anything
  reaches the disk.
* the master also starts and watches one **background worker**
  (``evidence-archive worker``, :func:`run_background`): text inside uploaded
  files, previews, the index queue, and the sweep of crash leftovers at start.
  It is started again whenever it exits (after a crash, a kill, or when it
  restarts itself to give back memory), and it exits when the master is gone.

If the master itself is killed, its web processes stop on their own
(gunicorn's workers watch their parent) and so does the background worker;
the service manager (systemd's ``Restart=always``, docs/deployment.md) starts
the archive again, and nothing committed is lost: uploads are committed
before they are acknowledged, unread files wait in ``file_texts`` and
unindexed changes in ``index_queue``.
"""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from flask import Flask

from .archive import archive_of

RESTART_DELAY = (1.0, 10.0)  # seconds before restarting a background worker that exited: first, most
QUEUE_POLL = 0.5  # seconds between drains of the index queue (SEARCH_INDEX_INTERVAL)
PARENT_POLL = 1.0  # seconds between checks that the master still runs
DEFAULT_MAX_RSS_MB = 1024  # the background worker restarts itself above this
INDEXER_NICENESS = 5  # the background worker's CPU priority below the web processes' ...
READER_NICENESS = 5  # ... and its file reader's (OCR) lower still: 10 in all
SERVER_PID = "EVIDENCE_ARCHIVE_SERVER_PID"  # the master that started a background worker


# --------------------------------------------------------------------------- the web server

def serve(instance: Path, host: str, port: int, workers: int, threads: int,
          timeout: int = 120, background: bool = True) -> None:
    """Run gunicorn with the archive's app factory and, unless told not to, the background worker."""
    from gunicorn.app.base import BaseApplication

    supervisor = BackgroundSupervisor(instance) if background else None

    class ArchiveApplication(BaseApplication):
        def load_config(self):
            options = {
                "bind": f"{host}:{port}", "workers": workers, "threads": threads,
                "worker_class": "gthread", "timeout": timeout, "graceful_timeout": 30,
                # The app is built once, in the master, and forked: a replaced web process
                # serves at once instead of importing and loading for seconds.
                "preload_app": True,
                "post_fork": lambda arbiter, worker: _own_connections(worker.app.wsgi()),
                "keepalive": 5, "proc_name": "evidence-archive",
                "control_socket_disable": True,  # gunicorn 24+: no shared socket in ~/.gunicorn
                # The app believes X-Forwarded-* only from TRUSTED_PROXIES (http.init_app).
                "forwarded_allow_ips": "",
                "accesslog": "-", "errorlog": "-",
                "when_ready": lambda arbiter: supervisor and supervisor.start(),
                "post_worker_init": lambda worker: warm_up(worker.wsgi),
                "on_exit": lambda arbiter: supervisor and supervisor.stop(),
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            from . import create_app, search
            app = create_app(instance_path=str(instance))
            if background:  # its background worker indexes what these processes commit
                app.config.setdefault("SEARCH_INDEXING", search.BACKGROUND)
            warm_up(app)  # in the master: the forked processes share what it loaded
            return app

    ArchiveApplication().run()


def _own_connections(app: Flask) -> None:
    """Forget the database connections the master opened: each process opens its own."""
    from .db import db
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


def warm_up(app: Flask) -> None:
    """Load, before a new web process takes requests, what its first search would wait for."""
    from .textsearch import terms
    with app.app_context():
        try:
            archive_of(app).indexer.open()
        except Exception:  # noqa: BLE001 - the background worker rebuilds it; searches say why
            app.logger.exception("search index: could not open it at start")
        terms.analyse("การประชุมคณะกรรมการติดตามประเมินผล")  # the Thai word lists


# Held while the supervisor starts the background worker, and by every os.fork() of this
# process (gunicorn forking a web process): subprocess waits for its child's exec on a
# pipe, and a web process forked meanwhile would keep that pipe's other end open for
# its whole life, leaving the supervisor waiting there, deaf to the worker's exits.
_spawning = threading.Lock()
_fork_guarded = False


def _guard_forks() -> None:
    global _fork_guarded
    if not _fork_guarded:
        os.register_at_fork(before=_spawning.acquire, after_in_parent=_spawning.release,
                            after_in_child=_spawning.release)
        _fork_guarded = True


class BackgroundSupervisor:
    """Start the background worker beside gunicorn's master, and again whenever it exits."""

    def __init__(self, instance: Path):
        self.instance = instance
        self.process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="background-supervisor",
                                        daemon=True)

    def start(self) -> None:
        _guard_forks()
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stopping.set()
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
        self._thread.join(timeout)

    def _watch(self) -> None:
        delay = RESTART_DELAY[0]
        while not self._stopping.is_set():
            started = time.monotonic()
            env = {**os.environ, "EVIDENCE_ARCHIVE_INSTANCE": str(self.instance),
                   SERVER_PID: str(os.getpid())}
            with _spawning:
                self.process = subprocess.Popen(
                    [sys.executable, "-c", "from evidence_archive.cli import main; main()",
                     "worker"], env=env, stdin=subprocess.DEVNULL)
            # gunicorn's master reaps every child (SIGCHLD), ours too: poll, never wait.
            while self.process.poll() is None and not self._stopping.wait(PARENT_POLL):
                pass
            if self._stopping.is_set():
                return
            code = self.process.returncode
            ran = time.monotonic() - started
            delay = RESTART_DELAY[0] if ran > 60 else min(delay * 2, RESTART_DELAY[1])
            print(f"[evidence-archive] background worker exited ({code}) after {ran:.0f} s; "
                  f"starting it again in {delay:.0f} s", file=sys.stderr, flush=True)
            self._stopping.wait(delay)


# --------------------------------------------------------------------------- the background worker

def run_background(app: Flask, max_rss_mb: int = DEFAULT_MAX_RSS_MB) -> int:
    """Do the archive's background work until stopped; return the exit code.

    Sweeps crash leftovers and drains the index queue at start, then reads
    queued files (text and previews) in one thread while this one keeps the
    index queue empty.  Exits 0 on SIGTERM or when its parent is gone, and 75
    (EX_TEMPFAIL: start me again) when its memory passed `max_rss_mb`, which a
    huge scan's OCR can leave behind.
    """
    from . import search
    from .db import db
    from .services.blobs import sweep
    from .textsearch import extraction

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    # The master that started us, as it told us: it may be dead already, before this line.
    parent = int(os.environ.get(SERVER_PID) or os.getppid())
    indexer = archive_of(app).indexer
    log = app.logger

    with app.app_context():
        found = sweep()
        log.info("background worker %d: swept %d leftovers; index at %s", os.getpid(),
                 found.total, indexer.path)
        indexer.sweep()
        indexer.open()  # rebuilds an index that is missing, broken or outdated
        extraction.enqueue_missing()
        db.session.remove()

    interval = float(app.config.get("SEARCH_INDEX_INTERVAL", QUEUE_POLL))
    # Searches first: indexing may fall behind while the web processes are busy (its
    # queued items are left out of answers meanwhile), never the other way round.
    # On Linux niceness is per thread; the reader started below inherits this one.
    os.nice(INDEXER_NICENESS)
    reader = threading.Thread(target=_read_files, args=(app, stopping), name="file-reader",
                              daemon=True)
    reader.start()
    code = 0
    while not stopping.is_set():
        with app.app_context():
            try:
                if search.pending_items(limit=1):
                    indexer.update()
            except Exception:  # noqa: BLE001 - the database may be away: try again soon
                log.exception("index queue: drain failed")
            finally:
                db.session.remove()
        if os.getppid() != parent:
            log.warning("background worker %d: the server is gone, stopping", os.getpid())
            stopping.set()
        elif _rss_mb() > max_rss_mb:
            log.warning("background worker %d: %d MB in use, over %d: restarting to give it back",
                        os.getpid(), _rss_mb(), max_rss_mb)
            code = 75
            stopping.set()
        stopping.wait(interval)
    reader.join(60)
    return code


def _read_files(app: Flask, stopping: threading.Event) -> None:
    from .db import db
    from .textsearch import extraction

    interval = app.config.get("EXTRACTION_POLL_INTERVAL", extraction.POLL_INTERVAL)
    # Reading files (OCR above all) yields the CPU to everything else: on Linux a
    # thread's niceness is its own, and the readers it starts (tesseract) inherit it.
    os.nice(READER_NICENESS)
    with app.app_context():
        while not stopping.is_set():
            try:
                processed = extraction.run_pending(limit=1, should_stop=stopping.is_set)
            except Exception:  # noqa: BLE001 - keep reading (database away, ...)
                app.logger.exception("text extraction failed")
                processed = 0
            finally:
                db.session.remove()
            if not processed:
                stopping.wait(interval)


def _rss_mb() -> int:
    """Return this process's resident memory now, in MiB."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)
    except OSError:  # not Linux: the peak is as good a guide
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

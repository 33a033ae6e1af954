"""Load and crashes against a real server: does the archive lose or leak anything?

Serves a fresh archive with ``evidence-archive serve`` (gunicorn, 4 web
processes, the background worker) on SQLite and/or PostgreSQL, then:

1. **idle** — 8 clients upload 40 % of the items (the index the load phase
   starts from), then two clients search alone (the baseline);
2. **load** — 8 clients upload the next 30 % (one DOCX each with a unique word, some
   with a second file shared with other items, in either order), two clients
   search (one signed in, one anonymous; each in a process of its own, so the
   uploaders' GIL never delays its clock), one downloads set zips, one
   publishes/unpublishes sets and edits items;
3. **crashes** — the same load, for the last 30 %, while a killer SIGKILLs,
   20 times, a random web process, the background worker or gunicorn's master (then starts the
   server again, as systemd would), and a full reindex runs (killed once);
4. **after** — stops the server, starts it again, waits for the background
   worker to catch up, searches alone again (every item in: what the index's
   size alone costs), then checks everything from the outside.

Ground truth is the bench's own: the SHA-256 of the bytes it sent, the
unique word it put in each item, the last publish state each set was told.
It prints uploads sent / acknowledged / stored with the right SHA-256 /
searchable with the right status; duplicates from retried uploads; requests
failed outside and inside the kill windows; what ``check --checksums`` and
``index check`` report after the restart (no --fix); and search latency
p50/p95 idle, under load, during the crashes, in recovery and idle again at the
end, with load/idle as the ratio that matters (target <= 2): the idle baseline
searches the index the load phase starts from, which only grows under load.

    python bench/load.py                       # SQLite, then PostgreSQL if reachable
    python bench/load.py --db sqlite --items 300 --kills 8    # a quick look

PostgreSQL: $EVIDENCE_ARCHIVE_BENCH_POSTGRES_URL or $EVIDENCE_ARCHIVE_TEST_POSTGRES_URL
(a role allowed to create databases; the bench makes and drops ``ea_bench_load``).
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import io
import functools
import json
import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidence_archive.liveserver import ServedArchive  # noqa: E402
from evidence_archive.testing import sample_docx, sample_image  # noqa: E402

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
INVITATION = {
    "doc_number": "ที่ ศธ 04290/1237", "date": "1 พฤษภาคม 2563",
    "recipient": "กรรมการ ก.ต.ป.น. ทุกท่าน", "committee": "ก.ต.ป.น.",
    "meeting_number": "ครั้งที่ 1/2563", "meeting_date": "15 พฤษภาคม 2563",
    "meeting_time": "09.30 น.", "venue": "ห้องประชุมสำนักงานเขตพื้นที่การศึกษา",
    "signer": "นายสมชาย ใจดี | ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
}
QUERIES = ["ประชุม", "คณะกรรมการ", "การศึกษา", "ติดตาม ประเมินผล", "ก.ต.ป.น.", "นิเทศ",
           "หนังสือเชิญประชุม", "รายงานผลการดำเนินงาน"]
SETS = 24
SEED_SHARE = 0.4  # of --items, uploaded before the idle baseline
RECOVERY_GRACE = 2.0  # seconds after a restart still counted as the kill's window
RETRY_FOR = 120.0  # seconds a client keeps retrying an upload that got no answer (or a 5xx)


def word_of(n: int) -> str:
    """A unique Latin word per item (letters only: one token for the analyser)."""
    letters, out = "bcdfghjklmnpqrstvwxz", ""
    n += 20 ** 3
    while n:
        n, r = divmod(n, 20)
        out += letters[r]
    return "loadq" + out


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@dataclass
class Sent:
    """An item the bench sent: its word, its files' SHA-256, what became of it."""

    n: int
    set_id: str
    word: str
    files: list[tuple[str, str]]  # (filename, sha256)
    acknowledged: str | None = None  # item id from the 201
    attempts: int = 0


@dataclass
class Request:
    kind: str
    started: float
    ended: float
    ok: bool
    detail: str = ""


@dataclass
class Run:
    archive: ServedArchive
    sets: list[str] = field(default_factory=list)
    set_published: dict[str, bool | None] = field(default_factory=dict)  # None: unknown (lost answer)
    sent: list[Sent] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    # (start, seconds, phase, the server's own ms by part from its Server-Timing header)
    searches: list[tuple[float, float, str, dict]] = field(default_factory=list)
    windows: list[list[float]] = field(default_factory=list)  # [killed at, recovered at]
    kills: list[str] = field(default_factory=list)
    phases: list[tuple[float, str]] = field(default_factory=list)  # (since, phase)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    counter: int = 0

    def record(self, kind: str, started: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.requests.append(Request(kind, started, time.monotonic(), ok, detail))

    def next_n(self, limit: int | None = None) -> int | None:
        with self.lock:
            if limit is not None and self.counter >= limit:
                return None
            self.counter += 1
            return self.counter

    def begin(self, phase: str) -> None:
        self.phases.append((time.monotonic(), phase))

    def phase_at(self, moment: float) -> str:
        return next((phase for since, phase in reversed(self.phases) if since <= moment), "")

    def in_window(self, started: float, ended: float) -> bool:
        return any(start - 0.5 <= ended and started <= (end or float("inf")) + RECOVERY_GRACE
                   for start, end in self.windows)


# --------------------------------------------------------------------------- the clients

SHARED = [(f"ภาพกิจกรรม {k}.jpg", sample_image((640 + 16 * k, 480), "JPEG"), "image/jpeg")
          for k in range(6)]


@functools.lru_cache(maxsize=None)
def files_of(n: int) -> tuple:
    """Item n's files: made once, before the phases that measure (the clients' own CPU
    would otherwise compete with the server's on this machine)."""
    word = word_of(n)
    text = (f"หนังสือเชิญประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา ครั้งที่ {n} "
            f"เรื่อง {word} การดำเนินงานตามแผนปฏิบัติราชการ " * 3)
    files = [(f"หนังสือเชิญ {n}.docx", sample_docx(text), DOCX)]
    if n % 3 == 0:  # a third share a photo with other items, before or after their own file
        files.insert(random.Random(n).randint(0, 1), SHARED[n % len(SHARED)])
    return tuple(files)


def upload_one(run: Run, n: int) -> None:
    archive = run.archive
    word = word_of(n)
    files = list(files_of(n))
    item = Sent(n, random.choice(run.sets), word,
                [(name, hashlib.sha256(data).hexdigest()) for name, data, _ in files])
    with run.lock:
        run.sent.append(item)
    key = uuid.uuid4().hex  # a client that retries says so (Idempotency-Key)
    give_up = time.monotonic() + RETRY_FOR
    while time.monotonic() < give_up:
        item.attempts += 1
        started = time.monotonic()
        try:
            status, body = archive.upload(
                item.set_id, "meeting_invitation", {**INVITATION, "subject": f"ประชุมเรื่อง {word}"},
                files, headers={"Idempotency-Key": key})
        except (OSError, http.client.HTTPException, ValueError) as exc:
            run.record("upload", started, False, type(exc).__name__)
        else:
            ok = status == 201
            run.record("upload", started, ok, "" if ok else f"{status} {str(body)[:120]}")
            if ok:
                item.acknowledged = body["id"]
                return
            if status < 500 and status not in (409, 429):
                return
        time.sleep(0.5 + random.random())


def uploader(run: Run, until_count: int) -> None:
    while not run.stop.is_set():
        n = run.next_n(until_count)
        if n is None:
            return
        upload_one(run, n)


def searcher(archive: ServedArchive, anonymous: bool, commands) -> None:
    """One client, in a process of its own (the uploaders' GIL must not delay its clock):
    searches after "go"; on "pause" (and "quit") sends back (started, seconds, status,
    the server's parts) of each search since the last pause."""
    searching, searches = False, []
    while True:
        if commands.poll(0 if searching else None):
            command = commands.recv()
            searching = command == "go"
            if command != "go":
                commands.send(searches)
                searches = []
            if command == "quit":
                return
            continue
        query = random.choice(QUERIES)
        started = time.monotonic()
        try:
            status, headers, _body = archive.request(
                "GET", f"/api/v1/search?q={quote(query)}&per_page=20", token=not anonymous,
                timeout=60)
        except (OSError, http.client.HTTPException):
            status, headers = 0, {}
        searches.append((started, time.monotonic() - started, status, server_timing(headers)))
        time.sleep(0.02 if status == 200 else 0.5)  # a client that failed waits a little


class Searchers:
    """Two searching clients (one signed in, one anonymous), each in a forked process."""

    def __init__(self, archive: ServedArchive):
        context = multiprocessing.get_context("fork")  # before any thread of ours starts
        self.pipes, self.processes = [], []
        for anonymous in (False, True):
            ours, theirs = context.Pipe()
            process = context.Process(target=searcher, args=(archive, anonymous, theirs),
                                      daemon=True)
            process.start()
            self.pipes.append(ours)
            self.processes.append(process)

    def go(self) -> None:
        for pipe in self.pipes:
            pipe.send("go")

    def pause(self, run: Run, command: str = "pause") -> None:
        """Stop searching; file the searches since `go` under the phase each started in."""
        for pipe in self.pipes:
            pipe.send(command)
        for pipe in self.pipes:
            for started, seconds, status, parts in pipe.recv():
                ok = status == 200
                run.requests.append(Request("search", started, started + seconds, ok,
                                            "" if ok else str(status)))
                if ok:
                    phase = ("recovery" if run.in_window(started, started + seconds)
                             else run.phase_at(started))
                    run.searches.append((started, seconds, phase, parts))

    def quit(self, run: Run) -> None:
        if all(process.is_alive() for process in self.processes):
            self.pause(run, "quit")
        for process in self.processes:
            process.join(30)
            if process.is_alive():
                process.kill()


def server_timing(headers: dict) -> dict[str, float]:
    """{part: ms} from a Server-Timing header (``queue;dur=0.4, index;dur=12.0, ...``)."""
    parts = {}
    for part in headers.get("Server-Timing", "").split(","):
        name, _, duration = part.strip().partition(";dur=")
        if name and duration:
            parts[name] = float(duration)
    return parts


def downloader(run: Run) -> None:
    while not run.stop.is_set():
        set_id = random.choice(run.sets)
        started = time.monotonic()
        try:
            status, _headers, body = run.archive.request("GET", f"/api/v1/sets/{set_id}/download",
                                                         timeout=120)
            ok = status == 200 and zipfile.ZipFile(io.BytesIO(body)).testzip() is None
            detail = "" if ok else str(status)
        except (OSError, http.client.HTTPException, zipfile.BadZipFile) as exc:
            ok, detail = False, type(exc).__name__
        run.record("zip", started, ok, detail)
        time.sleep(0.3)


def editor(run: Run) -> None:
    while not run.stop.is_set():
        started = time.monotonic()
        set_id = random.choice(run.sets)
        try:
            if random.random() < 0.6:
                publish = random.random() < 0.5
                with run.lock:
                    run.set_published[set_id] = None  # unknown until answered
                status, body = run.archive.api(
                    "POST", f"/sets/{set_id}/{'publish' if publish else 'unpublish'}")
                ok = status == 200
                if ok:
                    with run.lock:
                        run.set_published[set_id] = publish
            else:
                done = [s for s in list(run.sent) if s.acknowledged]
                if not done:
                    time.sleep(0.2)
                    continue
                item = random.choice(done)
                status, body = run.archive.api("PATCH", f"/items/{item.acknowledged}", {
                    "metadata": {"subject": f"ประชุมเรื่อง {item.word} (แก้ไข {random.randint(1, 99)})"}})
                ok = status == 200
            run.record("edit", started, ok, "" if ok else f"{status} {str(body)[:120]}")
        except (OSError, http.client.HTTPException, ValueError) as exc:
            run.record("edit", started, False, type(exc).__name__)
        time.sleep(0.3)


# --------------------------------------------------------------------------- the killer

def wait_until_serving(archive: ServedArchive, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    seen = "nothing"
    while time.monotonic() < deadline:
        try:
            health = archive.get("/healthz")[0]
            processes = archive.processes()
            seen = f"/healthz {health}, processes {processes}"
            if health == 200 and len(processes["web"]) == archive.workers \
                    and processes["background"]:
                return
        except (OSError, http.client.HTTPException) as exc:
            seen = f"/healthz {type(exc).__name__}"
        time.sleep(0.05)
    raise RuntimeError(f"the server did not recover in {timeout:.0f} s (last seen: {seen}):\n"
                       + archive.log_text()[-3000:])


def killer(run: Run, kills: int, duration: float) -> None:
    try:
        _kill(run, kills, duration)
    except Exception as exc:  # noqa: BLE001 - say what went wrong, with the server's log
        import traceback
        traceback.print_exc()
        print(run.archive.log_text()[-4000:], file=sys.stderr)
        run.kills.append(f"KILLER FAILED: {exc}")


def _kill(run: Run, kills: int, duration: float) -> None:
    archive = run.archive
    reindex_at = kills // 2
    for k in range(kills):
        if run.stop.wait(duration / (kills + 1)):
            return
        if k == reindex_at:  # a full reindex runs while uploads go on; it is killed midway once
            reindex = subprocess.Popen([archive.cli, "reindex"], env=archive.env, cwd=archive.root,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.5)
            if reindex.poll() is None:
                reindex.send_signal(signal.SIGKILL)
                run.kills.append("reindex")
            reindex.wait()
            subprocess.run([archive.cli, "reindex"], env=archive.env, cwd=archive.root,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        target = random.choices(["web", "background", "master"], weights=[6, 2, 2])[0]
        window = [time.monotonic(), None]
        with run.lock:
            run.windows.append(window)
        if target == "web":
            os.kill(random.choice(archive.web_pids()), signal.SIGKILL)
        elif target == "background":
            pid = archive.background_pid()
            if pid:
                os.kill(pid, signal.SIGKILL)
        else:
            os.kill(archive.master_pid, signal.SIGKILL)
            archive.restart_after_crash()
        try:
            wait_until_serving(archive)
        except RuntimeError as exc:
            raise RuntimeError(f"kill {k + 1} ({target}): {exc}") from None
        window[1] = time.monotonic()
        run.kills.append(target)


# --------------------------------------------------------------------------- phases

def search_alone(run: Run, searchers: Searchers, phase: str, seconds: float = 20) -> None:
    """The two searching clients with nothing else running."""
    run.begin(phase)
    searchers.go()
    time.sleep(seconds)
    searchers.pause(run)
    run.begin("")


def run_threads(targets: list[tuple], join_first: int | None = None) -> list[threading.Thread]:
    threads = [threading.Thread(target=t, args=a, daemon=True) for t, *a in targets]
    for thread in threads:
        thread.start()
    return threads


def seed(run: Run, seed_items: int) -> None:
    archive = run.archive
    status, years = archive.api("GET", "/years")
    year = years["items"][0]["year"]
    status, tree = archive.api("GET", f"/years/{year}/categories")
    category = tree["items"][0]["id"]
    for k in range(SETS):
        status, body = archive.api("POST", "/sets", {"category": category,
                                                     "title": f"อ้างอิงชุดทดสอบภาระงาน {k + 1}"})
        assert status == 201, body
        run.sets.append(body["id"])
        run.set_published[body["id"]] = False
    for t in run_threads([(uploader, run, seed_items) for _ in range(8)]):
        t.join()
    for set_id in run.sets[::2]:
        archive.api("POST", f"/sets/{set_id}/publish")
        run.set_published[set_id] = True


def wait_for_quiet(archive: ServedArchive, timeout: float = 300) -> tuple[float, str]:
    """Wait until the background worker caught up: no file waiting to be read, nothing
    queued for the index, `index check` passing; return (seconds, the last check's output)."""
    started, out = time.monotonic(), ""
    while time.monotonic() - started < timeout:
        status = archive.run_cli("extract", "status", check=False).stdout
        waiting = sum(int(line.split()[1]) for line in status.splitlines()
                      if line.split()[:1] in (["pending"], ["working"]))
        done = archive.run_cli("index", "check", check=False)
        out = done.stdout + done.stderr
        if not waiting and done.returncode == 0 and "queued" not in out:
            return time.monotonic() - started, out
        time.sleep(1)
    return time.monotonic() - started, out


def verify(run: Run) -> dict:
    """Check every acknowledged item from the outside: its files' bytes, its search hits."""
    archive = run.archive
    stored_ok, searchable_ok, wrong, duplicates = 0, 0, [], 0
    acknowledged = [s for s in run.sent if s.acknowledged]
    set_states = {set_id: archive.api("GET", f"/sets/{set_id}")[1]["status"] == "published"
                  for set_id in run.sets}
    for item in acknowledged:
        status, body = archive.api("GET", f"/items/{item.acknowledged}")
        if status != 200:
            wrong.append(f"{item.word}: GET item {status}")
            continue
        hashes = []
        for f in body["files"]:
            code, _h, data = archive.request("GET", f"/api/v1/files/{f['id']}/download")
            hashes.append(hashlib.sha256(data).hexdigest() if code == 200 else f"HTTP {code}")
        if sorted(hashes) == sorted(sha for _name, sha in item.files):
            stored_ok += 1
        else:
            wrong.append(f"{item.word}: files differ")
        status, staff = archive.api("GET", f"/search?q={item.word}")
        ids = [h["id"] for h in staff.get("hits", [])]
        duplicates += max(0, len(ids) - 1)
        # Public when the item and its set are published: the set's state is the bench's
        # (its last acknowledged publish or unpublish), the item's the database's (an item
        # uploaded into a published set stays a draft; publishing the set publishes it).
        set_public = run.set_published.get(item.set_id)
        if set_public is None:  # the last answer was lost: the database decides
            set_public = set_states[item.set_id]
        elif set_public != set_states[item.set_id]:
            wrong.append(f"set {item.set_id}: told {'publish' if set_public else 'unpublish'}, "
                         f"database says {set_states[item.set_id]}")
        want_public = set_public and body["status"] == "published"
        _c, _h, raw = archive.request("GET", f"/api/v1/search?q={item.word}", token=False)
        anonymous = json.loads(raw)
        public_hit = anonymous["total"] == 1 and anonymous["hits"][0]["id"] == item.acknowledged
        right_status = (want_public and public_hit) or (not want_public and anonymous["total"] == 0
                                                        and not any(r["count"] for rows in anonymous["facets"].values() for r in rows))
        if item.acknowledged in ids and right_status:
            searchable_ok += 1
        else:
            wrong.append(f"{item.word}: staff ids {ids}, anonymous total {anonymous['total']}, "
                         f"want public {want_public}")
    return {"acknowledged": len(acknowledged), "stored_ok": stored_ok,
            "searchable_ok": searchable_ok, "duplicates": duplicates, "wrong": wrong}


def bench(db: str, items: int, kills: int, root: Path, database_url: str | None,
          settings: dict | None = None) -> dict:
    archive = ServedArchive(root / db, workers=4, threads=8, database_url=database_url,
                            settings={"EXTRACTION_POLL_INTERVAL": 0.5, **(settings or {})})
    archive.start()
    run = Run(archive)
    searchers = Searchers(archive)
    try:
        seed_items = round(items * SEED_SHARE)
        for n in range(seed_items + 1, items + 1):
            files_of(n)
        seed(run, seed_items)
        wait_for_quiet(archive)
        # 1. idle: the index as big as the load phase will find it at its start
        search_alone(run, searchers, "idle")
        # 2. load, then 3. crashes
        run.stop = threading.Event()
        load_until = seed_items + (items - seed_items) // 2
        run.begin("load")
        searchers.go()
        started, cpu = time.monotonic(), time.process_time()
        clients = run_threads([(uploader, run, load_until) for _ in range(8)]
                              + [(downloader, run), (editor, run)])
        for t in clients[:8]:
            t.join()
        load_seconds = time.monotonic() - started
        client_cpu = (time.process_time() - cpu) / load_seconds
        run.begin("crashes")
        started = time.monotonic()
        uploaders = run_threads([(uploader, run, items) for _ in range(8)])
        kill_thread = run_threads([(killer, run, kills, max(60.0, load_seconds * 1.2))])[0]
        for t in uploaders:
            t.join()
        kill_thread.join()
        crash_seconds = time.monotonic() - started
        run.stop.set()
        searchers.pause(run)
        run.begin("")
        for t in clients[8:]:
            t.join(120)
        # 4. after: a clean restart, then everything checked from the outside
        archive.stop()
        archive.start()
        quiet_seconds, index_out = wait_for_quiet(archive)
        search_alone(run, searchers, "idle_after")  # every item in: what the index's size alone costs
        check = archive.run_cli("check", "--checksums", check=False)
        index_check = archive.run_cli("index", "check", check=False)
        outcome = verify(run)
    finally:
        searchers.quit(run)
        archive.stop()
    failed = [r for r in run.requests if not r.ok]
    outside = [r for r in failed if not run.in_window(r.started, r.ended)]
    phases = ("idle", "load", "crashes", "recovery", "idle_after")
    lat = {phase: [s for _t, s, p, _parts in run.searches if p == phase] for phase in phases}
    parts = {phase: {name: [t[name] for _t, _s, p, t in run.searches if p == phase and name in t]
                     for name in ("queue", "index", "hits", "cpu", "cpu-wait")} for phase in phases}
    return {
        "db": db, "settings": f" {settings}" if settings else "", "items_sent": len(run.sent),
        "upload_attempts": sum(s.attempts for s in run.sent), **outcome,
        "requests": len(run.requests), "failed": len(failed), "failed_outside_kill_windows": len(outside),
        "failed_examples": [f"{r.kind}: {r.detail}" for r in outside[:8]],
        "kills": run.kills, "check_exit": check.returncode,
        "check_problems": sum(1 for line in check.stdout.splitlines() if line.startswith("  ")),
        "index_check_exit": index_check.returncode,
        "index_check": (index_check.stdout + index_check.stderr).strip().splitlines()[-1:],
        "index_segments": next(iter(re.findall(r"in (\d+) segments?", index_check.stdout)), "?"),
        "seconds_to_quiet_after_restart": round(quiet_seconds, 1),
        "load_seconds": round(load_seconds, 1), "crash_seconds": round(crash_seconds, 1),
        "client_cpu": round(client_cpu * 100),
        "search_ms": {phase: {"n": len(v), "p50": round(percentile(v, 50) * 1000),
                              "p95": round(percentile(v, 95) * 1000)} for phase, v in lat.items()},
        "server_ms": {phase: {name: {"p50": round(percentile(v, 50), 1), "p95": round(percentile(v, 95), 1)}
                              for name, v in by_part.items() if v}
                      for phase, by_part in parts.items()},
    }


def postgres_url() -> str | None:
    base = (os.environ.get("EVIDENCE_ARCHIVE_BENCH_POSTGRES_URL")
            or os.environ.get("EVIDENCE_ARCHIVE_TEST_POSTGRES_URL"))
    if not base:
        return None
    import psycopg
    from sqlalchemy.engine import make_url
    url = make_url(base)
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS ea_bench_load WITH (FORCE)")
        conn.execute("CREATE DATABASE ea_bench_load")
    return url.set(database="ea_bench_load").render_as_string(hide_password=False)


def report(result: dict) -> str:
    s = result["search_ms"]
    ratio = s["load"]["p95"] / s["idle"]["p95"] if s["idle"]["p95"] else float("nan")
    lines = [
        f"== {result['db']}{result['settings']}: {result['items_sent']} items, kills: {len(result['kills'])} "
        f"({', '.join(sorted(set(result['kills'])))})",
        f"uploads sent {result['items_sent']} (attempts {result['upload_attempts']}) / acknowledged "
        f"{result['acknowledged']} / stored with correct SHA-256 {result['stored_ok']} / searchable "
        f"with the right status {result['searchable_ok']}; duplicates {result['duplicates']}",
        f"requests {result['requests']}, failed {result['failed']}, of which outside kill windows "
        f"{result['failed_outside_kill_windows']} {result['failed_examples'] or ''}",
        f"after restart: check --checksums exit {result['check_exit']} "
        f"({result['check_problems']} problems), index check exit {result['index_check_exit']} "
        f"{result['index_check']} ({result['index_segments']} segments), consistent {result['seconds_to_quiet_after_restart']} s after start",
        "search ms  " + "  ".join(f"{p}: p50 {v['p50']} p95 {v['p95']} (n={v['n']})" for p, v in s.items()),
        "  of which in the server, ms p50/p95: " + "  ".join(
            f"{p}: " + ", ".join(f"{name} {v['p50']}/{v['p95']}" for name, v in parts.items())
            for p, parts in result["server_ms"].items()),
        f"search p95 under load / idle = {ratio:.2f} (target <= 2)",
        f"phases: load {result['load_seconds']} s, crashes {result['crash_seconds']} s; the "
        f"uploading, downloading and editing clients used {result['client_cpu']} % of a CPU under load",
    ]
    if result["wrong"]:
        lines.append(f"WRONG ({len(result['wrong'])}): " + "; ".join(result["wrong"][:10]))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--out", type=Path, help="append the report to this file")
    parser.add_argument("--set", action="append", default=[], metavar="SETTING=VALUE",
                        help="an archive setting for the run (JSON value), e.g. SEARCH_INDEX_INTERVAL=1")
    args = parser.parse_args()
    random.seed(args.seed)
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    with tempfile.TemporaryDirectory(prefix="ea-load-") as tmp:
        for kind in kinds:
            url = None
            if kind == "postgres":
                url = postgres_url()
                if url is None:
                    print("postgres: skipped (set EVIDENCE_ARCHIVE_BENCH_POSTGRES_URL)")
                    continue
            settings = {k: json.loads(v) for k, v in (pair.split("=", 1) for pair in args.set)}
            result = bench(kind, args.items, args.kills, Path(tmp), url, settings)
            text = report(result)
            print(text, flush=True)
            if args.out:
                with open(args.out, "a", encoding="utf-8") as out:
                    out.write(text + "\n\n")


if __name__ == "__main__":
    main()

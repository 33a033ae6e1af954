"""Measure big uploads, the background work they start, and zip downloads, per server process.

Serves a fresh archive with ``evidence-archive serve`` (gunicorn's master, one
gthread web process, the background worker; ``evidence_archive.liveserver``)
once per mode, the modes in the same run so they can be compared:

* ``default``: every plugin on, as an office runs it;
* ``no-preview``: ``DISABLED_PLUGINS=["pdf_preview"]``;
* ``no-readers``: ``DISABLED_PLUGINS=["pdf_preview", "text_extract", "ocr_tesseract"]``:
  nothing reads or draws the files, so this is the peer the others are measured
  against (upload MiB/s and memory as ratios to it).

Through HTTP only (stdlib ``http.client``, bodies streamed from and to disk):

* **upload**: one generated PDF per size (default 50, 100, 200 MiB) as a
  multipart ``POST /api/v1/sets/<id>/items``, the body generated on the fly
  around the file;
* **background**: after each upload, until ``evidence-archive extract status``
  shows no file pending or being read (``--background-timeout``): how long the
  background worker took over the file, and its memory meanwhile;
* **download** (in the modes of ``--download-modes``, default ``no-readers``:
  no plugin takes part in a download, and there the set-up files need no
  reading first): one set per download size (default 250, 500, 1000 MiB, of
  distinct items of at most 200 MiB, since equal content is stored once), the
  background worker's work on its files waited out, then its zip from
  ``/s/<id>/download.zip``, the byte count checked against Content-Length and
  the zip's end record (``--verify`` also checks every file's SHA-256 against
  the zip's manifest).

During each phase it samples VmRSS and VmHWM of the web process, the background
worker and the master every 50 ms, separately, after resetting each one's VmHWM
(``/proc/<pid>/clear_refs``), and notes each one's CPU time; a process that
appears during the phase (the background worker restarted, a web process
replaced) is followed too, and counted.  ``--wait-for-load`` waits for a quiet
machine first.

Prints a table and a comparison, and writes
``bench/results/upload_download-<date>[-quick].json``.  Run from the project root::

    .venv/bin/python bench/upload_download.py --wait-for-load 1.5   # full run, several minutes
    .venv/bin/python bench/upload_download.py --quick               # 5/10/20 MiB, about a minute
    .venv/bin/python bench/upload_download.py --modes default --upload-sizes 10,20 --download-sizes ''
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import random
import secrets
import shutil
import struct
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidence_archive.liveserver import ServedArchive  # noqa: E402

MiB = 1 << 20
CHUNK = MiB
RESULTS = Path(__file__).parent / "results"
ROLES = ("web", "background", "master")
MODES = {  # name: DISABLED_PLUGINS
    "default": [],
    "no-preview": ["pdf_preview"],
    "no-readers": ["pdf_preview", "text_extract", "ocr_tesseract"],
}
PEER = "no-readers"
INVITATION = {  # a valid หนังสือเชิญประชุม, as in tests/conftest.py
    "doc_number": "ที่ ศธ 04290/1237", "date": "1 พฤษภาคม 2563",
    "subject": "ขอเชิญประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา",
    "recipient": "กรรมการ ก.ต.ป.น. ทุกท่าน", "committee": "ก.ต.ป.น.",
    "meeting_number": "ครั้งที่ 1/2563", "meeting_date": "15 พฤษภาคม 2563",
    "meeting_time": "09.30 น.", "venue": "ห้องประชุมสำนักงานเขตพื้นที่การศึกษา",
    "signer": "นายสมชาย ใจดี | ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
}


# --------------------------------------------------------------------------- memory

def status_kib(pid: int) -> tuple[int, int]:
    """Return (VmRSS, VmHWM) of a process in KiB; OSError if it is gone."""
    rss = hwm = None
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    if rss is None or hwm is None:  # a zombie has no memory lines
        raise ProcessLookupError(pid)
    return rss, hwm


def private_kib(pid: int) -> int | None:
    """Return the memory only this process holds (not shared with the master it was forked from)."""
    with contextlib.suppress(OSError, ValueError):
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return sum(int(line.split()[1]) for line in f
                       if line.startswith(("Private_Clean:", "Private_Dirty:")))
    return None


def cpu_seconds(pid: int) -> float | None:
    """Return the CPU time (user + system) a process has used so far, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reset_hwm(pid: int) -> bool:
    """Reset a process's VmHWM so the peak read later is this phase's own (Linux >= 4.0)."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class ProcessMemory:
    """Sample VmRSS and VmHWM of the server's processes, role by role, while a phase runs.

    The pids of each role are looked up at the start, every `relook` seconds and
    whenever a read fails, so a background worker that restarts (it does so itself
    above --max-memory) or a replaced web process is followed; each pid's VmHWM is
    reset when first seen and read at every sample, so the peak of a process that
    exits during the phase is kept.
    """

    def __init__(self, archive: ServedArchive, interval: float, relook: float = 0.5):
        self.archive, self.interval, self.relook = archive, interval, relook
        self.rss: dict[str, list[int]] = {role: [] for role in ROLES}
        self.hwm: dict[int, int] = {}  # pid: its last VmHWM read
        self.pids: dict[str, list[int]] = {role: [] for role in ROLES}  # in order of appearance
        self.cpu: dict[int, list[float]] = {}  # pid: [CPU seconds when first seen, last read]
        self.reset_ok = True
        self._current: dict[str, list[int]] = {}
        self._in_phase = False  # True once the phase runs: a pid first seen then started in it
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._look()
        self._in_phase = True
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._look()
        self._sample()
        self.private = {role: private_kib(pids[-1]) if pids else None
                        for role, pids in self._current.items()}

    def _look(self) -> None:
        self._current = self.archive.processes()
        for role, pids in self._current.items():
            for pid in pids:
                if pid not in self.pids[role]:
                    self.pids[role].append(pid)
                    self.reset_ok &= reset_hwm(pid)
                    # A process born during the phase used all its CPU time in it.
                    self.cpu[pid] = [0.0 if self._in_phase else cpu_seconds(pid)] * 2

    def _sample(self) -> bool:
        """Read every current process once; return False if one was gone."""
        complete = True
        for role, pids in self._current.items():
            total = 0
            for pid in pids:
                try:
                    rss, hwm = status_kib(pid)
                except OSError:
                    complete = False
                    continue
                total += rss
                self.hwm[pid] = hwm
                cpu = cpu_seconds(pid)
                if cpu is not None:
                    self.cpu[pid][1] = cpu
            if pids:
                self.rss[role].append(total)
        return complete

    def _run(self) -> None:
        last_look = time.monotonic()
        while not self._stop.wait(self.interval):
            with contextlib.suppress(OSError):
                if time.monotonic() - last_look > self.relook:
                    self._look()
                    last_look = time.monotonic()
                if not self._sample():
                    self._look()
                    last_look = time.monotonic()

    def summary(self) -> dict:
        out = {}
        for role in ROLES:
            samples = self.rss[role]
            if not samples:
                out[role] = None
                continue
            peaks = [self.hwm[pid] for pid in self.pids[role] if pid in self.hwm]
            private = self.private.get(role)
            out[role] = {
                "rss_start_mib": mib(samples[0]), "rss_max_mib": mib(max(samples)),
                "rss_end_mib": mib(samples[-1]), "hwm_mib": mib(max(peaks)) if peaks else None,
                "private_end_mib": mib(private) if private is not None else None,
                "cpu_s": round(sum(self.cpu[pid][1] - self.cpu[pid][0] for pid in self.pids[role]
                                   if self.cpu[pid][0] is not None), 2),
                "pids": self.pids[role], "samples": len(samples)}
        out["hwm_is_phase_peak"] = self.reset_ok
        return out


def mib(kib: int) -> float:
    return round(kib / 1024, 1)


# --------------------------------------------------------------------------- data

def make_pdf(path: Path, size: int, seed: int, data_seed: int = 0) -> None:
    """Write `size` bytes that sniff as a PDF and differ from every other seed's.

    Only the first line and the last make it a PDF: the rest is one pseudo-random
    MiB drawn from `data_seed`, repeated, each copy marked with `seed` and its
    number.  PDFium finds no cross-reference table and scans the whole file to
    repair it; what it holds while doing so depends on those bytes (with data
    seed 0 about 1.5 times the file, with 1 almost nothing), so they are the
    same from run to run.
    """
    head, tail = b"%PDF-1.7\n", b"\n%%EOF\n"
    block = bytearray(random.Random(data_seed).randbytes(CHUNK))
    left = size - len(head) - len(tail)
    with open(path, "wb") as f:
        f.write(head)
        n = 0
        while left > 0:
            block[:16] = struct.pack("<QQ", seed, n)  # distinct content, cheap to make
            piece = block[:min(CHUNK, left)]
            f.write(piece)
            left -= len(piece)
            n += 1
        f.write(tail)


def upload_item(archive: ServedArchive, set_id: str, path: Path, filename: str) -> dict:
    """POST one item with its file as multipart, streamed from disk; return timing."""
    boundary = "ea-bench-" + secrets.token_hex(12)
    fields = {"type": "meeting_invitation", "title": filename.rsplit(".", 1)[0],
              "metadata": json.dumps(INVITATION, ensure_ascii=False)}
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items())
    head += (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
             f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n').encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    size = path.stat().st_size
    conn = archive.connection(timeout=600)
    started = time.perf_counter()
    conn.putrequest("POST", f"/api/v1/sets/{set_id}/items")
    conn.putheader("Authorization", f"Bearer {archive.token}")
    conn.putheader("Accept", "application/json")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Content-Length", str(len(head) + size + len(tail)))
    conn.endheaders()
    conn.send(head)
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            conn.send(chunk)
    sent = time.perf_counter()
    conn.send(tail)
    response = conn.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    conn.close()
    if response.status != 201:
        raise RuntimeError(f"upload of {filename}: {response.status} {body[:500]!r}")
    item = json.loads(body)
    return {"bytes": size, "seconds": round(seconds, 3),
            "answer_after_body_s": round(seconds - (sent - started), 3),
            "mib_per_s": round(size / MiB / seconds, 1), "item": item.get("id")}


def download_zip(archive: ServedArchive, set_id: str, save_to: Path | None) -> dict:
    """GET a set's zip, reading it in chunks; check its length and end record."""
    conn = archive.connection(timeout=600)
    started = time.perf_counter()
    conn.request("GET", f"/s/{set_id}/download.zip",
                 headers={"Authorization": f"Bearer {archive.token}"})
    response = conn.getresponse()
    ttfb = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"download: {response.status} {response.read()[:500]!r}")
    announced = int(response.headers["Content-Length"])
    received, tail = 0, b""
    with open(save_to, "wb") if save_to else contextlib.nullcontext() as out:
        while chunk := response.read(CHUNK):
            received += len(chunk)
            tail = (tail + chunk)[-64:]
            if out:
                out.write(chunk)
    seconds = time.perf_counter() - started
    conn.close()
    if received != announced:
        raise RuntimeError(f"got {received} bytes, Content-Length said {announced}")
    end = tail.rfind(b"PK\x05\x06")
    if end < 0:
        raise RuntimeError("no end-of-central-directory record at the end of the zip")
    entries = struct.unpack("<H", tail[end + 10:end + 12])[0]
    return {"bytes": received, "content_length": announced, "zip_entries": entries,
            "ttfb_s": round(ttfb, 4), "seconds": round(seconds, 3),
            "mib_per_s": round(received / MiB / seconds, 1)}


def verify_zip(path: Path) -> int:
    """Check every file of a saved zip against manifest.json; return how many were checked."""
    import hashlib
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        for row in manifest["files"]:
            digest = hashlib.sha256()
            with zf.open(row["path"]) as member:
                while data := member.read(CHUNK):
                    digest.update(data)
            if digest.hexdigest() != row["sha256"]:
                raise RuntimeError(f"SHA-256 mismatch for {row['path']}")
        return len(manifest["files"])


# --------------------------------------------------------------------------- the run

def wait_for_quiet_machine(limit: float, max_wait: float) -> dict:
    """Wait (a minute at a time) until the 1-minute load is at most `limit`; say what it was."""
    waited, seen = 0.0, [os.getloadavg()[0]]
    while seen[-1] > limit and waited < max_wait:
        print(f"load {seen[-1]:.2f} > {limit}: waiting 60 s", file=sys.stderr, flush=True)
        time.sleep(60)
        waited += 60
        seen.append(os.getloadavg()[0])
    return {"limit": limit, "waited_s": waited, "load_1min_seen": seen,
            "quiet": seen[-1] <= limit}


def first_category(archive: ServedArchive) -> int:
    status, years = archive.api("GET", "/years")
    year = years["items"][0]["year"]
    status, tree = archive.api("GET", f"/years/{year}/categories")
    return tree["items"][0]["id"]


def create_set(archive: ServedArchive, category: int, title: str) -> str:
    status, body = archive.api("POST", "/sets", {"category": category, "title": title})
    if status != 201:
        raise RuntimeError(f"POST /sets: {status} {body}")
    return body["id"]


def wait_for_background(archive: ServedArchive, memory_interval: float, timeout: float) -> dict:
    """Sample memory until the background worker has read every file; return the phase's row."""
    started = time.perf_counter()
    with ProcessMemory(archive, memory_interval) as memory:
        counts = archive.wait_until_read(timeout=timeout, every=0.25)
    return {"seconds": round(time.perf_counter() - started, 2), "files": counts,
            **memory.summary()}


class Run:
    """One mode: its own instance and server, the phases' rows."""

    def __init__(self, args, root: Path, mode: str, seed: int):
        self.args, self.mode, self.seed = args, mode, seed
        self.root = root / mode
        self.data = root / "data"
        self.archive = ServedArchive(
            self.root, workers=1, threads=args.threads,
            settings={"MAX_UPLOAD_BYTES": 8 << 30, "DISABLED_PLUGINS": MODES[mode]})
        self.result = {"disabled_plugins": MODES[mode], "upload": [], "background": [],
                       "download": [], "setup_uploads": []}

    def go(self) -> dict:
        archive, args = self.archive, self.args
        archive.start()
        try:
            # The worker sweeps, opens the index and polls at start: let it settle first.
            deadline = time.monotonic() + 60
            while archive.background_pid() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            archive.wait_until_read(timeout=60)
            time.sleep(1)
            with ProcessMemory(archive, args.interval) as idle:
                time.sleep(1)
            self.result["idle"] = idle.summary()
            category = first_category(archive)
            self.uploads(category)
            if self.mode in args.download_modes:
                self.downloads(category)
            self.result["restarts_in_log"] = archive.log_text().count("background worker exited")
        finally:
            archive.stop()
        return self.result

    def uploads(self, category: int) -> None:
        set_id = create_set(self.archive, category, "ทดสอบอัปโหลด")
        for size in self.args.upload_sizes:
            self.seed += 1
            path = self.data / f"upload-{size}.pdf"
            make_pdf(path, size * MiB, self.seed, self.args.data_seed)
            with ProcessMemory(self.archive, self.args.interval) as memory:
                row = upload_item(self.archive, set_id, path, f"หนังสือเชิญประชุม {size} MiB.pdf")
            path.unlink()
            row.update(size_mib=size, load_1min=os.getloadavg()[0], **memory.summary())
            self.result["upload"].append(row)
            print_row(self.mode, "upload", row)
            row = wait_for_background(self.archive, self.args.interval, self.args.background_timeout)
            row.update(size_mib=size)
            self.result["background"].append(row)
            print_row(self.mode, "background", row)

    def downloads(self, category: int) -> None:
        args = self.args
        for total in args.download_sizes:
            count = math.ceil(total / args.item_max)
            set_id = create_set(self.archive, category, f"ทดสอบดาวน์โหลด {total} MiB")
            for n in range(count):
                self.seed += 1
                size = total * MiB // count
                path = self.data / f"item-{self.seed}.pdf"
                make_pdf(path, size, self.seed, self.args.data_seed)
                row = upload_item(self.archive, set_id, path, f"รายงานการประชุม ส่วนที่ {n + 1}.pdf")
                path.unlink()
                row.update(size_mib=round(size / MiB, 1), for_download=total)
                self.result["setup_uploads"].append(row)
            # Downloads are measured alone, not beside the worker reading the set's files.
            started = time.perf_counter()
            self.archive.wait_until_read(timeout=args.background_timeout * count)
            self.result.setdefault("setup_background_s", []).append(
                round(time.perf_counter() - started, 1))
            for attempt in range(args.repeat):
                save_to = self.data / "download.zip" if args.verify else None
                with ProcessMemory(self.archive, args.interval) as memory:
                    row = download_zip(self.archive, set_id, save_to)
                if row["zip_entries"] != count + 2:
                    raise RuntimeError(f"zip has {row['zip_entries']} entries, expected {count + 2}")
                if save_to:
                    row["verified_files"] = verify_zip(save_to)
                    save_to.unlink()
                row.update(size_mib=total, items=count, attempt=attempt + 1, **memory.summary())
                self.result["download"].append(row)
                print_row(self.mode, "download", row)


def run(args) -> dict:
    root = Path(tempfile.mkdtemp(prefix="ea-bench-"))
    (root / "data").mkdir()
    results = {"started_at": dt.datetime.now().isoformat(timespec="seconds"),
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()},
               "server": {"command": "evidence-archive serve (gunicorn gthread + background worker)",
                          "workers": 1, "threads": args.threads},
               "sample_interval_s": args.interval, "modes": {}}
    if args.wait_for_load is not None:
        results["load_wait"] = wait_for_quiet_machine(args.wait_for_load, args.max_wait)
    results["load_at_start"] = os.getloadavg()
    try:
        for n, mode in enumerate(args.modes):
            results["modes"][mode] = Run(args, root, mode, seed=1000 * n).go()
    finally:
        if args.keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    results["load_at_end"] = os.getloadavg()
    results["finished_at"] = dt.datetime.now().isoformat(timespec="seconds")
    results["comparison"] = compare(results["modes"])
    return results


def compare(modes: dict) -> dict:
    """Per upload size: each mode's MiB/s and peaks, and their ratios to the peer mode's."""
    out = {}
    for mode, result in modes.items():
        rows = []
        for up, bg in zip(result["upload"], result["background"]):
            rows.append({"size_mib": up["size_mib"], "upload_mib_per_s": up["mib_per_s"],
                         "web_idle_mib": result["idle"]["web"]["rss_end_mib"],
                         "web_peak_mib": up["web"]["hwm_mib"],
                         "background_seconds": bg["seconds"],
                         "background_idle_mib": result["idle"]["background"]["rss_end_mib"],
                         "background_peak_mib": bg["background"]["hwm_mib"],
                         "background_pids": len(bg["background"]["pids"])})
        out[mode] = rows
    if PEER in out:
        for mode, rows in out.items():
            for row, peer in zip(rows, out[PEER]):
                row["upload_speed_vs_peer"] = round(row["upload_mib_per_s"] / peer["upload_mib_per_s"], 2)
                row["web_peak_vs_peer"] = round(row["web_peak_mib"] / peer["web_peak_mib"], 2)
    return out


HEADER = ("| mode | phase | size MiB | seconds | MiB/s | web RSS start → max → end | web VmHWM "
          "| background RSS start → max → end | background VmHWM | master VmHWM |\n"
          "|---|---|---:|---:|---:|---|---:|---|---:|---:|")


def print_row(mode: str, phase: str, row: dict) -> None:
    if not getattr(print_row, "started", False):
        print(HEADER)
        print_row.started = True

    def span(role):
        r = row.get(role)
        return f"{r['rss_start_mib']:.0f} → {r['rss_max_mib']:.0f} → {r['rss_end_mib']:.0f}" if r else "–"

    def peak(role):
        r = row.get(role)
        restarted = f" ({len(r['pids'])} pids)" if r and len(r["pids"]) > 1 else ""
        return f"{r['hwm_mib']:.0f}{restarted}" if r else "–"

    speed = f"{row['mib_per_s']:.1f}" if "mib_per_s" in row else "–"
    print(f"| {mode} | {phase} | {row['size_mib']} | {row['seconds']:.2f} | {speed} "
          f"| {span('web')} | {peak('web')} | {span('background')} | {peak('background')} "
          f"| {peak('master')} |", flush=True)


def print_comparison(comparison: dict) -> None:
    print("\n| mode | size MiB | upload MiB/s | × peer | web idle → peak MiB | × peer "
          "| background s | background idle → peak MiB |\n|---|---:|---:|---:|---|---:|---:|---|")
    for mode, rows in comparison.items():
        for r in rows:
            print(f"| {mode} | {r['size_mib']} | {r['upload_mib_per_s']:.1f} "
                  f"| {r.get('upload_speed_vs_peer', '–')} "
                  f"| {r['web_idle_mib']:.0f} → {r['web_peak_mib']:.0f} | {r.get('web_peak_vs_peer', '–')} "
                  f"| {r['background_seconds']:.1f} "
                  f"| {r['background_idle_mib']:.0f} → {r['background_peak_mib']:.0f}"
                  f"{' (restarted)' if r['background_pids'] > 1 else ''} |")


def names(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


def sizes(text: str) -> list[int]:
    return [int(s) for s in names(text)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="small run: uploads 5,10,20 MiB, downloads 10,20,40 MiB, verified")
    parser.add_argument("--modes", type=names, default=list(MODES),
                        help=f"which of {', '.join(MODES)} to run, in this order")
    parser.add_argument("--download-modes", type=names, default=[PEER],
                        help="modes that also measure downloads ('' for none); by default the one "
                             "whose set-up files need no reading first")
    parser.add_argument("--upload-sizes", type=sizes, default=None, help="MiB, e.g. 50,100,200 ('' for none)")
    parser.add_argument("--download-sizes", type=sizes, default=None, help="MiB, e.g. 250,500,1000 ('' for none)")
    parser.add_argument("--item-max", type=int, default=200, help="largest item in a download set (MiB)")
    parser.add_argument("--repeat", type=int, default=1, help="download each set this many times")
    parser.add_argument("--threads", type=int, default=4, help="threads of the web process")
    parser.add_argument("--interval", type=float, default=0.05, help="memory sampling interval (s)")
    parser.add_argument("--background-timeout", type=float, default=600,
                        help="longest wait for the background worker to read one file (s)")
    parser.add_argument("--data-seed", type=int, default=0,
                        help="the bytes inside the generated PDFs (PDFium's memory depends on them)")
    parser.add_argument("--wait-for-load", type=float, default=None, metavar="LOAD",
                        help="first wait, a minute at a time, until the 1-minute load is at most LOAD")
    parser.add_argument("--max-wait", type=float, default=900, help="longest such wait (s)")
    parser.add_argument("--verify", action="store_true",
                        help="save each zip and check every file's SHA-256 against its manifest")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instances")
    parser.add_argument("--label", default="", help="added to the results file name (default: quick for --quick)")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/*.json")
    args = parser.parse_args(argv)
    unknown = set(args.modes) - set(MODES)
    if unknown:
        parser.error(f"unknown modes: {', '.join(sorted(unknown))} (known: {', '.join(MODES)})")
    quick = args.quick
    if args.upload_sizes is None:
        args.upload_sizes = [5, 10, 20] if quick else [50, 100, 200]
    if args.download_sizes is None:
        args.download_sizes = [10, 20, 40] if quick else [250, 500, 1000]
    if quick:
        args.item_max = min(args.item_max, 10)
        args.verify = True

    results = run(args)
    results["quick"] = args.quick
    results["options"] = {k: v for k, v in vars(args).items()}
    print_comparison(results["comparison"])
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        label = args.label or ("quick" if args.quick else "")
        name = f"upload_download-{dt.date.today().isoformat()}{'-' + label if label else ''}.json"
        (RESULTS / name).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
        print(f"\nresults: {RESULTS / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

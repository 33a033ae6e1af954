"""Measure big uploads and zip downloads against a real server, and the server's memory.

Starts ``evidence-archive serve`` (waitress) on a temporary instance in its own
process, then, through HTTP only (stdlib ``http.client``, bodies streamed from
and to disk):

* uploads one generated PDF per size (default 50, 100, 200 MiB) as a multipart
  ``POST /api/v1/sets/<id>/items``, the body generated on the fly from the file;
* builds one evidence set per download size (default 250, 500, 1000 MiB, made of
  distinct items of at most 200 MiB, since equal content is stored once) and
  downloads its zip from ``/s/<id>/download.zip``, checking the byte count
  against Content-Length and the zip's end record (``--verify`` also checks every
  file's SHA-256 against the zip's manifest);
* samples the server process's VmRSS every 50 ms during each phase, and its
  VmHWM (peak) after resetting it at the start of the phase.

Prints a table and writes ``bench/results/upload_download-<date>[-quick].json``.
Run from the project root::

    .venv/bin/python bench/upload_download.py            # full run, about 1-3 minutes
    .venv/bin/python bench/upload_download.py --quick    # 5/10/20 MiB, a few seconds
    .venv/bin/python bench/upload_download.py --upload-sizes 10,20 --download-sizes 30
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import math
import os
import platform
import secrets
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

MiB = 1 << 20
CHUNK = MiB
ADMIN_PASSWORD = "bench-" + secrets.token_hex(8)
RESULTS = Path(__file__).parent / "results"
INVITATION = {  # a valid หนังสือเชิญประชุม, as in tests/conftest.py
    "doc_number": "ที่ ศธ 04290/1237", "date": "1 พฤษภาคม 2563",
    "subject": "ขอเชิญประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา",
    "recipient": "กรรมการ ก.ต.ป.น. ทุกท่าน", "committee": "ก.ต.ป.น.",
    "meeting_number": "ครั้งที่ 1/2563", "meeting_date": "15 พฤษภาคม 2563",
    "meeting_time": "09.30 น.", "venue": "ห้องประชุมสำนักงานเขตพื้นที่การศึกษา",
    "signer": "นายสมชาย ใจดี | ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
}


# --------------------------------------------------------------------------- the server

class Server:
    """An archive on a temporary instance, served by waitress in a child process."""

    def __init__(self, root: Path, threads: int):
        self.root = root
        self.cli = str(Path(sys.executable).with_name("evidence-archive"))
        self.env = {**os.environ,
                    "EVIDENCE_ARCHIVE_INSTANCE": str(root / "instance"),
                    "EVIDENCE_ARCHIVE_UPLOAD_FOLDER": str(root / "uploads"),
                    "EVIDENCE_ARCHIVE_ADMIN_PASSWORD": ADMIN_PASSWORD,
                    "EVIDENCE_ARCHIVE_MAX_UPLOAD_BYTES": str(8 << 30)}
        self.threads = threads
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.token = ""

    def run_cli(self, *args: str) -> str:
        done = subprocess.run([self.cli, *args], env=self.env, cwd=self.root, text=True,
                              capture_output=True, timeout=120, check=False)
        if done.returncode:
            raise RuntimeError(f"evidence-archive {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout

    def start(self) -> None:
        self.run_cli("init")
        out = self.run_cli("tokens", "create", "admin", "--name", "bench")
        self.token = out.strip().rsplit(": ", 1)[1].split()[0]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        with open(self.root / "server.log", "wb") as log:
            self.process = subprocess.Popen(
                [self.cli, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                 "--threads", str(self.threads)],
                env=self.env, cwd=self.root, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited:\n" + (self.root / "server.log").read_text())
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return
            time.sleep(0.1)
        raise RuntimeError("server did not start within 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def pid(self) -> int:
        return self.process.pid

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        conn = self.connection()
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, data, headers)
        response = conn.getresponse()
        text = response.read()
        conn.close()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {text[:500]!r}")
        return json.loads(text)


# --------------------------------------------------------------------------- memory

def status_kib(pid: int, key: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(key)


class MemorySampler:
    """Sample a process's VmRSS every `interval` seconds while a phase runs."""

    def __init__(self, pid: int, interval: float):
        self.pid, self.interval = pid, interval
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.hwm_reset = False

    def __enter__(self):
        try:  # reset VmHWM so the peak is this phase's own (Linux >= 4.0)
            with open(f"/proc/{self.pid}/clear_refs", "w") as f:
                f.write("5")
            self.hwm_reset = True
        except OSError:
            pass
        self.samples.append(status_kib(self.pid, "VmRSS"))
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(self.interval):
            with contextlib.suppress(OSError, KeyError):
                self.samples.append(status_kib(self.pid, "VmRSS"))

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.samples.append(status_kib(self.pid, "VmRSS"))
        self.hwm = status_kib(self.pid, "VmHWM")

    def summary(self) -> dict:
        return {"rss_start_mib": round(self.samples[0] / 1024, 1),
                "rss_max_mib": round(max(self.samples) / 1024, 1),
                "rss_end_mib": round(self.samples[-1] / 1024, 1),
                "hwm_mib": round(self.hwm / 1024, 1), "hwm_is_phase_peak": self.hwm_reset,
                "samples": len(self.samples)}


# --------------------------------------------------------------------------- data

def make_pdf(path: Path, size: int, seed: int) -> None:
    """Write `size` bytes that sniff as a PDF and differ from every other seed's."""
    head, tail = b"%PDF-1.7\n", b"\n%%EOF\n"
    block = bytearray(os.urandom(CHUNK))
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


def upload_item(server: Server, set_id: str, path: Path, filename: str) -> dict:
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
    conn = server.connection()
    started = time.perf_counter()
    conn.putrequest("POST", f"/api/v1/sets/{set_id}/items")
    conn.putheader("Authorization", f"Bearer {server.token}")
    conn.putheader("Accept", "application/json")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Content-Length", str(len(head) + size + len(tail)))
    conn.endheaders()
    conn.send(head)
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            conn.send(chunk)
    conn.send(tail)
    response = conn.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    conn.close()
    if response.status != 201:
        raise RuntimeError(f"upload of {filename}: {response.status} {body[:500]!r}")
    item = json.loads(body)
    return {"bytes": size, "seconds": round(seconds, 3),
            "mib_per_s": round(size / MiB / seconds, 1), "item": item.get("id")}


def download_zip(server: Server, set_id: str, save_to: Path | None) -> dict:
    """GET a set's zip, reading it in chunks; check its length and end record."""
    conn = server.connection()
    started = time.perf_counter()
    conn.request("GET", f"/s/{set_id}/download.zip",
                 headers={"Authorization": f"Bearer {server.token}"})
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

def first_category(server: Server) -> int:
    year = server.api("GET", "/api/v1/years")["items"][0]["year"]
    tree = server.api("GET", f"/api/v1/years/{year}/categories")["items"]
    return tree[0]["id"]


def create_set(server: Server, category: int, title: str) -> str:
    return server.api("POST", "/api/v1/sets", {"category": category, "title": title})["id"]


def run(args) -> dict:
    root = Path(tempfile.mkdtemp(prefix="ea-bench-"))
    server = Server(root, args.threads)
    results = {"started_at": dt.datetime.now().isoformat(timespec="seconds"),
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()},
               "server": {"command": "evidence-archive serve (waitress)",
                          "threads": args.threads},
               "sample_interval_s": args.interval, "upload": [], "download": [],
               "setup_uploads": []}
    try:
        server.start()
        time.sleep(0.5)
        results["server"]["rss_idle_mib"] = round(status_kib(server.pid, "VmRSS") / 1024, 1)
        category = first_category(server)
        data = root / "data"
        data.mkdir()
        seed = 0

        upload_set = create_set(server, category, "ทดสอบอัปโหลด")
        for size in args.upload_sizes:
            seed += 1
            path = data / f"upload-{size}.pdf"
            make_pdf(path, size * MiB, seed)
            with MemorySampler(server.pid, args.interval) as memory:
                row = upload_item(server, upload_set, path,
                                  f"หนังสือเชิญประชุม {size} MiB.pdf")
            path.unlink()
            row.update(size_mib=size, **memory.summary())
            results["upload"].append(row)
            print_row("upload", row)

        for total in args.download_sizes:
            count = math.ceil(total / args.item_max)
            set_id = create_set(server, category, f"ทดสอบดาวน์โหลด {total} MiB")
            for n in range(count):
                seed += 1
                size = total * MiB // count
                path = data / f"item-{seed}.pdf"
                make_pdf(path, size, seed)
                row = upload_item(server, set_id, path, f"รายงานการประชุม ส่วนที่ {n + 1}.pdf")
                path.unlink()
                row.update(size_mib=round(size / MiB, 1), for_download=total)
                results["setup_uploads"].append(row)
            for attempt in range(args.repeat):
                save_to = data / "download.zip" if args.verify else None
                with MemorySampler(server.pid, args.interval) as memory:
                    row = download_zip(server, set_id, save_to)
                if row["zip_entries"] != count + 2:
                    raise RuntimeError(f"zip has {row['zip_entries']} entries, expected {count + 2}")
                if save_to:
                    row["verified_files"] = verify_zip(save_to)
                    save_to.unlink()
                row.update(size_mib=total, items=count, attempt=attempt + 1, **memory.summary())
                results["download"].append(row)
                print_row("download", row)
    finally:
        server.stop()
        if args.keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    results["finished_at"] = dt.datetime.now().isoformat(timespec="seconds")
    return results


HEADER = ("| phase | size MiB | seconds | MiB/s | first byte s | server RSS start → max → end MiB "
          "| VmHWM MiB |\n|---|---:|---:|---:|---:|---|---:|")


def print_row(phase: str, row: dict) -> None:
    if not getattr(print_row, "started", False):
        print(HEADER)
        print_row.started = True
    ttfb = f"{row['ttfb_s']:.3f}" if "ttfb_s" in row else "–"
    print(f"| {phase} | {row['size_mib']} | {row['seconds']:.2f} | {row['mib_per_s']:.1f} | {ttfb} "
          f"| {row['rss_start_mib']:.1f} → {row['rss_max_mib']:.1f} → {row['rss_end_mib']:.1f} "
          f"| {row['hwm_mib']:.1f} |", flush=True)


def sizes(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s.strip()]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="small run: uploads 5,10,20 MiB, downloads 10,20,40 MiB, verified")
    parser.add_argument("--upload-sizes", type=sizes, default=None, help="MiB, e.g. 50,100,200 ('' for none)")
    parser.add_argument("--download-sizes", type=sizes, default=None, help="MiB, e.g. 250,500,1000 ('' for none)")
    parser.add_argument("--item-max", type=int, default=200, help="largest item in a download set (MiB)")
    parser.add_argument("--repeat", type=int, default=1, help="download each set this many times")
    parser.add_argument("--threads", type=int, default=4, help="waitress threads")
    parser.add_argument("--interval", type=float, default=0.05, help="memory sampling interval (s)")
    parser.add_argument("--verify", action="store_true",
                        help="save each zip and check every file's SHA-256 against its manifest")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    parser.add_argument("--label", default="", help="added to the results file name (default: quick for --quick)")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/*.json")
    args = parser.parse_args(argv)
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

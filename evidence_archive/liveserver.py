"""A real archive served by ``evidence-archive serve`` in child processes, for tests and benchmarks.

Everything is real: ``evidence-archive init`` on a fresh instance folder,
gunicorn's master with its web processes and the background worker, a
database (SQLite in the instance, or the PostgreSQL URL given), files on
disk.  The helpers find each process (to kill one on purpose), call the JSON
API with an admin token, and restart the whole server as systemd would.
"""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ADMIN_PASSWORD = "served-admin-password"


class ServedArchive:
    """One archive instance in `root`, served on a free port of 127.0.0.1."""

    def __init__(self, root: Path, *, workers: int = 2, threads: int = 4,
                 database_url: str | None = None, settings: dict | None = None):
        self.root = Path(root)
        self.cli = str(Path(sys.executable).with_name("evidence-archive"))
        self.env = {**os.environ,
                    "EVIDENCE_ARCHIVE_INSTANCE": str(self.root / "instance"),
                    "EVIDENCE_ARCHIVE_UPLOAD_FOLDER": str(self.root / "uploads"),
                    "EVIDENCE_ARCHIVE_ADMIN_PASSWORD": ADMIN_PASSWORD,
                    "EVIDENCE_ARCHIVE_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
        if database_url:
            self.env["EVIDENCE_ARCHIVE_SQLALCHEMY_DATABASE_URI"] = database_url
        for key, value in (settings or {}).items():
            self.env[f"EVIDENCE_ARCHIVE_{key}"] = value if isinstance(value, str) else json.dumps(value)
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.token = ""
        self.log_path = self.root / "server.log"

    # ------------------------------------------------------------------ life

    def run_cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([self.cli, *args], env=self.env, cwd=self.root, text=True,
                              capture_output=True, timeout=600, stdin=subprocess.DEVNULL)
        if check and done.returncode:
            raise RuntimeError(f"evidence-archive {' '.join(args)} failed ({done.returncode}):\n"
                               f"{done.stdout}\n{done.stderr}")
        return done

    def init(self) -> "ServedArchive":
        """Set up the instance and an admin token (once)."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.run_cli("init")
        out = self.run_cli("tokens", "create", "admin", "--name", f"served-{uuid.uuid4().hex[:6]}")
        self.token = out.stdout.strip().rsplit(": ", 1)[1].split()[0]
        return self

    def start(self, timeout: float = 60) -> "ServedArchive":
        if not self.token:
            self.init()
        if not self.port:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
        log = open(self.log_path, "ab")  # noqa: SIM115 - the server writes to it while it runs
        self.process = subprocess.Popen(
            [self.cli, "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(self.workers), "--threads", str(self.threads)],
            env=self.env, cwd=self.root, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited:\n" + self.log_path.read_text("utf-8", "replace"))
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.get("/healthz")[0] == 200 and len(self.web_pids()) == self.workers:
                    return self
            time.sleep(0.1)
        raise RuntimeError("server did not start in time:\n" + self.log_text())

    def stop(self, timeout: float = 30) -> None:
        """Stop gracefully (SIGTERM), then make sure no process of this server is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._kill_group()

    def restart_after_crash(self, timeout: float = 60) -> None:
        """Start again after the master was killed, as systemd's Restart=always does."""
        if self.process is not None:
            self.process.wait(timeout)
        self.wait_for_no_children(timeout)
        self.start()

    def _kill_group(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def log_text(self) -> str:
        return self.log_path.read_text("utf-8", "replace") if self.log_path.exists() else ""

    # ------------------------------------------------------------------ processes

    @property
    def master_pid(self) -> int:
        return self.process.pid

    def children(self) -> dict[int, str]:
        """Map each live child of the master to its command line."""
        found = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                state = stat.rsplit(")", 1)[1].split()[0]
                if ppid == self.process.pid and state != "Z":
                    found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ") \
                        .decode("utf-8", "replace")
            except (OSError, ValueError, IndexError):
                continue
        return found

    def background_pid(self) -> int | None:
        return next(iter(self.processes()["background"]), None)

    def web_pids(self) -> list[int]:
        return self.processes()["web"]

    def processes(self) -> dict[str, list[int]]:
        """Return the live pids by role: ``master``, ``web`` (sorted) and ``background``.

        One look at /proc for all three, so a benchmark can follow each role's
        memory, and notice when a web process or the background worker was replaced.
        """
        children = self.children()
        background = [pid for pid, cmd in children.items() if _is_background(cmd)]
        return {"master": [self.master_pid],
                "web": sorted(pid for pid in children if pid not in background),
                "background": background}

    def group_pids(self) -> list[int]:
        """Every live process of this server's session (master, web, background)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[3]) == self.process.pid and fields[0] != "Z":
                        pids.append(int(entry.name))
        return pids

    # ------------------------------------------------------------------ background work

    def extract_counts(self) -> dict[str, int]:
        """Return what ``evidence-archive extract status`` shows: files in each reading status."""
        out = self.run_cli("extract", "status").stdout
        return {status: int(number) for status, number in
                (line.split() for line in out.splitlines() if line.strip())}

    def wait_until_read(self, timeout: float = 600, every: float = 0.5) -> dict[str, int]:
        """Wait until no file is waiting or being read (``extract status``); return the counts.

        Raises TimeoutError (with the last counts) when the background worker is not
        done within `timeout` seconds.
        """
        deadline = time.monotonic() + timeout
        while True:
            counts = self.extract_counts()
            if not counts.get("pending") and not counts.get("working"):
                return counts
            if time.monotonic() > deadline:
                raise TimeoutError(f"files still unread after {timeout} s: {counts}")
            time.sleep(every)

    def wait_for_no_children(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.group_pids():
            if time.monotonic() > deadline:
                left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes()[:200] for pid in self.group_pids()}
                raise RuntimeError(f"processes left after the master died: {left}")
            time.sleep(0.1)

    # ------------------------------------------------------------------ HTTP

    def connection(self, timeout: float = 120) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None, token: bool = True,
                timeout: float = 120) -> tuple[int, dict, bytes]:
        conn = self.connection(timeout)
        try:
            sent = {"Accept": "application/json", **(headers or {})}
            if token:
                sent["Authorization"] = f"Bearer {self.token}"
            conn.request(method, path, body, sent)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def get(self, path: str, token: bool = False) -> tuple[int, bytes]:
        status, _headers, body = self.request("GET", path, token=token, timeout=10)
        return status, body

    def api(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        status, _headers, raw = self.request(
            method, f"/api/v1{path}", data, {"Content-Type": "application/json"} if data else {})
        return status, json.loads(raw) if raw else {}

    def upload(self, set_id: str, type_key: str, metadata: dict,
               files: list[tuple[str, bytes, str]], title: str | None = None,
               headers: dict | None = None) -> tuple[int, dict]:
        """POST a multipart item upload to a set; return (status, JSON answer)."""
        boundary = uuid.uuid4().hex
        parts = []

        def field(name: str, value: str) -> None:
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                         f"{value}\r\n".encode())

        field("type", type_key)
        field("metadata", json.dumps(metadata, ensure_ascii=False))
        if title:
            field("title", title)
        for name, data, media_type in files:
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
                         f"filename=\"{name}\"\r\nContent-Type: {media_type}\r\n\r\n".encode()
                         + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        status, _headers, raw = self.request(
            "POST", f"/api/v1/sets/{set_id}/items", b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}", **(headers or {})})
        return status, json.loads(raw) if raw else {}


def _is_background(cmdline: str) -> bool:
    """Tell the background worker (``… evidence_archive.cli … worker``) from a web process."""
    return cmdline.rstrip().endswith(" worker")

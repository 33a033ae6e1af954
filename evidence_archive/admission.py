"""Requests that change the archive take turns, so searches keep CPUs of their own.

An upload costs a web process about as much CPU as a search (24–31 and 21–24 ms
on 2 CPUs, ``bench/request_cpu.py``), and eight clients uploading at once use
every CPU there is: a search then waits behind them.  So every request that
changes something (POST, PUT, PATCH, DELETE: uploads, edits, publishing, sign-ins)
does its work holding one of ``WRITE_CONCURRENCY`` slots, shared by every web
process of the archive; the others wait for a free slot (up to
``WRITE_WAIT_SECONDS``, then 503 with ``Retry-After``).  Reads never wait.
``WRITE_CONCURRENCY`` defaults to half the CPUs (at least one), so writes leave
the other half to searches, pages and downloads.  Measured on 2 CPUs with SQLite
(which commits one write at a time anyway): eight uploaders in a closed loop
alone 43 → 32 uploads a second; with two clients searching beside them, search
p95 158 → 128 ms.
0 turns the limit off.

A request's body is read before it asks for a slot, so a slow sender never
holds one.  A slot is a lock (``flock``) on a file of its own in the instance
folder: a process killed while holding one gives it back with its descriptors.
"""
from __future__ import annotations

import fcntl
import os
import random
import time
from pathlib import Path

from flask import Flask, current_app, g, request

from .errors import ArchiveError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
LONGEST_PAUSE = 0.01  # seconds between looks at the slots while all are taken


class Busy(ArchiveError):
    """Every slot stayed taken for as long as a change may wait."""

    status = 503

    def __init__(self, retry_after: int):
        super().__init__("ระบบกำลังบันทึกงานอื่นจำนวนมาก กรุณาส่งใหม่อีกครั้งในอีกสักครู่")
        self.headers = {"Retry-After": str(retry_after)}


class WriteSlots:
    """`count` slots shared by every process that uses the same `folder`."""

    def __init__(self, folder: str | os.PathLike, count: int):
        if count < 1:
            raise ValueError("a limit needs at least one slot")
        self.folder, self.count = Path(folder), count

    def acquire(self, timeout: float) -> int | None:
        """Take a free slot; return its descriptor (close it to give the slot back), or
        None when none came free within `timeout` seconds."""
        self.folder.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        pause = 0.0005
        while True:
            first = random.randrange(self.count)  # spread the takers over the slots
            for k in range(self.count):
                fd = os.open(self.folder / f"slot-{(first + k) % self.count}",
                             os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                return fd
            if time.monotonic() >= deadline:
                return None
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)


def slots_of(app: Flask) -> WriteSlots | None:
    """Return the app's write slots, or None when changes are not limited."""
    return app.extensions.get("evidence_archive_write_slots")


def wait_for_turn() -> None:
    """Before a change's view: read its body, then take a slot (503 when none comes free)."""
    slots = slots_of(current_app)
    if slots is None or request.method in SAFE_METHODS:
        return
    if request.mimetype in FORM_TYPES:
        request.form  # noqa: B018 - the whole body, files into storage's tmp, before the turn
    elif request.content_length:
        request.get_data(cache=True)
    wait = float(current_app.config["WRITE_WAIT_SECONDS"])
    fd = slots.acquire(wait)
    if fd is None:
        raise Busy(retry_after=max(1, round(wait / 10)))
    g.write_slot = fd


def give_back(exc: BaseException | None = None) -> None:
    fd = g.pop("write_slot", None)
    if fd is not None:
        os.close(fd)  # the lock goes with the descriptor


def default_concurrency() -> int:
    return max(1, (os.cpu_count() or 2) // 2)


def init_app(app: Flask) -> None:
    """Limit concurrent changes; call after every other module, so a change's turn comes
    after the gates that refuse a body unread (inputs) and read page forms."""
    count = app.config.get("WRITE_CONCURRENCY")
    count = default_concurrency() if count is None else int(count)
    if count <= 0:
        return
    app.extensions["evidence_archive_write_slots"] = WriteSlots(
        Path(app.instance_path) / "write-slots", count)
    app.before_request(wait_for_turn)
    app.teardown_request(give_back)

"""Idempotency keys (คีย์กันส่งซ้ำ): a retried creating call gets the first answer, not a second thing.

A client that timed out while uploading cannot tell whether the archive stored
the item; with an ``Idempotency-Key`` it can send the same request again.  The
first request with a key *claims* it: a row is inserted with insert-or-ignore
and committed on its own before any work, so every later request with that key
finds it, on PostgreSQL (which makes a concurrent insert wait for the first,
then skip) and on SQLite (one writer at a time) alike.  The rest is the API's
(:mod:`evidence_archive.api.idempotency`): answer 409 while the row has no
status, replay the stored answer once it has one.

A request may die with its key (a killed process): a retry that finds the key
held by a process that no longer runs frees it and runs anew if the dead one had
committed nothing (``status`` still empty), or gets the "stored, answer lost"
error if it had (``status`` 0, set in the work's own transaction).

Keys are per user and expire after ``IDEMPOTENCY_KEY_TTL`` seconds (24 hours by
default): an expired row is deleted when its key is claimed again, and
``evidence-archive check --fix`` deletes all of them.
"""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from ..db import db, insert_or_ignore
from ..models import IdempotencyKey, utcnow

#: How often a claim is tried when the row it met was released before it could be read.
CLAIM_ATTEMPTS = 3
#: ``status`` between the work's commit and the answer being kept.
COMMITTED = 0
#: A holder on another host is taken for dead after this long (its process cannot be seen).
REMOTE_HOLDER_TIMEOUT = timedelta(hours=1)


@dataclass(frozen=True)
class Fingerprint:
    """What identifies a request: its method, its path and the SHA-256 of all of it."""

    method: str
    path: str
    digest: str


@dataclass(frozen=True)
class Held:
    """A key another request claimed first: what it was for and, once done, its answer."""

    method: str
    path: str
    fingerprint: str
    status: int | None
    body: dict | list | None
    location: str
    holder: str = ""
    created_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self.status in (None, COMMITTED)

    def matches(self, request: Fingerprint) -> bool:
        return (self.method, self.path, self.fingerprint) == (
            request.method, request.path, request.digest)


def this_process() -> str:
    """Name this process so another one can tell later whether it still runs."""
    return f"{socket.gethostname()} {os.getpid()} {_start_time(os.getpid())}"


def _start_time(pid: int) -> str:
    """Return when a process started (clock ticks since boot, Linux), or "" if unknown or gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return ""


def holder_alive(held: Held, now: datetime) -> bool:
    """Tell whether the process holding a key may still be running its call."""
    try:
        host, pid, started = held.holder.split(" ")
    except ValueError:
        return True  # an old row without a holder: wait for it to expire
    if host != socket.gethostname():
        return held.created_at is None or now - held.created_at < REMOTE_HOLDER_TIMEOUT
    if started:
        return _start_time(int(pid)) == started  # gone, or its pid taken by another process
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def ttl() -> timedelta:
    """Return how long a key is kept (``IDEMPOTENCY_KEY_TTL`` seconds)."""
    return timedelta(seconds=current_app.config["IDEMPOTENCY_KEY_TTL"])


def _this(user_id: int, key: str):
    return (IdempotencyKey.user_id == user_id) & (IdempotencyKey.key == key)


def claim(user_id: int, key: str, request: Fingerprint) -> Held | None:
    """Claim a key for this request (None), or return how another request holds it.

    Runs before the request's work and commits at once: the claim must be seen
    by every other request before this one writes anything.  An expired row of
    the same key is deleted first, so an old key is free again; so is the row of
    a holder that died before committing anything.
    """
    now = utcnow()
    for _attempt in range(CLAIM_ATTEMPTS):
        db.session.execute(delete(IdempotencyKey).where(
            _this(user_id, key), IdempotencyKey.created_at < now - ttl()))
        if insert_or_ignore(IdempotencyKey, {
                "user_id": user_id, "key": key, "method": request.method, "path": request.path,
                "fingerprint": request.digest, "location": "", "holder": this_process(),
                "created_at": now}):
            db.session.commit()
            return None
        row = db.session.execute(select(
            IdempotencyKey.method, IdempotencyKey.path, IdempotencyKey.fingerprint,
            IdempotencyKey.status, IdempotencyKey.body, IdempotencyKey.location,
            IdempotencyKey.holder, IdempotencyKey.created_at)
            .where(_this(user_id, key))).first()
        db.session.commit()
        if row is None:
            continue  # the holder failed and released the key between our insert and read
        held = Held(*row)
        if held.status not in (None, COMMITTED) or holder_alive(held, now):
            return held
        _settle_dead(user_id, key, held)
        # Claim again: the dead holder's row is gone, or now holds its lost answer.
    return Held(request.method, request.path, request.digest, None, None, "")


def _settle_dead(user_id: int, key: str, held: Held) -> None:
    """Free the key of a holder that died before its commit; mark the answer lost if after."""
    dead = _this(user_id, key) & (IdempotencyKey.holder == held.holder)
    if held.status is None:
        db.session.execute(delete(IdempotencyKey).where(dead, IdempotencyKey.status.is_(None)))
    else:
        db.session.execute(update(IdempotencyKey).where(
            dead, IdempotencyKey.status == COMMITTED).values(status=500, body=LOST))
    db.session.commit()


#: The answer kept for a call whose process died after storing its work, before answering.
LOST = {"error": "ระบบบันทึกคำขอนี้แล้ว แต่หยุดทำงานก่อนตอบกลับ กรุณาตรวจสอบรายการในระบบ "
                 "ก่อนส่งใหม่ด้วยคีย์ใหม่"}


def mark_committed(session, user_id: int, key: str, answer: tuple | None = None) -> None:
    """In the work's own transaction: the call's work is being stored, and maybe its answer.

    `answer` is (status, body, location) when the call could make it before its
    commit; a retry after this process died then gets it replayed.
    """
    status, body, location = answer if answer else (COMMITTED, None, "")
    session.execute(update(IdempotencyKey).where(
        _this(user_id, key), IdempotencyKey.status.is_(None)).values(
        status=status, body=body, location=location))


def record(user_id: int, key: str, status: int, body, location: str = "") -> None:
    """Keep the answer a claimed key's request got, for its retries; commit."""
    db.session.rollback()  # whatever the request left uncommitted never rides along
    db.session.execute(update(IdempotencyKey).where(
        _this(user_id, key),
        IdempotencyKey.status.is_(None) | (IdempotencyKey.status == COMMITTED)).values(
        status=status, body=body, location=location or ""))
    db.session.commit()


def release(user_id: int, key: str) -> None:
    """Free a claimed key whose request failed before writing anything, so a retry runs anew."""
    db.session.rollback()  # the failed request's own writes first: never commit those
    db.session.execute(delete(IdempotencyKey).where(
        _this(user_id, key), IdempotencyKey.status.is_(None)))
    db.session.commit()


def sweep(now: datetime | None = None) -> int:
    """Delete every expired key (``check --fix``); return how many."""
    cutoff = (now or utcnow()) - ttl()
    removed = db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
    db.session.commit()
    return removed.rowcount

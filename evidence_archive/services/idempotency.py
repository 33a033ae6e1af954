"""Idempotency keys (คีย์กันส่งซ้ำ): a retried creating call gets the first answer, not a second thing.

A client that timed out while uploading cannot tell whether the archive stored
the item; with an ``Idempotency-Key`` it can send the same request again.  The
first request with a key *claims* it: a row is inserted with insert-or-ignore
and committed on its own before any work, so every later request with that key
finds it, on PostgreSQL (which makes a concurrent insert wait for the first,
then skip) and on SQLite (one writer at a time) alike.  The rest is the API's
(:mod:`evidence_archive.api.idempotency`): answer 409 while the row has no
status, replay the stored answer once it has one.

Keys are per user and expire after ``IDEMPOTENCY_KEY_TTL`` seconds (24 hours by
default): an expired row is deleted when its key is claimed again, and
``evidence-archive check --fix`` deletes all of them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from ..db import db, insert_or_ignore
from ..models import IdempotencyKey, utcnow

#: How often a claim is tried when the row it met was released before it could be read.
CLAIM_ATTEMPTS = 3


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

    @property
    def running(self) -> bool:
        return self.status is None

    def matches(self, request: Fingerprint) -> bool:
        return (self.method, self.path, self.fingerprint) == (
            request.method, request.path, request.digest)


def ttl() -> timedelta:
    """Return how long a key is kept (``IDEMPOTENCY_KEY_TTL`` seconds)."""
    return timedelta(seconds=current_app.config["IDEMPOTENCY_KEY_TTL"])


def _this(user_id: int, key: str):
    return (IdempotencyKey.user_id == user_id) & (IdempotencyKey.key == key)


def claim(user_id: int, key: str, request: Fingerprint) -> Held | None:
    """Claim a key for this request (None), or return how another request holds it.

    Runs before the request's work and commits at once: the claim must be seen
    by every other request before this one writes anything.  An expired row of
    the same key is deleted first, so an old key is free again.
    """
    now = utcnow()
    for _attempt in range(CLAIM_ATTEMPTS):
        db.session.execute(delete(IdempotencyKey).where(
            _this(user_id, key), IdempotencyKey.created_at < now - ttl()))
        if insert_or_ignore(IdempotencyKey, {
                "user_id": user_id, "key": key, "method": request.method, "path": request.path,
                "fingerprint": request.digest, "location": "", "created_at": now}):
            db.session.commit()
            return None
        row = db.session.execute(select(
            IdempotencyKey.method, IdempotencyKey.path, IdempotencyKey.fingerprint,
            IdempotencyKey.status, IdempotencyKey.body, IdempotencyKey.location)
            .where(_this(user_id, key))).first()
        db.session.commit()
        if row is not None:
            return Held(*row)
        # The holder failed and released the key between our insert and our read: try again.
    return Held(request.method, request.path, request.digest, None, None, "")


def record(user_id: int, key: str, status: int, body, location: str = "") -> None:
    """Keep the answer a claimed key's request got, for its retries; commit."""
    db.session.rollback()  # whatever the request left uncommitted never rides along
    db.session.execute(update(IdempotencyKey).where(
        _this(user_id, key), IdempotencyKey.status.is_(None)).values(
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

"""The ``Idempotency-Key`` request header on the API's creating calls (docs/api.md).

As the IETF draft "The Idempotency-Key HTTP Header Field" and Stripe's API
describe it: a client sends a key of its choosing with a ``POST`` that creates
something, and sends the same key again when it does not know whether the first
attempt arrived (a timeout in the middle of an upload).  Then:

* same key, same request, first one done: its answer is replayed (same status,
  body and ``Location``, plus ``Idempotent-Replayed: true``); nothing is created;
* same key, another request (method, path or body): ``422``;
* same key while the first request still runs: ``409``, try again shortly;
* a first request that failed (any error answer) before it committed anything
  frees its key, so a corrected retry runs anew; an error that came after the
  call had committed (the work may be stored) is kept and replayed instead, as
  Stripe does, since running the call again could store it twice.

Keys belong to the signed-in user (token or session); anonymous calls and calls
without the header run as before.  The logic of claiming, recording and
sweeping keys is in :mod:`evidence_archive.services.idempotency`.
"""
from __future__ import annotations

import hashlib
import json
import re
from contextlib import contextmanager
from functools import wraps
from typing import Callable

from flask import current_app, jsonify, make_response, request
from flask_login import current_user
from sqlalchemy import event
from werkzeug.exceptions import HTTPException

from ..db import db
from ..services import idempotency
from ..services.idempotency import Fingerprint, Held
from ..uploads import incoming_of
from .common import FORM_TYPES, fail

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]+")
# An RFC 8941 sf-string, as the draft writes keys: "…" with \" and \\ escaped.
SF_STRING = re.compile(r'"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"')
CRASHED = {"error": "ระบบขัดข้องหลังจากบันทึกข้อมูลไปแล้ว กรุณาตรวจสอบก่อนส่งใหม่ด้วยคีย์ใหม่"}


# --------------------------------------------------------------------------- the header

def requested_key() -> str | None:
    """Return the request's Idempotency-Key (None without one); refuse a bad one with 400."""
    values = request.headers.getlist(HEADER)
    if not values:
        return None
    key = raw = values[0].strip()
    if raw.startswith('"'):  # the draft's form; a broken one is refused, not taken as it is
        quoted = SF_STRING.fullmatch(raw)
        key = re.sub(r"\\(.)", r"\1", quoted[1]) if quoted else ""
    if (len(values) > 1 or not 1 <= len(key) <= MAX_KEY_LENGTH
            or not PRINTABLE_ASCII.fullmatch(key)):
        fail(400, f"ส่วนหัว {HEADER} ต้องมีค่าเดียว ยาว 1–{MAX_KEY_LENGTH} ตัวอักษร "
                  "เป็นอักขระ ASCII ที่พิมพ์ได้เท่านั้น (เช่น UUID)",
             {HEADER: f"ต้องเป็นอักขระ ASCII ที่พิมพ์ได้ 1–{MAX_KEY_LENGTH} ตัว"})
    return key


# --------------------------------------------------------------------------- the fingerprint

def fingerprint() -> Fingerprint:
    """Identify the request by its method, path, query, media type and body.

    A JSON (or any other) body is hashed as received.  Form data is hashed as
    parsed, fields and files (each by the SHA-256 its upload computed on the way
    to disk): a client sending the same form again picks a new multipart
    boundary, and a file is never read twice.
    """
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.query_string.decode("latin-1"),
                 request.mimetype):
        digest.update(part.encode("utf-8") + b"\n")
    if request.mimetype in FORM_TYPES:
        for name, value in request.form.items(multi=True):
            digest.update(json.dumps(["field", name, value]).encode() + b"\n")
        for name, part in request.files.items(multi=True):
            digest.update(json.dumps(["file", name, part.filename, _content_digest(part)])
                          .encode() + b"\n")
    else:
        digest.update(request.get_data(cache=True))
    return Fingerprint(request.method, request.path, digest.hexdigest())


def _content_digest(part) -> str:
    """Return a file part's SHA-256: from its upload, or read (then rewound) if parsed elsewhere."""
    incoming = incoming_of(part)
    if incoming is not None:
        return incoming.sha256
    digest = hashlib.sha256()
    part.stream.seek(0)
    while chunk := part.stream.read(1024 * 1024):
        digest.update(chunk)
    part.stream.seek(0)
    return digest.hexdigest()


# --------------------------------------------------------------------------- the decorator

def idempotent(view=None, *, creates: type | None = None, answer: Callable | None = None):
    """Let a creating API call be retried safely with an ``Idempotency-Key`` header.

    With `creates` (the model the call makes) and `answer` (the view's own
    answer for such an object), the answer is kept in the same transaction as
    the work: a retry after the process died right after its commit still gets
    it.  Without them such a retry learns the work was stored, not its answer.
    """
    if view is None:
        return lambda view: idempotent(view, creates=creates, answer=answer)

    @wraps(view)
    def wrapped(*args, **kwargs):
        key = requested_key()
        if key is None or not current_user.is_authenticated:
            return view(*args, **kwargs)  # the view refuses anonymous callers itself
        user_id = current_user.id
        this = fingerprint()
        held = idempotency.claim(user_id, key, this)
        if held is not None:
            return _answer_for(held, this)
        return _run_claimed(view, args, kwargs, user_id, key, (creates, answer))

    wrapped.idempotent = True
    return wrapped


def _answer_for(held: Held, this: Fingerprint):
    """Answer a request whose key another request holds: 422, 409, or the replayed answer."""
    if not held.matches(this):
        fail(422, f"{HEADER} นี้ใช้กับคำขออื่นไปแล้ว ({held.method} {held.path}): "
                  "คำขอใหม่ต้องใช้คีย์ใหม่",
             {HEADER: "คีย์นี้ใช้กับคำขอที่ต่างออกไปแล้ว (เส้นทางหรือข้อมูลที่ส่งไม่ตรงกัน)"})
    if held.running:
        fail(409, f"คำขอแรกที่ใช้ {HEADER} นี้ยังทำงานอยู่ กรุณารอสักครู่แล้วส่งใหม่ด้วยคีย์เดิม",
             headers={"Retry-After": "1"})
    response = make_response(jsonify(held.body), held.status)
    if held.location:
        response.headers["Location"] = held.location
    response.headers[REPLAYED] = "true"
    return response


def _run_claimed(view, args, kwargs, user_id: int, key: str, made_by=(None, None)):
    """Run the view on a claimed key; keep its answer, or free the key if it wrote nothing."""
    with _commits_watched(user_id, key, *made_by) as committing:
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - settled below, then answered or raised
            try:
                response = _error_response(exc)
            except Exception:
                if committing:
                    idempotency.record(user_id, key, 500, CRASHED)
                else:
                    idempotency.release(user_id, key)
                raise
    if response.status_code < 400 or committing:
        idempotency.record(user_id, key, response.status_code,
                           response.get_json(silent=True), response.headers.get("Location", ""))
    else:
        idempotency.release(user_id, key)
    return response


def _error_response(exc: Exception):
    """Return the app's own answer to an error a view raised; raise it again if it has none."""
    if isinstance(exc, HTTPException) and exc.response is not None:  # common.fail()
        return exc.response
    return current_app.make_response(current_app.handle_user_exception(exc))


@contextmanager
def _commits_watched(user_id: int, key: str, creates: type | None = None,
                     answer: Callable | None = None):
    """Yield a list that fills when the request's session starts a commit.

    After a commit began, the call's work may be stored even if it then fails,
    so its key must never be freed for a second run.  The first commit also
    marks the key in its own transaction — with the answer for the object the
    call created, when the view says how to make it, else as committed — so a
    retry after this process died knows whether the work was stored.
    """
    session = db.session()
    committing: list[bool] = []
    made: list = []

    def collect(session_, _context) -> None:
        if creates is not None and not made:
            made.extend(o for o in session_.new if isinstance(o, creates))

    def note(session_) -> None:
        if not committing:
            idempotency.mark_committed(session_, user_id, key, _kept_answer(session_, made, answer))
        committing.append(True)

    event.listen(session, "after_flush", collect)
    event.listen(session, "before_commit", note)
    try:
        yield committing
    finally:
        event.remove(session, "before_commit", note)
        event.remove(session, "after_flush", collect)


def _kept_answer(session, made: list, answer: Callable | None):
    """Return (status, body, location) of the view's answer for what it made, or None."""
    if answer is None:
        return None
    try:
        session.flush()  # what is still pending gets its ids (and lands in `made`)
        if not made:
            return None
        response = current_app.make_response(answer(made[0]))
        return response.status_code, response.get_json(silent=True), \
            response.headers.get("Location", "")
    except Exception:  # noqa: BLE001 - never fail the work for its kept answer
        current_app.logger.exception("idempotency: could not make the answer to keep")
        return None

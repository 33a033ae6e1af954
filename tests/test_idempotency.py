"""The Idempotency-Key header on the API's creating calls: replay, mismatch, per user, expiry.

A client that timed out during an upload sends it again with the same key and
gets the first answer back, and the archive stores nothing twice.  The race of
many such retries at once is in test_concurrency.py.
"""
from __future__ import annotations

import io
import json
import socket
import subprocess
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import delete, event, func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from evidence_archive import admission
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import (AssessmentYear, Category, EvidenceItem, EvidenceSet,
                                     IdempotencyKey, ItemFile, User)
from evidence_archive.services import idempotency, users

from .conftest import DATA, INVITATION, get_user, make_item, make_set, stage_category

BASE = "/api/v1"
HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
PDF = "invitation-ktpn-1-2563.pdf"
NEWS = {"headline": "สพม.29 ประชุม ก.ต.ป.น.", "published_on": "16/05/2563", "channel": "LINE"}


@pytest.fixture
def tokens(app):
    return {role: users.create_token(get_user(role), "tests")[1] for role in ("staff", "admin")}


@pytest.fixture
def post(app, tokens):
    """POST to the API as a role's token, with an Idempotency-Key when `key` is given."""
    def post(path: str, key: str | None = None, role: str = "staff", **kwargs):
        headers = {"Authorization": f"Bearer {tokens[role]}", **kwargs.pop("headers", {})}
        if key is not None:
            headers[HEADER] = key
        return app.test_client().post(BASE + path, headers=headers, **kwargs)
    return post


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def set_body(title: str = "การประชุม ก.ต.ป.น. ครั้งที่ 1/2563") -> dict:
    return {"category": stage_category().id, "title": title}


def multipart(boundary: str, files=((PDF, "หนังสือเชิญประชุม.pdf"),), **fields):
    """Encode an upload as a client would, under a boundary of the caller's choice."""
    values = MultiDict(fields)
    for source, name in files:
        values.add("files", FileStorage(io.BytesIO((DATA / source).read_bytes()), name))
    boundary, body = encode_multipart(values, boundary=boundary)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def assert_replayed(first, again) -> None:
    assert again.status_code == first.status_code
    assert again.get_json() == first.get_json()
    assert again.headers.get("Location") == first.headers.get("Location")
    assert again.headers[REPLAYED] == "true" and REPLAYED not in first.headers


# --------------------------------------------------------------------------- replay

def test_a_retried_set_gets_the_first_answer_and_no_second_set(post):
    first = post("/sets", "a4d3c0de-0001", json=set_body())
    again = post("/sets", "a4d3c0de-0001", json=set_body())
    assert first.status_code == 201, first.get_json()
    assert_replayed(first, again)
    assert count(EvidenceSet) == 1


def test_a_retried_upload_stores_one_item_and_one_file(post, app):
    """The timed-out upload of issue 9: sent again (curl picks a new boundary), stored once."""
    evidence_set = make_set()
    fields = {"type": "meeting_invitation", "metadata": json.dumps(INVITATION)}
    path = f"/sets/{evidence_set.public_id}/items"
    first = post(path, "upload-7", **multipart("----first-attempt", **fields))
    again = post(path, "upload-7", **multipart("----second-attempt", **fields))
    assert first.status_code == 201, first.get_json()
    assert_replayed(first, again)
    assert count(EvidenceItem) == 1 and count(ItemFile) == 1
    assert not list((archive_of(app).store.tmp).glob("*.part"))


def test_without_a_key_a_retry_creates_again(post):
    """What the key prevents: the same request sent twice makes two sets."""
    assert post("/sets", json=set_body()).status_code == 201
    assert post("/sets", json=set_body()).status_code == 201
    assert count(EvidenceSet) == 2 and count(IdempotencyKey) == 0


@pytest.fixture
def item(app):
    return make_item(app, make_set())


CREATING = {  # endpoint: (path, body, role, the table that must not grow on a retry)
    "api.create_year": (lambda w: "/years", {"json": {"year": 2564}}, "admin", AssessmentYear),
    "api.copy_year": (lambda w: "/years/2563/copy", {"json": {"to": 2565}}, "admin",
                      AssessmentYear),
    "api.create_category": (lambda w: "/categories", {"json": {"year": 2563, "name": "หมวดใหม่"}},
                            "admin", Category),
    "api.create_user": (lambda w: "/users", {"json": {"username": "somsri",
                                                      "password": "ยาวพอสมควร123"}},
                        "admin", User),
    "api.create_set": (lambda w: "/sets", None, "staff", EvidenceSet),
    "api.create_item": (lambda w: f"/sets/{w.evidence_set.public_id}/items",
                        {"json": {"type": "press_release", "metadata": NEWS}}, "staff",
                        EvidenceItem),
    "api.add_files": (lambda w: f"/items/{w.public_id}/files", "upload", "staff", ItemFile),
}
NOT_CREATING = {"api.publish_set", "api.unpublish_set", "api.reorder_set", "api.publish_item",
                "api.unpublish_item", "api.move_item", "api.restore", "api.purge",
                "api.create_token"}  # a token's secret is never stored, so never replayed


def test_every_creating_post_of_the_api_takes_a_key(app):
    """A new POST route must say which it is: creating (idempotent) or not."""
    posts = {rule.endpoint for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("api.") and "POST" in rule.methods}
    idempotent = {e for e in posts if getattr(app.view_functions[e], "idempotent", False)}
    assert idempotent == set(CREATING)
    assert posts - idempotent == NOT_CREATING


@pytest.mark.parametrize("endpoint", sorted(CREATING))
def test_every_creating_call_is_replayed(post, item, endpoint):
    path, body, role, table = CREATING[endpoint]
    if body is None:
        body = {"json": set_body("ชุดใหม่")}
    before = count(table)

    def send():
        kwargs = multipart("----x" + str(id(object()))) if body == "upload" else body
        return post(path(item), f"key-{endpoint}", role=role, **kwargs)

    first = send()
    assert first.status_code == 201, first.get_json()
    assert_replayed(first, send())
    assert count(table) == before + 1


def test_a_session_caller_and_a_token_of_the_same_user_share_keys(post, role_client):
    staff = role_client("staff")
    first = staff.post(BASE + "/sets", json=set_body(), headers={HEADER: "from-the-page"})
    assert first.status_code == 201
    assert_replayed(first, post("/sets", "from-the-page", json=set_body()))
    assert count(EvidenceSet) == 1


def test_a_quoted_key_as_the_draft_writes_it_is_the_same_key(post):
    first = post("/sets", "8e03978e-40d5-43e8", json=set_body())
    assert_replayed(first, post("/sets", '"8e03978e-40d5-43e8"', json=set_body()))


# --------------------------------------------------------------------------- refusals

def test_the_same_key_on_another_request_is_refused(post):
    assert post("/sets", "k1", json=set_body("ชุด ก")).status_code == 201
    other_body = post("/sets", "k1", json=set_body("ชุด ข"))
    assert other_body.status_code == 422
    assert HEADER in other_body.get_json()["errors"]
    assert "POST /api/v1/sets" in other_body.get_json()["error"]
    other_path = post("/categories", "k1", role="staff", json={"year": 2563, "name": "ก"})
    assert other_path.status_code in (403, 422)  # staff may not; either way nothing is made
    assert count(EvidenceSet) == 1


def test_keys_are_per_user(post):
    mine = post("/sets", "same-key", json=set_body("ชุดของเจ้าหน้าที่"))
    theirs = post("/sets", "same-key", role="admin", json=set_body("ชุดของผู้ดูแล"))
    assert mine.status_code == theirs.status_code == 201
    assert REPLAYED not in theirs.headers
    assert count(EvidenceSet) == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "คีย์ภาษาไทย", "caf\xe9", '"unterminated'],
                         ids=["empty", "256 long", "Thai", "Latin-1", "broken quotes"])
def test_a_bad_key_is_refused_and_nothing_is_made(post, key):
    response = post("/sets", key, json=set_body())
    assert response.status_code == 400, response.get_json()
    assert HEADER in response.get_json()["errors"]
    assert count(EvidenceSet) == 0 and count(IdempotencyKey) == 0


def test_a_key_of_255_printable_characters_is_fine(post):
    key = ("ab-_.~!#$%&'*+^`| " * 20)[:254] + "z"
    assert post("/sets", key, json=set_body()).status_code == 201
    assert post("/sets", key, json=set_body()).headers[REPLAYED] == "true"


def test_anonymous_callers_get_401_and_leave_no_key(app):
    response = app.test_client().post(BASE + "/sets", json=set_body(), headers={HEADER: "k"})
    assert response.status_code == 401 and count(IdempotencyKey) == 0


# --------------------------------------------------------------------------- failures

def test_a_refused_request_frees_its_key_for_the_corrected_one(post):
    missing_title = {"category": stage_category().id}
    for _attempt in range(2):  # refused each time, never a replayed refusal
        refused = post("/sets", "fix-me", json=missing_title)
        assert refused.status_code == 422 and REPLAYED not in refused.headers
        assert count(IdempotencyKey) == 0
    assert post("/sets", "fix-me", json={"category": 999999, "title": "ก"}).status_code == 422
    assert post("/sets/no-such-set/items", "fix-me", json={"type": "x"}).status_code == 404
    fixed = post("/sets", "fix-me", json=set_body())
    assert fixed.status_code == 201 and REPLAYED not in fixed.headers
    assert count(EvidenceSet) == 1


def test_an_error_after_the_work_was_committed_is_kept_not_run_again(post, app):
    """The set is stored but the answer is lost: a retry gets the answer the work's own
    commit kept, and stores no second set."""
    session = db.session()
    committed_set, fired = [], []

    def note_set(_session, _context):
        committed_set.extend(o for o in _session.new if isinstance(o, EvidenceSet))

    def connection_lost(_session, _transaction, _connection):
        if committed_set and not fired:  # the first query after the set's commit
            fired.append(True)
            raise RuntimeError("server closed the connection unexpectedly")

    event.listen(session, "after_flush", note_set)
    event.listen(session, "after_begin", connection_lost)
    try:
        with pytest.raises(RuntimeError, match="closed the connection"):
            post("/sets", "lost-answer", json=set_body())
    finally:
        event.remove(session, "after_flush", note_set)
        event.remove(session, "after_begin", connection_lost)
    assert count(EvidenceSet) == 1
    again = post("/sets", "lost-answer", json=set_body())
    assert again.status_code == 201 and again.headers[REPLAYED] == "true"
    stored = db.session.scalars(select(EvidenceSet)).one()
    assert again.get_json()["id"] == stored.public_id
    assert count(EvidenceSet) == 1


def in_thread(app, outcome: dict, name: str, call) -> threading.Thread:
    """Start call() in a thread with its own app context; its answer goes to outcome[name]."""
    def run() -> None:
        with app.app_context():
            try:
                outcome[name] = call()
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@contextmanager
def first_request_held(app, post, key: str):
    """Send POST /sets with `key` from a thread and hold it inside its work (at its flush)
    until the block ends; yield the dict its answer goes to, as "first"."""
    holding, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def hold(session, _context, _instances):
        if any(isinstance(o, EvidenceSet) for o in session.new):
            holding.set()
            release.wait(30)

    def first():
        event.listen(db.session(), "before_flush", hold)
        return post("/sets", key, json=set_body())

    thread = in_thread(app, outcome, "first", first)
    try:
        assert holding.wait(30)
        yield outcome
    finally:
        release.set()
        thread.join(60)


def test_a_retry_while_the_first_request_runs_gets_409(app, post, monkeypatch):
    """The first request is held inside its work; the retry neither waits nor creates.

    Two changes at once, as on a server with 4 CPUs (admission.WRITE_CONCURRENCY): the
    retry has its turn while the first still runs.  With one, it waits (next test)."""
    monkeypatch.setattr(admission.slots_of(app), "count", 2)
    with first_request_held(app, post, "slow") as outcome:
        busy = post("/sets", "slow", json=set_body())
    assert busy.status_code == 409 and busy.headers["Retry-After"] == "1"
    assert outcome["first"].status_code == 201
    assert_replayed(outcome["first"], post("/sets", "slow", json=set_body()))
    assert count(EvidenceSet) == 1


def test_a_retry_waiting_for_its_turn_gets_the_first_answer(app, post, monkeypatch):
    """One change at a time: a retry sent while the first request still runs waits for the
    first to finish, then gets its answer replayed: nothing created twice, no 409."""
    monkeypatch.setattr(admission.slots_of(app), "count", 1)  # as on 2 CPUs, whatever this has
    with first_request_held(app, post, "patient") as outcome:
        retry = in_thread(app, outcome, "retry", lambda: post("/sets", "patient", json=set_body()))
        retry.join(0.5)
        assert retry.is_alive()  # waiting for its turn
    retry.join(60)
    assert outcome["first"].status_code == 201
    assert_replayed(outcome["first"], outcome["retry"])
    assert count(EvidenceSet) == 1


# --------------------------------------------------------------------------- expiry

def age_keys(by: timedelta) -> None:
    """Move every key's time back, as if it had been made `by` earlier."""
    for row in db.session.scalars(select(IdempotencyKey)):
        row.created_at -= by
    db.session.commit()


def test_a_key_expires_after_its_time_to_live(app, post):
    app.config["IDEMPOTENCY_KEY_TTL"] = 3600
    first = post("/sets", "hourly", json=set_body())
    age_keys(timedelta(minutes=59))
    assert post("/sets", "hourly", json=set_body()).headers[REPLAYED] == "true"
    age_keys(timedelta(minutes=2))
    fresh = post("/sets", "hourly", json=set_body())
    assert fresh.status_code == 201 and REPLAYED not in fresh.headers
    assert fresh.get_json()["id"] != first.get_json()["id"]
    assert count(EvidenceSet) == 2 and count(IdempotencyKey) == 1


def test_keys_are_kept_a_day_by_default_and_check_fix_sweeps_expired_ones(app, post, runner):
    post("/sets", "old", json=set_body("ชุดเก่า"))
    age_keys(timedelta(hours=23))
    assert post("/sets", "old", json=set_body("ชุดเก่า")).headers[REPLAYED] == "true"
    age_keys(timedelta(hours=2))
    post("/sets", "new", json=set_body("ชุดใหม่"))
    result = runner.invoke(args=["check", "--fix"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 expired idempotency keys." in result.output
    assert db.session.scalars(select(IdempotencyKey.key)).all() == ["new"]


# --------------------------------------------------------------------------- the web pages

def test_page_forms_ignore_the_header(role_client):
    """Only the API takes keys: the pages' forms work as before (and a browser sends none)."""
    staff = role_client("staff")
    path = f"/categories/{stage_category().id}/sets/new"
    for _attempt in range(2):
        response = staff.post(path, data={"title": "ชุดจากหน้าเว็บ", "number": "", "description": ""},
                              headers={HEADER: "page"})
        assert response.status_code == 303
    assert count(EvidenceSet) == 2 and count(IdempotencyKey) == 0


# --------------------------------------------------------------------------- a holder that died

def dead_holder() -> str:
    """Name a process that ran and is gone, as a claim made by it names it."""
    process = subprocess.Popen(["sleep", "30"])
    holder = f"{socket.gethostname()} {process.pid} {idempotency._start_time(process.pid)}"
    process.kill()
    process.wait()
    return holder


def claim_left_by_dead_process(post, status) -> None:
    """Make a key's claim look as a SIGKILLed request leaves it, before or after its commit."""
    first = post("/sets", "orphan", json=set_body())
    assert first.status_code == 201
    row = db.session.scalars(select(IdempotencyKey)).one()
    row.status, row.body, row.holder = status, None, dead_holder()
    db.session.commit()
    return first


def test_a_key_whose_holder_died_before_committing_is_free_for_the_retry(post):
    post_id = claim_left_by_dead_process(post, None).get_json()["id"]
    db.session.execute(delete(EvidenceSet).where(EvidenceSet.public_id == post_id))
    db.session.commit()  # as if the killed request never stored its set
    again = post("/sets", "orphan", json=set_body())
    assert again.status_code == 201 and REPLAYED not in again.headers
    assert count(EvidenceSet) == 1
    assert_replayed(again, post("/sets", "orphan", json=set_body()))


def test_a_key_whose_holder_died_after_committing_is_never_run_twice(post):
    claim_left_by_dead_process(post, idempotency.COMMITTED)
    again = post("/sets", "orphan", json=set_body())
    assert again.status_code == 500 and "ตรวจสอบรายการ" in again.get_json()["error"]
    assert count(EvidenceSet) == 1


def test_a_running_holder_is_waited_for(post):
    claim_left_by_dead_process(post, None)
    row = db.session.scalars(select(IdempotencyKey)).one()
    row.holder = idempotency.this_process()  # alive: this very process
    db.session.commit()
    assert post("/sets", "orphan", json=set_body()).status_code == 409


def test_the_work_keeps_its_answer_in_its_own_transaction(app, post):
    """Seen from outside right after the work's commit: the key holds the answer already,
    so a retry after the process died there still gets it."""
    seen = []

    def look(_session):
        with db.engine.connect() as connection:
            seen.append(connection.execute(select(IdempotencyKey.status, IdempotencyKey.body,
                                                  IdempotencyKey.location)).first())

    with app.app_context():
        event.listen(db.session(), "after_commit", look)
        try:
            first = post("/sets", "marked", json=set_body())
        finally:
            event.remove(db.session(), "after_commit", look)
    assert first.status_code == 201
    claimed, work = seen[-3], seen[-2]
    assert claimed[0] is None  # the claim, committed before the work
    assert work == (201, first.get_json(), first.headers["Location"])  # the work's own commit


def test_a_holder_that_died_after_its_commit_is_replayed_its_answer(post):
    first = post("/sets", "orphan-2", json=set_body())
    row = db.session.scalars(select(IdempotencyKey)).one()
    row.holder = dead_holder()  # killed between its commit and its answer: the row is as it left it
    db.session.commit()
    assert_replayed(first, post("/sets", "orphan-2", json=set_body()))
    assert count(EvidenceSet) == 1

"""Concurrent requests on one database: set numbers, shared file content, error answers.

Threads, each in its own app context and so its own database session, meet
at a barrier and then race for the same rows — on SQLite and on PostgreSQL,
whose row locks and deadlock detection behave quite differently.
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.errors import Conflict
from evidence_archive.models import Blob, EvidenceSet, ItemFile
from evidence_archive.services import evidence

from .conftest import get_user, stage_category

DATABASES = pytest.mark.parametrize(
    "db_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
RACERS = 8


def race(app, work, racers: int = RACERS) -> list:
    """Run work(index) in `racers` threads at once, each in its own app context; return outcomes."""
    barrier = threading.Barrier(racers)
    outcomes: list = [None] * racers

    def run(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                outcomes[index] = work(index)
            except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
                outcomes[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@DATABASES
def test_sets_without_a_number_all_get_the_next_free_one(app):
    category_id = stage_category().id

    def create(index: int) -> int:
        category = db.session.get(type(stage_category()), category_id)
        return evidence.create_set(category, f"ชุดที่ {index}", get_user()).number

    outcomes = race(app, create)
    assert sorted(outcomes) == list(range(1, RACERS + 1)), outcomes


@DATABASES
def test_one_chosen_number_wins_the_others_get_a_conflict(app):
    category_id = stage_category().id

    def create(index: int) -> int:
        category = db.session.get(type(stage_category()), category_id)
        return evidence.create_set(category, f"ชุดที่ {index}", get_user(), number=7).number

    outcomes = race(app, create)
    assert outcomes.count(7) == 1, outcomes
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(conflicts) == RACERS - 1, outcomes
    assert all(c.status == 409 and "number" in c.errors for c in conflicts)
    assert db.session.scalar(select(func.count(EvidenceSet.id))) == 1


# --------------------------------------------------------------------------- shared file content

NEWS = {"headline": "ประชุม ก.ต.ป.น.", "published_on": "1 มิถุนายน 2563", "channel": "LINE"}


def _news_upload(app, name: str, content: bytes):
    from .conftest import upload_of
    return upload_of(app, name, data=content)


def _assert_every_file_intact(app) -> int:
    """Every committed file row has its file on disk with the right digest; return how many."""
    import hashlib
    store = archive_of(app).store
    rows = db.session.execute(select(ItemFile.sha256)).scalars().all()
    for sha in rows:
        assert hashlib.sha256(store.path(sha).read_bytes()).hexdigest() == sha
    return len(rows)


@DATABASES
def test_uploads_sharing_content_in_any_order_all_succeed_and_keep_their_files(app):
    from .conftest import make_set as new_set
    sets = [new_set(title=f"ชุด {i}").id for i in range(RACERS)]
    contents = [f"เนื้อหาไฟล์ {name} {id(app)}".encode() for name in "AB"]
    etype = archive_of(app).types.get("press_release")

    def upload(index: int):
        order = contents if index % 2 else contents[::-1]
        uploads = [_news_upload(app, f"ไฟล์ {n}.txt", c) for n, c in enumerate(order)]
        evidence_set = db.session.get(EvidenceSet, sets[index])
        return evidence.create_item(evidence_set, etype, dict(NEWS), get_user(), uploads).id

    outcomes = race(app, upload)
    assert all(isinstance(o, int) for o in outcomes), outcomes
    assert db.session.scalar(select(func.count()).select_from(Blob)) == 2
    assert _assert_every_file_intact(app) == 2 * RACERS


@DATABASES
def test_a_failed_upload_never_removes_a_file_another_one_committed(app):
    """The loser placed the file first; the winner reuses it and commits; the loser then fails."""
    from sqlalchemy import event

    from .conftest import make_set as new_set
    set_ids = [new_set(title="ชุดผู้แพ้").id, new_set(title="ชุดผู้ชนะ").id]
    content = f"ไฟล์เดียวกัน {id(app)}".encode()
    etype = archive_of(app).types.get("press_release")
    loser_placed, winner_committing, loser_done = (threading.Event() for _ in range(3))

    def loser_flush(session, context, instances):
        loser_placed.set()
        winner_committing.wait(10)
        raise RuntimeError("deadlock detected")  # as PostgreSQL answers a deadlock's victim

    def winner_commit(session):
        winner_committing.set()
        loser_done.wait(2)  # the old code removed the file here, before this commit

    def upload(index: int):
        if index == 1:
            loser_placed.wait(10)
        session = db.session()
        event.listen(session, "before_flush" if index == 0 else "before_commit",
                     loser_flush if index == 0 else winner_commit)
        try:
            evidence_set = db.session.get(EvidenceSet, set_ids[index])
            return evidence.create_item(evidence_set, etype, dict(NEWS), get_user(),
                                        [_news_upload(app, "ข่าว.txt", content)]).id
        finally:
            if index == 0:
                loser_done.set()

    loser, winner = race(app, upload, racers=2)
    assert isinstance(loser, RuntimeError) and isinstance(winner, int)
    assert _assert_every_file_intact(app) == 1


# --------------------------------------------------------------------------- retried uploads

@DATABASES
def test_retries_of_one_upload_with_one_key_store_it_once(app):
    """Eight retries of an upload at once, one Idempotency-Key: one item, never a 500.

    Each answer is the first request's 201, its replay, or 409 while it still runs.
    """
    import io
    import json

    from evidence_archive.models import EvidenceItem, IdempotencyKey
    from evidence_archive.services import users

    from .conftest import DATA, INVITATION, make_set as new_set

    path = f"/api/v1/sets/{new_set().public_id}/items"
    secret = users.create_token(get_user(), "retries")[1]
    pdf = (DATA / "invitation-ktpn-1-2563.pdf").read_bytes()

    def upload(index: int):
        response = app.test_client().post(
            path, headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": "upload-42"},
            data={"type": "meeting_invitation", "metadata": json.dumps(INVITATION),
                  "files": (io.BytesIO(pdf), "หนังสือเชิญประชุม.pdf")})
        return response.status_code, response.headers.get("Idempotent-Replayed"), response.get_json()

    outcomes = race(app, upload)
    assert all(isinstance(o, tuple) for o in outcomes), outcomes
    assert all(status in (201, 409) for status, _, _ in outcomes), outcomes
    firsts = [body for status, replayed, body in outcomes if status == 201 and not replayed]
    replays = [body for status, replayed, body in outcomes if status == 201 and replayed]
    assert len(firsts) == 1 and all(body == firsts[0] for body in replays), outcomes
    assert db.session.scalar(select(func.count(EvidenceItem.id))) == 1
    assert db.session.scalar(select(func.count(ItemFile.id))) == 1
    assert db.session.scalar(select(IdempotencyKey.status)) == 201

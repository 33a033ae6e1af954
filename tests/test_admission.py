"""Changes take turns: at most WRITE_CONCURRENCY at once, across processes; reads never wait.

The slots are real locks on real files, held by real processes (forked here,
or gunicorn's in test_server.py), and a holder is killed for real.
"""
from __future__ import annotations

import multiprocessing
import os
import signal

import pytest
from sqlalchemy import func, select

from evidence_archive import admission, create_app
from evidence_archive.admission import WriteSlots
from evidence_archive.db import db
from evidence_archive.models import AuditEvent, EvidenceSet
from evidence_archive.services import users
from evidence_archive.testing import dispose

from .conftest import PASSWORD, get_user, stage_category


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WRITE_CONCURRENCY": 1, "WRITE_WAIT_SECONDS": 0.3}


class Holder:
    """Another process that takes a slot and keeps it until killed."""

    def __init__(self, folder, count: int):
        context = multiprocessing.get_context("fork")
        reading, writing = context.Pipe(duplex=False)

        def hold():
            fd = WriteSlots(folder, count).acquire(timeout=5)
            writing.send(fd is not None)
            signal.pause()

        self.process = context.Process(target=hold, daemon=True)
        self.process.start()
        assert reading.recv(), "the holder found no free slot"

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(10)


def test_slots_are_shared_between_processes_and_a_killed_holder_frees_its_own(tmp_path):
    slots = WriteSlots(tmp_path / "slots", 2)
    holder = Holder(tmp_path / "slots", 2)
    mine = slots.acquire(timeout=0.1)
    assert mine is not None  # the second of two
    assert slots.acquire(timeout=0.1) is None  # both taken: one here, one in the holder
    holder.kill()
    freed = slots.acquire(timeout=1)
    assert freed is not None
    os.close(mine)
    os.close(freed)


def test_the_limit_is_half_the_cpus_at_least_one_and_zero_turns_it_off(app):
    assert admission.default_concurrency() == max(1, (os.cpu_count() or 2) // 2)
    assert admission.slots_of(app).count == 1  # as configured here
    off = create_app({**app.config, "WRITE_CONCURRENCY": 0}, instance_path=app.instance_path)
    try:
        assert admission.slots_of(off) is None
    finally:
        dispose(off)


def test_a_change_with_no_free_slot_is_answered_503_and_changes_nothing(app, client):
    token = users.create_token(get_user("staff"), "tests")[1]
    bearer = {"Authorization": f"Bearer {token}"}
    category = stage_category().id
    client.post("/login", data={"username": "staff", "password": PASSWORD})  # a change too
    before = (db.session.scalar(select(func.count()).select_from(EvidenceSet)),
              db.session.scalar(select(func.count()).select_from(AuditEvent)))
    holder = Holder(admission.slots_of(app).folder, 1)
    try:
        busy = client.post("/api/v1/sets", json={"category": category, "title": "อ้างอิงชุด 1"},
                           headers=bearer)
        assert busy.status_code == 503
        assert busy.headers["Retry-After"] == "1"
        assert "กรุณาส่งใหม่" in busy.get_json()["error"]
        # A page form comes back as typed, with the message in Thai: sending it again is one click.
        page = client.post(f"/categories/{category}/sets/new", data={"title": "อ้างอิงชุดรอคิว"},
                           headers={"Accept": "text/html"})
        text = page.get_data(as_text=True)
        assert page.status_code == 503 and page.headers["Retry-After"] == "1"
        assert "กรุณาส่งใหม่" in text and 'value="อ้างอิงชุดรอคิว"' in text
        client.get("/lang/en")  # a read: it needs no turn
        english = client.post(f"/categories/{category}/sets/new", data={"title": "queued set"})
        assert "please send this again" in english.get_data(as_text=True)
        # Reads never wait for a turn.
        assert client.get("/api/v1/years", headers=bearer).status_code == 200
        assert client.get("/healthz").status_code == 200
        assert (db.session.scalar(select(func.count()).select_from(EvidenceSet)),
                db.session.scalar(select(func.count()).select_from(AuditEvent))) == before
    finally:
        holder.kill()
    created = client.post("/api/v1/sets", json={"category": category, "title": "อ้างอิงชุด 1"},
                          headers=bearer)
    assert created.status_code == 201, created.get_json()


def test_a_request_gives_its_slot_back_even_when_it_fails(app, client):
    token = users.create_token(get_user("staff"), "tests")[1]
    bearer = {"Authorization": f"Bearer {token}"}
    for _ in range(3):  # each refused change gave its slot back, or the next would wait
        refused = client.post("/api/v1/sets", json={"category": 999999, "title": "x"}, headers=bearer)
        assert refused.status_code in (404, 422), refused.get_json()
    slots = admission.slots_of(app)
    fd = slots.acquire(timeout=0)
    assert fd is not None
    os.close(fd)

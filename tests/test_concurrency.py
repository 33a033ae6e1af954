"""Concurrent requests on one database: set numbers, shared file content, error answers.

Threads, each in its own app context and so its own database session, meet
at a barrier and then race for the same rows — on SQLite and on PostgreSQL,
whose row locks and deadlock detection behave quite differently.
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

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

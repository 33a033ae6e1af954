"""The durable index queue: a committed change reaches the index even if its process dies.

Issue 9 (5): a process killed while it held the index write lock, right after
committing an unpublish, left the index saying "public" for good, and an
anonymous search told of the withdrawn item by its count and facets.  Issue 9
(4): a search answered 500 when a merge elsewhere removed segment files.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

from sqlalchemy import func, select

from evidence_archive import create_app, search
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import EvidenceItem, IndexQueue
from evidence_archive.services import evidence
from evidence_archive.textsearch.index import WhooshIndexer
from tests.conftest import INVITATION, get_user, make_item, make_set

WORD = "นกกระเรียน"  # a word only the item under test has
URL = "/api/v1/search"


def _published_item(app):
    evidence_set = make_set()
    item = make_item(app, evidence_set, meta={**INVITATION, "subject": f"ประชุมเรื่อง{WORD}"})
    evidence.set_status(evidence_set, "published", get_user("staff"))
    return item


def _unpublish_and_hang(config, instance, index_path, item_id, ready):
    """Run in a spawned process: commit an unpublish while this process's index write is stuck.

    A thread holds the index write lock, as an index write in progress does;
    the unpublish commits, then waits for that lock, and the test kills the
    whole process there: after the commit, before the index heard of it.
    """
    app = create_app(config, instance_path=instance)
    indexer = WhooshIndexer(app, index_path)
    archive_of(app).indexer = indexer
    held = threading.Event()

    def hold_the_lock():
        with indexer._write_lock():
            held.set()
            time.sleep(3600)

    threading.Thread(target=hold_the_lock, daemon=True).start()
    held.wait(30)
    with app.app_context():
        item = db.session.get(EvidenceItem, item_id)
        ready.set()
        evidence.set_status(item, "draft", get_user("staff"))  # blocks after its commit


def _status(app, item_id) -> str:
    with app.app_context():
        db.session.expire_all()
        return db.session.get(EvidenceItem, item_id).status


def _anonymous_search(app) -> dict:
    response = app.test_client().get(URL, query_string={"q": WORD})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_a_process_killed_after_its_commit_leaks_nothing_and_the_index_heals(
        app, app_config, tmp_path, indexer):
    item = _published_item(app)
    assert _anonymous_search(app)["total"] == 1

    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    child = context.Process(target=_unpublish_and_hang,
                            args=(app_config, str(tmp_path / "instance"), str(indexer.path),
                                  item.id, ready))
    child.start()
    try:
        assert ready.wait(60)
        deadline = time.monotonic() + 60
        while _status(app, item.id) != "draft":
            assert time.monotonic() < deadline, "the unpublish never committed"
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.join(30)
    assert child.exitcode == -signal.SIGKILL

    # The index still says public, but the change waits in the queue...
    assert indexer.check().wrong_status == [item.id]
    with app.app_context():
        assert search.pending_items() == {item.id}
    # ...so the public learns nothing of the withdrawn item: no hit, no count, no facet.
    body = _anonymous_search(app)
    assert body["total"] == 0 and body["hits"] == []
    assert all(row["count"] == 0 for rows in body["facets"].values() for row in rows)

    # The next writer (a request's commit, the background worker, a restart) drains it.
    indexer.update()
    assert indexer.check().ok
    with app.app_context():
        assert search.pending_items() == set()
    assert _anonymous_search(app)["total"] == 0


def test_changes_committed_without_an_indexer_wait_in_the_queue_until_one_drains_them(app, indexer):
    archive_of(app).indexer = None  # a process that died before indexing
    evidence_set = make_set()
    ids = {make_item(app, evidence_set).id for _ in range(3)}
    with app.app_context():
        assert search.pending_items() == ids
    fresh = WhooshIndexer(app, indexer.path)  # a restarted process
    fresh.update()
    assert set(fresh.check().missing) == set() and fresh.check().ok
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IndexQueue)) == 0


def test_a_busy_writer_is_not_waited_for_and_its_drain_takes_our_rows(app, indexer):
    app.config["SEARCH_INDEXING"] = search.TRY
    evidence_set = make_set()
    with indexer._write_lock():  # someone else is writing
        done, errors = threading.Event(), []

        def create():
            try:
                with app.app_context():
                    make_item(app, db.session.merge(evidence_set))
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)
            done.set()

        worker = threading.Thread(target=create)
        worker.start()
        assert done.wait(30), "a commit waited for another process's index write"
        worker.join()
        assert not errors, errors
        with app.app_context():
            assert len(search.pending_items()) == 1
    indexer.update()  # what the lock holder does before letting go
    assert indexer.check().ok


def test_a_search_survives_segment_files_removed_under_it(app, indexer, monkeypatch):
    """A merge in another process may delete the segment files a searcher is about to open."""
    from whoosh.filedb.filestore import FileStorage

    _published_item(app)
    assert _anonymous_search(app)["total"] == 1
    make_item(app, make_set(number=2))  # a new segment for the next search to open
    real_open, failures = FileStorage.open_file, []

    def open_file(self, name, *args, **kwargs):
        if name.endswith(".seg") and not failures:
            failures.append(name)  # removed by the merge, once
            raise FileNotFoundError(2, "No such file or directory", name)
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "open_file", open_file)
    assert _anonymous_search(app)["total"] == 1
    assert failures


def _merge_in_another_process(config, instance, index_path, set_id, rounds, results):
    """Run in a spawned process: many small commits, each an index update that may merge."""
    try:
        app = create_app(config, instance_path=instance)
        indexer = WhooshIndexer(app, index_path)
        archive_of(app).indexer = indexer
        with app.app_context():
            from evidence_archive.models import EvidenceSet
            evidence_set = db.session.get(EvidenceSet, set_id)
            for n in range(rounds):
                make_item(app, evidence_set, meta={**INVITATION, "subject": f"{WORD} {n}"})
        results.put(indexer.failures)
    except BaseException:
        import traceback
        results.put(traceback.format_exc())


def test_searches_never_fail_while_another_process_merges(app, app_config, tmp_path, indexer,
                                                          role_client):
    evidence_set = make_set()
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    writer = context.Process(target=_merge_in_another_process,
                             args=(app_config, str(tmp_path / "instance"), str(indexer.path),
                                   evidence_set.id, 40, results))
    writer.start()
    client, answers = role_client("staff"), []
    while writer.is_alive() and len(answers) < 2000:
        answers.append(client.get(URL, query_string={"q": WORD}).status_code)
    report = results.get(timeout=120)
    writer.join(30)
    assert report == 0, report
    assert answers and set(answers) == {200}, answers
    assert client.get(URL, query_string={"q": WORD}).get_json()["total"] == 40


def test_in_background_mode_a_commit_only_queues(app, indexer):
    app.config["SEARCH_INDEXING"] = search.BACKGROUND
    item = make_item(app, make_set())
    with app.app_context():
        assert search.pending_items() == {item.id}
    assert indexer.check().missing == [item.id]
    indexer.update()  # what the background worker does every half second
    assert indexer.check().ok


def test_a_queue_longer_than_a_drain_batch_still_hides_every_queued_item(app, indexer):
    """A withdrawn item queued behind a whole batch of others is left out all the same."""
    item = _published_item(app)
    assert _anonymous_search(app)["total"] == 1
    app.config["SEARCH_INDEXING"] = search.BACKGROUND  # nothing drains while we look
    with app.app_context():
        with db.engine.begin() as connection:  # a bulk change ahead of it (ids no item has)
            search.queue_items(connection, range(10**6, 10**6 + search.QUEUE_BATCH + 10))
        evidence.set_status(db.session.get(EvidenceItem, item.id), "draft", get_user("staff"))
        assert item.id in search.pending_items()
    found = _anonymous_search(app)
    assert found["total"] == 0 and not any(
        row["count"] for rows in found["facets"].values() for row in rows)

"""The Whoosh index follows the database: documents, the commit seam, self-repair, locking, check."""
from __future__ import annotations

import dataclasses
import json
import multiprocessing
import threading

import pytest
from whoosh.query import Phrase, Term

from evidence_archive import create_app
from evidence_archive.db import db
from evidence_archive.services import catalog, evidence, trash
from evidence_archive.textsearch import analysis, commands, extraction, index
from evidence_archive.textsearch.index import WhooshIndexer, document_for
from evidence_archive.types import TypeRegistry
from tests.conftest import INVITATION, get_user, make_item, make_set, stage_category


def indexed(indexer) -> dict[int, str]:
    """Return {item id: status} of every document in the index."""
    with indexer.searcher() as searcher:
        public = set(searcher.docs_for_query(Term("status", "public")))
        return {int(fields["id"]): "public" if docnum in public else "draft"
                for docnum, fields in searcher.reader().iter_docs()}


def found(indexer, field: str, text: str) -> set[int]:
    """Return the ids of the documents holding `text`'s terms (as a phrase) in `field`."""
    terms = analysis.query_terms(text)
    query = Term(field, terms[0]) if len(terms) == 1 else Phrase(field, terms)
    with indexer.searcher() as searcher:
        return {int(hit["id"]) for hit in searcher.search(query, limit=None)}


def staff():
    return get_user("staff")


# --------------------------------------------------------------------------- documents

def test_schema_has_word_and_parts_fields_and_filters():
    names = set(index.schema().names())
    for name in index.WORD_FIELDS:
        assert {name, f"{name}_parts"} <= names
    assert {"id", "public_id", "numbers", "type", "category", "category_id", "year", "set",
            "status", "date"} <= names
    stored = {n for n in names if index.schema()[n].stored}
    assert stored == {"id", "public_id"}  # titles and snippets come from the database
    assert index.FIELD_BOOSTS["title"] == max(index.FIELD_BOOSTS.values())
    for name in index.WORD_FIELDS:
        assert index.FIELD_BOOSTS[f"{name}_parts"] < index.FIELD_BOOSTS[name]


def test_parts_fields_hold_only_compound_parts():
    tokens = [t.text for t in index.parts_analyzer()("การประชุม ติดตาม ห้อง", mode="index")]
    assert "ประชุม" in tokens and "การ" in tokens
    assert "การประชุม" not in tokens and "ห้อง" not in tokens  # whole words live in the word fields
    assert "ตา" not in tokens


def test_document_of_an_invitation(app):
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    doc = document_for(item, app.extensions["evidence_archive"].types)
    assert doc["id"] == str(item.id) and doc["public_id"] == item.public_id
    assert doc["title"] == INVITATION["subject"]
    # subject has search_weight 2: it is there twice
    assert doc["meta"].count("ขอเชิญประชุมคณะกรรมการติดตาม") == 2
    assert "ศธ 04290/1237" in doc["meta"] and "นายสมชาย ใจดี" in doc["meta"]
    numbers = doc["numbers"].split(",")
    assert {"04290/1237", "1237", "1/2563"} <= set(numbers)
    category = evidence_set.category
    assert doc["category"].split() == [str(c.id) for c in category.path]
    assert doc["category_id"] == str(category.id)
    assert doc["year"] == "2563" and doc["set"] == evidence_set.public_id
    assert doc["type"] == "meeting_invitation" and doc["status"] == "draft"
    assert doc["date"].date().isoformat() == "2020-05-01"
    for text in ("อ้างอิงชุด 1", "ปีงบประมาณ 2563", "การร่วมวางแผน", evidence_set.title,
                 "หนังสือเชิญประชุม"):
        assert text in doc["context"]


def test_document_weight_zero_skips_and_plugin_type_search_text(app):
    minutes = app.extensions["evidence_archive"].types.get("meeting_minutes")
    assert minutes.search_text is not None
    item = make_item(app, make_set(), "meeting_minutes", {
        "committee": "ก.ต.ป.น.", "meeting_number": "2/2563", "meeting_date": "20/06/2563",
        "venue": "ห้องประชุม", "attendees": "นายหนึ่ง ใจดี | ประธาน", "recorder": "นางสอง ขยัน",
        "agenda": "วาระที่ 1 เรื่องแจ้งเพื่อทราบ"}, files=(("m.pdf", "minutes-ktpn-2-2563.pdf"),))
    doc = document_for(item, app.extensions["evidence_archive"].types)
    assert "วาระที่ 1 เรื่องแจ้งเพื่อทราบ" in doc["meta"]
    assert "2/2563" in doc["numbers"].split(",")


def test_document_without_its_plugin_reads_the_snapshot(app):
    item = make_item(app, make_set())
    doc = document_for(item, TypeRegistry())  # the plugin is gone
    assert "ศธ 04290/1237" in doc["meta"] and "นายสมชาย ใจดี" in doc["meta"]
    assert "หนังสือเชิญประชุม" in doc["context"]  # the type's name from the snapshot
    assert "1/2563" in doc["numbers"].split(",")


def test_trashed_things_have_no_document(app):
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    types = app.extensions["evidence_archive"].types
    trash.trash(evidence_set.category.parent, staff())
    assert document_for(item, types) is None
    trash.restore(evidence_set.category.parent, staff())
    assert document_for(item, types) is not None
    trash.trash(item, staff())
    assert document_for(item, types) is None


def test_public_status_is_exactly_is_public(app):
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    types = app.extensions["evidence_archive"].types
    evidence.set_status(item, "published", staff())
    assert document_for(item, types)["status"] == "draft"  # its set is still a draft
    evidence.set_status(evidence_set, "published", staff(), with_items=False)
    assert document_for(item, types)["status"] == "public"


# --------------------------------------------------------------------------- commits drive the index

def test_commits_keep_the_index_true(app, indexer):
    user = staff()
    first = make_set()
    item = make_item(app, first)
    assert indexed(indexer) == {item.id: "draft"}

    evidence.set_status(first, "published", user)
    assert indexed(indexer) == {item.id: "public"}
    evidence.set_status(item, "draft", user)
    assert indexed(indexer) == {item.id: "draft"}
    evidence.set_status(item, "published", user)

    etype = app.extensions["evidence_archive"].types.get("meeting_invitation")
    evidence.update_item(item, etype, {**INVITATION, "subject": "ขอเชิญประชุมนิเทศโรงเรียน"}, user)
    assert found(indexer, "title", "นิเทศ") == {item.id}
    assert found(indexer, "title", "ติดตาม") == set()

    second = make_set(stage_category("การร่วมดำเนินการ"), title="การประชุมครั้งที่สอง")
    evidence.move_item(item, second, user)
    assert found(indexer, "context", "การร่วมดำเนินการ") == {item.id}
    assert indexed(indexer) == {item.id: "draft"}  # the new set is a draft

    evidence.update_set(second, user, title="ชุดเปลี่ยนชื่อ")
    assert found(indexer, "context", "ชุดเปลี่ยนชื่อ") == {item.id}

    trash.trash(item, user)
    assert indexed(indexer) == {}
    trash.restore(item, user)
    assert indexed(indexer) == {item.id: "draft"}
    trash.trash(second, user)
    assert indexed(indexer) == {}
    trash.restore(second, user)
    assert indexed(indexer) == {item.id: "draft"}

    trash.trash(item, user)
    trash.purge(item, user)
    assert indexed(indexer) == {}


def test_renaming_or_trashing_a_category_reaches_its_items(app, indexer):
    user = staff()
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    category = evidence_set.category
    catalog.save_category(user, category.year_ref, "การร่วมวางแผนพัฒนา", category=category,
                          parent=category.parent)
    assert found(indexer, "context", "การร่วมวางแผนพัฒนา") == {item.id}
    trash.trash(category, user)
    assert indexed(indexer) == {}
    trash.restore(category, user)
    assert indexed(indexer) == {item.id: "draft"}


def test_trashing_an_ancestor_category_reaches_items_below(app, indexer):
    evidence_set = make_set()
    make_item(app, evidence_set)
    trash.trash(evidence_set.category.parent, staff())
    assert indexed(indexer) == {}


def test_file_text_is_indexed_when_read(app, indexer):
    item = make_item(app, make_set())
    assert found(indexer, "body", "อุบลราชธานี") == set()
    for f in item.live_files():  # as services.evidence queues a new file
        extraction.enqueue(f.blob)
    db.session.commit()
    extraction.run_pending()  # the background reader, run here by hand
    assert found(indexer, "body", "อุบลราชธานี") == {item.id}
    assert found(indexer, "body", "ห้องประชุม") == {item.id}


def test_update_from_inside_a_request(app, indexer, role_client):
    """The seam calls update() in after_commit of the request's session: it reads in its own."""
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    resp = role_client("staff").post(f"/s/{evidence_set.public_id}/publish")
    assert resp.status_code in (302, 303)
    assert indexed(indexer) == {item.id: "public"}


def test_a_failed_update_is_logged_and_retried(app, indexer, monkeypatch, caplog):
    calls = []
    real = WhooshIndexer._apply

    def flaky(self, ix, ids):
        calls.append(set(ids))
        if len(calls) == 1:
            raise OSError("disk full")
        return real(self, ix, ids)

    monkeypatch.setattr(WhooshIndexer, "_apply", flaky)
    first = make_item(app, make_set())  # the commit succeeds; indexing it fails
    assert "could not index items" in caplog.text
    assert indexed(indexer) == {}
    second = make_item(app, first.evidence_set)
    assert calls[-1] == {first.id, second.id}
    assert set(indexed(indexer)) == {first.id, second.id}


# --------------------------------------------------------------------------- self-repair

def test_missing_folder_is_rebuilt_on_next_open(app, indexer, caplog):
    import shutil
    item = make_item(app, make_set())
    shutil.rmtree(indexer.path)
    assert indexed(indexer) == {item.id: "draft"}
    assert "rebuilding from the database" in caplog.text


def test_corrupt_index_is_rebuilt(app, indexer, caplog):
    item = make_item(app, make_set())
    meta = json.loads((indexer.path / index.META_FILE).read_text())
    for path in (indexer.path / meta["generation"]).iterdir():
        path.write_bytes(b"\x00garbage" * 10)
    fresh = WhooshIndexer(app, indexer.path)  # as another process would see it
    assert indexed(fresh) == {item.id: "draft"}
    assert "unreadable" in caplog.text


def test_corrupt_meta_file_is_rebuilt(app, indexer):
    item = make_item(app, make_set())
    (indexer.path / index.META_FILE).write_text("{not json")
    assert indexed(indexer) == {item.id: "draft"}


@pytest.mark.parametrize("key", ["schema_version", "analyzer_version"])
def test_version_mismatch_is_rebuilt(app, indexer, caplog, key):
    item = make_item(app, make_set())
    path = indexer.path / index.META_FILE
    meta = json.loads(path.read_text())
    old_generation = meta["generation"]
    path.write_text(json.dumps({**meta, key: meta[key] - 1}))
    assert indexed(indexer) == {item.id: "draft"}
    assert "built with schema/analyzer" in caplog.text
    new = json.loads(path.read_text())
    assert new[key] == meta[key] and new["generation"] != old_generation
    assert not (indexer.path / old_generation).exists()  # the old generation is removed


def test_updates_during_a_rebuild_reach_the_new_generation(app, indexer):
    """A rebuild reads the database in batches; changes made meanwhile are journaled and replayed."""
    first = make_item(app, make_set())
    started, go_on = threading.Event(), threading.Event()

    def slow_progress(done, total):
        started.set()
        assert go_on.wait(30)

    rebuilding = threading.Thread(target=indexer.rebuild, kwargs={"progress": slow_progress, "procs": 1})
    rebuilding.start()
    assert started.wait(30)
    second = make_item(app, first.evidence_set)  # committed while the rebuild runs
    assert indexer._rebuilding()
    assert set(indexed(indexer)) == {first.id, second.id}  # the live generation got it at once
    go_on.set()
    rebuilding.join(30)
    assert set(indexed(indexer)) == {first.id, second.id}  # and so did the new one


def test_rebuild_in_parallel_processes(app, indexer):
    items = [make_item(app, make_set(number=n + 1)) for n in range(3)]
    report = indexer.rebuild(procs=2)
    assert report.documents == 3 and report.procs == 2
    assert set(indexed(indexer)) == {i.id for i in items}


def test_rebuild_reports_progress(app, indexer):
    make_item(app, make_set())
    seen = []
    report = indexer.rebuild(progress=lambda done, total: seen.append((done, total)), procs=1)
    assert seen[-1] == (1, 1) and report.documents == 1 and report.per_second > 0


# --------------------------------------------------------------------------- concurrent writers

def _update_in_another_process(config, instance, index_path, ids, results):
    """Run in a spawned process: a separate app on the same database and index folder."""
    try:
        app = create_app(config, instance_path=instance)
        indexer = WhooshIndexer(app, index_path)
        for item_id in ids:  # one commit-sized update at a time, interleaving with the others
            indexer.update({item_id})
        results.put(len(ids) if not indexer._retry else f"not indexed: {indexer._retry}")
    except BaseException:
        import traceback
        results.put(traceback.format_exc())


def test_writers_in_several_processes_lose_nothing(app, app_config, tmp_path, indexer):
    evidence_set = make_set()
    app.extensions["evidence_archive"].indexer = None  # create the items without indexing them
    ids = [make_item(app, evidence_set, meta={**INVITATION, "subject": f"เรื่องที่ {n}"}).id
           for n in range(24)]
    app.extensions["evidence_archive"].indexer = indexer
    assert indexed(indexer) == {}
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [context.Process(target=_update_in_another_process,
                               args=(app_config, str(tmp_path / "instance"), str(indexer.path),
                                     ids[n::4], results)) for n in range(4)]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(30)
    assert all(isinstance(r, int) for r in reports), reports
    assert sum(reports) == len(ids)
    assert set(indexed(indexer)) == set(ids)
    assert indexer.check().ok


def test_writers_in_several_threads_lose_nothing(app, indexer):
    evidence_set = make_set()
    app.extensions["evidence_archive"].indexer = None
    ids = [make_item(app, evidence_set).id for _ in range(12)]
    threads = [threading.Thread(target=indexer.update, args=({i},)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert set(indexed(indexer)) == set(ids)


# --------------------------------------------------------------------------- check

def test_check_finds_drift(app, indexer):
    user = staff()
    evidence_set = make_set()
    kept, lost, flipped = (make_item(app, evidence_set) for _ in range(3))
    assert indexer.check().ok
    ix = indexer.open()
    with ix.writer() as writer:  # drift the index behind the database's back
        writer.delete_by_term("id", str(lost.id))
        writer.add_document(id="999999", public_id="ghost", status="public")
    app.extensions["evidence_archive"].indexer = None
    evidence.set_status(evidence_set, "published", user)  # not reported: all three now public
    app.extensions["evidence_archive"].indexer = indexer
    report = indexer.check()
    assert report.missing == [lost.id]
    assert report.extra == [999999]
    assert report.wrong_status == sorted([kept.id, flipped.id])
    assert not report.ok
    indexer.update(report.drifted)
    assert indexer.check().ok


# --------------------------------------------------------------------------- commands

@pytest.fixture
def cli(app, runner):
    for command in commands.COMMANDS:
        app.cli.add_command(command)
    return runner


def test_cli_reindex(app, indexer, cli):
    make_item(app, make_set())
    result = cli.invoke(args=["reindex", "--procs", "1"])
    assert result.exit_code == 0, result.output
    assert "1 items" in result.output and "items/s" in result.output


def test_cli_index_check_and_fix(app, indexer, cli):
    item = make_item(app, make_set())
    result = cli.invoke(args=["index", "check"])
    assert result.exit_code == 0 and "in step" in result.output
    with indexer.open().writer() as writer:
        writer.delete_by_term("id", str(item.id))
    result = cli.invoke(args=["index", "check"])
    assert result.exit_code == 1 and f"missing from the index: {item.id}" in result.output
    result = cli.invoke(args=["index", "check", "--fix"])
    assert result.exit_code == 0 and "fixed 1" in result.output
    assert indexed(indexer) == {item.id: "draft"}


def test_cli_search(app, indexer, cli):
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    result = cli.invoke(args=["search", "ประชุม"])
    assert result.exit_code == 0 and "0 found" in result.output  # drafts hidden by default
    result = cli.invoke(args=["search", "ประชุม", "--drafts"])
    assert result.exit_code == 0 and "1 found" in result.output
    assert item.title in result.output and f"/i/{item.public_id}" in result.output
    result = cli.invoke(args=["search", "ประชุม", "--drafts", "--json"])
    assert json.loads(result.output)["hits"][0]["public_id"] == item.public_id
    result = cli.invoke(args=["search", "foo:bar", "--drafts"])
    assert "foo:" in result.output


def test_a_failing_plugin_search_text_does_not_stop_indexing(app, indexer, monkeypatch, caplog):
    registry = app.extensions["evidence_archive"].types

    def broken(values):
        raise KeyError("agenda")

    monkeypatch.setitem(registry._types, "meeting_minutes",
                        dataclasses.replace(registry.get("meeting_minutes"), search_text=broken))
    item = make_item(app, make_set(), "meeting_minutes", {
        "committee": "ก.ต.ป.น.", "meeting_number": "2/2563", "meeting_date": "20/06/2563",
        "venue": "ห้องประชุม", "attendees": "นายหนึ่ง ใจดี | ประธาน", "recorder": "นางสอง ขยัน"},
        files=(("m.pdf", "minutes-ktpn-2-2563.pdf"),))
    assert indexed(indexer) == {item.id: "draft"}
    assert "search_text of type meeting_minutes failed" in caplog.text


def test_updates_merge_only_small_segments(app, indexer, monkeypatch):
    """Whoosh's MERGE_SMALL would merge most of a freshly rebuilt index inside one request."""
    evidence_set = make_set()
    app.extensions["evidence_archive"].indexer = None  # items are reported by hand below
    rebuilt = [make_item(app, evidence_set).id for _ in range(4)]
    indexer.rebuild(procs=1)
    later = [make_item(app, evidence_set).id for _ in range(7)]
    monkeypatch.setattr(index, "SMALL_SEGMENT", 3)
    monkeypatch.setattr(index, "MERGE_AT", 3)
    big = {s.segment_id() for s in indexer.open()._segments()}
    sizes = []
    for item_id in later:
        indexer.update({item_id})
        segments = indexer.open()._segments()
        sizes.append(sorted(s.doc_count_all() for s in segments))
        assert big <= {s.segment_id() for s in segments}  # the rebuilt segment stays as it is
    assert [4, 4] in sizes and max(map(len, sizes)) <= 5  # small ones merged as they came
    assert set(indexed(indexer)) == set(rebuilt + later)

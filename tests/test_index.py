"""The Whoosh index follows the database: documents, the commit seam, self-repair, locking, check."""
from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import threading

import pytest
from sqlalchemy import select
from whoosh import formats
from whoosh import index as whoosh_index
from whoosh.query import Phrase, Term

from evidence_archive import create_app, search
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import EvidenceItem
from evidence_archive.services import catalog, evidence, trash
from evidence_archive.textsearch import analysis, bulk, commands, documents, extraction, index
from evidence_archive.textsearch.documents import document_for
from evidence_archive.textsearch.index import WhooshIndexer
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
    schema = documents.schema()
    assert set(schema.names()) == {"id", "title", "words", "parts", "numbers", "type", "category",
                                   "category_id", "year", "set", "status", "date"}
    assert {n for n in schema.names() if schema[n].stored} == {"id"}  # the rest comes from the database
    assert isinstance(schema["words"].format, formats.Positions)  # phrases
    assert not schema["title"].format.supports("positions")
    assert not schema["parts"].format.supports("positions")
    assert documents.FIELD_BOOSTS["title"] == max(documents.FIELD_BOOSTS.values())
    assert documents.FIELD_BOOSTS["parts"] < documents.FIELD_BOOSTS["words"]


def test_parts_field_holds_only_compound_parts():
    tokens = [t.text for t in documents.schema()["parts"].analyzer("การประชุม ติดตาม ห้อง", mode="index")]
    assert "ประชุม" in tokens and "การ" in tokens
    assert "การประชุม" not in tokens and "ห้อง" not in tokens  # whole words live in `words`
    assert "ตา" not in tokens


def test_document_of_an_invitation(app):
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    types = archive_of(app).types
    doc = document_for(item, types)
    assert doc["id"] == str(item.id)
    assert doc["title"] == INVITATION["subject"]
    # subject has search_weight 2: it is there twice in the metadata, and once more as the title
    assert documents.meta_text(item, types.get(item.type_key)).count("ขอเชิญประชุมคณะกรรมการติดตาม") == 2
    assert doc["words"].count("ขอเชิญประชุมคณะกรรมการติดตาม") == 3
    assert doc["parts"] == doc["words"]
    assert "ศธ 04290/1237" in doc["words"] and "นายสมชาย ใจดี" in doc["words"]
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
        assert text in doc["words"]


def test_document_weight_zero_skips_and_plugin_type_search_text(app):
    minutes = archive_of(app).types.get("meeting_minutes")
    assert minutes.search_text is not None
    item = make_item(app, make_set(), "meeting_minutes", {
        "committee": "ก.ต.ป.น.", "meeting_number": "2/2563", "meeting_date": "20/06/2563",
        "venue": "ห้องประชุม", "attendees": "นายหนึ่ง ใจดี | ประธาน", "recorder": "นางสอง ขยัน",
        "agenda": "วาระที่ 1 เรื่องแจ้งเพื่อทราบ"}, files=(("m.pdf", "minutes-ktpn-2-2563.pdf"),))
    doc = document_for(item, archive_of(app).types)
    assert "วาระที่ 1 เรื่องแจ้งเพื่อทราบ" in doc["words"]
    assert "2/2563" in doc["numbers"].split(",")


def test_document_without_its_plugin_reads_the_snapshot(app):
    item = make_item(app, make_set())
    doc = document_for(item, TypeRegistry())  # the plugin is gone
    assert "ศธ 04290/1237" in doc["words"] and "นายสมชาย ใจดี" in doc["words"]
    assert "หนังสือเชิญประชุม" in doc["words"]  # the type's name from the snapshot
    assert "1/2563" in doc["numbers"].split(",")


def test_trashed_things_have_no_document(app):
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    types = archive_of(app).types
    trash.trash(evidence_set.category.parent, staff())
    assert document_for(item, types) is None
    trash.restore(evidence_set.category.parent, staff())
    assert document_for(item, types) is not None
    trash.trash(item, staff())
    assert document_for(item, types) is None


def test_public_status_is_exactly_is_public(app):
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    types = archive_of(app).types
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

    etype = archive_of(app).types.get("meeting_invitation")
    evidence.update_item(item, etype, {**INVITATION, "subject": "ขอเชิญประชุมนิเทศโรงเรียน"}, user)
    assert found(indexer, "title", "นิเทศ") == {item.id}
    assert found(indexer, "title", "ติดตาม") == set()

    second = make_set(stage_category("การร่วมดำเนินการ"), title="การประชุมครั้งที่สอง")
    evidence.move_item(item, second, user)
    assert found(indexer, "words", "การร่วมดำเนินการ") == {item.id}
    assert indexed(indexer) == {item.id: "draft"}  # the new set is a draft

    evidence.update_set(second, user, title="ชุดเปลี่ยนชื่อ")
    assert found(indexer, "words", "ชุดเปลี่ยนชื่อ") == {item.id}

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
    assert found(indexer, "words", "การร่วมวางแผนพัฒนา") == {item.id}
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
    assert found(indexer, "words", "อุบลราชธานี") == set()
    for f in item.live_files():  # as services.evidence queues a new file
        extraction.enqueue(f.blob)
    db.session.commit()
    extraction.run_pending()  # the background reader, run here by hand
    assert found(indexer, "words", "อุบลราชธานี") == {item.id}
    assert found(indexer, "words", "ห้องประชุม") == {item.id}


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
        results.put(len(ids) if not indexer.failures else f"{indexer.failures} updates failed")
    except BaseException:
        import traceback
        results.put(traceback.format_exc())


def test_writers_in_several_processes_lose_nothing(app, app_config, tmp_path, indexer):
    evidence_set = make_set()
    archive_of(app).indexer = None  # create the items without indexing them
    ids = [make_item(app, evidence_set, meta={**INVITATION, "subject": f"เรื่องที่ {n}"}).id
           for n in range(24)]
    archive_of(app).indexer = indexer
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
    archive_of(app).indexer = None
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
        writer.add_document(id="999999", title="ghost", status="public")
    archive_of(app).indexer = None
    evidence.set_status(evidence_set, "published", user)  # not reported: all three now public
    archive_of(app).indexer = indexer
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
    assert "1 items in the index, in 1 segment." in result.output
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
    assert result.exit_code == 0 and "0 found" in result.output  # drafts hidden by default,
    assert "1 more among drafts, not shown (add --drafts" in result.output  # and said to be
    result = cli.invoke(args=["search", "ประชุม", "--drafts"])
    assert result.exit_code == 0 and "1 found" in result.output and "among drafts" not in result.output
    assert item.title in result.output and f"/i/{item.public_id}" in result.output
    result = cli.invoke(args=["search", "ประชุม", "--drafts", "--json"])
    assert json.loads(result.output)["hits"][0]["public_id"] == item.public_id
    result = cli.invoke(args=["search", "foo:bar", "--drafts"])
    assert "foo:" in result.output


def test_a_failing_plugin_search_text_does_not_stop_indexing(app, indexer, monkeypatch, caplog):
    registry = archive_of(app).types

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
    archive_of(app).indexer = None  # items are reported by hand below
    rebuilt = [make_item(app, evidence_set).id for _ in range(4)]
    indexer.rebuild(procs=1)
    later = [make_item(app, evidence_set).id for _ in range(7)]
    search.dequeue(row for row, _item in search.queued())  # reported one by one below instead
    monkeypatch.setattr(index, "SMALL_SEGMENT", 3)
    monkeypatch.setattr(index, "MERGE_AT", 3)
    monkeypatch.setattr(index, "LARGE_SEGMENT", 4)
    big = {s.segment_id() for s in indexer.open()._segments()}
    sizes = []
    for item_id in later:
        indexer.update({item_id})
        segments = indexer.open()._segments()
        sizes.append(sorted(s.doc_count_all() for s in segments))
        assert big <= {s.segment_id() for s in segments}  # the rebuilt segment stays as it is
    assert [4, 4] in sizes and max(map(len, sizes)) <= 5  # small ones merged as they came
    assert set(indexed(indexer)) == set(rebuilt + later)


def test_updates_keep_a_few_segments_per_tier(app, indexer, monkeypatch):
    """Merged small segments merge again a tier up: one update at a time, the index still
    keeps a handful of segments (each search pays for every one), not one per merge."""
    monkeypatch.setattr(index, "SMALL_SEGMENT", 2)
    monkeypatch.setattr(index, "MERGE_AT", 2)
    evidence_set = make_set()
    archive_of(app).indexer = None  # items are reported one by one below
    ids = [make_item(app, evidence_set).id for _ in range(24)]
    search.dequeue(row for row, _item in search.queued())
    counts = []
    for item_id in ids:
        indexer.update({item_id})
        sizes = [s.doc_count() for s in indexer.open()._segments()]
        counts.append(len(sizes))
        tiers = [index._tier(n) for n in sizes]
        assert all(tiers.count(t) <= index.MERGE_AT for t in set(tiers)), sizes
    assert max(counts) <= 4  # tiers under 2, 4, 8, 16, 32 documents: 24 documents in 2 to 4
    assert set(indexed(indexer)) == set(ids)


# --------------------------------------------------------------------------- the bulk writer (bulk.py)

def index_contents(ix) -> dict:
    """Return what an index holds, independent of document numbers and segments.

    {"docs": {stored id: {"stored", "lengths", "columns", "postings": {field: {term: (weight, value)}}}},
     "terms": {(field, term): (weight, doc frequency, min length, max length, max weight)},
     "fields": {field: (total length, min length, max length)}}
    """
    schema = ix.schema
    docs, stats = {}, {}
    with ix.reader() as reader:
        ids = {docnum: stored["id"] for docnum, stored in reader.iter_docs()}
        for docnum, stored in reader.iter_docs():
            docs[stored["id"]] = {"stored": stored, "postings": {},
                                  "lengths": {name: reader.doc_field_length(docnum, name)
                                              for name in schema.names()}}
        for name in schema.names():
            if schema[name].column_type is not None:
                column = reader.column_reader(name)
                for docnum, doc_id in ids.items():
                    docs[doc_id].setdefault("columns", {})[name] = column[docnum]
        for name in reader.indexed_field_names():
            fmt = schema[name].format
            for term in reader.lexicon(name):
                info = reader.term_info(name, term)
                stats[name, term] = (info.weight(), info.doc_frequency(), info.min_length(),
                                     info.max_length(), info.max_weight())
                matcher = reader.postings(name, term)
                while matcher.is_active():
                    value = matcher.value()
                    if isinstance(fmt, formats.Positions):
                        value = fmt.decode_positions(value)
                    elif isinstance(fmt, formats.Frequency):
                        value = fmt.decode_frequency(value)
                    docs[ids[matcher.id()]]["postings"].setdefault(name, {})[term] = (
                        matcher.weight(), value)
                    matcher.next()
        fields = {name: (reader.field_length(name), reader.min_field_length(name),
                         reader.max_field_length(name))
                  for name in schema.names() if schema[name].scorable}
    return {"docs": docs, "terms": stats, "fields": fields}


def whoosh_reference_index(app, folder):
    """Index every item through Whoosh's own writer (``add_document``), for comparison."""
    types = archive_of(app).types
    items = db.session.scalars(select(EvidenceItem).where(EvidenceItem.deleted_at.is_(None))).all()
    texts = extraction.texts_of_items(i.id for i in items)
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), documents.schema())
    with ix.writer() as writer:
        for item in items:
            doc = document_for(item, types, texts.get(item.id, ""))
            if doc is not None:
                writer.add_document(**doc)
    return ix


def make_archive_to_index(app) -> tuple[set[int], set[int]]:
    """Make items of every kind an index holds; return (ids to index, ids that must be absent)."""
    user = staff()
    published = make_set()
    invitation = make_item(app, published)  # compounds, ก.ต.ป.น., 1/2563, ศธ 04290/1237
    minutes = make_item(app, published, "meeting_minutes", {
        "committee": "ก.ต.ป.น.", "meeting_number": "2/2563", "meeting_date": "20/06/2563",
        "venue": "ห้องประชุม", "attendees": "นายหนึ่ง ใจดี | ประธาน", "recorder": "นางสอง ขยัน",
        "agenda": "วาระที่ 1 เรื่องแจ้งเพื่อทราบ การประเมินผลการดำเนินงาน"},
        files=(("m.pdf", "minutes-ktpn-2-2563.pdf"),))
    for f in minutes.live_files():  # its file's text is read, so it has a body
        extraction.enqueue(f.blob)
    db.session.commit()
    extraction.run_pending()
    evidence.set_status(published, "published", user)
    draft_set = make_set(stage_category("การร่วมดำเนินการ"), title="ชุดร่าง สพม.29")
    draft = make_item(app, draft_set, meta={
        **INVITATION, "subject": "การประเมินผลการดำเนินงาน ครั้งที่ ๒/๒๕๖๓ ของ อ.ก.ค.ศ.",
        "doc_number": "ที่ ศธ 04290/ว3694"})
    trashed = make_item(app, draft_set)
    trash.trash(trashed, user)
    gone_set = make_set(number=9)
    under_trashed_set = make_item(app, gone_set)
    trash.trash(gone_set, user)
    return {invitation.id, minutes.id, draft.id}, {trashed.id, under_trashed_set.id}


SEARCHES = [
    Term("parts", "ประชุม"),  # a part of การประชุม, ห้องประชุม…
    Term("parts", "ประเมินผล"),  # a bridge across การประเมิน|ผลการ
    Term("title", "ติดตาม"),
    Term("numbers", "1/2563"),
    Term("words", "กตปน"),
    Term("words", "อุบลราชธานี"),  # only in the file of the minutes
    Term("status", "public"),
    Phrase("words", analysis.query_terms("คณะกรรมการติดตาม")),
]


@pytest.mark.parametrize("db_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
@pytest.mark.parametrize("procs", [1, 2])
def test_bulk_rebuild_writes_what_whooshs_writer_writes(app, tmp_path, monkeypatch, procs):
    expected, absent = make_archive_to_index(app)
    monkeypatch.setattr(index, "BATCH", 2)  # several batches: both processes get a share
    if procs > 1:
        monkeypatch.setattr(index, "SEGMENT_TEXT", 1)  # a segment per document: merging them must not matter
    indexer = WhooshIndexer(app, tmp_path / "ix")
    report = indexer.rebuild(procs=procs)
    assert report.documents == len(expected) and report.procs == procs
    bulk_ix = indexer.open()
    reference = whoosh_reference_index(app, tmp_path / "reference")
    if procs > 1:
        assert len(bulk_ix._segments()) == len(expected)
    got, want = index_contents(bulk_ix), index_contents(reference)
    assert {int(i) for i in got["docs"]} == expected and not absent & {int(i) for i in got["docs"]}
    for doc_id in want["docs"]:
        assert got["docs"][doc_id] == want["docs"][doc_id], doc_id
    assert got == want
    assert {"words", "parts", "title", "numbers"} <= {name for name, _ in got["terms"]}
    with bulk_ix.searcher() as bulk_searcher, reference.searcher() as reference_searcher:
        for query in SEARCHES:
            hits = {hit["id"] for hit in bulk_searcher.search(query, limit=None)}
            assert hits, query
            assert hits == {hit["id"] for hit in reference_searcher.search(query, limit=None)}, query
    assert indexer.check().ok
    for ix in (bulk_ix, reference):  # Whoosh reads the segments back and rewrites them its own way
        ix.optimize()
    assert index_contents(bulk_ix) == index_contents(reference)


def test_bulk_rebuild_reports_progress_from_its_processes(app, indexer, monkeypatch):
    ids = [make_item(app, make_set(number=n + 1)).id for n in range(3)]
    monkeypatch.setattr(index, "BATCH", 1)
    seen = []
    report = indexer.rebuild(progress=lambda done, total: seen.append((done, total)), procs=2)
    assert report.documents == 3
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)]
    assert set(indexed(indexer)) == set(ids)


def _failing_document_for(fail_on: int, how):
    real = index.document_for

    def document_for(item, types, body=None):
        if item.id == fail_on:
            how()
        return real(item, types, body)
    return document_for


def _raise():
    raise ValueError("broken item")


def _die():
    os._exit(3)  # as if the kernel killed the process


@pytest.mark.parametrize("how, message", [(_raise, "ValueError: broken item"), (_die, "died")])
def test_a_failing_indexing_process_fails_the_rebuild_cleanly(app, indexer, monkeypatch, how, message):
    items = [make_item(app, make_set(number=n + 1)) for n in range(4)]
    live = json.loads((indexer.path / index.META_FILE).read_text())["generation"]
    monkeypatch.setattr(index, "BATCH", 1)
    monkeypatch.setattr(index, "document_for", _failing_document_for(items[2].id, how))
    with pytest.raises(bulk.IndexingFailed, match=message):
        indexer.rebuild(procs=2)
    generations = [p.name for p in indexer.path.iterdir() if p.is_dir() and p.name.startswith("g")]
    assert generations == [live]  # the half-built one is gone, the live one untouched
    assert not multiprocessing.active_children()
    assert set(indexed(indexer)) == {i.id for i in items}


def test_a_lent_searcher_follows_updates_without_keeping_old_segments(app, indexer, monkeypatch):
    """Whoosh-reloaded's Searcher.refresh() would keep merged-away segments and old deletions."""
    monkeypatch.setattr(index, "SMALL_SEGMENT", 3)
    monkeypatch.setattr(index, "MERGE_AT", 2)
    evidence_set = make_set()
    kept, changed, trashed = (make_item(app, evidence_set) for _ in range(3))
    with indexer.lent_searcher() as first:
        readers = [reader for reader, _ in first.reader().leaf_readers()]
    etype = archive_of(app).types.get("meeting_invitation")
    evidence.update_item(changed, etype, {**INVITATION, "subject": "การอบรมครูวิทยาศาสตร์"}, staff())
    trash.trash(trashed, staff())
    other_set = make_set(number=7)
    for _ in range(3):
        make_item(app, other_set)
    with indexer.lent_searcher() as searcher:
        assert searcher is not first  # the pool's one, brought up to date
        ids = [int(fields["id"]) for _, fields in searcher.reader().iter_docs()]
        assert len(ids) == len(set(ids)) == 5 and trashed.id not in ids and kept.id in ids
        assert {hit["id"] for hit in searcher.search(Term("title", "วิทยาศาสตร์"))} == {str(changed.id)}
        live = [reader for reader, _ in searcher.reader().leaf_readers()]
    assert all(reader.is_closed for reader in readers if reader not in live)
    with indexer.lent_searcher() as again:
        assert again is searcher  # nothing changed since: given back, lent again as it was


def test_searches_at_once_borrow_searchers_of_their_own_and_give_them_back(app, indexer):
    make_item(app, make_set())
    with indexer.lent_searcher() as one, indexer.lent_searcher() as other:
        assert one is not other  # a searcher serves one search at a time
    with indexer.lent_searcher() as again:
        assert again is one  # given back last (after `other`): lent first
    with pytest.raises(RuntimeError), indexer.lent_searcher() as failed:
        raise RuntimeError("a search that fails")
    assert failed.is_closed  # closed, not given back for the next search
    with indexer.lent_searcher() as next_one:
        assert next_one is not failed


def test_a_forked_process_opens_searchers_of_its_own(app, indexer):
    """A web process forked from the master must not share its parent's open searchers."""
    make_item(app, make_set())
    with indexer.lent_searcher() as parents:
        pass
    context = multiprocessing.get_context("fork")
    reading, writing = context.Pipe(duplex=False)

    def child():
        with app.app_context(), indexer.lent_searcher() as searcher:
            writing.send((searcher is parents, searcher.doc_count()))

    process = context.Process(target=child)
    process.start()
    reused, count = reading.recv()
    process.join(30)
    assert (reused, count) == (False, 1)
    with indexer.lent_searcher() as searcher:
        assert searcher is parents  # the parent's pool is as it was

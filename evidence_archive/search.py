"""The seam between the archive and its search index.

The database is the source of truth.  Each flush that touches evidence adds
the ids of the items it changed to the ``index_queue`` table, in the same
transaction; after the commit the app's indexer drains that queue, and only
here: views never talk to the index.  A process that dies between its commit
and the index write leaves its rows queued, for the next writer — another
request, the background worker, a restart — so a committed change always
reaches the index.
"""
from __future__ import annotations

from typing import Protocol

from flask import current_app
from sqlalchemy import delete, event, insert, select

from .archive import archive_of
from .db import db
from .models import Category, EvidenceItem, EvidenceSet, IndexQueue, ItemFile

#: Queue rows read (and item ids left out of a search) at most at a time.
QUEUE_BATCH = 2000
#: SEARCH_INDEXING: who writes a commit's changes into the index.  "wait": the
#: committing request, waiting for the index lock (the default; one process, tests,
#: commands); "try": the request if no one else is writing; "background": the
#: background worker only, every SEARCH_INDEX_INTERVAL seconds (0.5) (``serve`` sets it for its web
#: processes, so uploads never spend their CPU on Thai analysis and segment merges
#: while others search, and the index takes many commits in one segment).
WAIT, TRY, BACKGROUND = "wait", "try", "background"


class Indexer(Protocol):
    """What a search backend implements to follow the database."""

    def update(self, item_ids: set[int], wait: bool = True) -> None:
        """Drain the index queue (these ids are among it); without `wait`, only if no one else is."""


# --------------------------------------------------------------------------- the queue

def queue_items(connection, item_ids) -> None:
    """Queue items for the indexer on `connection`, in its transaction (no commit)."""
    rows = [{"item_id": int(i)} for i in sorted(set(item_ids)) if i is not None]
    if rows:
        connection.execute(insert(IndexQueue), rows)


def queued(limit: int = QUEUE_BATCH) -> list[tuple[int, int]]:
    """Return the oldest queued (row id, item id) pairs, read on a connection of its own."""
    with db.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(
            select(IndexQueue.id, IndexQueue.item_id).order_by(IndexQueue.id).limit(limit))]


def pending_items(limit: int | None = None) -> set[int]:
    """Return the ids of every item whose index entry may be out of date (searches leave
    them all out, however long the queue); `limit` to ask only whether there are some."""
    query = select(IndexQueue.item_id).distinct()
    if limit is not None:
        query = query.limit(limit)
    with db.engine.connect() as connection:
        return set(connection.scalars(query))


def dequeue(row_ids) -> None:
    """Delete queue rows once the index holds their changes."""
    row_ids = sorted(row_ids)
    with db.engine.begin() as connection:
        for start in range(0, len(row_ids), 500):
            connection.execute(delete(IndexQueue).where(IndexQueue.id.in_(row_ids[start:start + 500])))


def _touched_items(session) -> set[int]:
    """Return the ids of items changed in this flush, directly or through their set or category.

    Runs inside the flush, so it reads ids with plain column queries and never
    loads relationships (which would disturb the flush's identity map).
    """
    items, sets, categories = set(), set(), set()
    # A row is "dirty" when only a relationship list changed (a new item makes its
    # set dirty); only changed columns matter to the index.
    dirty = [o for o in session.dirty if session.is_modified(o, include_collections=False)]
    for obj in list(session.new) + dirty + list(session.deleted):
        if isinstance(obj, EvidenceItem):
            items.add(obj.id)
        elif isinstance(obj, ItemFile):
            items.add(obj.item_id)
        elif isinstance(obj, EvidenceSet):
            sets.add(obj.id)
        elif isinstance(obj, Category):
            categories.add(obj.id)
    connection = session.connection()
    if categories:  # a category's change reaches the items of every category below it
        rows = connection.execute(select(Category.id, Category.parent_id)).all()
        children: dict = {}
        for ident, parent in rows:
            children.setdefault(parent, []).append(ident)
        stack = list(categories)
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in categories:
                    categories.add(child)
                    stack.append(child)
        sets |= set(connection.scalars(select(EvidenceSet.id).where(
            EvidenceSet.category_id.in_(categories))))
    if sets:
        items |= set(connection.scalars(select(EvidenceItem.id).where(
            EvidenceItem.set_id.in_(sets))))
    return {i for i in items if i is not None}


def queue_for_commit(session, item_ids) -> None:
    """Queue items in the session's transaction; its commit then asks the indexer to drain."""
    if item_ids:
        queue_items(session.connection(), item_ids)
        session.info.setdefault("touched_items", set()).update(item_ids)


def _after_flush(session, flush_context) -> None:
    queue_for_commit(session, _touched_items(session))


def _after_commit(session) -> None:
    ids = session.info.pop("touched_items", set())
    indexer = archive_of().indexer if current_app else None
    if not ids or indexer is None:
        return
    mode = current_app.config.get("SEARCH_INDEXING", WAIT)
    if mode == BACKGROUND:
        return  # the background worker drains the queue (serve's web processes)
    # "try": a writer busy elsewhere drains these rows too, or the background worker does.
    indexer.update(ids, wait=mode != TRY)


def _after_rollback(session) -> None:
    session.info.pop("touched_items", None)


def init_app(app) -> None:
    session_class = db.session.session_factory.class_
    if not getattr(session_class, "_evidence_archive_listening", False):
        event.listen(session_class, "after_flush", _after_flush)
        event.listen(session_class, "after_commit", _after_commit)
        event.listen(session_class, "after_soft_rollback", lambda s, t: _after_rollback(s))
        session_class._evidence_archive_listening = True

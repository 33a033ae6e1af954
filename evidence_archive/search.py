"""The seam between the archive and its search index.

The database is the source of truth.  Each commit that touches evidence
reports the ids of the items it changed to the app's indexer, and only here:
views never talk to the index.  Issue 3 plugs the Whoosh indexer in behind
``Indexer``; until then the archive runs with no indexer and nothing is sent.
"""
from __future__ import annotations

from typing import Protocol

from flask import current_app
from sqlalchemy import event, select

from .db import db
from .models import Category, EvidenceItem, EvidenceSet, ItemFile


class Indexer(Protocol):
    """What a search backend implements to follow the database."""

    def update(self, item_ids: set[int]) -> None:
        """Re-read these items from the database; add, refresh or drop each entry."""


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


def _after_flush(session, flush_context) -> None:
    session.info.setdefault("touched_items", set()).update(_touched_items(session))


def _after_commit(session) -> None:
    ids = session.info.pop("touched_items", set())
    indexer = current_app.extensions["evidence_archive"].indexer if current_app else None
    if ids and indexer is not None:
        indexer.update(ids)


def _after_rollback(session) -> None:
    session.info.pop("touched_items", None)


def init_app(app) -> None:
    session_class = db.session.session_factory.class_
    if not getattr(session_class, "_evidence_archive_listening", False):
        event.listen(session_class, "after_flush", _after_flush)
        event.listen(session_class, "after_commit", _after_commit)
        event.listen(session_class, "after_soft_rollback", lambda s, t: _after_rollback(s))
        session_class._evidence_archive_listening = True

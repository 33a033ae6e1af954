"""The archive's own parts of one app — plugins, file store, search indexer — and their accessor.

Every module reaches them through :func:`archive_of` (``archive_of().store``,
``archive_of(app).plugins``), never through ``app.extensions`` by name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

EXTENSION = "evidence_archive"  # the key in app.extensions


@dataclass
class Archive:
    """What the archive keeps per app: made by ``create_app``, one per app.

    Every layer imports this module, so it imports none of theirs: the parts
    are typed by the comments, not by imports that would run back up.
    """

    plugins: Any  # plugins.Plugins
    store: Any  # storage.BlobStore
    indexer: Any = None  # search.Indexer (textsearch.index.WhooshIndexer); None: no search

    @property
    def types(self) -> Any:  # types.TypeRegistry
        return self.plugins.types


def archive_of(app: Flask | None = None) -> Archive:
    """Return the archive parts of `app`, by default of the app handling this request or command."""
    return (current_app if app is None else app).extensions[EXTENSION]


def install(app: Flask, archive: Archive) -> None:
    app.extensions[EXTENSION] = archive

"""ITA Evidence Archive: transparency evidence for Thai public offices.

Plugin authors need only what this module exports::

    from evidence_archive import hookimpl, EvidenceType, Field
"""
from __future__ import annotations

import logging
import os

from flask import Flask
from werkzeug.routing import IntegerConverter

from .fields import Field
from .hookspecs import HOOK_VERSION, hookimpl
from .types import EvidenceType

__all__ = ["create_app", "hookimpl", "EvidenceType", "Field", "HOOK_VERSION"]
__version__ = "0.1.0"


class BoundedInt(IntegerConverter):
    """``<int:...>`` URL parts up to 2**31-1: a longer number is a 404, not a database overflow."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(test_config: dict | None = None, instance_path: str | None = None, *,
               check_schema: bool = True) -> Flask:
    """Create the archive app: defaults, instance/config.py, environment, then test config.

    Refuses (``db.SchemaError``) a database whose schema is not the code's, unless
    `check_schema` is false: the CLI's commands that migrate (``init``, ``db ...``).
    """
    from . import admission, api, auth, cli, config, db, http, i18n, search, templating, uploads, views
    from .archive import Archive, install
    from .plugins import get_plugins
    from .services import plugin_states
    from .storage import BlobStore
    from .textsearch.index import WhooshIndexer, folder_of

    instance_path = instance_path or os.environ.get("EVIDENCE_ARCHIVE_INSTANCE")
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.url_map.strict_slashes = False  # /admin/users/ and /years/2563 both work
    app.url_map.converters["int"] = BoundedInt
    app.config.from_object(config.Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        config.from_environment(app)
    else:
        app.config.from_mapping(test_config)
    config.default_paths(app)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set: run `evidence-archive init` first")

    app.logger.setLevel(logging.INFO)
    if check_schema:
        db.init_app(app)
        db.check_schema(app)  # before the plugins read their states from the database
    install(app, Archive(
        plugins=get_plugins(app, tuple(app.config.get("EXTRA_PLUGINS", ())),
                            switched_off=plugin_states.stored_disabled(app)),
        store=BlobStore(app.config["UPLOAD_FOLDER"]),
        indexer=WhooshIndexer(app, folder_of(app)),  # opened (or rebuilt) on first use
    ))
    if not check_schema:  # bound after the plugins, which then read no table that may be missing
        db.init_app(app)
    for module in (http, uploads, i18n, templating, auth, search, views, api, cli, admission):
        module.init_app(app)
    return app

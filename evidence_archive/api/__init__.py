"""The JSON API at /api/v1: what the web interface does, with the same services and roles.

Callers authenticate with ``Authorization: Bearer <token>`` or the session
cookie (then unsafe methods need the ``X-CSRFToken`` header).  Routes live in
one module per area; see docs/api.md.
"""
from __future__ import annotations

from ..auth import csrf
from . import admin, catalog, evidence, search  # noqa: F401 - each registers its routes on bp
from .common import bp


def init_app(app) -> None:
    """Register the API blueprint; it checks CSRF itself, for session callers only."""
    csrf.exempt(bp)
    # Thai stays readable in curl and logs instead of \u0e01 escapes; JSON is UTF-8 anyway.
    app.json.ensure_ascii = False
    app.register_blueprint(bp)

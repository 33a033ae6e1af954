"""Thai-first interface text with English available.

Source strings are Thai; the JSON files in ``translations/en/`` (one per area
of the interface) map each to English.  A string missing from the table shows
in Thai, never as a key.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from flask import g, request, session
from flask_login import current_user

LOCALES = ("th", "en")


@lru_cache(maxsize=None)
def _table(locale: str) -> dict:
    if locale == "th":
        return {}
    folder = resources.files("evidence_archive") / "translations" / locale
    table: dict = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name) if folder.is_dir() else ():
        if path.name.endswith(".json"):
            table.update(json.loads(path.read_text("utf-8")))
    return table


def get_locale() -> str:
    """Pick the locale: ?lang=, then the session, then the user's setting, then Thai."""
    if "locale" in g:
        return g.locale
    locale = request.args.get("lang") or session.get("lang")
    if locale not in LOCALES and current_user and current_user.is_authenticated:
        locale = current_user.locale
    g.locale = locale if locale in LOCALES else "th"
    return g.locale


def gettext(text: str, **values) -> str:
    """Translate a Thai source string into the current locale and fill {placeholders}."""
    try:
        locale = get_locale()
    except RuntimeError:  # outside a request (CLI): Thai
        locale = "th"
    out = _table(locale).get(text, text)
    return out.format(**values) if values else out


_ = gettext


def init_app(app) -> None:
    app.jinja_env.globals.update(_=gettext, get_locale=get_locale)

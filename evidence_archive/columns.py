"""Text on its way into a database column: the same answer on SQLite and PostgreSQL.

PostgreSQL refuses a value longer than its ``VARCHAR(n)`` column, and any NUL;
SQLite stores both.  So every service checks the text a person typed against
the column it goes into (:func:`check`) and refuses it with a Thai message
naming the field (422) — from a page, the API, the CLI or a plugin alike —
never a 500, a bare 400, nor a value cut short in silence.  Text the archive
makes itself from longer text (an item's title taken from its metadata, a
failed sign-in's name in the audit log) is shortened visibly instead (:func:`fit`).

The lengths are read from the models (``String(500)``) and written nowhere else.
"""
from __future__ import annotations

from typing import Any

from . import inputs

ELLIPSIS = "…"


def length(attribute: Any) -> int | None:
    """Return how many characters a model's column holds (``EvidenceSet.title``); None: no limit."""
    column = attribute.property.columns[0]
    return getattr(column.type, "length", None)


def too_long_message(label: str, limit: int) -> str:
    """Say, in Thai, that the field `label` holds at most `limit` characters."""
    return f"ช่อง “{label}” ยาวเกิน {limit:,} ตัวอักษร"


def problem(field: str, value: str | None, attribute: Any, label: str | None = None) -> str:
    """Return why `value` cannot go into the column (a control character, too long), or ''."""
    if not value:
        return ""
    label = label or inputs.LABELS.get(field, field)
    if found := inputs.CONTROL_CHARACTERS.search(value):
        return inputs.control_message(label, found[0])
    limit = length(attribute)
    if limit is not None and len(value) > limit:
        return too_long_message(label, limit)
    return ""


def check(errors: dict, field: str, value: str | None, attribute: Any,
          label: str | None = None) -> None:
    """Note in `errors` (by `field`, first message kept) a value the column cannot hold alike."""
    if message := problem(field, value, attribute, label):
        errors.setdefault(field, message)


def fit(text: str, attribute: Any) -> str:
    """Shorten text the archive derived itself to its column, ending it with “…” if cut."""
    limit = length(attribute)
    if limit is None or len(text) <= limit:
        return text
    return text[:limit - len(ELLIPSIS)].rstrip() + ELLIPSIS

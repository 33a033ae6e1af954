"""How an item shows its type and metadata — the same on pages, in the API, search and zips,
also when the plugin that declared its type is gone.

An item keeps a snapshot of its type (name, fields with labels and kinds) from
when it was saved; field kinds belong to the core, so a value still shows as
its kind shows it after the plugin is uninstalled.  The installed type is
asked first, then the snapshot, and values no field declares any more still
show under their key: nothing stored is ever hidden.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .archive import archive_of
from .fields import KINDS
from .models import EvidenceItem
from .types import EvidenceType

_INSTALLED = object()  # the default: look the item's type up among the installed ones


def evidence_type(item: EvidenceItem) -> EvidenceType | None:
    """Return the installed type of an item, or None when its plugin is gone."""
    return archive_of().types.get(item.type_key)


def type_name(item: EvidenceItem, etype: EvidenceType | None | object = _INSTALLED,
              locale: str = "th") -> str:
    """Name an item's type from its plugin, else from the snapshot saved with it."""
    etype = evidence_type(item) if etype is _INSTALLED else etype
    if etype is not None:
        return etype.label(locale)
    snapshot = item.type_snapshot or {}
    name = snapshot.get("name_en") if locale == "en" else None
    return name or snapshot.get("name") or item.type_key


def readable(value: Any) -> str:
    """Write a stored value without its field declaration: people, lists, mappings."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        if "name" in value:  # a person: {"name": ..., "position": ...}
            position = value.get("position")
            return f"{value['name']} ({position})" if position else str(value["name"])
        return ", ".join(f"{k}: {readable(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "\n".join(readable(v) for v in value)
    return str(value)


def _by_kind(kind: str | None, value: Any, locale: str) -> str:
    """Show a value by its snapshot kind; kinds are core, so they outlive the plugin."""
    spec = KINDS.get(kind or "")
    if spec is not None and value not in (None, ""):
        try:
            return spec.display(value, locale)
        except Exception:  # noqa: BLE001 - an odd stored value still shows, as it was saved
            pass
    return readable(value)


def fields_shown(item: EvidenceItem, etype: EvidenceType | None | object = _INSTALLED,
                 locale: str = "th") -> list[tuple[str, str, str]]:
    """Return (name, label, text) of an item's filled-in metadata, in the type's field order.

    Without the plugin the labels and order come from the item's snapshot;
    values whose field is no longer declared follow, under their key.
    """
    etype = evidence_type(item) if etype is _INSTALLED else etype
    meta = dict(item.meta or {})
    out: list[tuple[str, str, str]] = []
    if etype is not None:
        for field in etype.fields:
            text = field.display(meta.pop(field.name, None), locale)
            if text:
                label = field.label_en if locale == "en" and field.label_en else field.label
                out.append((field.name, label, text))
    for spec in (item.type_snapshot or {}).get("fields", []):
        name = spec.get("name")
        if name in meta:
            text = _by_kind(spec.get("kind"), meta.pop(name), locale)
            if text:
                label = spec.get("label_en") if locale == "en" else None
                out.append((name, label or spec.get("label") or name, text))
    out += [(name, name, readable(value)) for name, value in meta.items() if readable(value)]
    return out

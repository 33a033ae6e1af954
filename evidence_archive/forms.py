"""Turn an evidence type's fields into form widgets, and posted forms back into raw values.

The edit pages are generated from a type's declaration: each field's kind picks
a widget (``Field.to_schema()['widget']``).  Values travel in two shapes:

* *form values*, what the inputs show: text for most widgets, ``{"name",
  "position"}`` for a person, lines ``ชื่อ | ตำแหน่ง`` for people, a BE date
  such as ``15/05/2563``;
* *raw values*, what :meth:`EvidenceType.clean` reads (the same, as it happens,
  since every kind reads its own widget's text).
"""
from __future__ import annotations

from typing import Any, Mapping

from . import sniff, thai
from .fields import KINDS
from .types import EvidenceType

DATE_PLACEHOLDER = "15/05/2563"
TIME_PLACEHOLDER = "09.30 น."
PERSON_PARTS = ("name", "position")


def person_input(field_name: str, part: str) -> str:
    """Name the input holding one part (name or position) of a person field."""
    return f"{field_name}__{part}"


def _read_field(field, form: Mapping) -> Any:
    """Read one field's raw value from a posted form."""
    if field.kind_spec.widget == "person":
        parts = {p: form.get(person_input(field.name, p)) for p in PERSON_PARTS}
        if any(v is not None for v in parts.values()):
            return {p: v or "" for p, v in parts.items()}
    # A person may also come as one "ชื่อ | ตำแหน่ง" text (API clients, scripts).
    return form.get(field.name)


def read_form(etype: EvidenceType, form: Mapping) -> dict:
    """Read the posted form into the raw dict the type's `clean()` expects."""
    return {field.name: _read_field(field, form) for field in etype.fields}


def _person_text(value: Any) -> str:
    """Write one stored person as a `ชื่อ | ตำแหน่ง` line."""
    if not isinstance(value, Mapping):
        return str(value or "")
    name, position = value.get("name") or "", value.get("position") or ""
    return f"{name} | {position}" if position else name


def _form_value(widget: str, value: Any) -> Any:
    """Turn one stored canonical value into what its widget shows."""
    if value is None:
        return {p: "" for p in PERSON_PARTS} if widget == "person" else ""
    if widget == "person":
        value = value if isinstance(value, Mapping) else {"name": str(value)}
        return {p: str(value.get(p) or "") for p in PERSON_PARTS}
    if widget == "people":
        items = value if isinstance(value, list) else [value]
        return "\n".join(_person_text(p) for p in items)
    if widget == "date":
        try:
            return thai.format_date(value, "numeric", "th")
        except (ValueError, TypeError):  # a value saved under an older kind
            return str(value)
    return str(value)


def initial_values(etype: EvidenceType, meta: Mapping) -> dict:
    """Return form values prefilled from an item's stored canonical metadata."""
    return {f.name: _form_value(f.kind_spec.widget, meta.get(f.name)) for f in etype.fields}


def posted_values(etype: EvidenceType, form: Mapping) -> dict:
    """Return form values exactly as the user typed them, to show a failed form again."""
    out = {}
    for field in etype.fields:
        raw = _read_field(field, form)
        if field.kind_spec.widget == "person" and not isinstance(raw, Mapping):
            raw = _form_value("person", {"name": raw or ""})
        out[field.name] = raw if raw is not None else ""
    return out


def _placeholder(field, widget: str) -> str:
    if field.placeholder:
        return field.placeholder
    return {"date": DATE_PLACEHOLDER, "time": TIME_PLACEHOLDER}.get(widget, "")


def widgets(etype: EvidenceType, values: Mapping | None = None, errors: Mapping | None = None,
            locale: str = "th") -> list[dict]:
    """Describe one widget per field, in form order, for the templates."""
    values, errors = values or {}, errors or {}
    out = []
    for field in etype.fields:
        schema = field.to_schema()
        widget = schema["widget"]
        out.append(schema | {
            "label": field.label_en if locale == "en" and field.label_en else field.label,
            "placeholder": _placeholder(field, widget),
            "value": values.get(field.name, _form_value(widget, None)),
            "error": errors.get(field.name, ""),
        })
    return out


# What the browser's file picker offers first; only a hint, the server judges by content.
PICKER_HINTS = {
    "pdf": ".pdf,application/pdf",
    "image": "image/*",
    "word": ".doc,.docx,.odt,.rtf",
    "spreadsheet": ".xls,.xlsx,.ods,.csv",
    "presentation": ".ppt,.pptx,.odp",
    "text": ".txt,text/plain",
}


def picker_accept(etype: EvidenceType | None) -> str:
    """Return the file input's `accept` attribute for a type's file kinds."""
    if etype is None:
        return ""
    return ",".join(PICKER_HINTS[k] for k in etype.accepts if k in PICKER_HINTS)


def kind_labels(etype: EvidenceType, locale: str = "th") -> list[str]:
    """Name the file kinds a type accepts, for people."""
    return [sniff.kind_label(kind, locale) for kind in etype.accepts]


def snapshot_rows(item, locale: str = "th") -> list[tuple[str, str]]:
    """Return (label, text) pairs of an item's metadata read through its type snapshot."""
    rows = []
    for spec in (item.type_snapshot or {}).get("fields", []):
        value = (item.meta or {}).get(spec.get("name"))
        if value in (None, "", []):
            continue
        label = spec.get("label_en") if locale == "en" and spec.get("label_en") else spec.get("label")
        kind = KINDS.get(spec.get("kind"))
        try:
            text = kind.display(value, locale) if kind else str(value)
        except Exception:  # a value saved under an older kind still shows
            text = str(value)
        rows.append((label or spec.get("name", ""), text))
    return rows


def reordered(public_ids: list[str], form: Mapping) -> list[str]:
    """Apply a posted order (`order` list, or one `up`/`down` step) to a set's item ids."""
    order = list(public_ids)
    posted = form.getlist("order") if hasattr(form, "getlist") else []
    if posted:
        order = posted
    for direction, step in (("up", -1), ("down", 1)):
        pid = form.get(direction)
        if pid in order:
            i = order.index(pid)
            j = i + step
            if 0 <= j < len(order):
                order[i], order[j] = order[j], order[i]
    return order


def renamed(old: str, new: str | None) -> str | None:
    """Return the new file name, keeping the old extension when the new name has none."""
    new = (new or "").strip()
    if not new:
        return None
    _, dot, ext = old.rpartition(".")
    if dot and ext and "." not in new.rsplit("/", 1)[-1]:
        return f"{new}.{ext}"
    return new


def parse_position(raw: str | None) -> int | None:
    """Read a 1-based position typed in Thai or Arabic digits; return it 0-based (None = end)."""
    if raw is None or not str(raw).strip():
        return None
    return max(thai.parse_int(raw), 1) - 1

"""Evidence type declarations and the per-app registry that collects them from plugins."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from .fields import Field, clean_values
from .sniff import FILE_KINDS

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


@dataclass(frozen=True)
class EvidenceType:
    """What a plugin declares for one kind of evidence (หนังสือเชิญประชุม, รายงานการประชุม, ...).

    :param key: stable identifier stored with every item; never change it.
    :param name: Thai name shown to users; ``name_en`` its English name.
    :param fields: the metadata fields, in form order.
    :param accepts: file kinds from :data:`evidence_archive.sniff.FILE_KINDS`
        that this type takes, judged by content, never by file name.
    :param title_field: field whose value becomes the item title when the
        uploader leaves the title empty.
    :param date_field: field holding the document's own date.
    :param file_captions: ask for a caption per file (photos).
    :param min_files, max_files: how many files an item must/may have.
    :param validate: ``validate(values) -> {field: Thai message}`` for checks
        across fields, run after each field is cleaned.
    :param search_text: ``search_text(values) -> str``, extra text for search.
    :param item_template: path of a Jinja template that renders the item page
        body; it receives ``item``, ``etype``, ``fields`` (label/value pairs) and
        ``files``.  None uses the generic page.
    :param version: schema version saved with every item, so a plugin can
        recognise items saved under older versions of its fields.
    """

    key: str
    name: str
    name_en: str
    fields: tuple[Field, ...]
    accepts: tuple[str, ...] = ("pdf",)
    description: str = ""
    title_field: Optional[str] = None
    date_field: Optional[str] = None
    file_captions: bool = False
    min_files: int = 1
    max_files: Optional[int] = None
    validate: Optional[Callable[[dict], dict]] = None
    search_text: Optional[Callable[[dict], str]] = None
    item_template: Optional[str | Path] = None
    version: int = 1
    plugin: str = field(default="", compare=False)  # set by the registry

    def __post_init__(self):
        # Accept lists from plugin authors; keep the declaration hashable.
        object.__setattr__(self, "fields", tuple(self.fields))
        object.__setattr__(self, "accepts", tuple(self.accepts))
        problems = self.problems()
        if problems:
            raise ValueError(f"evidence type {self.key!r}: " + "; ".join(problems))

    def problems(self) -> list[str]:
        """List what is wrong with this declaration (empty when it is sound)."""
        out = []
        if not KEY_RE.match(self.key or ""):
            out.append("key must be lower-case letters, digits and _")
        if not self.name:
            out.append("name (Thai) is required")
        names = [f.name for f in self.fields]
        if len(names) != len(set(names)):
            out.append("field names repeat")
        for attr in ("title_field", "date_field"):
            value = getattr(self, attr)
            if value and value not in names:
                out.append(f"{attr} {value!r} is not a field")
        if self.date_field in names and self.field(self.date_field).kind != "date":
            out.append("date_field must be a date field")
        if not self.accepts:
            out.append("accepts must list at least one file kind")
        unknown = [k for k in self.accepts if k not in FILE_KINDS]
        if unknown:
            out.append(f"accepts has unknown file kinds {unknown}; known: {sorted(FILE_KINDS)}")
        if self.max_files is not None and self.min_files > self.max_files:
            out.append("min_files is larger than max_files")
        if self.item_template and not Path(self.item_template).is_file():
            out.append(f"item_template {str(self.item_template)!r} is not a file")
        return out

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def label(self, locale: str = "th") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name

    def clean(self, raw: dict) -> tuple[dict, dict]:
        """Clean raw form/API values; return (values, errors) with Thai messages."""
        values, errors = clean_values(self.fields, raw)
        if self.validate is not None:
            # Cross-field checks see only the fields that cleaned, so a user
            # learns every problem in one submission.
            for name, message in (self.validate(values) or {}).items():
                errors.setdefault(name, message)
        return values, errors

    def snapshot(self) -> dict:
        """Return what an item keeps of its type, to read it without the plugin."""
        return {
            "key": self.key, "name": self.name, "name_en": self.name_en,
            "version": self.version, "plugin": self.plugin,
            "fields": [
                {"name": f.name, "label": f.label, "label_en": f.label_en, "kind": f.kind}
                for f in self.fields
            ],
        }

    def to_schema(self) -> dict:
        """Describe the type for the API and the generated forms."""
        return {
            "key": self.key, "name": self.name, "name_en": self.name_en,
            "description": self.description, "accepts": list(self.accepts),
            "title_field": self.title_field, "date_field": self.date_field,
            "file_captions": self.file_captions, "min_files": self.min_files,
            "max_files": self.max_files, "version": self.version, "plugin": self.plugin,
            "fields": [f.to_schema() for f in self.fields],
        }


class TypeRegistry:
    """The evidence types of one app, gathered from its plugins' hooks."""

    def __init__(self):
        self._types: dict[str, EvidenceType] = {}
        self.problems: list[str] = []

    def add(self, etype: EvidenceType, plugin: str) -> None:
        """Register one type; report and skip it if its key is taken."""
        if not isinstance(etype, EvidenceType):
            self.problems.append(f"{plugin}: returned {type(etype).__name__}, not EvidenceType")
            return
        if etype.key in self._types:
            owner = self._types[etype.key].plugin
            self.problems.append(f"{plugin}: type key {etype.key!r} already belongs to {owner}")
            return
        object.__setattr__(etype, "plugin", plugin)
        self._types[etype.key] = etype

    def get(self, key: str) -> Optional[EvidenceType]:
        return self._types.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self._types

    def __iter__(self):
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)


def collect(results: Iterable[tuple[str, object]]) -> TypeRegistry:
    """Build a registry from (plugin name, hook result) pairs."""
    registry = TypeRegistry()
    for plugin, returned in results:
        for etype in returned or ():
            registry.add(etype, plugin)
    return registry

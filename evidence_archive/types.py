"""Evidence type declarations and the per-app registry that collects them from plugins."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .fields import Field, clean_values
from .sniff import FILE_KINDS

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


@dataclass(frozen=True)
class EvidenceType:
    """What a plugin declares for one kind of evidence (หนังสือเชิญประชุม, รายงานการประชุม, ...).

    :param key: stable identifier stored with every item; never change it.
    :param name: Thai name shown to users; ``name_en`` its English name (optional:
        the English UI shows the Thai name without it).
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
    name_en: str = ""  # the English UI shows `name` without it
    fields: tuple[Field, ...] = ()
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
        """Clean raw form/API values; return (values, errors) with Thai messages.

        Raises :class:`ValidateFailed` when the type's own ``validate`` raises
        or answers something other than a dict: the values were not checked.
        """
        values, errors = clean_values(self.fields, raw)
        if self.validate is not None:
            # Cross-field checks see only the fields that cleaned, so a user
            # learns every problem in one submission.
            try:
                found = self.validate(dict(values)) or {}
                if not isinstance(found, dict):
                    raise TypeError(f"returned {type(found).__name__}, not a dict of messages")
            except Exception as exc:  # noqa: BLE001 - a plugin's function may raise anything
                raise ValidateFailed(self, exc) from exc
            for name, message in found.items():
                errors.setdefault(str(name), str(message))
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


class ValidateFailed(Exception):
    """A type's own ``validate`` raised (or answered nonsense): its values are unchecked."""

    def __init__(self, etype: EvidenceType, exc: BaseException):
        super().__init__(f"validate of type {etype.key}: {type(exc).__name__}: {exc}")
        self.etype = etype


class TypeRegistry:
    """The evidence types of one app, gathered from its plugins' hooks."""

    def __init__(self):
        self._types: dict[str, EvidenceType] = {}

    def add(self, etype: EvidenceType, plugin: str) -> None:
        """Register one type for `plugin`; :func:`resolve_claims` has settled who owns its key."""
        if etype.key in self._types:  # never after resolve_claims; a bug if it happens
            raise ValueError(f"type key {etype.key!r} is registered twice")
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


# --------------------------------------------------------------------------- who gets which key

def declared_types(returned) -> tuple[list[EvidenceType], list[str]]:
    """Split one plugin's ``register_evidence_types`` answer into its types and its problems."""
    declared = returned if isinstance(returned, (list, tuple)) else [returned]
    types: list[EvidenceType] = []
    problems: list[str] = []
    for etype in declared:
        if not isinstance(etype, EvidenceType):
            problems.append(f"returned {type(etype).__name__}, not EvidenceType")
        elif any(t.key == etype.key for t in types):
            problems.append(f"declares the type key {etype.key!r} twice")
        else:
            types.append(etype)
    return types, problems


@dataclass
class Resolution:
    """The outcome of :func:`resolve_claims`: the registry, and per plugin its problems and
    the sound types it declared but did not get (a plugin with a problem registers none)."""

    registry: TypeRegistry
    problems: dict[str, list[str]]
    withheld: dict[str, list[str]]


StoredOwners = Callable[[set[str]], dict[str, dict[str, int]]]


def resolve_claims(claims: dict[str, tuple[list[EvidenceType], list[str]]],
                   stored: StoredOwners) -> Resolution:
    """Decide which plugin gets each type key, whatever order the plugins were loaded in.

    `claims` maps each plugin to (its sound types, problems of its declaration).
    A plugin with any problem registers none of its types.  Healthy plugins
    claiming one key are set aside round by round, each round all at once,
    until no key is contested:

    1. the one whose items are stored under a key keeps it, and the others
       are set aside (``stored(keys)`` answers {key: {plugin: items}}; it is
       asked once, and only if keys are contested);
    2. when no key is settled that way, the plugins that clash over the most
       keys are set aside: two that clash over one key both (neither gets it),
       one that clashes with two others over two keys alone, so they keep theirs.

    A plugin set aside has a problem, so it registers nothing, which may
    leave its other keys to a single claimant.
    """
    problems = {name: list(found) for name, (_types, found) in claims.items()}
    standing = {name: types for name, (types, _found) in claims.items() if not problems[name]}
    items: dict[str, dict[str, int]] | None = None
    lost: dict[str, set[str]] = {}
    while contested := _contested(standing):
        if items is None:  # later rounds only ever contest fewer keys
            items = stored(set(contested))
        settled = {key: names for key, names in contested.items()
                   if len(_holders(key, names, items)) == 1}
        losses = _lose_to_holders(settled, items) if settled else _set_aside(contested, items)
        for name, found in losses.items():
            problems[name].extend(message for _key, message in found)
            lost[name] = {key for key, _message in found}
            del standing[name]
    registry, withheld = TypeRegistry(), {}
    for name, (types, _found) in claims.items():
        if name in standing:
            for etype in types:
                registry.add(etype, name)
        elif types:
            withheld[name] = [t.key for t in types]
            others = [key for key in withheld[name] if key not in lost.get(name, ())]
            if others:
                problems[name].append(
                    f"so its other types were not registered either ({', '.join(others)}): "
                    "a plugin with a problem in its types registers none of them")
    return Resolution(registry, {n: p for n, p in problems.items() if p}, withheld)


def _contested(standing: dict[str, list[EvidenceType]]) -> dict[str, list[str]]:
    """Return {key: the plugins claiming it} for the keys more than one plugin claims."""
    claimants: dict[str, list[str]] = {}
    for name, types in standing.items():
        for etype in types:
            claimants.setdefault(etype.key, []).append(name)
    return {key: names for key, names in claimants.items() if len(names) > 1}


def _holders(key: str, names: list[str], items: dict[str, dict[str, int]]) -> list[str]:
    """Return the claimants of `key` that have items stored under it."""
    return [name for name in names if items.get(key, {}).get(name)]


Losses = dict[str, list[tuple[str, str]]]  # {plugin: [(key it loses, why)]}


def _lose_to_holders(settled: dict[str, list[str]], items: dict[str, dict[str, int]]) -> Losses:
    """Set aside the claimants of each key but the one whose items are stored under it."""
    out: Losses = {}
    for key, names in settled.items():
        owner = _holders(key, names, items)[0]
        count = items[key][owner]
        for name in names:
            if name != owner:
                out.setdefault(name, []).append((key, (
                    f"type key {key!r} already belongs to {owner}, whose items are stored under "
                    f"it ({count} item{'s' * (count != 1)}); disable this plugin or give its "
                    "type another key")))
    return out


def _set_aside(contested: dict[str, list[str]], items: dict[str, dict[str, int]]) -> Losses:
    """Set aside the claimants that clash over the most keys (no stored items settle them)."""
    clashes = {name: sum(name in names for names in contested.values())
               for names in contested.values() for name in names}
    most = max(clashes.values())
    out: Losses = {}
    for key, names in contested.items():
        pair = len(names) == 2
        whose = ((("both have" if pair else "several have") if _holders(key, names, items)
                  else ("neither has" if pair else "none has")) + " items stored under it")
        for name in (n for n in names if clashes[n] == most):
            others = sorted(n for n in names if n != name)
            kept = [n for n in others if clashes[n] < most]
            outcome = (f", so {'neither' if pair else 'none'} gets it; disable "
                       f"{'one of them' if pair else 'all but one'} "
                       "(evidence-archive plugins disable NAME)") if not kept else (
                f"; this plugin clashes over {most} keys, more than {' and '.join(kept)}, so "
                "it is the one set aside: disable it or give its types other keys")
            out.setdefault(name, []).append(
                (key, f"type key {key!r} is also declared by {' and '.join(others)}, "
                      f"and {whose}{outcome}"))
    return out

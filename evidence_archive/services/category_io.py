"""Category trees to and from plain data (the YAML/JSON of `categories export/import`).

An import merges by name, so importing one file twice changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml

from .. import columns, inputs
from ..db import db
from ..errors import ValidationError
from ..models import AssessmentYear, Category
from ..thai import normalize_text, strip_bidi_overrides
from . import audit, catalog

FORMAT = "evidence-archive/categories@1"


def export_tree(year: AssessmentYear) -> dict:
    """Return a year's category tree as nested dicts."""
    def node(c: Category, nodes) -> dict:
        out = {"name": c.name}
        if c.name_en:
            out["name_en"] = c.name_en
        if c.description:
            out["description"] = c.description
        if c.indicator:
            out["indicator"] = c.indicator.code
        if c.required_elements:
            out["required_elements"] = list(c.required_elements)
        kids = [k for k in nodes if k.parent_id == c.id]
        if kids:
            out["children"] = [node(k, nodes) for k in kids]
        return out

    nodes = [c for _, c in catalog.tree(year)]
    return {"format": FORMAT, "year": year.year,
            "categories": [node(c, nodes) for c in nodes if c.parent_id is None]}


def parse(raw: bytes | str) -> dict:
    """Read a category tree file (YAML or JSON, which is YAML too) and check its shape."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        data = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise ValidationError({"file": "ไฟล์ต้องเป็นข้อความ UTF-8"}) from None
    except yaml.YAMLError:
        raise ValidationError({"file": "อ่านไฟล์ไม่ได้: รูปแบบ YAML หรือ JSON ไม่ถูกต้อง"}) from None
    check(data)
    return data


def check(data) -> None:
    """Refuse a tree whose shape is wrong, before anything is written."""
    # Held to the rules of every request body: bounded nesting, no control characters.
    inputs.refuse_control_characters(("file", text) for _, text in inputs.json_texts(data))
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise ValidationError({"file": "ไฟล์ต้องมีรายการ categories"})
    _check_nodes(data["categories"])


def _check_nodes(nodes) -> None:
    for node in nodes:
        if not isinstance(node, dict) or not normalize_text(str(node.get("name") or "")):
            raise ValidationError({"file": "ทุกหมวดต้องมีชื่อ (name)"})
        elements = node.get("required_elements") or []
        if not isinstance(elements, list) or not all(isinstance(e, str) for e in elements):
            raise ValidationError({"file": "required_elements ต้องเป็นรายการข้อความ"})
        for key in ("name_en", "description", "indicator"):
            if not isinstance(node.get(key, ""), str):
                raise ValidationError({"file": f"{key} ต้องเป็นข้อความ"})
        _check_texts(node)
        children = node.get("children") or []
        if not isinstance(children, list):
            raise ValidationError({"file": "children ต้องเป็นรายการ"})
        _check_nodes(children)


def _texts(node: dict) -> dict:
    """Return a node's name, English name and description as a category keeps them."""
    return {"name": normalize_text(str(node["name"])),
            "name_en": normalize_text(node.get("name_en", "")),
            "description": strip_bidi_overrides(node.get("description", "")).strip()}


def _check_texts(node: dict) -> None:
    """Refuse a node whose name, English name or description its column cannot hold."""
    texts = _texts(node)
    for key, text in texts.items():
        if message := columns.problem(key, text, getattr(Category, key)):
            name = texts["name"]
            shown = name if len(name) <= 40 else name[:40] + columns.ELLIPSIS
            raise ValidationError({"file": f"หมวด “{shown}”: {message}"})


@dataclass
class ImportResult:
    """What :func:`import_tree` did to a year: categories added, and those already there."""

    year: int
    added: int = 0
    existing: int = 0  # matched by name under the same parent, kept as they are


def import_tree(data: dict, year: int | str | None = None) -> ImportResult:
    """Merge the categories in `data` into a year (created if missing).

    A category is matched by its name under the same parent (top level: among
    the year's top-level categories; trashed ones do not count).  One that is
    already there is kept as it is — its details, position and evidence sets —
    and only the sub-categories it lacks are added, after those it has.  So
    importing the same tree twice changes nothing, and the result says so.
    """
    check(data)
    target_year = catalog.parse_year(year if year is not None else data.get("year"))
    row = catalog.get_year(target_year)
    created_year = row is None
    if created_year:
        row = catalog.create_year(target_year, seed_categories=False, commit=False)
    result = ImportResult(target_year)
    merger = _Merger(row, {i.code.lower(): i for i in catalog.indicators(target_year)}, result)
    try:
        for entry in data["categories"]:
            merger.merge(entry, None)
    except BaseException:
        db.session.rollback()  # the year created above goes too: all or nothing
        raise
    if not result.added and not created_year:
        db.session.rollback()
        return result
    audit.record("import", row, f"นำเข้าหมวด {result.added} หมวด สู่ปี {target_year}"
                 + (f" (มีอยู่แล้ว {result.existing} หมวด)" if result.existing else ""))
    db.session.commit()
    return result


class _Merger:
    """Add a file's categories to one year, reusing those already there by name."""

    def __init__(self, year: AssessmentYear, codes: dict, result: ImportResult):
        self.year, self.codes, self.result = year, codes, result
        # {parent (None: top level): [its live children]}, new categories added as they come
        self.children: dict[Category | None, list[Category]] = {}
        by_id = {}
        for _depth, category in catalog.tree(year):
            by_id[category.id] = category
            self.children.setdefault(by_id.get(category.parent_id), []).append(category)

    def merge(self, entry: dict, parent: Category | None) -> None:
        name = _texts(entry)["name"]  # check() made sure every node has one, that fits
        siblings = self.children.setdefault(parent, [])
        category = next((c for c in siblings if normalize_text(c.name) == name), None)
        if category is None:
            category = self._add(entry, name, parent, siblings)
        else:
            self.result.existing += 1
        for child in entry.get("children") or []:
            self.merge(child, category)

    def _add(self, entry: dict, name: str, parent: Category | None,
             siblings: list[Category]) -> Category:
        code = str(entry.get("indicator", "")).lower()
        indicator = self.codes.get(code) if code else None
        texts = _texts(entry)
        elements = [normalize_text(e) for e in entry.get("required_elements") or ()]
        category = Category(year_ref=self.year, parent=parent, **texts,
                            position=max((c.position for c in siblings), default=-1) + 1,
                            indicator=indicator,
                            required_elements=[e for e in elements if e]
                            or list(indicator.elements if indicator else []))
        db.session.add(category)
        siblings.append(category)
        self.result.added += 1
        return category

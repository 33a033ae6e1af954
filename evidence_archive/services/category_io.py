"""Category trees to and from plain data (the YAML/JSON of `categories export/import`)."""
from __future__ import annotations

import yaml

from .. import inputs
from ..db import db
from ..errors import ValidationError
from ..models import AssessmentYear, Category
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
        if not isinstance(node, dict) or not str(node.get("name") or "").strip():
            raise ValidationError({"file": "ทุกหมวดต้องมีชื่อ (name)"})
        elements = node.get("required_elements") or []
        if not isinstance(elements, list) or not all(isinstance(e, str) for e in elements):
            raise ValidationError({"file": "required_elements ต้องเป็นรายการข้อความ"})
        for key in ("name_en", "description", "indicator"):
            if not isinstance(node.get(key, ""), str):
                raise ValidationError({"file": f"{key} ต้องเป็นข้อความ"})
        children = node.get("children") or []
        if not isinstance(children, list):
            raise ValidationError({"file": "children ต้องเป็นรายการ"})
        _check_nodes(children)


def import_tree(data: dict, year: int | str | None = None) -> int:
    """Add the categories in `data` to a year (created if missing); return how many."""
    check(data)
    target_year = catalog.parse_year(year if year is not None else data.get("year"))
    row = catalog.get_year(target_year) or catalog.create_year(target_year, seed_categories=False,
                                                                   commit=False)
    codes = {i.code.lower(): i for i in catalog.indicators(target_year)}
    count = 0

    def add(entry: dict, parent: Category | None, position: int):
        nonlocal count
        name = str(entry["name"]).strip()  # check() made sure every node has one
        if len(name) > 300:
            raise ValidationError({"file": f"ชื่อหมวดยาวเกิน 300 ตัวอักษร: {name[:40]}…"})
        code = str(entry.get("indicator", "")).lower()
        indicator = codes.get(code) if code else None
        category = Category(year_ref=row, parent=parent, name=name,
                            name_en=entry.get("name_en", ""),
                            description=entry.get("description", ""), position=position,
                            indicator=indicator,
                            required_elements=list(entry.get("required_elements")
                                                   or (indicator.elements if indicator else [])))
        db.session.add(category)
        count += 1
        for index, child in enumerate(entry.get("children") or []):
            add(child, category, index)

    try:
        for index, entry in enumerate(data["categories"]):
            add(entry, None, index)
    except BaseException:
        db.session.rollback()  # the year created above goes too: all or nothing
        raise
    audit.record("import", row, f"นำเข้าหมวด {count} หมวด สู่ปี {target_year}")
    db.session.commit()
    return count

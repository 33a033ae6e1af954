"""The agency, assessment years, the ITA indicator catalog and category trees."""
from __future__ import annotations

import json
from importlib import resources

from flask import current_app
from sqlalchemy import select

from .. import columns
from ..db import db
from ..errors import ValidationError
from ..models import Agency, AssessmentYear, Category, Indicator, User
from ..thai import (YEAR_RANGE_MESSAGE, ParseError, be_year, normalize_text, parse_int,
                    read_year, strip_bidi_overrides)
from . import audit

#: The participation stages of "การเปิดโอกาสให้เกิดการมีส่วนร่วม", seeded into every new year.
PARTICIPATION_ITEM = "การเปิดโอกาสให้เกิดการมีส่วนร่วม"
PARTICIPATION_STAGES = [
    ("การร่วมวางแผน", "Participation in planning"),
    ("การร่วมดำเนินการ", "Participation in implementation"),
    ("การร่วมแลกเปลี่ยนความคิดเห็น", "Exchange of opinions"),
    ("การร่วมติดตามประเมินผล", "Participation in monitoring and evaluation"),
]


def catalog_files() -> list[str]:
    """Name the indicator catalog files shipped with the package."""
    folder = resources.files("evidence_archive") / "catalog"
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))


def load_catalog(data: dict, source: str) -> int:
    """Insert or update the indicators of every year a catalog document covers."""
    count = 0
    # One query for the rows already there, not one per indicator (a round trip each).
    stored = {(row.year, row.code): row for row in db.session.scalars(
        select(Indicator).where(Indicator.year.in_(data["years"])))}
    for year in data["years"]:
        for entry in data["items"]:
            row = stored.get((year, entry["code"]))
            if row is None:
                row = Indicator(year=year, code=entry["code"])
                db.session.add(row)
            row.name = entry["name"]
            row.group = entry.get("group", "")
            row.period = entry.get("period", "")
            row.scoring = entry.get("scoring", "")
            row.elements = list(entry.get("elements", []))
            row.source = source
            count += 1
    return count


def seed_catalog() -> int:
    """Load every shipped catalog file; return how many indicator rows were written."""
    folder = resources.files("evidence_archive") / "catalog"
    total = sum(load_catalog(json.loads((folder / name).read_text("utf-8")), name)
                for name in catalog_files())
    db.session.commit()
    return total


def indicators(year: int) -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).where(Indicator.year == year)
                                   .order_by(Indicator.id)))


def participation_indicator(year: int) -> Indicator | None:
    return db.session.scalar(select(Indicator).where(
        Indicator.year == year, Indicator.name == PARTICIPATION_ITEM))


def get_agency() -> Agency:
    """Return this installation's agency, creating it from the config the first time."""
    agency = db.session.scalar(select(Agency).order_by(Agency.id))
    if agency is None:
        agency = Agency(name=current_app.config["AGENCY_NAME"],
                        short_name=current_app.config["AGENCY_SHORT_NAME"])
        db.session.add(agency)
        db.session.commit()
    return agency


def update_agency(agency: Agency, user: User, name: str, short_name: str,
                  name_en: str = "", website: str = "") -> Agency:
    """Rename the agency, keeping every former name."""
    values = {"name": normalize_text(name), "short_name": normalize_text(short_name),
              "name_en": normalize_text(name_en), "website": normalize_text(website)}
    if not values["name"]:
        raise ValidationError({"name": "กรุณากรอกชื่อหน่วยงาน"})
    errors: dict = {}
    for field, value in values.items():
        columns.check(errors, field, value, getattr(Agency, field))
    if errors:
        raise ValidationError(errors)
    name, short_name, name_en, website = values.values()
    # The website becomes a link on every page: never a javascript: URL.
    if website and not website.lower().startswith(("http://", "https://")):
        raise ValidationError({"website": "เว็บไซต์ต้องขึ้นต้นด้วย http:// หรือ https://"})
    for old in (agency.name, agency.short_name):
        if old and old not in (name, short_name) and old not in agency.former_names:
            agency.former_names = agency.former_names + [old]
    before = {"name": agency.name, "short_name": agency.short_name}
    agency.name, agency.short_name = name, short_name
    agency.name_en, agency.website = name_en, website
    audit.record("update", agency, f"แก้ไขข้อมูลหน่วยงาน: {name}", {"before": before}, user=user)
    db.session.commit()
    return agency


def years() -> list[AssessmentYear]:
    return list(db.session.scalars(select(AssessmentYear).order_by(AssessmentYear.year.desc())))


def get_year(year: int) -> AssessmentYear | None:
    return db.session.scalar(select(AssessmentYear).where(AssessmentYear.year == year))


def category_ids_named(name: str) -> list[int]:
    """Return the ids of the live categories called `name`, else of those whose name holds it
    ("การร่วมวางแผน" also finds "O33 การร่วมวางแผน")."""
    live = Category.deleted_at.is_(None)
    ids = db.session.scalars(select(Category.id).where(live, Category.name == name)).all()
    return list(ids or db.session.scalars(select(Category.id).where(live, Category.name.contains(name))))


def parse_year(raw) -> int:
    """Read a fiscal year typed in พ.ศ. or ค.ศ., Thai or Arabic digits; return BE.

    The year must lie in the archive's window (thai.BE_YEAR_MIN–BE_YEAR_MAX).
    """
    try:
        value = parse_int(raw)
    except (TypeError, ValueError):
        raise ValidationError({"year": "ปีงบประมาณต้องเป็นตัวเลข เช่น 2568"}) from None
    try:
        return be_year(read_year(value))
    except ParseError:
        raise ValidationError({"year": f"ปีงบประมาณไม่ถูกต้อง: {YEAR_RANGE_MESSAGE} เช่น 2568"}
                              ) from None


def create_year(raw_year, user: User | None = None, seed_categories: bool = True,
                commit: bool = True) -> AssessmentYear:
    """Create an assessment year, seeded with the participation stages."""
    year = parse_year(raw_year)
    if get_year(year) is not None:
        raise ValidationError({"year": f"ปีงบประมาณ {year} มีอยู่แล้ว"})
    row = AssessmentYear(agency=get_agency(), year=year)
    db.session.add(row)
    db.session.flush()
    if seed_categories:
        _seed_participation(row)
    audit.record("create", row, f"สร้างปีงบประมาณ {year}", user=user)
    if commit:
        db.session.commit()
    return row


def _seed_participation(year: AssessmentYear) -> None:
    indicator = participation_indicator(year.year)
    label = f"{indicator.code} {PARTICIPATION_ITEM}" if indicator else PARTICIPATION_ITEM
    root = Category(year_ref=year, name=label, name_en="Opening opportunities for participation",
                    indicator=indicator,
                    required_elements=list(indicator.elements) if indicator else [])
    db.session.add(root)
    for position, (name, name_en) in enumerate(PARTICIPATION_STAGES):
        db.session.add(Category(year_ref=year, parent=root, name=name, name_en=name_en,
                                position=position))


def live_category_ids() -> set[int]:
    """Return the ids of categories that are neither trashed nor under a trashed one."""
    rows = db.session.execute(select(Category.id, Category.parent_id, Category.deleted_at)).all()
    parent = {r.id: r.parent_id for r in rows}
    trashed = {r.id for r in rows if r.deleted_at is not None}
    live = set()
    for ident in parent:
        node, ok = ident, True
        while node is not None:
            if node in trashed:
                ok = False
                break
            node = parent.get(node)
        if ok:
            live.add(ident)
    return live


def tree(year: AssessmentYear, include_deleted: bool = False) -> list[tuple[int, Category]]:
    """Return the year's categories depth-first as (depth, category) pairs."""
    rows = db.session.scalars(select(Category).where(Category.year_id == year.id)
                              .order_by(Category.position, Category.id)).all()
    children: dict = {}
    for c in rows:
        if include_deleted or not c.is_deleted:
            children.setdefault(c.parent_id, []).append(c)
    out: list = []

    def walk(parent_id, depth):
        for c in children.get(parent_id, []):
            out.append((depth, c))
            walk(c.id, depth + 1)

    walk(None, 0)
    return out


def _category_texts(name: str, name_en: str, description: str,
                    required_elements: list[str] | None) -> tuple:
    """Clean a category's texts as the archive keeps them; refuse any its column cannot hold."""
    name, name_en = normalize_text(name), normalize_text(name_en)
    description = strip_bidi_overrides(description or "").strip()
    if not name:
        raise ValidationError({"name": "กรุณากรอกชื่อหมวด"})
    errors: dict = {}
    columns.check(errors, "name", name, Category.name)
    columns.check(errors, "name_en", name_en, Category.name_en)
    columns.check(errors, "description", description, Category.description)
    elements = None if required_elements is None else [
        normalize_text(e) for e in required_elements if normalize_text(e)]
    for element in elements or ():
        columns.check(errors, "required_elements", element, Category.required_elements)
    if errors:
        raise ValidationError(errors)
    return name, name_en, description, elements


def save_category(user: User, year: AssessmentYear, name: str, category: Category | None = None,
                  parent: Category | None = None, name_en: str = "", description: str = "",
                  position=None, indicator: Indicator | None = None,
                  required_elements: list[str] | None = None) -> Category:
    """Create a category, or update one, after checking it fits the year's tree."""
    name, name_en, description, elements = _category_texts(name, name_en, description,
                                                           required_elements)
    if parent is not None and parent.year_id != year.id:
        raise ValidationError({"parent": "หมวดแม่ต้องอยู่ในปีเดียวกัน"})
    node = parent
    while node is not None and category is not None:
        if node.id == category.id:
            raise ValidationError({"parent": "ไม่สามารถย้ายหมวดไปอยู่ใต้ตัวเองได้"})
        node = node.parent
    if indicator is not None and indicator.year != year.year:
        raise ValidationError({"indicator": "ตัวชี้วัดต้องเป็นของปีเดียวกัน"})
    created = category is None
    category = category or Category(year_ref=year)
    before = {"name": category.name, "parent": category.parent_id}
    category.name, category.name_en = name, name_en
    category.description, category.parent = description, parent
    category.indicator = indicator
    if elements is not None:
        category.required_elements = elements
    elif indicator is not None and not category.required_elements:
        category.required_elements = list(indicator.elements)
    if position not in (None, ""):
        try:
            category.position = parse_int(position)
        except ValueError:
            raise ValidationError({"position": "ลำดับต้องเป็นตัวเลข"}) from None
    db.session.add(category)
    db.session.flush()
    audit.record("create" if created else "update", category,
                 f"{'สร้าง' if created else 'แก้ไข'}หมวด {name}", {"before": before}, user=user)
    db.session.commit()
    return category


def copy_year(source: AssessmentYear, raw_target, user: User) -> AssessmentYear:
    """Copy a year's category tree (not its evidence) into a new year in one action.

    Indicator links move to the target year's item with the same name, since
    NACC renumbers items almost every year (O33 in 2563, o25 in 2568).
    """
    target_year = parse_year(raw_target)
    if get_year(target_year) is not None:
        raise ValidationError({"year": f"ปีงบประมาณ {target_year} มีอยู่แล้ว"})
    target = AssessmentYear(agency=source.agency, year=target_year)
    db.session.add(target)
    mapping: dict[int, Category] = {}
    by_name = {i.name: i for i in indicators(target_year)}
    for _, c in tree(source):
        indicator = by_name.get(c.indicator.name) if c.indicator else None
        name = c.name
        if c.indicator and name.startswith(c.indicator.code + " "):
            rest = name[len(c.indicator.code) + 1:]
            name = columns.fit(f"{indicator.code} {rest}", Category.name) if indicator else rest
        mapping[c.id] = Category(
            year_ref=target, parent=mapping.get(c.parent_id), name=name, name_en=c.name_en,
            description=c.description, position=c.position, indicator=indicator,
            required_elements=list(indicator.elements) if indicator and indicator.elements
            else list(c.required_elements))
        db.session.add(mapping[c.id])
    audit.record("copy_year", target, f"คัดลอกหมวดจากปี {source.year} ไปปี {target_year}",
                 {"categories": len(mapping)}, user=user)
    db.session.commit()
    return target


# ---------------------------------------------------------------------------
# Editing the indicator catalog (added for the admin pages)
# ---------------------------------------------------------------------------

def indicator_years() -> list[int]:
    """List the years that have indicators in the catalog, newest first."""
    return list(db.session.scalars(select(Indicator.year).distinct()
                                   .order_by(Indicator.year.desc())))


def _indicator_fields(code: str, name: str, group: str, period: str, scoring: str) -> tuple:
    code, name = normalize_text(code), normalize_text(name)
    errors = {}
    if not code:
        errors["code"] = "กรุณากรอกรหัสตัวชี้วัด เช่น o25"
    if not name:
        errors["name"] = "กรุณากรอกชื่อตัวชี้วัด"
    extra = {k: normalize_text(v) for k, v in
             (("group", group), ("period", period), ("scoring", scoring))}
    for key, value in {"code": code, "name": name, **extra}.items():
        columns.check(errors, key, value, getattr(Indicator, key))
    return code, name, extra, errors


def save_indicator(user: User, year, code: str, name: str, group: str = "", period: str = "",
                   scoring: str = "", elements: list[str] | None = None,
                   indicator: Indicator | None = None) -> Indicator:
    """Add an indicator to a year's catalog (NACC renumbers yearly), or correct one."""
    year = parse_year(year) if indicator is None else indicator.year
    code, name, extra, errors = _indicator_fields(code, name, group, period, scoring)
    clash = db.session.scalar(select(Indicator).where(Indicator.year == year,
                                                      Indicator.code == code))
    if code and clash is not None and clash is not indicator:
        errors["code"] = f"ปี {year} มีตัวชี้วัดรหัส {code} อยู่แล้ว"
    elements = [normalize_text(e) for e in (elements or []) if normalize_text(e)]
    for element in elements:
        columns.check(errors, "elements", element, Indicator.elements)
    if errors:
        raise ValidationError(errors)
    created = indicator is None
    indicator = indicator or Indicator(year=year, source="")
    before = {"code": indicator.code, "name": indicator.name, "elements": indicator.elements}
    indicator.code, indicator.name = code, name
    for key, value in extra.items():  # group, period, scoring
        setattr(indicator, key, value)
    indicator.elements = elements
    db.session.add(indicator)
    db.session.flush()
    audit.record("create" if created else "update", indicator,
                 f"{'เพิ่ม' if created else 'แก้ไข'}ตัวชี้วัด {code} ปี {year}",
                 {} if created else {"before": before}, user=user)
    db.session.commit()
    return indicator


def reload_catalog(user: User) -> int:
    """Load the shipped catalog files again (their items overwrite edited ones); return rows."""
    audit.record("import", None, "โหลดแคตตาล็อกตัวชี้วัดจากไฟล์ของระบบอีกครั้ง",
                 {"files": catalog_files()}, user=user)
    return seed_catalog()  # commits the event together with the rows

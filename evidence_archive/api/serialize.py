"""Turn rows into the API's JSON: ISO dates, each with a Thai `*_be` twin, and permanent URLs."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from flask import url_for

from .. import thai
from ..archive import archive_of
from ..auth import visible
from ..display import evidence_type, fields_shown, type_name
from ..models import (ApiToken, AssessmentYear, AuditEvent, Category, EvidenceItem, EvidenceSet,
                      Indicator, ItemFile, User)
from ..services.audit import ACTIONS

#: Thailand keeps UTC+7 all year; stored times are UTC.
BANGKOK = timezone(timedelta(hours=7))


def when(name: str, value: date | datetime | None) -> dict:
    """Return `{name: ISO, name_be: Thai}`; datetimes are UTC (`Z`), shown in Thai time."""
    if value is None:
        return {name: None, f"{name}_be": None}
    if isinstance(value, datetime):
        utc = value.replace(tzinfo=timezone.utc)
        local = utc.astimezone(BANGKOK).replace(tzinfo=None)
        return {name: utc.isoformat().replace("+00:00", "Z"),
                f"{name}_be": thai.format_datetime(local)}
    return {name: value.isoformat(), f"{name}_be": thai.format_date(value, "long")}


# --------------------------------------------------------------------------- catalog

def year_json(year: AssessmentYear) -> dict:
    start, end = thai.fiscal_year_bounds(year.year)
    return {"year": year.year, "id": year.id, "note": year.note,
            **when("starts_on", start), **when("ends_on", end),
            "api_url": url_for("api.year_categories", year=year.year, _external=True)}


def indicator_json(indicator: Indicator | None) -> dict | None:
    if indicator is None:
        return None
    return {"id": indicator.id, "year": indicator.year, "code": indicator.code,
            "name": indicator.name, "group": indicator.group, "period": indicator.period,
            "scoring": indicator.scoring, "elements": list(indicator.elements),
            "source": indicator.source}


def category_json(category: Category, children: bool = False) -> dict:
    """Describe a category; with `children`, its live subtree nested under `children`."""
    out = {"id": category.id, "year": category.year_ref.year, "parent_id": category.parent_id,
           "name": category.name, "name_en": category.name_en,
           "description": category.description, "position": category.position,
           "path": [{"id": c.id, "name": c.name} for c in category.path],
           "path_text": category.path_names,
           "indicator": indicator_json(category.indicator),
           "required_elements": list(category.required_elements),
           "api_url": url_for("api.get_category", category_id=category.id, _external=True)}
    if children:
        out["children"] = [category_json(c, True) for c in category.children if not c.is_deleted]
    return out


# --------------------------------------------------------------------------- evidence

def set_json(evidence_set: EvidenceSet, items: bool = False) -> dict:
    """Describe a set; with `items`, the items the caller may see, in order."""
    category = evidence_set.category
    out = {"id": evidence_set.public_id, "number": evidence_set.number,
           "title": evidence_set.title, "description": evidence_set.description,
           "status": evidence_set.status, "year": category.year_ref.year,
           "category": {"id": category.id, "name": category.name,
                        "path_text": category.path_names},
           **when("published_at", evidence_set.published_at),
           **when("created_at", evidence_set.created_at),
           **when("updated_at", evidence_set.updated_at),
           "url": url_for("public.evidence_set", public_id=evidence_set.public_id,
                          _external=True),
           "api_url": url_for("api.get_set", public_id=evidence_set.public_id, _external=True)}
    if items:
        out["items"] = [item_json(i, with_set=False) for i in evidence_set.live_items()
                        if visible(i)]
    return out


def _display(item: EvidenceItem) -> list[dict]:
    """Return the item's metadata as Thai text, in the type's field order (display.fields_shown)."""
    return [{"name": name, "label": label, "text": text}
            for name, label, text in fields_shown(item)]


def item_json(item: EvidenceItem, with_set: bool = True) -> dict:
    etype = evidence_type(item)
    out = {"id": item.public_id, "title": item.title, "status": item.status,
           "position": item.position,
           "type": {"key": item.type_key, "name": type_name(item, etype),
                    "name_en": (etype.name_en if etype else (item.type_snapshot or {}).get("name_en", "")),
                    "installed": etype is not None},
           "metadata": dict(item.meta), "display": _display(item),
           **when("document_date", item.document_date),
           **when("published_at", item.published_at),
           **when("created_at", item.created_at), **when("updated_at", item.updated_at),
           "files": [file_json(f, with_item=False) for f in item.live_files()],
           "url": url_for("public.item", public_id=item.public_id, _external=True),
           "api_url": url_for("api.get_item", public_id=item.public_id, _external=True)}
    if with_set:
        s = item.evidence_set
        out["set"] = {"id": s.public_id, "number": s.number, "title": s.title,
                      "api_url": url_for("api.get_set", public_id=s.public_id, _external=True)}
    return out


def _has_thumb(item_file: ItemFile) -> bool:
    """Photos always have a thumbnail; other files when a plugin drew a preview (PDF page 1)."""
    store = archive_of().store
    return item_file.blob.kind == "image" or store.has_thumb(item_file.sha256)


def file_json(item_file: ItemFile, with_item: bool = True) -> dict:
    blob = item_file.blob
    out = {"id": item_file.public_id, "filename": item_file.filename,
           "caption": item_file.caption, "position": item_file.position,
           "size": blob.size, "sha256": blob.sha256, "media_type": blob.media_type,
           "kind": blob.kind, "width": blob.width, "height": blob.height,
           **when("taken_at", blob.taken_at), **when("created_at", item_file.created_at),
           "url": url_for("public.file", public_id=item_file.public_id,
                          filename=item_file.filename, _external=True),
           "download_url": url_for("api.download_file", public_id=item_file.public_id,
                                   _external=True),
           "thumbnail_url": url_for("public.thumbnail", public_id=item_file.public_id,
                                    _external=True) if _has_thumb(item_file) else None,
           "api_url": url_for("api.get_file", public_id=item_file.public_id, _external=True)}
    if with_item:
        out["item"] = {"id": item_file.item.public_id, "title": item_file.item.title,
                       "api_url": url_for("api.get_item", public_id=item_file.item.public_id,
                                          _external=True)}
    return out


# --------------------------------------------------------------------------- people and log

def user_json(user: User) -> dict:
    return {"id": user.id, "username": user.username, "display_name": user.display_name,
            "role": user.role, "active": user.active, "locale": user.locale,
            **when("last_login_at", user.last_login_at), **when("created_at", user.created_at)}


def token_json(token: ApiToken) -> dict:
    return {"id": token.id, "name": token.name, "prefix": token.prefix,
            "user": {"id": token.user.id, "username": token.user.username},
            "active": token.revoked_at is None,
            **when("created_at", token.created_at), **when("last_used_at", token.last_used_at),
            **when("revoked_at", token.revoked_at)}


def audit_json(event: AuditEvent) -> dict:
    return {"id": event.id, **when("at", event.at), "action": event.action,
            "action_label": ACTIONS.get(event.action, event.action),
            "user": {"id": event.user_id, "username": event.username},
            "target_type": event.target_type, "target_id": event.target_id,
            "summary": event.summary, "details": event.details, "ip": event.ip}

"""Jinja set-up: Thai date and size filters, role helpers, and plugin item templates."""
from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

from flask import url_for
from jinja2 import ChoiceLoader, FunctionLoader

from . import thai
from .archive import archive_of
from .auth import can
from .i18n import get_locale

BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")


def filesize(n: int | None) -> str:
    """Format a byte count for people: 1.2 MB."""
    if n is None:
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


def be_date(value, style: str = "long") -> str:
    return thai.format_date(value, style=style, locale=get_locale()) if value else ""


def be_datetime(value) -> str:
    """Show a stored UTC time as Thai local time (UTC+7, no daylight saving) in พ.ศ."""
    if not value:
        return ""
    local = value.replace(tzinfo=timezone.utc).astimezone(BANGKOK) if value.tzinfo is None \
        else value.astimezone(BANGKOK)
    return thai.format_datetime(local.replace(tzinfo=None), locale=get_locale())


def type_template_name(etype) -> str | None:
    """Name under which a type's own item template is loaded (``type:<key>``)."""
    return f"type:{etype.key}" if etype is not None and etype.item_template else None


def _load_type_template(name: str):
    """Load ``type:<key>`` from the file the evidence type declared."""
    if not name.startswith("type:"):
        return None
    etype = archive_of().types.get(name[5:])
    if etype is None or not etype.item_template:
        return None
    path = Path(etype.item_template)
    return path.read_text("utf-8"), str(path), lambda: True


def file_url(item_file) -> str:
    return url_for("public.file", public_id=item_file.public_id, filename=item_file.filename)


def thumb_url(item_file) -> str:
    return url_for("public.thumbnail", public_id=item_file.public_id)


def preview_url(item_file) -> str | None:
    """Return the URL of a file's small picture (photo thumbnail or plugin preview), or None."""
    store = archive_of().store
    return thumb_url(item_file) if store.has_thumb(item_file.sha256) else None


def _inject_agency():
    from flask import g
    from .services.catalog import get_agency
    if "agency" not in g:
        g.agency = get_agency()
    return {"agency": g.agency}


def init_app(app) -> None:
    # Plugin templates load as "type:<key>", a name Flask would not escape.
    html_default = app.select_jinja_autoescape
    app.jinja_env.autoescape = lambda name: bool(name and name.startswith("type:")) \
        or html_default(name)
    app.context_processor(_inject_agency)
    app.jinja_loader = ChoiceLoader([app.jinja_loader, FunctionLoader(_load_type_template)])
    app.jinja_env.filters.update(filesize=filesize, be_date=be_date, be_datetime=be_datetime)
    app.jinja_env.globals.update(can=can, file_url=file_url, thumb_url=thumb_url,
                                 preview_url=preview_url, type_template_name=type_template_name)

"""Administration: users, agency, years and category trees, catalog, audit log, trash, plugins.

The signed-in user's own pages (``/account/...``) are in views/account.py; they
are added to this blueprint right after it is made.
"""
from __future__ import annotations

import json

import yaml
from flask import (Blueprint, Response, flash, redirect, render_template, request,
    stream_with_context, url_for)
from sqlalchemy import select

from ..archive import archive_of
from ..auth import role_required
from ..db import db
from ..errors import ValidationError
from ..i18n import gettext as _
from ..models import ROLES, Indicator, User
from ..hookspecs import HOOK_VERSION
from ..services import audit, catalog, category_io, plugin_states, trash, users
from ..thai import fiscal_year_bounds
from . import account, form_again
from .admin_helpers import (AUDIT_PER_PAGE, KIND_LABELS, ROLE_LABELS, archive_counts, audit_csv,
                            audit_filters, category_args, int_or_none, kind_of, lines,
                            live_category_or_404, me, page_number, parent_choices, pretty_json,
                            read_tree_file, trash_context, trashed_or_404, year_or_404)

bp = Blueprint("admin", __name__)
admin_only = role_required("admin")

for _rule, _endpoint, _view, _methods in account.ROUTES:
    bp.add_url_rule(_rule, _endpoint, _view, methods=list(_methods))


@bp.context_processor
def _labels():
    return {"role_labels": ROLE_LABELS, "kind_labels": KIND_LABELS}


def _form_page(template: str, errors: dict, **context):
    """Render a form page; 422 when it comes back with errors (a service's or the request gate's)."""
    errors = errors or form_again.refused_errors()
    return render_template(template, errors=errors, **context), 422 if errors else 200


def _archive():
    return archive_of()


# --------------------------------------------------------------------------- dashboard

@bp.route("/admin/")
@admin_only
def index():
    """Show the dashboard: what the archive holds and what is wrong with plugins."""
    return render_template("admin/index.html", counts=archive_counts(),
                           problems=_archive().plugins.problems, years=catalog.years())


# --------------------------------------------------------------------------- users

@bp.route("/admin/users")
@admin_only
def users_list():
    """List every account with role, state and last sign-in."""
    rows = db.session.scalars(select(User).order_by(User.username)).all()
    return render_template("admin/users.html", users=rows)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@admin_only
def user_new():
    """Create an account."""
    errors, form = {}, request.form
    if request.method == "POST":
        try:
            user = users.create_user(form.get("username", ""), form.get("password", ""),
                                     form.get("role", ""), form.get("display_name", ""), actor=me())
        except ValidationError as exc:
            errors = exc.errors
        else:
            flash(_("สร้างผู้ใช้ {name} แล้ว", name=user.username), "success")
            return redirect(url_for("admin.users_list"))
    return _form_page("admin/user_form.html", errors, user=None, roles=ROLES, form=form)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@admin_only
def user_edit(user_id: int):
    """Change an account's role, display name, active flag or password."""
    user, errors, form = db.get_or_404(User, user_id), {}, request.form
    if request.method == "POST":
        try:
            users.update_user(user, me(), role=form.get("role"), active=bool(form.get("active")),
                              password=form.get("password") or None,
                              display_name=form.get("display_name", ""))
        except ValidationError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            flash(_("บันทึกผู้ใช้ {name} แล้ว", name=user.username), "success")
            return redirect(url_for("admin.users_list"))
    return _form_page("admin/user_form.html", errors, user=user, roles=ROLES, form=form)


# --------------------------------------------------------------------------- agency

@bp.route("/admin/agency", methods=["GET", "POST"])
@admin_only
def agency():
    """Edit the agency's names and website; former names are kept."""
    row, errors, form = catalog.get_agency(), {}, request.form
    if request.method == "POST":
        try:
            catalog.update_agency(row, me(), form.get("name", ""), form.get("short_name", ""),
                                  form.get("name_en", ""), form.get("website", ""))
        except ValidationError as exc:
            errors = exc.errors
        else:
            flash(_("บันทึกข้อมูลหน่วยงานแล้ว"), "success")
            return redirect(url_for("admin.agency"))
    return _form_page("admin/agency.html", errors, row=row, form=form)


# --------------------------------------------------------------------------- years

def _years_page(errors: dict | None = None, copy_errors: dict | None = None):
    errors = errors or form_again.refused_errors()
    years = catalog.years()
    counts = {y.id: sum(1 for c in y.categories if not c.is_deleted) for y in years}
    bounds = {y.id: fiscal_year_bounds(y.year) for y in years}
    status = 422 if errors or copy_errors else 200
    return render_template("admin/years.html", years=years, counts=counts, bounds=bounds,
                           form=request.form,
                           errors=errors or {}, copy_errors=copy_errors or {}), status


@bp.route("/admin/years", methods=["GET", "POST"])
@admin_only
def years():
    """List assessment years; a POST creates one (พ.ศ. or ค.ศ., Thai digits welcome)."""
    if request.method == "POST":
        try:
            row = catalog.create_year(request.form.get("year", ""), user=me())
        except ValidationError as exc:
            return _years_page(errors=exc.errors)
        flash(_("สร้างปีงบประมาณ {year} แล้ว", year=row.year), "success")
        return redirect(url_for("admin.categories", year=row.year))
    return _years_page()


@bp.route("/admin/years/copy", methods=["POST"])
@admin_only
def year_copy():
    """Copy one year's category tree into a new year."""
    source = catalog.get_year(int_or_none(request.form.get("source")))
    try:
        if source is None:
            raise ValidationError({"source": "กรุณาเลือกปีต้นทาง"})
        row = catalog.copy_year(source, request.form.get("target", ""), me())
    except ValidationError as exc:
        db.session.rollback()
        return _years_page(copy_errors=exc.errors)
    flash(_("คัดลอกหมวดจากปี {source} ไปปี {target} แล้ว", source=source.year, target=row.year),
          "success")
    return redirect(url_for("admin.categories", year=row.year))


# --------------------------------------------------------------------------- categories

def _tree_page(year, import_errors: dict | None = None):
    return render_template("admin/categories.html", year=year, tree=catalog.tree(year),
                           import_errors=import_errors or {}), 422 if import_errors else 200


@bp.route("/admin/years/<int:year>/categories")
@admin_only
def categories(year: int):
    """Show a year's category tree with its actions, export and import."""
    return _tree_page(year_or_404(year))


@bp.route("/admin/years/<int:year>/categories/export")
@admin_only
def categories_export(year: int):
    """Download a year's category tree as YAML (default) or JSON."""
    data = category_io.export_tree(year_or_404(year))
    if request.args.get("format") == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2)
        mimetype, ext = "application/json", "json"
    else:
        body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        mimetype, ext = "application/yaml", "yaml"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="categories-{year}.{ext}"'})


@bp.route("/admin/years/<int:year>/categories/import", methods=["POST"])
@admin_only
def categories_import(year: int):
    """Add the categories of an uploaded YAML/JSON file to a year (made if missing)."""
    row = year_or_404(year)
    try:
        data = read_tree_file(request.files.get("file"))
        target = catalog.parse_year(request.form.get("target") or year)
        result = category_io.import_tree(data, target)
    except ValidationError as exc:
        db.session.rollback()
        return _tree_page(row, import_errors=exc.errors)
    if result.added:
        flash(_("นำเข้า {count} หมวดสู่ปี {year} แล้ว", count=result.added, year=target)
              + (_(" (มีอยู่แล้ว {count} หมวด คงไว้ตามเดิม)", count=result.existing)
                 if result.existing else ""), "success")
    else:
        flash(_("ไม่มีหมวดใหม่ให้นำเข้า: ทุกหมวดในไฟล์มีอยู่ในปี {year} แล้ว", year=target), "info")
    return redirect(url_for("admin.categories", year=target))


def _category_form(year, category):
    errors, form = {}, request.form
    if request.method == "POST":
        try:
            saved = catalog.save_category(me(), year, category=category,
                                          **category_args(form, year))
        except ValidationError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            flash(_("บันทึกหมวด {name} แล้ว", name=saved.name), "success")
            return redirect(url_for("admin.categories", year=year.year))
    return _form_page("admin/category_form.html", errors, year=year, category=category, form=form,
                      parents=parent_choices(year, category),
                      indicators=catalog.indicators(year.year),
                      default_parent=request.args.get("parent", ""))


@bp.route("/admin/categories/new", methods=["GET", "POST"])
@admin_only
def category_new():
    """Add a category to the year named by ?year=."""
    return _category_form(year_or_404(int_or_none(request.args.get("year"))), None)


@bp.route("/admin/categories/<int:category_id>", methods=["GET", "POST"])
@admin_only
def category_edit(category_id: int):
    """Edit (or move, by changing its parent) a category."""
    category = live_category_or_404(category_id)
    return _category_form(category.year_ref, category)


@bp.route("/admin/categories/<int:category_id>/delete", methods=["POST"])
@admin_only
def category_delete(category_id: int):
    """Move a category (and all under it) to the trash."""
    category = live_category_or_404(category_id)
    trash.trash(category, me())
    flash(_("ย้าย{what}ไปถังขยะแล้ว", what=trash.describe(category)), "success")
    return redirect(url_for("admin.categories", year=category.year_ref.year))


# --------------------------------------------------------------------------- catalog

@bp.route("/admin/catalog")
@admin_only
def catalog_list():
    """Show one year's ITA indicators (?year=, default the newest year)."""
    known = sorted(set(catalog.indicator_years()) | {y.year for y in catalog.years()},
                   reverse=True)
    year = int_or_none(request.args.get("year")) or (known[0] if known else None)
    rows = catalog.indicators(year) if year else []
    return render_template("admin/catalog.html", year=year, years=known, indicators=rows,
                           files=catalog.catalog_files())


def _indicator_form(indicator, year):
    errors, form = {}, request.form
    if request.method == "POST":
        try:
            saved = catalog.save_indicator(
                me(), form.get("year") or year, form.get("code", ""), form.get("name", ""),
                form.get("group", ""), form.get("period", ""), form.get("scoring", ""),
                lines(form.get("elements")), indicator=indicator)
        except ValidationError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            flash(_("บันทึกตัวชี้วัด {code} แล้ว", code=saved.code), "success")
            return redirect(url_for("admin.catalog_list", year=saved.year))
    return _form_page("admin/indicator_form.html", errors, indicator=indicator, year=year,
                      form=form)


@bp.route("/admin/catalog/new", methods=["GET", "POST"])
@admin_only
def indicator_new():
    """Add an indicator to a year's catalog (NACC renumbers items every year)."""
    return _indicator_form(None, request.args.get("year", ""))


@bp.route("/admin/catalog/<int:indicator_id>", methods=["GET", "POST"])
@admin_only
def indicator_edit(indicator_id: int):
    """Correct an indicator's code, name, period, scoring or required elements."""
    indicator = db.get_or_404(Indicator, indicator_id)
    return _indicator_form(indicator, indicator.year)


@bp.route("/admin/catalog/reload", methods=["POST"])
@admin_only
def catalog_reload():
    """Load the catalog files shipped with the archive again."""
    count = catalog.reload_catalog(me())
    flash(_("โหลดแคตตาล็อกแล้ว ({count} รายการ)", count=count), "success")
    return redirect(url_for("admin.catalog_list", year=request.form.get("year") or None))


# --------------------------------------------------------------------------- audit log

@bp.route("/admin/audit")
@admin_only
def audit_log():
    """Show the audit log, filtered and 50 events a page."""
    stmt, filters, errors = audit_filters(request.args)
    page = db.paginate(stmt, page=page_number(request.args.get("page")),
                       per_page=AUDIT_PER_PAGE, error_out=False)
    return render_template("admin/audit.html", page=page, filters=filters, errors=errors,
                           actions=audit.ACTIONS, pretty_json=pretty_json)


@bp.route("/admin/audit.csv")
@admin_only
def audit_export():
    """Download the filtered audit log as CSV."""
    stmt, _filters, _errors = audit_filters(request.args)
    return Response(stream_with_context(audit_csv(stmt)), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'})


# --------------------------------------------------------------------------- trash

@bp.route("/admin/trash")
@admin_only
def trash_list():
    """List what is in the trash, with restore and purge."""
    rows = [(kind_of(obj), obj, trash.describe(obj), trash_context(obj))
            for obj in trash.trashed()]
    deleters = {u.id: u for u in db.session.scalars(select(User))}
    return render_template("admin/trash.html", rows=rows, deleters=deleters)


@bp.route("/admin/trash/<kind>/<int:ident>/restore", methods=["POST"])
@admin_only
def trash_restore(kind: str, ident: int):
    """Bring a trashed thing back."""
    obj = trashed_or_404(kind, ident)
    trash.restore(obj, me())
    flash(_("กู้คืน{what}แล้ว", what=trash.describe(obj)), "success")
    return redirect(url_for("admin.trash_list"))


@bp.route("/admin/trash/<kind>/<int:ident>/purge", methods=["POST"])
@admin_only
def trash_purge(kind: str, ident: int):
    """Delete a trashed thing for good; the confirm box must be ticked."""
    obj = trashed_or_404(kind, ident)
    what = trash.describe(obj)
    if not request.form.get("confirm"):
        flash(_("กรุณาติ๊ก “ยืนยันการลบถาวร” ก่อนลบ{what}", what=what), "error")
        return redirect(url_for("admin.trash_list"))
    removed = trash.purge(obj, me())
    flash(_("ลบ{what}ถาวรแล้ว (ลบไฟล์ออกจากดิสก์ {count} ไฟล์)", what=what, count=removed),
          "success")
    return redirect(url_for("admin.trash_list"))


# --------------------------------------------------------------------------- plugins

@bp.route("/admin/plugins")
@admin_only
def plugins():
    """Show the plugins (loaded, failed or disabled) and the evidence types they register."""
    archive = _archive()
    infos = sorted(archive.plugins.infos.values(), key=lambda i: i.name)
    types = sorted(archive.types, key=lambda t: t.key)
    return render_template("admin/plugins.html", infos=infos, types=types,
                           problems=archive.plugins.problems,
                           disabled_next=plugin_states.disabled_from_next_start(),
                           config_disabled=archive.plugins.config_disabled,
                           hook_version=HOOK_VERSION)


@bp.route("/admin/plugins/disable", methods=["POST"])
@admin_only
def plugin_disable():
    """Switch a plugin off from the next start, without uninstalling it."""
    return _switch_plugin(True)


@bp.route("/admin/plugins/enable", methods=["POST"])
@admin_only
def plugin_enable():
    """Switch a disabled plugin on again from the next start."""
    return _switch_plugin(False)


def _switch_plugin(disabled: bool):
    name = request.form.get("name", "")
    if plugin_states.set_disabled(name, disabled, me()):
        message = (_("ปิดใช้งานปลั๊กอิน {name} แล้ว", name=name) if disabled
                   else _("เปิดใช้งานปลั๊กอิน {name} แล้ว", name=name))
        flash(message + " " + _(plugin_states.TAKES_EFFECT), "success")
    return redirect(url_for("admin.plugins"))

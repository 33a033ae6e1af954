"""A district's own rules and tools for every evidence type (test fixture).

Uses the hooks of version 3: a cross-field rule, search text, a manifest
column, a page and a command.
"""
import click
from flask import Blueprint, jsonify

from evidence_archive import hookimpl
from evidence_archive.auth import role_required

__version__ = "1.2.0"
evidence_archive_hook_version = 3

#: The district's schools and their provinces (สพม.29: อุบลราชธานี, อำนาจเจริญ).
SCHOOLS = {"โรงเรียนเบญจะมะมหาราช": "อุบลราชธานี", "โรงเรียนอำนาจเจริญ": "อำนาจเจริญ"}


def province_of(item) -> str:
    return SCHOOLS.get((item.meta or {}).get("school"), "")


@hookimpl
def extra_validation(etype, values):
    school = values.get("school")
    if etype.key == "supervision_report" and school and school not in SCHOOLS:
        return {"school": f"{school} ไม่อยู่ในเขตพื้นที่ สพม.29"}
    return None


@hookimpl
def extra_search_fields(item):
    province = province_of(item)
    return [{"text": f"จังหวัด{province}", "weight": 2}] if province else None


@hookimpl
def extra_manifest_columns():
    return [("province", lambda item, item_file: province_of(item))]


bp = Blueprint("district_rules", __name__, url_prefix="/district")


@bp.route("/schools")
@role_required("staff")
def schools():
    return jsonify(schools=sorted(SCHOOLS))


@hookimpl
def register_blueprints():
    return [bp]


@click.command("district-schools")
def district_schools():
    """List the district's schools."""
    for name in sorted(SCHOOLS):
        click.echo(name)


@hookimpl
def register_commands(cli):
    cli.add_command(district_schools)

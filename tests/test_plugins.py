"""Plugins: loading, reporting, and the hook contract."""
from __future__ import annotations

import inspect
import io
import json
import logging
import re
import shutil
from pathlib import Path

import click
import pytest
from flask import Blueprint
from PIL import Image
from sqlalchemy import func, select

from evidence_archive import EvidenceType, Field, create_app, exporting, hookspecs, images
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.errors import ValidationError
from evidence_archive.models import AuditEvent, EvidenceItem, EvidenceSet
from evidence_archive.types import resolve_claims
from evidence_archive.services import catalog, evidence, plugin_states, users
from evidence_archive.testing import sample_pdf
from evidence_archive.textsearch import extraction
from evidence_archive.textsearch.documents import plugin_search_text

from .conftest import (INVITATION, PASSWORD, FreshGlobalsClient, get_user, make_item,
                       make_set)
from .test_builtin_types import GOOD

MINUTES = GOOD["meeting_minutes"]

FIXTURES = Path(__file__).parent / "plugins"
BUILT_IN = {"meeting_invitation", "meeting_minutes", "activity_photos", "press_release",
            "appointment_order"}


def app_with_plugins(app_config, tmp_path, *names, **config):
    folder = Path(app_config["PLUGINS_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / f"{name}.py", folder / f"{name}.py")
    return create_app({**app_config, **config}, instance_path=str(tmp_path / "instance"))


def test_built_in_types_come_from_entry_points(app):
    plugins = archive_of(app).plugins
    assert {t.key for t in plugins.types} == BUILT_IN
    for key in BUILT_IN:
        info = plugins.infos[key]
        assert info.source.startswith("entry point") and info.version == "1.0.0"
        assert info.hooks == ["register_evidence_types"] and info.types == [key]
    assert plugins.problems == []


def test_a_type_needs_no_english_names(plugin_app):
    """docs/plugins.md says name_en (and a field's label_en) may be left out."""
    app = plugin_app("thai_only")
    plugins = archive_of(app).plugins
    assert plugins.problems == [] and plugins.infos["thai_only"].problems == []
    etype = plugins.types.get("budget_note")
    assert etype.label("en") == etype.label("th") == "บันทึกข้อความขออนุมัติงบประมาณ"
    client = app.test_client()
    client.get("/lang/en")
    client.post("/login", data={"username": "staff", "password": PASSWORD})
    page = client.get(f"/s/{make_set().public_id}/items/new")
    assert page.status_code == 200
    assert "บันทึกข้อความขออนุมัติงบประมาณ" in page.get_data(as_text=True)


def test_folder_plugin_adds_a_type(app_config, tmp_path):
    app = app_with_plugins(app_config, tmp_path, "supervision_report")
    plugins = archive_of(app).plugins
    assert plugins.types.get("supervision_report").plugin == "supervision_report"
    assert plugins.infos["supervision_report"].version == "0.3.0"


def test_broken_and_clashing_plugins_are_reported_and_skipped(app_config, tmp_path):
    app = app_with_plugins(app_config, tmp_path, "broken_import", "clashing_type", "supervision_report")
    plugins = archive_of(app).plugins
    assert "this district plugin is broken" in plugins.infos["broken_import"].error
    # No item is stored under meeting_minutes yet, so neither claimant gets it.
    assert plugins.types.get("meeting_minutes") is None
    assert plugins.infos["clashing_type"].error.startswith(
        "type key 'meeting_minutes' is also declared by meeting_minutes, and neither has items")
    assert plugins.infos["meeting_minutes"].error.startswith(
        "type key 'meeting_minutes' is also declared by clashing_type, and neither has items")
    assert {"supervision_report"} | BUILT_IN - {"meeting_minutes"} == {t.key for t in plugins.types}


def test_disabled_plugin_is_listed_but_not_loaded(app_config, tmp_path):
    app = app_with_plugins(app_config, tmp_path, DISABLED_PLUGINS=["press_release"])
    plugins = archive_of(app).plugins
    assert plugins.infos["press_release"].disabled
    assert plugins.types.get("press_release") is None


def test_item_of_a_missing_type_keeps_its_metadata(app_config, tmp_path):
    app = app_with_plugins(app_config, tmp_path)
    with app.app_context():
        catalog.seed_catalog()
        catalog.create_year(2563)
        from evidence_archive.services import users
        users.create_user("staff", "correct horse battery", "staff")
        item = make_item(app, make_set())
        assert item.type_snapshot["name"] == "หนังสือเชิญประชุม"
        assert {f["name"] for f in item.type_snapshot["fields"]} >= set(INVITATION)
    gone = app_with_plugins(app_config, tmp_path, DISABLED_PLUGINS=["meeting_invitation"])
    with gone.app_context():
        from evidence_archive.db import db
        from evidence_archive.models import EvidenceItem
        stored = db.session.get(EvidenceItem, item.id)
        assert archive_of(gone).types.get(stored.type_key) is None
        assert stored.meta["doc_number"] == "ศธ 04290/1237"


# --------------------------------------------------------------------------- the hook contract

def hook_names() -> list[str]:
    return [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
            if hasattr(fn, "evidence_archive_spec")]


def test_every_hook_is_documented_in_its_spec():
    for name in hook_names():
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert "Called" in doc and ":return:" in doc, name


@pytest.mark.parametrize("name", hook_names())
def test_every_hook_has_a_test(name):
    assert f"def test_hook_{name}" in Path(__file__).read_text("utf-8")


def test_hook_register_evidence_types(app_config, tmp_path):
    """A plugin's register_evidence_types receives the app and may return one type or a list."""
    received = {}

    class Plugin:
        @staticmethod
        @hookspecs.hookimpl
        def register_evidence_types(app):
            received["app"] = app
            from tests.plugins.supervision_report import SUPERVISION
            return SUPERVISION  # a single type, not a list, is accepted too

    app = create_app({**app_config, "EXTRA_PLUGINS": [Plugin]}, instance_path=str(tmp_path / "i"))
    assert received["app"] is app
    assert archive_of(app).types.get("supervision_report") is not None


def test_hook_extract_text(app_config, tmp_path):
    """extract_text gets the stored file, its media type, kind and the app; the first answer wins."""
    from evidence_archive.textsearch import extraction
    received = {}

    class Reader:
        @staticmethod
        @hookspecs.hookimpl(tryfirst=True)
        def extract_text(path, media_type, kind, app):
            received.update(path=path, media_type=media_type, kind=kind, app=app)
            return "ข้อความจากปลั๊กอิน" if kind == "pdf" else None  # None: let the others try

    app = create_app({**app_config, "EXTRA_PLUGINS": [Reader]}, instance_path=str(tmp_path / "i"))
    data = FIXTURES.parent / "data"
    with app.app_context():
        reading = extraction.read_text(app, data / "order-45-2563.pdf", "application/pdf", "pdf")
        assert received == {"path": data / "order-45-2563.pdf", "media_type": "application/pdf",
                            "kind": "pdf", "app": app}
        assert (reading.text, reading.method) == ("ข้อความจากปลั๊กอิน", "Reader")
        reading = extraction.read_text(app, data / "order-45-2563.txt", "text/plain", "text")
        assert reading.method == "text_extract" and reading.text.startswith("คำสั่งสำนักงาน")


# --------------------------------------------------------------------------- apps with plugins

@pytest.fixture
def plugin_app(app_config, tmp_path):
    """Return a function making a seeded archive with folder plugins (fixture names) and classes.

    Apps made one after another share the database, as restarts of one archive do.
    """
    contexts = []

    def make(*folder, extra=(), **config):
        app = app_with_plugins(app_config, tmp_path, *folder, EXTRA_PLUGINS=list(extra), **config)
        app.test_client_class = FreshGlobalsClient
        context = app.app_context()
        context.push()
        contexts.append(context)
        if catalog.get_year(2563) is None:
            catalog.seed_catalog()
            catalog.create_year(2563)
            for role in ("admin", "staff", "assessor"):
                users.create_user(role, PASSWORD, role, f"ผู้ใช้ {role}")
        return app

    yield make
    for context in reversed(contexts):
        db.session.remove()
        context.pop()


def signed_in(app, role: str):
    client = app.test_client()
    assert client.post("/login", data={"username": role, "password": PASSWORD}).status_code == 302
    return client


SUPERVISION_META = {"school": "โรงเรียนอำนาจเจริญ", "visit_date": "12 มิถุนายน 2563",
                    "findings": "ครูจัดการเรียนรู้เชิงรุก"}
SUPERVISION_FILES = (("รายงานการนิเทศ.pdf", "order-45-2563.pdf"),)


def supervision_item(app, **meta):
    return make_item(app, make_set(), "supervision_report", {**SUPERVISION_META, **meta},
                     files=SUPERVISION_FILES)


NEWS = {"headline": "ประชุม ก.ต.ป.น.", "published_on": "1 มิถุนายน 2563", "channel": "LINE"}


# --------------------------------------------------------------------------- the new hooks

def test_hook_extra_validation(plugin_app):
    """extra_validation sees the type, the cleaned values, the item (None when new) and the app."""
    calls = []

    class Rule:
        @staticmethod
        @hookspecs.hookimpl
        def extra_validation(etype, values, item, app):
            calls.append((etype.key, dict(values), item, app))
            if etype.key == "meeting_invitation" and "ก.ต.ป.น." not in values.get("committee", ""):
                return {"committee": "สพม.29 เก็บเฉพาะหนังสือเชิญประชุม ก.ต.ป.น.",
                        "doc_number": "ข้อความนี้ไม่แทนที่ข้อความของช่องเอง"}
            return None

    app = plugin_app(extra=[Rule])
    evidence_set = make_set()
    item = make_item(app, evidence_set)
    assert calls[-1] == ("meeting_invitation", item.meta, None, app)

    with pytest.raises(ValidationError) as caught:
        make_item(app, evidence_set, meta={**INVITATION, "committee": "กพท.", "doc_number": ""})
    assert caught.value.errors["committee"] == "สพม.29 เก็บเฉพาะหนังสือเชิญประชุม ก.ต.ป.น."
    # A field with its own message keeps it.
    assert caught.value.errors["doc_number"] != "ข้อความนี้ไม่แทนที่ข้อความของช่องเอง"

    etype = archive_of(app).types.get("meeting_invitation")
    with pytest.raises(ValidationError):
        evidence.update_item(item, etype, {**INVITATION, "committee": "กพท."}, get_user())
    assert calls[-1][2] is item  # editing: the item as it is

    # The web form and the API call the same service, so they check it too.
    client = signed_in(app, "staff")
    response = client.patch(f"/api/v1/items/{item.public_id}",
                            json={"metadata": {"committee": "กพท."}})
    assert response.status_code == 422
    assert response.json["errors"]["committee"].startswith("สพม.29")


def test_extra_validation_of_a_district_plugin_for_its_type(plugin_app):
    app = plugin_app("supervision_report", "district_rules")
    etype = archive_of(app).types.get("supervision_report")
    with pytest.raises(ValidationError) as caught:
        supervision_item(app, school="โรงเรียนนอกเขต")
    assert caught.value.errors == {"school": "โรงเรียนนอกเขต ไม่อยู่ในเขตพื้นที่ สพม.29"}
    item = supervision_item(app)
    assert item.type_key == etype.key


def test_hook_extra_manifest_columns(plugin_app):
    """extra_manifest_columns adds named columns to manifest.csv and .json, filled per file."""
    class Columns:
        @staticmethod
        @hookspecs.hookimpl
        def extra_manifest_columns(app):
            assert app.config["TESTING"]
            return [("reviewed_by", lambda item, f: f"{item.title[:6]}|{f.filename}"),
                    ("sha256", lambda item, item_file: "taken"),  # the archive's own column
                    ("broken", lambda item, item_file: 1 / 0),
                    "not a pair"]

    app = plugin_app(extra=[Columns])
    evidence_set = make_set()
    make_item(app, evidence_set)
    with app.test_request_context():
        entries = exporting.entries_for([evidence_set], include_drafts=True)
    row = entries[0].row
    assert row["reviewed_by"] == "ขอเชิญ|หนังสือเชิญประชุม ครั้งที่ 1.pdf"
    assert row["broken"] == "" and row["sha256"] != "taken"
    header = exporting.manifest_csv(entries).decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:len(exporting.MANIFEST_FIELDS)] == list(exporting.MANIFEST_FIELDS)
    assert header[len(exporting.MANIFEST_FIELDS):] == ["reviewed_by", "broken"]
    document = json.loads(exporting.manifest_json(entries, {}))
    assert document["files"][0]["reviewed_by"].startswith("ขอเชิญ")
    problems = " ".join(archive_of(app).plugins.infos["Columns"].problems)
    assert "'sha256' is taken" in problems and "ZeroDivisionError" in problems
    assert "'not a pair' is not a (column name, function) pair" in problems


def test_hook_make_preview(plugin_app):
    """make_preview gets the stored file, its media type, kind, where to write and the app."""
    received = {}

    class TextPreview:
        @staticmethod
        @hookspecs.hookimpl
        def make_preview(path, media_type, kind, dest, app):
            if kind != "text":
                return None
            received.update(path=path, media_type=media_type, kind=kind, dest=dest, app=app)
            images.save_preview(Image.new("RGB", (800, 400), "white"), dest,
                                app.config["THUMBNAIL_SIZE"])
            return True

    app = plugin_app(extra=[TextPreview])
    store = archive_of(app).store
    item = make_item(app, make_set(), "press_release", NEWS,
                     files=(("ข่าว.txt", "order-45-2563.txt"),))
    sha = item.files[0].sha256
    assert not store.has_thumb(sha)  # drawn by the background worker, never in the upload
    extraction.run_pending()
    assert received == {"path": store.path(sha), "media_type": "text/plain", "kind": "text",
                        "dest": store.thumb_path(sha), "app": app}
    with Image.open(store.thumb_path(sha)) as preview:
        assert preview.format == "JPEG" and preview.size == (480, 240)

    # PDFs get page 1 from the built-in pdf_preview plugin; the page shows it like a photo's.
    pdf_item = make_item(app, make_set(title="ชุดที่สอง"))
    pdf_file = pdf_item.files[0]
    extraction.run_pending()
    assert store.has_thumb(pdf_file.sha256)
    client = signed_in(app, "staff")
    page = client.get(f"/i/{pdf_item.public_id}").get_data(as_text=True)
    assert f'src="/t/{pdf_file.public_id}.jpg"' in page and 'class="thumb preview"' in page
    response = client.get(f"/t/{pdf_file.public_id}.jpg")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.data[:3] == b"\xff\xd8\xff"
    assert client.get(f"/api/v1/files/{pdf_file.public_id}").json["thumbnail_url"].endswith(".jpg")


def test_a_failing_preview_never_fails_an_upload(plugin_app):
    class Liar:
        @staticmethod
        @hookspecs.hookimpl(tryfirst=True)
        def make_preview(kind):
            return True if kind == "text" else None  # but writes nothing

    app = plugin_app("raising_hooks", extra=[Liar])
    plugins = archive_of(app).plugins
    item = make_item(app, make_set(), "press_release", NEWS,
                     files=(("ข่าว.txt", "order-45-2563.txt"),))
    extraction.run_pending()
    assert item.id and not archive_of(app).store.has_thumb(item.files[0].sha256)
    assert any("make_preview answered True but wrote no" in p for p in plugins.infos["Liar"].problems)
    raised = "make_preview: RuntimeError: preview went wrong"
    assert raised not in plugins.infos["raising_hooks"].problems
    pdf = make_item(app, make_set(title="ชุดที่สอง"))  # raising_hooks fails, then pdf_preview draws
    extraction.run_pending()
    assert raised in plugins.infos["raising_hooks"].problems
    assert archive_of(app).store.has_thumb(pdf.files[0].sha256)
    assert signed_in(app, "staff").get(f"/i/{item.public_id}").status_code == 200


def test_previews_command_makes_the_missing_ones(plugin_app):
    app = plugin_app(DISABLED_PLUGINS=["pdf_preview"])
    item = make_item(app, make_set())
    store = archive_of(app).store
    assert not store.has_thumb(item.files[0].sha256)
    restarted = plugin_app()  # pdf_preview installed afterwards
    result = restarted.test_cli_runner().invoke(args=["previews"])
    assert result.output == "Made 1 previews of 1 files that had none.\n"
    assert store.has_thumb(item.files[0].sha256)
    result = restarted.test_cli_runner().invoke(args=["previews"])
    assert result.output == "Made 0 previews of 0 files that had none.\n"


def test_hook_register_commands(plugin_app):
    """register_commands gets the app's CLI group and the app; commands run in an app context."""
    received = {}

    class Commands:
        @staticmethod
        @hookspecs.hookimpl
        def register_commands(cli, app):
            received.update(cli=cli, app=app)

            @cli.command("count-sets")
            def count_sets():
                """Count the evidence sets."""
                click.echo(f"sets: {len(db.session.scalars(select(EvidenceSet)).all())}")

            @click.command("init")
            def fake_init():
                click.echo("not the archive's init")
            cli.add_command(fake_init)  # may not replace the archive's own

    app = plugin_app("district_rules", extra=[Commands])
    assert received == {"cli": app.cli, "app": app}
    make_set()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["count-sets"]).output == "sets: 1\n"
    assert "โรงเรียนอำนาจเจริญ" in runner.invoke(args=["district-schools"]).output
    assert app.cli.commands["init"].callback.__module__ == "evidence_archive.cli"
    problems = archive_of(app).plugins.infos["Commands"].problems
    assert problems == ["register_commands: the command 'init' belongs to the archive; "
                        "Commands's was not added"]


def test_hook_register_blueprints(plugin_app):
    """register_blueprints gets the app; its blueprints' routes are added after the core's."""
    pages = Blueprint("district_pages", __name__)

    @pages.route("/district/about")
    def about():
        return "เกี่ยวกับเขต"

    takeover = Blueprint("takeover", __name__)

    @takeover.route("/admin/plugins")
    def fake_plugins():
        return "no"

    class Pages:
        @staticmethod
        @hookspecs.hookimpl
        def register_blueprints(app):
            assert app.config["TESTING"]
            return [pages, takeover, "not a blueprint"]

    app = plugin_app("district_rules", extra=[Pages])
    client = app.test_client()
    assert client.get("/district/about").get_data(as_text=True) == "เกี่ยวกับเขต"
    # A plugin's view checks roles itself (here with role_required("staff")).
    assert client.get("/district/schools").status_code == 302
    assert signed_in(app, "assessor").get("/district/schools").status_code == 403
    assert "โรงเรียนอำนาจเจริญ" in signed_in(app, "staff").get("/district/schools").json["schools"]
    assert "takeover" not in app.blueprints
    problems = " ".join(archive_of(app).plugins.infos["Pages"].problems)
    assert ("takeover would take URLs the archive or another plugin uses: ['/admin/plugins']"
            in problems)
    assert "register_blueprints returned str, not a flask.Blueprint" in problems


def test_hook_extra_search_fields(plugin_app):
    """extra_search_fields gets the item and the app; plugin_search_text gives (text, weight)."""
    class Fields:
        @staticmethod
        @hookspecs.hookimpl
        def extra_search_fields(item, app):
            assert app.config["TESTING"]
            return ["ก.ต.ป.น.", {"text": f"รายการ {item.id}", "weight": 3},
                    ("ไม่ค้น", 0), {"weight": 2}]

    app = plugin_app("supervision_report", "district_rules", extra=[Fields])
    item = supervision_item(app)
    assert sorted(plugin_search_text(app, item)) == sorted(
        [("ก.ต.ป.น.", 1.0), (f"รายการ {item.id}", 3.0), ("จังหวัดอำนาจเจริญ", 2.0)])
    problems = archive_of(app).plugins.infos["Fields"].problems
    assert problems == ["extra_search_fields returned dict {'weight': 2}, not text, "
                        "{'text', 'weight'} or (text, weight)"]


# --------------------------------------------------------------------------- the safe call path

def test_hooks_are_called_in_pluggys_order(plugin_app):
    called = []

    def plugin(name, **marks):
        @hookspecs.hookimpl(**marks)
        def extra_search_fields(item):
            called.append(name)
        return type(name, (), {"extra_search_fields": staticmethod(extra_search_fields)})

    app = plugin_app(extra=[plugin("Last", trylast=True), plugin("Older"), plugin("Newer"),
                            plugin("First", tryfirst=True)])
    plugins = archive_of(app).plugins
    plugins.pm.hook.extra_search_fields(item=None, app=app)  # pluggy's own call
    by_pluggy, called[:] = list(called), []
    list(plugins.call_each(hookspecs.extra_search_fields, item=None, app=app))
    assert called == by_pluggy == ["First", "Newer", "Older", "Last"]


def test_call_first_skips_a_raising_plugin_and_reports_it(plugin_app):
    app = plugin_app("raising_hooks")
    plugins = archive_of(app).plugins
    first = plugins.call_first(hookspecs.extract_text, path=FIXTURES.parent / "data" / "order-45-2563.txt",
                               media_type="text/plain", kind="text", app=app)
    assert first.plugin == "text_extract" and first.value.startswith("คำสั่งสำนักงาน")
    assert first.errors == ["raising_hooks: RuntimeError: reading went wrong"]
    assert ("extract_text: RuntimeError: reading went wrong"
            in plugins.infos["raising_hooks"].problems)


def test_hooks_are_called_by_their_spec_and_as_the_spec_says(plugin_app):
    """A misspelt name cannot reach pluggy; a hook whose answers are all wanted is never asked
    for the first one only, nor a firstresult hook for every answer."""
    plugins = plugin_app().extensions["evidence_archive"].plugins
    with pytest.raises(TypeError, match="by its spec in hookspecs"):
        list(plugins.call_each("extra_search_fields", item=None, app=None))
    with pytest.raises(TypeError, match="by its spec in hookspecs"):
        plugins.call_first(lambda: None)
    with pytest.raises(TypeError, match="extra_search_fields is not firstresult"):
        plugins.call_first(hookspecs.extra_search_fields, item=None, app=None)
    with pytest.raises(TypeError, match="extract_text is firstresult"):
        list(plugins.call_each(hookspecs.extract_text, path=None, media_type="", kind="", app=None))


def test_a_plugin_wrapping_a_hook_is_refused_whole(plugin_app):
    """The archive calls each implementation alone, so a wrapper would silently never run."""
    app = plugin_app("wrapping_hook")
    plugins = archive_of(app).plugins
    assert plugins.infos["wrapping_hook"].problems == [
        "not loaded: hook wrappers are not supported (extra_search_fields); the archive calls "
        "each implementation alone — drop wrapper=True"]
    assert plugins.types.get("wrapped_note") is None
    assert "wrapping_hook" not in [plugins.pm.get_name(p) for p in plugins.pm.get_plugins()]


def test_a_type_whose_validate_raises_stores_nothing_and_is_reported(plugin_app):
    """Like extra_validation, a type's own validate is isolated; unlike it, what it could
    not check is refused, not stored: the checks are the type's own rules."""
    app = plugin_app("raising_validate")
    plugins = archive_of(app).plugins
    client = app.test_client()
    client.post("/login", data={"username": "staff", "password": PASSWORD})
    evidence_set = make_set()
    items_before = db.session.scalar(select(func.count()).select_from(EvidenceItem))
    resp = client.post(f"/s/{evidence_set.public_id}/items/new?type=checked_note",
                       data={"subject": "ขออนุมัติ", "files": (io.BytesIO(sample_pdf()), "บันทึก.pdf")},
                       content_type="multipart/form-data")
    assert resp.status_code == 422
    assert "ตรวจข้อมูล “บันทึกที่ตรวจข้ามช่อง” ไม่ได้ เพราะปลั๊กอิน raising_validate ขัดข้อง" in (
        resp.get_data(as_text=True))
    assert db.session.scalar(select(func.count()).select_from(EvidenceItem)) == items_before
    assert plugins.infos["raising_validate"].problems == [
        "validate of type checked_note: KeyError: 'budget_year'"]


def test_broken_plugins_are_reported_and_everything_else_works(plugin_app):
    app = plugin_app("broken_import", "bad_declaration", "malformed_type", "future_hooks",
                     "misspelled_hook", "raising_hooks", "clashing_type", "supervision_report",
                     "district_rules")
    plugins = archive_of(app).plugins
    infos = plugins.infos
    assert infos["bad_declaration"].error == (
        "could not be loaded: ValueError: evidence type 'visit_note': date_field must be a date "
        "field (at bad_declaration.py line 4)")
    assert infos["broken_import"].error.endswith("this district plugin is broken "
                                                 "(at broken_import.py line 2)")
    assert infos["malformed_type"].problems == ["returned dict, not EvidenceType",
                                                "returned str, not EvidenceType"]
    assert infos["malformed_type"].types == infos["malformed_type"].withheld == []
    assert infos["future_hooks"].hook_version == 99 and infos["future_hooks"].hooks == []
    assert ("written for hook version 99, but this archive has hook version 3"
            in infos["future_hooks"].error)
    assert "unknown hook 'register_evidence_type'" in infos["misspelled_hook"].error
    assert infos["misspelled_hook"].hooks == []
    assert ("register_evidence_types: RuntimeError: types went wrong"
            in infos["raising_hooks"].problems)
    assert infos["clashing_type"].error == (
        "type key 'meeting_minutes' is also declared by meeting_minutes, and neither has items "
        "stored under it, so neither gets it; disable one of them "
        "(evidence-archive plugins disable NAME)")
    assert {t.key for t in plugins.types} == BUILT_IN - {"meeting_minutes"} | {"supervision_report"}
    assert len(plugins.problems) >= 8
    assert infos["district_rules"].error == "" and infos["district_rules"].hook_version == 3

    # Every other plugin and every item keeps working: create, read, export, search text, pages.
    item = supervision_item(app)
    assert plugin_search_text(app, item) == [("จังหวัดอำนาจเจริญ", 2.0)]
    with app.test_request_context():
        entries = exporting.entries_for([item.evidence_set], include_drafts=True)
    assert entries[0].row["province"] == "อำนาจเจริญ"
    client = signed_in(app, "admin")
    assert client.get(f"/i/{item.public_id}").status_code == 200
    assert client.get(f"/s/{item.evidence_set.public_id}/download.zip").status_code == 200
    assert client.get("/district/schools").status_code == 200
    html = client.get("/admin/plugins").get_data(as_text=True)
    assert "written for hook version 99" in html and "bad_declaration.py line 4" in html
    assert "district-schools" in app.cli.commands


def test_built_in_plugins_declare_their_hook_versions(app):
    infos = archive_of(app).plugins.infos
    assert {name: infos[name].hook_version for name in BUILT_IN} == dict.fromkeys(BUILT_IN, 1)
    assert infos["text_extract"].hook_version == 2 and infos["pdf_preview"].hook_version == 3
    assert infos["pdf_preview"].hooks == ["make_preview"]


# --------------------------------------------------------------------------- who gets a type key

def test_resolving_claims_never_depends_on_their_order():
    """A loser registers nothing, which may leave another key to one claimant; repeat."""
    def etype(key):
        return EvidenceType(key=key, name="ประเภท", name_en="Type", fields=(Field("x", "เอ็กซ์"),))

    claims = {"a": ([etype("one"), etype("two")], []), "b": ([etype("two"), etype("three")], []),
              "c": ([etype("three")], []), "d": ([etype("four")], ["returned str, not EvidenceType"])}
    asked = []

    def stored(keys):
        asked.append(keys)
        return {"one": {"x": 1}, "three": {"c": 2}}

    for order in (list(claims), list(reversed(claims))):
        resolution = resolve_claims({name: claims[name] for name in order}, stored)
        # b loses three to c (c's items); then two is a's alone.
        assert {t.key: t.plugin for t in resolution.registry} == {"one": "a", "two": "a",
                                                                 "three": "c"}
        assert resolution.withheld == {"b": ["two", "three"], "d": ["four"]}
        assert resolution.problems["b"] == [
            "type key 'three' already belongs to c, whose items are stored under it (2 items); "
            "disable this plugin or give its type another key",
            "so its other types were not registered either (two): a plugin with a problem in its "
            "types registers none of them"]
        assert set(resolution.problems) == {"b", "d"}
    assert asked == [{"two", "three"}] * 2  # asked once per resolution, for contested keys only
    assert resolve_claims({"a": ([etype("one")], [])}, stored).problems == {}
    assert len(asked) == 2

    # Nothing stored: who clashes over the most keys goes first; a pair goes together.
    claims = {"hub": ([etype("one"), etype("two")], []), "p": ([etype("one")], []),
              "q": ([etype("two")], []), "r": ([etype("three")], []), "s": ([etype("three")], [])}
    for order in (list(claims), list(reversed(claims))):
        resolution = resolve_claims({name: claims[name] for name in order}, lambda keys: {})
        assert {t.key: t.plugin for t in resolution.registry} == {"one": "p", "two": "q"}
        assert set(resolution.problems) == {"hub", "r", "s"}
        assert resolution.problems["r"] == [
            "type key 'three' is also declared by s, and neither has items stored under it, so "
            "neither gets it; disable one of them (evidence-archive plugins disable NAME)"]


def drop_in(app_config, fixture: str, name: str) -> None:
    """Copy a fixture plugin into the plugins folder under another name (another load order)."""
    folder = Path(app_config["PLUGINS_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / f"{fixture}.py", folder / f"{name}.py")


# "double_claim" sorts before "school_visit" and was loaded first: the order of the bug report.
@pytest.mark.parametrize("claimer", ["double_claim", "zz_double_claim"])
def test_a_plugin_claiming_a_taken_key_registers_none_of_its_types(plugin_app, app_config,
                                                                    claimer):
    app = plugin_app()
    minutes = make_item(app, make_set(), "meeting_minutes", MINUTES,
                        files=(("รายงานการประชุม.pdf", "minutes-ktpn-2-2563.pdf"),))
    drop_in(app_config, "double_claim", claimer)
    drop_in(app_config, "school_visit", "school_visit")
    restarted = plugin_app()
    plugins = archive_of(restarted).plugins
    assert plugins.types.get("meeting_minutes").plugin == "meeting_minutes"
    assert plugins.types.get("school_visit").plugin == "school_visit"
    bad, good = plugins.infos[claimer], plugins.infos["school_visit"]
    assert (bad.types, bad.withheld) == ([], ["meeting_minutes", "school_visit"])
    assert bad.problems == [
        "type key 'meeting_minutes' already belongs to meeting_minutes, whose items are stored "
        "under it (1 item); disable this plugin or give its type another key",
        "so its other types were not registered either (school_visit): a plugin with a problem "
        "in its types registers none of them"]
    assert (good.error, good.types) == ("", ["school_visit"])
    assert plugins.infos["meeting_minutes"].error == ""
    client = signed_in(restarted, "admin")
    assert client.get(f"/i/{minutes.public_id}").status_code == 200
    html = client.get("/admin/plugins").get_data(as_text=True)
    assert "so its other types were not registered either (school_visit)" in html
    listed = restarted.test_cli_runner().invoke(args=["plugins", "list"])
    assert listed.exit_code == 1
    assert f"{claimer} -  [ERROR: type key 'meeting_minutes' already belongs to" in listed.output
    assert "types: - (not registered: meeting_minutes, school_visit)" in listed.output


@pytest.mark.parametrize("claimer", ["double_claim", "zz_double_claim"])
def test_on_an_empty_archive_the_plugin_clashing_most_is_set_aside(plugin_app, app_config,
                                                                   claimer):
    drop_in(app_config, "double_claim", claimer)
    drop_in(app_config, "school_visit", "school_visit")
    plugins = plugin_app().extensions["evidence_archive"].plugins
    # No items settle anything; the plugin clashing over two keys goes, the others keep theirs.
    assert plugins.types.get("meeting_minutes").plugin == "meeting_minutes"
    assert plugins.types.get("school_visit").plugin == "school_visit"
    assert {n: i.error for n, i in plugins.infos.items() if i.error} == {claimer: (
        "type key 'meeting_minutes' is also declared by meeting_minutes, and neither has items "
        "stored under it; this plugin clashes over 2 keys, more than meeting_minutes, so it is "
        "the one set aside: disable it or give its types other keys")}
    assert plugins.infos[claimer].problems[1].startswith(
        "type key 'school_visit' is also declared by school_visit, and neither has items")
    assert plugins.infos[claimer].withheld == ["meeting_minutes", "school_visit"]


# "district_supervision" loads before "supervision_report", "zone_supervision" after it.
@pytest.mark.parametrize("rival", ["district_supervision", "zone_supervision"])
def test_the_plugin_whose_items_are_stored_keeps_its_key(plugin_app, app_config, rival):
    drop_in(app_config, "supervision_report", "supervision_report")
    drop_in(app_config, "rival_supervision", rival)

    def owner_and_problems(**config):
        plugins = plugin_app(**config).extensions["evidence_archive"].plugins
        etype = plugins.types.get("supervision_report")
        return (etype.plugin if etype else None,
                {n: i.error for n, i in plugins.infos.items() if i.error})

    owner, problems = owner_and_problems()
    assert owner is None and set(problems) == {"supervision_report", rival}
    assert problems[rival].startswith("type key 'supervision_report' is also declared by "
                                      "supervision_report, and neither has items stored under it")

    assert owner_and_problems(DISABLED_PLUGINS=[rival]) == ("supervision_report", {})
    supervision_item(plugin_app(DISABLED_PLUGINS=[rival]))
    owner, problems = owner_and_problems()
    assert owner == "supervision_report" and list(problems) == [rival]
    assert problems[rival] == ("type key 'supervision_report' already belongs to "
                               "supervision_report, whose items are stored under it (1 item); "
                               "disable this plugin or give its type another key")

    app = plugin_app(DISABLED_PLUGINS=["supervision_report"])
    assert archive_of(app).types.get("supervision_report").plugin == rival
    supervision_item(app)
    owner, problems = owner_and_problems()
    assert owner is None and set(problems) == {"supervision_report", rival}
    assert problems["supervision_report"] == (
        f"type key 'supervision_report' is also declared by {rival}, and both have items stored "
        "under it, so neither gets it; disable one of them (evidence-archive plugins disable NAME)")


def test_a_plugin_with_a_malformed_type_registers_none_of_its_types(plugin_app):
    class Twice:
        @staticmethod
        @hookspecs.hookimpl
        def register_evidence_types():
            from tests.plugins.school_visit import SCHOOL_VISIT
            return [SCHOOL_VISIT, SCHOOL_VISIT]

    plugins = plugin_app("partly_malformed", extra=[Twice]).extensions["evidence_archive"].plugins
    assert plugins.types.get("school_report") is None and plugins.types.get("school_visit") is None
    assert plugins.infos["partly_malformed"].problems == [
        "returned dict, not EvidenceType",
        "so its other types were not registered either (school_report): a plugin with a problem "
        "in its types registers none of them"]
    assert plugins.infos["Twice"].problems[0] == "declares the type key 'school_visit' twice"
    assert plugins.infos["Twice"].withheld == ["school_visit"]


# --------------------------------------------------------------------------- disabling

def test_disable_and_enable_from_the_cli(plugin_app):
    app = plugin_app()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["plugins", "disable", "press_release"])
    assert result.exit_code == 0, result.output
    assert "press_release disabled" in result.output and "มีผลเมื่อเริ่มระบบใหม่" in result.output
    assert "[ok (disabled from the next start)]" in runner.invoke(args=["plugins", "list"]).output
    assert runner.invoke(args=["plugins", "disable", "press_release"]).output == \
        "press_release is already disabled.\n"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plugin_disable"))
    assert event.details == {"plugin": "press_release", "via": "cli"}

    restarted = plugin_app()
    assert archive_of(restarted).plugins.infos["press_release"].disabled
    assert archive_of(restarted).types.get("press_release") is None
    runner = restarted.test_cli_runner()
    assert runner.invoke(args=["plugins", "enable", "press_release"]).exit_code == 0
    listed = runner.invoke(args=["plugins", "list"]).output
    assert "[DISABLED (enabled from the next start)]" in listed
    assert plugin_app().extensions["evidence_archive"].types.get("press_release") is not None

    result = runner.invoke(args=["plugins", "disable", "no_such_plugin"])
    assert result.exit_code != 0 and "ไม่พบปลั๊กอินชื่อ no_such_plugin" in result.output


def test_a_plugin_disabled_in_the_config_is_enabled_only_there(plugin_app):
    app = plugin_app(DISABLED_PLUGINS=["press_release"])
    result = app.test_cli_runner().invoke(args=["plugins", "enable", "press_release"])
    assert result.exit_code != 0 and "DISABLED_PLUGINS" in result.output
    html = signed_in(app, "admin").get("/admin/plugins").get_data(as_text=True)
    assert "ปิดไว้ในการตั้งค่า" in html


def test_disable_and_enable_from_the_admin_page(plugin_app):
    app = plugin_app()
    client = signed_in(app, "admin")
    response = client.post("/admin/plugins/disable", data={"name": "activity_photos"},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "ปิดใช้งานปลั๊กอิน activity_photos แล้ว มีผลเมื่อเริ่มระบบใหม่" in html
    assert "จะปิดใช้งานเมื่อเริ่มระบบใหม่" in html
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plugin_disable"))
    assert (event.username, event.details["plugin"]) == ("admin", "activity_photos")
    assert signed_in(app, "staff").post("/admin/plugins/enable",
                                        data={"name": "activity_photos"}).status_code == 403

    restarted = plugin_app()
    assert archive_of(restarted).types.get("activity_photos") is None
    client = signed_in(restarted, "admin")
    html = client.get("/admin/plugins").get_data(as_text=True)
    assert 'action="/admin/plugins/enable"' in html
    client.post("/admin/plugins/enable", data={"name": "activity_photos"})
    assert "activity_photos" not in plugin_states.disabled_names()
    assert client.post("/admin/plugins/disable", data={"name": "nope"}).status_code == 422


def test_items_of_a_disabled_type_stay_readable(plugin_app):
    app = plugin_app()
    item = make_item(app, make_set())
    plugin_states.set_disabled("meeting_invitation", True)
    restarted = plugin_app()
    client = signed_in(restarted, "staff")
    page = client.get(f"/i/{item.public_id}").get_data(as_text=True)
    assert "ศธ 04290/1237" in page
    file = item.files[0]
    assert client.get(f"/f/{file.public_id}/{file.filename}").status_code == 200


# --------------------------------------------------------------------------- trace mode

def test_trace_mode_logs_every_hook_call(plugin_app, monkeypatch, caplog):
    monkeypatch.setenv("EVIDENCE_ARCHIVE_TRACE_HOOKS", "1")
    caplog.set_level(logging.INFO)
    app = plugin_app("district_rules")
    assert archive_of(app).plugins.trace
    assert re.search(r"hook register_evidence_types: plugin meeting_invitation took [\d.]+ ms, "
                     r"returned a result", caplog.text)
    caplog.clear()
    make_item(app, make_set())
    extraction.run_pending()
    assert re.search(r"hook extra_validation: plugin district_rules took [\d.]+ ms, returned None",
                     caplog.text)
    assert "hook make_preview: plugin pdf_preview took" in caplog.text


def test_trace_mode_is_off_by_default(plugin_app, monkeypatch, caplog):
    monkeypatch.delenv("EVIDENCE_ARCHIVE_TRACE_HOOKS", raising=False)
    caplog.set_level(logging.INFO)
    app = plugin_app()
    assert not archive_of(app).plugins.trace
    assert "hook register_evidence_types" not in caplog.text

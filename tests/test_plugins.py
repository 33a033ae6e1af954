"""Plugins: loading, reporting, and the hook contract."""
from __future__ import annotations

import inspect
import shutil
from pathlib import Path

import pytest

from evidence_archive import create_app, hookspecs
from evidence_archive.services import catalog

from .conftest import INVITATION, make_item, make_set

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
    plugins = app.extensions["evidence_archive"].plugins
    assert {t.key for t in plugins.types} == BUILT_IN
    for key in BUILT_IN:
        info = plugins.infos[key]
        assert info.source.startswith("entry point") and info.version == "1.0.0"
        assert info.hooks == ["register_evidence_types"] and info.types == [key]
    assert plugins.problems == []


def test_folder_plugin_adds_a_type(app_config, tmp_path):
    app = app_with_plugins(app_config, tmp_path, "supervision_report")
    plugins = app.extensions["evidence_archive"].plugins
    assert plugins.types.get("supervision_report").plugin == "supervision_report"
    assert plugins.infos["supervision_report"].version == "0.3.0"


def test_broken_and_clashing_plugins_are_reported_and_skipped(app_config, tmp_path):
    app = app_with_plugins(app_config, tmp_path, "broken_import", "clashing_type", "supervision_report")
    plugins = app.extensions["evidence_archive"].plugins
    assert "this district plugin is broken" in plugins.infos["broken_import"].error
    assert plugins.types.get("meeting_minutes").plugin == "meeting_minutes"
    assert any("already belongs to meeting_minutes" in p for p in plugins.problems)
    assert {"supervision_report"} | BUILT_IN == {t.key for t in plugins.types}


def test_disabled_plugin_is_listed_but_not_loaded(app_config, tmp_path):
    app = app_with_plugins(app_config, tmp_path, DISABLED_PLUGINS=["press_release"])
    plugins = app.extensions["evidence_archive"].plugins
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
        assert gone.extensions["evidence_archive"].types.get(stored.type_key) is None
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
    assert app.extensions["evidence_archive"].types.get("supervision_report") is not None


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

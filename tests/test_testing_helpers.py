"""evidence_archive.testing: what a plugin author tests a type with."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

import evidence_archive_plugins.meeting_minutes as meeting_minutes
import evidence_archive_plugins.text_extract as text_extract
from evidence_archive import hookimpl
from evidence_archive.archive import archive_of
from evidence_archive.db import db
from evidence_archive.models import EvidenceItem
from evidence_archive.testing import (PASSWORD, ROLES, YEAR, PluginProblem, ValidationError, clean,
                                      dispose, evidence_type, make_app, sample_docx, sample_image,
                                      sample_pdf, sample_text, search, upload)
from evidence_archive.testing import (  # noqa: F401 - the fixtures, as pytest_plugins would give
    admin_client, archive_app, archive_client, archive_config, archive_runner, assessor_client,
    staff_client)
from tests.plugins import clashing_type, supervision_report

# A plugin's tests/conftest.py says `pytest_plugins = ["evidence_archive.testing"]` (the
# scaffold test runs that for real); here the module is imported already, so its
# fixtures are imported instead.

KEY = "supervision_report"
REPORT = {"school": "โรงเรียนบ้านหนองบัว", "visit_date": "๑๕ มิ.ย. ๒๕๖๓",
          "findings": "ครูจัดการเรียนรู้แบบโครงงาน"}


@pytest.fixture
def archive_plugins():
    """Override of evidence_archive.testing's fixture: the plugin under test."""
    return [supervision_report, text_extract]


@pytest.fixture
def plain_app(tmp_path):
    """An app from make_app alone, as a test without the fixtures builds it."""
    app = make_app([supervision_report], tmp_path)
    yield app
    dispose(app)


# --------------------------------------------------------------------------- make_app

def test_make_app_loads_only_the_plugins_given(plain_app):
    plugins = archive_of(plain_app).plugins
    assert [t.key for t in plugins.types] == [KEY]
    assert set(plugins.infos) == {"tests.plugins.supervision_report"}
    assert plugins.infos["tests.plugins.supervision_report"].source == "registered by the app"


def test_make_app_seeds_a_year_and_one_account_per_role(plain_app):
    from evidence_archive.services import catalog
    with plain_app.app_context():
        assert catalog.get_year(YEAR) is not None
    for role in ROLES:
        response = plain_app.test_client().post("/login", data={"username": role,
                                                                "password": PASSWORD})
        assert response.status_code == 302, role


def test_with_builtin_loads_the_installed_plugins_once(tmp_path):
    app = make_app([supervision_report, meeting_minutes], tmp_path, with_builtin=True)
    plugins = archive_of(app).plugins
    assert {"meeting_invitation", "meeting_minutes", KEY} <= {t.key for t in plugins.types}
    assert plugins.types.get("meeting_minutes").plugin == "meeting_minutes"  # its entry point
    assert plugins.problems == []
    dispose(app)


def test_a_plugin_problem_fails_the_test_unless_not_strict(tmp_path):
    class Raising:
        @staticmethod
        @hookimpl
        def register_evidence_types():
            raise RuntimeError("ลืมใส่ชื่อ")

    with pytest.raises(PluginProblem, match="ลืมใส่ชื่อ"):
        make_app([Raising], tmp_path / "a")
    with pytest.raises(PluginProblem, match="type key 'meeting_minutes' is also declared by"):
        make_app([supervision_report, clashing_type], tmp_path / "b", with_builtin=True)
    app = make_app([Raising, supervision_report], tmp_path / "c", strict=False)
    assert evidence_type(app, KEY).plugin == "tests.plugins.supervision_report"
    dispose(app)


def test_a_missing_type_names_the_types_there_are(plain_app):
    with pytest.raises(LookupError, match="no evidence type 'meeting_minutes'.*supervision_report"):
        evidence_type(plain_app, "meeting_minutes")


# --------------------------------------------------------------------------- clean

def test_clean_returns_stored_values_and_thai_errors(plain_app):
    values, errors = clean(plain_app, KEY, REPORT)
    assert errors == {}
    assert values == {"school": "โรงเรียนบ้านหนองบัว", "visit_date": "2020-06-15",
                      "findings": "ครูจัดการเรียนรู้แบบโครงงาน"}
    values, errors = clean(plain_app, KEY, {"visit_date": "31 กุมภา 2563"})
    assert values == {} and set(errors) == {"school", "visit_date"}
    assert errors["school"] == "กรุณากรอกข้อมูล “โรงเรียน”"


# --------------------------------------------------------------------------- upload

def test_upload_stores_the_item_and_its_files(archive_app):
    item = upload(archive_app, KEY, REPORT, files=[("รายงาน.pdf", sample_pdf()),
                                                    ("บันทึก.docx", sample_docx(), "ฉบับลงนาม")])
    assert item.title == "โรงเรียนบ้านหนองบัว" and item.document_date == dt.date(2020, 6, 15)
    assert item.type_snapshot["version"] == 1 and item.evidence_set.year == YEAR
    store = archive_of(archive_app).store
    assert [(f.filename, f.blob.kind, f.caption) for f in item.files] == [
        ("รายงาน.pdf", "pdf", ""), ("บันทึก.docx", "word", "ฉบับลงนาม")]
    assert all(store.path(f.sha256).is_file() for f in item.files)
    second = upload(archive_app, KEY, REPORT, files=[("อีกฉบับ.pdf", sample_pdf())],
                    evidence_set=item.evidence_set, title="ครั้งที่ 2")
    assert second.evidence_set is item.evidence_set and second.title == "ครั้งที่ 2"


def test_upload_reads_files_from_paths(archive_app, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(sample_pdf())
    item = upload(archive_app, KEY, REPORT, files=[("สแกน.pdf", path)])
    assert item.files[0].blob.size == path.stat().st_size


def test_upload_refuses_what_the_form_refuses_and_stores_nothing(archive_app):
    for files in ([("รูป.jpg", sample_image())], [("บันทึก.txt", sample_text())], []):
        with pytest.raises(ValidationError) as refused:
            upload(archive_app, KEY, REPORT, files=files)
        assert "files" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        upload(archive_app, KEY, {"school": ""}, files=[("รายงาน.pdf", sample_pdf())])
    assert set(refused.value.errors) == {"school", "visit_date"}
    assert db.session.scalar(select(func.count(EvidenceItem.id))) == 0


def test_upload_outside_an_app_context_says_what_to_do(plain_app):
    with pytest.raises(RuntimeError, match="app_context"):
        upload(plain_app, KEY, REPORT, files=[("รายงาน.pdf", sample_pdf())])


# --------------------------------------------------------------------------- search

def test_search_finds_metadata_and_file_text(archive_app):
    item = upload(archive_app, KEY, REPORT,
                  files=[("รายงาน.docx", sample_docx("นักเรียนทำโครงงานวิทยาศาสตร์"))])
    assert [h.public_id for h in search(archive_app, "หนองบัว").hits] == [item.public_id]
    assert [h.public_id for h in search(archive_app, "วิทยาศาสตร์").hits] == [item.public_id]
    assert search(archive_app, "หนองบัว", drafts=False).total == 0  # a draft is not public
    assert search(archive_app, "", type=KEY).total == 1


# --------------------------------------------------------------------------- fixtures

def test_clients_per_role(archive_app, archive_client, staff_client, admin_client,
                          assessor_client):
    item = upload(archive_app, KEY, REPORT, files=[("รายงาน.pdf", sample_pdf())])
    url = f"/i/{item.public_id}"
    assert archive_client.get(url).status_code == 404  # a draft, to the public
    assert assessor_client.get(url).status_code == 404
    page = staff_client.get(url)
    assert page.status_code == 200 and "โรงเรียนบ้านหนองบัว" in page.get_data(as_text=True)
    assert "supervision_report" in admin_client.get("/admin/plugins").get_data(as_text=True)


def test_archive_runner_lists_the_plugin(archive_runner):
    result = archive_runner.invoke(args=["plugins", "list"])
    assert result.exit_code == 0 and "types: supervision_report" in result.output


def test_sample_files_are_what_the_archive_detects(tmp_path):
    from evidence_archive import sniff
    for name, data, kind in (("a.pdf", sample_pdf(), "pdf"), ("a.jpg", sample_image(), "image"),
                             ("a.docx", sample_docx(), "word"), ("a.txt", sample_text(), "text")):
        path = tmp_path / name
        path.write_bytes(data)
        assert sniff.detect(path).kind == kind, name


def test_a_dropped_in_file_is_tested_through_plugins_folder(tmp_path):
    """As docs/plugins.md shows: point PLUGINS_FOLDER at the folder holding the .py file."""
    import shutil
    folder = tmp_path / "plugins"
    folder.mkdir()
    shutil.copy(supervision_report.__file__, folder / "supervision_report.py")
    app = make_app([], tmp_path / "archive", config={"PLUGINS_FOLDER": str(folder)})
    assert evidence_type(app, KEY).plugin == "supervision_report"
    assert archive_of(app).plugins.infos["supervision_report"].source == str(
        folder / "supervision_report.py")
    dispose(app)

"""`evidence-archive plugins new`: names, refusals, and a package that installs and passes its test."""
from __future__ import annotations

import importlib.util
import os
import shlex
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_archive import hookspecs
from evidence_archive.scaffold import PluginNames, new_plugin_command, plugin_names
from evidence_archive.testing import clean, evidence_type, make_app


def new(*args: str, cwd: Path):
    """Run `plugins new` with these arguments in `cwd`."""
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(new_plugin_command, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def import_from(folder: Path, module: str):
    """Import the scaffolded package from its folder without installing it."""
    spec = importlib.util.spec_from_file_location(
        module, folder / module / "__init__.py", submodule_search_locations=[str(folder / module)])
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize("name, expected", [
    ("supervision_report", PluginNames("supervision_report", "evidence_archive_supervision_report",
                                       "evidence-archive-supervision-report", "supervision_report")),
    ("spm29-visits", PluginNames("spm29_visits", "evidence_archive_spm29_visits",
                                 "evidence-archive-spm29-visits", "spm29_visits")),
])
def test_names_derive_from_name(name, expected):
    assert plugin_names(name) == expected


@pytest.mark.parametrize("name", ["", "x", "Supervision", "2report", "report_", "a__b", "a-_b",
                                  "รายงาน", "a b", "a.b", "x" * 41])
def test_bad_names_are_refused(name):
    with pytest.raises(ValueError, match="plugin name"):
        plugin_names(name)


def test_bad_type_key_is_refused():
    with pytest.raises(ValueError, match="type key"):
        plugin_names("visits", "Visit-Report")


def test_new_refuses_bad_name_and_writes_nothing(tmp_path):
    result = new("Bad Name", cwd=tmp_path)
    assert result.exit_code == 2 and "lower-case" in result.output
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_an_existing_folder(tmp_path):
    folder = tmp_path / "evidence-archive-visits"
    folder.mkdir()
    (folder / "notes.txt").write_text("งานของฉัน", "utf-8")
    result = new("visits", cwd=tmp_path)
    assert result.exit_code == 1 and "already exists" in result.output
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_new_refuses_the_name_of_an_installed_plugin(tmp_path):
    result = new("meeting_minutes", cwd=tmp_path)
    assert result.exit_code == 1 and "already installed" in result.output
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- the package

def test_new_writes_a_complete_package(tmp_path):
    result = new("visits", "--dir", str(tmp_path / "pkg"), "--type-key", "spm29_visit", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    pkg = tmp_path / "pkg"
    assert sorted(str(p.relative_to(pkg)) for p in pkg.rglob("*") if p.is_file()) == [
        ".gitignore", "README.md", "evidence_archive_visits/__init__.py", "pyproject.toml",
        "tests/conftest.py", "tests/test_visits.py"]
    project = tomllib.loads((pkg / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["name"] == "evidence-archive-visits"
    assert project["project"]["dependencies"] == ["evidence-archive"]
    assert project["project"]["entry-points"]["evidence_archive"] == {
        "visits": "evidence_archive_visits"}
    for path in pkg.rglob("*"):
        if path.is_file():
            text = path.read_text("utf-8")
            assert "${" not in text, path  # every placeholder filled in
            if path.suffix == ".py":
                compile(text, str(path), "exec")
    readme = (pkg / "README.md").read_text("utf-8")
    assert "pip install -e ." in readme and "pytest" in readme and "plugins list" in readme
    assert "ติดตั้ง" in readme and "Install" in readme


def test_the_type_asked_for_is_scaffolded_with_starter_fields(tmp_path):
    """A district asking for its budget requests gets them, not the tutorial's type."""
    result = new("budget_requests", "--type-key", "budget_request",
                 "--name", "บันทึกข้อความขออนุมัติงบประมาณ", "--name-en", "Budget request",
                 cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "evidence type 'budget_request' (บันทึกข้อความขออนุมัติงบประมาณ · Budget request)" in result.output
    assert "Give the type its Thai name" not in result.output
    pkg = tmp_path / "evidence-archive-budget-requests"
    module = import_from(pkg, "evidence_archive_budget_requests")
    assert module.BUDGET_REQUEST.key == "budget_request"
    app = make_app([module], tmp_path / "archive")
    etype = evidence_type(app, "budget_request")
    assert (etype.name, etype.name_en) == ("บันทึกข้อความขออนุมัติงบประมาณ", "Budget request")
    assert [(f.name, f.kind, f.required) for f in etype.fields] == [
        ("subject", "text", True), ("doc_number", "doc_number", False),
        ("document_date", "date", True), ("details", "longtext", False)]
    assert (etype.title_field, etype.date_field) == ("subject", "document_date")
    for path in pkg.rglob("*"):
        if path.is_file():
            assert "นิเทศ" not in path.read_text("utf-8"), path  # nothing of the tutorial's type
    readme = (pkg / "README.md").read_text("utf-8")
    assert "**บันทึกข้อความขออนุมัติงบประมาณ** (`budget_request`)" in readme
    assert "**Budget request**" in readme


def test_without_names_the_type_is_named_from_its_key_and_the_author_is_told(tmp_path):
    result = new("budget_requests", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    module = import_from(tmp_path / "evidence-archive-budget-requests",
                         "evidence_archive_budget_requests")
    etype = module.BUDGET_REQUESTS
    assert (etype.name, etype.name_en) == ("ประเภทหลักฐาน budget_requests", "Budget requests")
    assert "Give the type its Thai name: name= in" in result.output


@pytest.mark.parametrize("args, message", [
    (["--name", 'บันทึก "ด่วน"'], "without quotes"),
    (["--name", "บรรทัดแรก\nบรรทัดสอง"], "one line"),
    (["--name-en", "x" * 101], "1-100 characters"),
])
def test_type_names_that_cannot_go_into_source_are_refused(tmp_path, args, message):
    result = new("budget_requests", *args, cwd=tmp_path)
    assert result.exit_code == 2 and message in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_example_keeps_its_own_names(tmp_path):
    result = new("visits", "--example", "--name", "อื่น", cwd=tmp_path)
    assert result.exit_code == 2 and "leave out --name" in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_example_is_the_tutorials_supervision_report(tmp_path):
    new("visits", "--type-key", "spm29_visit", "--example", cwd=tmp_path)
    pkg = tmp_path / "evidence-archive-visits"
    module = import_from(pkg, "evidence_archive_visits")
    assert module.__version__ == "0.1.0"
    assert module.evidence_archive_hook_version == hookspecs.HOOK_VERSION
    app = make_app([module], tmp_path / "archive")
    etype = evidence_type(app, "spm29_visit")
    assert etype.name == "รายงานการนิเทศ ติดตาม"
    assert [(f.name, f.label, f.kind) for f in etype.fields] == [
        ("school", "โรงเรียน", "text"), ("supervisor", "ผู้นิเทศ", "person"),
        ("visit_date", "วันที่นิเทศ", "date"), ("findings", "ผลการนิเทศ", "longtext")]
    assert set(etype.accepts) == {"pdf", "word", "image"}
    assert (etype.title_field, etype.date_field) == ("school", "visit_date")
    assert clean(app, "spm29_visit", {"school": "", "visit_date": "1/7/2563"})[1].keys() == {
        "school", "supervisor"}
    assert "spm29_visit" in (pkg / "tests" / "test_visits.py").read_text("utf-8")


def _overlay_venv(folder: Path) -> Path:
    """Make a bare venv that also sees this venv's packages; return its python.

    Installing the scaffolded package here, not into the archive's own venv,
    keeps its entry point away from any other test run using that venv.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    archive_site = sysconfig.get_paths()["purelib"]
    Path(site, "evidence_archive_overlay.pth").write_text(
        f"import site; site.addsitedir({archive_site!r})\n", "utf-8")
    return python


def _run(args: list, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.parametrize("options", [[], ["--example"]], ids=["starter", "example"])
def test_scaffolded_package_installs_and_passes_its_own_tests(tmp_path, options):
    """The promise of `plugins new`, for real: pip install -e, pytest, plugins list."""
    assert new("district_visits", *options, cwd=tmp_path).exit_code == 0
    pkg = tmp_path / "evidence-archive-district-visits"
    python = _overlay_venv(tmp_path / "venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_ARCHIVE_")}
    env["EVIDENCE_ARCHIVE_INSTANCE"] = str(tmp_path / "instance")
    env["EVIDENCE_ARCHIVE_SECRET_KEY"] = "test-secret"  # an archive set up by the environment

    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", "-e", pkg],
         env=env)
    # `plugins list` runs beside the package's own tests, to keep this test short, on an
    # archive whose database is set up (the schema needs `db upgrade`, which `init` runs).
    cli = f"{shlex.quote(str(python))} -c 'from evidence_archive.cli import main; main()'"
    listing = subprocess.Popen(
        ["sh", "-c", f"{cli} db upgrade >/dev/null && {cli} plugins list"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    tests = _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=pkg, env=env)
    assert "6 passed" in tests.stdout, tests.stdout
    listed = subprocess.CompletedProcess(listing.args, 0, *listing.communicate(timeout=60))
    assert listing.returncode == 0, listed.stderr
    line = next(line for line in listed.stdout.splitlines() if line.startswith("district_visits "))
    assert "0.1.0  [ok]  from entry point (evidence-archive-district-visits)" in line, listed.stdout
    assert "types: district_visits" in listed.stdout

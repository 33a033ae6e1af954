"""The `evidence-archive` command, through click's runner and as a real process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from sqlalchemy import select

import pytest
from click.testing import CliRunner

from evidence_archive.archive import archive_of
from evidence_archive.cli import main
from evidence_archive.db import db
from evidence_archive.errors import ValidationError
from evidence_archive.models import ApiToken, Category
from evidence_archive.services import catalog, users

from .conftest import get_user

REPOSITORY = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).parent / "evidence-archive")


def listing(folder: Path) -> list[str]:
    """Name what a folder holds, leaving out SQLite's files of an open database."""
    return sorted(p.name for p in folder.iterdir()
                  if not p.name.endswith(("-wal", "-shm"))) if folder.is_dir() else []


@pytest.fixture(autouse=True)
def away_from_the_repository(tmp_path, monkeypatch):
    """Run every command of this module in a temporary folder, never on the repository's archive."""
    before = {name: listing(REPOSITORY / name) for name in ("instance", "uploads")}
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    monkeypatch.setenv("EVIDENCE_ARCHIVE_INSTANCE", str(tmp_path / "cli-instance"))
    yield
    assert {name: listing(REPOSITORY / name) for name in before} == before


def bare_environment(**extra) -> dict:
    """Return the environment without any EVIDENCE_ARCHIVE_* setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_ARCHIVE_")}
    return {**env, **extra}


def test_help_in_an_empty_folder_creates_nothing(tmp_path):
    """Not in the folder, and not PyThaiNLP's data folder in the user's home either."""
    empty, home = tmp_path / "empty", tmp_path / "home"
    empty.mkdir()
    home.mkdir()
    bare = {k: v for k, v in bare_environment(HOME=str(home)).items()
            if not k.startswith("PYTHAINLP_")}
    result = subprocess.run([CLI, "--help"], cwd=empty, env=bare,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    for command in ("init", "serve", "check", "users", "tokens", "plugins", "categories"):
        assert f"  {command} " in result.stdout
    assert result.stderr == ""
    refused = subprocess.run([CLI, "users", "list"], cwd=empty, env=bare,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0
    assert f"no archive in {empty / 'instance'}: run `evidence-archive init`" in refused.stderr
    assert list(empty.iterdir()) == [] and list(home.iterdir()) == []


def test_listing_commands_of_an_archive_create_no_folders(tmp_path, monkeypatch):
    instance = tmp_path / "cli-instance"
    monkeypatch.setenv("EVIDENCE_ARCHIVE_ADMIN_PASSWORD", "correct horse battery")
    assert CliRunner().invoke(main, ["init", "--year", "2568"]).exit_code == 0
    assert listing(instance) == ["archive.sqlite3", "config.py", "plugins", "pythainlp-data"]
    # An uploads folder that is not there yet stays away until a file is stored.
    monkeypatch.setenv("EVIDENCE_ARCHIVE_UPLOAD_FOLDER", str(tmp_path / "later-uploads"))
    for args in (["--help"], ["plugins", "list"], ["users", "list"], ["tokens", "list"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
    assert result.output.endswith("No tokens.\n")
    assert not (tmp_path / "later-uploads").exists()
    assert listing(instance) == ["archive.sqlite3", "config.py", "plugins", "pythainlp-data"]
    assert listing(tmp_path / "cwd") == []


def test_init_is_idempotent_and_generates_the_admin_password(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "EVIDENCE_ARCHIVE_INSTANCE": str(tmp_path / "instance"),
           "EVIDENCE_ARCHIVE_UPLOAD_FOLDER": str(tmp_path / "uploads"), "HOME": str(home)}
    env.pop("EVIDENCE_ARCHIVE_ADMIN_PASSWORD", None)
    env.pop("PYTHAINLP_DATA", None)
    command = [str(Path(sys.executable).parent / "evidence-archive"), "init", "--year", "2568"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "Generated password" in first.stdout
    config = (tmp_path / "instance" / "config.py").read_text()
    assert "SECRET_KEY" in config and oct((tmp_path / "instance" / "config.py").stat().st_mode)[-3:] == "600"
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "Generated password" not in second.stdout and "years: 2568" in second.stdout
    assert (tmp_path / "instance" / "config.py").read_text() == config  # same SECRET_KEY
    assert (tmp_path / "uploads" / "blobs").is_dir()
    assert (tmp_path / "instance" / "plugins").is_dir()  # where docs/plugins.md says to drop files
    assert (tmp_path / "instance" / "pythainlp-data").is_dir() and list(home.iterdir()) == []
    assert f"Plugins:  {tmp_path / 'instance' / 'plugins'}" in first.stdout


def test_users_commands(runner, app):
    result = runner.invoke(args=["users", "create", "somsri", "--role", "assessor",
                                 "--name", "สมศรี", "--password", "long enough pw"])
    assert result.exit_code == 0, result.output
    assert users.get_by_username("somsri").display_name == "สมศรี"
    assert "somsri" in runner.invoke(args=["users", "list"]).output
    assert runner.invoke(args=["users", "set-role", "somsri", "staff"]).exit_code == 0
    assert users.get_by_username("somsri").role == "staff"
    assert runner.invoke(args=["users", "disable", "somsri"]).exit_code == 0
    assert not users.get_by_username("somsri").active
    bad = runner.invoke(args=["users", "create", "x", "--password", "short"])
    assert bad.exit_code != 0 and "รหัสผ่าน" in bad.output
    last_admin = runner.invoke(args=["users", "set-role", "admin", "staff"])
    assert last_admin.exit_code != 0 and "ผู้ดูแลระบบ" in last_admin.output


def test_tokens_commands(runner, app, client):
    result = runner.invoke(args=["tokens", "create", "staff", "--name", "สคริปต์"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().rsplit(" ", 1)[-1]
    assert client.get("/account/tokens", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    token = db.session.scalar(select(ApiToken))
    assert runner.invoke(args=["tokens", "revoke", str(token.id)]).exit_code == 0
    assert client.get("/account/tokens", headers={"Authorization": f"Bearer {secret}"}).status_code != 200


def test_tokens_list_shows_everything_but_the_secret(runner, app, client):
    assert runner.invoke(args=["tokens", "list"]).output.endswith("No tokens.\n")
    secrets = [runner.invoke(args=["tokens", "create", name, "--name", "สคริปต์นำเข้า"])
               .output.strip().rsplit(" ", 1)[-1] for name in ("staff", "admin")]
    client.get("/account/tokens", headers={"Authorization": f"Bearer {secrets[0]}"})
    staff_token = users.list_tokens(get_user("staff"))[0]
    users.revoke_token(users.list_tokens(get_user("admin"))[0])
    result = runner.invoke(args=["tokens", "list"])
    assert result.exit_code == 0, result.output
    header, admin_row, staff_row = result.output.splitlines()
    assert header.split() == ["ID", "USER", "NAME", "PREFIX", "CREATED", "(UTC)", "LAST", "USED",
                              "REVOKED"]
    assert admin_row.split()[1:4] == ["admin", "สคริปต์นำเข้า", secrets[1][:10] + "…"]
    assert admin_row.split()[-3] == "-" and len(admin_row.split()) == 9  # never used, revoked
    assert staff_row.split()[0] == str(staff_token.id) and staff_row.split()[-1] == "-"
    assert staff_token.last_used_at.strftime("%Y-%m-%d %H:%M") in staff_row
    assert not any(secret[10:] in result.output for secret in secrets)
    only_staff = runner.invoke(args=["tokens", "list", "staff"]).output
    assert "staff" in only_staff and "admin" not in only_staff
    assert runner.invoke(args=["tokens", "list", "nobody"]).exit_code != 0


def test_a_disabled_user_gets_no_token(runner, app):
    assert runner.invoke(args=["users", "disable", "staff"]).exit_code == 0
    result = runner.invoke(args=["tokens", "create", "staff"])
    assert result.exit_code != 0 and "บัญชี staff ถูกปิดใช้งานอยู่" in result.output
    with pytest.raises(ValidationError) as refused:  # the web page and the API call this too
        users.create_token(get_user("staff"), "สคริปต์")
    assert refused.value.errors == {
        "user": "บัญชี staff ถูกปิดใช้งานอยู่ จึงสร้างโทเค็นไม่ได้ (เปิดใช้งานบัญชีก่อน)"}
    assert db.session.scalar(select(ApiToken)) is None
    assert runner.invoke(args=["users", "disable", "staff", "--enable"]).exit_code == 0
    assert runner.invoke(args=["tokens", "create", "staff"]).exit_code == 0


def test_plugins_list(runner, app):
    assert "Exits with status 1 when any plugin" in runner.invoke(
        args=["plugins", "list", "--help"]).output
    result = runner.invoke(args=["plugins", "list"])
    assert result.exit_code == 0
    assert "meeting_invitation 1.0.0  [ok]  from entry point (evidence-archive)" in result.output
    assert ("hook version: 1; hooks: register_evidence_types; types: meeting_invitation"
            in result.output)
    listed = json.loads(runner.invoke(args=["plugins", "list", "--json"]).output)
    assert {p["name"] for p in listed} >= {"activity_photos", "appointment_order"}
    preview = next(p for p in listed if p["name"] == "pdf_preview")
    assert preview["hook_version"] == 3 and preview["hooks"] == ["make_preview"]
    assert preview["disabled"] is False and preview["problems"] == []


def test_plugins_list_fails_when_a_plugin_has_a_problem(app_config, tmp_path):
    from evidence_archive import create_app
    folder = Path(app_config["PLUGINS_FOLDER"])
    folder.mkdir(parents=True)
    (folder / "broken.py").write_text('raise ImportError("district plugin is broken")\n', "utf-8")
    app = create_app(app_config, instance_path=str(tmp_path / "instance"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["plugins", "list"])
    assert result.exit_code == 1
    assert "broken -  [ERROR: could not be loaded: ImportError: district plugin is broken" in result.output
    assert "1 plugin(s) with problems: broken" in result.output
    as_json = runner.invoke(args=["plugins", "list", "--json"])
    assert as_json.exit_code == 1
    with app.app_context():
        db.engine.dispose()
    # Switched off, it is no longer a problem of the archive.
    quiet = create_app({**app_config, "DISABLED_PLUGINS": ["broken"]},
                       instance_path=str(tmp_path / "instance"))
    assert quiet.test_cli_runner().invoke(args=["plugins", "list"]).exit_code == 0
    with quiet.app_context():
        db.engine.dispose()


def test_categories_export_import_round_trip(runner, app, tmp_path):
    for fmt in ("yaml", "json"):
        out = tmp_path / f"tree.{fmt}"
        result = runner.invoke(args=["categories", "export", "2563", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text("utf-8")
        data = json.loads(text) if fmt == "json" else yaml.safe_load(text)
        assert data["categories"][0]["indicator"] == "O33"
        assert "การร่วมวางแผน" in text  # Thai kept readable, not escaped
    result = runner.invoke(args=["categories", "import", str(tmp_path / "tree.yaml"), "--year", "2564"])
    assert result.exit_code == 0, result.output
    names = [c.name for _, c in catalog.tree(catalog.get_year(2564))]
    assert names[1:] == ["การร่วมวางแผน", "การร่วมดำเนินการ", "การร่วมแลกเปลี่ยนความคิดเห็น",
                         "การร่วมติดตามประเมินผล"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("categories: 5\n", "utf-8")
    assert runner.invoke(args=["categories", "import", str(bad)]).exit_code != 0


def category_rows(year: int) -> list[tuple]:
    return [(depth, c.name, c.parent.name if c.parent else None, c.position)
            for depth, c in catalog.tree(catalog.get_year(year))]


def test_importing_a_tree_again_changes_nothing(runner, app, tmp_path):
    tree = tmp_path / "tree.yaml"
    assert runner.invoke(args=["categories", "export", "2563", "-o", str(tree)]).exit_code == 0
    first = runner.invoke(args=["categories", "import", str(tree), "--year", "2564"])
    assert first.output == "Imported 5 categories into 2564.\n"
    rows = category_rows(2564)
    again = runner.invoke(args=["categories", "import", str(tree), "--year", "2564"])
    assert again.exit_code == 0
    assert again.output == "Nothing to import: all 5 categories are already in 2564.\n"
    assert category_rows(2564) == rows
    # Into the year it came from (2563 has the same tree, seeded): nothing either.
    same = runner.invoke(args=["categories", "import", str(tree)])
    assert same.output == "Nothing to import: all 5 categories are already in 2563.\n"


def test_importing_merges_by_name_under_the_same_parent(runner, app, tmp_path):
    data = {"categories": [{
        "name": "O33 การเปิดโอกาสให้เกิดการมีส่วนร่วม", "description": "ไม่ทับของเดิม",
        "children": [{"name": " การร่วมวางแผน ", "children": [{"name": "ประชุม ก.ต.ป.น."}]},
                     {"name": "การรายงานผล"}]},
        {"name": "การร่วมวางแผน"}]}  # the same name at another level is another category
    tree = tmp_path / "more.json"
    tree.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    root = next(c for _, c in catalog.tree(catalog.get_year(2563)) if c.parent_id is None)
    before = category_rows(2563)
    result = runner.invoke(args=["categories", "import", str(tree), "--year", "2563"])
    assert result.output == ("Imported 3 categories into 2563 "
                             "(2 already there, kept as they are).\n")
    after = category_rows(2563)
    assert [r for r in after if r not in before] == [
        (2, "ประชุม ก.ต.ป.น.", "การร่วมวางแผน", 0), (1, "การรายงานผล", root.name, 4),
        (0, "การร่วมวางแผน", None, 1)]
    assert db.session.get(Category, root.id).description == ""
    assert runner.invoke(args=["categories", "import", str(tree), "--year", "2563"]).output == (
        "Nothing to import: all 5 categories are already in 2563.\n")


def test_categories_commands_read_years_like_the_web(runner, app, tmp_path):
    """Thai digits work; 0000, 0001 and 9999 are refused with the accepted range, never
    a traceback, and --year 0000 no longer falls back to the file's year."""
    out = tmp_path / "tree.yaml"
    result = runner.invoke(args=["categories", "export", "๒๕๖๓", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for year in ("0000", "0001", "9999"):
        result = runner.invoke(args=["categories", "export", year])
        assert result.exit_code == 1 and "พ.ศ. 2500–2700" in result.output, result.output
        result = runner.invoke(args=["categories", "import", str(out), "--year", year])
        assert result.exit_code == 1 and "พ.ศ. 2500–2700" in result.output, result.output
    assert [y.year for y in catalog.years()] == [2563]
    assert len(catalog.tree(catalog.get_year(2563))) == 5  # nothing imported twice


def test_init_refuses_a_year_no_evidence_can_have(tmp_path):
    env = {**os.environ, "EVIDENCE_ARCHIVE_INSTANCE": str(tmp_path / "instance"),
           "EVIDENCE_ARCHIVE_UPLOAD_FOLDER": str(tmp_path / "uploads")}
    command = [str(Path(sys.executable).parent / "evidence-archive"), "init", "--year", "0000"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "พ.ศ. 2500–2700" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_the_commands():
    result = CliRunner().invoke(main, ["--help"])
    for command in ("init", "serve", "check", "users", "tokens", "plugins", "categories"):
        assert command in result.output


def test_check_finds_missing_corrupt_and_stray_files(runner, app, sample_set):
    store = archive_of(app).store
    sha = sample_set.items[0].files[0].sha256
    assert runner.invoke(args=["check", "--checksums"]).exit_code == 0
    path = store.path(sha)
    path.chmod(0o644)
    data = path.read_bytes()
    path.write_bytes(b"X" + data[1:])
    result = runner.invoke(args=["check", "--checksums"])
    assert result.exit_code != 0 and f"checksum mismatch: {sha}" in result.output
    path.unlink()
    stray = store.path("0" * 64)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"orphan")
    result = runner.invoke(args=["check"])
    assert f"missing on disk: {sha}" in result.output
    assert f"on disk without a record: {'0' * 64}" in result.output


def test_check_fix_sweeps_crash_leftovers_and_keeps_every_recorded_file(runner, app, sample_set):
    store = archive_of(app).store
    kept = sample_set.items[0].files[0].sha256
    orphan = store.path("1" * 64)  # placed by a request that died before its commit
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"orphan")
    store.thumb_path("2" * 64).write_bytes(b"thumb")  # its file is long gone
    dead = store.tmp / "dead.part"
    dead.write_bytes(b"half an upload")
    alive = store.incoming()  # an upload still streaming in: its lock keeps it
    alive.write(b"still coming")
    result = runner.invoke(args=["check"])
    assert result.exit_code != 0
    assert f"on disk without a record: {'1' * 64}" in result.output
    assert "dead uploads in tmp/: 1" in result.output and "--fix removes" in result.output
    result = runner.invoke(args=["check", "--fix"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 files without a record, 1 orphan thumbnails and 1 dead uploads." in result.output
    assert not orphan.exists() and not dead.exists() and alive.path.exists()
    assert store.path(kept).exists()
    alive.discard()

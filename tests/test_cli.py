"""The `evidence-archive` command, through click's runner and as a real process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from sqlalchemy import select

from evidence_archive.cli import main
from evidence_archive.db import db
from evidence_archive.models import ApiToken
from evidence_archive.services import catalog, users


def test_init_is_idempotent_and_generates_the_admin_password(tmp_path):
    env = {**os.environ, "EVIDENCE_ARCHIVE_INSTANCE": str(tmp_path / "instance"),
           "EVIDENCE_ARCHIVE_UPLOAD_FOLDER": str(tmp_path / "uploads")}
    env.pop("EVIDENCE_ARCHIVE_ADMIN_PASSWORD", None)
    command = [str(Path(sys.executable).parent / "evidence-archive"), "init", "--year", "2568"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "Generated password" in first.stdout
    config = (tmp_path / "instance" / "config.py").read_text()
    assert "SECRET_KEY" in config and oct((tmp_path / "instance" / "config.py").stat().st_mode)[-3:] == "600"
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "Generated password" not in second.stdout and "years: 2568" in second.stdout
    assert (tmp_path / "instance" / "config.py").read_text() == config  # same SECRET_KEY
    assert (tmp_path / "uploads" / "blobs").is_dir()


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


def test_plugins_list(runner, app):
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
    from click.testing import CliRunner
    result = CliRunner().invoke(main, ["--help"])
    for command in ("init", "serve", "check", "users", "tokens", "plugins", "categories"):
        assert command in result.output


def test_check_finds_missing_corrupt_and_stray_files(runner, app, sample_set):
    store = app.extensions["evidence_archive"].store
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

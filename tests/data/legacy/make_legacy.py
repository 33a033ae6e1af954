"""Make the archive kept in tests/data/legacy/: a database as the code before migrations made it.

The code of main at commit 6420310 (the last one without migrations) created its
tables with ``db.create_all()`` and no ``alembic_version`` table.  This script
fills such an archive with real rows through that code's own services: two years
with their categories, sets (published, draft, trashed), items of the five
built-in types with files, users (one disabled), API tokens (one revoked), a
disabled plugin, the text read from the files and every audit event they made.
``tests/test_migrations.py`` upgrades copies of it to head.

It was run with that commit's code, never with later code (which would migrate)::

    git archive 6420310 | tar -x -C /tmp/ea-main
    cd /tmp/ea-main && PYTHONPATH=/tmp/ea-main <worktree>/.venv/bin/python \\
        tests/data/legacy/make_legacy.py sqlite:///<worktree>/tests/data/legacy/archive.sqlite3 \\
        <worktree>/tests/data/legacy/uploads
    # PostgreSQL: the same into an empty database, then a plain-SQL dump of it
    PYTHONPATH=/tmp/ea-main .venv/bin/python tests/data/legacy/make_legacy.py \\
        postgresql+psycopg://ea:...@127.0.0.1:5432/ea_legacy /tmp/pg-uploads
    pg_dump --no-owner --no-privileges --inserts ... ea_legacy > tests/data/legacy/postgres.sql
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from evidence_archive import create_app
from evidence_archive.services import catalog, evidence, plugin_states, trash, users
from evidence_archive.testing import sample_image
from evidence_archive.textsearch import extraction
from tests.conftest import DATA, PASSWORD, upload_of
from tests.test_builtin_types import GOOD


def make_app(url: str, uploads: str):
    instance = tempfile.mkdtemp(prefix="ea-legacy-")
    return create_app({"SECRET_KEY": "legacy", "SQLALCHEMY_DATABASE_URI": url,
                       "UPLOAD_FOLDER": uploads, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                       "SEARCH_INDEX_FOLDER": str(Path(instance) / "ix")},
                      instance_path=instance)


def fill(app) -> None:
    types = app.extensions["evidence_archive"].types
    catalog.seed_catalog()
    admin = users.create_user("admin", PASSWORD, "admin", "ผู้ดูแลระบบ")
    staff = users.create_user("somchai", PASSWORD, "staff", "สมชาย ใจดี")
    users.create_user("assessor", PASSWORD, "assessor", "ผู้ประเมิน")
    gone = users.create_user("former", PASSWORD, "staff", "อดีตเจ้าหน้าที่")
    users.update_user(gone, admin, active=False)
    users.create_token(staff, "สคริปต์นำเข้า")
    revoked, _ = users.create_token(admin, "old")
    users.revoke_token(revoked, admin)
    catalog.update_agency(catalog.get_agency(), admin, "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาอุบลราชธานี อำนาจเจริญ",
                          "สพม.29", "Secondary Educational Service Area Office 29")
    year = catalog.create_year(2563, admin)
    stages = [c for _, c in catalog.tree(year)]
    planning = next(c for c in stages if c.name == "การร่วมวางแผน")
    sub = catalog.save_category(admin, year, "ประชุมคณะกรรมการ ก.ต.ป.น.", parent=planning)

    published = evidence.create_set(planning, "การประชุม ก.ต.ป.น. ครั้งที่ 1/2563", staff)
    evidence.create_item(published, types.get("meeting_invitation"), dict(GOOD["meeting_invitation"]),
                         staff, [upload_of(app, "หนังสือเชิญประชุม ครั้งที่ 1.pdf",
                                           source="invitation-ktpn-1-2563.pdf")])
    minutes = evidence.create_item(published, types.get("meeting_minutes"), dict(GOOD["meeting_minutes"]),
                                   staff, [upload_of(app, "รายงานการประชุม.docx", source="minutes-ktpn-2-2563.docx")])
    photos = evidence.create_item(published, types.get("activity_photos"), dict(GOOD["activity_photos"]),
                                  staff, [upload_of(app, "ภาพ ๑.jpg", sample_image(), caption="ประธานเปิดประชุม"),
                                          upload_of(app, "ภาพ ๒.png", sample_image((40, 30), "PNG"))])
    evidence.update_file(photos.files[1], staff, filename="ภาพบรรยากาศ.png")
    evidence.set_status(published, "published", staff)

    draft = evidence.create_set(sub, "คำสั่งแต่งตั้งคณะกรรมการ", staff, number=7)
    evidence.create_item(draft, types.get("appointment_order"), dict(GOOD["appointment_order"]),
                         staff, [upload_of(app, "คำสั่ง ที่ ๔๕-๒๕๖๓.pdf", source="order-45-2563.pdf")])
    evidence.create_item(draft, types.get("press_release"), dict(GOOD["press_release"]), staff,
                         [upload_of(app, "ข่าว.txt", (DATA / "order-45-2563.txt").read_bytes())])
    trash.trash(minutes, staff)
    binned = evidence.create_set(planning, "ชุดที่ลบแล้ว", staff)
    trash.trash(binned, admin)

    later = catalog.copy_year(year, 2568, admin)
    evidence.create_set(next(c for _, c in catalog.tree(later)), "ปี 2568 ชุดแรก", staff)
    plugin_states.set_disabled("ocr_tesseract", True, admin, via="cli")
    extraction.run_pending()


def main(url: str, uploads: str) -> None:
    app = make_app(url, uploads)
    with app.app_context():
        fill(app)
        from evidence_archive.db import db
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:3])

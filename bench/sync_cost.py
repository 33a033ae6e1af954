"""Measure what durable SQLite commits cost: synchronous=FULL against NORMAL, in the same run.

In WAL mode, FULL syncs the WAL at every commit (a commit the user was told of
survives a power cut); NORMAL syncs only at checkpoints.  This script measures
both on the same machine and disk, alternating the two so that a busy machine
slows both alike:

* **commit**: one small transaction (an audit event) committed again and again
  — the cost of the extra sync alone;
* **upload**: after ``--warmup`` untimed uploads, ``POST /api/v1/sets/<id>/items`` with a หนังสือเชิญประชุม and a small
  PDF of new content, through the real app (Flask test client, bearer token):
  parsing, hashing, content sniffing, the blob's own fsync, the preview, the
  commit and the search index update — the cost per upload a user sees.

Each round makes a new archive in a temporary folder (``--dir``, on the disk the
archive would live on: not a tmpfs, where a sync costs nothing).  Prints a
table and writes ``bench/results/sync_cost-<date>.json``.  Run from the project root::

    .venv/bin/python bench/sync_cost.py              # 4 rounds of 200 commits and 100 uploads per mode
    .venv/bin/python bench/sync_cost.py --rounds 1 --uploads 20 --commits 50 --no-save
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evidence_archive import create_app, db as database  # noqa: E402
from evidence_archive.db import db  # noqa: E402
from evidence_archive.services import audit, catalog, evidence, users  # noqa: E402
from evidence_archive.testing import sample_pdf  # noqa: E402
from saving import save  # noqa: E402

MODES = ("NORMAL", "FULL")
INVITATION = {  # a valid หนังสือเชิญประชุม, as in tests/conftest.py
    "doc_number": "ที่ ศธ 04290/1237", "date": "1 พฤษภาคม 2563",
    "subject": "ขอเชิญประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา",
    "recipient": "กรรมการ ก.ต.ป.น. ทุกท่าน", "meeting_date": "15 พฤษภาคม 2563",
    "venue": "ห้องประชุมสำนักงานเขตพื้นที่การศึกษา",
    "signer": "นายสมชาย ใจดี | ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
}


def make_archive(folder: Path, mode: str):
    """Create a seeded archive in `folder` whose SQLite connections use synchronous=`mode`."""
    database.SQLITE_SYNCHRONOUS = mode  # read by the connect hook of every new connection
    app = create_app({
        "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'archive.sqlite3'}",
        "UPLOAD_FOLDER": str(folder / "uploads"), "SEARCH_INDEX_FOLDER": str(folder / "index"),
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "WTF_CSRF_ENABLED": False,
        "CREATE_SCHEMA_IF_EMPTY": True,
    }, instance_path=str(folder / "instance"))
    with app.app_context():
        catalog.seed_catalog()
        catalog.create_year(2563)
        staff = users.create_user("staff", "bench password 1", "staff", "")
        category = next(c for _, c in catalog.tree(catalog.get_year(2563)))
        set_id = evidence.create_set(category, "ชุดทดสอบความเร็ว", staff).public_id
        _, token = users.create_token(staff, "bench")
        value = db.session.connection().exec_driver_sql("PRAGMA synchronous").scalar()
        assert value == {"NORMAL": 1, "FULL": 2}[mode], (mode, value)
    return app, set_id, token


def time_commits(app, count: int) -> list[float]:
    """Commit `count` one-row transactions; return the seconds of each."""
    times = []
    with app.app_context():
        for n in range(count):
            started = time.perf_counter()
            audit.record("bench", summary=f"commit {n}")
            db.session.commit()
            times.append(time.perf_counter() - started)
    return times


def fsync_ms(folder: Path, count: int = 200) -> float:
    """Return the disk's time for one 4 KiB write + fsync in `folder`: what each extra sync costs."""
    path = folder / "fsync-probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        started = time.perf_counter()
        for _ in range(count):
            os.write(fd, b"x" * 4096)
            os.fsync(fd)
        return (time.perf_counter() - started) / count * 1000
    finally:
        os.close(fd)
        path.unlink()


def count_commits(app) -> list[int]:
    """Count the database commits from now on (one WAL sync each under FULL)."""
    commits = [0]
    with app.app_context():
        event.listen(db.engine, "commit", lambda connection: commits.__setitem__(0, commits[0] + 1))
    return commits


def time_uploads(app, set_id: str, token: str, count: int) -> list[float]:
    """Upload `count` items with a PDF of new content each; return the seconds of each."""
    client = app.test_client()
    pdf = sample_pdf()
    times = []
    for n in range(count):
        content = pdf + f"\n% upload {n} {time.time_ns()}\n".encode()  # new bytes: a new blob
        data = {"type": "meeting_invitation", "title": f"หนังสือเชิญ {n}",
                "metadata": json.dumps(INVITATION, ensure_ascii=False),
                "files": (io.BytesIO(content), f"เชิญประชุม {n}.pdf", "application/pdf")}
        started = time.perf_counter()
        response = client.post(f"/api/v1/sets/{set_id}/items", data=data,
                               headers={"Authorization": f"Bearer {token}"},
                               content_type="multipart/form-data")
        times.append(time.perf_counter() - started)
        if response.status_code != 201:
            raise RuntimeError(f"upload {n}: {response.status_code} {response.data[:300]!r}")
    return times


def close(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    indexer = app.extensions["evidence_archive"].indexer
    if hasattr(indexer, "forget"):
        indexer.forget()


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"count": len(times), "per_second": round(len(times) / sum(times), 1),
            "mean_ms": round(statistics.mean(times) * 1000, 2),
            "p50_ms": round(ordered[len(ordered) // 2] * 1000, 2),
            "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 2)}


def run(args) -> dict:
    samples = {mode: {"commit": [], "upload": []} for mode in MODES}
    fsyncs, commits_per_upload = [], []
    for round_no in range(args.rounds):
        for mode in (MODES if round_no % 2 == 0 else MODES[::-1]):
            with tempfile.TemporaryDirectory(prefix="ea-sync-", dir=args.dir) as folder:
                fsyncs.append(fsync_ms(Path(folder)))
                app, set_id, token = make_archive(Path(folder), mode)
                try:
                    time_uploads(app, set_id, token, args.warmup)  # first index, PDFium, caches
                    samples[mode]["commit"] += time_commits(app, args.commits)
                    commits = count_commits(app)
                    samples[mode]["upload"] += time_uploads(app, set_id, token, args.uploads)
                    commits_per_upload.append(commits[0] / args.uploads)
                finally:
                    close(app)
            print(f"round {round_no + 1}/{args.rounds} {mode}: done", file=sys.stderr, flush=True)
    result = {mode: {kind: summary(times) for kind, times in kinds.items()}
              for mode, kinds in samples.items()}
    result["disk"] = {"fsync_4k_ms_median": round(statistics.median(fsyncs), 3),
                      "fsync_4k_ms_max": round(max(fsyncs), 3),
                      "commits_per_upload": round(statistics.mean(commits_per_upload), 2)}
    for kind in ("commit", "upload"):
        normal, full = result["NORMAL"][kind], result["FULL"][kind]
        result[f"{kind}_cost"] = {
            "full_over_normal_time": round(full["mean_ms"] / normal["mean_ms"], 2),
            "extra_ms_per_" + kind: round(full["mean_ms"] - normal["mean_ms"], 2)}
    return result


def print_table(result: dict) -> None:
    print("| what | synchronous | per second | mean ms | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|")
    for kind in ("commit", "upload"):
        for mode in MODES:
            row = result[mode][kind]
            print(f"| {kind} | {mode} | {row['per_second']} | {row['mean_ms']} | "
                  f"{row['p50_ms']} | {row['p95_ms']} |")
    for kind in ("commit", "upload"):
        cost = result[f"{kind}_cost"]
        print(f"FULL costs {cost['extra_ms_per_' + kind]} ms more per {kind} "
              f"({cost['full_over_normal_time']}× the time of NORMAL)")
    disk = result["disk"]
    print(f"disk: one 4 KiB write + fsync takes {disk['fsync_4k_ms_median']} ms (median of rounds, "
          f"max {disk['fsync_4k_ms_max']}); an upload commits {disk['commits_per_upload']} times, "
          f"so FULL should add about {disk['commits_per_upload'] * disk['fsync_4k_ms_median']:.2f} "
          "ms per upload on this disk")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4, help="rounds per mode, alternating")
    parser.add_argument("--commits", type=int, default=200, help="commits per round")
    parser.add_argument("--uploads", type=int, default=100, help="uploads per round")
    parser.add_argument("--warmup", type=int, default=3, help="untimed uploads per round first")
    parser.add_argument("--dir", default=None, help="folder for the temporary archives")
    parser.add_argument("--no-save", action="store_true", help="don't write the JSON")
    args = parser.parse_args(argv)
    started = time.time()
    result = run(args)
    print_table(result)
    save("sync_cost", args, started, result, write=not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())

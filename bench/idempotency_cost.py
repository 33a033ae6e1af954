"""Measure what an Idempotency-Key costs a creating API call, against the same call without one.

A keyed call claims its key (one insert, committed on its own) before the work
and records its answer after it (one update, committed): two more commits, each
a WAL sync under SQLite's synchronous=FULL.  This script times, through the real
app (Flask test client, bearer token, a new archive in ``--dir``):

* **set**: ``POST /api/v1/sets`` (JSON, the cheapest creating call: where the
  extra commits weigh most), without and with a new key each time;
* **upload**: ``POST /api/v1/sets/<id>/items`` with a หนังสือเชิญประชุม and a small PDF
  of new content, without and with a new key each time;
* **replay**: the last keyed upload sent again with its key: what a retry costs
  instead of a second upload.

Without and with a key alternate call by call, so a busy machine slows both
alike.  Prints a table and writes ``bench/results/idempotency_cost-<date>.json``::

    .venv/bin/python bench/idempotency_cost.py               # 3 rounds of 100 calls per kind
    .venv/bin/python bench/idempotency_cost.py --rounds 1 --calls 20 --no-save
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from saving import save
from sync_cost import INVITATION, close, make_archive, summary

from sqlalchemy import select  # noqa: E402

from evidence_archive.db import db  # noqa: E402 - sync_cost put the project on sys.path
from evidence_archive.models import Category  # noqa: E402
from evidence_archive.testing import sample_pdf  # noqa: E402

KINDS = ("set plain", "set keyed", "upload plain", "upload keyed", "replay")


def _upload_body(pdf: bytes, n: int) -> tuple[dict, bytes]:
    content = pdf + f"\n% upload {n} {time.time_ns()}\n".encode()  # new bytes: a new blob
    return {"type": "meeting_invitation", "title": f"หนังสือเชิญ {n}",
            "metadata": json.dumps(INVITATION, ensure_ascii=False),
            "files": (io.BytesIO(content), f"เชิญประชุม {n}.pdf", "application/pdf")}, content


def _timed(client, path: str, headers: dict, replayed: bool = False, **kwargs) -> float:
    """POST and return the seconds it took; fail unless it was a 201 (replayed or not, as said)."""
    started = time.perf_counter()
    response = client.post(path, headers=headers, **kwargs)
    elapsed = time.perf_counter() - started
    if response.status_code != 201 or (response.headers.get("Idempotent-Replayed") == "true") != replayed:
        raise RuntimeError(f"{path}: {response.status_code} {response.data[:300]!r}")
    return elapsed


def time_round(app, set_id: str, token: str, calls: int, samples: dict) -> None:
    """Make `calls` calls of each kind, alternating without and with a key."""
    client = app.test_client()
    with app.app_context():
        category_id = db.session.scalar(select(Category.id).order_by(Category.id))
    pdf = sample_pdf()
    auth = {"Authorization": f"Bearer {token}"}
    items = f"/api/v1/sets/{set_id}/items"
    for n in range(calls):
        for keyed in ((False, True) if n % 2 == 0 else (True, False)):
            def new_headers():  # a new key for each new call, as a client makes them
                return {**auth, "Idempotency-Key": f"bench-{time.time_ns()}"} if keyed else auth
            label = "keyed" if keyed else "plain"
            samples[f"set {label}"].append(_timed(
                client, "/api/v1/sets", new_headers(),
                json={"category": category_id, "title": f"ชุด {n} {label}"}))
            data, content = _upload_body(pdf, n)
            headers = new_headers()
            samples[f"upload {label}"].append(_timed(
                client, items, headers, data=data, content_type="multipart/form-data"))
            if keyed:  # the same upload again: a client retrying after a lost answer
                data = {**data, "files": (io.BytesIO(content), data["files"][1], "application/pdf")}
                samples["replay"].append(_timed(
                    client, items, headers, replayed=True, data=data,
                    content_type="multipart/form-data"))


def run(args) -> dict:
    samples: dict = {kind: [] for kind in KINDS}
    for round_no in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="ea-idem-", dir=args.dir) as folder:
            app, set_id, token = make_archive(Path(folder), "FULL")
            try:
                time_round(app, set_id, token, args.warmup, {k: [] for k in KINDS})
                time_round(app, set_id, token, args.calls, samples)
            finally:
                close(app)
        print(f"round {round_no + 1}/{args.rounds}: done", file=sys.stderr, flush=True)
    result = {kind: summary(times) for kind, times in samples.items()}
    mean = {kind: result[kind]["mean_ms"] for kind in KINDS}
    result["ratios"] = {
        "set_keyed_over_plain": round(mean["set keyed"] / mean["set plain"], 2),
        "upload_keyed_over_plain": round(mean["upload keyed"] / mean["upload plain"], 2),
        "replay_over_upload_keyed": round(mean["replay"] / mean["upload keyed"], 2),
        "extra_ms_per_set": round(mean["set keyed"] - mean["set plain"], 2),
        "extra_ms_per_upload": round(mean["upload keyed"] - mean["upload plain"], 2)}
    return result


def print_table(result: dict) -> None:
    print("| call | per second | mean ms | p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    for kind in KINDS:
        row = result[kind]
        print(f"| {kind} | {row['per_second']} | {row['mean_ms']} | {row['p50_ms']} | "
              f"{row['p95_ms']} |")
    r = result["ratios"]
    print(f"a key costs {r['extra_ms_per_set']} ms per set ({r['set_keyed_over_plain']}× the "
          f"time without) and {r['extra_ms_per_upload']} ms per upload "
          f"({r['upload_keyed_over_plain']}×); a replayed upload takes "
          f"{r['replay_over_upload_keyed']}× the time of the upload itself")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=100, help="timed calls per kind and round")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls per round first")
    parser.add_argument("--dir", default=None, help="where the archives are made")
    parser.add_argument("--no-save", action="store_true", help="don't write the JSON")
    args = parser.parse_args(argv)
    started = time.time()
    result = run(args)
    print_table(result)
    save("idempotency_cost", args, started, result, write=not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`evidence-archive serve` for real: gunicorn's processes, the background worker, hostile bodies.

Each test serves a fresh instance (``evidence_archive.liveserver``) on the
test's database, in child processes, and talks to it over a socket.
"""
from __future__ import annotations

import os
import signal
import socket
import time
from urllib.parse import quote

import pytest

from evidence_archive.liveserver import ServedArchive
from evidence_archive.testing import sample_docx
from tests.conftest import INVITATION

WORD = "ทะเลสาบสงขลา"  # only in the uploaded file's text: found once the background worker read it


@pytest.fixture
def served(tmp_path, db_url):
    archive = ServedArchive(tmp_path / "served", workers=2, threads=4, database_url=db_url,
                            settings={"MAX_UPLOAD_BYTES": 1024 * 1024,
                                      "EXTRACTION_POLL_INTERVAL": 0.2})
    archive.init()
    yield archive
    archive.stop()
    assert not archive.group_pids(), "processes left after stop"


def raw_exchange(archive: ServedArchive, head: str, wait: float = 10) -> bytes:
    """Send only a request's head (its body never comes); return all the server sends before
    hanging up (a socket timeout fails the test: the server waited for the body)."""
    with socket.create_connection(("127.0.0.1", archive.port), timeout=wait) as sock:
        sock.sendall(head.encode("latin-1"))
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


def until(check, timeout: float = 30, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} s: {check}")
        time.sleep(every)


def first_category(archive: ServedArchive) -> int:
    status, years = archive.api("GET", "/years")
    assert status == 200, years
    year = years["items"][0]["year"]
    status, tree = archive.api("GET", f"/years/{year}/categories")
    return tree["items"][0]["id"]


# --------------------------------------------------------------------------- hostile bodies

def test_a_huge_body_is_refused_before_a_byte_of_it_is_read(served):
    served.start()
    head = ("POST /api/v1/sets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: 1000000000\r\n\r\n")
    answer = raw_exchange(served, head)  # the body never comes: the answer must not wait for it
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]  # and hung up, else recv timed out
    assert "กรุณาเข้าสู่ระบบ".encode() in answer

    signed_in = head.replace("Host: x\r\n", f"Host: x\r\nAuthorization: Bearer {served.token}\r\n")
    answer = raw_exchange(served, signed_in)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert not list((served.root / "uploads" / "tmp").glob("*"))


def test_a_body_without_a_length_is_cut_off_at_the_limit(served):
    served.start()
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\n\r\n")
        chunk = b"a=" + b"x" * 65534
        sent, answer = 0, b""
        with pytest.raises(OSError):  # the server answers and hangs up long before 100 MB
            for _ in range(1600):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        answer = sock.recv(65536)
    assert sent < 50 * 1024 * 1024
    assert answer.startswith(b"HTTP/1.1 413") or answer == b"", answer[:200]


def test_a_slow_sender_holds_no_turn_of_the_changes(tmp_path, db_url):
    """Changes take turns (one at a time here), but only once their body is in: an upload
    whose bytes trickle in must not keep every other change waiting."""
    archive = ServedArchive(tmp_path / "turns", workers=2, threads=4, database_url=db_url,
                            settings={"WRITE_CONCURRENCY": 1, "WRITE_WAIT_SECONDS": 5})
    try:
        archive.start()
        category = first_category(archive)
        status, evidence_set = archive.api("POST", "/sets", {"category": category, "title": "ชุด 1"})
        assert status == 201, evidence_set
        with socket.create_connection(("127.0.0.1", archive.port), timeout=30) as slow:
            slow.sendall((f"POST /api/v1/sets/{evidence_set['id']}/items HTTP/1.1\r\nHost: x\r\n"
                          f"Authorization: Bearer {archive.token}\r\nAccept: application/json\r\n"
                          "Content-Type: multipart/form-data; boundary=b\r\n"
                          "Content-Length: 100000\r\n\r\n--b\r\nContent-Disposition: form-data; "
                          'name="type"\r\n\r\nmeeting_invitation\r\n').encode())
            time.sleep(0.5)  # the slow request is in a web process, reading its body
            for k in range(4):  # every other change goes on meanwhile, in either web process
                started = time.monotonic()
                status, body = archive.api("POST", "/sets", {"category": category,
                                                             "title": f"ชุด {k + 2}"})
                assert status == 201, body
                assert time.monotonic() - started < 4
    finally:
        archive.stop()


# --------------------------------------------------------------------------- processes

def test_killed_processes_are_replaced_and_a_killed_master_leaves_nothing(served):
    served.start()
    victim = served.web_pids()[0]
    os.kill(victim, signal.SIGKILL)
    until(lambda: victim not in served.web_pids() and len(served.web_pids()) == 2)
    assert served.get("/healthz")[0] == 200

    background = until(served.background_pid)
    os.kill(background, signal.SIGKILL)
    until(lambda: served.background_pid() not in (None, background))

    os.kill(served.master_pid, signal.SIGKILL)
    served.wait_for_no_children(30)  # web processes and the background worker follow their master
    served.restart_after_crash()
    assert served.get("/healthz")[0] == 200


def test_the_background_worker_is_replaced_while_every_web_process_lives_on(served):
    # The supervisor starts the worker while gunicorn forks its web processes: a web
    # process that inherited the start's exec pipe kept the supervisor waiting on it,
    # so a worker killed before any web process died was never started again.
    served.start()
    web = served.web_pids()
    for _ in range(2):
        background = until(served.background_pid)
        os.kill(background, signal.SIGKILL)
        until(lambda: served.background_pid() not in (None, background), timeout=20)
    assert served.web_pids() == web


def test_the_background_worker_reads_uploads_and_keeps_the_index(served):
    served.start()
    status, evidence_set = served.api("POST", "/sets",
                                      {"category": first_category(served), "title": "ชุดทดสอบ"})
    assert status == 201, evidence_set
    status, item = served.upload(evidence_set["id"], "meeting_invitation", INVITATION,
                                 [("หนังสือเชิญ.docx", sample_docx(f"เรื่อง {WORD}"),
                                   "application/vnd.openxmlformats-officedocument"
                                   ".wordprocessingml.document")])
    assert status == 201, item

    def found():
        status, body = served.api("GET", f"/search?q={quote(WORD)}")
        return status == 200 and body["total"] == 1 and body["hits"][0]["id"] == item["id"]

    until(found, timeout=60)  # read by the background worker, then indexed


def test_leftovers_of_a_crash_are_swept_when_the_server_starts(served):
    uploads = served.root / "uploads"
    orphan = uploads / "blobs" / "ab" / "00" / ("ab" + "0" * 62)  # where the store keeps it
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"written by an upload whose process died before its commit")
    part = uploads / "tmp" / "dead-upload.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"half an upload")
    served.start()
    until(lambda: not orphan.exists() and not part.exists())
    assert served.run_cli("check").returncode == 0

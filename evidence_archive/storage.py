"""Content-addressed file storage under uploads/, written while the upload streams in.

Layout: ``blobs/ab/cd/<sha256>`` for content, ``thumbs/<sha256>.jpg`` for
thumbnails, ``tmp/`` for uploads in flight.  Paths are built only from
SHA-256 hex digests, never from anything a user typed.

One content may be stored by several requests at once, and a blob's file is
on disk before its row is committed.  So a file is only ever deleted under
the store's exclusive lock (``store.lock``), after asking the database
whether a row uses it, while every request that moves files in holds the
shared lock until its transaction has ended (:meth:`BlobStore.placing`):
a file some committed row uses is never removed.  Each incoming file holds a
lock of its own while its request lives, so a sweep tells an upload in
flight from one a crashed process left behind.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.exceptions import RequestEntityTooLarge

from .thai import strip_invisible

SHA_RE = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1024 * 1024


class TooLarge(RequestEntityTooLarge):
    description = "ไฟล์มีขนาดเกินกำหนด"


class IncomingFile:
    """A temporary file that hashes and counts what is written to it.

    Werkzeug's form parser writes each uploaded part here (see
    :func:`evidence_archive.uploads.ArchiveRequest`), so a file is read from the
    network once, never held whole in memory, and hashed on the way.
    """

    def __init__(self, tmp_dir: Path, max_bytes: int | None):
        self.path = tmp_dir / f"{secrets.token_hex(16)}.part"
        self._file = open(self.path, "w+b")
        # Held until closed: a sweep removes only parts nobody holds (see sweep_tmp).
        fcntl.flock(self._file, fcntl.LOCK_SH)
        self._hash = hashlib.sha256()
        self.size = 0
        self.max_bytes = max_bytes

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise TooLarge()
        self._hash.update(data)
        return self._file.write(data)

    # Werkzeug's FileStorage reads and seeks the stream after parsing.
    def seek(self, *args):
        return self._file.seek(*args)

    def read(self, *args):
        return self._file.read(*args)

    def tell(self):
        return self._file.tell()

    def flush(self):
        return self._file.flush()

    def close(self):
        self._file.close()

    @property
    def closed(self) -> bool:
        return self._file.closed

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def discard(self) -> None:
        """Close and remove the temporary file (harmless if already moved)."""
        self.close()
        self.path.unlink(missing_ok=True)


class BlobStore:
    """Files by SHA-256 in one folder tree."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.tmp = self.root / "tmp"
        # Folders are made by `init` or with the first file, never here: a command
        # that only reads (`--help`, `plugins list`) must create nothing on disk.
        self._folders_made = False

    def make_folders(self) -> None:
        """Create blobs/, thumbs/ and tmp/ if missing (`init`, and before the first file)."""
        if not self._folders_made:
            for sub in ("blobs", "thumbs", "tmp"):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
            self._folders_made = True

    def incoming(self, max_bytes: int | None = None) -> IncomingFile:
        self.make_folders()
        return IncomingFile(self.tmp, max_bytes)

    def receive(self, stream, max_bytes: int | None = None) -> IncomingFile:
        """Copy a readable stream to a new incoming file, chunk by chunk."""
        incoming = self.incoming(max_bytes)
        try:
            while chunk := stream.read(CHUNK):
                incoming.write(chunk)
            incoming.flush()
        except BaseException:
            incoming.discard()
            raise
        return incoming

    def path(self, sha256: str) -> Path:
        if not SHA_RE.match(sha256):
            raise ValueError("not a SHA-256 digest")
        return self.root / "blobs" / sha256[:2] / sha256[2:4] / sha256

    def thumb_path(self, sha256: str) -> Path:
        """Return where a blob's thumbnail or preview lives (its folder made, for writers)."""
        path = self._thumb(sha256)  # validates the digest before anything is made
        self.make_folders()
        return path

    def _thumb(self, sha256: str) -> Path:
        self.path(sha256)  # validates the digest
        return self.root / "thumbs" / f"{sha256}.jpg"

    def has_thumb(self, sha256: str) -> bool:
        """Tell whether a thumbnail (a photo's) or a preview (a plugin's, of a PDF say) exists."""
        return self._thumb(sha256).exists()

    def read_thumb(self, sha256: str) -> bytes | None:
        """Return a blob's thumbnail or preview (JPEG), or None while there is none."""
        try:
            return self._thumb(sha256).read_bytes()
        except FileNotFoundError:
            return None

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    # ------------------------------------------------------------ locks

    @contextmanager
    def _locked(self, kind: int) -> Iterator[None]:
        self.make_folders()
        with open(self.root / "store.lock", "a+b") as handle:
            fcntl.flock(handle, kind)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def placing(self):
        """Hold the shared lock while files are moved in and until their rows are committed."""
        return self._locked(fcntl.LOCK_SH)

    def exclusive(self):
        """Hold the exclusive lock: no request is between placing a file and committing its row."""
        return self._locked(fcntl.LOCK_EX)

    # ------------------------------------------------------------ files in and out

    def keep(self, incoming: IncomingFile) -> tuple[str, bool]:
        """Move an incoming file into place; return (sha256, whether it is new).

        Call it inside :meth:`placing`, held until the transaction that records
        the file has ended.
        """
        incoming.flush()
        os.fsync(incoming._file.fileno())
        sha = incoming.sha256
        dest = self.path(sha)
        try:  # moved while still open: its lock keeps a sweep away until it is in place
            if dest.exists():
                incoming.path.unlink(missing_ok=True)
                return sha, False
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(incoming.path, dest)
            dest.chmod(0o444)
            return sha, True
        finally:
            incoming.close()

    def remove(self, sha256: str) -> None:
        """Delete a blob and its thumbnail; only under :meth:`exclusive`, for a blob no row uses."""
        self.path(sha256).unlink(missing_ok=True)
        self.thumb_path(sha256).unlink(missing_ok=True)

    def release(self, shas: Iterable[str], recorded: Callable[[list[str]], set[str]]) -> list[str]:
        """Remove the files among `shas` that no committed row uses; return those removed.

        `recorded(shas)` answers which of them have a row, read in a fresh
        transaction: under the exclusive lock every request that placed one of
        these files has committed or rolled back.
        """
        shas = sorted(set(shas))
        if not shas:
            return []
        with self.exclusive():
            known = recorded(shas)  # one question for all of them
            doomed = [sha for sha in shas if sha not in known]
            for sha in doomed:
                self.remove(sha)
        return doomed

    def sweep(self, recorded: Callable[[list[str]], set[str]], batch: int = 500) -> "Sweep":
        """Remove what crashed processes left: files without a row, orphan thumbnails, dead parts."""
        found = Sweep(tmp=self.sweep_tmp(older_than=0))
        with self.exclusive():
            names = sorted(p.name for p in (self.root / "blobs").rglob("*")
                           if p.is_file() and SHA_RE.match(p.name))
            for start in range(0, len(names), batch):
                chunk = names[start:start + batch]
                known = recorded(chunk)
                for sha in chunk:
                    if sha not in known:
                        self.remove(sha)
                        found.blobs.append(sha)
            for thumb in (self.root / "thumbs").iterdir():
                stem = thumb.name.removesuffix(".jpg")
                if SHA_RE.match(stem) and not self.path(stem).exists():
                    thumb.unlink(missing_ok=True)
                    found.thumbs += 1
                elif thumb.name.endswith(".tmp") and time.time() - _mtime(thumb) > 3600:
                    thumb.unlink(missing_ok=True)  # a thumbnail half written when its writer died
                    found.thumbs += 1
        return found

    def dead_parts(self, older_than: float = 0) -> list[Path]:
        """List incoming files no live request holds, at least `older_than` seconds old."""
        now, dead = time.time(), []
        for path in self.tmp.glob("*.part"):
            try:
                with open(path, "rb") as handle:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        continue  # a request is still writing or storing it
                    if now - path.stat().st_mtime >= older_than:
                        dead.append(path)
            except FileNotFoundError:
                pass
        return dead

    def sweep_tmp(self, older_than: float = 0) -> int:
        """Remove incoming files that crashed requests left behind; return how many."""
        dead = self.dead_parts(older_than)
        for path in dead:
            path.unlink(missing_ok=True)
        return len(dead)

    def iter_file(self, sha256: str, chunk: int = CHUNK):
        with open(self.path(sha256), "rb") as f:
            while data := f.read(chunk):
                yield data


@dataclass
class Sweep:
    """What :meth:`BlobStore.sweep` removed."""

    blobs: list[str] = field(default_factory=list)  # files without a row
    thumbs: int = 0
    tmp: int = 0

    @property
    def total(self) -> int:
        return len(self.blobs) + self.thumbs + self.tmp


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return time.time()


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def clean_filename(name: str, fallback_ext: str = "") -> str:
    """Keep a display file name as typed (Thai intact) minus path parts and control characters.

    Zero-width characters and bidirectional controls go too: a right-to-left
    override would show "รายงาน\u202efdp.exe" as "รายงานexe.pdf".
    """
    name = strip_invisible(unicodedata.normalize("NFC", name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip().strip(".")
    if len(name.encode("utf-8")) > 240:
        stem, dot, ext = name.rpartition(".")
        ext = ext if dot and len(ext) <= 10 else ""
        stem = stem if dot else name
        while len((stem + "." + ext).encode("utf-8")) > 240:
            stem = stem[:-1]
        name = f"{stem}.{ext}" if ext else stem
    if not name:
        name = "file" + (f".{fallback_ext}" if fallback_ext else "")
    return name

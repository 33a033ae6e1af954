"""Content-addressed file storage under uploads/, written while the upload streams in.

Layout: ``blobs/ab/cd/<sha256>`` for content, ``thumbs/<sha256>.jpg`` for
thumbnails, ``tmp/`` for uploads in flight.  Paths are built only from
SHA-256 hex digests, never from anything a user typed.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
import unicodedata
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
        for sub in ("blobs", "thumbs", "tmp"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    def incoming(self, max_bytes: int | None = None) -> IncomingFile:
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
        self.path(sha256)  # validates the digest
        return self.root / "thumbs" / f"{sha256}.jpg"

    def has_thumb(self, sha256: str) -> bool:
        """Tell whether a thumbnail (a photo's) or a preview (a plugin's, of a PDF say) exists."""
        return self.thumb_path(sha256).exists()

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def keep(self, incoming: IncomingFile) -> tuple[str, bool]:
        """Move an incoming file into place; return (sha256, whether it is new)."""
        incoming.flush()
        os.fsync(incoming._file.fileno())
        incoming.close()
        sha = incoming.sha256
        dest = self.path(sha)
        if dest.exists():
            incoming.path.unlink(missing_ok=True)
            return sha, False
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(incoming.path, dest)
        dest.chmod(0o444)
        return sha, True

    def remove(self, sha256: str) -> None:
        """Delete a blob and its thumbnail (used by purge and failed transactions)."""
        self.path(sha256).unlink(missing_ok=True)
        self.thumb_path(sha256).unlink(missing_ok=True)

    def sweep_tmp(self, older_than: float = 24 * 3600) -> int:
        """Remove incoming files abandoned by crashed requests; return how many."""
        now, removed = time.time(), 0
        for path in self.tmp.glob("*.part"):
            try:
                if now - path.stat().st_mtime > older_than:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                pass
        return removed

    def iter_file(self, sha256: str, chunk: int = CHUNK):
        with open(self.path(sha256), "rb") as f:
            while data := f.read(chunk):
                yield data


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

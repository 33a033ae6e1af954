"""Stream uploaded files straight into the blob store's tmp folder while parsing."""
from __future__ import annotations

from flask import Request, current_app, g

from .storage import IncomingFile


class ArchiveRequest(Request):
    """A request whose uploaded files are written to disk and hashed as they arrive."""

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        store = current_app.extensions["evidence_archive"].store
        incoming = store.incoming(current_app.config["MAX_UPLOAD_BYTES"])
        g.setdefault("incoming_files", []).append(incoming)
        return incoming


def incoming_of(file_storage) -> IncomingFile | None:
    """Return the IncomingFile behind a werkzeug FileStorage from this request."""
    stream = getattr(file_storage, "stream", None)
    return stream if isinstance(stream, IncomingFile) else None


def discard_unclaimed(exc=None) -> None:
    """Remove this request's incoming files that no service moved into the store."""
    for incoming in g.pop("incoming_files", ()):
        incoming.discard()


def init_app(app) -> None:
    app.request_class = ArchiveRequest
    app.teardown_request(discard_unclaimed)

"""Stream uploaded files straight into the blob store's tmp folder while parsing.

The request class is also the one door every body comes through, so it holds
forms and JSON to the rules of :mod:`evidence_archive.inputs` (bounded text,
no control characters, bounded JSON nesting) before any view reads them.  A
page form it refuses keeps what was typed, cleaned, for its page to show again.
"""
from __future__ import annotations

from flask import Request, current_app, g
from werkzeug.datastructures import MultiDict

from . import inputs
from .archive import archive_of
from .errors import ArchiveError
from .http import answers_in_json
from .storage import IncomingFile


class ArchiveRequest(Request):
    """A request whose uploaded files are written to disk and hashed as they arrive."""

    form_data_parser_class = inputs.BoundedFormDataParser

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        store = archive_of().store
        incoming = store.incoming(current_app.config["MAX_UPLOAD_BYTES"])
        g.setdefault("incoming_files", []).append(incoming)
        return incoming

    _form_problems: dict | None = None

    def make_form_data_parser(self):
        parser = super().make_form_data_parser()
        parser.max_form_total_size = current_app.config.get(
            "MAX_FORM_TOTAL_SIZE", inputs.DEFAULT_FORM_TOTAL_SIZE)
        parser.problems = self._form_problems
        return parser

    def _load_form_data(self) -> None:
        """Parse the form once; refuse it whole if any text breaks a rule.

        A page form is read to its end and, refused, leaves the values typed
        (cleaned: inputs.InputRefused) for the page to show again; any other
        refused form is left empty.  Either way no file stays, and nothing can
        read half of a form as if it had been accepted.
        """
        page = not answers_in_json()
        self._form_problems = {} if page else None
        try:
            super()._load_form_data()
            problems = {**self._form_problems} if page else {}
            for key, message in inputs.control_problems(self.form.items(multi=True)).items():
                problems.setdefault(key, message)
            if problems:
                raise inputs.InputRefused(
                    problems, inputs.without_control_characters(self.form) if page else None)
        except inputs.InputRefused as exc:
            self.__dict__["form"], self.__dict__["files"] = exc.form, MultiDict()
            raise
        except ArchiveError:
            self.__dict__["form"], self.__dict__["files"] = MultiDict(), MultiDict()
            raise

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True):
        """Return the JSON body, refused if nested too deep (400) or holding control characters."""
        try:
            value = super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            raise inputs.too_deep() from None
        return inputs.check_json(value)


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
    # Registered before CSRF's check (auth.init_app), which would read the body.
    app.before_request(inputs.refuse_oversized_body)
    app.after_request(inputs.close_if_refused)
    app.teardown_request(discard_unclaimed)

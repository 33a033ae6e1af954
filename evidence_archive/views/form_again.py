"""A page form the request gate refused comes back as the same form, filled in (422).

The gate (:mod:`evidence_archive.inputs`) refuses a text field holding a
control character, or longer than the parser keeps in memory, before any view
reads the form.  For the API and our upload script that is a JSON 422; for a
plain browser post it used to be a bare error page, and what was typed was lost.

Here one error handler answers instead with the form's own page: the view that
drew it is run again as a GET (so it writes nothing), and while it renders, the
page helpers ask :func:`refusal` (or :func:`refused_errors`) and show the typed
values — ``request.form``, which the gate left holding them without the control
characters, an over-long field left empty — with the gate's messages by their
fields, exactly as they show a service's refusal.  A page that does not ask (a
plugin's form, a form posted to a POST-only URL) gets the error page, which names
each field and why, with a link back to the form.
"""
from __future__ import annotations

from flask import current_app, g, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..auth import csrf
from ..errors import ArchiveError
from ..http import answers_in_json
from ..inputs import InputRefused


def refusal() -> InputRefused | None:
    """Return the gate's refusal of this request's form, if the page is drawn to show it again.

    A form page's view calls this while it renders; a refusal returned is taken
    as shown, so its page is the answer.
    """
    exc = g.get("input_refusal")
    if exc is not None:
        g.input_refusal_shown = True
    return exc


def refused_errors() -> dict:
    """Return the gate's messages by field while a refused form is shown again, else {}."""
    exc = refusal()
    return dict(exc.errors) if exc is not None else {}


def answer(exc: ArchiveError):
    """Answer a refused page form with its page, drawn again as a GET and filled in; or None.

    `exc` is the gate's refusal (InputRefused), or any refusal of a form read whole
    (admission.Busy: no turn for the change came free), its message flashed by the caller.

    None when the URL has no page to draw (POST only), the CSRF token is not
    valid (the form is then not echoed back), or the page does not ask for the
    refusal.  The CSRF check is made here because the gate may have refused
    the form while the CSRF check was reading it.
    """
    rule = request.url_rule
    if request.method != "POST" or rule is None or "GET" not in (rule.methods or ()):
        return None
    if not _csrf_valid():
        return None
    view = current_app.view_functions[request.endpoint]
    g.input_refusal = exc
    request.method = "GET"
    try:
        page = current_app.ensure_sync(view)(**(request.view_args or {}))
    except HTTPException:  # the page is gone or forbidden meanwhile: the plain error page
        return None
    finally:
        request.method = "POST"
        g.pop("input_refusal", None)
    if not g.pop("input_refusal_shown", False):
        return None
    response = current_app.make_response(page)
    response.status_code = exc.status
    return response


def _csrf_valid() -> bool:
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        csrf.protect()
    except CSRFError:
        return False
    return True


def read_page_form() -> None:
    """Read a page form's body before its view runs, so that every refusal meets :func:`answer`.

    The CSRF check reads it first anyway; this makes no difference where that
    check is off (tests, views exempted from it) or for a plugin's view.
    """
    if request.method == "POST" and not answers_in_json():
        request.form  # noqa: B018 - parsing is what is wanted


def init_app(app) -> None:
    app.before_request(read_page_form)

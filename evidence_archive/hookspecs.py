"""Hook specifications: the whole contract between the archive and its plugins.

Every evidence type, the five built-in ones included, reaches the archive only
through these hooks.  Implement them with ``@evidence_archive.hookimpl``; an
implementation may accept fewer arguments than the spec lists, so take only
what you use.

The archive calls every implementation alone: one that raises, or returns
something malformed, is reported (plugins page, log, ``plugins list``) and
skipped, and the other plugins go on.  Implementations run in pluggy's order:
``tryfirst`` ones, then the others newest-registered first, then ``trylast``.

Versions.  A plugin module may say which version of this contract it was
written for, with ``evidence_archive_hook_version = N`` at module level.  A
plugin written for a newer version than :data:`HOOK_VERSION` may rely on hooks
this archive does not have: it is reported and not loaded.  An older version
is always fine, because the contract only grows: **a change that would break
existing plugins is made as a new hook, never by changing an existing one**
(its name, its parameters' meaning, or what it must return).  New parameters
may be added to a spec, since implementations only receive the ones they name.
"""
from __future__ import annotations

import pluggy

PROJECT = "evidence_archive"

#: Version of this hook contract; it counts additions, each listed here.
#:
#: 1. ``register_evidence_types``
#: 2. ``extract_text``
#: 3. ``extra_validation``, ``extra_manifest_columns``, ``make_preview``,
#:    ``register_commands``, ``register_blueprints``, ``extra_search_fields``
HOOK_VERSION = 3

#: The module attribute in which a plugin names the hook version it was written for.
HOOK_VERSION_ATTRIBUTE = "evidence_archive_hook_version"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# ---------------------------------------------------------------------------
# Evidence types
# ---------------------------------------------------------------------------

@hookspec
def register_evidence_types(app):
    """Return the evidence types this plugin adds.

    Called once while the app is created, after every plugin is loaded.
    (Hook version 1.)

    :param app: the Flask application being created (read ``app.config``; do
        not keep request-time state on it).
    :return: a list of :class:`evidence_archive.types.EvidenceType`, or None.
        A type key already taken by another plugin, or anything that is not an
        ``EvidenceType``, is reported and skipped.
    """


@hookspec
def extra_validation(etype, values, item, app):
    """Check an item's metadata across fields, for any type (a district rule, say).

    Called each time an item is created or its metadata changed (web form or
    API), after the type's own fields and ``validate`` have run, before
    anything is stored.  Every plugin is asked; their messages are added to
    the type's.  (Hook version 3.)

    :param etype: the :class:`evidence_archive.types.EvidenceType` of the item;
        look at ``etype.key`` to check only the types you care about.
    :param values: the cleaned metadata as it would be saved (a dict; fields
        that failed their own check are missing).  Do not change it.
    :param item: the :class:`evidence_archive.models.EvidenceItem` being
        edited, or None when the item is being created.
    :param app: the Flask application (an app context is active).
    :return: a dict ``{field name: Thai message}`` of problems (``"files"`` or
        ``"title"`` may be used too), or None / ``{}`` when all is well.  A
        message for a field that already has one is not shown.
    """


# ---------------------------------------------------------------------------
# Files: text and previews
# ---------------------------------------------------------------------------

@hookspec(firstresult=True)
def extract_text(path, media_type, kind, app):
    """Return the text inside one stored file, for search.

    Called by the background extraction worker (never while a request is
    being answered), once per stored file content, in pluggy's order:
    ``tryfirst`` implementations, then the others newest-registered first,
    then ``trylast`` ones (slow fallbacks such as OCR).  An implementation
    that raises is reported on the file and the next one is asked.
    (Hook version 2.)

    :param path: a :class:`pathlib.Path` to the file in the blob store; read it,
        never change, move or delete it.
    :param media_type: the media type detected from the content at upload,
        e.g. ``application/pdf``.
    :param kind: the file kind from :mod:`evidence_archive.sniff`: ``pdf``,
        ``image``, ``word``, ``spreadsheet``, ``presentation``, ``text``, ...
    :param app: the Flask application (read ``app.config``; an app context is active).
    :return: the text as the file shows it (a str, ``""`` when the file holds
        no text), or None when this plugin cannot read this file, so that the
        next plugin is asked.  Stops at first non-None result.
    """


@hookspec(firstresult=True)
def make_preview(path, media_type, kind, dest, app):
    """Draw a small JPEG preview of a stored file that is not a photo (page 1 of a PDF, say).

    Called while an upload is stored, for each file content that is not an
    ``image`` (photos get the archive's own thumbnail) and has no preview yet,
    and by ``evidence-archive previews`` for files stored before.  The preview is
    shown on item pages and served at ``/t/<file id>.jpg`` like a photo's
    thumbnail.  A plugin that raises is reported and the next one is asked;
    no preview never fails an upload.  Keep it quick: the uploader waits.
    (Hook version 3.)

    :param path: a :class:`pathlib.Path` to the stored file; read it only.
    :param media_type: the media type detected from the content.
    :param kind: the file kind from :mod:`evidence_archive.sniff`.
    :param dest: the :class:`pathlib.Path` to write the JPEG to (at most
        ``app.config["THUMBNAIL_SIZE"]`` pixels on its longer side).  Write
        it whole or not at all: ``evidence_archive.images.save_preview(picture,
        dest, size)`` does, for a PIL image.  Draw PDFs with pypdfium2 only
        while holding ``evidence_archive.pdfium_lock.PDFIUM`` (PDFium is not
        thread-safe, and uploads run in several threads).
    :param app: the Flask application (an app context is active).
    :return: True when this plugin wrote the preview, None when it cannot
        preview this file, so that the next plugin is asked.  Stops at first
        non-None result.
    """


# ---------------------------------------------------------------------------
# Search and export
# ---------------------------------------------------------------------------

@hookspec
def extra_search_fields(item, app):
    """Give search more text about an item than its fields hold (a school's district, say).

    Called each time the item is written to the search index: after it is
    created or changed, after its files' text is read, and for every item
    when the index is rebuilt.  Keep it quick and read only the database.
    (Hook version 3.)

    :param item: the :class:`evidence_archive.models.EvidenceItem` (its
        ``meta``, ``type_key``, ``evidence_set`` ...).
    :param app: the Flask application (an app context is active).
    :return: None, a str, a dict ``{"text": str, "weight": float}``, or a list
        of such dicts or ``(text, weight)`` pairs.  The weight (default 1.0)
        says how much a match counts, like a field's ``search_weight``; 0
        stores nothing.
    """


@hookspec
def extra_manifest_columns(app):
    """Add columns to the manifest (``manifest.csv`` and ``manifest.json``) of every zip export.

    Called once per export, before its rows are written.  (Hook version 3.)

    :param app: the Flask application (an app context is active).
    :return: a list of ``(column name, function)`` pairs, or None.  Each
        function is called as ``function(item, item_file)`` for every row (an
        :class:`~evidence_archive.models.EvidenceItem` and one of its
        :class:`~evidence_archive.models.ItemFile`) and returns the cell's
        text.  A name the archive or an earlier plugin already uses is
        reported and skipped; a function that raises leaves its cell empty.
    """


# ---------------------------------------------------------------------------
# Commands and pages
# ---------------------------------------------------------------------------

@hookspec
def register_commands(cli, app):
    """Add commands to ``evidence-archive`` (and ``flask``).

    Called once while the app is created, after the archive's own commands
    are added.  (Hook version 3.)

    :param cli: the app's :class:`flask.cli.AppGroup`; add commands with
        ``@cli.command()`` (which runs them inside an app context) or
        ``cli.add_command(...)``.  A command that would replace one of the
        archive's own is reported and the archive's is kept.
    :param app: the Flask application being created.
    :return: None.
    """


@hookspec
def register_blueprints(app):
    """Return Flask blueprints that add pages (or API routes) to the archive.

    Called once while the app is created, after the archive's own
    blueprints are registered, so their URLs always win.  The archive checks
    no role for a plugin's routes: guard each view yourself, e.g. with
    ``@evidence_archive.auth.role_required("staff")``, and keep POST forms
    carrying ``csrf_token()``.  (Hook version 3.)

    :param app: the Flask application being created.
    :return: a list of :class:`flask.Blueprint`, or None.  Anything else, or a
        blueprint whose name is taken, is reported and skipped.
    """

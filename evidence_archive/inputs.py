"""The gate every request body passes before a view reads it: forms and JSON, refused in Thai.

:class:`evidence_archive.uploads.ArchiveRequest` parses bodies through here, so
every form (web pages, the upload script, the API, plugins' blueprints) and every
JSON body (``request.get_json``) is held to the same rules, on SQLite and
PostgreSQL alike:

* form data is parsed in bounded memory: one text field holds at most
  ``MAX_FORM_MEMORY_SIZE`` bytes, all text fields of a request together
  ``MAX_FORM_TOTAL_SIZE``; a field past its limit is named (422), never answered
  "file too large".  Files still stream to disk (``uploads``);
* JSON may nest at most :data:`MAX_JSON_DEPTH` levels (400, never a RecursionError);
* no text may hold a C0 control character other than TAB, LF and CR (422, per
  field): SQLite would store a NUL that PostgreSQL refuses.

Before any of that, :func:`refuse_oversized_body` turns away a body too large
to be worth reading — over ``MAX_REQUEST_BYTES``, or over
``ANONYMOUS_MAX_BODY_BYTES`` from someone not signed in — by its declared
length, before a byte of it is read, and closes the connection so the server
does not read it either.  A body sent without a length is cut off at the same
limit as it streams.

A refused form is an :class:`InputRefused`.  Answered in JSON (the API, the
upload script) it stops at the first over-long field, unread past it; a page
form is read to its end instead, so that its page can be shown again with what
was typed (``views/form_again.py``).
"""
from __future__ import annotations

import json
import re
import socket
from typing import Any, Callable, Iterable
from urllib.parse import parse_qsl, unquote_plus, unquote_to_bytes

from flask import current_app, has_request_context, request
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser, MultiPartParser
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from .archive import archive_of
from .errors import ArchiveError, ValidationError

#: Deepest nesting of arrays and objects a JSON body may have; ours need four.
MAX_JSON_DEPTH = 32
#: Every text field of one request together, when the config does not say.
DEFAULT_FORM_TOTAL_SIZE = 2 * 1024 * 1024
#: What the multipart decoder is given at once: werkzeug refuses a piece that, with what
#: it still holds, passes MAX_FORM_MEMORY_SIZE (500 kB by default).
CHUNK = 64 * 1024
#: What is read from the body at once.  gunicorn receives up to 1 MiB of a body at a time
#: and, on every smaller read, copies all it still holds: read 64 KiB at a time, a body was
#: copied up to 15 times over, half the web process's CPU in an upload.  A read this size
#: takes what it holds whole.
BODY_READ = 1024 * 1024
#: What a visitor who is not signed in may send (the sign-in form, a search): ample.
DEFAULT_ANONYMOUS_MAX_BODY = 64 * 1024
#: Room for the form fields and multipart headers around the files of one request.
FORM_OVERHEAD = 4 * 1024 * 1024
#: C0 control characters but TAB, LF and CR: invisible, and PostgreSQL refuses NUL.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: Thai names of the inputs the archive's own forms and API bodies use; fields of
#: evidence types are named by their own labels.
LABELS = {
    "title": "ชื่อเรื่อง", "item_title": "ชื่อรายการ", "number": "อ้างอิงชุดที่",
    "description": "คำอธิบาย", "caption": "คำบรรยาย", "captions": "คำบรรยายภาพ",
    "filename": "ชื่อไฟล์", "name": "ชื่อ", "name_en": "ชื่อภาษาอังกฤษ", "short_name": "ชื่อย่อ",
    "website": "เว็บไซต์", "username": "ชื่อผู้ใช้", "display_name": "ชื่อที่แสดง",
    "password": "รหัสผ่าน", "current": "รหัสผ่านปัจจุบัน", "confirm": "ยืนยันรหัสผ่านใหม่",
    "year": "ปีงบประมาณ", "target": "ปีงบประมาณปลายทาง", "source": "ปีงบประมาณต้นทาง",
    "code": "รหัส", "group": "กลุ่ม", "period": "ช่วงเวลาของข้อมูล", "scoring": "เกณฑ์การให้คะแนน",
    "elements": "องค์ประกอบที่ต้องมี", "required_elements": "องค์ประกอบที่ต้องมี",
    "metadata": "ข้อมูลหลักฐาน (metadata)", "type": "ชนิดหลักฐาน", "position": "ลำดับ",
    "role": "บทบาท", "category": "หมวด", "set": "ชุดหลักฐาน", "q": "ข้อความค้นหา",
    "file": "ไฟล์",
}


# --------------------------------------------------------------------------- messages

def field_key(name: str) -> str:
    """Return the field an input belongs to (a person's `signer__name` is `signer`)."""
    return str(name).split("__", 1)[0]


def field_label(name: str) -> str:
    """Return the Thai label of an input: the named type's field's, ours, any type's, or its name.

    A page naming its evidence type (``?type=``: the item forms) labels by that
    type; elsewhere the archive's own inputs (a set's ``description``) keep
    their labels, and a metadata key sent to the API takes a type's.
    """
    key = field_key(name)
    types = list(archive_of().types) if has_request_context() else []
    wanted = request.args.get("type") if types else None
    labels = [f.label for t in types if t.key == wanted for f in t.fields if f.name == key]
    labels += [LABELS[key]] if key in LABELS else []
    labels += [f.label for t in types for f in t.fields if f.name == key]
    # An unknown name is the sender's own text: shown without control characters, briefly.
    return labels[0] if labels else CONTROL_CHARACTERS.sub("", key)[:60]


class InputRefused(ValidationError):
    """Text fields the gate refused: `errors` by field, and `form`, what was sent, to show again.

    `form` holds the submitted values without their control characters and an
    over-long field empty, or nothing at all when the form is not to be shown.
    """

    def __init__(self, errors: dict, form: MultiDict | None = None,
                 message: str = "ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบ"):
        super().__init__(errors, message)
        self.form = form if form is not None else MultiDict()


def without_control_characters(form: MultiDict) -> MultiDict:
    """Return a copy of a parsed form whose values hold no control characters."""
    return type(form)((name, CONTROL_CHARACTERS.sub("", value))
                      for name, value in form.items(multi=True))


class FormTooLarge(ArchiveError):
    """A form whose text, all fields together, is more than the archive keeps in memory."""

    status = 413


class BodyTooLarge(ArchiveError):
    """A request body larger than the archive accepts, refused before it is read."""

    status = 413


class SignInFirst(ArchiveError):
    """A large body from someone not signed in: refused unread, as the route would refuse it."""

    status = 401


# --------------------------------------------------------------------------- body size

def max_request_bytes(app) -> int:
    """Return the largest body anyone may send: ``MAX_REQUEST_BYTES``, or files plus overhead.

    By default one request may carry ``MAX_FILES_PER_REQUEST`` files of
    ``MAX_UPLOAD_BYTES`` each (every file is also held to that alone as it
    streams to disk), plus :data:`FORM_OVERHEAD` for its fields.
    """
    configured = app.config.get("MAX_REQUEST_BYTES")
    if configured:
        return int(configured)
    return int(app.config["MAX_UPLOAD_BYTES"]) * int(app.config.get("MAX_FILES_PER_REQUEST", 4)) \
        + FORM_OVERHEAD


def refuse_oversized_body() -> None:
    """Refuse, unread, a body over the limit for this caller (runs before every other check).

    The answer carries ``Connection: close``: the server then drops the rest of
    the body instead of reading it to find the next request.
    """
    from flask_login import current_user

    app = current_app
    limit = max_request_bytes(app)
    signed_in = current_user.is_authenticated  # the session cookie or token: no body is read
    if not signed_in:
        limit = min(limit, int(app.config.get("ANONYMOUS_MAX_BODY_BYTES",
                                              DEFAULT_ANONYMOUS_MAX_BODY)))
    request.max_content_length = limit  # a body sent without a length is cut off here
    length = request.content_length
    if length is None or length <= limit:
        return
    request.environ["evidence_archive.close_connection"] = True
    if not signed_in:
        raise SignInFirst(f"กรุณาเข้าสู่ระบบก่อนส่งข้อมูลขนาดเกิน {_size(limit)}")
    raise BodyTooLarge(f"คำขอมีขนาดเกินกำหนด: ส่งได้ครั้งละไม่เกิน {_size(limit)}",
                       {"body": f"{length:,} ไบต์ เกิน {limit:,} ไบต์"})


def close_if_refused(response):
    """Hang up after refusing a body unread (after_request), so no server reads the rest.

    WSGI gives an app no say over the connection (gunicorn drops a
    ``Connection`` header and, to keep the connection alive, would read and
    discard the whole body).  Once the answer is written, the socket gunicorn
    hands the app as ``gunicorn.socket`` is shut down: the server then meets
    the end of the stream instead of a gigabyte.
    """
    environ = request.environ
    if environ.get("evidence_archive.close_connection") \
            or (response.status_code == 413 and request.content_length):
        response.headers["Connection"] = "close"  # for servers that honour it
        sock = environ.get("gunicorn.socket")
        if sock is not None:
            response.call_on_close(lambda: _hang_up(sock))
    return response


def _hang_up(sock) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # the client is gone already


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):,.0f} MB"
    return f"{limit / 1024:,.0f} KB"


def too_long(name: str, limit: int) -> InputRefused:
    """Refuse a text input longer than the form parser keeps in memory, naming it."""
    label = field_label(name)
    return InputRefused(
        {field_key(name): f"ช่อง “{label}” ยาวเกินกำหนด: ข้อความในช่องเดียวต้องไม่เกิน "
                          f"{limit:,} ไบต์ (ราว {limit // 3:,} ตัวอักษรภาษาไทย)"},
        message=f"ช่อง “{label}” ยาวเกินกำหนด")


def _over_long(problems: dict | None, name: str, limit: int) -> None:
    """Raise the refusal of an over-long field, or, reading a page form on, note it in `problems`."""
    refusal = too_long(name, limit)
    if problems is None:
        raise refusal
    for key, message in refusal.errors.items():
        problems.setdefault(key, message)


def control_message(label: str, found: str) -> str:
    """Say, in Thai, that the field `label` holds the invisible control character `found`."""
    return (f"ช่อง “{label}” มีอักขระควบคุมที่มองไม่เห็น (U+{ord(found):04X}) "
            "ซึ่งบันทึกไม่ได้ กรุณาลบออกแล้วส่งใหม่")


def control_problems(pairs: Iterable[tuple[str, Any]],
                     label_of: Callable[[str], str | None] = field_label) -> dict:
    """Map each (input name, text) pair holding a control character to a Thai message.

    The field is named by `label_of(field)` (by default the request's labels), or,
    failing that, by its own name without control characters.
    """
    problems: dict = {}
    for name, text in pairs:
        if isinstance(text, str) and (m := CONTROL_CHARACTERS.search(text)):
            key = field_key(name)
            label = label_of(key) or CONTROL_CHARACTERS.sub("", key)[:60]
            problems.setdefault(key, control_message(label, m[0]))
    return problems


def refuse_control_characters(pairs: Iterable[tuple[str, Any]]) -> None:
    """Raise ValidationError (422) naming every input that holds a control character."""
    if problems := control_problems(pairs):
        raise ValidationError(problems)


# --------------------------------------------------------------------------- JSON

def too_deep() -> ArchiveError:
    return ArchiveError(f"ข้อมูล JSON ซ้อนกันลึกเกิน {MAX_JSON_DEPTH} ชั้น")


def _json_field(path: tuple) -> str:
    """Name the field a JSON value belongs to: a metadata key, else the top-level key."""
    if len(path) > 1 and path[0] == "metadata" and isinstance(path[1], str):
        return path[1]
    return path[0] if path and isinstance(path[0], str) else "body"


def json_texts(value: Any):
    """Yield (field, text) for every key and string in a decoded JSON value, without recursion."""
    stack = [(value, (), 0)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, str):
            yield _json_field(path), node
        elif isinstance(node, (dict, list)):
            if depth >= MAX_JSON_DEPTH:
                raise too_deep()
            pairs = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in pairs:
                if isinstance(key, str):
                    yield _json_field(path + (key,)), key
                stack.append((child, path + (key,), depth + 1))


def check_json(value: Any) -> Any:
    """Return a decoded JSON value after checking its depth (400) and its text (422)."""
    refuse_control_characters(json_texts(value))
    return value


def loads(text: str | bytes) -> Any:
    """Decode JSON typed into a form field or file part; ValueError if it is not JSON."""
    try:
        return check_json(json.loads(text))
    except RecursionError:
        raise too_deep() from None


# --------------------------------------------------------------------------- forms

def _chunks(stream):
    """Yield the body in CHUNK pieces (views, not copies), then None: the decoder's end."""
    while block := stream.read(BODY_READ):
        view = memoryview(block)
        for start in range(0, len(view), CHUNK):
            yield view[start:start + CHUNK]
    yield None


def _read_at_most(stream, limit: int) -> bytes:
    """Read up to `limit` + 1 bytes: one more than `limit` tells there was more."""
    parts, size = [], 0
    while size <= limit and (chunk := stream.read(min(CHUNK, limit + 1 - size))):
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _decoded_pair(pair: bytes) -> tuple[str, bytes]:
    """Return the name and the raw value of one urlencoded `name=value` pair."""
    name, _, value = pair.partition(b"=")
    return (unquote_plus(name.decode("ascii", "replace")),
            unquote_to_bytes(value.replace(b"+", b" ")))


class BoundedFormDataParser(FormDataParser):
    """Werkzeug's form parser with every text field, and all of them together, bounded.

    With `problems` a dict (a page form), an over-long field is noted there and
    read as empty, and the rest of the form is read; else it is refused at once.
    """

    max_form_total_size: int = DEFAULT_FORM_TOTAL_SIZE
    problems: dict | None = None

    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        # Werkzeug reads a urlencoded body whole, however long; percent-encoding
        # may triple the text, so at most three times the limit is read.
        field, total = self.max_form_memory_size, self.max_form_total_size
        data = _read_at_most(stream, total * 3)
        parts = data.split(b"&")
        pairs = [_decoded_pair(p) for p in parts]
        over = {i for i, (_, value) in enumerate(pairs) if field is not None and len(value) > field}
        for i in sorted(over):
            _over_long(self.problems, pairs[i][0], field)
        if len(data) > total * 3 or sum(len(v) for _, v in pairs) > total:
            raise FormTooLarge(f"ข้อมูลในฟอร์ม (ไม่นับไฟล์) รวมกันยาวเกิน {total:,} ไบต์")
        kept = b"&".join(p for i, p in enumerate(parts) if i not in over)
        items = parse_qsl(kept.decode(), keep_blank_values=True, errors="werkzeug.url_quote")
        return stream, self.cls(items + [(pairs[i][0], "") for i in sorted(over)]), self.cls()

    def _parse_multipart(self, stream, mimetype, content_length, options):
        parser = BoundedMultiPartParser(
            stream_factory=self.stream_factory, max_form_memory_size=self.max_form_memory_size,
            max_form_parts=self.max_form_parts, cls=self.cls)
        parser.max_form_total_size = self.max_form_total_size
        parser.problems = self.problems
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        form, files = parser.parse(stream, boundary, content_length)
        return stream, form, files


def _decode(decoder: MultipartDecoder, *data: bytes | None):
    """Feed the decoder (if given data) and return its next event, in Thai if it refuses."""
    try:
        if data:
            decoder.receive_data(data[0])
        return decoder.next_event()
    except RequestEntityTooLarge:  # too many parts, or part headers without end
        raise FormTooLarge("ฟอร์มมีจำนวนช่องหรือส่วนหัวเกินกำหนด") from None


class BoundedMultiPartParser(MultiPartParser):
    """Werkzeug's multipart loop, which knows the name of the text field that grew too long.

    With `problems` a dict, the rest of an over-long field is skipped (not kept
    in memory, nor counted in the total) and the field read as empty.
    """

    max_form_total_size: int = DEFAULT_FORM_TOTAL_SIZE
    problems: dict | None = None

    def parse(self, stream, boundary, content_length):
        decoder = MultipartDecoder(boundary, self.max_form_memory_size,
                                   max_parts=self.max_form_parts)
        self._fields, self._files, self._total = [], [], 0
        self._part = self._container = None
        for data in _chunks(stream):
            event = _decode(decoder, data)
            while not isinstance(event, (Epilogue, NeedData)):
                self._on_event(event, content_length)  # a file too large raises from here
                event = _decode(decoder)
        return self.cls(self._fields), self.cls(self._files)

    def _on_event(self, event, content_length) -> None:
        if isinstance(event, Field):
            self._part, self._container, self._size, self._skipping = event, [], 0, False
        elif isinstance(event, File):
            self._part = event
            self._container = self.start_file_streaming(event, content_length)
        elif isinstance(event, Data):
            self._on_data(event)

    def _on_data(self, event: Data) -> None:
        part = self._part
        if isinstance(part, Field) and not self._skipping:
            self._size += len(event.data)
            self._total += len(event.data)
            if self.max_form_memory_size is not None and self._size > self.max_form_memory_size:
                _over_long(self.problems, part.name, self.max_form_memory_size)
                self._skipping, self._total = True, self._total - self._size
                self._container = []
            elif self._total > self.max_form_total_size:
                raise FormTooLarge(f"ข้อมูลในฟอร์ม (ไม่นับไฟล์) รวมกันยาวเกิน "
                                   f"{self.max_form_total_size:,} ไบต์")
            else:
                self._container.append(event.data)
        elif isinstance(part, File):
            self._container.write(event.data)
        if event.more_data:
            return
        if isinstance(part, Field):
            value = b"".join(self._container).decode(self.get_part_charset(part.headers),
                                                     "replace")
            self._fields.append((part.name, value))
        else:
            self._container.seek(0)
            self._files.append((part.name, FileStorage(self._container, part.filename,
                                                       part.name, headers=part.headers)))

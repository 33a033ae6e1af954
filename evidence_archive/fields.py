"""Declare the metadata fields of evidence types and clean, show and index their values."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import urlsplit

from . import thai

NAME_RE = re.compile(r"[a-z_][a-z0-9_]*")
# The longest value of each kind, in characters; a longer one is refused naming its field.
TEXT_MAX = 500
LONGTEXT_MAX = 20000
URL_MAX = 2000
PEOPLE_MAX = 500  # people in one list
PEOPLE_TEXT_MAX = 100_000  # a typed list of people, all lines together
PARSED_MAX = 100  # a date, a time or an official number, however it is written
INTEGER_MAX_LENGTH = 30


class FieldError(ValueError):
    """A typed value that does not fit its field; `message` is Thai, `message_en` English."""

    def __init__(self, message: str, message_en: str = ""):
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message


def _plain(raw: Any) -> str:
    """Return a scalar raw value as text, refusing lists and dicts."""
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        return str(raw)
    raise FieldError("ค่าไม่ถูกต้อง", "Invalid value")


def _too_long(field: Field, limit: int) -> FieldError:
    """Build the error for a value of `field` longer than `limit` characters, naming the field."""
    return FieldError(f"ช่อง “{field.label}” ยาวเกิน {limit:,} ตัวอักษร",
                      f"“{field.label_en or field.label}” is over {limit:,} characters")


# ---------------------------------------------------------------- kinds

class Kind:
    """Say how one kind of field cleans, shows and indexes its values."""

    widget = "input"
    #: Longest raw text read at all (None: the kind checks its cleaned value itself).
    max_length: int | None = None

    def clean(self, raw: Any, field: Field) -> Any:
        """Return the canonical value of a non-empty raw value, or raise FieldError."""
        raise NotImplementedError

    def display(self, value: Any, locale: str = "th") -> str:
        """Return the human text of a stored value."""
        return str(value)

    def search_text(self, value: Any) -> str:
        """Return plain text for the search index."""
        return self.display(value)


class TextKind(Kind):
    """One line of text (ข้อความ), whitespace collapsed."""

    def clean(self, raw, field):
        text = thai.normalize_text(_plain(raw))
        if len(text) > TEXT_MAX:
            raise _too_long(field, TEXT_MAX)
        return text or None


class LongTextKind(Kind):
    """Several lines of text; line breaks (and bidirectional marks) are kept, overrides are not."""

    widget = "textarea"

    def clean(self, raw, field):
        text = unicodedata.normalize("NFC", _plain(raw)).replace("\r\n", "\n").replace("\r", "\n")
        text = thai.strip_bidi_overrides(thai.strip_zero_width(text)).strip()
        if len(text) > LONGTEXT_MAX:
            raise _too_long(field, LONGTEXT_MAX)
        return text or None


class IntegerKind(Kind):
    """A whole number >= 0, typed in Thai or Arabic digits."""

    max_length = INTEGER_MAX_LENGTH

    def clean(self, raw, field):
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        try:
            number = thai.parse_int(raw)
        except ValueError:
            raise FieldError("กรุณากรอกเป็นตัวเลขจำนวนเต็ม", "Enter a whole number") from None
        if number < 0:
            raise FieldError("ตัวเลขต้องไม่ติดลบ", "The number must not be negative")
        if field.min_value is not None and number < field.min_value:
            raise FieldError(f"“{field.label}” ต้องไม่น้อยกว่า {field.min_value:,}",
                             f"{field.label_en or field.label} must be at least {field.min_value:,}")
        if field.max_value is not None and number > field.max_value:
            raise FieldError(f"“{field.label}” ต้องไม่เกิน {field.max_value:,}",
                             f"{field.label_en or field.label} must be at most {field.max_value:,}")
        return number


class ParsedKind(Kind):
    """Text read by one of the `thai` parsers into a canonical string, shown after `prefix`."""

    max_length = PARSED_MAX

    def __init__(self, parse: Callable[[Any], str], prefix: str = "", widget: str = "input"):
        self.parse, self.prefix, self.widget = parse, prefix, widget

    def clean(self, raw, field):
        if not isinstance(raw, (dt.date, dt.time)):
            raw = _plain(raw)
        try:
            return self.parse(raw)
        except thai.ParseError as exc:
            raise FieldError(exc.message, exc.message_en) from None

    def display(self, value, locale="th"):
        return f"{self.prefix}{value}"

    def search_text(self, value):
        return f"{self.prefix}{value} {value}" if self.prefix else str(value)


class DateKind(ParsedKind):
    """A calendar date, stored as ISO `YYYY-MM-DD` and shown in BE."""

    def __init__(self):
        super().__init__(lambda raw: thai.parse_date(raw).isoformat(), widget="date")

    def display(self, value, locale="th"):
        return thai.format_date(value, "long", locale)

    def search_text(self, value):
        forms = [thai.format_date(value, style) for style in ("long", "short", "numeric")]
        return " ".join([*forms, thai.format_date(value, "long", "en"), str(value)])


class TimeKind(ParsedKind):
    """A time of day, stored as `HH:MM` and shown as `09.30 น.`."""

    def __init__(self):
        super().__init__(thai.parse_time, widget="time")

    def display(self, value, locale="th"):
        return thai.format_time(value, locale)

    def search_text(self, value):
        return f"{thai.format_time(value)} {value}"


class DocNumberKind(ParsedKind):
    """An official letter number (เลขที่หนังสือ) per ระเบียบงานสารบรรณ, e.g. `ที่ ศธ 04290/1237`."""

    def __init__(self):
        super().__init__(thai.parse_doc_number, prefix="ที่ ")

    def search_text(self, value):
        # People search by the bare running number, with or without the circular ว.
        tail = str(value).rsplit(" ", 1)[-1]
        number = tail.rsplit("/", 1)[-1]
        return " ".join(dict.fromkeys([str(value), tail, number, number.lstrip("ว")]))


_PERSON_SEPARATORS = ("\t", "|", " - ", " – ", ",")
_TRAILING_POSITION = re.compile(r"(?P<name>[^()]+?)\s*\((?P<position>.+)\)")


def _split_person(text: str) -> tuple[str, str]:
    """Split `ชื่อ | ตำแหน่ง` (or tab, dash, comma, `ชื่อ (ตำแหน่ง)`) into name and position."""
    for separator in _PERSON_SEPARATORS:
        if separator in text:
            name, position = text.split(separator, 1)
            return name, position
    m = _TRAILING_POSITION.fullmatch(thai.normalize_text(text))
    return (m["name"], m["position"]) if m else (text, "")


class PersonKind(Kind):
    """A person with an optional position, stored as `{"name": ..., "position": ...}`."""

    widget = "person"

    def clean(self, raw, field):
        if isinstance(raw, Mapping):
            name, position = raw.get("name"), raw.get("position")
        else:
            name, position = _split_person(_plain(raw))
        name = thai.normalize_text(_plain(name or ""))
        position = thai.normalize_text(_plain(position or ""))
        if not name and not position:
            return None
        if not name:
            raise FieldError("กรุณากรอกชื่อ", "Enter the name")
        if len(name) > TEXT_MAX or len(position) > TEXT_MAX:
            raise _too_long(field, TEXT_MAX)
        return {"name": name, "position": position}

    def display(self, value, locale="th"):
        if not isinstance(value, Mapping):
            return str(value)
        name, position = value.get("name") or "", value.get("position") or ""
        return f"{name} ({position})" if position else str(name)

    def search_text(self, value):
        if not isinstance(value, Mapping):
            return str(value)
        return " ".join(str(value.get(k) or "") for k in ("name", "position")).strip()


# Pasted attendee lists are often numbered (1. / ๑) / -) and the numbers are noise.
_LIST_MARK = re.compile(r"^\s*(?:[0-9๐-๙]{1,3}[.)]|[-•*])\s+")


class PeopleKind(Kind):
    """A list of people, typed one per line (ผู้มาประชุม, คณะกรรมการ)."""

    widget = "people"
    max_length = PEOPLE_TEXT_MAX

    def __init__(self, person: PersonKind):
        self.person = person

    def clean(self, raw, field):
        items = raw.splitlines() if isinstance(raw, str) else raw
        if not isinstance(items, (list, tuple)):
            raise FieldError("ค่าไม่ถูกต้อง", "Invalid value")
        people = []
        for line, item in enumerate(items, 1):
            if isinstance(item, str):
                item = _LIST_MARK.sub("", item)
            try:
                person = self.person.clean(item, field) if item else None
            except FieldError as exc:
                raise FieldError(
                    f"บรรทัดที่ {line}: {exc.message}", f"Line {line}: {exc.message_en}"
                ) from None
            if person:
                people.append(person)
        if len(people) > PEOPLE_MAX:
            raise FieldError(f"มีรายชื่อเกิน {PEOPLE_MAX} คน", f"More than {PEOPLE_MAX} people")
        return people or None

    def display(self, value, locale="th"):
        if not isinstance(value, list):
            return str(value)
        return "\n".join(self.person.display(p, locale) for p in value)

    def search_text(self, value):
        if not isinstance(value, list):
            return str(value)
        return " ".join(self.person.search_text(p) for p in value)


class UrlKind(Kind):
    """A public web link (http or https), kept as typed."""

    widget = "url"
    NOT_WEB = ("ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://", "Use an http:// or https:// link")
    INVALID = ("ลิงก์ไม่ถูกต้อง", "Invalid link")

    def clean(self, raw, field):
        url = thai.normalize_text(_plain(raw))
        if len(url) > URL_MAX:
            raise _too_long(field, URL_MAX)
        try:
            parts = urlsplit(url)
            _ = parts.port  # urlsplit checks the port only when it is read
        except ValueError:
            raise FieldError(*self.INVALID) from None
        if parts.scheme.lower() not in ("http", "https"):
            raise FieldError(*self.NOT_WEB)
        if not parts.hostname or " " in url:
            raise FieldError(*self.INVALID)
        return url


class ChoiceKind(Kind):
    """One of the field's declared choices."""

    widget = "select"
    max_length = TEXT_MAX

    def clean(self, raw, field):
        text = thai.normalize_text(_plain(raw))
        for choice in field.choices:
            if thai.normalize_text(choice) == text:
                return choice
        raise FieldError(
            "กรุณาเลือกจากรายการ: " + ", ".join(field.choices),
            "Choose one of: " + ", ".join(field.choices),
        )


KINDS: Mapping[str, Kind] = MappingProxyType({
    "text": TextKind(),
    "longtext": LongTextKind(),
    "integer": IntegerKind(),
    "date": DateKind(),
    "time": TimeKind(),
    "doc_number": DocNumberKind(),
    "meeting_number": ParsedKind(thai.parse_meeting_number, prefix="ครั้งที่ "),
    "order_number": ParsedKind(thai.parse_order_number, prefix="ที่ "),
    "person": PersonKind(),
    "people": PeopleKind(PersonKind()),
    "url": UrlKind(),
    "choice": ChoiceKind(),
})


# ---------------------------------------------------------------- fields

def is_empty(raw: Any) -> bool:
    """Tell whether a raw value counts as not filled in."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not thai.normalize_text(raw)
    return isinstance(raw, (list, tuple, dict)) and not raw


@dataclass(frozen=True)
class Field:
    """One metadata field of an evidence type, e.g. `Field("no", "ที่", kind="doc_number")`."""

    name: str
    label: str
    label_en: str = ""
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    placeholder: str = ""
    search_weight: float = 1.0
    min_value: int | None = None  # integer fields only: the smallest and largest number taken
    max_value: int | None = None

    def __post_init__(self):
        # Plugins often pass a list; a frozen dataclass must stay hashable.
        object.__setattr__(self, "choices", tuple(self.choices))
        if not isinstance(self.name, str) or not NAME_RE.fullmatch(self.name):
            raise ValueError(f"field name {self.name!r} must match [a-z_][a-z0-9_]*")
        if self.kind not in KINDS:
            known = ", ".join(sorted(KINDS))
            raise ValueError(f"field {self.name!r}: unknown kind {self.kind!r}; use one of {known}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"field {self.name!r}: kind 'choice' needs choices")
        if self.search_weight < 0:
            raise ValueError(f"field {self.name!r}: search_weight must be >= 0")
        bounds = [b for b in (self.min_value, self.max_value) if b is not None]
        if bounds and self.kind != "integer":
            raise ValueError(f"field {self.name!r}: min_value and max_value are for kind 'integer'")
        if any(isinstance(b, bool) or not isinstance(b, int) or b < 0 for b in bounds):
            raise ValueError(f"field {self.name!r}: min_value and max_value must be whole numbers >= 0")
        if len(bounds) == 2 and self.min_value > self.max_value:
            raise ValueError(f"field {self.name!r}: min_value is larger than max_value")

    @property
    def kind_spec(self) -> Kind:
        """Return the Kind that handles this field's values."""
        return KINDS[self.kind]

    def clean(self, raw: Any) -> Any:
        """Return the canonical value of `raw`, None if empty; raise FieldError if it is wrong."""
        if is_empty(raw):
            return None
        limit = self.kind_spec.max_length
        if limit is not None and isinstance(raw, str) and len(raw) > limit:
            raise _too_long(self, limit)
        return self.kind_spec.clean(raw, self)

    def display(self, value: Any, locale: str = "th") -> str:
        """Return the human text of a stored value, never raising."""
        if value is None or value == "":
            return ""
        try:
            return self.kind_spec.display(value, locale)
        except Exception:  # values saved under older field kinds must still show
            return str(value)

    def search_text(self, value: Any) -> str:
        """Return plain text for the search index; the caller applies `search_weight`."""
        if value is None or value == "":
            return ""
        try:
            return self.kind_spec.search_text(value)
        except Exception:  # as in display: an odd stored value is still searchable text
            return str(value)

    def to_schema(self) -> dict:
        """Describe the field for the API and generated forms."""
        return {
            "name": self.name, "label": self.label, "label_en": self.label_en,
            "kind": self.kind, "required": self.required, "choices": list(self.choices),
            "help": self.help, "placeholder": self.placeholder, "widget": self.kind_spec.widget,
            **({"min_value": self.min_value, "max_value": self.max_value}
               if self.kind == "integer" else {}),
        }


def clean_values(fields: Iterable[Field], raw: Mapping) -> tuple[dict, dict]:
    """Clean raw values for `fields`; return (values without empties, {name: Thai message})."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in fields:
        try:
            value = field.clean(raw.get(field.name))
        except FieldError as exc:
            errors[field.name] = exc.message
            continue
        if value is not None:
            values[field.name] = value
        elif field.required:
            verb = "กรุณาเลือก" if field.kind == "choice" else "กรุณากรอก"
            errors[field.name] = f"{verb}ข้อมูล “{field.label}”"
    return values, errors

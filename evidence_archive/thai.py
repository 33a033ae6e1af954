"""Read and write Thai digits, Buddhist-Era dates (พ.ศ.), fiscal years (ปีงบประมาณ) and times."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

BE_OFFSET = 543
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
THAI_MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

DATE_FORMAT_MESSAGE = "รูปแบบวันที่ไม่ถูกต้อง ตัวอย่าง: 15/05/2563 หรือ 15 พฤษภาคม 2563"
DATE_FORMAT_MESSAGE_EN = "Invalid date format, e.g. 15/05/2563 or 15 May 2020"
DATE_MISSING_MESSAGE = "วันที่ไม่มีอยู่จริง"
DATE_MISSING_MESSAGE_EN = "This date does not exist"
TIME_FORMAT_MESSAGE = "รูปแบบเวลาไม่ถูกต้อง ตัวอย่าง: 09.30 น."
TIME_FORMAT_MESSAGE_EN = "Invalid time format, e.g. 09:30"
TIME_MISSING_MESSAGE = "เวลาไม่มีอยู่จริง"
TIME_MISSING_MESSAGE_EN = "This time does not exist"

_ZERO_WIDTH = re.compile("[\u200b-\u200d\ufeff]")
#: Bidirectional controls: LRM, RLM, ALM and the embeddings, overrides and isolates.  In a
#: name typed here they only disguise it: "รายงาน\u202efdp.exe" shows as "รายงานexe.pdf".
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = re.compile(f"[\u200b-\u200d\ufeff{BIDI_CONTROLS}]")
#: The bidirectional controls that reorder the text after them (embeddings, overrides,
#: isolates).  Running text loses these; it keeps the marks (LRM, RLM, ALM), which reorder
#: nothing and may be meaningful beside right-to-left words.
BIDI_OVERRIDES = "\u202a-\u202e\u2066-\u2069"
_OVERRIDES = re.compile(f"[{BIDI_OVERRIDES}]")
# Digits are read after Thai ones become Arabic; re.ASCII keeps other scripts' digits out.
_INT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)", re.ASCII)
_ERA = re.compile(r"(พ|ค)\.?\s*ศ\.?")
_DATE_PREFIX = re.compile(
    r"^(?:สั่ง\s*)?(?:ณ\s*)?"
    r"(?:วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)?\s*(?:ที่)?)?\s*"
)
_ISO_DATE = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})", re.ASCII)
_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})", re.ASCII)
_NAMED_DATE = re.compile(r"(\d{1,2})\s*(\D+?)\s*(\d{2}|\d{4})", re.ASCII)
_ENGLISH_MDY = re.compile(r"([A-Za-z]+\.?)\s*(\d{1,2})\s+(\d{4})", re.ASCII)
_DOC_NUMBER = re.compile(
    r"(?:ที่\s*)?(?P<agency>[ก-ฮ](?:\.?[ก-ฮ]){0,3}\.?)\s*(?P<code>\d+(?:\.\d+)*)"
    r"\s*/\s*(?P<circular>ว\.?\s*)?(?P<number>\d{1,6})",
    re.ASCII,
)
_NUMBER_YEAR = r"(?P<number>\d{1,5})\s*/\s*(?:พ\.?\s*ศ\.?\s*)?(?P<year>\d{2}|\d{4})"
_MEETING_NUMBER = re.compile(r"(?:ครั้งที่\s*)?" + _NUMBER_YEAR, re.ASCII)
# The issuer may itself contain ที่ (เขตพื้นที่) and digits (สพม.29), so it ends
# only at a ที่ that is followed by the number.
_ORDER_NUMBER = re.compile(r"(?:คำสั่ง.*?ที่\s*|ที่\s*)?" + _NUMBER_YEAR, re.ASCII)
_TIME = re.compile(
    r"(?:เวลา\s*)?(\d{1,2})(?:\s*[.:]\s*(\d{2})(?::\d{2})?)?\s*(น\.?|นาฬิกา)?", re.ASCII
)


class ParseError(ValueError):
    """Reject unreadable input with a Thai message (str) and an English `message_en`."""

    def __init__(self, message: str, message_en: str = ""):
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message


def _month_key(name: str) -> str:
    """Fold a month name so dots, spaces and case do not matter."""
    return re.sub(r"[.\s]", "", name).lower()


def _month_lookup() -> dict[str, int]:
    """Map every accepted spelling of a month to its number."""
    table: dict[str, int] = {}
    for number in range(1, 13):
        english = ENGLISH_MONTHS[number - 1]
        for name in (THAI_MONTHS[number - 1], THAI_MONTHS_ABBR[number - 1], english, english[:3]):
            table[_month_key(name)] = number
    table["sept"] = 9
    table[_month_key("กรกฏาคม")] = 7  # ฏ for ฎ is the commonest typo in July
    return table


_MONTHS = _month_lookup()


# ---------------------------------------------------------------- text and numbers

def to_arabic_digits(s: str) -> str:
    """Replace Thai digits ๐–๙ with 0–9."""
    return s.translate(_TO_ARABIC)


def to_thai_digits(s: str) -> str:
    """Replace 0–9 with Thai digits ๐–๙."""
    return s.translate(_TO_THAI)


def normalize_text(s: str | None) -> str:
    """Return one line of typed text (a title, a name, a caption) as the archive keeps it.

    NFC, without zero-width characters or bidirectional controls, whitespace
    collapsed and stripped.  Every short name people type passes through here.
    """
    if s is None:
        return ""
    return " ".join(strip_invisible(unicodedata.normalize("NFC", str(s))).split())


def strip_invisible(s: str) -> str:
    """Remove zero-width characters and bidirectional controls (BIDI_CONTROLS) from `s`."""
    return _INVISIBLE.sub("", s)


def strip_bidi_overrides(s: str) -> str:
    """Remove the bidirectional embeddings, overrides and isolates from running text.

    Names and one-line texts go through :func:`normalize_text`, which removes every
    bidirectional control; text of several lines (a description, a ``longtext``
    field) keeps its lines and marks but not these, which could disguise it.
    """
    return _OVERRIDES.sub("", s)


def strip_zero_width(s: str) -> str:
    """Remove the zero-width characters (U+200B–U+200D, U+FEFF) Thai word-breaking leaves."""
    return _ZERO_WIDTH.sub("", s)


#: Largest number a person types anywhere in the archive (and a 32-bit database integer).
INT_LIMIT = 2**31 - 1


def parse_int(s: str | int, limit: int = INT_LIMIT) -> int:
    """Read an integer written with Thai or Arabic digits and optional thousands commas.

    Numbers beyond ±`limit` are refused, so nothing typed overflows a database column.
    """
    if isinstance(s, bool) or not isinstance(s, (int, str)):
        raise ValueError(f"ไม่ใช่ตัวเลขจำนวนเต็ม: {s!r}")
    if isinstance(s, str):
        text = to_arabic_digits(normalize_text(s))
        if not _INT.fullmatch(text):
            raise ValueError(f"ไม่ใช่ตัวเลขจำนวนเต็ม: {s!r}")
        s = int(text.replace(",", ""))
    if abs(s) > limit:
        raise ValueError(f"ตัวเลขใหญ่เกินไป: {s}")
    return s


# ---------------------------------------------------------------- years

def be_year(ce: int) -> int:
    """Convert a Common-Era year to the Buddhist Era (พ.ศ.)."""
    return ce + BE_OFFSET


def ce_year(be: int) -> int:
    """Convert a Buddhist-Era year (พ.ศ.) to the Common Era."""
    return be - BE_OFFSET


#: The one window of years anything in the archive may carry: พ.ศ. 2500–2700 (ค.ศ. 1957–2157).
#: Every year or date a person types is read against it, so a slip such as 0000 or 9999
#: is refused instead of being stored as some other year.
BE_YEAR_MIN, BE_YEAR_MAX = 2500, 2700
CE_YEAR_MIN, CE_YEAR_MAX = BE_YEAR_MIN - BE_OFFSET, BE_YEAR_MAX - BE_OFFSET
YEAR_RANGE_MESSAGE = (f"ปีต้องอยู่ระหว่าง พ.ศ. {BE_YEAR_MIN}–{BE_YEAR_MAX} "
                      f"(ค.ศ. {CE_YEAR_MIN}–{CE_YEAR_MAX})")
YEAR_RANGE_MESSAGE_EN = (f"The year must be between BE {BE_YEAR_MIN} and {BE_YEAR_MAX} "
                         f"(CE {CE_YEAR_MIN}–{CE_YEAR_MAX})")


def read_year(year: int, era: str | None = None, two_digits: bool = False) -> int:
    """Return the CE year of a typed year: พ.ศ., ค.ศ., or two พ.ศ. digits (63 means 2563).

    `era` is "พ" or "ค" when the text said พ.ศ. or ค.ศ.; `two_digits` says the year
    was written with two digits.  A year outside the window raises ParseError.
    """
    if two_digits and era != "ค":
        year += 2500
    if era != "ค" and BE_YEAR_MIN <= year <= BE_YEAR_MAX:
        return ce_year(year)
    if era != "พ" and not two_digits and CE_YEAR_MIN <= year <= CE_YEAR_MAX:
        return year
    raise ParseError(YEAR_RANGE_MESSAGE, YEAR_RANGE_MESSAGE_EN)


def check_ce_year(year: int) -> int:
    """Return a CE year that lies in the archive's window, or raise ParseError."""
    if not CE_YEAR_MIN <= year <= CE_YEAR_MAX:
        raise ParseError(YEAR_RANGE_MESSAGE, YEAR_RANGE_MESSAGE_EN)
    return year


def normalize_year(y: int) -> int:
    """Return the CE year for a BE, CE or two-digit BE year (0–99: พ.ศ. 63 means 2563)."""
    return read_year(y, two_digits=0 <= y <= 99)


# ---------------------------------------------------------------- dates

def _make_date(year: int, month: int, day: int) -> dt.date:
    """Build a date, or say in Thai that it does not exist."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(DATE_MISSING_MESSAGE, DATE_MISSING_MESSAGE_EN) from None


def _split_date(text: str) -> tuple[str, int, int] | None:
    """Return (year as written, month, day) from cleaned text, or None if no pattern fits."""
    if m := _ISO_DATE.fullmatch(text):
        return m[1], int(m[3]), int(m[4])
    if m := _NUMERIC_DATE.fullmatch(text):
        return m[4], int(m[3]), int(m[1])
    if (m := _NAMED_DATE.fullmatch(text)) and _month_key(m[2]) in _MONTHS:
        return m[3], _MONTHS[_month_key(m[2])], int(m[1])
    if (m := _ENGLISH_MDY.fullmatch(text)) and _month_key(m[1]) in _MONTHS:
        return m[3], _MONTHS[_month_key(m[1])], int(m[2])
    return None


def parse_date(s: str | dt.date) -> dt.date:
    """Read a Thai or English date in BE or CE, e.g. `วันที่ ๑๕ พ.ค. ๒๕๖๓` or `15/05/2020`."""
    if isinstance(s, dt.date):
        day = s.date() if isinstance(s, dt.datetime) else s
        check_ce_year(day.year)
        return day
    if not isinstance(s, str):
        raise ParseError(DATE_FORMAT_MESSAGE, DATE_FORMAT_MESSAGE_EN)
    text = _DATE_PREFIX.sub("", to_arabic_digits(normalize_text(s)).replace(",", " "))
    eras = [m[1] for m in _ERA.finditer(text)]
    if len(eras) > 1:
        raise ParseError(DATE_FORMAT_MESSAGE, DATE_FORMAT_MESSAGE_EN)
    parts = _split_date(normalize_text(_ERA.sub(" ", text)))
    if parts is None:
        raise ParseError(DATE_FORMAT_MESSAGE, DATE_FORMAT_MESSAGE_EN)
    year, month, day = parts
    ce = read_year(int(year), eras[0] if eras else None, two_digits=len(year) == 2)
    return _make_date(ce, month, day)


def _as_date(value: str | dt.date) -> dt.date:
    """Accept a date, a datetime or a date string (ISO first, since that is what we store)."""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            pass
    return parse_date(value)


def _is_thai(locale: str) -> bool:
    return (locale or "th").lower().startswith("th")


def format_date(d: str | dt.date | None, style: str = "long", locale: str = "th") -> str:
    """Write a date as `15 พฤษภาคม 2563` (long), `15 พ.ค. 2563` (short), `15/05/2563` (numeric)."""
    if d is None or d == "":
        return ""
    day = _as_date(d)
    thai = _is_thai(locale)
    year = be_year(day.year) if thai else day.year
    if style == "numeric":
        return f"{day.day:02d}/{day.month:02d}/{year}"
    if style == "long":
        month = (THAI_MONTHS if thai else ENGLISH_MONTHS)[day.month - 1]
    elif style == "short":
        month = THAI_MONTHS_ABBR[day.month - 1] if thai else ENGLISH_MONTHS[day.month - 1][:3]
    else:
        raise ValueError(f"unknown date style {style!r}")
    return f"{day.day} {month} {year}"


def format_datetime(value: str | dt.datetime | None, locale: str = "th") -> str:
    """Write a date and time as `15 พ.ค. 2563 10:21 น.` (or `15 May 2020 10:21`)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.strip())
    if not isinstance(value, dt.datetime):
        return format_date(value, "short", locale)
    text = f"{format_date(value, 'short', locale)} {value:%H:%M}"
    return f"{text} น." if _is_thai(locale) else text


# ---------------------------------------------------------------- fiscal years

def fiscal_year_of(d: str | dt.date) -> int:
    """Return the BE fiscal year (ปีงบประมาณ, 1 Oct–30 Sep, named by the later year) of a date."""
    day = _as_date(d)
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(be_fy: int) -> tuple[dt.date, dt.date]:
    """Return the first and last day of a BE fiscal year (2563 → 2019-10-01, 2020-09-30)."""
    if not BE_YEAR_MIN <= be_fy <= BE_YEAR_MAX:
        raise ValueError(f"ปีงบประมาณต้องเป็น พ.ศ. {BE_YEAR_MIN}–{BE_YEAR_MAX}: {be_fy}")
    end = ce_year(be_fy)
    return dt.date(end - 1, 10, 1), dt.date(end, 9, 30)


# ---------------------------------------------------------------- times

def parse_time(s: str | dt.time) -> str:
    """Read a time such as `เวลา ๐๙.๓๐ น.` or `9:30` and return `HH:MM`."""
    if isinstance(s, (dt.time, dt.datetime)):
        return f"{s:%H:%M}"
    if not isinstance(s, str):
        raise ParseError(TIME_FORMAT_MESSAGE, TIME_FORMAT_MESSAGE_EN)
    m = _TIME.fullmatch(to_arabic_digits(normalize_text(s)))
    # A bare "9" is too ambiguous to be a time unless it says น. or นาฬิกา.
    if not m or (m[2] is None and m[3] is None):
        raise ParseError(TIME_FORMAT_MESSAGE, TIME_FORMAT_MESSAGE_EN)
    hour, minute = int(m[1]), int(m[2] or 0)
    if hour > 23 or minute > 59:
        raise ParseError(TIME_MISSING_MESSAGE, TIME_MISSING_MESSAGE_EN)
    return f"{hour:02d}:{minute:02d}"


def format_time(t: str | dt.time | None, locale: str = "th") -> str:
    """Write a time as `09.30 น.` in Thai or `09:30` in English."""
    if t is None or t == "":
        return ""
    hhmm = parse_time(t)
    return f"{hhmm.replace(':', '.')} น." if _is_thai(locale) else hhmm


# ---------------------------------------------------------------- official numbers

def parse_doc_number(s: str) -> str:
    """Read a letter number (เลขที่หนังสือ) like `ที่ ศธ ๐๔๓๔๙/ว ๓๖๙๔`; return `ศธ 04349/ว3694`."""
    m = _DOC_NUMBER.fullmatch(to_arabic_digits(normalize_text(s)))
    if not m:
        raise ParseError(
            "เลขที่หนังสือไม่ถูกต้อง ตัวอย่าง: ที่ ศธ 04290/1234 หรือ ที่ ศธ 04349/ว3694",
            "Invalid document number, e.g. ที่ ศธ 04290/1234 or circular ที่ ศธ 04349/ว3694",
        )
    agency = m["agency"]
    # สพม.29 reads as one token; ศธ and fully dotted ป.ป.ช. take a space before the code.
    joiner = "" if agency.endswith(".") and agency.count(".") == 1 else " "
    circular = "ว" if m["circular"] else ""
    return f"{agency}{joiner}{m['code']}/{circular}{m['number']}"


def _number_year(s: str, pattern: re.Pattern, what: tuple[str, str], example: str) -> str:
    """Read `number/BE year` with `pattern`; return it as `1/2563`."""
    m = pattern.fullmatch(to_arabic_digits(normalize_text(s)))
    if not m:
        raise ParseError(
            f"{what[0]}ไม่ถูกต้อง ตัวอย่าง: {example}", f"Invalid {what[1]}, e.g. {example}"
        )
    number, year = int(m["number"]), int(m["year"])
    year = 2500 + year if len(m["year"]) == 2 else year
    if CE_YEAR_MIN <= year <= CE_YEAR_MAX:
        raise ParseError(
            f"กรุณาระบุปีเป็น พ.ศ. เช่น {number}/{be_year(year)}",
            f"Give the year in the Buddhist Era, e.g. {number}/{be_year(year)}",
        )
    if not BE_YEAR_MIN <= year <= BE_YEAR_MAX:
        raise ParseError(f"ปีของ{what[0]}ต้องอยู่ระหว่าง พ.ศ. {BE_YEAR_MIN}–{BE_YEAR_MAX}",
                         f"The year of the {what[1]} must be BE {BE_YEAR_MIN}–{BE_YEAR_MAX}")
    if number < 1:
        raise ParseError(f"{what[0]}ต้องเริ่มที่ 1", f"The {what[1]} starts at 1")
    return f"{number}/{year}"


def parse_meeting_number(s: str) -> str:
    """Read a meeting number like `ครั้งที่ ๑/๒๕๖๓` or `1/63`; return `1/2563`."""
    return _number_year(s, _MEETING_NUMBER, ("ครั้งที่ประชุม", "meeting number"), "ครั้งที่ 1/2563")


def parse_order_number(s: str) -> str:
    """Read an order number like `คำสั่ง สพม.29 ที่ ๔๕/๒๕๖๓`; return `45/2563` (issuer dropped)."""
    return _number_year(s, _ORDER_NUMBER, ("เลขที่คำสั่ง", "order number"), "ที่ 45/2563")

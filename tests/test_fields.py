"""Tests for evidence_archive.fields: field declarations, kinds, and clean_values."""
import datetime as dt
import json

import pytest

from evidence_archive.fields import KINDS, Field, FieldError, clean_values

CHOICES = ("มี", "ไม่มี")


def make_field(kind: str, **kwargs) -> Field:
    """Build a field of `kind` with throwaway name and label."""
    if kind == "choice":
        kwargs.setdefault("choices", CHOICES)
    return Field("value", "ค่า", "Value", kind=kind, **kwargs)


def clean(kind: str, raw):
    """Clean `raw` with a throwaway field of `kind`."""
    return make_field(kind).clean(raw)


# ---------------------------------------------------------------- declaration

@pytest.mark.parametrize("name", ["", "Doc", "1st", "doc-number", "ที่", "a b", None])
def test_field_rejects_bad_names(name):
    with pytest.raises(ValueError):
        Field(name, "ที่")


def test_field_rejects_bad_declarations():
    with pytest.raises(ValueError, match="unknown kind"):
        Field("x", "x", kind="money")
    with pytest.raises(ValueError, match="needs choices"):
        Field("x", "x", kind="choice")
    with pytest.raises(ValueError, match="search_weight"):
        Field("x", "x", search_weight=-1)


def test_field_keeps_choices_hashable():
    field = Field("status", "สถานะ", kind="choice", choices=["มี", "ไม่มี"])
    assert field.choices == CHOICES
    assert hash(field) == hash(Field("status", "สถานะ", kind="choice", choices=CHOICES))


def test_kinds_is_read_only():
    with pytest.raises(TypeError):
        KINDS["money"] = KINDS["text"]


@pytest.mark.parametrize("kind, widget", [
    ("text", "input"), ("longtext", "textarea"), ("integer", "input"), ("date", "date"),
    ("time", "time"), ("doc_number", "input"), ("meeting_number", "input"),
    ("order_number", "input"), ("person", "person"), ("people", "people"), ("url", "url"),
    ("choice", "select"),
])
def test_to_schema(kind, widget):
    schema = make_field(kind, required=True, help="ช่วย", placeholder="เช่น").to_schema()
    assert schema == {
        "name": "value", "label": "ค่า", "label_en": "Value", "kind": kind, "required": True,
        "choices": list(CHOICES) if kind == "choice" else [], "help": "ช่วย",
        "placeholder": "เช่น", "widget": widget,
        **({"min_value": None, "max_value": None} if kind == "integer" else {}),
    }
    json.dumps(schema)


def test_an_integer_field_takes_numbers_within_its_bounds():
    """A district's rule (no meeting has 0 attendees) without a validate function."""
    attendees = Field("attendees", "จำนวนผู้เข้าประชุม", "Attendees", kind="integer",
                      min_value=1, max_value=500)
    assert attendees.clean("๑") == 1 and attendees.clean("500") == 500
    for raw, message, english in (("0", "“จำนวนผู้เข้าประชุม” ต้องไม่น้อยกว่า 1", "Attendees must be at least 1"),
                                  ("๕๐๑", "“จำนวนผู้เข้าประชุม” ต้องไม่เกิน 500", "Attendees must be at most 500")):
        with pytest.raises(FieldError) as info:
            attendees.clean(raw)
        assert (info.value.message, info.value.message_en) == (message, english)
    assert clean_values([attendees], {"attendees": "0"})[1] == {
        "attendees": "“จำนวนผู้เข้าประชุม” ต้องไม่น้อยกว่า 1"}
    assert attendees.to_schema()["min_value"] == 1 and attendees.to_schema()["max_value"] == 500
    assert Field("budget", "งบประมาณ", kind="integer", max_value=1_000_000).clean("1,000,000") == 1_000_000


@pytest.mark.parametrize("declared, problem", [
    ({"kind": "text", "min_value": 1}, "min_value and max_value are for kind 'integer'"),
    ({"kind": "integer", "min_value": 5, "max_value": 1}, "min_value is larger than max_value"),
    ({"kind": "integer", "min_value": -1}, "whole numbers >= 0"),
    ({"kind": "integer", "max_value": 2.5}, "whole numbers >= 0"),
])
def test_integer_bounds_are_checked_when_declared(declared, problem):
    with pytest.raises(ValueError, match=problem):
        Field("count", "จำนวน", **declared)


# ---------------------------------------------------------------- empty values

@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("raw", [None, "", "   ", "\u200b", [], {}])
def test_empty_is_none(kind, raw):
    assert clean(kind, raw) is None


@pytest.mark.parametrize("kind, raw", [
    ("person", {"name": " ", "position": ""}), ("people", "\n \n"), ("people", ["", {}]),
])
def test_blank_parts_are_none(kind, raw):
    assert clean(kind, raw) is None


# ---------------------------------------------------------------- good values per kind

GOOD = [
    ("text", "  ขอเชิญ\u200bประชุม   ก.ต.ป.น. ", "ขอเชิญประชุม ก.ต.ป.น."),
    ("text", "ปีการศึกษา ๒๕๖๓", "ปีการศึกษา ๒๕๖๓"),
    ("text", 2563, "2563"),
    ("longtext", " วาระ 1\r\n  แจ้ง\u200b \n\nวาระ 2 ", "วาระ 1\n  แจ้ง \n\nวาระ 2"),
    ("integer", "๑,๒๓๔", 1234),
    ("integer", " 15 ", 15),
    ("integer", 0, 0),
    ("integer", 7.0, 7),
    ("date", "15/05/2563", "2020-05-15"),
    ("date", "วันที่ ๑๕ พฤษภาคม พ.ศ. ๒๕๖๓", "2020-05-15"),
    ("date", "15 พ.ค. 63", "2020-05-15"),
    ("date", "2020-05-15", "2020-05-15"),
    ("date", "29/02/2563", "2020-02-29"),
    ("date", dt.date(2020, 5, 15), "2020-05-15"),
    ("time", "เวลา ๐๙.๓๐ น.", "09:30"),
    ("time", "13:00", "13:00"),
    ("doc_number", "ที่ ศธ 04290/1237", "ศธ 04290/1237"),
    ("doc_number", "ที่ ศธ 04349/ว3694", "ศธ 04349/ว3694"),
    ("doc_number", "ศธ 0206.4/123", "ศธ 0206.4/123"),
    ("doc_number", "ศธ ๐๔๒๙๐/๑๒๓๗", "ศธ 04290/1237"),
    ("doc_number", "ที่ มท 0808.2/ว 1234", "มท 0808.2/ว1234"),
    ("doc_number", "ที่ มท 0808.2/ว.1234", "มท 0808.2/ว1234"),
    ("doc_number", "ที่ สพม.29/123", "สพม.29/123"),
    ("doc_number", "ที่ศธ04290/1237", "ศธ 04290/1237"),
    ("doc_number", "ที่  นร   0105 / 1", "นร 0105/1"),
    ("doc_number", "ที่ ป.ป.ช. 0004/12", "ป.ป.ช. 0004/12"),
    ("meeting_number", "ครั้งที่ 1/2563", "1/2563"),
    ("meeting_number", "1/2563", "1/2563"),
    ("meeting_number", "ครั้งที่ ๑/๒๕๖๓", "1/2563"),
    ("meeting_number", "ครั้งที่ 1 / 2563", "1/2563"),
    ("meeting_number", "ครั้งที่ 1/63", "1/2563"),
    ("meeting_number", "ครั้งที่ 01/2563", "1/2563"),
    ("meeting_number", "ครั้งที่ 11/2563", "11/2563"),
    ("meeting_number", "ครั้งที่ 2/พ.ศ. 2563", "2/2563"),
    ("order_number", "คำสั่ง สพม.29 ที่ 45/2563", "45/2563"),
    ("order_number", "ที่ 45/2563", "45/2563"),
    ("order_number", "45/2563", "45/2563"),
    ("order_number", "ที่ ๔๕/๒๕๖๓", "45/2563"),
    ("order_number", "คำสั่งสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29 ที่ ๔๕/๒๕๖๓", "45/2563"),
    ("order_number", "คำสั่งที่ 7/64", "7/2564"),
    ("person", "นายสมชาย ใจดี | ผู้อำนวยการ", {"name": "นายสมชาย ใจดี", "position": "ผู้อำนวยการ"}),
    ("person", "นายสมชาย ใจดี - ผอ.", {"name": "นายสมชาย ใจดี", "position": "ผอ."}),
    ("person", "นายสมชาย ใจดี, ผอ.", {"name": "นายสมชาย ใจดี", "position": "ผอ."}),
    ("person", "นายสมชาย\tใจดี\tประธาน", {"name": "นายสมชาย", "position": "ใจดี ประธาน"}),
    ("person", "นางสาวอรุณี แก้วมณี", {"name": "นางสาวอรุณี แก้วมณี", "position": ""}),
    ("person", "นาย ก (กรรมการ (ผู้แทน))", {"name": "นาย ก", "position": "กรรมการ (ผู้แทน)"}),
    ("person", {"name": " นาย ก ", "position": None}, {"name": "นาย ก", "position": ""}),
    ("person", {"name": "นาย ก", "position": "ผอ.", "x": 1}, {"name": "นาย ก", "position": "ผอ."}),
    ("url", " https://sesa29.go.th/ita/o33 ", "https://sesa29.go.th/ita/o33"),
    ("url", "http://สพม29.go.th/หน้า?x=1#a", "http://สพม29.go.th/หน้า?x=1#a"),
    ("url", "HTTPS://example.com:8443/", "HTTPS://example.com:8443/"),
    ("choice", " ไม่มี ", "ไม่มี"),
    ("choice", "มี", "มี"),
]


@pytest.mark.parametrize("kind, raw, expected", GOOD)
def test_clean_accepts(kind, raw, expected):
    assert clean(kind, raw) == expected


def test_meeting_numbers_stay_distinct():
    assert clean("meeting_number", "ครั้งที่ 1/2563") != clean("meeting_number", "ครั้งที่ 11/2563")
    assert clean("meeting_number", "1/2563") != clean("meeting_number", "1/2564")


@pytest.mark.parametrize("raw", [
    "1. นายวิชัย บุญมา | ประธานกรรมการ\n\n๒) นางสาวอรุณี แก้วมณี - กรรมการ\n- นายประเสริฐ ศรีสุข\n",
    ["นายวิชัย บุญมา | ประธานกรรมการ", {"name": "นางสาวอรุณี แก้วมณี", "position": "กรรมการ"},
     "", "นายประเสริฐ ศรีสุข"],
])
def test_people_accepts(raw):
    assert clean("people", raw) == [
        {"name": "นายวิชัย บุญมา", "position": "ประธานกรรมการ"},
        {"name": "นางสาวอรุณี แก้วมณี", "position": "กรรมการ"},
        {"name": "นายประเสริฐ ศรีสุข", "position": ""},
    ]


# ---------------------------------------------------------------- bad values per kind

BAD = [
    ("text", "ก" * 501, "ช่อง “ค่า” ยาวเกิน 500 ตัวอักษร"),
    ("text", ["a"], "ค่าไม่ถูกต้อง"),
    ("longtext", "ก" * 20001, "ช่อง “ค่า” ยาวเกิน 20,000 ตัวอักษร"),
    ("integer", "-1", "ตัวเลขต้องไม่ติดลบ"),
    ("integer", "1.5", "จำนวนเต็ม"),
    ("integer", "สิบ", "จำนวนเต็ม"),
    ("integer", True, "จำนวนเต็ม"),
    ("date", "31/02/2563", "วันที่ไม่มีอยู่จริง"),
    ("date", "29/02/2564", "วันที่ไม่มีอยู่จริง"),
    ("date", "15/13/2563", "วันที่ไม่มีอยู่จริง"),
    ("date", "เมื่อวาน", "รูปแบบวันที่ไม่ถูกต้อง"),
    ("date", {"d": 1}, "ค่าไม่ถูกต้อง"),
    ("time", "24.00 น.", "เวลาไม่มีอยู่จริง"),
    ("time", "บ่ายสอง", "รูปแบบเวลาไม่ถูกต้อง"),
    ("doc_number", "04290/1237", "เลขที่หนังสือไม่ถูกต้อง"),
    ("doc_number", "ที่ ศธ 04290", "เลขที่หนังสือไม่ถูกต้อง"),
    ("doc_number", "ที่ ศธ 04290/1234567", "เลขที่หนังสือไม่ถูกต้อง"),
    ("doc_number", "ที่ ศธ 04290/1237/2563", "เลขที่หนังสือไม่ถูกต้อง"),
    ("doc_number", "ที่ ABC 04290/1237", "เลขที่หนังสือไม่ถูกต้อง"),
    ("doc_number", "ที่ ศธกขคง 04290/1237", "เลขที่หนังสือไม่ถูกต้อง"),
    ("doc_number", "ที่ ศธ 04290/ว", "เลขที่หนังสือไม่ถูกต้อง"),
    ("meeting_number", "ครั้งที่ 1/2020", "กรุณาระบุปีเป็น พ.ศ. เช่น 1/2563"),
    ("meeting_number", "ครั้งที่ 0/2563", "ต้องเริ่มที่ 1"),
    ("meeting_number", "ครั้งที่ 1/3000", "ต้องอยู่ระหว่าง พ.ศ. 2500–2700"),
    ("meeting_number", "ครั้งที่ 1/256", "ไม่ถูกต้อง"),
    ("meeting_number", "ครั้งที่ 1", "ไม่ถูกต้อง"),
    ("meeting_number", "ครั้งแรก", "ไม่ถูกต้อง"),
    ("order_number", "ที่ 45/2020", "กรุณาระบุปีเป็น พ.ศ."),
    ("order_number", "คำสั่ง สพม.29 45/2563", "เลขที่คำสั่งไม่ถูกต้อง"),
    ("order_number", "ที่ 45", "เลขที่คำสั่งไม่ถูกต้อง"),
    ("person", "| ผู้อำนวยการ", "กรุณากรอกชื่อ"),
    ("person", {"name": "", "position": "ผอ."}, "กรุณากรอกชื่อ"),
    ("person", "ก" * 501, "ช่อง “ค่า” ยาวเกิน 500 ตัวอักษร"),
    ("person", ["นาย ก"], "ค่าไม่ถูกต้อง"),
    ("people", "นาย ก\n| ประธาน", "บรรทัดที่ 2: กรุณากรอกชื่อ"),
    ("people", "\n".join(f"นาย {i}" for i in range(501)), "เกิน 500 คน"),
    ("people", {"name": "นาย ก"}, "ค่าไม่ถูกต้อง"),
    ("url", "www.sesa29.go.th", "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://"),
    ("url", "ftp://sesa29.go.th/file", "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://"),
    ("url", "javascript:alert(1)", "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://"),
    ("url", "https://", "ลิงก์ไม่ถูกต้อง"),
    ("url", "https://a b.go.th", "ลิงก์ไม่ถูกต้อง"),
    ("url", "https://x.go.th:99999/", "ลิงก์ไม่ถูกต้อง"),
    ("url", "https://x.go.th/" + "a" * 2000, "ช่อง “ค่า” ยาวเกิน 2,000 ตัวอักษร"),
    ("choice", "อาจจะ", "กรุณาเลือกจากรายการ: มี, ไม่มี"),
    # Every kind has a longest value, and its message names the field.
    ("integer", "1" * 31, "ช่อง “ค่า” ยาวเกิน 30 ตัวอักษร"),
    ("date", "15 พฤษภาคม 2563" + " " * 100, "ช่อง “ค่า” ยาวเกิน 100 ตัวอักษร"),
    ("time", "9" * 101, "ช่อง “ค่า” ยาวเกิน 100 ตัวอักษร"),
    ("doc_number", "ที่ ศธ 04290/" + "1" * 100, "ช่อง “ค่า” ยาวเกิน 100 ตัวอักษร"),
    ("meeting_number", "ครั้งที่ " * 20 + "1/2563", "ช่อง “ค่า” ยาวเกิน 100 ตัวอักษร"),
    ("order_number", "คำสั่ง " + "ก" * 100 + " ที่ 45/2563", "ช่อง “ค่า” ยาวเกิน 100 ตัวอักษร"),
    ("people", "นาย ก\n" * 20_000, "ช่อง “ค่า” ยาวเกิน 100,000 ตัวอักษร"),
    ("choice", "มี" * 300, "ช่อง “ค่า” ยาวเกิน 500 ตัวอักษร"),
]


@pytest.mark.parametrize("kind, raw, message", BAD)
def test_clean_rejects(kind, raw, message):
    with pytest.raises(FieldError) as info:
        clean(kind, raw)
    assert message in info.value.message
    assert str(info.value) == info.value.message
    assert info.value.message_en and info.value.message_en != info.value.message


def test_field_error_is_a_value_error_with_english():
    error = FieldError("ผิด", "Wrong")
    assert isinstance(error, ValueError)
    assert (error.message, error.message_en) == ("ผิด", "Wrong")
    assert FieldError("ผิด").message_en == "ผิด"


def test_doc_number_error_gives_examples_in_both_languages():
    with pytest.raises(FieldError) as info:
        clean("doc_number", "ศธ")
    assert info.value.message == (
        "เลขที่หนังสือไม่ถูกต้อง ตัวอย่าง: ที่ ศธ 04290/1234 หรือ ที่ ศธ 04349/ว3694"
    )
    assert info.value.message_en.startswith("Invalid document number")


# ---------------------------------------------------------------- display and search

@pytest.mark.parametrize("kind, value, locale, expected", [
    ("date", "2020-05-15", "th", "15 พฤษภาคม 2563"),
    ("date", "2020-05-15", "en", "15 May 2020"),
    ("time", "09:30", "th", "09.30 น."),
    ("time", "09:30", "en", "09:30"),
    ("doc_number", "ศธ 04290/1237", "th", "ที่ ศธ 04290/1237"),
    ("meeting_number", "1/2563", "th", "ครั้งที่ 1/2563"),
    ("order_number", "45/2563", "th", "ที่ 45/2563"),
    ("person", {"name": "นายสมชาย ใจดี", "position": "ผู้อำนวยการ"}, "th",
     "นายสมชาย ใจดี (ผู้อำนวยการ)"),
    ("person", {"name": "นายสมชาย ใจดี", "position": ""}, "th", "นายสมชาย ใจดี"),
    ("people", [{"name": "นาย ก", "position": "ประธาน"}, {"name": "นาง ข", "position": ""}],
     "th", "นาย ก (ประธาน)\nนาง ข"),
    ("integer", 1234, "th", "1234"),
    ("text", None, "th", ""),
])
def test_display(kind, value, locale, expected):
    assert make_field(kind).display(value, locale) == expected


@pytest.mark.parametrize("kind, raw", [
    (kind, raw) for kind, raw, _ in GOOD if kind != "longtext"
] + [("people", "นาย ก | ประธาน\nนาง ข\nนาย ค (ผู้ทรงคุณวุฒิ)"), ("longtext", "ก\nข")])
def test_display_round_trips(kind, raw):
    field = make_field(kind)
    value = field.clean(raw)
    assert field.clean(field.display(value)) == value


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("value", [
    "ค่าเก่า", 123, 1.5, True, "2020-13-45", "99:99", {"x": 1}, {"name": None}, ["a", 1],
    [{"name": "ก"}, "ข"], "/", {},
])
def test_display_and_search_never_raise(kind, value):
    field = make_field(kind)
    assert isinstance(field.display(value), str)
    assert isinstance(field.display(value, "en"), str)
    assert isinstance(field.search_text(value), str)


@pytest.mark.parametrize("kind, value, expected_parts", [
    ("doc_number", "ศธ 04290/1237", ["ศธ 04290/1237", "04290/1237", "1237"]),
    ("doc_number", "ศธ 04349/ว3694", ["ศธ 04349/ว3694", "ว3694", "3694"]),
    ("date", "2020-05-15", ["15 พฤษภาคม 2563", "15 พ.ค. 2563", "15/05/2563", "2020-05-15"]),
    ("time", "09:30", ["09.30 น.", "09:30"]),
    ("meeting_number", "1/2563", ["ครั้งที่ 1/2563"]),
    ("order_number", "45/2563", ["ที่ 45/2563"]),
    ("people", [{"name": "นาย ก", "position": "ประธาน"}, {"name": "นาง ข", "position": "เลขา"}],
     ["นาย ก", "ประธาน", "นาง ข", "เลขา"]),
    ("text", "สวัสดี", ["สวัสดี"]),
])
def test_search_text(kind, value, expected_parts):
    text = make_field(kind).search_text(value)
    for part in expected_parts:
        assert part in text
    assert make_field(kind).search_text(None) == ""


@pytest.mark.parametrize("kind, raw", [(kind, raw) for kind, raw, _ in GOOD])
def test_clean_values_are_json_and_arabic(kind, raw):
    value = clean(kind, raw)
    dumped = json.dumps(value, ensure_ascii=False)
    if kind not in ("text", "longtext"):  # free text keeps Thai digits as typed
        assert not any(ch in dumped for ch in "๐๑๒๓๔๕๖๗๘๙")


# ---------------------------------------------------------------- clean_values

MINUTES_FIELDS = (
    Field("meeting_no", "ครั้งที่", "Meeting no.", kind="meeting_number", required=True),
    Field("meeting_date", "วันที่ประชุม", "Date", kind="date", required=True),
    Field("start_time", "เวลาเริ่ม", "Start", kind="time"),
    Field("recorder", "ผู้จดรายงานการประชุม", "Recorder", kind="person", required=True),
    Field("attendees", "ผู้มาประชุม", "Attendees", kind="people"),
    Field("url", "ลิงก์", "Link", kind="url"),
)


def test_clean_values_cleans_every_field():
    values, errors = clean_values(MINUTES_FIELDS, {
        "meeting_no": "ครั้งที่ ๒/๒๕๖๓", "meeting_date": "วันที่ ๑๕ พ.ค. ๒๕๖๓",
        "start_time": "09.00 น.", "recorder": "นางสาวอรุณี แก้วมณี | ศึกษานิเทศก์",
        "attendees": "นาย ก\nนาง ข", "url": "", "unknown": "ignored",
    })
    assert errors == {}
    assert values == {
        "meeting_no": "2/2563", "meeting_date": "2020-05-15", "start_time": "09:00",
        "recorder": {"name": "นางสาวอรุณี แก้วมณี", "position": "ศึกษานิเทศก์"},
        "attendees": [{"name": "นาย ก", "position": ""}, {"name": "นาง ข", "position": ""}],
    }


def test_clean_values_reports_missing_and_wrong():
    values, errors = clean_values(MINUTES_FIELDS, {
        "meeting_no": "  ", "meeting_date": "31/02/2563", "start_time": "10.00",
        "url": "www.x.go.th",
    })
    assert values == {"start_time": "10:00"}
    assert errors == {
        "meeting_no": "กรุณากรอกข้อมูล “ครั้งที่”",
        "meeting_date": "วันที่ไม่มีอยู่จริง",
        "recorder": "กรุณากรอกข้อมูล “ผู้จดรายงานการประชุม”",
        "url": "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://",
    }


def test_clean_values_with_no_fields():
    assert clean_values((), {"x": 1}) == ({}, {})

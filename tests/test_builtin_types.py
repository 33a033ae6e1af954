"""Check the five built-in evidence types the way a district plugin's author would: no app, only the hook."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from importlib.metadata import entry_points
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pluggy
import pytest

from evidence_archive import EvidenceType, hookspecs
from evidence_archive_plugins import (
    activity_photos, appointment_order, meeting_invitation, meeting_minutes, press_release,
)

MODULES = {
    "meeting_invitation": meeting_invitation,
    "meeting_minutes": meeting_minutes,
    "activity_photos": activity_photos,
    "press_release": press_release,
    "appointment_order": appointment_order,
}
TYPES = {key: module.register_evidence_types()[0] for key, module in MODULES.items()}
FILE_KINDS = {"pdf", "image", "word", "text", "spreadsheet", "presentation"}
DATA = Path(__file__).parent / "data"
THAI = re.compile("[\u0e00-\u0e7f]")

SIGNER = "นายประเสริฐ ศรีสุข | ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29"
SIGNER_CLEAN = {"name": "นายประเสริฐ ศรีสุข",
                "position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29"}
VENUE = "ห้องประชุมพรหมวิหาร สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29"
KTPN = "คณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.)"
ORDER_SUBJECT = ("แต่งตั้งคณะกรรมการนิเทศ ติดตาม ตรวจเยี่ยมสนามสอบการทดสอบทางการศึกษาระดับชาติ"
                 "ขั้นพื้นฐาน (O-NET) ชั้นมัธยมศึกษาปีที่ ๓ ปีการศึกษา ๒๕๖๒")

# Complete raw values as a clerk would type them, quoted from the sample documents.
GOOD = {
    "meeting_invitation": {
        "doc_number": "ที่ ศธ 04290/1237",
        "date": "8 พฤษภาคม 2563",
        "subject": f"ขอเชิญประชุม{KTPN} ครั้งที่ 1/2563",
        "recipient": "คณะกรรมการ ก.ต.ป.น. ทุกท่าน",
        "enclosures": "ระเบียบวาระการประชุม จำนวน 1 ชุด",
        "committee": "ก.ต.ป.น.",
        "meeting_number": "ครั้งที่ 1/2563",
        "meeting_date": "วันศุกร์ที่ 15 พฤษภาคม 2563",
        "meeting_time": "เวลา 09.00 น.",
        "venue": VENUE,
        "signer": SIGNER,
    },
    "meeting_minutes": {
        "committee": KTPN,
        "meeting_number": "ครั้งที่ 2/2563",
        "meeting_date": "วันศุกร์ที่ 12 มิถุนายน 2563",
        "start_time": "09.00 น.",
        "end_time": "12.00 น.",
        "venue": VENUE,
        "attendees": (
            "1. นายประเสริฐ ศรีสุข | ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา ประธานกรรมการ\n"
            "2. นายวิชัย บุญมา | รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา กรรมการ\n"
            "3. ดร.สุนทร ใจงาม | ผู้ทรงคุณวุฒิ กรรมการ"
        ),
        "absentees": "1. นายสมศักดิ์ มีสุข | ติดราชการ",
        "agenda": (
            "ระเบียบวาระที่ 1 เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ\n"
            "ระเบียบวาระที่ 2 รับรองรายงานการประชุมครั้งที่ 1/2563\n"
            "ระเบียบวาระที่ 3 เรื่องเพื่อพิจารณา"
        ),
        "recorder": "นางสาวอรุณี แก้วมณี | ผู้จดรายงานการประชุม",
    },
    "activity_photos": {
        "activity": "ประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563",
        "activity_date": "15/05/2563",
        "venue": VENUE,
        "description": "ร่วมวางแผนการดำเนินงานขับเคลื่อนการพัฒนาคุณภาพการศึกษา ปีการศึกษา 2563",
        "photographer": "กลุ่มนิเทศ ติดตามและประเมินผลการจัดการศึกษา",
    },
    "press_release": {
        "headline": "สพม.29 ประชุม ก.ต.ป.น. ครั้งที่ 1/2563 วางแผนพัฒนาคุณภาพการศึกษา",
        "published_on": "15 พ.ค. 2563",
        "channel": "เว็บไซต์หน่วยงาน",
        "url": "https://sesa29.example.go.th/news/ktpn-1-2563",
        "summary": "ประชุมคณะกรรมการ ก.ต.ป.น. เพื่อร่วมวางแผนการดำเนินงาน ปีการศึกษา 2563",
        "author": "กลุ่มนิเทศ ติดตามและประเมินผลการจัดการศึกษา",
    },
    "appointment_order": {
        "document_kind": "คำสั่ง",
        "issuer": "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29",
        "order_number": "ที่ ๔๕/๒๕๖๓",
        "subject": ORDER_SUBJECT,
        "order_date": "สั่ง ณ วันที่ ๒๐ มกราคม พ.ศ. ๒๕๖๓",
        "signer": SIGNER,
        "appointees": (
            "นายวิชัย บุญมา | รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา ประธานกรรมการ\n"
            "นางสาวอรุณี แก้วมณี | ศึกษานิเทศก์ กรรมการ"
        ),
    },
}

# What the good values clean to; fields not listed here clean to the raw text unchanged.
CANONICAL = {
    "meeting_invitation": {
        "doc_number": "ศธ 04290/1237", "date": "2020-05-08", "meeting_number": "1/2563",
        "meeting_date": "2020-05-15", "meeting_time": "09:00", "signer": SIGNER_CLEAN,
    },
    "meeting_minutes": {
        "meeting_number": "2/2563", "meeting_date": "2020-06-12",
        "start_time": "09:00", "end_time": "12:00",
        "attendees": [
            {"name": "นายประเสริฐ ศรีสุข", "position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา ประธานกรรมการ"},
            {"name": "นายวิชัย บุญมา", "position": "รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา กรรมการ"},
            {"name": "ดร.สุนทร ใจงาม", "position": "ผู้ทรงคุณวุฒิ กรรมการ"},
        ],
        "absentees": [{"name": "นายสมศักดิ์ มีสุข", "position": "ติดราชการ"}],
        "recorder": {"name": "นางสาวอรุณี แก้วมณี", "position": "ผู้จดรายงานการประชุม"},
    },
    "activity_photos": {"activity_date": "2020-05-15"},
    "press_release": {"published_on": "2020-05-15"},
    "appointment_order": {
        "order_number": "45/2563", "order_date": "2020-01-20", "signer": SIGNER_CLEAN,
        "appointees": [
            {"name": "นายวิชัย บุญมา", "position": "รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา ประธานกรรมการ"},
            {"name": "นางสาวอรุณี แก้วมณี", "position": "ศึกษานิเทศก์ กรรมการ"},
        ],
    },
}

REQUIRED = {
    "meeting_invitation": {"doc_number", "date", "subject", "recipient", "meeting_date", "venue", "signer"},
    "meeting_minutes": {"committee", "meeting_number", "meeting_date", "venue", "attendees", "recorder"},
    "activity_photos": {"activity", "activity_date", "venue"},
    "press_release": {"headline", "published_on", "channel"},
    # order_number is required of a คำสั่ง only (a ประกาศ may have none): see test_cross_field.
    "appointment_order": {"document_kind", "issuer", "subject", "order_date", "signer"},
}

MALFORMED = [
    ("meeting_invitation", "doc_number", "04290/1237"),
    ("meeting_invitation", "doc_number", "ที่ ศธ 04290"),
    ("meeting_invitation", "date", "32 พฤษภาคม 2563"),
    ("meeting_invitation", "date", "เมื่อวานนี้"),
    ("meeting_invitation", "subject", "ก" * 501),
    ("meeting_invitation", "recipient", ["คณะกรรมการ"]),
    ("meeting_invitation", "meeting_number", "ครั้งแรก"),
    ("meeting_invitation", "meeting_number", "1/2020"),
    ("meeting_invitation", "meeting_date", "2563-13-01"),
    ("meeting_invitation", "meeting_time", "25.00 น."),
    ("meeting_invitation", "meeting_time", "ช่วงเช้า"),
    ("meeting_invitation", "signer", {"name": "", "position": "ผู้อำนวยการ"}),
    ("meeting_minutes", "meeting_number", "ครั้งที่ 0/2563"),
    ("meeting_minutes", "meeting_date", "31/02/2563"),
    ("meeting_minutes", "start_time", "9"),
    ("meeting_minutes", "end_time", "12.75 น."),
    ("meeting_minutes", "attendees", "1. นายประเสริฐ ศรีสุข\n2. | กรรมการ"),
    ("meeting_minutes", "absentees", 42),
    ("meeting_minutes", "agenda", "ก" * 20001),
    ("meeting_minutes", "recorder", {"name": "", "position": "ผู้จดรายงานการประชุม"}),
    ("activity_photos", "activity", {"name": "ประชุม"}),
    ("activity_photos", "activity_date", "วันนี้"),
    ("activity_photos", "venue", "ก" * 501),
    ("press_release", "published_on", "2563"),
    ("press_release", "channel", "TikTok"),
    ("press_release", "url", "www.example.go.th/news/1"),
    ("press_release", "url", "javascript:alert(1)"),
    ("appointment_order", "document_kind", "หนังสือเวียน"),
    ("appointment_order", "order_number", "ที่ ๔๕"),
    ("appointment_order", "order_number", "45/2020"),
    ("appointment_order", "order_date", "๒๐ มกรา ๒๕๖๓"),
    ("appointment_order", "signer", "| ผู้อำนวยการ"),
    ("appointment_order", "appointees", "นายวิชัย บุญมา\n| กรรมการ"),
]

OMIT = object()

# (type, changes to the good values, field the error is on or None, words the message holds)
CROSS_FIELD = [
    pytest.param("meeting_invitation", {"meeting_date": "7 พฤษภาคม 2563"}, "meeting_date", "ก่อน",
                 id="invitation-meeting-before-letter"),
    pytest.param("meeting_invitation", {"meeting_date": "8 พฤษภาคม 2563"}, None, "",
                 id="invitation-meeting-on-letter-day"),
    pytest.param("meeting_invitation", {"meeting_number": "1/2562"}, "meeting_number", "2563",
                 id="invitation-number-wrong-year"),
    pytest.param("meeting_invitation", {"meeting_number": OMIT}, None, "",
                 id="invitation-no-number"),
    pytest.param("meeting_invitation",
                 {"date": "2 ตุลาคม 2563", "meeting_date": "9 ตุลาคม 2563", "meeting_number": "1/2564"},
                 None, "", id="invitation-number-by-fiscal-year"),
    pytest.param("meeting_invitation",
                 {"date": "2 ตุลาคม 2563", "meeting_date": "9 ตุลาคม 2563", "meeting_number": "1/2563"},
                 None, "", id="invitation-number-by-calendar-year"),
    pytest.param("meeting_invitation",
                 {"date": "2 ตุลาคม 2563", "meeting_date": "9 ตุลาคม 2563", "meeting_number": "1/2565"},
                 "meeting_number", "ปีงบประมาณ 2564", id="invitation-number-neither-year"),
    pytest.param("meeting_minutes", {"end_time": "08.30 น."}, "end_time", "เลิกประชุม",
                 id="minutes-ends-before-start"),
    pytest.param("meeting_minutes", {"end_time": "09.00 น."}, "end_time", "เลิกประชุม",
                 id="minutes-ends-as-it-starts"),
    pytest.param("meeting_minutes", {"end_time": OMIT}, None, "", id="minutes-no-end-time"),
    pytest.param("meeting_minutes", {"start_time": OMIT}, None, "", id="minutes-no-start-time"),
    pytest.param("press_release", {"url": OMIT}, "url", "ลิงก์ข่าว", id="press-website-needs-link"),
    pytest.param("press_release", {"channel": "Facebook", "url": OMIT}, "url", "Facebook",
                 id="press-facebook-needs-link"),
    pytest.param("press_release", {"channel": "Facebook"}, None, "", id="press-facebook-with-link"),
    pytest.param("press_release", {"channel": "หนังสือพิมพ์", "url": OMIT}, None, "",
                 id="press-newspaper-without-link"),
    pytest.param("appointment_order", {"order_number": "45/2562"}, "order_number", "2563",
                 id="order-number-wrong-year"),
    # Order numbers follow the calendar year, not the fiscal year that began on 1 Oct.
    pytest.param("appointment_order", {"order_date": "31 ธันวาคม 2562"}, "order_number", "ปีปฏิทิน",
                 id="order-number-not-fiscal-year"),
    pytest.param("appointment_order", {"order_date": "31 ธันวาคม 2562", "order_number": "๔๕๐/๒๕๖๒"},
                 None, "", id="order-december"),
    pytest.param("appointment_order", {"order_number": OMIT}, "order_number", "เลขที่คำสั่ง",
                 id="order-needs-number"),
    pytest.param("appointment_order", {"document_kind": "ประกาศ", "order_number": OMIT}, None, "",
                 id="announcement-without-number"),
    pytest.param("appointment_order", {"document_kind": "ประกาศ", "order_number": "3/2563"}, None, "",
                 id="announcement-with-number"),
    pytest.param("appointment_order", {"document_kind": "ประกาศ", "order_number": "3/2562"},
                 "order_number", "เลขที่ประกาศ", id="announcement-number-wrong-year"),
]


def raw_for(key: str, changes: dict | None = None) -> dict:
    """Return the good raw values of a type with `changes` applied (OMIT leaves a field out)."""
    raw = dict(GOOD[key])
    for name, value in (changes or {}).items():
        if value is OMIT:
            raw.pop(name, None)
        else:
            raw[name] = value
    return raw


def test_entry_points_find_every_builtin_type():
    found = {ep.name: ep for ep in entry_points(group="evidence_archive")}
    assert set(MODULES) <= set(found)
    for name, module in MODULES.items():
        assert found[name].value == f"evidence_archive_plugins.{name}"
        assert found[name].load() is module


def test_hook_implementations_fit_the_spec():
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for name, module in MODULES.items():
        pm.register(module, name=name)
    pm.check_pending()
    results = pm.hook.register_evidence_types(app=None)
    assert sorted(t.key for types in results for t in types) == sorted(MODULES)


@pytest.mark.parametrize("key", MODULES)
def test_declaration(key):
    module, etype = MODULES[key], TYPES[key]
    assert module.register_evidence_types() == [etype]
    assert isinstance(etype, EvidenceType) and etype.key == key
    assert etype.problems() == []
    hash(etype)  # fields and accepts are tuples, so the frozen type stays hashable
    assert module.__version__ == "1.0.0"
    assert "งานสารบรรณ" in module.__doc__
    assert THAI.search(etype.name) and etype.name_en and THAI.search(etype.description)
    assert set(etype.accepts) <= FILE_KINDS
    assert {f.name for f in etype.fields if f.required} == REQUIRED[key]
    for field in etype.fields:
        assert THAI.search(field.label) and field.label_en, field.name


@pytest.mark.parametrize("key", MODULES)
def test_good_values_clean_to_canonical_form(key):
    values, errors = TYPES[key].clean(GOOD[key])
    assert errors == {}
    expected = {name: " ".join(raw.split()) if isinstance(raw, str) else raw
                for name, raw in GOOD[key].items()}
    expected = {**expected, **CANONICAL[key]}
    for name in ("enclosures", "agenda", "description", "summary"):  # longtext keeps its lines
        if name in GOOD[key]:
            expected[name] = GOOD[key][name]
    assert values == expected


@pytest.mark.parametrize("sample, snippets", [
    ("invitation-ktpn-1-2563.txt", ["ที่ ศธ 04290/1237", "8 พฤษภาคม 2563", "วันศุกร์ที่ 15 พฤษภาคม 2563",
                                    "เรียน คณะกรรมการ ก.ต.ป.น. ทุกท่าน", VENUE]),
    ("minutes-ktpn-2-2563.txt", ["ครั้งที่ 2/2563", "วันศุกร์ที่ 12 มิถุนายน 2563", "นางสาวอรุณี แก้วมณี"]),
    ("order-45-2563.txt", ["ที่ ๔๕/๒๕๖๓", "สั่ง ณ วันที่ ๒๐ มกราคม พ.ศ. ๒๕๖๓", ORDER_SUBJECT]),
])
def test_good_values_are_quoted_from_the_samples(sample, snippets):
    text = " ".join((DATA / sample).read_text("utf-8").split())
    for snippet in snippets:
        assert snippet in text


@pytest.mark.parametrize("key, name", [(k, n) for k, names in REQUIRED.items() for n in sorted(names)])
def test_missing_required_field(key, name):
    values, errors = TYPES[key].clean(raw_for(key, {name: "   "}))
    assert set(errors) == {name}
    field = TYPES[key].field(name)
    verb = "กรุณาเลือก" if field.kind == "choice" else "กรุณากรอก"
    assert errors[name] == f"{verb}ข้อมูล “{field.label}”"
    assert name not in values


@pytest.mark.parametrize("key, name, bad", MALFORMED)
def test_malformed_value(key, name, bad):
    values, errors = TYPES[key].clean(raw_for(key, {name: bad}))
    assert set(errors) == {name}
    assert THAI.search(errors[name])
    assert name not in values


@pytest.mark.parametrize("key, changes, field, words", CROSS_FIELD)
def test_cross_field(key, changes, field, words):
    values, errors = TYPES[key].clean(raw_for(key, changes))
    if field is None:
        assert errors == {}
    else:
        assert set(errors) == {field}
        assert words in errors[field] and THAI.search(errors[field])


def test_minutes_recorder_needs_a_name():
    check = TYPES["meeting_minutes"].validate
    assert "recorder" in check({"recorder": {"name": "", "position": "ผู้จดรายงานการประชุม"}})
    assert check({"recorder": {"name": "นางสาวอรุณี แก้วมณี", "position": ""}}) == {}


def test_minutes_search_text_reads_committee_and_agenda():
    etype = TYPES["meeting_minutes"]
    values, _ = etype.clean(GOOD["meeting_minutes"])
    text = etype.search_text(values)
    assert KTPN in text and "รับรองรายงานการประชุมครั้งที่ 1/2563" in text
    assert etype.search_text({"committee": "อ.ก.ค.ศ. เขตพื้นที่"}) == "อ.ก.ค.ศ. เขตพื้นที่"


@pytest.mark.parametrize("key", MODULES)
def test_snapshot_and_schema(key):
    etype = TYPES[key]
    snapshot = json.loads(json.dumps(etype.snapshot(), ensure_ascii=False))
    assert snapshot["key"] == key and snapshot["name"] == etype.name
    assert [f["name"] for f in snapshot["fields"]] == [f.name for f in etype.fields]

    schema = json.loads(json.dumps(etype.to_schema(), ensure_ascii=False))
    assert schema["accepts"] == list(etype.accepts)
    assert (schema["title_field"], schema["date_field"]) == (etype.title_field, etype.date_field)
    assert {f["name"] for f in schema["fields"] if f["required"]} == REQUIRED[key]
    kinds = {f["name"]: f["kind"] for f in schema["fields"]}
    assert kinds[etype.date_field] == "date"
    if etype.title_field:
        assert kinds[etype.title_field] == "text"


def test_file_rules():
    photos = TYPES["activity_photos"]
    assert (photos.accepts, photos.file_captions, photos.min_files, photos.max_files) == (("image",), True, 1, 100)
    assert TYPES["press_release"].min_files == 0
    assert TYPES["meeting_minutes"].title_field is None


# ---------------------------------------------------------------- photo gallery template

class _Tags(HTMLParser):
    """Collect (tag, attributes, class names) of every start tag."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs, set((attrs.get("class") or "").split())))


def _photo(public_id, filename, caption="", kind="image", width=1200, height=1600):
    blob = SimpleNamespace(kind=kind, width=width, height=height)
    return SimpleNamespace(public_id=public_id, filename=filename, caption=caption, blob=blob)


def _render(files):
    template_path = Path(TYPES["activity_photos"].item_template)
    # A bare environment escapes nothing by itself: the template must escape on its own.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(template_path.parent), undefined=jinja2.StrictUndefined)
    template = env.get_template(template_path.name)
    fields = [("กิจกรรม", "ประชุม <ก.ต.ป.น.>"), ("สถานที่", VENUE)]
    return template.render(
        item=SimpleNamespace(title="ภาพกิจกรรม"), etype=TYPES["activity_photos"], fields=fields,
        files=files, file_url=lambda f: f"/f/{f.public_id}/{f.filename}", thumb_url=lambda f: f"/t/{f.public_id}",
    )


def test_photos_template_file_exists():
    path = TYPES["activity_photos"].item_template
    assert isinstance(path, Path) and path.is_file()
    assert path == Path(activity_photos.__file__).parent / "templates" / "activity_photos.html"


def test_photos_template_renders_a_gallery():
    html = _render([
        _photo("a1", "ภาพที่1.jpg", "ประธานเปิดการประชุม <script>alert(1)</script>"),
        _photo("b2", "IMG_0002.jpg", width=None, height=None),
    ])
    parser = _Tags()
    parser.feed(html)
    tags = parser.tags
    assert any(t == "dl" and "meta" in c for t, _, c in tags)
    assert len([1 for t, _, c in tags if "gallery" in c]) == 1
    assert len([1 for t, _, c in tags if "gallery-item" in c]) == 2
    images = [a for t, a, _ in tags if t == "img"]
    assert [i["src"] for i in images] == ["/t/a1", "/t/b2"]
    assert all(i["loading"] == "lazy" for i in images)
    assert images[0]["alt"] == "ประธานเปิดการประชุม <script>alert(1)</script>"  # attribute, unescaped by the parser
    assert (images[0]["width"], images[0]["height"]) == ("1200", "1600")
    assert images[1]["alt"] == "IMG_0002.jpg" and "width" not in images[1]
    assert [a["href"] for t, a, _ in tags if t == "a"] == ["/f/a1/ภาพที่1.jpg", "/f/b2/IMG_0002.jpg"]
    assert len([1 for t, _, c in tags if "caption" in c]) == 1
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "ประชุม &lt;ก.ต.ป.น.&gt;" in html and VENUE in html


def test_photos_template_without_photos():
    html = _render([])
    assert "ยังไม่มีภาพ" in html and "gallery-item" not in html

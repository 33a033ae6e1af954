"""Tests for evidence_archive.thai: digits, BE/CE years, dates, fiscal years, times, numbers."""
import datetime as dt

import pytest

from evidence_archive import thai

D = dt.date
MAY_15 = D(2020, 5, 15)


# ---------------------------------------------------------------- digits and text

def test_digits_convert_both_ways():
    assert thai.to_arabic_digits("ที่ ๐๑๒๓๔๕๖๗๘๙") == "ที่ 0123456789"
    assert thai.to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"
    assert thai.to_arabic_digits(thai.to_thai_digits("2563/45")) == "2563/45"


@pytest.mark.parametrize("raw, expected", [
    ("123", 123), ("๑๒๓", 123), ("  42 ", 42), ("1,234", 1234), ("๑,๒๓๔,๕๖๗", 1234567),
    ("0", 0), ("-5", -5), ("\u200b12", 12), (7, 7), ("๐๐๗", 7),
])
def test_parse_int_accepts(raw, expected):
    assert thai.parse_int(raw) == expected


@pytest.mark.parametrize("raw", [
    "", " ", "1.5", "12a", "1,23", "12,34,567", "1 000", "๑๒,๓", "สิบ", "١٢", "１２",
    None, True, 1.0, [1],
])
def test_parse_int_rejects(raw):
    with pytest.raises(ValueError):
        thai.parse_int(raw)


@pytest.mark.parametrize("raw, expected", [
    ("  หนังสือ   เชิญ\tประชุม \n", "หนังสือ เชิญ ประชุม"),
    ("ประ\u200bชุม\ufeff", "ประชุม"),
    ("a\u200c\u200db", "ab"),
    ("e\u0301", "\u00e9"),  # NFC composes
    ("ครั้งที่ ๑/๒๕๖๓", "ครั้งที่ ๑/๒๕๖๓"),  # Thai digits are left alone
    ("รายงาน\u202efdp.exe", "รายงานfdp.exe"),  # a right-to-left override
    ("\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061cชื่อ", "ชื่อ"),
    ("ชื่อ \u2067 สกุล", "ชื่อ สกุล"),
    (None, ""),
    ("", ""),
])
def test_normalize_text(raw, expected):
    assert thai.normalize_text(raw) == expected


def test_running_text_loses_overrides_but_keeps_lines_and_marks():
    text = "\u202aวาระ\u202e ที่ 1\r\n\u2066\u200fمرحبا\u2069\u200e\tจบ\u202c"
    assert thai.strip_bidi_overrides(text) == "วาระ ที่ 1\r\n\u200fمرحبا\u200e\tจบ"


# ---------------------------------------------------------------- years

def test_be_ce_years():
    assert thai.be_year(2020) == 2563
    assert thai.ce_year(2563) == 2020
    assert thai.ce_year(thai.be_year(1999)) == 1999


@pytest.mark.parametrize("year, ce", [
    (2563, 2020), (2500, 1957), (2700, 2157), (2020, 2020), (1957, 1957), (2157, 2157),
    (63, 2020), (0, 1957), (99, 2056), (64, 2021),
])
def test_normalize_year(year, ce):
    assert thai.normalize_year(year) == ce


@pytest.mark.parametrize("year", [-1, 100, 150, 999, 1899, 1900, 1956, 2158, 2399, 2400, 2499,
                                  2701, 9999])
def test_normalize_year_rejects(year):
    with pytest.raises(ValueError, match=r"^ปีต้องอยู่ระหว่าง พ\.ศ\. 2500–2700 \(ค\.ศ\. 1957–2157\)$"):
        thai.normalize_year(year)


@pytest.mark.parametrize("year, era, two_digits, ce", [
    (2563, None, False, 2020), (2020, None, False, 2020), (63, None, True, 2020),
    (2563, "พ", False, 2020), (63, "พ", True, 2020), (2020, "ค", False, 2020),
])
def test_read_year(year, era, two_digits, ce):
    assert thai.read_year(year, era, two_digits) == ce


@pytest.mark.parametrize("year, era, two_digits", [
    (0, None, False), (1, None, False), (9999, None, False), (63, None, False),
    (2020, "พ", False), (2563, "ค", False), (20, "ค", True), (2499, None, False),
])
def test_read_year_refuses_years_outside_the_window(year, era, two_digits):
    with pytest.raises(thai.ParseError) as info:
        thai.read_year(year, era, two_digits)
    assert info.value.message == thai.YEAR_RANGE_MESSAGE
    assert "2500–2700" in info.value.message and "1957–2157" in info.value.message
    assert info.value.message_en.startswith("The year must be between BE 2500 and 2700")


# ---------------------------------------------------------------- parse_date

@pytest.mark.parametrize("raw", [
    "2020-05-15", "2563-05-15", "2563-5-15", "2020/05/15",
    "15/5/2563", "15/05/2020", "15-5-2563", "15.5.2563", "15/05/63", "15 / 05 / 2563",
    "15 พฤษภาคม 2563", "15 พ.ค. 2563", "15 พ.ค. 63", "15 พ.ค.63", "15 พค 2563", "15พฤษภาคม2563",
    "วันที่ 15 พฤษภาคม พ.ศ. 2563", "วันที่ 15 พฤษภาคม พ.ศ.2563", "15 พฤษภาคม พศ 2563",
    "วันศุกร์ที่ 15 พฤษภาคม 2563", "15 พฤษภาคม ค.ศ. 2020", "วันที่ 15 พ.ค. พ.ศ. 63",
    "๑๕/๐๕/๒๕๖๓", "๑๕ พฤษภาคม ๒๕๖๓", "วันที่ ๑๕ พ.ค. ๒๕๖๓", "๒๕๖๓-๐๕-๑๕",
    "15 May 2020", "15 may 2020", "15 May, 2020", "May 15, 2020", "15 MAY 2020",
    "  15 \u200bพฤษภาคม   2563 ",
])
def test_parse_date_accepts(raw):
    assert thai.parse_date(raw) == MAY_15


@pytest.mark.parametrize("raw, expected", [
    ("สั่ง ณ วันที่ ๒๐ มกราคม พ.ศ. ๒๕๖๓", D(2020, 1, 20)),
    ("8 พฤษภาคม 2563", D(2020, 5, 8)),
    ("1 ต.ค. 2562", D(2019, 10, 1)),
    ("30 ก.ย. 2563", D(2020, 9, 30)),
    ("15 พฤศจิกายน 2563", D(2020, 11, 15)),
    ("1 กรกฏาคม 2563", D(2020, 7, 1)),  # common misspelling of กรกฎาคม
    ("31 ธ.ค. 2563", D(2020, 12, 31)),
    ("1 Sept 2020", D(2020, 9, 1)),
    ("29/02/2563", D(2020, 2, 29)),  # 2020 is a leap year
    ("29 กุมภาพันธ์ 2567", D(2024, 2, 29)),
    (D(2020, 5, 15), MAY_15),
    (dt.datetime(2020, 5, 15, 10, 21), MAY_15),
])
def test_parse_date_values(raw, expected):
    assert thai.parse_date(raw) == expected


@pytest.mark.parametrize("raw", [
    "31/02/2563", "29/02/2564", "30 กุมภาพันธ์ 2563", "15/13/2563", "0/5/2563",
    "32/01/2563", "31 เม.ย. 2563", "2563-02-30", "2020-13-01", "31 June 2020",
])
def test_parse_date_impossible(raw):
    with pytest.raises(ValueError, match="^วันที่ไม่มีอยู่จริง$") as info:
        thai.parse_date(raw)
    assert info.value.message_en == "This date does not exist"


@pytest.mark.parametrize("raw", [
    "", "   ", "hello", "15 foo 2563", "15/5", "15/5-2563", "15 พฤษภาคม", "พฤษภาคม 2563",
    "15 พฤษภาคม 256", "15 พ.ค. พ.ศ. ค.ศ. 2563", "2563", "١٥/٠٥/٢٠٢٠", 20200515, None,
])
def test_parse_date_unreadable(raw):
    with pytest.raises(ValueError, match="^รูปแบบวันที่ไม่ถูกต้อง ตัวอย่าง: 15/05/2563"):
        thai.parse_date(raw)


@pytest.mark.parametrize("raw", [
    "0000-01-01", "0001-01-01", "9999-12-31", "01/01/0000", "01/01/0001", "31/12/9999",
    "1 มกราคม 0000", "๑ มกราคม ๐๐๐๑", "๓๑/๑๒/๙๙๙๙", "January 1 0001", "15/05/1800",
    "15 พฤษภาคม พ.ศ. 2020", "15 May ค.ศ. 2563", "1 ม.ค. 2499", "1 ม.ค. 2701", "1/1/1956",
    "1/1/2158", "0063-05-15", D(1, 1, 1), D(9999, 12, 31), dt.datetime(1800, 1, 1),
])
def test_parse_date_refuses_years_no_evidence_can_have(raw):
    """0000, 0001 and 9999 were read as 1957, 1958 and 9456; now they are refused with the window."""
    with pytest.raises(thai.ParseError) as info:
        thai.parse_date(raw)
    assert info.value.message == "ปีต้องอยู่ระหว่าง พ.ศ. 2500–2700 (ค.ศ. 1957–2157)"


@pytest.mark.parametrize("raw, expected", [
    ("1 ม.ค. 2500", D(1957, 1, 1)), ("31/12/2700", D(2157, 12, 31)), ("1/1/1957", D(1957, 1, 1)),
    ("31 Dec 2157", D(2157, 12, 31)), ("1/1/00", D(1957, 1, 1)), ("๑/๑/๙๙", D(2056, 1, 1)),
])
def test_parse_date_accepts_the_edges_of_the_window(raw, expected):
    assert thai.parse_date(raw) == expected


# ---------------------------------------------------------------- format_date

@pytest.mark.parametrize("style, locale, expected", [
    ("long", "th", "15 พฤษภาคม 2563"),
    ("short", "th", "15 พ.ค. 2563"),
    ("numeric", "th", "15/05/2563"),
    ("long", "en", "15 May 2020"),
    ("short", "en", "15 May 2020"),
    ("numeric", "en", "15/05/2020"),
    ("long", "th_TH", "15 พฤษภาคม 2563"),
])
def test_format_date_styles(style, locale, expected):
    assert thai.format_date(MAY_15, style, locale) == expected


@pytest.mark.parametrize("value", [
    MAY_15, dt.datetime(2020, 5, 15, 23, 59), "2020-05-15", "2020-05-15T10:21:00", "15/05/2563",
])
def test_format_date_accepts(value):
    assert thai.format_date(value) == "15 พฤษภาคม 2563"


def test_format_date_details():
    assert thai.format_date(None) == ""
    assert thai.format_date("") == ""
    assert thai.format_date(D(2020, 1, 5)) == "5 มกราคม 2563"
    assert thai.format_date(D(2020, 9, 3), "short", "en") == "3 Sep 2020"
    with pytest.raises(ValueError):
        thai.format_date(MAY_15, "fancy")


@pytest.mark.parametrize("day", [D(2020, 2, 29), D(2019, 10, 1), D(2021, 12, 31), D(2000, 1, 1)])
@pytest.mark.parametrize("style", ["long", "short", "numeric"])
@pytest.mark.parametrize("locale", ["th", "en"])
def test_format_date_round_trips(day, style, locale):
    assert thai.parse_date(thai.format_date(day, style, locale)) == day


def test_thai_month_tables():
    assert len(thai.THAI_MONTHS) == len(thai.THAI_MONTHS_ABBR) == 12
    assert thai.THAI_MONTHS[4] == "พฤษภาคม"
    assert thai.THAI_MONTHS_ABBR == (
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    )


@pytest.mark.parametrize("value, locale, expected", [
    (dt.datetime(2020, 5, 15, 10, 21), "th", "15 พ.ค. 2563 10:21 น."),
    (dt.datetime(2020, 5, 15, 9, 5), "en", "15 May 2020 09:05"),
    ("2020-05-15T10:21:00", "th", "15 พ.ค. 2563 10:21 น."),
    (MAY_15, "th", "15 พ.ค. 2563"),
    (None, "th", ""),
])
def test_format_datetime(value, locale, expected):
    assert thai.format_datetime(value, locale) == expected


# ---------------------------------------------------------------- fiscal years

@pytest.mark.parametrize("day, fiscal_year", [
    (D(2019, 10, 1), 2563), (D(2020, 9, 30), 2563), (D(2020, 10, 1), 2564),
    (D(2020, 1, 1), 2563), (D(2019, 9, 30), 2562), (D(2021, 12, 31), 2565),
    (dt.datetime(2020, 10, 1, 0, 0), 2564),
])
def test_fiscal_year_of(day, fiscal_year):
    assert thai.fiscal_year_of(day) == fiscal_year


def test_fiscal_year_bounds():
    assert thai.fiscal_year_bounds(2563) == (D(2019, 10, 1), D(2020, 9, 30))
    assert thai.fiscal_year_bounds(2565) == (D(2021, 10, 1), D(2022, 9, 30))
    with pytest.raises(ValueError):
        thai.fiscal_year_bounds(2020)
    with pytest.raises(ValueError, match="2500–2700"):
        thai.fiscal_year_bounds(9999)


@pytest.mark.parametrize("fiscal_year", [2560, 2563, 2567, 2568])
def test_fiscal_year_bounds_agree_with_fiscal_year_of(fiscal_year):
    start, end = thai.fiscal_year_bounds(fiscal_year)
    assert thai.fiscal_year_of(start) == thai.fiscal_year_of(end) == fiscal_year
    assert thai.fiscal_year_of(start - dt.timedelta(days=1)) == fiscal_year - 1
    assert thai.fiscal_year_of(end + dt.timedelta(days=1)) == fiscal_year + 1


# ---------------------------------------------------------------- times

@pytest.mark.parametrize("raw, expected", [
    ("09.30", "09:30"), ("9:30", "09:30"), ("09.30 น.", "09:30"), ("๐๙.๓๐ น.", "09:30"),
    ("เวลา 13.00 น.", "13:00"), ("เวลา ๑๓.๓๐ น.", "13:30"), ("9 น.", "09:00"),
    ("16 นาฬิกา", "16:00"), ("09:30:00", "09:30"), ("0.00", "00:00"), ("23.59", "23:59"),
    ("09.30น", "09:30"), (dt.time(8, 5), "08:05"), (dt.datetime(2020, 5, 15, 10, 21), "10:21"),
])
def test_parse_time_accepts(raw, expected):
    assert thai.parse_time(raw) == expected


@pytest.mark.parametrize("raw", ["24.00", "9.60", "25:00 น.", "99.99"])
def test_parse_time_impossible(raw):
    with pytest.raises(ValueError, match="^เวลาไม่มีอยู่จริง$"):
        thai.parse_time(raw)


@pytest.mark.parametrize("raw", ["", "9", "เช้า", "9.3", "09-30", "9.30 am", "1234", None, 930])
def test_parse_time_unreadable(raw):
    with pytest.raises(ValueError, match="^รูปแบบเวลาไม่ถูกต้อง"):
        thai.parse_time(raw)


@pytest.mark.parametrize("raw, locale, expected", [
    ("09:30", "th", "09.30 น."), ("09:30", "en", "09:30"), ("เวลา ๑๓.๐๐ น.", "th", "13.00 น."),
    (dt.time(7, 0), "th", "07.00 น."), (None, "th", ""), ("", "en", ""),
])
def test_format_time(raw, locale, expected):
    assert thai.format_time(raw, locale) == expected


@pytest.mark.parametrize("hhmm", ["00:00", "09:30", "13:05", "23:59"])
@pytest.mark.parametrize("locale", ["th", "en"])
def test_format_time_round_trips(hhmm, locale):
    assert thai.parse_time(thai.format_time(hhmm, locale)) == hhmm


# ---------------------------------------------------------------- official numbers

@pytest.mark.parametrize("raw, expected", [
    ("ที่ ศธ 04290/1237", "ศธ 04290/1237"),
    ("ที่ ศธ ๐๔๓๔๙/ว ๓๖๙๔", "ศธ 04349/ว3694"),
    ("ที่ สพม.29/123", "สพม.29/123"),
])
def test_parse_doc_number(raw, expected):
    assert thai.parse_doc_number(raw) == expected


@pytest.mark.parametrize("parse, raw, expected", [
    (thai.parse_meeting_number, "ครั้งที่ ๑/๒๕๖๓", "1/2563"),
    (thai.parse_meeting_number, "ครั้งที่ 1/63", "1/2563"),
    (thai.parse_order_number, "คำสั่ง สพม.29 ที่ 45/2563", "45/2563"),
])
def test_parse_number_year(parse, raw, expected):
    assert parse(raw) == expected


def test_number_year_errors_carry_english():
    with pytest.raises(thai.ParseError) as info:
        thai.parse_meeting_number("1/2020")
    assert info.value.message == "กรุณาระบุปีเป็น พ.ศ. เช่น 1/2563"
    assert "Buddhist Era" in info.value.message_en
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("parse, raw", [
    (thai.parse_meeting_number, "ครั้งที่ 1/0000"), (thai.parse_meeting_number, "1/9999"),
    (thai.parse_order_number, "ที่ 45/0001"), (thai.parse_order_number, "ที่ ๔๕/๒๔๙๙"),
])
def test_number_year_refuses_years_outside_the_window(parse, raw):
    with pytest.raises(thai.ParseError, match=r"ต้องอยู่ระหว่าง พ\.ศ\. 2500–2700$"):
        parse(raw)

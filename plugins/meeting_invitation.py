"""หนังสือเชิญประชุม (meeting invitation): the letter that calls a committee to meet.

Under ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 and its amendments an
invitation is a หนังสือภายนอก (or, inside the office, a หนังสือภายใน /
บันทึกข้อความ).  It carries the parts the regulation prescribes: ที่ (the
office's letter number, e.g. ``ที่ ศธ 04290/1237``), the date, เรื่อง, เรียน,
อ้างถึง and สิ่งที่ส่งมาด้วย when there are any, a body naming the meeting's
date, time and venue, and the signer with his or her position.

For the ITA it is the first proof that a committee such as ก.ต.ป.น.,
อ.ก.ค.ศ. เขตพื้นที่ or กศจ. was invited to take part, so the meeting it calls
must not come before the letter, and its meeting number (ครั้งที่ N/พ.ศ.) is
counted by calendar year or by fiscal year (ปีงบประมาณ).
"""
from __future__ import annotations

import datetime as dt

from evidence_archive import EvidenceType, Field, hookimpl

__version__ = "1.0.0"
evidence_archive_hook_version = 1  # written for the hooks of version 1 (register_evidence_types)


def check_invitation(values: dict) -> dict:
    """Check that the meeting follows the letter and its number names the meeting's year."""
    errors = {}
    letter_date, meeting_date = values.get("date"), values.get("meeting_date")
    if letter_date and meeting_date and meeting_date < letter_date:  # ISO dates sort as text
        errors["meeting_date"] = "วันประชุมต้องไม่ก่อนวันที่ของหนังสือเชิญประชุม"
    number = values.get("meeting_number")
    if number and meeting_date:
        day = dt.date.fromisoformat(meeting_date)
        be_year = day.year + 543
        fiscal_year = be_year + 1 if day.month >= 10 else be_year  # 1 Oct starts the next FY
        if int(number.split("/")[1]) not in (be_year, fiscal_year):
            years = f"ปี พ.ศ. {be_year}"
            if fiscal_year != be_year:
                years += f" หรือปีงบประมาณ {fiscal_year}"
            errors["meeting_number"] = f"ครั้งที่ {number} ไม่ตรงกับปีของวันประชุม ควรเป็น{years}"
    return errors


INVITATION = EvidenceType(
    key="meeting_invitation",
    name="หนังสือเชิญประชุม",
    name_en="Meeting invitation",
    description="หนังสือเชิญคณะกรรมการเข้าร่วมประชุม ที่มีเลขที่หนังสือ วันที่ และผู้ลงนาม",
    fields=(
        Field("doc_number", "ที่", "Document number", kind="doc_number", required=True,
              placeholder="ที่ ศธ 04290/1237"),
        Field("date", "ลงวันที่", "Date", kind="date", required=True,
              placeholder="8 พฤษภาคม 2563"),
        Field("subject", "เรื่อง", "Subject", required=True, search_weight=2.0,
              placeholder="ขอเชิญประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563"),
        Field("recipient", "เรียน", "To", required=True, placeholder="คณะกรรมการ ก.ต.ป.น. ทุกท่าน"),
        Field("reference", "อ้างถึง", "Reference"),
        Field("enclosures", "สิ่งที่ส่งมาด้วย", "Enclosures", kind="longtext",
              placeholder="ระเบียบวาระการประชุม จำนวน 1 ชุด"),
        Field("committee", "คณะกรรมการ", "Committee", placeholder="ก.ต.ป.น."),
        Field("meeting_number", "ครั้งที่", "Meeting number", kind="meeting_number",
              placeholder="1/2563"),
        Field("meeting_date", "วันประชุม", "Meeting date", kind="date", required=True),
        Field("meeting_time", "เวลา", "Time", kind="time", placeholder="09.00 น."),
        Field("venue", "สถานที่ประชุม", "Venue", required=True),
        Field("signer", "ผู้ลงนาม", "Signed by", kind="person", required=True,
              help="ชื่อ | ตำแหน่ง", placeholder="นายประเสริฐ ศรีสุข | ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"),
    ),
    accepts=("pdf", "image", "word"),
    title_field="subject",
    date_field="date",
    validate=check_invitation,
)


@hookimpl
def register_evidence_types():
    """Register หนังสือเชิญประชุม."""
    return [INVITATION]

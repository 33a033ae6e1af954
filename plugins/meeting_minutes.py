"""รายงานการประชุม (meeting minutes): the record of what a committee met about and decided.

ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 counts minutes among the
หนังสือที่เจ้าหน้าที่ทำขึ้นหรือรับไว้เป็นหลักฐานในราชการ and gives their form
(แบบที่ 11 ท้ายระเบียบ): the committee or meeting's name, ครั้งที่ N/พ.ศ., the
date (เมื่อ), the venue (ณ), ผู้มาประชุม, ผู้ไม่มาประชุม, ผู้เข้าร่วมประชุม,
the time the meeting began (เริ่มประชุมเวลา), the agenda items with their
resolutions, the time it ended (เลิกประชุมเวลา), and the recorder
(ผู้จดรายงานการประชุม) who signs it.

The ITA accepts minutes as proof of participation only when they name the
recorder and the attendees, so both are required here.  Minutes have no
subject line of their own: their title is left to the uploader, and search
reads the committee's name and the agenda instead.
"""
from __future__ import annotations

from evidence_archive import EvidenceType, Field, hookimpl

__version__ = "1.0.0"
evidence_archive_hook_version = 1  # written for the hooks of version 1 (register_evidence_types)

PEOPLE_HELP = "หนึ่งคนต่อบรรทัด: ชื่อ | ตำแหน่ง"


def check_minutes(values: dict) -> dict:
    """Check that the meeting ends after it starts and that the recorder is named."""
    errors = {}
    start, end = values.get("start_time"), values.get("end_time")
    if start and end and end <= start:  # HH:MM sorts as text
        errors["end_time"] = "เวลาเลิกประชุมต้องหลังเวลาเริ่มประชุม"
    recorder = values.get("recorder")
    if recorder is not None and not recorder.get("name"):
        errors["recorder"] = "กรุณากรอกชื่อผู้จดรายงานการประชุม"
    return errors


def minutes_search_text(values: dict) -> str:
    """Return the committee's name and the agenda, which stand in for a subject line."""
    return "\n".join(filter(None, (values.get("committee"), values.get("agenda"))))


MINUTES = EvidenceType(
    key="meeting_minutes",
    name="รายงานการประชุม",
    name_en="Meeting minutes",
    description="รายงานการประชุมที่ระบุผู้มาประชุม ระเบียบวาระ มติที่ประชุม และผู้จดรายงานการประชุม",
    fields=(
        Field("committee", "คณะกรรมการ/ชื่อการประชุม", "Committee or meeting", required=True,
              search_weight=2.0,
              placeholder="คณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.)"),
        Field("meeting_number", "ครั้งที่", "Meeting number", kind="meeting_number", required=True,
              placeholder="2/2563"),
        Field("meeting_date", "วันที่ประชุม", "Meeting date", kind="date", required=True),
        Field("start_time", "เริ่มประชุมเวลา", "Started at", kind="time", placeholder="09.00 น."),
        Field("end_time", "เลิกประชุมเวลา", "Ended at", kind="time", placeholder="12.00 น."),
        Field("venue", "ณ (สถานที่)", "Venue", required=True),
        Field("attendees", "ผู้มาประชุม", "Present", kind="people", required=True, help=PEOPLE_HELP),
        Field("absentees", "ผู้ไม่มาประชุม", "Absent", kind="people", help=PEOPLE_HELP),
        Field("others", "ผู้เข้าร่วมประชุม", "Also attending", kind="people", help=PEOPLE_HELP),
        Field("agenda", "ระเบียบวาระการประชุม", "Agenda", kind="longtext"),
        Field("recorder", "ผู้จดรายงานการประชุม", "Recorded by", kind="person", required=True,
              help="ชื่อ | ตำแหน่ง"),
    ),
    accepts=("pdf", "word", "image"),
    date_field="meeting_date",
    validate=check_minutes,
    search_text=minutes_search_text,
)


@hookimpl
def register_evidence_types():
    """Register รายงานการประชุม."""
    return [MINUTES]

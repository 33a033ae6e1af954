"""คำสั่ง/ประกาศแต่งตั้ง (appointment order or announcement): the act that forms a committee.

ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 makes a คำสั่ง a หนังสือ
สั่งการ (ข้อ 16, แบบที่ 4 ท้ายระเบียบ): the issuing office, ที่ (its number,
counted from 1 to the end of each calendar year, over the BE year: ``ที่ 45/2563``),
เรื่อง, the text, ``สั่ง ณ วันที่`` and the signer.  A ประกาศ is a หนังสือ
ประชาสัมพันธ์ (แบบที่ 7) with the same parts but ``ประกาศ ณ วันที่``; the
regulation's form gives it no number, though many offices number theirs the
same way.  So the number is required of a คำสั่ง only, and whenever there is
one its year must be the calendar year the document was issued in.

For the ITA an order appointing a committee shows who was given a part in the
office's work; orders are often typed with Thai digits (๔๕/๒๕๖๓), which the
fields read as well.
"""
from __future__ import annotations

from evidence_archive import EvidenceType, Field, hookimpl

__version__ = "1.0.0"
evidence_archive_hook_version = 1  # written for the hooks of version 1 (register_evidence_types)

ORDER = "คำสั่ง"
ANNOUNCEMENT = "ประกาศ"


def check_order(values: dict) -> dict:
    """Require a number on a คำสั่ง and check its year against the date of issue."""
    kind = values.get("document_kind") or ORDER
    number, issued = values.get("order_number"), values.get("order_date")
    if not number:
        return {"order_number": "กรุณากรอกเลขที่คำสั่ง"} if kind == ORDER else {}
    year = int(number.split("/")[1])
    if issued and year != int(issued[:4]) + 543:  # numbers restart each calendar year
        return {"order_number": (
            f"ปีของเลขที่{kind} ({year}) ต้องตรงกับปี พ.ศ. ของวันที่ออก{kind} "
            f"({int(issued[:4]) + 543}) เพราะเลขที่{kind}เริ่มนับใหม่ทุกปีปฏิทิน"
        )}
    return {}


APPOINTMENT_ORDER = EvidenceType(
    key="appointment_order",
    name="คำสั่ง/ประกาศแต่งตั้ง",
    name_en="Appointment order or announcement",
    description="คำสั่งหรือประกาศแต่งตั้งคณะกรรมการหรือคณะทำงาน ที่มีเลขที่ วันที่ และผู้ลงนาม",
    fields=(
        Field("document_kind", "ประเภท", "Kind", kind="choice", required=True,
              choices=(ORDER, ANNOUNCEMENT)),
        Field("issuer", "หน่วยงานที่ออก", "Issued by", required=True,
              placeholder="สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาอุบลราชธานี อำนาจเจริญ"),
        Field("order_number", "ที่", "Number", kind="order_number",
              help="จำเป็นสำหรับคำสั่ง ประกาศที่ไม่มีเลขที่ให้เว้นว่าง", placeholder="45/2563"),
        Field("subject", "เรื่อง", "Subject", required=True, search_weight=2.0),
        Field("order_date", "สั่ง ณ วันที่ / ประกาศ ณ วันที่", "Date of issue", kind="date",
              required=True, placeholder="20 มกราคม 2563"),
        Field("signer", "ผู้ลงนาม", "Signed by", kind="person", required=True,
              help="ชื่อ | ตำแหน่ง"),
        Field("appointees", "ผู้ได้รับแต่งตั้ง", "Appointees", kind="people",
              help="หนึ่งคนต่อบรรทัด: ชื่อ | ตำแหน่ง"),
    ),
    accepts=("pdf", "image", "word"),
    title_field="subject",
    date_field="order_date",
    validate=check_order,
)


@hookimpl
def register_evidence_types():
    """Register คำสั่ง/ประกาศแต่งตั้ง."""
    return [APPOINTMENT_ORDER]

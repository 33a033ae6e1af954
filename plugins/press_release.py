"""ข่าวประชาสัมพันธ์ (press release): news the office published about its own work.

ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 counts ข่าว, with ประกาศ
and แถลงการณ์, as a หนังสือประชาสัมพันธ์: what the office wants the public to
know.  For the ITA the strongest evidence of such news is a public page on the
office's own website (or its official Facebook page), which assessors open
themselves; a web link alone is therefore enough and files are optional, but
news published on the web must give its link.
"""
from __future__ import annotations

from evidence_archive import EvidenceType, Field, hookimpl

__version__ = "1.0.0"
evidence_archive_hook_version = 1  # written for the hooks of version 1 (register_evidence_types)

WEBSITE = "เว็บไซต์หน่วยงาน"
FACEBOOK = "Facebook"
CHANNELS = (WEBSITE, FACEBOOK, "LINE", "หนังสือพิมพ์", "วิทยุ/โทรทัศน์", "อื่น ๆ")
#: Channels whose news lives at a public address an assessor can open.
LINKED_CHANNELS = (WEBSITE, FACEBOOK)


def check_press_release(values: dict) -> dict:
    """Require the link for news published on the web."""
    channel = values.get("channel")
    if channel in LINKED_CHANNELS and not values.get("url"):
        return {"url": f"กรุณากรอกลิงก์ข่าว เมื่อช่องทางการเผยแพร่คือ {channel}"}
    return {}


PRESS_RELEASE = EvidenceType(
    key="press_release",
    name="ข่าวประชาสัมพันธ์",
    name_en="Press release",
    description="ข่าวที่หน่วยงานเผยแพร่ พร้อมวันที่และช่องทางการเผยแพร่ และลิงก์เมื่อเผยแพร่ทางเว็บไซต์",
    fields=(
        Field("headline", "หัวข้อข่าว", "Headline", required=True, search_weight=2.0),
        Field("published_on", "วันที่เผยแพร่", "Published on", kind="date", required=True),
        Field("channel", "ช่องทางการเผยแพร่", "Channel", kind="choice", required=True,
              choices=CHANNELS),
        Field("url", "ลิงก์ข่าว", "Link", kind="url",
              help="จำเป็นเมื่อเผยแพร่ทางเว็บไซต์หน่วยงานหรือ Facebook",
              placeholder="https://"),
        Field("summary", "เนื้อหาโดยย่อ", "Summary", kind="longtext"),
        Field("author", "ผู้เขียนข่าว", "Author"),
    ),
    accepts=("pdf", "image", "word", "text"),
    title_field="headline",
    date_field="published_on",
    min_files=0,  # the public link is the evidence; a screenshot or PDF is optional
    validate=check_press_release,
)


@hookimpl
def register_evidence_types():
    """Register ข่าวประชาสัมพันธ์."""
    return [PRESS_RELEASE]

"""ภาพกิจกรรม (activity photos): photographs that show an activity took place.

Photos are not among the six kinds of official document in ระเบียบสำนัก
นายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526; they are kept beside the documents
(the invitation, the minutes, the order) as the visible record of the same
activity.  The ITA accepts them only when they show when and where the activity
happened, so the date and the venue are required, and each photo carries its
own caption saying what it shows.
"""
from __future__ import annotations

from pathlib import Path

from evidence_archive import EvidenceType, Field, hookimpl

__version__ = "1.0.0"
evidence_archive_hook_version = 1  # written for the hooks of version 1 (register_evidence_types)

ACTIVITY_PHOTOS = EvidenceType(
    key="activity_photos",
    name="ภาพกิจกรรม",
    name_en="Activity photos",
    description="ภาพถ่ายกิจกรรม พร้อมวันที่ สถานที่ และคำบรรยายใต้ภาพแต่ละภาพ",
    fields=(
        Field("activity", "กิจกรรม", "Activity", required=True, search_weight=2.0,
              placeholder="ประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563"),
        Field("activity_date", "วันที่จัดกิจกรรม", "Date", kind="date", required=True),
        Field("venue", "สถานที่", "Venue", required=True),
        Field("description", "รายละเอียด", "Description", kind="longtext"),
        Field("photographer", "ผู้ถ่ายภาพ", "Photographer"),
    ),
    accepts=("image",),
    title_field="activity",
    date_field="activity_date",
    file_captions=True,
    min_files=1,
    max_files=100,
    item_template=Path(__file__).with_name("templates") / "activity_photos.html",
)


@hookimpl
def register_evidence_types():
    """Register ภาพกิจกรรม."""
    return [ACTIVITY_PHOTOS]

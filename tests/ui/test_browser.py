"""What a clerk and a visitor do in a real browser: sign in, file evidence, publish, download."""
from __future__ import annotations

import json
import re
import zipfile

import pytest

from ..conftest import DATA
from .conftest import log_in, shot

pytestmark = pytest.mark.browser

INVITATION = {
    "doc_number": "ที่ ศธ 04290/1237",
    "date": "1 พฤษภาคม 2563",
    "subject": "ขอเชิญประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563",
    "recipient": "กรรมการ ก.ต.ป.น. ทุกท่าน",
    "meeting_date": "15 พฤษภาคม 2563",
    "venue": "ห้องประชุมสำนักงานเขตพื้นที่การศึกษา",
    "signer__name": "นายสมชาย ใจดี",
    "signer__position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
}
FILES = [
    ("หนังสือเชิญประชุม ครั้งที่ 1.pdf", "invitation-ktpn-1-2563.pdf"),
    ("รายงานการประชุม ครั้งที่ 2.pdf", "minutes-ktpn-2-2563.pdf"),
]
SET_TITLE = "การประชุม ก.ต.ป.น. ครั้งที่ 1/2563"


def expect(locator):
    from playwright.sync_api import expect as _expect
    return _expect(locator)


def create_set(page) -> None:
    """From the year page, create อ้างอิงชุด 1 in การร่วมวางแผน; end on the new set's page."""
    page.goto("/years/2563/")
    stage = page.locator("section").filter(
        has=page.get_by_role("heading", name="การร่วมวางแผน", exact=True))
    stage.get_by_role("link", name="สร้างชุดหลักฐานใหม่").click()
    expect(page).to_have_url(re.compile(r"/categories/\d+/sets/new$"))
    page.locator('[name="number"]').fill("1")
    page.locator('[name="title"]').fill(SET_TITLE)
    page.locator('[name="description"]').fill("ร่วมวางแผนการดำเนินงานกับคณะกรรมการ")
    page.locator('form:has([name="title"]) [type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/s/[\w-]+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(SET_TITLE)


def add_invitation(page) -> None:
    """From the set page, add a หนังสือเชิญประชุม with two Thai-named PDFs; end on the item page."""
    page.get_by_role("link", name="หนังสือเชิญประชุม", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/s/[\w-]+/items/new\?type=meeting_invitation$"))
    for name, value in INVITATION.items():
        page.locator(f'[name="{name}"]').fill(value)
    page.locator("input[type=file]").set_input_files([
        {"name": name, "mimeType": "application/pdf", "buffer": (DATA / source).read_bytes()}
        for name, source in FILES])
    # The upload script lists each chosen file with its own progress bar.
    expect(page.locator("form progress")).to_have_count(len(FILES))
    page.locator("form[data-upload] [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/i/[\w-]+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(INVITATION["subject"])
    for name, _ in FILES:
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()


def test_staff_files_evidence_and_a_visitor_downloads_it(page, new_page, tmp_path):
    log_in(page, "staff")
    expect(page.get_by_role("button", name="ออกจากระบบ")).to_be_visible()
    create_set(page)
    set_url = page.url
    add_invitation(page)
    item_url = page.url

    page.goto(set_url)
    page.get_by_role("button", name="เผยแพร่ทั้งชุด").first.click()
    expect(page.locator(".set-status")).to_contain_text("เผยแพร่แล้ว")
    expect(page.get_by_role("link", name=INVITATION["subject"])).to_be_visible()
    shot(page, "set-page")
    public_link = page.locator("#permalink").input_value()
    assert public_link.endswith(set_url.rsplit("/", 1)[-1])

    visitor = new_page()  # a new context: no session cookie
    visitor.goto(public_link)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(SET_TITLE)
    expect(visitor.get_by_role("link", name=INVITATION["subject"])).to_be_visible()
    expect(visitor.get_by_role("button", name="เผยแพร่ทั้งชุด")).to_have_count(0)

    with visitor.expect_download() as zipped:
        visitor.get_by_role("link", name="ดาวน์โหลดทั้งชุด").click()
    assert zipped.value.suggested_filename.endswith(".zip")
    zip_path = tmp_path / "set.zip"
    zipped.value.save_as(zip_path)
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        assert {"manifest.csv", "manifest.json"} <= set(names)
        for name, source in FILES:
            (inside,) = [n for n in names if n.endswith("/" + name)]
            assert "การร่วมวางแผน" in inside
            assert archive.read(inside) == (DATA / source).read_bytes()
        manifest = json.loads(archive.read("manifest.json"))
    assert INVITATION["subject"] in json.dumps(manifest, ensure_ascii=False)

    visitor.goto(item_url)
    first = visitor.locator("li").filter(has=visitor.get_by_role("link", name=FILES[0][0],
                                                                  exact=True))
    with visitor.expect_download() as single:
        first.get_by_role("link", name="ดาวน์โหลด", exact=True).click()
    assert single.value.suggested_filename == FILES[0][0]
    single_path = tmp_path / "single.pdf"
    single.value.save_as(single_path)
    assert single_path.read_bytes() == (DATA / FILES[0][1]).read_bytes()


def test_failed_sign_in_is_told_in_thai_and_english_is_a_click_away(page):
    log_in(page, "staff", "รหัสผ่านผิด")
    expect(page.get_by_role("alert")).to_have_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
    expect(page.locator("html")).to_have_attribute("lang", "th")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("User name").fill("staff")
    page.get_by_label("Password").fill("still wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong user name or password")

"""Every page runs under a Content-Security-Policy without 'unsafe-inline', and its scripts work.

The `new_page` fixture fails a test on any CSP violation or script error in any page it
opened; these tests visit every kind of page and use each script: copy buttons, the
token box, the indicator → elements filler, the sort menu, confirmations, the upload form.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from evidence_archive.services import catalog, evidence

from ..conftest import DATA, get_user, make_item, make_set, stage_category
from .conftest import log_in, problems, shot

pytestmark = pytest.mark.browser

# Links the crawl does not follow: downloads, and pages that only redirect.
SKIP = re.compile(r"\.(zip|csv|json|ya?ml)$|[?&]format=|^/f/|^/t/|/export|^/lang/|^/static/|^/api/")
PHOTO = {"activity": "ประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 1/2563", "activity_date": "15/05/2563",
         "venue": "ห้องประชุมสำนักงานเขตพื้นที่การศึกษา"}


def expect(locator):
    from playwright.sync_api import expect as _expect
    return _expect(locator)


@pytest.fixture
def archive(app, indexer):
    """Two published sets in การร่วมวางแผน (an invitation, photos), a draft set, all indexed."""
    first = make_set()
    make_item(app, first)
    make_item(app, first, "activity_photos", PHOTO,
              files=[("ภาพประชุม 1.jpg", "photo-ktpn-1-2563.jpg")])
    second = make_set(title="การประชุม ก.ต.ป.น. ครั้งที่ 2/2563")
    make_item(app, second)
    for published in (first, second):
        evidence.set_status(published, "published", get_user())
    make_set(stage_category("การร่วมดำเนินการ"), title="ฉบับร่างรอเผยแพร่")
    return {"set": first}


def page_kind(path: str) -> str:
    """Group paths that render the same template: numbers and public ids become placeholders."""
    path = re.sub(r"/\d+", "/N", path)
    return re.sub(r"/(s|i)/[\w-]{8,}", r"/\1/ID", path)


def crawl(page, starts: list[str], limit: int = 80) -> list[str]:
    """Open the start pages and every same-site page they link to, once per kind of page.

    A kind is the path with numbers and ids replaced, plus the name of its first query
    parameter (so /s/ID/items/new and /s/ID/items/new?type=… are both seen).
    """
    host = urlsplit(page.url or starts[0]).netloc
    queue, seen, visited = list(starts), set(), []
    while queue and len(visited) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        kind = page_kind(parts.path) + "?" + parts.query.split("=", 1)[0]
        if ((parts.netloc and parts.netloc != host) or kind in seen
                or SKIP.search(f"{parts.path}?{parts.query}".rstrip("?"))):
            continue
        seen.add(kind)
        response = page.goto(url)
        assert response.status < 500, (url, response.status)
        visited.append(parts.path)
        assert not problems(page), problems(page)
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        queue.extend(h.split("#")[0] for h in hrefs)
    return visited


def test_every_page_an_admin_can_open_runs_without_a_csp_violation(archive, page):
    log_in(page, "admin")
    expect(page.get_by_role("button", name="ออกจากระบบ")).to_be_visible()
    set_path = f"/s/{archive['set'].public_id}"
    visited = crawl(page, ["/", "/admin/", set_path, f"{set_path}/edit",
                           f"/i/{archive['set'].items[0].public_id}/edit",
                           f"{set_path}/items/new?type=activity_photos",
                           "/search?q=ประชุม", "/years/2563/links", "/no-such-page"])
    # Each kind of page once: browse, public, edit, admin, search, downloads, errors.
    for expected in ("/", "/admin/", "/admin/users", "/admin/audit", "/admin/trash",
                     "/admin/plugins", "/years/2563/links", "/search", set_path):
        assert expected in visited or expected.rstrip("/") in visited, (expected, visited)
    assert len(visited) >= 25, visited


def test_a_visitor_copies_permanent_links(archive, new_page):
    visitor = new_page()
    visitor.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visitor.goto(f"/s/{archive['set'].public_id}")
    link = visitor.locator("#permalink").input_value()
    visitor.locator(".permalink").get_by_role("button", name="คัดลอก").click()
    expect(visitor.locator(".permalink button")).to_have_text("คัดลอกแล้ว")
    assert visitor.evaluate("navigator.clipboard.readText()") == link

    visitor.goto("/years/2563/links")
    assert visitor.locator("textarea[id^=links-]").evaluate(  # kept off screen by a class
        "box => box.getBoundingClientRect().right <= 0")
    visitor.get_by_role("button", name="คัดลอกทุกลิงก์ของหมวดนี้").click()
    expect(visitor.get_by_role("button", name="คัดลอกแล้ว")).to_have_count(1)
    copied = visitor.evaluate("navigator.clipboard.readText()").splitlines()
    assert sorted(copied) == sorted(visitor.locator("input[id^=link-]").evaluate_all(
        "boxes => boxes.map(b => b.value)"))
    assert len(copied) == 2
    shot(visitor, "links-page")


def test_a_new_token_is_selected_when_its_box_is_focused(archive, page):
    log_in(page, "staff")
    page.goto("/account/tokens")
    page.locator('form [name="name"]').fill("สคริปต์นำเข้า")
    page.locator('form:has([name="name"]) [type="submit"]').click()
    page.wait_for_load_state("load")  # archive.js (deferred) has set up its handlers
    box = page.locator("#secret")
    box.focus()
    assert box.evaluate("b => [b.selectionStart, b.selectionEnd, b.value.length]") == [
        0, len(box.input_value()), len(box.input_value())]


def test_choosing_an_indicator_fills_the_required_elements(archive, page):
    elements = ["คำสั่งแต่งตั้งคณะกรรมการ", "รายงานการประชุม"]
    chosen = catalog.save_indicator(get_user("admin"), 2563, "O99", "ตัวชี้วัดทดลอง",
                                    elements=elements)
    other = catalog.save_indicator(get_user("admin"), 2563, "O98", "ตัวชี้วัดอีกข้อ",
                                   elements=["ภาพกิจกรรม"])
    log_in(page, "admin")
    page.goto("/admin/categories/new?year=2563")
    boxed = page.locator("#f-required_elements")
    expect(boxed).to_have_value("")
    page.locator("#f-indicator_id").select_option(str(chosen.id))
    expect(boxed).to_have_value("\n".join(elements))
    # Text already in the box is never replaced.
    boxed.fill("ของฉันเอง")
    page.locator("#f-indicator_id").select_option(str(other.id))
    expect(boxed).to_have_value("ของฉันเอง")


def test_choosing_another_order_sorts_the_results_at_once(archive, page):
    page.goto("/search?q=ประชุม")
    form = page.locator(".sort-form")
    expect(form.locator(".sort-go")).to_be_hidden()
    values = form.locator("select option").evaluate_all("opts => opts.map(o => o.value)")
    form.locator("select").select_option(values[-1])
    expect(page).to_have_url(re.compile(rf"sort={re.escape(values[-1])}"))
    shot(page, "search-sorted")


def test_moving_an_item_to_the_trash_asks_first(archive, page):
    log_in(page, "staff")
    item = archive["set"].items[0]
    page.goto(f"/i/{item.public_id}/edit")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("form[data-confirm]").last.get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"/i/{item.public_id}/edit$"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("form[data-confirm]").last.get_by_role("button").click()
    expect(page).not_to_have_url(re.compile(r"/edit$"))


def test_the_upload_form_shows_progress_and_puts_errors_beside_their_fields(archive, page):
    log_in(page, "staff")
    page.goto(f"/s/{archive['set'].public_id}/items/new?type=activity_photos")
    page.locator('[name="activity"]').fill(PHOTO["activity"])
    page.locator('[name="venue"]').fill(PHOTO["venue"])
    page.locator('[name="activity_date"]').fill("31/02/2563")  # no such day: the server says so
    page.locator("input[type=file]").set_input_files([
        {"name": "ภาพที่ 1.jpg", "mimeType": "image/jpeg",
         "buffer": (DATA / "photo-ktpn-1-2563.jpg").read_bytes()}])
    expect(page.locator("form progress")).to_have_count(1)
    page.locator(".upload-caption").fill("ผู้อำนวยการเปิดการประชุม")
    shot(page, "upload-chosen")
    page.locator("form[data-upload] [type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page.locator('[data-error-for="activity_date"]')).not_to_be_empty()
    shot(page, "upload-errors")
    page.locator('[name="activity_date"]').fill(PHOTO["activity_date"])
    page.locator("form[data-upload] [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/i/[\w-]+$"))
    expect(page.locator("figcaption")).to_have_text("ผู้อำนวยการเปิดการประชุม")
    shot(page, "photo-item")


def padding_left(locator) -> float:
    return float(locator.evaluate("el => parseFloat(getComputedStyle(el).paddingLeft)"))


def test_category_trees_are_indented_by_depth_without_inline_styles(archive, page):
    log_in(page, "admin")
    for url, row in (("/", ".category-tree li"), ("/years/2563/", ".category-block"),
                     ("/admin/years/2563/categories", ".tree-table tbody td:first-child")):
        page.goto(url)
        rows = page.locator(row)
        depths = [int(d or 0) for d in rows.evaluate_all(
            "rows => rows.map(r => (r.closest('[data-depth]') || r).dataset.depth)")]
        assert 0 in depths and 1 in depths, (url, depths)
        shallow, deep = rows.nth(depths.index(0)), rows.nth(depths.index(1))
        assert padding_left(deep) > padding_left(shallow), url
    shot(page, "admin-categories")

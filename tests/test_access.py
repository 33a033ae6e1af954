"""access.py: who may see a set, an item or a file — the one rule pages, API, search and zips use."""
from __future__ import annotations

import pytest

from evidence_archive import access, exporting
from evidence_archive.archive import archive_of
from evidence_archive.services import evidence, trash
from evidence_archive.textsearch.documents import indexable

from .conftest import get_user, make_item, make_set, stage_category


@pytest.fixture
def published(app):
    """A published set holding a published item with one file, in a seeded category."""
    evidence_set = make_set(stage_category())
    item = make_item(app, evidence_set)
    evidence.set_status(evidence_set, "published", get_user())
    return evidence_set, item, item.files[0]


def rule(target) -> tuple[bool, bool, bool]:
    """(public, seen by staff, in the trash)."""
    return access.is_public(target), access.may_see(target, drafts=True), access.in_trash(target)


def test_published_all_the_way_is_public(published):
    for target in published:
        assert rule(target) == (True, True, False)


def test_a_draft_item_is_for_staff_only_and_so_are_its_files(app, published):
    evidence_set, item, item_file = published
    evidence.set_status(item, "draft", get_user())
    assert rule(evidence_set) == (True, True, False)
    assert rule(item) == rule(item_file) == (False, True, False)
    assert not access.may_see(item_file, drafts=False)


def test_an_unpublished_set_hides_its_published_items(app, published):
    evidence_set, item, item_file = published
    evidence.set_status(evidence_set, "draft", get_user())
    evidence.set_status(item, "published", get_user())  # the item alone cannot be public
    assert rule(item) == rule(item_file) == (False, True, False)


@pytest.mark.parametrize("trashed", ["file", "item", "set", "category"])
def test_the_trash_hides_a_thing_and_all_it_holds_from_everyone(app, published, trashed):
    evidence_set, item, item_file = published
    holder = {"file": item_file, "item": item, "set": evidence_set,
              "category": evidence_set.category}[trashed]
    trash.trash(holder, get_user("admin"))
    hidden = {"file": [item_file], "item": [item, item_file],
              "set": [evidence_set, item, item_file],
              "category": [evidence_set, item, item_file]}[trashed]
    for target in hidden:
        assert rule(target) == (False, False, True), target
    assert indexable(item) == (trashed == "file")  # the index holds what is not in the trash


def test_zips_and_search_hits_follow_the_same_rule(app, published):
    evidence_set, item, _ = published
    draft = make_item(app, evidence_set)
    assert [i.id for i in exporting.included_items(evidence_set, include_drafts=False)] == [item.id]
    assert {i.id for i in exporting.included_items(evidence_set, include_drafts=True)} == {
        item.id, draft.id}
    trash.trash(draft, get_user("admin"))
    assert [i.id for i in exporting.included_items(evidence_set, include_drafts=True)] == [item.id]


def test_a_category_is_never_public_on_its_own(app):
    category = stage_category()
    assert not access.is_public(category) and not access.in_trash(category)
    assert archive_of(app).types  # the app is whole: the rule needs no request


def test_only_archive_rows_have_a_rule():
    with pytest.raises(TypeError, match="not a set, item, file or category"):
        access.holders("/etc/passwd")

"""Who may see a set, an item or a file: one rule for pages, the API, search and exports.

A thing is *in the trash* when it, or anything holding it (a file's item, an
item's set, a set's categories up to the root), was moved there.  It is
*public* when it is not in the trash and it and everything holding it is
published.  Anyone may see what is public; staff and admins also see drafts;
what is in the trash only admins see, through the trash pages — never here.
The search index holds exactly what is not in the trash, each document marked
public or draft by the same rule.
"""
from __future__ import annotations

from .models import Category, EvidenceItem, EvidenceSet, ItemFile


def holders(target) -> list:
    """What holds `target`, innermost first, up to its root category."""
    if isinstance(target, ItemFile):
        return [target.item, *holders(target.item)]
    if isinstance(target, EvidenceItem):
        return [target.evidence_set, *holders(target.evidence_set)]
    if isinstance(target, EvidenceSet):
        return list(reversed(target.category.path))
    if isinstance(target, Category):
        return list(reversed(target.path))[1:]
    raise TypeError(f"not a set, item, file or category: {target!r}")


def in_trash(target) -> bool:
    """Tell whether `target` or anything holding it is in the trash."""
    return target.is_deleted or any(h.is_deleted for h in holders(target))


def is_public(target) -> bool:
    """Tell whether anyone, signed in or not, may see this set, item or file."""
    if isinstance(target, Category):
        return False  # categories are browsed by year, not published one by one
    published = [t for t in (target, *holders(target)) if not isinstance(t, (Category, ItemFile))]
    return not in_trash(target) and all(t.is_published for t in published)


def may_see(target, drafts: bool) -> bool:
    """Tell whether a viewer may see `target`: `drafts` for staff and admins."""
    return not in_trash(target) and (drafts or is_public(target))

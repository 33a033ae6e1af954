"""`evidence-archive reindex`, `index check` and `search`: the search index from the command line."""
from __future__ import annotations

import dataclasses
import json
import re
from html import unescape

import click
from flask.cli import with_appcontext

from .. import search
from ..archive import archive_of
from . import searching
from .query import SORTS, SearchRequest


def _indexer():
    indexer = archive_of().indexer
    if indexer is None:
        raise click.ClickException("search is not configured (the archive has no indexer)")
    return indexer


@click.command("reindex")
@click.option("--procs", type=click.IntRange(1, 64), default=None,
              help="Processes that analyse text (default: the CPUs, at most 4).")
@with_appcontext
def reindex_command(procs: int | None):
    """Rebuild the search index from the database; searches keep working meanwhile."""
    def progress(done: int, total: int) -> None:
        click.echo(f"\r{done}/{total} items read", nl=False, err=True)

    report = _indexer().rebuild(progress=progress, procs=procs)
    click.echo("", err=True)
    click.echo(f"Indexed {report.documents} items in {report.seconds:.1f} s "
               f"({report.per_second:.0f} items/s, {report.procs} processes).")


@click.group("index")
def index_group():
    """Inspect the search index."""


@index_group.command("check")
@click.option("--fix", is_flag=True, help="Re-read the items that differ and correct the index.")
@with_appcontext
def index_check(fix: bool):
    """Compare the search index with the database: missing, extra and wrong-status items."""
    indexer = _indexer()
    queued = search.pending_items()  # read first: what the index then lacks is drift
    report = indexer.check()
    click.echo(f"{report.documents} items in the index, in {report.segments} "
               f"segment{'' if report.segments == 1 else 's'}.")
    if queued:
        click.echo(f"{len(queued)} items have changes queued for the index (the background "
                   "worker or the next change applies them; searches leave them out meanwhile).")
    for label, ids in (("missing from the index", report.missing),
                       ("in the index but not (or trashed) in the database", report.extra),
                       ("public/draft differs", report.wrong_status)):
        if ids:
            click.echo(f"  {label}: {', '.join(map(str, ids))}"
                       + (" (some queued)" if queued & set(ids) else ""))
    if report.ok or not set(report.drifted) - queued:
        click.echo("The index is in step with the database"
                   + (", but for the queued changes." if queued else "."))
        return
    if not fix:
        raise click.ClickException("the index and the database differ (see above; --fix repairs)")
    indexer.update(report.drifted)
    again = indexer.check()
    if not again.ok:
        raise click.ClickException("some differences remain; try `evidence-archive reindex`")
    click.echo(f"Index fixed {len(report.drifted)} items.")


def _plain(snippet: str) -> str:
    """Turn a snippet's HTML into terminal text, matches in [brackets]."""
    return unescape(re.sub(r"</?mark>", lambda m: "]" if m.group().startswith("</") else "[",
                           snippet))


@click.command("search")
@click.argument("query", default="")
@click.option("--drafts", is_flag=True,
              help="Find drafts too, as staff do on the web page (default: published only; "
                   "the output says how many drafts also match).")
@click.option("--type", "type_", default=None, help="Evidence type key or Thai name.")
@click.option("--year", default=None, help="Fiscal year, พ.ศ. or ค.ศ.")
@click.option("--category", default=None, help="Category id or name.")
@click.option("--set", "set_", default=None, help="Evidence set public id.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, searching.MAX_PER_PAGE), default=20,
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@with_appcontext
def search_command(query, drafts, type_, year, category, set_, sort, page, per_page, as_json):
    """Search the archive as the web page does, e.g. `search 'ประชุม year:2563'`.

    Published items only, as a visitor sees them, unless --drafts (as staff see them)."""
    _indexer()
    request = SearchRequest(q=query, type=type_, year=year, category=category, set=set_,
                            sort=sort, page=page, per_page=per_page)
    result = searching.search(request, viewer_can_see_drafts=drafts)
    if as_json:
        data = dataclasses.asdict(result)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    for error in result.errors:
        click.echo(f"! {error}", err=True)
    click.echo(f"{result.total} found (page {result.page} of {max(result.pages, 1)}).")
    if not drafts:  # the web page shows staff their drafts too: say what was left out
        with_drafts = searching.search(dataclasses.replace(request, page=1, per_page=1),
                                       viewer_can_see_drafts=True)
        if with_drafts.total > result.total:
            click.echo(f"{with_drafts.total - result.total} more among drafts, not shown "
                       "(add --drafts to see them).")
    for hit in result.hits:
        draft = "" if hit.status == "public" else " [draft]"
        click.echo(f"\n{hit.title}{draft}  ({hit.score:.2f})")
        click.echo(f"  {hit.type_name} · อ้างอิงชุด {hit.set_number} · {hit.category_path} · {hit.year}")
        click.echo(f"  {hit.url}")
        if hit.snippet:
            click.echo(f"  {_plain(hit.snippet)}")
    for suggestion in result.suggestions:
        click.echo(f"\nDid you mean: {suggestion}")


COMMANDS = (reindex_command, index_group, search_command)

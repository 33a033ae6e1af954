"""The `evidence-archive` command: Flask's CLI with the archive's own commands."""
from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

import click
import yaml
from flask import current_app
from flask.cli import FlaskGroup, NoAppException, with_appcontext
from sqlalchemy import select

from . import hookspecs
from .archive import archive_of
from .db import SchemaError, db, describe, head_revision, schema_state, upgrade
from .errors import ArchiveError
from .models import ROLES, ApiToken, User
from .services import catalog, plugin_states, users
from .scaffold import new_plugin_command
from .textsearch import commands as search_commands
from .textsearch import PYTHAINLP_FOLDER, extraction


LISTING = "evidence_archive.listing_commands"


def _fail(exc: ArchiveError):
    details = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
    raise click.ClickException(f"{exc.message}" + (f" ({details})" if details else ""))


def _instance_path() -> Path:
    return Path(os.environ.get("EVIDENCE_ARCHIVE_INSTANCE") or Path.cwd() / "instance")


def has_instance(instance: Path) -> bool:
    """Tell whether an archive is set up in `instance` (its config.py, or a secret in the env)."""
    return (instance / "config.py").is_file() or bool(os.environ.get("EVIDENCE_ARCHIVE_SECRET_KEY"))


def _create_app():
    """Build the app for the command being run; only `init` may set up a new instance."""
    from . import create_app
    from .config import write_instance_config
    instance = _instance_path()
    context = click.get_current_context(silent=True)
    if context is not None and context.command is init_command:
        write_instance_config(instance)  # the first command on a fresh machine, on purpose
    elif not has_instance(instance):
        raise NoAppException(f"no archive in {instance}: run `evidence-archive init` to set one "
                             "up there, or set EVIDENCE_ARCHIVE_INSTANCE to its instance folder")
    try:
        return create_app(instance_path=str(instance), check_schema=not _migrating())
    except SchemaError as exc:  # the database is older (or newer) than the code
        raise click.ClickException(str(exc)) from None


class ArchiveGroup(FlaskGroup):
    """Flask's command group: lists the commands where there is no archive, checks no schema to list."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        if not has_instance(_instance_path()):
            # Building the app would need an archive; `--help` must not create one.
            return sorted(self.commands)
        ctx.meta[LISTING] = True
        try:
            return super().list_commands(ctx)  # the plugins' commands too
        finally:
            ctx.meta[LISTING] = False


@click.group(cls=ArchiveGroup, create_app=_create_app, add_version_option=False)
def main():
    """ITA Evidence Archive (คลังหลักฐาน ITA).

    Commands other than `init` and `plugins new` need an archive: the instance
    folder is ./instance, or EVIDENCE_ARCHIVE_INSTANCE.
    """


@click.command("init")
@click.option("--admin", "admin_name", default="admin", show_default=True, help="Admin user name.")
@click.option("--year", "year", default=None,
              help="First assessment year (BE, CE or Thai digits); default: the current fiscal year.")
@with_appcontext
def init_command(admin_name: str, year: str | None):
    """Set up the instance: database schema, catalog, agency, first year, admin. Safe to run again."""
    from datetime import date
    from .thai import fiscal_year_of

    _upgrade("head")
    count = catalog.seed_catalog()
    agency = catalog.get_agency()
    if not catalog.years():
        try:
            catalog.create_year(year if year is not None else fiscal_year_of(date.today()))
        except ArchiveError as exc:
            _fail(exc)
    click.echo(f"Agency: {agency.name}; indicator rows: {count}; "
               f"years: {', '.join(str(y.year) for y in catalog.years())}")
    if db.session.scalar(select(User).where(User.role == "admin")) is None:
        password = os.environ.get("EVIDENCE_ARCHIVE_ADMIN_PASSWORD")
        generated = not password
        password = password or secrets.token_urlsafe(12)
        try:
            users.create_user(admin_name, password, "admin", "ผู้ดูแลระบบ")
        except ArchiveError as exc:
            _fail(exc)
        click.echo(f"Created admin account {admin_name!r}.")
        if generated:
            click.echo(f"  Generated password (shown once, write it down): {password}")
    archive_of().store.make_folders()
    plugins = Path(current_app.config["PLUGINS_FOLDER"])
    plugins.mkdir(parents=True, exist_ok=True)
    (Path(current_app.instance_path) / PYTHAINLP_FOLDER).mkdir(exist_ok=True)  # not ~/pythainlp-data
    click.echo(f"Instance: {current_app.instance_path}")
    click.echo(f"Uploads:  {current_app.config['UPLOAD_FOLDER']}")
    click.echo(f"Plugins:  {plugins} (a plugin's .py file or package dropped here loads at the next start)")


# --------------------------------------------------------------------------- database

@click.group("db")
def db_group():
    """Migrate the database schema (ฐานข้อมูล): upgrade, current, history, revision."""


def _migrating() -> bool:
    """Tell whether the app is made to migrate (or to list commands): no old schema is refused."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get(LISTING):
        return True
    while ctx is not None:
        if ctx.command in (init_command, db_group):
            return True
        ctx = ctx.parent
    return False


def _upgrade(revision: str) -> None:
    try:
        before, after = upgrade(current_app._get_current_object(), revision)
    except SchemaError as exc:
        raise click.ClickException(str(exc)) from None
    if before.revision == after:
        click.echo(f"Database schema: at revision {after}, nothing to do.")
    else:
        origin = "made before migrations" if before.before_migrations else before.revision or "empty"
        click.echo(f"Database schema: upgraded from {origin} to revision {after}.")


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str):
    """Upgrade the database schema to the code's (or to REVISION). Back the database up first."""
    _upgrade(revision)


@db_group.command("current")
@click.option("--check", is_flag=True, help="Exit with 1 unless the database is at the code's revision.")
@with_appcontext
def db_current(check: bool):
    """Show the database's schema revision and the code's."""
    with db.engine.connect() as connection:
        state = schema_state(connection)
    click.echo(f"database: {state.revision or '-'}  code: {head_revision()}")
    click.echo(describe(state))
    if check and state.revision != head_revision():
        raise click.exceptions.Exit(1)


@db_group.command("history")
def db_history():
    """List the schema migrations, newest first."""
    from .db import revisions
    for script in revisions():
        click.echo(f"{script.revision}  {script.doc}")


@db_group.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
@click.option("--empty", is_flag=True, help="Write an empty migration to fill in by hand.")
def db_revision(message: str, empty: bool):
    """Write a new migration from the models' differences with the migrated schema (developers)."""
    from .db import new_revision
    path = new_revision(message, autogenerate=not empty)
    click.echo(f"Wrote {path}: read it, fix it where needed, and test it (docs/architecture.md).")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=lambda: min(2 * (os.cpu_count() or 1) + 1, 8), type=int,
              help="Web processes (default: 2 per CPU + 1, at most 8).")
@click.option("--threads", default=8, show_default=True, type=int, help="Threads per web process.")
@click.option("--timeout", default=120, show_default=True, type=int,
              help="Seconds a web process may stay silent before it is replaced.")
@click.option("--no-background", is_flag=True,
              help="Do not start the background worker (run `evidence-archive worker` yourself).")
@with_appcontext
def serve_command(host: str, port: int, workers: int, threads: int, timeout: int,
                  no_background: bool):
    """Serve the archive: gunicorn web processes and the background worker."""
    from .server import serve
    for engine in db.engines.values():
        engine.dispose()  # each web process opens its own connections, never the master's
    click.echo(f"Serving on http://{host}:{port} ({workers} processes × {threads} threads"
               + (")" if no_background else ", and the background worker)"))
    serve(Path(current_app.instance_path), host, port, workers, threads, timeout,
          background=not no_background)


@click.command("worker")
@click.option("--max-memory", "max_rss_mb", default=1024, show_default=True, type=int,
              help="MiB of memory after which the worker exits with 75 to be started afresh.")
@with_appcontext
def worker_command(max_rss_mb: int):
    """Run the background work: text and previews of uploads, the search index queue, sweeps.

    `serve` starts one and restarts it when it exits; run it yourself (under
    systemd, say) when the web processes are served some other way.
    """
    from .server import run_background
    sys.exit(run_background(current_app._get_current_object(), max_rss_mb))


# --------------------------------------------------------------------------- users

@click.group("users")
def users_group():
    """Manage accounts."""


@users_group.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="staff", show_default=True)
@click.option("--name", "display_name", default="", help="Display name (Thai is fine).")
@click.option("--password", envvar="EVIDENCE_ARCHIVE_NEW_PASSWORD", default=None,
              help="Password; generated and printed once when omitted.")
@with_appcontext
def users_create(username, role, display_name, password):
    """Create an account."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    try:
        user = users.create_user(username, password, role, display_name)
    except ArchiveError as exc:
        _fail(exc)
    click.echo(f"Created {user.username} ({user.role}).")
    if generated:
        click.echo(f"  Password (shown once): {password}")


@users_group.command("list")
@with_appcontext
def users_list():
    """List accounts."""
    for u in db.session.scalars(select(User).order_by(User.username)):
        state = "active" if u.active else "disabled"
        click.echo(f"{u.username:20} {u.role:9} {state:9} {u.display_name}")


def _user(username: str) -> User:
    user = users.get_by_username(username)
    if user is None:
        raise click.ClickException(f"no such user: {username}")
    return user


@users_group.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
@with_appcontext
def users_set_role(username, role):
    """Change an account's role."""
    try:
        users.update_user(_user(username), None, role=role)
    except ArchiveError as exc:
        _fail(exc)
    click.echo(f"{username} is now {role}.")


@users_group.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Enable the account again instead.")
@with_appcontext
def users_disable(username, enable):
    """Disable (or with --enable, re-enable) an account; its history stays."""
    try:
        users.update_user(_user(username), None, active=enable)
    except ArchiveError as exc:
        _fail(exc)
    click.echo(f"{username} {'enabled' if enable else 'disabled'}.")


# --------------------------------------------------------------------------- tokens

@click.group("tokens")
def tokens_group():
    """Manage API tokens."""


@tokens_group.command("create")
@click.argument("username")
@click.option("--name", default="", help="What the token is for.")
@with_appcontext
def tokens_create(username, name):
    """Create an API token for an active user and print it once."""
    try:
        token, secret = users.create_token(_user(username), name)
    except ArchiveError as exc:
        _fail(exc)
    click.echo(f"Token {token.id} for {username}: {secret}")


@tokens_group.command("list")
@click.argument("username", required=False)
@with_appcontext
def tokens_list(username):
    """List API tokens, USERNAME's or everyone's: id, user, name, prefix, dates; never secrets."""
    tokens = users.list_tokens(_user(username) if username else None)
    click.echo(f"{'ID':>5}  {'USER':20} {'NAME':24} {'PREFIX':12} {'CREATED (UTC)':16} "
               f"{'LAST USED':16} REVOKED")
    for t in tokens:
        click.echo(f"{t.id:>5}  {t.user.username:20} {t.name or '-':24} {t.prefix + '…':12} "
                   f"{_when(t.created_at):16} {_when(t.last_used_at):16} {_when(t.revoked_at)}")
    if not tokens:
        click.echo("No tokens.")


def _when(moment) -> str:
    """Write a stored UTC time as "YYYY-MM-DD HH:MM" (UTC), or "-"."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


@tokens_group.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def tokens_revoke(token_id):
    """Revoke an API token by its id."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise click.ClickException(f"no such token: {token_id}")
    users.revoke_token(token)
    click.echo(f"Token {token_id} revoked.")


# --------------------------------------------------------------------------- plugins

@click.group("plugins")
def plugins_group():
    """Inspect plugins and switch them off or on (ปลั๊กอิน)."""


def _plugin_state(info, off_next: set[str]) -> str:
    """Describe a plugin's state now and, if it differs, from the next start."""
    state = "DISABLED" if info.disabled else ("ERROR: " + info.error if info.error else "ok")
    if (info.name in off_next) != info.disabled:
        state += f" ({'disabled' if info.name in off_next else 'enabled'} from the next start)"
    return state


@plugins_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def plugins_list(as_json):
    """List plugins: name, version, source, hook version, hooks, types, state and problems.

    Exits with status 1 when any plugin that is not disabled has a problem
    (it failed to load, a hook raised, a type was refused), so CI notices.
    """
    infos = sorted(archive_of().plugins.infos.values(),
                   key=lambda i: i.name)
    off_next = plugin_states.disabled_from_next_start()
    if as_json:
        click.echo(json.dumps([{**vars(i), "disabled_from_next_start": i.name in off_next}
                               for i in infos], ensure_ascii=False, indent=2))
    else:
        for i in infos:
            _echo_plugin(i, off_next)
    failing = [i.name for i in infos if i.error and not i.disabled]
    if failing:
        click.echo(f"{len(failing)} plugin(s) with problems: {', '.join(failing)}", err=True)
        click.get_current_context().exit(1)


def _echo_plugin(info, off_next: set[str]) -> None:
    """Print one plugin's lines of `plugins list`."""
    hook_version = info.hook_version if info.hook_version is not None else "-"
    withheld = f" (not registered: {', '.join(info.withheld)})" if info.withheld else ""
    click.echo(f"{info.name} {info.version or '-'}  [{_plugin_state(info, off_next)}]  "
               f"from {info.source}")
    click.echo(f"    hook version: {hook_version}; hooks: {', '.join(info.hooks) or '-'}; "
               f"types: {', '.join(info.types) or '-'}{withheld}")
    for problem in info.problems[1:]:
        click.echo(f"    problem: {problem}")


def _switch_plugin(name: str, disabled: bool) -> None:
    try:
        changed = plugin_states.set_disabled(name, disabled, via="cli")
    except ArchiveError as exc:
        _fail(exc)
    word = "disabled" if disabled else "enabled"
    if not changed:
        click.echo(f"{name} is already {word}.")
        return
    click.echo(f"{name} {word}. Takes effect when the archive starts again "
               f"(restart `evidence-archive serve`) — {plugin_states.TAKES_EFFECT}")


@plugins_group.command("disable")
@click.argument("name")
@with_appcontext
def plugins_disable(name):
    """Switch a plugin off without uninstalling it (from the next start)."""
    _switch_plugin(name, True)


@plugins_group.command("enable")
@click.argument("name")
@with_appcontext
def plugins_enable(name):
    """Switch a disabled plugin on again (from the next start)."""
    _switch_plugin(name, False)


# --------------------------------------------------------------------------- categories

@click.group("categories")
def categories_group():
    """Export and import category trees."""


@categories_group.command("export")
@click.argument("year")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
@with_appcontext
def categories_export(year, fmt, output):
    """Export a year's category tree as YAML or JSON."""
    from .services.category_io import export_tree
    try:
        row = catalog.get_year(catalog.parse_year(year))
    except ArchiveError as exc:
        _fail(exc)
    if row is None:
        raise click.ClickException(f"no assessment year {year}")
    data = export_tree(row)
    if fmt == "json":
        output.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        output.write(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    if output is not sys.stdout and getattr(output, "name", "-") != "<stdout>":
        click.echo(f"Exported the {row.year} category tree to {output.name}.", err=True)


@categories_group.command("import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option("--year", default=None, help="Import into this year instead of the file's.")
@with_appcontext
def categories_import(source, year):
    """Merge a category tree (YAML or JSON) into a year, creating the year if needed.

    A category whose name is already under the same parent in that year is
    kept as it is (with its sets) and only its missing sub-categories are
    added, so importing the same file again changes nothing.
    """
    from .services.category_io import import_tree, parse
    try:
        result = import_tree(parse(source.read()), year)
    except ArchiveError as exc:
        _fail(exc)
    if not result.added:
        click.echo(f"Nothing to import: all {result.existing} categories are already in "
                   f"{result.year}.")
        return
    kept = f" ({result.existing} already there, kept as they are)" if result.existing else ""
    click.echo(f"Imported {result.added} categories into {result.year}{kept}.")


@click.command("previews")
@with_appcontext
def previews_command():
    """Make the missing previews of stored files (after installing a preview plugin)."""
    from .previews import make_missing
    made, asked = make_missing()
    click.echo(f"Made {made} previews of {asked} files that had none.")


@click.command("check")
@click.option("--checksums", is_flag=True, help="Re-hash every file (reads everything).")
@click.option("--fix", is_flag=True, help="Remove what crashed processes left: files no row uses, "
                                          "dead uploads in tmp/ (never a file a row uses); "
                                          "and expired API idempotency keys.")
@with_appcontext
def check_command(checksums: bool, fix: bool):
    """Check that every file record has its file on disk, and every file its record."""
    from .services import idempotency
    from .services.blobs import sweep
    from .services.integrity import check
    if fix:
        swept = sweep()
        click.echo(f"Removed {len(swept.blobs)} files without a record, {swept.thumbs} orphan "
                   f"thumbnails and {swept.tmp} dead uploads.")
        click.echo(f"Removed {idempotency.sweep()} expired idempotency keys.")
    report = check(verify_checksums=checksums)
    click.echo(f"{report.blobs} stored files checked.")
    for label, rows in (("missing on disk", report.missing), ("wrong size", report.wrong_size),
                        ("checksum mismatch", report.corrupt),
                        ("on disk without a record", report.unreferenced)):
        for sha in rows:
            click.echo(f"  {label}: {sha}")
    if report.dead_uploads:
        click.echo(f"  dead uploads in tmp/: {report.dead_uploads}")
    if not report.ok:
        fixable = not (report.missing or report.wrong_size or report.corrupt)
        raise click.ClickException("the archive and its files disagree (see above"
                                   + ("; --fix removes the leftovers)" if fixable else ")"))
    click.echo("All good.")


COMMANDS = (init_command, db_group, serve_command, worker_command, check_command, extraction.extract_command,
            *search_commands.COMMANDS, users_group, tokens_group, plugins_group,
            categories_group, previews_command)


def init_app(app) -> None:
    """Add the archive's commands, then the plugins' (``register_commands``), to `app.cli`."""
    for command in COMMANDS:
        app.cli.add_command(command)
    _add_plugin_commands(app)


def _add_plugin_commands(app) -> None:
    """Let each plugin add commands; one that replaces another's command is reported and undone."""
    plugins = archive_of(app).plugins
    owners = dict.fromkeys(app.cli.commands, "the archive")
    kept = dict(app.cli.commands)
    for name, _ in plugins.call_each(hookspecs.register_commands, every=True, cli=app.cli, app=app):
        for command, owner in owners.items():
            if app.cli.commands.get(command) is not kept[command]:
                plugins.report(name, f"register_commands: the command {command!r} belongs to "
                                     f"{owner}; {name}'s was not added")
                app.cli.commands[command] = kept[command]
        added = {c: v for c, v in app.cli.commands.items() if c not in owners}
        owners.update(dict.fromkeys(added, name))
        kept.update(added)

# The archive's own commands are registered on `main` too, so that `--help` lists them
# without an archive; each builds the app only when it runs (with_appcontext), and
# `plugins new`, which writes a plugin package, needs none.
plugins_group.add_command(new_plugin_command)
for _command in COMMANDS:
    main.add_command(_command)

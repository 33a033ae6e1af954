"""Build the plugin manager, call hooks safely, and gather what plugins register, per app.

Every hook call of the archive goes through :meth:`Plugins.call_each` or
:meth:`Plugins.call_first`: each implementation is called alone, in pluggy's
order, so a plugin that raises is reported (``PluginInfo.problems``, the
plugins page, ``plugins list``, the log) and skipped while the others go on.
With ``EVIDENCE_ARCHIVE_TRACE_HOOKS=1`` each call is logged with its plugin
and how long it took.
"""
from __future__ import annotations

import importlib.util
import logging
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Callable, Iterator

import pluggy
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from . import hookspecs
from .db import db
from .models import EvidenceItem
from .types import TypeRegistry, declared_types, resolve_claims

ENTRY_POINT_GROUP = "evidence_archive"
TRACE_VARIABLE = "EVIDENCE_ARCHIVE_TRACE_HOOKS"
MAX_PROBLEMS = 20  # per plugin: a hook failing on every request must not grow memory
_PACKAGE_DIR = str(Path(__file__).resolve().parent) + os.sep


@dataclass
class PluginInfo:
    """What the archive knows about one loaded (or failed, or disabled) plugin."""

    name: str
    version: str = ""
    source: str = ""  # "entry point (<dist>)" or the file it was loaded from
    hooks: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    error: str = ""  # the first problem; the plugin may have been skipped for it
    disabled: bool = False
    hook_version: int | None = None  # what the plugin declares it was written for
    problems: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)  # types declared but not registered

    def report(self, message: str) -> None:
        """Note a problem of this plugin (each distinct message once)."""
        if not self.error:
            self.error = message
        if message not in self.problems and len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)


@dataclass
class FirstResult:
    """The answer of a firstresult hook: its value, the plugin that gave it, who failed first."""

    value: Any = None
    plugin: str = ""
    errors: list[str] = field(default_factory=list)


class Plugins:
    """One app's plugin manager, its plugins' descriptions and its evidence types."""

    def __init__(self, pm: pluggy.PluginManager, infos: dict[str, PluginInfo],
                 logger: logging.Logger | None = None, trace: bool = False,
                 config_disabled: frozenset[str] = frozenset()):
        self.pm = pm
        self.infos = infos
        self.types = TypeRegistry()
        self.logger = logger or logging.getLogger(__name__)
        self.trace = trace
        self.config_disabled = config_disabled  # DISABLED_PLUGINS: only the config turns them on

    @property
    def problems(self) -> list[str]:
        """Every problem of every plugin, as "name: problem"."""
        return [f"{i.name}: {p}" for i in self.infos.values()
                for p in (i.problems or ([i.error] if i.error else []))]

    def report(self, name: str, message: str, log: bool = True) -> None:
        """Put a problem on a plugin's description (and, unless logged already, in the log)."""
        if log:
            self.logger.error("plugin %s: %s", name, message)
        self.infos.setdefault(name, PluginInfo(name)).report(message)

    # ------------------------------------------------------------------ the safe call path

    def implementations(self, hook_name: str, firstresult: bool | None = None) -> list[pluggy.HookImpl]:
        """Return a hook's implementations in the order pluggy calls them.

        pluggy keeps them as trylast, the others oldest first, tryfirst, and
        calls them from the end.  No wrapper is among them: a plugin with one is
        not loaded (``_Loader.register``: each implementation is called alone).
        With `firstresult`, check that the hook's spec says the same: a hook
        whose answers are all wanted must not be asked for the first only.
        """
        caller = getattr(self.pm.hook, hook_name, None)
        if caller is None or caller.spec is None:
            raise LookupError(f"no hook named {hook_name!r} in hookspecs")
        if firstresult is not None and bool(caller.spec.opts.get("firstresult")) != firstresult:
            way = "call_first" if firstresult else "call_each"
            raise TypeError(f"hook {hook_name} is {'not ' if firstresult else ''}firstresult: "
                            f"not for {way}")
        return list(reversed(caller.get_hookimpls()))

    def _call(self, impl: pluggy.HookImpl, hook_name: str, kwargs: dict,
              report: bool) -> tuple[bool, Any, str]:
        """Call one implementation; return (ok, result, "name: error" or "")."""
        name = self.pm.get_name(impl.plugin) or repr(impl.plugin)
        started = time.perf_counter()
        try:
            result = impl.function(**{a: kwargs[a] for a in impl.argnames if a in kwargs})
        except Exception as exc:  # noqa: BLE001 - a plugin may raise anything
            problem = f"{type(exc).__name__}: {exc}"
            self._traced(hook_name, name, started, f"raised {problem}")
            if report:
                self.logger.error("plugin %s failed in %s", name, hook_name, exc_info=True)
                self.infos.setdefault(name, PluginInfo(name)).report(f"{hook_name}: {problem}")
            else:  # the problem is the input's (one unreadable file), noted by the caller
                self.logger.warning("plugin %s failed in %s: %s", name, hook_name, problem,
                                    exc_info=True)
            return False, None, f"{name}: {problem}"
        self._traced(hook_name, name, started, "None" if result is None else "a result")
        return True, result, ""

    def _traced(self, hook_name: str, name: str, started: float, outcome: str) -> None:
        if self.trace:
            self.logger.info("hook %s: plugin %s took %.1f ms, returned %s", hook_name, name,
                             (time.perf_counter() - started) * 1000, outcome)

    def call_each(self, hook: Callable, report: bool = True, every: bool = False,
                  **kwargs) -> Iterator[tuple[str, Any]]:
        """Call every implementation of a hook alone; yield (plugin name, result) of each answer.

        Answers of None are left out, as pluggy does, unless `every` is true:
        then each implementation is yielded after its call, whatever happened
        (for hooks that act rather than answer, such as ``register_commands``).
        A plugin that raises is reported and skipped, so one broken plugin
        never stops the others.  `hook` is the spec in :mod:`hookspecs`
        (``hookspecs.extra_search_fields``), so a misspelt hook fails where it is written.
        """
        hook_name = _hook_name(hook)
        for impl in self.implementations(hook_name, firstresult=False):
            ok, result, _error = self._call(impl, hook_name, kwargs, report)
            if every or (ok and result is not None):
                yield self.pm.get_name(impl.plugin), result

    def call_first(self, hook: Callable, report: bool = True, **kwargs) -> FirstResult:
        """Ask the implementations of a firstresult hook in turn; the first non-None answer wins.

        A plugin that raises is reported (unless `report` is false: then only
        logged, for failures that belong to the input rather than the plugin)
        and the next one is asked; `errors` lists who failed before the answer.
        """
        hook_name = _hook_name(hook)
        errors: list[str] = []
        for impl in self.implementations(hook_name, firstresult=True):
            ok, result, error = self._call(impl, hook_name, kwargs, report)
            if not ok:
                errors.append(error)
            elif result is not None:
                return FirstResult(result, self.pm.get_name(impl.plugin), errors)
        return FirstResult(None, "", errors)

    # ------------------------------------------------------------------ evidence types

    def collect_types(self, app) -> None:
        """Ask every plugin for its evidence types and register them, all or nothing per plugin.

        Who gets a key never depends on the order plugins were loaded in: a
        plugin with any problem in its types registers none of them, and of
        healthy plugins claiming one key the one whose items are stored under
        it keeps it, else none does (:func:`evidence_archive.types.resolve_claims`).
        """
        loaded = {name: i for i, (name, _plugin) in enumerate(self.pm.list_name_plugin())}
        answers = sorted(self.call_each(hookspecs.register_evidence_types, app=app),
                         key=lambda answer: loaded.get(answer[0], len(loaded)))
        claims = {name: declared_types(returned) for name, returned in answers}
        resolution = resolve_claims(claims, lambda keys: stored_type_owners(app, keys))
        self.types = resolution.registry
        for name, problems in resolution.problems.items():
            for problem in problems:
                self.report(name, problem)
        for name, keys in resolution.withheld.items():
            self.infos.setdefault(name, PluginInfo(name)).withheld = keys
        for etype in self.types:
            self.infos.setdefault(etype.plugin, PluginInfo(etype.plugin)).types.append(etype.key)


def stored_type_owners(app, keys: set[str]) -> dict[str, dict[str, int]]:
    """Return {type key: {plugin: number of items}} for the items stored under `keys`.

    The plugin is the one named in each item's type snapshot, the plugin
    that registered the type when the item was saved; trashed items count.
    """
    if "sqlalchemy" not in app.extensions:
        return {}
    plugin = EvidenceItem.type_snapshot["plugin"].as_string()
    query = (select(EvidenceItem.type_key, plugin, func.count())
             .where(EvidenceItem.type_key.in_(sorted(keys)))
             .group_by(EvidenceItem.type_key, plugin))
    try:
        with app.app_context():
            rows = db.session.execute(query).all()
    except SQLAlchemyError:  # no database yet, or it is away: nobody has items
        app.logger.exception("could not read which plugins' items are stored")
        return {}
    owners: dict[str, dict[str, int]] = {}
    for key, name, count in rows:
        owners.setdefault(key, {})[name or ""] = count
    return owners


# --------------------------------------------------------------------------- loading

def _hook_name(hook: Callable) -> str:
    """The name of a hook given by its spec function in :mod:`hookspecs`."""
    if getattr(hookspecs, getattr(hook, "__name__", ""), None) is not hook:
        raise TypeError(f"call a hook by its spec in hookspecs, not {hook!r}")
    return hook.__name__


def _where(exc: BaseException) -> str:
    """Name the plugin's own line that raised, e.g. " (at my_plugin.py line 12)"."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not f.filename.startswith(("<", _PACKAGE_DIR))
              and "importlib" not in f.filename and "pluggy" not in f.filename]
    if not frames:
        return ""
    return f" (at {Path(frames[-1].filename).name} line {frames[-1].lineno})"


def _declared_hook_version(module) -> tuple[int | None, str]:
    """Return (the hook version a plugin declares or None, a problem or "")."""
    declared = getattr(module, hookspecs.HOOK_VERSION_ATTRIBUTE, None)
    if declared is None:
        return None, ""
    if isinstance(declared, bool) or not isinstance(declared, int) or declared < 1:
        return None, (f"{hookspecs.HOOK_VERSION_ATTRIBUTE} must be a whole number from 1, "
                      f"not {declared!r}; not loaded")
    if declared > hookspecs.HOOK_VERSION:
        return declared, (f"written for hook version {declared}, but this archive has hook "
                          f"version {hookspecs.HOOK_VERSION}: upgrade evidence-archive to use "
                          "it; not loaded")
    return declared, ""


class _Loader:
    """Register plugins into one manager, describing each (and why it is missing)."""

    def __init__(self, pm: pluggy.PluginManager, logger: logging.Logger, disabled: set[str]):
        self.pm, self.logger, self.disabled = pm, logger, disabled
        self.infos: dict[str, PluginInfo] = {}

    def failed(self, info: PluginInfo, exc: BaseException, what: str) -> None:
        self.logger.error("could not load plugin %s from %s", info.name, what, exc_info=exc)
        info.report(f"could not be loaded: {type(exc).__name__}: {exc}{_where(exc)}")

    def register(self, info: PluginInfo, module) -> None:
        """Register a loaded module, unless it needs a newer hook version than ours."""
        info.version = str(getattr(module, "__version__", "") or info.version)
        info.hook_version, problem = _declared_hook_version(module)
        if problem:
            self.logger.error("plugin %s: %s", info.name, problem)
            info.report(problem)
            return
        try:
            self.pm.register(module, name=info.name)
        except (pluggy.PluginValidationError, ValueError) as exc:  # a bad signature, a taken name
            self.logger.error("plugin %s: %s", info.name, exc)
            info.report(f"not loaded: {exc}")
            return
        wrappers = sorted(impl.function.__name__ for caller in self.pm.get_hookcallers(module) or ()
                          for impl in caller.get_hookimpls()
                          if impl.plugin is module and (impl.hookwrapper or impl.wrapper))
        if wrappers:  # each implementation is called alone: a wrapper would never run
            problem = (f"not loaded: hook wrappers are not supported ({', '.join(wrappers)}); "
                       "the archive calls each implementation alone — drop wrapper=True")
            self.logger.error("plugin %s: %s", info.name, problem)
            info.report(problem)
            self.pm.unregister(module)

    def entry_points(self) -> None:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            dist = ep.dist.name if ep.dist else ""
            info = PluginInfo(ep.name, ep.dist.version if ep.dist else "", f"entry point ({dist})")
            self.infos[ep.name] = info
            if ep.name in self.disabled:
                info.disabled = True
                continue
            try:
                module = ep.load()
            except Exception as exc:  # noqa: BLE001 - report any import failure
                self.failed(info, exc, ep.value)
                continue
            self.register(info, module)

    def folder(self, folder: Path) -> None:
        """Register each .py file or package dropped into the instance plugins folder."""
        if not folder.is_dir():
            return
        for path in sorted(folder.iterdir()):
            target = path / "__init__.py" if path.is_dir() else path
            if path.name.startswith(("_", ".")) or not target.is_file() or target.suffix != ".py":
                continue
            name = path.stem
            info = PluginInfo(name, source=str(path))
            if name in self.infos:  # an installed plugin has this name: keep it, report this one
                info.name = name = f"{name} ({path.name})"
                info.report(f"an installed plugin is already called {path.stem}; "
                            f"rename {path.name}")
            self.infos[name] = info
            if info.error:
                continue
            if name in self.disabled:
                info.disabled = True
                continue
            module_name = f"evidence_archive_local_plugins.{name}"
            try:
                spec = importlib.util.spec_from_file_location(
                    module_name, target,
                    submodule_search_locations=[str(path)] if path.is_dir() else None)
                module = importlib.util.module_from_spec(spec)
                sys.modules[module_name] = module
                spec.loader.exec_module(module)
            except Exception as exc:  # noqa: BLE001
                sys.modules.pop(module_name, None)
                self.failed(info, exc, str(path))
                continue
            self.register(info, module)

    def extra(self, modules) -> None:
        """Register plugins the app was given directly (EXTRA_PLUGINS, tests)."""
        for module in modules:
            name = getattr(module, "__name__", repr(module))
            info = self.infos[name] = PluginInfo(name, source="registered by the app")
            self.register(info, module)

    def check_pending(self) -> None:
        """Unregister each plugin implementing a hook we do not have (a misspelled name)."""
        while True:
            try:
                self.pm.check_pending()
                return
            except pluggy.PluginValidationError as exc:
                name = self.pm.get_name(exc.plugin) or repr(exc.plugin)
                self.logger.error("plugin %s: %s", name, exc)
                self.infos.setdefault(name, PluginInfo(name)).report(f"not loaded: {exc}")
                self.pm.unregister(plugin=exc.plugin)


def _trace_on(app) -> bool:
    value = app.config.get("TRACE_HOOKS") or os.environ.get(TRACE_VARIABLE, "")
    return str(value).strip().lower() not in ("", "0", "false", "no", "off")


def get_plugins(app, extra: tuple = (), switched_off: frozenset[str] = frozenset()) -> Plugins:
    """Build the plugin manager for `app`: entry points, the plugins folder, then `extra`.

    Plugins named in ``DISABLED_PLUGINS`` or `switched_off` (by an admin, read
    from the database by the caller: ``plugin_states.stored_disabled``) are
    listed but not loaded.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    config_disabled = frozenset(app.config.get("DISABLED_PLUGINS") or ())
    loader = _Loader(pm, app.logger, set(config_disabled) | set(switched_off))
    if app.config.get("LOAD_ENTRY_POINT_PLUGINS", True):
        loader.entry_points()
    loader.folder(Path(app.config["PLUGINS_FOLDER"]))
    loader.extra(extra)
    loader.check_pending()
    for name, plugin in pm.list_name_plugin():
        loader.infos[name].hooks = sorted(h.name for h in (pm.get_hookcallers(plugin) or []))
    plugins = Plugins(pm, loader.infos, app.logger, _trace_on(app), config_disabled)
    plugins.collect_types(app)
    return plugins
